// SPDX-License-Identifier: GPL-3.0-or-later
// The analysis views fed synthetic snapshots (synthetic_snapshot.h): what they draw (graph data,
// band rectangles, scalogram cells, scatter points, table cells, clipboard text) equals the
// snapshot's numbers, and the selection signals are emitted only for user actions. Each view also
// saves a screenshot into the build tree (HEADWAVE_SCREENSHOT_DIR) for a human to look at.
#include <qcustomplot.h>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QStyleOptionSlider>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "headwave/dsp/scale_sensitivity.h"
#include "synthetic_snapshot.h"
#include "widgets/band_power_view.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_metrics_model.h"
#include "widgets/metrics_table_view.h"
#include "widgets/plot_style.h"
#include "widgets/rescaling_view.h"
#include "widgets/scalogram_plot.h"
#include "widgets/scalogram_view.h"
#include "widgets/spectrum_view.h"
#include "widgets/token_strip.h"
#include "widgets/uncertainty_scatter_view.h"

using namespace headwave;
using synthetic::kHeads;
using synthetic::kLayers;
using synthetic::kTokens;

namespace {

constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");

// Saves the widget as HEADWAVE_SCREENSHOT_DIR/<name>.png.
bool saveScreenshot(QWidget& widget, const QString& name) {
    const QString path = QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/%1.png").arg(name);
    return widget.grab().save(path);
}

// Shows a view at a size like a dock's and waits until it is laid out and drawn.
void showView(QWidget& view, QCustomPlot* plot, int width = 720, int height = 480) {
    view.resize(width, height);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    if (plot) {
        plot->replot();  // coordToPixel needs the laid-out axis rect
    }
}

// The tick labels of a horizontal axis, as last laid out, do not overlap: neighbouring ticks are
// at least the wider of their two labels apart. At least two ticks.
void checkTickLabelsApart(QCPAxis* axis) {
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    QVERIFY2(ticks.size() >= 2, qPrintable(QString::number(ticks.size())));
    const QFontMetrics fm(axis->tickLabelFont());
    for (qsizetype i = 1; i < ticks.size(); ++i) {
        const double apart = axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]);
        const int wider =
            std::max(fm.horizontalAdvance(labels[i - 1]), fm.horizontalAdvance(labels[i]));
        QVERIFY2(apart > wider, qPrintable(QStringLiteral("%1 and %2: %3 px apart, %4 px wide")
                                               .arg(labels[i - 1], labels[i])
                                               .arg(apart)
                                               .arg(wider)));
    }
}

// Hand-made db2 coefficients with the lengths of T = 64, J = 4 (cA4 cD4 cD3 cD2 cD1 = 6, 6, 10,
// 18, 33): c[s][k] = +-(s + 1) (k + 1) / 100, the sign alternating with k, so every cell's value
// says which coefficient it shows and |c| differs from c.
std::vector<std::vector<double>> knownCoefficients() {
    const int lengths[] = {6, 6, 10, 18, 33};
    std::vector<std::vector<double>> c;
    for (int s = 0; s < 5; ++s) {
        std::vector<double> row;
        for (int k = 0; k < lengths[s]; ++k) {
            row.push_back((k % 2 == 0 ? 1.0 : -1.0) * (s + 1) * (k + 1) / 100.0);
        }
        c.push_back(row);
    }
    return c;
}

// The rescaling experiment on a profile, as the engine computes it (docs/method.md): the strided
// subsample of m = floor(alpha T) positions, renormalised, stretched back to T; db2 of both.
std::shared_ptr<RescaleSnapshot> rescaleOf(const std::vector<double>& a, double alpha, int layer,
                                           int head) {
    const int T = static_cast<int>(a.size());
    const int level = dwtMaxLevel(T);
    auto r = std::make_shared<RescaleSnapshot>();
    r->layer = layer;
    r->head = head;
    r->alpha = alpha;
    r->tokens = T;
    const std::vector<int> idx = subsampleIndices(T, alpha, Subsampling::Strided).value();
    r->subsampledTokens = static_cast<int>(idx.size());
    std::vector<double> small;
    double sum = 0;
    for (int i : idx) {
        small.push_back(a[static_cast<std::size_t>(i)]);
        sum += small.back();
    }
    for (double& v : small) {
        v /= sum;
    }
    r->original = a;
    r->stretched = stretchProfile(small.data(), r->subsampledTokens, T);
    r->originalCoefficients = wavedec(a.data(), T, level);
    r->stretchedCoefficients = wavedec(r->stretched.data(), T, level);
    r->sensitivity = scaleSensitivity(a.data(), r->stretched.data(), T, level);
    return r;
}

// The graph's data as (key, value) pairs, in key order.
std::vector<std::pair<double, double>> graphPoints(const QCPGraph* graph) {
    std::vector<std::pair<double, double>> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        out.emplace_back(it->key, it->value);
    }
    return out;
}

}  // namespace

class TestAnalysisViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    // --- SpectrumView -------------------------------------------------------------------

    void spectrumDrawsTheSelectedHead() {
        const auto s = synthetic::snapshot();
        SpectrumView view;
        view.setSnapshot(s);
        QVERIFY(view.currentGraph()->data()->isEmpty());
        QVERIFY(view.title().contains(QStringLiteral("select a head")));

        QSignalSpy spy(&view, &HeadView::headSelected);
        view.setSelectedHead(1, 1);
        QCOMPARE(spy.count(), 0);  // linked selection does not echo
        QCOMPARE(view.title(), QStringLiteral("Power spectrum \u2014 Layer 1, head 1"));

        const HeadDetail& d = *s->detail(1, 1);
        const auto points = graphPoints(view.currentGraph());
        QCOMPARE(points.size(), d.power.size());
        for (std::size_t k = 0; k < points.size(); ++k) {
            QCOMPARE(points[k].first, d.frequency[k]);  // copied doubles: exact
            QCOMPARE(points[k].second, d.power[k]);
        }
        // The tone of layer 1 (8 cycles over 64 tokens) peaks at r = 0.25 away from DC.
        auto peak = std::max_element(points.begin() + 4, points.end(),
                                     [](auto& a, auto& b) { return a.second < b.second; });
        QCOMPARE(peak->first, 0.25);

        // Bands at the snapshot's edges, labelled with the head's shares.
        const HeadMetrics& m = s->metrics->at(1, 1);
        const double edges[] = {0.0, 0.25, 0.75, 1.0};
        const double shares[] = {m.bandLow, m.bandMid, m.bandHigh};
        const char* names[] = {"Low", "Mid", "High"};
        for (int b = 0; b < 3; ++b) {
            QCOMPARE(view.bandRect(b)->topLeft->coords().x(), edges[b]);
            QCOMPARE(view.bandRect(b)->bottomRight->coords().x(), edges[b + 1]);
            QCOMPARE(view.bandLabel(b)->text(), QStringLiteral("%1\n%2 %")
                                                    .arg(QLatin1String(names[b]))
                                                    .arg(100 * shares[b], 0, 'f', 1));
        }

        // Other edges move the bands.
        auto moved = std::make_shared<AnalysisSnapshot>(*s);
        moved->settings.bandLowEdge = 0.3;
        moved->settings.bandHighEdge = 0.6;
        view.setSnapshot(moved);
        QCOMPARE(view.selectedLayer(), 1);  // the selection survives a new snapshot
        QCOMPARE(view.bandRect(0)->bottomRight->coords().x(), 0.3);
        QCOMPARE(view.bandRect(1)->topLeft->coords().x(), 0.3);
        QCOMPARE(view.bandRect(2)->topLeft->coords().x(), 0.6);

        view.setLogScale(true);
        QCOMPARE(view.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(view.findChild<QCheckBox*>(QStringLiteral("logScaleBox"))->isChecked());
        QCOMPARE(graphPoints(view.currentGraph())[3].second, d.power[3]);
        QVERIFY(view.plot()->yAxis->range().lower > 0);

        view.setSnapshot(nullptr);
        QVERIFY(view.currentGraph()->data()->isEmpty());
        QCOMPARE(view.selectedLayer(), -1);
    }

    void spectrumPinsHeads() {
        const auto s = synthetic::snapshot();
        SpectrumView view;
        showView(view, view.plot());
        view.setSnapshot(s);
        view.setSelectedHead(0, 1);
        auto* pin = view.findChild<QPushButton*>(QStringLiteral("pinButton"));
        auto* clear = view.findChild<QPushButton*>(QStringLiteral("clearPinsButton"));
        QVERIFY(pin && clear);
        QVERIFY(!clear->isEnabled());
        QTest::mouseClick(pin, Qt::LeftButton);
        QCOMPARE(pin->text(), QStringLiteral("Unpin head"));
        view.setSelectedHead(2, 1);
        QCOMPARE(pin->text(), QStringLiteral("Pin head"));
        QTest::mouseClick(pin, Qt::LeftButton);
        view.setSelectedHead(1, 1);
        QCOMPARE(view.pinnedHeads().size(), std::size_t{2});

        // Each pinned head keeps its own spectrum and colour, and is in the legend.
        for (const HeadRef& r : view.pinnedHeads()) {
            const QCPGraph* g = view.pinnedGraph(r.layer, r.head);
            QVERIFY(g);
            QCOMPARE(graphPoints(g)[10].second, s->detail(r.layer, r.head)->power[10]);
        }
        QVERIFY(view.pinnedGraph(0, 1)->pen().color() != view.pinnedGraph(2, 1)->pen().color());
        QVERIFY(view.pinnedGraph(0, 1)->pen().color() != view.currentGraph()->pen().color());
        QVERIFY(view.plot()->legend->visible());
        QCOMPARE(view.plot()->legend->itemCount(), 3);  // selected + 2 pinned
        QVERIFY(!view.pinnedGraph(1, 2));

        view.setLogScale(true);
        view.plot()->replot();
        QVERIFY(saveScreenshot(view, QStringLiteral("spectrum_view")));

        view.unpinHead(0, 1);
        QCOMPARE(view.pinnedHeads().size(), std::size_t{1});
        QVERIFY(!view.pinnedGraph(0, 1));
        QTest::mouseClick(clear, Qt::LeftButton);
        QVERIFY(view.pinnedHeads().empty());
        QVERIFY(!view.plot()->legend->visible());
        QCOMPARE(view.plot()->graphCount(), 1);
    }

    // --- ScalogramView ------------------------------------------------------------------

    void scalogramSpreadsCoefficientsOverPositions() {
        auto s = synthetic::snapshot();
        // The engine's coefficient lengths for T = 64 are the ones knownCoefficients() assumes.
        const HeadDetail& real = *s->detail(2, 3);
        QCOMPARE(real.coefficients.size(), std::size_t{5});
        QCOMPARE(real.coefficients[0].size(), std::size_t{6});
        QCOMPARE(real.coefficients[4].size(), std::size_t{33});
        s->details[2 * kHeads + 3].coefficients = knownCoefficients();
        const auto c = knownCoefficients();

        ScalogramView view;
        view.setSnapshot(s);
        QVERIFY(!view.colorMap()->visible());
        QSignalSpy spy(&view, &HeadView::headSelected);
        view.setSelectedHead(2, 3);
        QCOMPARE(spy.count(), 0);
        QVERIFY(view.title().startsWith(QStringLiteral("DWT scalogram (db2)")));
        QVERIFY(view.title().contains(QStringLiteral("layer 2, head 3")));

        QCPColorMapData* data = view.colorMap()->data();
        QCOMPARE(data->keySize(), kTokens);
        QCOMPARE(data->valueSize(), 5);
        // Default colour value: power c^2 (docs/method.md §7), said on the scale.
        QCOMPARE(view.colorScale()->axis()->label(), QStringLiteral("Power |c|\u00B2"));
        // cA4 (row 0, 6 coefficients over 64 positions): coefficient 0 covers t = 0..10,
        // coefficient 1 starts at t = 11 (11 * 6 / 64 = 1.03), the last ends at 63.
        QCOMPARE(data->cell(0, 0), c[0][0] * c[0][0]);
        QCOMPARE(data->cell(10, 0), c[0][0] * c[0][0]);
        QCOMPARE(data->cell(11, 0), c[0][1] * c[0][1]);
        QCOMPARE(data->cell(63, 0), c[0][5] * c[0][5]);
        // cD1 (row 4, 33 coefficients): t = 1 -> 0, t = 2 -> 1, t = 63 -> 32.
        QCOMPARE(data->cell(1, 4), c[4][0] * c[4][0]);
        QCOMPARE(data->cell(2, 4), c[4][1] * c[4][1]);
        QCOMPARE(data->cell(63, 4), c[4][32] * c[4][32]);
        // cD3 (row 2, 10 coefficients): t = 32 -> 5.
        QCOMPARE(data->cell(32, 2), c[2][5] * c[2][5]);
        QCOMPARE(view.colorMap()->dataRange().lower, 0.0);
        QCOMPARE(view.colorMap()->dataRange().upper, c[4][32] * c[4][32]);

        // Rows labelled with their array and band of r: cA4 [0, 1/16], cD4 [1/16, 1/8], ...,
        // cD1 [1/2, 1].
        auto ticker =
            view.scalogramRect()->axis(QCPAxis::atLeft)->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(0), QStringLiteral("cA4  r \u2208 [0, 0.0625]"));
        QCOMPARE(ticker->ticks().value(1), QStringLiteral("cD4  r \u2208 [0.0625, 0.125]"));
        QCOMPARE(ticker->ticks().value(4), QStringLiteral("cD1  r \u2208 [0.5, 1]"));

        // The profile above, on the same positions.
        const auto profile = graphPoints(view.profileGraph());
        QCOMPARE(profile.size(), std::size_t{kTokens});
        QCOMPARE(profile[17].first, 17.0);
        QCOMPARE(profile[17].second, s->detail(2, 3)->profile[17]);

        // Magnitude: |c| (the sign is gone).
        auto magnitude = std::make_shared<AnalysisSnapshot>(*s);
        magnitude->settings.scalogram = ScalogramValue::Magnitude;
        view.setSnapshot(magnitude);
        QCOMPARE(view.colorScale()->axis()->label(), QStringLiteral("Magnitude |c|"));
        QCOMPARE(view.colorMap()->data()->cell(11, 0), std::abs(c[0][1]));
        QCOMPARE(view.colorMap()->data()->cell(2, 4), std::abs(c[4][1]));

        view.setSelectedHead(1, 1);  // a real head for the picture
        showView(view, view.plot());
        view.plot()->replot();  // a second layout with the labels the first one chose
        // Wide enough: the full row labels, position labels apart.
        QVERIFY(!view.scalogram().hasShortRowLabels());
        checkTickLabelsApart(view.scalogramRect()->axis(QCPAxis::atBottom));
        QVERIFY(saveScreenshot(view, QStringLiteral("scalogram_view")));

        // A narrow dock: the rows named only (cA4 ... cD1), the heat map keeps most of the
        // width, a row's band is in its label's tooltip and the position labels stay apart.
        view.resize(340, 480);
        view.plot()->replot();
        view.plot()->replot();
        QVERIFY(view.scalogram().hasShortRowLabels());
        ticker =
            view.scalogramRect()->axis(QCPAxis::atLeft)->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(0), QStringLiteral("cA4"));
        QCOMPARE(ticker->ticks().value(4), QStringLiteral("cD1"));
        QCPAxisRect* rect = view.scalogramRect();
        QVERIFY2(
            rect->width() > 0.5 * view.plot()->width(),
            qPrintable(QStringLiteral("%1 of %2").arg(rect->width()).arg(view.plot()->width())));
        const QPointF label(rect->left() - 8, rect->axis(QCPAxis::atLeft)->coordToPixel(4));
        QVERIFY(view.scalogram().toolTipAt(label).startsWith(QStringLiteral("cD1")));
        QVERIFY(view.scalogram().toolTipAt(label).contains(QStringLiteral("r \u2208 [0.5, 1]")));
        checkTickLabelsApart(rect->axis(QCPAxis::atBottom));
        QVERIFY(saveScreenshot(view, QStringLiteral("scalogram_view_narrow")));

        view.setSnapshot(nullptr);
        QVERIFY(!view.colorMap()->visible());
        QVERIFY(view.profileGraph()->data()->isEmpty());
    }

    void scalogramToolTipNamesTheCoefficient() {
        QCustomPlot plot;
        auto* scale = new QCPColorScale(&plot);
        ScalogramPlot scalogram(&plot, plot.axisRect(), scale);
        scalogram.setCoefficients(knownCoefficients(), kTokens, ScalogramValue::Power);
        plot.resize(600, 300);
        plot.replot();
        QCPAxisRect* r = plot.axisRect();
        const QPointF pixel(r->axis(QCPAxis::atBottom)->coordToPixel(15),
                            r->axis(QCPAxis::atLeft)->coordToPixel(0));
        int s = -1;
        int k = -1;
        QVERIFY(scalogram.coefficientAt(pixel, s, k));
        QCOMPARE(s, 0);
        QCOMPARE(k, 1);
        // Coefficient 1 of cA4 covers t = 11..21 (floor(t * 6 / 64) = 1).
        QVERIFY(scalogram.toolTipAt(pixel).startsWith(
            QStringLiteral("cA4, coefficient 1 of 6 (positions 11\u201321)")));
        QVERIFY(scalogram.toolTipAt(QPointF(1, 1)).isEmpty());
    }

    void wrapTextBreaksTitlesAtSpaces() {
        const QFont font;
        const QFontMetrics fm(font);
        const QString text = QStringLiteral(
            "Layer 1, head 0, \u03B1 = 0.50 (m = 32 of 64 tokens):\nS(\u03B1) = 0.0047 (1 \u2212 "
            "cos)");
        const int width = fm.horizontalAdvance(QStringLiteral("Layer 1, head 0, \u03B1 = 0.50"));
        const QString wrapped = wrapText(text, font, width);
        // Only spaces became line breaks; every line fits; "a = b" and "1 - cos" stay whole.
        QCOMPARE(QString(wrapped).replace(QLatin1Char('\n'), QLatin1Char(' ')),
                 QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')));
        const QStringList lines = wrapped.split(QLatin1Char('\n'));
        QVERIFY2(lines.size() >= 3, qPrintable(wrapped));  // the first line broken
        for (const QString& line : lines) {
            QVERIFY2(fm.horizontalAdvance(line) <= width, qPrintable(line));
        }
        QVERIFY(lines.contains(QStringLiteral("Layer 1, head 0, \u03B1 = 0.50")));
        QVERIFY(wrapped.contains(QStringLiteral("(m = 32")));
        QVERIFY(wrapped.contains(QStringLiteral("(1 \u2212 cos)")));
        // Wide enough: unchanged.
        QCOMPARE(wrapText(text, font, 100000), text);
    }

    // --- BandPowerView ------------------------------------------------------------------

    void bandPowerStacksTheHeadsOfTheLayer() {
        const auto s = synthetic::snapshot();
        BandPowerView view;
        view.setSnapshot(s);
        QCOMPARE(view.shownLayer(), 0);  // before any selection
        QCOMPARE(view.bars(1)->barBelow(), view.bars(0));
        QCOMPARE(view.bars(2)->barBelow(), view.bars(1));
        QSignalSpy spy(&view, &HeadView::headSelected);
        view.setSelectedHead(2, 1);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(view.shownLayer(), 2);
        QCOMPARE(view.headsTitle(), QStringLiteral("Layer 2: band power per head"));
        for (int b = 0; b < 3; ++b) {
            QCOMPARE(view.bars(b)->data()->size(), kHeads);
            for (int h = 0; h < kHeads; ++h) {
                const HeadMetrics& m = s->metrics->at(2, h);
                const double expected = 100 * (b == 0   ? m.bandLow
                                               : b == 1 ? m.bandMid
                                                        : m.bandHigh);
                QCOMPARE(view.bars(b)->data()->at(h)->key, double(h));
                QCOMPARE(view.bars(b)->data()->at(h)->value, expected);
            }
        }
        // Short legend names; the band edges in the legend's tooltips.
        QCOMPARE(view.bars(0)->name(), QStringLiteral("Low"));
        QCOMPARE(view.bars(1)->name(), QStringLiteral("Mid"));
        QCOMPARE(view.bars(2)->name(), QStringLiteral("High"));
        QVERIFY(view.bandToolTip(0).contains(QStringLiteral("r < 0.25")));
        QVERIFY(view.bandToolTip(1).contains(QStringLiteral("0.25 \u2264 r < 0.75")));
        QVERIFY(view.bandToolTip(2).contains(QStringLiteral("r \u2265 0.75")));

        // Across layers: mean and population std over the 4 heads of each layer, in %.
        QCOMPARE(view.layersTitle(), QStringLiteral("Per layer: mean \u00B1 std over heads"));
        for (int l = 0; l < kLayers; ++l) {
            double sum = 0;
            for (int h = 0; h < kHeads; ++h) {
                sum += s->metrics->at(l, h).bandMid;
            }
            const double mean = sum / kHeads;
            double var = 0;
            for (int h = 0; h < kHeads; ++h) {
                var += std::pow(s->metrics->at(l, h).bandMid - mean, 2) / kHeads;
            }
            // Summed in a different order than the view: 1e-12 relative is rounding only.
            QVERIFY(std::abs(view.layerGraph(1)->data()->at(l)->value - 100 * mean) < 1e-10);
            const QCPErrorBarsData e = view.layerErrors(1)->data()->at(l);
            QVERIFY(std::abs(e.errorPlus - 100 * std::sqrt(var)) < 1e-10);
            QCOMPARE(e.errorMinus, e.errorPlus);
        }

        // A click on head 3's bar selects (2, 3); between two bars nothing.
        showView(view, view.plot(), 640, 640);
        QCPAxis* hx = view.headsRect()->axis(QCPAxis::atBottom);
        QCPAxis* hy = view.headsRect()->axis(QCPAxis::atLeft);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                          QPointF(hx->coordToPixel(3), hy->coordToPixel(50)).toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 2);
        QCOMPARE(spy.last().at(1).toInt(), 3);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                          QPointF(hx->coordToPixel(2.5), hy->coordToPixel(50)).toPoint());
        QCOMPARE(spy.count(), 1);
        // A click on layer 1 in the lower panel selects layer 1, keeping the head.
        QCPAxis* lx = view.layersRect()->axis(QCPAxis::atBottom);
        QCPAxis* ly = view.layersRect()->axis(QCPAxis::atLeft);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                          QPointF(lx->coordToPixel(1), ly->coordToPixel(30)).toPoint());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).toInt(), 1);
        QCOMPARE(spy.last().at(1).toInt(), 3);
        QCOMPARE(view.shownLayer(), 1);
        view.plot()->replot();
        // Each legend item names its band; between the items and elsewhere no band.
        for (int b = 0; b < 3; ++b) {
            const QPointF centre = view.plot()->legend->item(b)->outerRect().center();
            QCOMPARE(view.legendBandAt(centre), b);
        }
        QCOMPARE(view.legendBandAt(QPointF(hx->coordToPixel(3), hy->coordToPixel(50))), -1);
        QVERIFY(saveScreenshot(view, QStringLiteral("band_power_view")));

        view.setSnapshot(nullptr);
        QVERIFY(view.bars(0)->data()->isEmpty());
        QVERIFY(view.layerGraph(0)->data()->isEmpty());
    }

    void bandPowerUsesTheCorpusSummary() {
        auto s = synthetic::corpusSnapshot();
        // Mark the summary so its numbers cannot be confused with ones computed from metrics.
        auto summary = std::make_shared<CorpusSummary>(*s->run->summary);
        const auto low = static_cast<std::size_t>(summary->layout.index("band_low"));
        summary->columns[low].layerMean[1] = 0.42;
        summary->columns[low].layerStd[1] = 0.05;
        auto run = std::make_shared<RunResult>(*s->run);
        run->summary = summary;
        s->run = run;
        BandPowerView view;
        view.setSnapshot(s);
        QCOMPARE(view.layerGraph(0)->data()->at(1)->value, 42.0);
        QCOMPARE(view.layerErrors(0)->data()->at(1).errorPlus, 5.0);
        QVERIFY(view.layersTitle().contains(QStringLiteral("6 sequences")));
        QVERIFY(view.headsTitle().contains(QStringLiteral("mean over 6 sequences")));
    }

    // --- UncertaintyScatterView ---------------------------------------------------------

    void scatterPlotsEntropiesPerHead() {
        auto s = synthetic::snapshot();
        UncertaintyScatterView view;
        view.setSnapshot(s);
        for (int l = 0; l < kLayers; ++l) {
            const QCPCurve* curve = view.layerCurve(l);
            QVERIFY(curve);
            QCOMPARE(curve->data()->size(), kHeads);
            for (int h = 0; h < kHeads; ++h) {
                QCOMPARE(curve->data()->at(h)->key, s->metrics->at(l, h).positionalEntropy);
                QCOMPARE(curve->data()->at(h)->value, s->metrics->at(l, h).spectralEntropy);
            }
        }
        QVERIFY(!view.layerCurve(kLayers));
        // Coloured by layer.
        // Filled with the layer's colour of the map (the scale's first and last level).
        QCOMPARE(view.layerCurve(0)->scatterStyle().shape(), QCPScatterStyle::ssCircle);
        QCOMPARE(view.layerCurve(0)->scatterStyle().brush().color().name(),
                 QStringLiteral("#440154"));
        QCOMPARE(view.layerCurve(2)->scatterStyle().brush().color().name(),
                 QStringLiteral("#fde725"));
        QCOMPARE(view.colorScale()->axis()->label(), QStringLiteral("Layer"));
        QVERIFY(std::isfinite(s->rho));
        QVERIFY(view.rhoLabel()->text().startsWith(
            QStringLiteral("\u03C1 = %1").arg(s->rho, 0, 'f', 3)));
        // No corpus run: no per-sequence points.
        auto* box = view.findChild<QCheckBox*>(QStringLiteral("perSequenceBox"));
        QVERIFY(box && !box->isEnabled());
        view.setPerSequence(true);
        QCOMPARE(view.layerCurve(1)->data()->size(), kHeads);

        // Linked selection rings the head without emitting.
        QSignalSpy spy(&view, &HeadView::headSelected);
        view.setSelectedHead(1, 2);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(view.selectionCurve()->data()->size(), 1);
        QCOMPARE(view.selectionCurve()->data()->at(0)->key, s->metrics->at(1, 2).positionalEntropy);

        // A click on head (2, 3)'s point selects it; on empty space, nothing.
        showView(view, view.plot(), 640, 480);
        const HeadMetrics& m = s->metrics->at(2, 3);
        const QPoint pixel(static_cast<int>(view.plot()->xAxis->coordToPixel(m.positionalEntropy)),
                           static_cast<int>(view.plot()->yAxis->coordToPixel(m.spectralEntropy)));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixel);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 2);
        QCOMPARE(spy.last().at(1).toInt(), 3);
        QCOMPARE(view.selectionCurve()->data()->at(0)->value, m.spectralEntropy);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(spy.count(), 1);
        view.plot()->replot();
        QVERIFY(saveScreenshot(view, QStringLiteral("uncertainty_scatter_view")));

        auto undefined = std::make_shared<AnalysisSnapshot>(*s);
        undefined->rho = std::numeric_limits<double>::quiet_NaN();
        view.setSnapshot(undefined);
        QVERIFY(view.rhoLabel()->text().startsWith(QStringLiteral("\u03C1 undefined")));
    }

    void scatterShowsSequencesOfACorpusRun() {
        auto s = synthetic::corpusSnapshot();
        UncertaintyScatterView view;
        view.setSnapshot(s);
        auto* box = view.findChild<QCheckBox*>(QStringLiteral("perSequenceBox"));
        QVERIFY(box->isEnabled());
        QCOMPARE(view.layerCurve(1)->data()->size(), kHeads);
        box->setChecked(true);
        QVERIFY(view.perSequence());
        const RunResult& run = *s->run;
        const auto hp = static_cast<std::size_t>(run.layout.index("positional_entropy"));
        const auto hs = static_cast<std::size_t>(run.layout.index("spectral_entropy"));
        QCOMPARE(view.layerCurve(1)->data()->size(), synthetic::kSequences * kHeads);
        for (int q = 0; q < synthetic::kSequences; ++q) {
            for (int h = 0; h < kHeads; ++h) {
                const QCPCurveData& d = *view.layerCurve(1)->data()->at(q * kHeads + h);
                QCOMPARE(d.key, run.metric(q, 1, h, hp));
                QCOMPARE(d.value, run.metric(q, 1, h, hs));
            }
        }
        view.setSelectedHead(0, 3);
        QCOMPARE(view.selectionCurve()->data()->size(), synthetic::kSequences);
        QVERIFY(view.rhoLabel()->text().contains(QStringLiteral("6 sequences")));
        QVERIFY(view.rhoLabel()->text().startsWith(
            QStringLiteral("\u03C1 = %1").arg(run.summary->rhoModel, 0, 'f', 3)));

        // A click on one sequence's point selects its head.
        showView(view, view.plot(), 640, 480);
        QSignalSpy spy(&view, &HeadView::headSelected);
        const QPoint pixel(
            static_cast<int>(view.plot()->xAxis->coordToPixel(run.metric(5, 2, 1, hp))),
            static_cast<int>(view.plot()->yAxis->coordToPixel(run.metric(5, 2, 1, hs))));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixel);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 2);
        QCOMPARE(spy.last().at(1).toInt(), 1);
        view.plot()->replot();
        QVERIFY(saveScreenshot(view, QStringLiteral("uncertainty_scatter_view_per_sequence")));

        // Too few sequences: rho is undefined and the label says why.
        auto summary = std::make_shared<CorpusSummary>(*run.summary);
        summary->rhoModel = std::numeric_limits<double>::quiet_NaN();
        summary->rhoModelStatus = CorrelationStatus::TooFewPairs;
        auto one = std::make_shared<RunResult>(run);
        one->summary = summary;
        auto undefined = std::make_shared<AnalysisSnapshot>(*s);
        undefined->run = one;
        undefined->rho = summary->rhoModel;
        view.setSnapshot(undefined);
        QVERIFY(view.rhoLabel()->text().startsWith(
            QStringLiteral("\u03C1 undefined (fewer than 2 sequences)")));
    }

    // --- MetricsTableView ---------------------------------------------------------------

    void tableListsEveryMetric() {
        auto s = synthetic::snapshot();
        // One missing value (NaN) to see where it sorts.
        auto metrics = std::make_shared<SequenceMetrics>(*s->metrics);
        metrics->heads[0].scaleSensitivity[0] = std::numeric_limits<double>::quiet_NaN();
        s->metrics = metrics;
        MetricsTableView view;
        view.setSnapshot(s);
        const HeadMetricsModel& model = *view.model();
        QCOMPARE(model.rowCount(), kLayers * kHeads);
        // layer, head, 10 scalars, J + 1 = 5 wavelet entropies, 3 windows, 2 alphas.
        QCOMPARE(model.columnCount(), 2 + 10 + 5 + 3 + 2);
        const int hs = model.columnOf("spectral_entropy");
        const int cA = model.columnOf("wavelet_entropy_s0");
        const int w32 = model.columnOf("window_entropy_w32");
        const int a05 = model.columnOf("scale_sensitivity_a0.5");
        QCOMPARE(model.header(hs), QStringLiteral("Spectral entropy (nats)"));
        QCOMPARE(model.header(cA), QStringLiteral("Wavelet entropy cA4 (nats)"));
        QCOMPARE(model.header(w32), QStringLiteral("Window entropy w = 32 (fraction of ln w)"));
        QCOMPARE(model.header(a05),
                 QStringLiteral("Scale sensitivity \u03B1 = 0.5 (1 \u2212 cos)"));
        QCOMPARE(model.headerData(hs, Qt::Horizontal).toString(),
                 QStringLiteral("Spectral entropy\n(nats)"));
        QCOMPARE(model.columnOf(kRhoKey), -1);  // not a corpus run
        for (int l = 0; l < kLayers; ++l) {
            for (int h = 0; h < kHeads; ++h) {
                const int row = model.rowOf(l, h);
                const HeadMetrics& m = metrics->at(l, h);
                QCOMPARE(model.value(row, 0), double(l));
                QCOMPARE(model.value(row, 1), double(h));
                QCOMPARE(model.value(row, hs), m.spectralEntropy);
                QCOMPARE(model.value(row, model.columnOf("band_mid")), m.bandMid);
                QCOMPARE(model.value(row, cA), m.scaleEntropy[0]);
                QCOMPARE(model.value(row, w32), m.windowEntropy[1]);
                QCOMPARE(model.value(row, a05 + 1), m.scaleSensitivity[1]);
                QCOMPARE(model.data(model.index(row, hs)).toString(),
                         QLocale().toString(m.spectralEntropy, 'g', 4));
            }
        }
        QCOMPARE(model.data(model.index(0, a05)).toString(), QStringLiteral("n/a"));

        // Numeric sort, descending spectral entropy; missing values after the numbers.
        QSortFilterProxyModel& proxy = *view.proxyModel();
        view.tableView()->sortByColumn(hs, Qt::DescendingOrder);
        for (int r = 1; r < proxy.rowCount(); ++r) {
            QVERIFY(proxy.index(r - 1, hs).data(HeadMetricsModel::kValueRole).toDouble() >=
                    proxy.index(r, hs).data(HeadMetricsModel::kValueRole).toDouble());
        }
        view.tableView()->sortByColumn(a05, Qt::AscendingOrder);
        QVERIFY(std::isnan(
            proxy.index(proxy.rowCount() - 1, a05).data(HeadMetricsModel::kValueRole).toDouble()));
        QCOMPARE(proxy.index(0, a05).data(HeadMetricsModel::kValueRole).toDouble(),
                 metrics->at(0, 1).scaleSensitivity[0]);  // the smallest that is not NaN
        view.tableView()->sortByColumn(hs, Qt::DescendingOrder);

        // Linked selection selects the row without emitting.
        QSignalSpy spy(&view, &HeadView::headSelected);
        view.setSelectedHead(2, 1);
        QCOMPARE(spy.count(), 0);
        QModelIndexList rows = view.tableView()->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(proxy.mapToSource(rows[0]).row(), model.rowOf(2, 1));

        // A click on the (sorted) third row selects its head.
        showView(view, nullptr, 900, 420);
        const QModelIndex third = proxy.index(2, hs);
        const int thirdSource = proxy.mapToSource(third).row();
        QTest::mouseClick(view.tableView()->viewport(), Qt::LeftButton, {},
                          view.tableView()->visualRect(third).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), model.layerOf(thirdSource));
        QCOMPARE(spy.last().at(1).toInt(), model.headOf(thirdSource));
        QVERIFY(saveScreenshot(view, QStringLiteral("metrics_table_view")));

        // Ctrl+C copies the selected row, with the header, as tab-separated exact values.
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(view.tableView(), Qt::Key_C, Qt::ControlModifier);
        QStringList lines =
            QGuiApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QStringList header = lines[0].split(QLatin1Char('\t'));
        QCOMPARE(header.size(), model.columnCount());
        QCOMPARE(header[0], QStringLiteral("Layer"));
        QCOMPARE(header[hs], QStringLiteral("Spectral entropy (nats)"));
        QStringList cells = lines[1].split(QLatin1Char('\t'));
        QCOMPARE(cells[0].toInt(), model.layerOf(thirdSource));
        QCOMPARE(cells[1].toInt(), model.headOf(thirdSource));
        for (int c = 2; c < model.columnCount(); ++c) {
            QCOMPARE(cells[c].toDouble(), model.value(thirdSource, c));  // exact round trip
        }

        // Nothing selected: every row, in the order shown.
        view.tableView()->clearSelection();
        view.copy();
        lines = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + kLayers * kHeads);
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const int source = proxy.mapToSource(proxy.index(r, 0)).row();
            QCOMPARE(lines[r + 1].split(QLatin1Char('\t'))[hs].toDouble(), model.value(source, hs));
        }
        // The NaN is copied as "nan" (readable by numpy and pandas).
        QVERIFY(lines.filter(QStringLiteral("\tnan")).size() == 1);
    }

    void tableHasRhoForACorpusRun() {
        const auto s = synthetic::corpusSnapshot();
        MetricsTableView view;
        view.setSnapshot(s);
        const int rho = view.model()->columnOf(kRhoKey);
        QVERIFY(rho > 0);
        for (int row = 0; row < kLayers * kHeads; ++row) {
            const double expected = s->run->summary->rhoHead[static_cast<std::size_t>(row)];
            const double shown = view.model()->value(row, rho);
            QVERIFY(shown == expected || (std::isnan(shown) && std::isnan(expected)));
        }
        view.setSnapshot(nullptr);
        QCOMPARE(view.model()->rowCount(), 0);
    }

    // --- TokenStrip ---------------------------------------------------------------------

    void tokenStripShowsTokensTintedByTheProfile() {
        const auto s = synthetic::snapshot();
        TokenStrip strip;
        strip.setSnapshot(s);
        QCOMPARE(strip.tokenCount(), kTokens);
        QCOMPARE(strip.tokenText(0), QStringLiteral("<s>"));
        QCOMPARE(strip.tokenText(1), QStringLiteral("\u2423Once"));  // visible word start
        QCOMPARE(strip.tokenText(14), QStringLiteral("\u21B5"));     // newline
        QCOMPARE(strip.tokenText(22), QStringLiteral("\u21E5"));     // tab
        QVERIFY(strip.toolTipFor(2).startsWith(
            QStringLiteral("Token 2 (id 1002)\n\u201C\u2423upon\u201D")));
        // Chips left to right, not overlapping.
        for (int i = 1; i < kTokens; ++i) {
            QVERIFY(strip.tokenRect(i).left() > strip.tokenRect(i - 1).right());
            QCOMPARE(strip.tokenAt(strip.tokenRect(i).center()), i);
        }
        QCOMPARE(strip.tokenAt(QPoint(-5, 5)), -1);

        // Nothing selected: untinted.
        const QColor plain = strip.palette().color(QPalette::AlternateBase);
        QCOMPARE(strip.tokenColor(0), plain);
        // The sink head (0, 3): token 0 receives the most attention and gets the full tint; the
        // others are mixed from the base colour by a(t) / a(0).
        strip.setSelectedHead(0, 3);
        const QColor base = strip.palette().color(QPalette::Base);
        const QColor tint = strip.palette().color(QPalette::Highlight);
        QCOMPARE(strip.tokenColor(0), tint);
        const std::vector<double>& a = s->detail(0, 3)->profile;
        const double f = a[5] / a[0];
        QCOMPARE(strip.tokenColor(5).red(),
                 static_cast<int>(std::lround(base.red() + f * (tint.red() - base.red()))));
        QVERIFY(strip.toolTipFor(5).endsWith(
            QStringLiteral("a(t) = %1 (layer 0, head 3)").arg(QString::number(a[5], 'g', 4))));
        strip.setTinted(false);
        QCOMPARE(strip.tokenColor(0), plain);
        strip.setTinted(true);

        // Hovering a chip reports its index; leaving reports -1.
        showView(strip, nullptr, 720, 120);
        strip.setSelectedHead(1, 1);
        QSignalSpy hovered(&strip, &TokenStrip::tokenHovered);
        QTest::mouseMove(strip.canvas(), strip.tokenRect(3).center());
        QTRY_VERIFY(!hovered.isEmpty());
        QCOMPARE(hovered.last().at(0).toInt(), 3);
        QVERIFY(saveScreenshot(strip, QStringLiteral("token_strip")));
        strip.scrollToToken(kTokens - 1);
        QTest::mouseMove(strip.canvas(), strip.tokenRect(kTokens - 1).center());
        QTRY_COMPARE(hovered.last().at(0).toInt(), kTokens - 1);

        strip.setSnapshot(nullptr);
        QCOMPARE(strip.tokenCount(), 0);
    }

    // --- RescalingView ------------------------------------------------------------------

    void rescalingSliderEmitsAlpha() {
        RescalingView view;
        QSlider* slider = view.slider();
        QCOMPARE(slider->minimum(), 10);  // alpha = value / 100
        QCOMPARE(slider->maximum(), 100);
        QCOMPARE(slider->singleStep(), 1);
        QCOMPARE(slider->tickInterval(), 5);
        QVERIFY(slider->hasTracking());
        const auto marked = RescalingView::markedAlphas();
        QVERIFY(std::find(marked.begin(), marked.end(), 0.5) != marked.end());
        QVERIFY(std::find(marked.begin(), marked.end(), 0.25) != marked.end());

        QSignalSpy spy(&view, &RescalingView::alphaChanged);
        view.setAlpha(0.3);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(view.alpha(), 0.3);
        QCOMPARE(view.valueText(), QStringLiteral("\u03B1 = 0.30"));
        view.setAlpha(5.0);  // clamped
        QCOMPARE(view.alpha(), 1.0);
        view.setAlpha(0.3);

        QTest::keyClick(slider, Qt::Key_Right);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toDouble(), 0.31);
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(spy.last().at(0).toDouble(), 0.10);

        // Dragging the handle emits while it moves, before the button is released.
        showView(view, nullptr, 720, 560);
        view.setAlpha(0.5);
        spy.clear();
        QStyleOptionSlider opt;
        opt.initFrom(slider);
        opt.orientation = Qt::Horizontal;
        opt.minimum = slider->minimum();
        opt.maximum = slider->maximum();
        opt.sliderPosition = slider->value();
        opt.sliderValue = slider->value();
        const QPoint handle =
            slider->style()
                ->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, slider)
                .center();
        QTest::mousePress(slider, Qt::LeftButton, {}, handle);
        for (int dx = 10; dx <= 60; dx += 10) {
            QTest::mouseMove(slider, handle + QPoint(dx, 0));
        }
        const qsizetype whileDragging = spy.count();
        QTest::mouseRelease(slider, Qt::LeftButton, {}, handle + QPoint(60, 0));
        QVERIFY2(whileDragging >= 3, qPrintable(QString::number(whileDragging)));
        double previous = 0.5;
        for (const QList<QVariant>& args : spy) {
            const double a = args.at(0).toDouble();
            QVERIFY(a > previous);                   // moving right increases alpha
            QCOMPARE(a, std::round(a * 100) / 100);  // on the 0.01 grid
            previous = a;
        }
    }

    void rescalingDrawsBothProfilesAndScalograms() {
        const auto a = synthetic::profile(1, 0);
        const auto r = rescaleOf(a, 0.5, 1, 0);
        RescalingView view;
        view.setAlpha(0.5);
        view.setRescale(r);
        const auto original = graphPoints(view.originalGraph());
        const auto stretched = graphPoints(view.stretchedGraph());
        QCOMPARE(original.size(), std::size_t{kTokens});
        QCOMPARE(stretched.size(), std::size_t{kTokens});
        for (int t = 0; t < kTokens; ++t) {
            QCOMPARE(original[static_cast<std::size_t>(t)].second,
                     r->original[static_cast<std::size_t>(t)]);
            QCOMPARE(stretched[static_cast<std::size_t>(t)].second,
                     r->stretched[static_cast<std::size_t>(t)]);
        }
        // The scalograms: cA4's coefficient 1 covers t = 11..21; cD1's coefficient 1 is at t = 2.
        const auto& co = r->originalCoefficients;
        const auto& cs = r->stretchedCoefficients;
        QCOMPARE(view.originalScalogram()->data()->cell(11, 0), co[0][1] * co[0][1]);
        QCOMPARE(view.stretchedScalogram()->data()->cell(11, 0), cs[0][1] * cs[0][1]);
        QCOMPARE(view.stretchedScalogram()->data()->cell(2, 4), cs[4][1] * cs[4][1]);
        // One colour scale: both maps use the same range, up to the larger maximum.
        QCOMPARE(view.originalScalogram()->dataRange(), view.stretchedScalogram()->dataRange());
        double hi = 0;
        for (const auto* c : {&co, &cs}) {
            for (const auto& row : *c) {
                for (double v : row) {
                    hi = std::max(hi, v * v);
                }
            }
        }
        QCOMPARE(view.originalScalogram()->dataRange().upper, hi);
        QVERIFY(std::isfinite(r->sensitivity));
        QVERIFY(
            view.title().contains(QStringLiteral("S(\u03B1) = %1").arg(r->sensitivity, 0, 'f', 4)));
        QVERIFY(view.title().startsWith(QStringLiteral("Layer 1, head 0, \u03B1 = 0.50 (m = 32")));
        QCOMPARE(view.valueText(), QStringLiteral("\u03B1 = 0.50  (m = 32 of 64 tokens)"));
        QCOMPARE(view.originalGraph()->name(), QStringLiteral("Original"));
        QCOMPARE(view.stretchedGraph()->name(), QStringLiteral("Stretched"));
        // The legend holds the two profiles only (not the scalograms, which have no name).
        QCOMPARE(view.plot()->legend->itemCount(), 2);
        showView(view, view.plot(), 720, 620);
        QVERIFY(saveScreenshot(view, QStringLiteral("rescaling_view")));
        // A dock's width: short row labels (the bands in the tooltips), position labels apart.
        view.resize(330, 560);
        view.plot()->replot();
        view.plot()->replot();
        QVERIFY(view.originalScalogramPlot().hasShortRowLabels());
        auto rows =
            view.originalScalogram()->valueAxis()->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(rows);
        QCOMPARE(rows->ticks().value(4), QStringLiteral("cD1"));
        // Both scalograms label the same rows.
        auto stretchedRows =
            view.stretchedScalogram()->valueAxis()->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(stretchedRows);
        QCOMPARE(stretchedRows->ticks(), rows->ticks());
        checkTickLabelsApart(view.stretchedScalogram()->keyAxis());
        checkTickLabelsApart(view.originalGraph()->keyAxis());
        QVERIFY(saveScreenshot(view, QStringLiteral("rescaling_view_narrow")));

        auto flat = std::make_shared<RescaleSnapshot>(*r);
        flat->sensitivity = std::numeric_limits<double>::quiet_NaN();
        view.setRescale(flat);
        QVERIFY(view.title().contains(QStringLiteral("S(\u03B1) undefined")));
        view.setRescale(nullptr);
        QVERIFY(view.originalGraph()->data()->isEmpty());
        QVERIFY(!view.originalScalogram()->visible());
    }

    // --- HeadGridView: scale sensitivity and rho ----------------------------------------

    void gridColoursByScaleSensitivityAndRho() {
        const auto s = synthetic::snapshot();
        HeadGridView grid;
        auto* box = grid.findChild<QComboBox*>(QStringLiteral("metricBox"));
        QVERIFY(box);
        // The catalogue's grid metrics, and rho for a corpus run.
        const int gridMetrics =
            static_cast<int>(std::count_if(kMetricCatalogue.begin(), kMetricCatalogue.end(),
                                           [](const MetricFamily& f) { return f.uses.headGrid; }));
        const QString sensitivity = QString::fromUtf8(kSensitivity.key);
        const QString rhoKey = QString::fromUtf8(kRhoKey);
        grid.setSnapshot(s);
        QCOMPARE(box->count(), gridMetrics);  // no rho without a corpus run
        QVERIFY(!grid.isMetricAvailable(rhoKey));
        grid.setMetric(sensitivity);
        QCOMPARE(grid.currentMetric(), sensitivity);
        for (int l = 0; l < kLayers; ++l) {
            for (int h = 0; h < kHeads; ++h) {
                QCOMPARE(grid.colorMap()->data()->cell(h, l),
                         s->metrics->at(l, h).scaleSensitivity[0]);  // the first alpha
            }
        }
        QCOMPARE(box->currentText(),
                 QStringLiteral("Scale sensitivity \u03B1 = 0.5 (1 \u2212 cos)"));
        grid.setMetric(rhoKey);  // not offered: ignored
        QCOMPARE(grid.currentMetric(), sensitivity);

        const auto corpus = synthetic::corpusSnapshot();
        grid.setSnapshot(corpus);
        QCOMPARE(box->count(), gridMetrics + 1);
        grid.setMetric(rhoKey);
        QCOMPARE(grid.currentMetric(), rhoKey);
        int finite = 0;
        for (int l = 0; l < kLayers; ++l) {
            for (int h = 0; h < kHeads; ++h) {
                const double rho =
                    corpus->run->summary->rhoHead[static_cast<std::size_t>(l * kHeads + h)];
                const double cell = grid.colorMap()->data()->cell(h, l);
                QVERIFY(cell == rho || (std::isnan(cell) && !std::isfinite(rho)));
                finite += std::isfinite(rho) ? 1 : 0;
            }
        }
        QVERIFY(finite > 0);
        QCOMPARE(grid.colorMap()->dataRange(), QCPRange(-1, 1));

        // Back to a single sequence through the old API: rho disappears, the grid falls back.
        grid.setMetrics(s->metrics);
        QCOMPARE(box->count(), gridMetrics);
        QCOMPARE(grid.currentMetric(), QString::fromUtf8(metricFamily("band_low").key));
        QCOMPARE(grid.colorMap()->data()->cell(1, 2), s->metrics->at(2, 1).bandLow);
    }

    // --- Themes -------------------------------------------------------------------------

    void viewsFollowTheDarkPalette() {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x30));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
        const auto s = synthetic::snapshot();

        SpectrumView spectrum;
        spectrum.setSnapshot(s);
        spectrum.setSelectedHead(1, 1);
        spectrum.pinHead(2, 1);
        QVERIFY(spectrum.plot()->xAxis->tickLabelColor() != dark.color(QPalette::WindowText));
        spectrum.setPalette(dark);  // what the app's theme switch does (QEvent::PaletteChange)
        QCOMPARE(spectrum.plot()->xAxis->tickLabelColor(), dark.color(QPalette::WindowText));
        QCOMPARE(spectrum.plot()->yAxis->labelColor(), dark.color(QPalette::WindowText));
        QCOMPARE(spectrum.bandLabel(1)->color(), dark.color(QPalette::WindowText));
        QCOMPARE(spectrum.plot()->legend->item(0)->textColor(), dark.color(QPalette::WindowText));
        showView(spectrum, spectrum.plot());
        QVERIFY(saveScreenshot(spectrum, QStringLiteral("spectrum_view_dark")));

        UncertaintyScatterView scatter;
        scatter.setSnapshot(s);
        scatter.setSelectedHead(0, 2);
        scatter.setPalette(dark);
        QCOMPARE(scatter.rhoLabel()->textColor(), dark.color(QPalette::WindowText));
        QCOMPARE(scatter.colorScale()->axis()->tickLabelColor(), dark.color(QPalette::WindowText));
        showView(scatter, scatter.plot(), 640, 480);
        QVERIFY(saveScreenshot(scatter, QStringLiteral("uncertainty_scatter_view_dark")));

        BandPowerView bands;
        bands.setSnapshot(s);
        bands.setPalette(dark);
        QCOMPARE(bands.layersRect()->axis(QCPAxis::atLeft)->tickLabelColor(),
                 dark.color(QPalette::WindowText));
    }
};

QTEST_MAIN(TestAnalysisViews)
#include "test_analysis_views.moc"
