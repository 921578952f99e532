// SPDX-License-Identifier: GPL-3.0-or-later
// The db2 DWT scalogram of the selected head (docs/method.md §7): position across, one row per
// coefficient array (cA_J at the bottom up to cD_1, the finest detail, at the top), each row
// labelled with its approximate band of normalised frequency; the head's profile a(t) above it
// on the same position axis. A DWT scalogram, not a CWT: the title says so.
//
//   ScalogramView view;
//   view.setSnapshot(snapshot);
//   view.setSelectedHead(1, 3);
#pragma once

#include <memory>

#include "widgets/color_maps.h"
#include "widgets/head_view.h"

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;

namespace headwave {

class ScalogramPlot;

class ScalogramView : public HeadView {
    Q_OBJECT
public:
    explicit ScalogramView(QWidget* parent = nullptr);
    ~ScalogramView() override;

    void setColorMap(ColorMap map);

    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colorMap() const;
    QCPColorScale* colorScale() const { return m_scale; }
    QCPGraph* profileGraph() const { return m_profile; }
    QCPAxisRect* scalogramRect() const { return m_scalogramRect; }
    QString title() const;  // unwrapped (drawn wrapped to the plot's width)
    // The scalogram's rows, labels and tooltips.
    const ScalogramPlot& scalogram() const { return *m_scalogram; }

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;

private:
    void rebuild();
    void onMouseMove(QMouseEvent* event);

    ColorMap m_colorMap = ColorMap::Viridis;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QString m_titleText;  // unwrapped
    QCPAxisRect* m_profileRect = nullptr;
    QCPAxisRect* m_scalogramRect = nullptr;
    QCPGraph* m_profile = nullptr;
    QCPColorScale* m_scale = nullptr;
    std::unique_ptr<ScalogramPlot> m_scalogram;
};

}  // namespace headwave
