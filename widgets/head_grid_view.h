// SPDX-License-Identifier: GPL-3.0-or-later
// The head grid: every head of a sequence as a layers x heads cell coloured by one metric, with a
// colour scale and hover values. A click or the arrow keys select a head (headSelected); the
// selection is drawn as a frame. Renders an immutable SequenceMetrics snapshot.
//
// The colour-by list is the metric catalogue's families marked uses.headGrid, in catalogue
// order (a series, such as the scale sensitivity, at its first column), then rho over sequences
// while a corpus run is shown, then the head map's class while one is given (setHeadClasses). Each
// item's data is its key: the family's (MetricFamily::key, so "scale_sensitivity_a{alpha}" for a
// series) or kRhoKey.
//
//   HeadGridView grid;
//   grid.setMetrics(snapshot);   // std::shared_ptr<const SequenceMetrics>
//   grid.setSnapshot(analysis);  // or the whole AnalysisSnapshot: adds rho for a corpus run
//   grid.setMetric(QStringLiteral("spectral_entropy"));
//   connect(&grid, &HeadGridView::headSelected, ...);
#pragma once

#include <QString>
#include <QWidget>
#include <memory>

#include <vector>

#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/run/snapshots.h"
#include "widgets/color_maps.h"

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QMouseEvent;

namespace headwave {

class HeadGridView : public QWidget {
    Q_OBJECT
public:
    explicit HeadGridView(QWidget* parent = nullptr);
    ~HeadGridView() override;

    // A null snapshot clears the grid. The selection is kept when it still exists.
    void setMetrics(std::shared_ptr<const SequenceMetrics> metrics);
    const std::shared_ptr<const SequenceMetrics>& metrics() const { return m_metrics; }
    // The metrics of an AnalysisSnapshot, plus what only it has: the settings that name a series's
    // first column ("Scale sensitivity α = 0.5") and, for a corpus run, rho per head (kRhoKey is
    // offered only then).
    void setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot);
    // The head map's k-means classes of the shown heads ([layers * heads], index layer * heads +
    // head, in 0..k-1): offered as kHeadMapClassKey, coloured as the head map colours them.
    // Empty removes the item.
    void setHeadClasses(std::vector<int> classes, int k);
    static constexpr const char* kHeadMapClassKey = "head_map_class";

    // Whether the grid offers this key now (rho needs a corpus run).
    bool isMetricAvailable(const QString& key) const;

    // Colours by the metric with this key (an item's data); a key not offered is ignored.
    void setMetric(const QString& key);
    QString currentMetric() const { return m_metric; }  // (metric() is QPaintDevice's)
    void setColorMap(ColorMap map);

    // Selects a head without emitting headSelected (linked selection from other views).
    void setSelectedHead(int layer, int head);
    int selectedLayer() const { return m_layer; }
    int selectedHead() const { return m_head; }

    // The head under a widget-relative pixel of plot(), or false when outside the grid.
    bool headAt(const QPointF& plotPixel, int& layer, int& head) const;
    // The centre of a head's cell in plot() pixels.
    QPointF cellCenter(int layer, int head) const;

    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colorMap() const { return m_map; }

Q_SIGNALS:
    void headSelected(int layer, int head);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void setMetricsOnly(std::shared_ptr<const SequenceMetrics> metrics);
    void updateMetricItems();
    double cellValue(int layer, int head) const;
    void rebuild();
    void updateSelectionFrame();
    void select(int layer, int head);
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);

    std::shared_ptr<const SequenceMetrics> m_metrics;
    std::vector<double> m_rho;   // [layers * heads] of the corpus run, or empty
    std::vector<int> m_classes;  // [layers * heads] head-map classes, or empty
    int m_classCount = 0;
    MetricLayout m_layout;  // the snapshot's columns; empty when only metrics were given
    QString m_metric;       // an item's key
    const MetricFamily* m_family = nullptr;  // m_metric's family; nullptr for rho
    ColorMap m_colorMap = ColorMap::Viridis;
    int m_layer = -1;
    int m_head = -1;
    QComboBox* m_metricBox = nullptr;
    QComboBox* m_colorBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPItemRect* m_frame = nullptr;
};

}  // namespace headwave
