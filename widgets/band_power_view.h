// SPDX-License-Identifier: GPL-3.0-or-later
// Band power at two zoom levels (the paper's Fig. 2 and Fig. 3): (a) the low/mid/high shares of
// every head of the selected layer as stacked bars (a click on a bar selects that head); (b) the
// band shares across layers, mean +- std over the heads of each layer (a click selects the layer,
// keeping the head index). Both panels are in one QCustomPlot, so a figure export has both.
//
//   BandPowerView view;
//   view.setSnapshot(snapshot);
//   connect(&view, &HeadView::headSelected, ...);
#pragma once

#include <array>

#include "widgets/head_view.h"

class QCPAxisRect;
class QCPBars;
class QCPErrorBars;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;

namespace headwave {

class BandPowerView : public HeadView {
    Q_OBJECT
public:
    explicit BandPowerView(QWidget* parent = nullptr);
    ~BandPowerView() override;

    QCustomPlot* plot() const { return m_plot; }
    // Panel (a): the heads of the shown layer; band b = 0 (low), 1 (mid), 2 (high), in %.
    QCPAxisRect* headsRect() const { return m_headsRect; }
    QCPBars* bars(int band) const { return m_bars[static_cast<std::size_t>(band)]; }
    // Panel (b): per layer, mean (graph) and std (error bars) of each band's share, in %.
    QCPAxisRect* layersRect() const { return m_layersRect; }
    QCPGraph* layerGraph(int band) const { return m_lines[static_cast<std::size_t>(band)]; }
    QCPErrorBars* layerErrors(int band) const { return m_errors[static_cast<std::size_t>(band)]; }
    // The layer panel (a) shows: the selected one, or layer 0 before anything is selected.
    int shownLayer() const;
    // The panels' titles, unwrapped (drawn wrapped to the plot's width).
    QString headsTitle() const;
    QString layersTitle() const;
    // The legend's tooltip for band 0, 1 or 2: its name and edges in r.
    QString bandToolTip(int band) const;
    // The band of the legend item under a widget-relative pixel of plot(), or -1.
    int legendBandAt(const QPointF& pixel) const;

    // The head of panel (a) or the layer of panel (b) under a widget-relative pixel of plot().
    bool headAt(const QPointF& pixel, int& head) const;
    bool layerAt(const QPointF& pixel, int& layer) const;

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;

private:
    void rebuild();
    void rebuildHeads();
    void rebuildLayers();
    void updateLayerMarker();
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_headsTitle = nullptr;
    QCPTextElement* m_layersTitle = nullptr;
    QString m_headsText;
    QString m_layersText;
    QCPAxisRect* m_headsRect = nullptr;
    QCPAxisRect* m_layersRect = nullptr;
    std::array<QCPBars*, 3> m_bars{};
    std::array<QCPGraph*, 3> m_lines{};
    std::array<QCPErrorBars*, 3> m_errors{};
    QCPItemRect* m_headFrame = nullptr;
    QCPItemStraightLine* m_layerMarker = nullptr;
};

}  // namespace headwave
