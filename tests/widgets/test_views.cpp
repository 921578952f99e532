// SPDX-License-Identifier: GPL-3.0-or-later
// The views fed synthetic snapshots: what they draw (colour map cells, axis ticks) and the
// selection signals they emit.
#include <qcustomplot.h>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <limits>
#include <memory>

#include "widgets/attention_heatmap_view.h"
#include "widgets/color_maps.h"
#include "widgets/head_grid_view.h"
#include "widgets/plot_style.h"

using namespace headwave;

namespace {

constexpr int kLayers = 3;
constexpr int kHeads = 4;

// bandLow = 0.1 l + 0.01 h identifies every cell; head (1, 2) has an infinite ratio.
std::shared_ptr<const SequenceMetrics> syntheticMetrics() {
    auto m = std::make_shared<SequenceMetrics>();
    m->shape = {kLayers, kHeads, 16};
    m->level = 2;
    m->heads.resize(kLayers * kHeads);
    for (int l = 0; l < kLayers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            HeadMetrics& x = m->heads[static_cast<std::size_t>(l * kHeads + h)];
            x.bandLow = 0.1 * l + 0.01 * h;
            x.spectralEntropy = 1.0 + l + 0.5 * h;
            x.localGlobalRatio = 2.0 * h;
        }
    }
    m->heads[1 * kHeads + 2].localGlobalRatio = std::numeric_limits<double>::infinity();
    return m;
}

// Causal attention over 5 tokens: query q spreads its weight evenly over keys 0..q.
std::shared_ptr<const HeadAttention> syntheticAttention() {
    auto a = std::make_shared<HeadAttention>();
    a->layer = 1;
    a->head = 3;
    a->tokens = 5;
    a->texts = {"<s>", " Once", " upon", "\n", " time"};
    a->probs.assign(25, 0.0f);
    for (int q = 0; q < 5; ++q) {
        for (int k = 0; k <= q; ++k) {
            a->probs[static_cast<std::size_t>(q * 5 + k)] = 1.0f / static_cast<float>(q + 1);
        }
    }
    return a;
}

}  // namespace

class TestViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void colorMapsDiffer() {
        // The presets are distinct and run from their published end points.
        const QCPRange range(0, 1);
        QRgb lo = 0;
        QRgb hi = 0;
        const double zero = 0;
        const double one = 1;
        colorGradient(ColorMap::Viridis).colorize(&zero, range, &lo, 1);
        colorGradient(ColorMap::Viridis).colorize(&one, range, &hi, 1);
        QCOMPARE(QColor(lo).name(), QStringLiteral("#440154"));
        QCOMPARE(QColor(hi).name(), QStringLiteral("#fde725"));
        colorGradient(ColorMap::Magma).colorize(&zero, range, &lo, 1);
        QCOMPARE(QColor(lo).name(), QStringLiteral("#000004"));
        colorGradient(ColorMap::Diverging).colorize(&one, range, &hi, 1);
        QCOMPARE(QColor(hi).name(), QStringLiteral("#67001f"));
    }

    void gridShowsTheMetric() {
        HeadGridView grid;
        grid.setMetrics(syntheticMetrics());
        QCPColorMapData* data = grid.colorMap()->data();
        QCOMPARE(data->keySize(), kHeads);
        QCOMPARE(data->valueSize(), kLayers);
        for (int l = 0; l < kLayers; ++l) {
            for (int h = 0; h < kHeads; ++h) {
                // Stored as doubles: exact.
                QCOMPARE(data->cell(h, l), 0.1 * l + 0.01 * h);
            }
        }
        QCOMPARE(grid.colorMap()->dataRange().lower, 0.0);
        QCOMPARE(grid.colorMap()->dataRange().upper, 0.1 * 2 + 0.01 * 3);

        grid.setMetric(QStringLiteral("spectral_entropy"));
        QCOMPARE(grid.colorMap()->data()->cell(3, 2), 1.0 + 2 + 0.5 * 3);
        // An infinite ratio is drawn as "no value", not as the end of the scale.
        grid.setMetric(QStringLiteral("local_global_ratio"));
        QVERIFY(std::isnan(grid.colorMap()->data()->cell(2, 1)));
        QCOMPARE(grid.colorMap()->data()->cell(3, 1), 6.0);
        QCOMPARE(grid.colorMap()->dataRange().upper, 6.0);

        grid.setMetrics(nullptr);
        QVERIFY(!grid.colorMap()->visible());
    }

    void gridClickSelectsAHead() {
        HeadGridView grid;
        grid.resize(500, 400);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        grid.setMetrics(syntheticMetrics());
        grid.plot()->replot();
        QSignalSpy spy(&grid, &HeadGridView::headSelected);

        QTest::mouseClick(grid.plot(), Qt::LeftButton, {}, grid.cellCenter(2, 3).toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 2);
        QCOMPARE(spy.at(0).at(1).toInt(), 3);
        QCOMPARE(grid.selectedLayer(), 2);
        QCOMPARE(grid.selectedHead(), 3);

        // Layer 0 is drawn at the top: a click near the top-left corner is head (0, 0).
        const QRect r = grid.plot()->axisRect()->rect();
        QTest::mouseClick(grid.plot(), Qt::LeftButton, {}, r.topLeft() + QPoint(3, 3));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toInt(), 0);
        QCOMPARE(spy.at(1).at(1).toInt(), 0);

        // Outside the grid: nothing.
        QTest::mouseClick(grid.plot(), Qt::LeftButton, {}, QPoint(1, 1));
        QCOMPARE(spy.count(), 2);
    }

    void gridArrowKeysMoveTheSelection() {
        HeadGridView grid;
        grid.setMetrics(syntheticMetrics());
        QSignalSpy spy(&grid, &HeadGridView::headSelected);

        QTest::keyClick(&grid, Qt::Key_Right);  // nothing selected: the first head
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 0);
        QCOMPARE(spy.last().at(1).toInt(), 0);

        QTest::keyClick(&grid, Qt::Key_Right);
        QTest::keyClick(&grid, Qt::Key_Down);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(0).toInt(), 1);
        QCOMPARE(spy.last().at(1).toInt(), 1);

        QTest::keyClick(&grid, Qt::Key_Up);
        QCOMPARE(spy.last().at(0).toInt(), 0);
        QCOMPARE(spy.last().at(1).toInt(), 1);
        // At the edge the selection stays and nothing is emitted.
        QTest::keyClick(&grid, Qt::Key_Up);
        QCOMPARE(spy.count(), 4);

        // setSelectedHead (linked selection) moves without emitting.
        grid.setSelectedHead(2, 3);
        QCOMPARE(spy.count(), 4);
        QTest::keyClick(&grid, Qt::Key_Left);
        QCOMPARE(spy.last().at(0).toInt(), 2);
        QCOMPARE(spy.last().at(1).toInt(), 2);
    }

    void heatmapShowsTheMatrix() {
        AttentionHeatmapView view;
        const auto a = syntheticAttention();
        view.setAttention(a);
        QCPColorMapData* data = view.colorMap()->data();
        QCOMPARE(data->keySize(), 5);
        QCOMPARE(data->valueSize(), 5);
        for (int q = 0; q < 5; ++q) {
            for (int k = 0; k < 5; ++k) {
                // Cells are (key, query); float -> double is exact.
                QCOMPARE(data->cell(k, q),
                         static_cast<double>(a->probs[static_cast<std::size_t>(q * 5 + k)]));
            }
        }
        QCOMPARE(view.colorMap()->dataRange().upper, 1.0);

        // Every token labels both axes.
        for (QCPAxis* axis : {view.plot()->xAxis, view.plot()->yAxis}) {
            auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
            QVERIFY(ticker);
            QCOMPARE(ticker->ticks().size(), 5);
            QCOMPARE(ticker->ticks().value(1.0), QStringLiteral("\u2423Once"));
            QCOMPARE(ticker->ticks().value(3.0), QStringLiteral("\u21B5"));
        }

        // Log colour: the masked (zero) cells have no value; the others keep theirs.
        view.setLogColor(true);
        QCOMPARE(view.colorMap()->dataScaleType(), QCPAxis::stLogarithmic);
        QVERIFY(std::isnan(view.colorMap()->data()->cell(4, 0)));
        QCOMPARE(view.colorMap()->data()->cell(0, 1), 0.5);
        view.setLogColor(false);
        QCOMPARE(view.colorMap()->data()->cell(4, 0), 0.0);

        view.setAttention(nullptr);
        QVERIFY(!view.colorMap()->visible());
    }

    // A 528-token heatmap, small, large and zoomed in: the token labels of both axes never
    // overlap (every k-th token is labelled, k from the room a token has).
    void heatmapLabelsDoNotOverlap() {
        const int t = 528;
        auto a = std::make_shared<HeadAttention>();
        a->tokens = t;
        a->probs.assign(static_cast<std::size_t>(t) * t, 1.0F / t);
        const char* words[] = {" the", " attention", " of",     " a", " head",
                               "\n",   " over",      " tokens", ",",  " rescaled"};
        for (int i = 0; i < t; ++i) {
            a->texts.emplace_back(words[i % 10]);
        }
        AttentionHeatmapView view;
        view.setAttention(a);
        for (const QSize size : {QSize(320, 300), QSize(700, 650), QSize(1400, 1000)}) {
            view.resize(size);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            for (const double zoom : {1.0, 0.1}) {
                view.plot()->xAxis->setRange(-0.5, -0.5 + zoom * t);
                view.plot()->yAxis->setRange(-0.5, -0.5 + zoom * t);
                for (int i = 0; i < 3; ++i) {  // relabelled after a layout, laid out again
                    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
                }
                for (const QCPAxis* axis : {view.plot()->xAxis, view.plot()->yAxis}) {
                    const QString overlap = overlappingTickLabels(axis);
                    QVERIFY2(
                        overlap.isEmpty(),
                        qPrintable(
                            QStringLiteral("%1x%2, zoom %3: %4")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(zoom)
                                .arg(overlap + QStringLiteral(" rect %1x%2 ticks %3 %4")
                                                   .arg(view.plot()->axisRect()->width())
                                                   .arg(view.plot()->axisRect()->height())
                                                   .arg(axis->tickVector().size())
                                                   .arg(axis == view.plot()->xAxis ? "x" : "y"))));
                    QVERIFY(axis->tickVector().size() >= 2);
                }
            }
            view.resetZoom();
        }
    }
};

QTEST_MAIN(TestViews)
#include "test_views.moc"
