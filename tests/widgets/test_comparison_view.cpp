// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison workspace's views (widgets/comparison_view.h) fed two known snapshots: every grid
// cell is the source's value of its matched head, the difference grid is B − A, the band shares,
// the scatter points, the spectra and the table are the comparison's and the snapshots' own
// numbers, settings that differ put a banner up, a click selects everywhere. Saves screenshots
// into the build tree (HEADWAVE_SCREENSHOT_DIR) for a human to look at.
#include <qcustomplot.h>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <cmath>

#include "headwave/run/comparison.h"
#include "synthetic_snapshot.h"
#include "widgets/comparison_view.h"

using namespace headwave;

namespace {

// Source B: the same tokens, other heads (each profile blended with its neighbour head's and a
// uniform floor), analysed by the engine like A, so every metric and spectrum differs.
std::shared_ptr<AnalysisSnapshot> otherSnapshot(int layers, MethodSettings settings = {}) {
    using namespace synthetic;
    auto s = std::make_shared<AnalysisSnapshot>();
    s->settings = settings;
    const int level = dwtMaxLevel(kTokens);
    auto m = std::make_shared<SequenceMetrics>();
    m->shape = {layers, kHeads, kTokens};
    m->level = level;
    HeadAnalyzer analyzer(s->settings, level);
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            std::vector<double> a = profile(l % kLayers, h);
            const std::vector<double> b = profile(l % kLayers, (h + 1) % kHeads);
            for (std::size_t t = 0; t < a.size(); ++t) {
                a[t] = 0.6 * a[t] + 0.3 * b[t] + 0.1 / kTokens;
            }
            HeadDetail detail;
            m->heads.push_back(analyzer.analyzeProfile(a.data(), kTokens, &detail).value());
            s->details.push_back(detail);
        }
    }
    s->metrics = m;
    s->sourceName = "B";
    return s;
}

ComparisonPtr compare(AnalysisPtr a, AnalysisPtr b) {
    auto c = compareAnalyses({{"rope", std::move(a)}, {"nope", std::move(b)}});
    return c ? c.value() : nullptr;
}

bool saveScreenshot(QWidget& widget, const QString& name) {
    const QString path = QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/%1.png").arg(name);
    return widget.grab().save(path);
}

}  // namespace

class TestComparisonView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gridsDrawTheSourcesValuesAndTheDifference();
    void bandsScatterSpectraAndTableAreTheComparisons();
    void differentSettingsPutUpABanner();
    void differentShapesAreMatchedByRelativeDepth();
    void aClickSelectsEverywhere();
    void threeSourcesHaveTwoDifferenceGrids();
    void aNewPaletteReachesEveryPlot();
};

void TestComparisonView::gridsDrawTheSourcesValuesAndTheDifference() {
    const auto a = synthetic::snapshot();
    const auto b = otherSnapshot(synthetic::kLayers);
    const ComparisonPtr c = compare(a, b);
    QVERIFY(c);
    ComparisonView view;
    view.resize(1400, 900);
    view.setComparison(c);
    view.show();
    QVERIFY(!view.banner()->isVisible());
    QCOMPARE(view.gridCount(), 3);  // A, B, B − A
    for (const char* key : {"spectral_entropy", "band_low", "positional_entropy"}) {
        view.setMetric(QString::fromLatin1(key));
        const MetricFamily* f = findMetricFamily(key);
        for (int l = 0; l < synthetic::kLayers; ++l) {
            for (int h = 0; h < synthetic::kHeads; ++h) {
                const double va = f->value(a->metrics->at(l, h));
                const double vb = f->value(b->metrics->at(l, h));
                QCOMPARE(view.gridMap(0)->data()->cell(h, l), va);
                QCOMPARE(view.gridMap(1)->data()->cell(h, l), vb);
                QCOMPARE(view.gridMap(2)->data()->cell(h, l), vb - va);
            }
        }
        // one colour scale for A and B; the difference symmetric about 0
        const ComparisonMetric& m = c->metrics[static_cast<std::size_t>(c->metricIndex(key))];
        QCOMPARE(view.gridMap(0)->dataRange(), view.gridMap(1)->dataRange());
        QCOMPARE(view.gridMap(0)->dataRange().lower, m.low);
        QCOMPARE(view.gridMap(0)->dataRange().upper, m.high);
        QCOMPARE(view.gridMap(2)->dataRange().lower, -m.maxAbsDifference);
        QCOMPARE(view.gridMap(2)->dataRange().upper, m.maxAbsDifference);
    }
    view.setMetric(QStringLiteral("spectral_entropy"));
    view.setSelectedHead(1, 1);
    view.replotAll();
    QVERIFY(saveScreenshot(view, QStringLiteral("comparison_view")));
}

