// SPDX-License-Identifier: GPL-3.0-or-later
// TimelineView fed hand-made rows: the graphs hold exactly the rows' numbers, against the training
// step for checkpoints and as labelled categories for positional twins.
#include <qcustomplot.h>
#include <QTest>
#include <memory>
#include <vector>

#include "widgets/plot_style.h"
#include "widgets/timeline_view.h"

using namespace headwave;

namespace {

Summary summary(double mean, double std) {
    Summary s;
    s.mean = mean;
    s.std = std;
    s.count = 6;
    return s;
}

constexpr const MetricFamily& kHs = metricFamily("spectral_entropy");
constexpr const MetricFamily& kSelectivity = metricFamily("selectivity");
constexpr const MetricFamily& kLow = metricFamily("band_low");
constexpr const MetricFamily& kMid = metricFamily("band_mid");
constexpr const MetricFamily& kHigh = metricFamily("band_high");
constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");

void set(TimelineRow& r, const MetricFamily& f, std::size_t position, const Summary& s) {
    const int c = r.layout.index(f, position);
    QVERIFY(c >= 0);
    r.columns[static_cast<std::size_t>(c)] = s;
}

// Row i: every quantity a distinct function of i, so a swapped series or point shows.
TimelineRow row(int i, int step, const char* positional) {
    TimelineRow r;
    r.name = "m" + std::to_string(i);
    r.positional = positional;
    r.step = step;
    MethodSettings settings;
    settings.alphas = {0.5, 0.25};
    r.layout = MetricLayout(settings, 3);
    r.columns.resize(r.layout.size());
    set(r, kHs, 0, summary(2.0 + 0.1 * i, 0.01 + 0.02 * i));
    set(r, kSelectivity, 0, summary(3.0 + 0.5 * i, 0.2 + 0.1 * i));
    set(r, kLow, 0, summary(0.5 - 0.05 * i, 0));
    set(r, kMid, 0, summary(0.3, 0));
    set(r, kHigh, 0, summary(0.2 + 0.05 * i, 0));
    set(r, kSensitivity, 0, summary(0.01 * (i + 1), 0));
    set(r, kSensitivity, 1, summary(0.02 * (i + 1), 0));
    return r;
}

void checkGraph(QCPGraph* g, const std::vector<double>& keys, const std::vector<double>& values) {
    QVERIFY(g);
    QCOMPARE(g->dataCount(), static_cast<int>(keys.size()));
    for (int i = 0; i < g->dataCount(); ++i) {
        QCOMPARE(g->data()->at(i)->key, keys[static_cast<std::size_t>(i)]);
        QCOMPARE(g->data()->at(i)->value, values[static_cast<std::size_t>(i)]);
    }
}

}  // namespace

class TestTimelineView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkpointsAgainstStep();
    void twinsAsCategories();
    void nullClears();
    void readableWhenNarrow();
};

void TestTimelineView::checkpointsAgainstStep() {
    const std::vector<int> steps{0, 64, 128, 512};
    auto rows = std::make_shared<std::vector<TimelineRow>>();
    for (int i = 0; i < 4; ++i) {
        rows->push_back(row(i, steps[static_cast<std::size_t>(i)], "RoPE"));
    }
    TimelineView view;
    view.resize(900, 700);
    view.setRows(rows);
    QVERIFY(view.isTimeline());
    std::vector<double> x, entropy, selectivity, low, mid, high, s0, s1;
    for (const TimelineRow& r : *rows) {
        x.push_back(r.step);
        entropy.push_back(r.summary(kHs).mean);
        selectivity.push_back(r.summary(kSelectivity).mean);
        low.push_back(100 * r.summary(kLow).mean);
        mid.push_back(100 * r.summary(kMid).mean);
        high.push_back(100 * r.summary(kHigh).mean);
        s0.push_back(r.summary(kSensitivity, 0).mean);
        s1.push_back(r.summary(kSensitivity, 1).mean);
    }
    checkGraph(view.entropyGraph(), x, entropy);
    checkGraph(view.selectivityGraph(), x, selectivity);
    checkGraph(view.bandGraph(0), x, low);
    checkGraph(view.bandGraph(1), x, mid);
    checkGraph(view.bandGraph(2), x, high);
    QCOMPARE(view.sensitivityCount(), 2);
    checkGraph(view.sensitivityGraph(0), x, s0);
    checkGraph(view.sensitivityGraph(1), x, s1);
    // The spread over heads as error bars, one per row.
    QCOMPARE(view.entropyErrors()->dataCount(), 4);
    for (int i = 0; i < 4; ++i) {
        const QCPErrorBarsData& e = view.entropyErrors()->data()->at(i);
        QCOMPARE(e.errorPlus, (*rows)[static_cast<std::size_t>(i)].summary(kHs).std);
        QCOMPARE(view.selectivityErrors()->data()->at(i).errorMinus,
                 (*rows)[static_cast<std::size_t>(i)].summary(kSelectivity).std);
    }
    QCOMPARE(view.rect(0)->axis(QCPAxis::atBottom)->label(), QStringLiteral("Training step"));
    // Every step is inside the visible range of every panel.
    for (int p = 0; p < 4; ++p) {
        const QCPRange range = view.rect(p)->axis(QCPAxis::atBottom)->range();
        QVERIFY(range.contains(0) && range.contains(512));
    }
}

