// SPDX-License-Identifier: GPL-3.0-or-later
// The position-spectrum "uncertainty" scatter (the paper's Fig. 4): positional entropy H_p
// against spectral entropy H_s, one point per head coloured by layer, with the correlation rho
// written on the plot. For a corpus run, "per sequence" shows one point per head and sequence.
// A click on a point selects its head; the selected head is ringed.
//
//   UncertaintyScatterView view;
//   view.setSnapshot(snapshot);
//   connect(&view, &HeadView::headSelected, ...);
#pragma once

#include <vector>

#include "widgets/color_maps.h"
#include "widgets/head_view.h"

class QCheckBox;
class QCPColorScale;
class QCPCurve;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;

namespace headwave {

class UncertaintyScatterView : public HeadView {
    Q_OBJECT
public:
    explicit UncertaintyScatterView(QWidget* parent = nullptr);
    ~UncertaintyScatterView() override;

    // One point per head and sequence of snapshot()->run (only for a corpus run).
    void setPerSequence(bool perSequence);
    bool perSequence() const { return m_perSequence; }
    bool perSequenceAvailable() const;

    void setColorMap(ColorMap map);

    QCustomPlot* plot() const { return m_plot; }
    // The points of one layer, in order: head h (per head) or sequence s, head h at s * heads + h.
    QCPCurve* layerCurve(int layer) const;
    // The ring(s) around the selected head.
    QCPCurve* selectionCurve() const { return m_selection; }
    QCPTextElement* rhoLabel() const { return m_rhoLabel; }
    QCPColorScale* colorScale() const { return m_scale; }

    // The head of the point nearest to a widget-relative pixel of plot(), within a radius of
    // about one line height; false when none is that close.
    bool headAt(const QPointF& pixel, int& layer, int& head) const;

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;

private:
    struct Point {
        double x = 0;  // H_p, nats
        double y = 0;  // H_s, nats
        int layer = 0;
        int head = 0;
        int sequence = -1;  // -1: the per-head value
    };

    void rebuild();
    void updateSelection();
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    const Point* pointAt(const QPointF& pixel) const;

    bool m_perSequence = false;
    ColorMap m_colorMap = ColorMap::Viridis;
    std::vector<Point> m_points;
    std::vector<QCPCurve*> m_curves;  // [layers]
    QCheckBox* m_perSequenceBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPCurve* m_selection = nullptr;
    QCPTextElement* m_rhoLabel = nullptr;
};

}  // namespace headwave