void TestComparisonView::bandsScatterSpectraAndTableAreTheComparisons() {
    const auto a = synthetic::snapshot();
    const auto b = otherSnapshot(synthetic::kLayers);
    const ComparisonPtr c = compare(a, b);
    ComparisonView view;
    view.setComparison(c);
    view.setSelectedHead(2, 1);
    for (int s = 0; s < 2; ++s) {
        const AnalysisSnapshot& src = s == 0 ? *a : *b;
        for (int band = 0; band < 3; ++band) {
            QCPGraph* g = view.bandGraph(s, band);
            QVERIFY(g);
            QCOMPARE(g->data()->size(), synthetic::kLayers);
            for (int l = 0; l < synthetic::kLayers; ++l) {
                QCOMPARE(g->data()->at(l)->key, static_cast<double>(l));
                QCOMPARE(g->data()->at(l)->value,
                         100.0 * c->bandMean[static_cast<std::size_t>(s)][static_cast<std::size_t>(
                                     band)][static_cast<std::size_t>(l)]);
            }
        }
        QCPGraph* scatter = view.scatterGraph(s);
        QCOMPARE(scatter->data()->size(), synthetic::kLayers * synthetic::kHeads);
        // QCPGraph keeps its data sorted by key: look each head's point up by (x, y)
        for (const HeadMetrics& hm : src.metrics->heads) {
            bool found = false;
            for (auto it = scatter->data()->constBegin(); it != scatter->data()->constEnd(); ++it) {
                found =
                    found || (it->key == hm.positionalEntropy && it->value == hm.spectralEntropy);
            }
            QVERIFY(found);
        }
        // the selected head's spectrum in each source, every positive power as drawn
        const HeadDetail& d = *src.detail(2, 1);
        QCPGraph* spectrum = view.spectrumGraph(s);
        int k = 0;
        for (std::size_t i = 0; i < d.power.size(); ++i) {
            if (d.power[i] > 0) {
                QCOMPARE(spectrum->data()->at(k)->key, d.frequency[i]);
                QCOMPARE(spectrum->data()->at(k)->value, d.power[i]);
                ++k;
            }
        }
        QCOMPARE(spectrum->data()->size(), k);
        // the selection ring of each source: its matched head's entropies
        QVERIFY(view.scatterSelection()->data()->size() == 2);
    }
    // the compare table as the engine made it
    const Table& t = c->tables.front();
    QCOMPARE(view.table()->rowCount(), static_cast<int>(t.rows.size()));
    QCOMPARE(view.table()->columnCount(), static_cast<int>(t.header.size()));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        for (std::size_t col = 0; col < t.header.size(); ++col) {
            QCOMPARE(view.table()->item(static_cast<int>(r), static_cast<int>(col))->text(),
                     QString::fromStdString(t.rows[r][col]));
        }
    }
    QCOMPARE(view.table()->item(1, 0)->text(), QStringLiteral("nope"));
}

void TestComparisonView::differentSettingsPutUpABanner() {
    MethodSettings other;
    other.bandLowEdge = 0.2;
    const ComparisonPtr c =
        compare(synthetic::snapshot(), otherSnapshot(synthetic::kLayers, other));
    QVERIFY(c && c->settingsDiffer());
    ComparisonView view;
    view.resize(1400, 900);
    view.setComparison(c);
    view.show();
    QVERIFY(view.banner()->isVisible());
    QVERIFY(view.banner()->text().contains(QStringLiteral("band_edges")));
    QVERIFY(view.banner()->text().contains(QStringLiteral("[0.2,0.75]")));
    QVERIFY(saveScreenshot(view, QStringLiteral("comparison_view_settings")));
    // the same pair with equal settings: no banner
    view.setComparison(compare(synthetic::snapshot(), otherSnapshot(synthetic::kLayers)));
    QVERIFY(!view.banner()->isVisible());
}

