// The analysis views fed synthetic snapshots (synthetic_snapshot.h): what they draw (graph data,
// band rectangles, scalogram cells, scatter points, table cells, clipboard text) equals the
// snapshot's numbers, and the selection signals are emitted only for user actions. Each view also
// saves a screenshot into the build tree (HEADWAVE_SCREENSHOT_DIR) for a human to look at.
#include <qcustomplot.h>
#include <QCheckBox>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <limits>
#include <memory>

#include "synthetic_snapshot.h"
#include "widgets/spectrum_view.h"

using namespace headwave;
using synthetic::kHeads;
using synthetic::kLayers;
using synthetic::kTokens;

namespace {

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
};

QTEST_MAIN(TestAnalysisViews)
#include "test_analysis_views.moc"