void TestTimelineView::twinsAsCategories() {
    auto rows = std::make_shared<std::vector<TimelineRow>>();
    const char* schemes[] = {"none", "learned", "sinusoidal", "ALiBi", "RoPE"};
    for (int i = 0; i < 5; ++i) {
        // Twins trained for the same number of steps (or without a recorded step).
        rows->push_back(row(i, i % 2 == 0 ? 512 : -1, schemes[i]));
    }
    TimelineView view;
    view.setRows(rows);
    QVERIFY(!view.isTimeline());
    const QStringList expected{QStringLiteral("none"), QStringLiteral("learned"),
                               QStringLiteral("sinusoidal"), QStringLiteral("ALiBi"),
                               QStringLiteral("RoPE")};
    QCOMPARE(view.categoryLabels(), expected);
    std::vector<double> x, entropy, high;
    for (int i = 0; i < 5; ++i) {
        x.push_back(i);
        entropy.push_back((*rows)[static_cast<std::size_t>(i)].summary(kHs).mean);
        high.push_back(100 * (*rows)[static_cast<std::size_t>(i)].summary(kHigh).mean);
    }
    checkGraph(view.entropyGraph(), x, entropy);
    checkGraph(view.bandGraph(2), x, high);
    // The category axis of every panel is labelled with the schemes, at 0..4.
    for (int p = 0; p < 4; ++p) {
        auto ticker =
            view.rect(p)->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(ticker->ticks().value(i), expected[i]);
        }
    }
    QCOMPARE(view.entropyGraph()->lineStyle(), QCPGraph::lsNone);
}

void TestTimelineView::nullClears() {
    auto rows = std::make_shared<std::vector<TimelineRow>>();
    rows->push_back(row(0, 0, "RoPE"));
    TimelineView view;
    view.setRows(rows);
    QCOMPARE(view.entropyGraph()->dataCount(), 1);
    view.setRows(nullptr);
    QCOMPARE(view.entropyGraph()->dataCount(), 0);
    QCOMPARE(view.sensitivityCount(), 0);
}

// At the view's smallest size and at a wide one, the schemes' names and the training steps,
// the panels' values and their axis titles never overlap or run past their panel.
void TestTimelineView::readableWhenNarrow() {
    const char* schemes[] = {"none (causal mask only)", "learned absolute", "sinusoidal absolute",
                             "ALiBi", "RoPE"};
    for (const bool timeline : {false, true}) {
        auto rows = std::make_shared<std::vector<TimelineRow>>();
        for (int i = 0; i < 5; ++i) {
            rows->push_back(timeline ? row(i, i * 1024, "RoPE") : row(i, 512, schemes[i]));
        }
        TimelineView view;
        view.setRows(rows);
        for (const QSize size : {view.minimumSizeHint(), QSize(1200, 800)}) {
            view.resize(size.expandedTo(view.minimumSize()));
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.plot()->replot(QCustomPlot::rpImmediateRefresh);
            view.plot()->replot(QCustomPlot::rpImmediateRefresh);  // after the fitting
            for (int p = 0; p < 4; ++p) {
                for (const auto side : {QCPAxis::atBottom, QCPAxis::atLeft}) {
                    const QCPAxis* axis = view.rect(p)->axis(side);
                    const QString overlap = overlappingTickLabels(axis);
                    QVERIFY2(
                        overlap.isEmpty(),
                        qPrintable(QStringLiteral("panel %1 at %2x%3: %4")
                                       .arg(p)
                                       .arg(view.width())
                                       .arg(view.height())
                                       .arg(overlap + QStringLiteral(" rot %1 w %2 h %4 ticks %3")
                                                          .arg(axis->tickLabelRotation())
                                                          .arg(view.rect(p)->width())
                                                          .arg(axis->tickVector().size())
                                                          .arg(view.rect(p)->height()))));
                    const int length =
                        side == QCPAxis::atBottom ? view.rect(p)->width() : view.rect(p)->height();
                    QVERIFY2(
                        QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label()) <= length,
                        qPrintable(axis->label()));
                }
            }
            if (size.width() >= 1200) {
                // Wide: nothing needed eliding or standing upright.
                QCOMPARE(view.rect(0)->axis(QCPAxis::atLeft)->label().contains(QChar(0x2026)),
                         false);
                QCOMPARE(view.rect(0)->axis(QCPAxis::atBottom)->tickLabelRotation(), 0.0);
            }
        }
    }
}

QTEST_MAIN(TestTimelineView)
#include "test_timeline_view.moc"
