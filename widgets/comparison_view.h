// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison workspace's views (issue 15): a head grid per source on one colour scale and a
// difference grid per further source (source − first, diverging map, symmetric about 0), the
// per-layer band shares of every source overlaid, the uncertainty scatters overlaid (a colour per
// source), the selected head's spectrum in each source overlaid, the `compare` table, and a banner
// that flags settings that differ and shapes matched by relative depth. Renders an immutable
// Comparison (headwave/run/comparison.h) and computes nothing: every value drawn is the
// comparison's, or a source snapshot's own (the scatter's entropies, the spectra).
//
//   ComparisonView view;
//   view.setComparison(comparison);            // std::shared_ptr<const Comparison>
//   view.setMetric(QStringLiteral("spectral_entropy"));
//   connect(&view, &ComparisonView::headSelected, ...);   // a click on any grid or point
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "headwave/run/comparison.h"

class QComboBox;
class QEvent;
class QCPAxisRect;
class QCPColorMap;
class QCPGraph;
class QCPItemRect;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QTableWidget;

namespace headwave {

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);
    ~ComparisonView() override;

    // A null comparison clears every view. The selection is kept when it still exists.
    void setComparison(ComparisonPtr comparison);
    const ComparisonPtr& comparison() const { return m_comparison; }

    // Colours the grids by the comparison's metric with this key (ComparisonMetric::key).
    void setMetric(const QString& key);
    QString currentMetric() const { return m_metric; }

    // Selects a reference head (layer, head of the first source) without emitting headSelected.
    void setSelectedHead(int layer, int head);
    int selectedLayer() const { return m_layer; }
    int selectedHead() const { return m_head; }

    // What is drawn, for tests, the benchmark and the figure export.
    QLabel* banner() const { return m_banner; }
    int gridCount() const { return static_cast<int>(m_grids.size()); }
    // Grid i: i < S is source i's values; i >= S is the difference of source i - S + 1 to the
    // first.
    QCustomPlot* gridPlot(int i) const { return m_grids[static_cast<std::size_t>(i)].plot; }
    QCPColorMap* gridMap(int i) const { return m_grids[static_cast<std::size_t>(i)].map; }
    QCustomPlot* bandPlot() const { return m_bandPlot; }
    QCPGraph* bandGraph(int source, int band) const;
    QCustomPlot* scatterPlot() const { return m_scatterPlot; }
    QCPGraph* scatterGraph(int source) const;
    QCPGraph* scatterSelection() const { return m_scatterSelection; }
    QCustomPlot* spectrumPlot() const { return m_spectrumPlot; }
    QCPGraph* spectrumGraph(int source) const;
    QTableWidget* table() const { return m_table; }
    // Every plot of the workspace, in figure-set order, with a file stem for each.
    std::vector<std::pair<QString, QCustomPlot*>> figures() const;

    // Replots every plot now.
    void replotAll();
    // What a selection changes, redrawn now: the grids' frames and the scatter's rings (their
    // own buffered layers) and the spectra. A click does this; the band shares do not change.
    void replotSelection();

Q_SIGNALS:
    void headSelected(int layer, int head);

protected:
    void changeEvent(QEvent* event) override;  // the theme's palette reaches every plot

private:
    struct Grid {
        QCustomPlot* plot = nullptr;
        QCPColorMap* map = nullptr;
        QCPItemRect* frame = nullptr;
    };

    void rebuild();
    void rebuildGrids();
    void rebuildBands();
    void rebuildScatter();
    void rebuildTable();
    void updateBanner();
    void updateSelection();
    void clearGrids();
    void onGridPress(QCustomPlot* plot, QMouseEvent* event);
    void onScatterPress(QMouseEvent* event);
    QString sourceLabel(int source) const;

    ComparisonPtr m_comparison;
    QString m_metric = QStringLiteral("spectral_entropy");
    int m_layer = -1;
    int m_head = -1;
    QLabel* m_banner = nullptr;
    QComboBox* m_metricBox = nullptr;
    QWidget* m_gridRow = nullptr;
    std::vector<Grid> m_grids;
    QCustomPlot* m_bandPlot = nullptr;
    std::vector<QCPAxisRect*> m_bandRects;             // [3]
    std::vector<std::vector<QCPGraph*>> m_bandGraphs;  // [S][3]
    QCustomPlot* m_scatterPlot = nullptr;
    std::vector<QCPGraph*> m_scatterGraphs;  // [S]
    QCPGraph* m_scatterSelection = nullptr;
    QCustomPlot* m_spectrumPlot = nullptr;
    std::vector<QCPGraph*> m_spectrumGraphs;  // [S]
    QTableWidget* m_table = nullptr;
};

}  // namespace headwave
