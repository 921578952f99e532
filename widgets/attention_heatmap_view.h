// SPDX-License-Identifier: GPL-3.0-or-later
// The attention heatmap of one head: queries down, keys across, each axis labelled with the tokens'
// text; linear or logarithmic colour; zoom with the wheel and pan by dragging, back to the whole
// matrix by double-click or the context menu.
//
//   AttentionHeatmapView view;
//   view.setAttention(std::make_shared<const HeadAttention>(...));
#pragma once

#include <QWidget>
#include <memory>

#include "headwave/run/snapshots.h"
#include "widgets/color_maps.h"

class QCheckBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QLabel;
class QMouseEvent;

namespace headwave {

class AttentionHeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmapView(QWidget* parent = nullptr);
    ~AttentionHeatmapView() override;

    // A null snapshot clears the view.
    void setAttention(std::shared_ptr<const HeadAttention> attention);
    // No attention, and why (what it waits for, or why there is none): the view says so instead
    // of showing another head's attention.
    void setMessage(const QString& message);
    QString message() const;
    // Back to the whole matrix after zooming or panning (also: double-click, context menu).
    void resetZoom();
    const std::shared_ptr<const HeadAttention>& attention() const { return m_attention; }

    // Logarithmic colour shows the small weights of long-range attention; zeros (the causal
    // mask) are then drawn as "no value".
    void setLogColor(bool log);
    bool logColor() const { return m_log; }
    void setColorMap(ColorMap map);

    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colorMap() const { return m_map; }

    // The axis label of a token ("Once", "␣upon", "↵").
    static QString tokenLabel(const std::string& text);

private:
    void rebuild();
    void showContextMenu(const QPoint& pos);
    void updateLabelStep();
    void onMouseMove(QMouseEvent* event);

    std::shared_ptr<const HeadAttention> m_attention;
    QString m_message;  // shown when there is no attention
    bool m_log = false;
    int m_labelStep = 0;  // every k-th token is labelled (0 = not computed yet)
    ColorMap m_colorMap = ColorMap::Viridis;
    QLabel* m_title = nullptr;
    QCheckBox* m_logBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
};

}  // namespace headwave
