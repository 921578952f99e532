// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison workspace in the app (app/compare_window.h): sources added from the main window's
// analysis and from results files reach the engine's comparison through the worker and are drawn
// as it computed them; an incompatible source gets a clear message and nothing crashes; the figure
// set is written. The demo case opens two demo models (RoPE and NoPE twins), analyses the demo's
// text in each and compares them, saving a screenshot for a human to look at (skipped without the
// demo).
#include <qcustomplot.h>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "app/app_state.h"
#include "app/compare_window.h"
#include "app/demo.h"
#include "app/engine_controller.h"
#include "app/main_window.h"
#include "headwave/run/results_file.h"
#include "synthetic_run.h"
#include "widgets/comparison_view.h"
#include "widgets/empty_state.h"
#include "widgets/head_grid_view.h"

using namespace headwave;

namespace {

AnalysisPtr makeSnapshot(int layers, int heads, double offset) {
    auto metrics = std::make_shared<SequenceMetrics>();
    metrics->shape = {layers, heads, 40};
    metrics->level = 3;
    const MetricLayout layout(MethodSettings{}, 3);
    for (int i = 0; i < layers * heads; ++i) {
        metrics->heads.push_back(test::distinctMetrics(layout, offset + 0.5 * i));
    }
    auto s = std::make_shared<AnalysisSnapshot>();
    s->kind = AnalysisKind::Attention;
    s->sourceName = "synthetic";
    s->metrics = metrics;
    return s;
}

}  // namespace

class TestCompareWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sourcesReachTheEnginesComparison();
    void anIncompatibleSourceGetsAMessage();
    void resultsFilesAndTheFigureSet();
    void demoModelsSideBySide();
};

void TestCompareWindow::sourcesReachTheEnginesComparison() {
    EngineController engine;
    AnalysisPtr current;
    CompareWindow window(&engine, [&] { return current; });
    window.show();
    QVERIFY(!window.message().isEmpty());  // says what to do, over the empty views
    QCOMPARE(EmptyState::text(window.view()), window.message());
    QVERIFY(!window.addCurrentAnalysis());  // nothing analysed yet: a message, no source
    QVERIFY(window.message().contains(QStringLiteral("no analysis")));
    current = makeSnapshot(2, 3, 0);
    QVERIFY(window.addCurrentAnalysis());
    QVERIFY(window.message().contains(QStringLiteral("one more")));
    QVERIFY(!window.addCurrentAnalysis());  // the same analysis twice is refused
    QVERIFY(window.message().contains(QStringLiteral("already")));
    QCOMPARE(window.sources().size(), std::size_t{1});
    QSignalSpy shown(&window, &CompareWindow::comparisonShown);
    const AnalysisPtr b = makeSnapshot(2, 3, 5);
    window.addSource(QStringLiteral("synthetic"), b);  // same name: made unique
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    QCOMPARE(QString::fromStdString(window.sources()[1].label), QStringLiteral("synthetic (2)"));
    QVERIFY(window.message().isEmpty());
    QVERIFY(EmptyState::text(window.view()).isEmpty());
    const ComparisonView* view = window.view();
    QVERIFY(view->comparison());
    QCOMPARE(view->gridCount(), 3);
    for (int l = 0; l < 2; ++l) {
        for (int h = 0; h < 3; ++h) {
            const double va = current->metrics->at(l, h).spectralEntropy;
            const double vb = b->metrics->at(l, h).spectralEntropy;
            QCOMPARE(view->gridMap(0)->data()->cell(h, l), va);
            QCOMPARE(view->gridMap(1)->data()->cell(h, l), vb);
            QCOMPARE(view->gridMap(2)->data()->cell(h, l), vb - va);
        }
    }
}

