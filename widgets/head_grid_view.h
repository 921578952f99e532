// The head grid: every head of a sequence as a layers x heads cell coloured by one metric, with a
// colour scale and hover values. A click or the arrow keys select a head (headSelected); the
// selection is drawn as a frame. Renders an immutable SequenceMetrics snapshot.
//
//   HeadGridView grid;
//   grid.setMetrics(snapshot);   // std::shared_ptr<const SequenceMetrics>
//   grid.setSnapshot(analysis);  // or the whole AnalysisSnapshot: adds rho for a corpus run
//   connect(&grid, &HeadGridView::headSelected, ...);
#pragma once

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

// The per-head numbers the grid can colour by (named as in docs/method.md).
enum class HeadMetric {
    BandLow,            // share of spectral power in the low band, [0, 1]
    BandMid,            // ... mid band, [0, 1]
    BandHigh,           // ... high band, [0, 1]
    Selectivity,        // max P / (sum P - max P), dimensionless
    SpectralEntropy,    // nats
    PositionalEntropy,  // nats
    LocalShare,         // mean attention mass within the local window, [0, 1]
    LocalGlobalRatio,   // localShare / (1 - localShare); +inf is drawn as NaN
    ScaleSensitivity,   // S(alpha) of the first alpha of the settings, 1 - cos, in [0, 2]
    Rho,  // Pearson rho of (H_p, H_s) over a corpus run's sequences, [-1, 1]; corpus runs only
};

inline constexpr int kHeadMetricCount = 10;

// A translated name with its unit ("Spectral entropy (nats)").
QString headMetricName(HeadMetric metric);
// The metric of one head; non-finite values come back as NaN. Rho is not a HeadMetrics field
// (it comes from the corpus summary): NaN here.
double headMetricValue(const HeadMetrics& m, HeadMetric metric);

class HeadGridView : public QWidget {
    Q_OBJECT
public:
    explicit HeadGridView(QWidget* parent = nullptr);
    ~HeadGridView() override;

    // A null snapshot clears the grid. The selection is kept when it still exists.
    void setMetrics(std::shared_ptr<const SequenceMetrics> metrics);
    const std::shared_ptr<const SequenceMetrics>& metrics() const { return m_metrics; }
    // The metrics of an AnalysisSnapshot, plus what only it has: the alpha of the scale
    // sensitivity and, for a corpus run, rho per head (HeadMetric::Rho is offered only then).
    void setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot);
    // Whether the metric can be chosen now (Rho needs a corpus run).
    bool isMetricAvailable(HeadMetric metric) const;

    void setMetric(HeadMetric metric);
    HeadMetric currentMetric() const { return m_metric; }  // (metric() is QPaintDevice's)
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
    std::vector<double> m_rho;  // [layers * heads] of the corpus run, or empty
    QString m_sensitivityName;  // with the alpha when known
    HeadMetric m_metric = HeadMetric::BandLow;
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