void TestComparisonView::differentShapesAreMatchedByRelativeDepth() {
    const auto a = synthetic::snapshot();  // 3 layers
    const auto b = otherSnapshot(5);       // 5 layers: layer l of A -> round(2 l) of B
    const ComparisonPtr c = compare(a, b);
    QVERIFY(c && c->matching == HeadMatching::ByRelativeDepth);
    ComparisonView view;
    view.setComparison(c);
    const MetricFamily* f = findMetricFamily("spectral_entropy");
    for (int l = 0; l < synthetic::kLayers; ++l) {
        for (int h = 0; h < synthetic::kHeads; ++h) {
            QCOMPARE(view.gridMap(1)->data()->cell(h, l), f->value(b->metrics->at(2 * l, h)));
            QCOMPARE(view.gridMap(2)->data()->cell(h, l),
                     f->value(b->metrics->at(2 * l, h)) - f->value(a->metrics->at(l, h)));
        }
    }
    QVERIFY(view.banner()->text().contains(QStringLiteral("relative depth")));
    // band shares over relative depth: B's 5 layers at 0, 0.25, ..., 1
    QCOMPARE(view.bandGraph(1, 0)->data()->size(), 5);
    QCOMPARE(view.bandGraph(1, 0)->data()->at(1)->key, 0.25);
    view.resize(1400, 900);
    view.show();
    view.setSelectedHead(2, 3);
    view.replotAll();
    QVERIFY(saveScreenshot(view, QStringLiteral("comparison_view_shapes")));
}

void TestComparisonView::aClickSelectsEverywhere() {
    ComparisonView view;
    view.resize(1400, 900);
    view.setComparison(compare(synthetic::snapshot(), otherSnapshot(synthetic::kLayers)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.replotAll();
    QSignalSpy spy(&view, &ComparisonView::headSelected);
    QCustomPlot* diff = view.gridPlot(2);
    const QPoint at(static_cast<int>(diff->xAxis->coordToPixel(3)),
                    static_cast<int>(diff->yAxis->coordToPixel(2)));
    QTest::mouseClick(diff, Qt::LeftButton, {}, at);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 2);
    QCOMPARE(spy.at(0).at(1).toInt(), 3);
    QCOMPARE(view.selectedLayer(), 2);
    QCOMPARE(view.selectedHead(), 3);
    QVERIFY(view.spectrumGraph(0)->name().contains(QStringLiteral("2:3")));
    // Only the selection layers were redrawn: the frame must show at the new head all the same.
    view.repaint();
    QVERIFY(saveScreenshot(view, QStringLiteral("comparison_view_clicked")));
    const QImage shot = diff->grab().toImage();
    const QPoint edge(static_cast<int>(diff->xAxis->coordToPixel(2.5)),
                      static_cast<int>(diff->yAxis->coordToPixel(2)));
    QCOMPARE(shot.pixelColor(edge * shot.devicePixelRatio()), QColor(Qt::black));
}

void TestComparisonView::threeSourcesHaveTwoDifferenceGrids() {
    const auto a = synthetic::snapshot();
    const auto b = otherSnapshot(synthetic::kLayers);
    MethodSettings padded;
    padded.padding = SpectrumPadding::Four;
    const auto c = otherSnapshot(synthetic::kLayers, padded);
    auto cmp = compareAnalyses({{"A", a}, {"B", b}, {"C", c}});
    QVERIFY(cmp.ok());
    ComparisonView view;
    view.resize(1400, 1000);
    view.setComparison(cmp.value());
    view.show();
    QCOMPARE(view.gridCount(), 5);  // A, B, C, B − A, C − A
    const MetricFamily* f = findMetricFamily("spectral_entropy");
    for (int l = 0; l < synthetic::kLayers; ++l) {
        for (int h = 0; h < synthetic::kHeads; ++h) {
            QCOMPARE(view.gridMap(2)->data()->cell(h, l), f->value(c->metrics->at(l, h)));
            QCOMPARE(view.gridMap(4)->data()->cell(h, l),
                     f->value(c->metrics->at(l, h)) - f->value(a->metrics->at(l, h)));
        }
    }
    QVERIFY(view.banner()->text().contains(QStringLiteral("padding")));
    QVERIFY(saveScreenshot(view, QStringLiteral("comparison_view_three")));
}

void TestComparisonView::aNewPaletteReachesEveryPlot() {
    ComparisonView view;
    view.setComparison(compare(synthetic::snapshot(), otherSnapshot(synthetic::kLayers)));
    QPalette dark = view.palette();
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    view.setPalette(dark);  // what a theme change does (QApplication::setPalette)
    for (const auto& [stem, plot] : view.figures()) {
        QCOMPARE(plot->xAxis->labelColor(), QColor(230, 230, 230));
    }
}

QTEST_MAIN(TestComparisonView)
#include "test_comparison_view.moc"