void TestCompareWindow::anIncompatibleSourceGetsAMessage() {
    EngineController engine;
    CompareWindow window(&engine, [] { return AnalysisPtr(); });
    window.show();
    QSignalSpy shown(&window, &CompareWindow::comparisonShown);
    window.addSource(QStringLiteral("A"), makeSnapshot(2, 2, 0));
    window.addSource(QStringLiteral("B"), makeSnapshot(4, 3, 1));  // another shape: compared
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    QVERIFY(window.view()->banner()->text().contains(QStringLiteral("relative depth")));
    // A source with no per-head metrics: the engine's sentence, no comparison drawn, no crash.
    window.addSource(QStringLiteral("empty"), std::make_shared<AnalysisSnapshot>());
    QTRY_VERIFY_WITH_TIMEOUT(window.message().contains(QStringLiteral("'empty'")), 10000);
    QVERIFY(!window.view()->comparison());
    QCOMPARE(window.view()->gridCount(), 0);
    QCOMPARE(EmptyState::text(window.view()), window.message());  // over the views
    QVERIFY(
        window.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/compare_window_error.png")));
    // Removing it brings the comparison back.
    window.removeSource(2);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
    QVERIFY(window.view()->comparison());
    QVERIFY(window.message().isEmpty());
}

void TestCompareWindow::resultsFilesAndTheFigureSet() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("synthetic.hwrun"));
    QVERIFY(writeRunFile(path.toStdString(), *test::syntheticRun(MethodSettings{}, 3)).ok());
    EngineController engine;
    CompareWindow window(&engine, [] { return AnalysisPtr(); });
    window.show();
    QSignalSpy shown(&window, &CompareWindow::comparisonShown);
    window.addSourceFile(dir.filePath(QStringLiteral("missing.hwrun")));
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.message().isEmpty() && window.message().contains(QStringLiteral("missing.hwrun")),
        10000);
    QCOMPARE(window.sources().size(), std::size_t{0});
    window.addSourceFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.sources().size(), std::size_t{1}, 10000);
    QCOMPARE(QString::fromStdString(window.sources()[0].label), QStringLiteral("synthetic"));
    window.addSource(QStringLiteral("other"),
                     makeSnapshot(test::kSyntheticLayers, test::kSyntheticHeads, 2));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    QCOMPARE(window.view()->table()->rowCount(), 2);
    // An attention file is a source too: analysed on the worker, then compared.
    window.addSourceFile(
        QStringLiteral(HEADWAVE_SOURCE_DIR "/examples/synthetic-heads/sequence-1-T96.npy"));
    QTRY_COMPARE_WITH_TIMEOUT(window.sources().size(), std::size_t{3}, 30000);
    QCOMPARE(QString::fromStdString(window.sources()[2].label), QStringLiteral("sequence-1-T96"));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
    QCOMPARE(window.view()->table()->rowCount(), 3);

    const QString out = dir.filePath(QStringLiteral("figures"));
    QCOMPARE(window.exportFigureSetTo(out), QString());
    for (const char* file :
         {"grid_0.pdf", "grid_0.png", "grid_1.png", "difference_1.pdf", "band_shares.png",
          "uncertainty_scatter.pdf", "spectrum.png", "heads_spectral_entropy.csv",
          "band_shares.csv", "settings.csv", "compare.csv"}) {
        QVERIFY2(QFileInfo(QDir(out).filePath(QString::fromLatin1(file))).size() > 0, file);
    }
}

void TestCompareWindow::demoModelsSideBySide() {
    const QString demo = demoFolder();
    if (demo.isEmpty()) {
        QSKIP("no demo models (resources/demo)");
    }
    MainWindow main;
    main.resize(1200, 800);
    main.show();
    CompareWindow* compare = main.openCompareWindow();
    QSignalSpy shown(compare, &CompareWindow::comparisonShown);
    for (const QString& scheme : {QStringLiteral("rope"), QStringLiteral("none")}) {
        const AnalysisPtr before = main.state()->data().analysis;
        QVERIFY(main.openDemo(demoTwin(demo, scheme)));
        QTRY_VERIFY_WITH_TIMEOUT(main.state()->data().analysis &&
                                     main.state()->data().analysis != before &&
                                     main.state()->data().pending.intent == AppState::Intent::None,
                                 120000);
        QVERIFY(compare->addCurrentAnalysis());
    }
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 20000);
    // One selection: a click in the workspace selects the head in the main window, which shows
    // the second source (same shape: the same head) ...
    ComparisonView* view = compare->view();
    QVERIFY(QTest::qWaitForWindowExposed(compare));
    view->replotAll();
    QCustomPlot* grid = view->gridPlot(1);
    QTest::mouseClick(grid, Qt::LeftButton, {},
                      QPoint(static_cast<int>(grid->xAxis->coordToPixel(3)),
                             static_cast<int>(grid->yAxis->coordToPixel(2))));
    QCOMPARE(main.state()->data().layer, 2);
    QCOMPARE(main.state()->data().head, 3);
    // ... and a head selected in the main window is selected in the workspace.
    main.selectHead(1, 2);
    QCOMPARE(view->selectedLayer(), 1);
    QCOMPARE(view->selectedHead(), 2);
    compare->view()->replotAll();
    QVERIFY(compare->grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/compare_window.png")));
    // The figure set of real data, kept in the build tree for a human to look at.
    const QString figures = QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/compare_figures");
    QCOMPARE(compare->exportFigureSetTo(figures), QString());
    QVERIFY(QFileInfo(figures + QStringLiteral("/difference_1.png")).size() > 0);
}

QTEST_MAIN(TestCompareWindow)
#include "test_compare_window.moc"
