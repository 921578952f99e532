// SPDX-License-Identifier: GPL-3.0-or-later
// The demo, end to end on the real window (offscreen): the bundled RoPE checkpoint opened and its
// text analysed into every view, the teaching patterns' known ordering, the positional-scheme
// comparison in the Timeline dock, and a "What am I looking at?" text on every view.
#include <qcustomplot.h>
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "app/demo.h"
#include "app/engine_controller.h"
#include "app/main_window.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_view.h"
#include "widgets/timeline_view.h"

using namespace headwave;

class TestDemoWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveDemoTest"));
        QSettings().clear();
    }

    void demoFolderIsFound() {
        const QString demo = demoFolder();
        QVERIFY2(!demo.isEmpty(), "resources/demo of the source tree");
        QVERIFY(QFileInfo(demoCheckpoint(demo, 512)).isDir());
        for (const QString& s : demoSchemes()) {
            QVERIFY2(QFileInfo(demoTwin(demo, s)).isDir(), qPrintable(s));
        }
        QVERIFY(demoFirstParagraph(demo).startsWith(QLatin1String("FIRST WATCHMAN:")));
        QVERIFY(!demoFirstParagraph(demo).contains(QLatin1String("SECOND")));
        // $HEADWAVE_DEMO comes first.
        const QString elsewhere = QDir::tempPath();
        qputenv("HEADWAVE_DEMO", elsewhere.toLocal8Bit());
        QCOMPARE(demoFolder(), QDir::cleanPath(QFileInfo(elsewhere).absoluteFilePath()));
        qunsetenv("HEADWAVE_DEMO");
        QCOMPARE(demoFolder(), demo);
    }

    void demoOpensAndFillsEveryView() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy failures(window.engine(), &EngineController::failed);
        QVERIFY(window.openDemo());
        // A 0.39 M-parameter model on ~190 byte tokens: a second; 60 s covers a loaded machine.
        QTRY_VERIFY_WITH_TIMEOUT(window.headGrid()->metrics() != nullptr, 60000);
        QCOMPARE(failures.count(), 0);
        const auto snapshot = window.engine()->analysis();
        QVERIFY(snapshot && snapshot->metrics);
        QCOMPARE(snapshot->metrics->shape.layers, 4);
        QCOMPARE(snapshot->metrics->shape.heads, 6);
        // Byte-level tokens of the first paragraph (plus any BOS).
        const int bytes = static_cast<int>(demoFirstParagraph(demoFolder()).toUtf8().size());
        QVERIFY(snapshot->metrics->shape.tokens >= bytes);
        QVERIFY(snapshot->metrics->shape.tokens <= bytes + 2);
        QVERIFY(QString::fromStdString(window.engine()->modelCard()->dir)
                    .endsWith(QLatin1String("rope/step-0512")));
        for (HeadView* v : window.views()) {
            QVERIFY2(v->snapshot() == snapshot, qPrintable(v->objectName()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmap()->attention() != nullptr, 30000);
        QTest::qWait(100);  // the heatmap's repaint
        const QString shot = QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/demo_window.png");
        QVERIFY(window.grab().save(shot));
    }

    void teachingPatternsHaveTheirKnownOrder() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.showTeachingPatterns();  // needs no model
        QTRY_VERIFY_WITH_TIMEOUT(window.headGrid()->metrics() != nullptr, 30000);
        QCOMPARE(failures.count(), 0);
        const auto snapshot = window.engine()->analysis();
        const SequenceMetrics& m = *snapshot->metrics;
        QCOMPARE(m.shape.layers, 1);
        QCOMPARE(m.shape.heads, 5);
        QCOMPARE(static_cast<int>(snapshot->tokens.size()), m.shape.tokens);
        QCOMPARE(snapshot->tokens.front().text, std::string("t0"));
        QCOMPARE(snapshot->tokens.back().text, "t" + std::to_string(m.shape.tokens - 1));
        QCOMPARE(static_cast<int>(snapshot->details.size()), 5);
        const auto& patterns = EngineController::teachingPatterns();
        QVERIFY(patterns.front() == SyntheticPattern::LocalBand);
        const auto head = [&](SyntheticPattern p) {
            return static_cast<int>(std::find(patterns.begin(), patterns.end(), p) -
                                    patterns.begin());
        };
        // The sink (80 % on token 0) has the lowest positional entropy, the local band (keys
        // i-4..i, inside the 8-token local window) the highest local share -- exactly 1.
        const int sink = head(SyntheticPattern::Sink);
        const int local = head(SyntheticPattern::LocalBand);
        for (int h = 0; h < 5; ++h) {
            if (h != sink) {
                QVERIFY(m.at(0, sink).positionalEntropy < m.at(0, h).positionalEntropy);
            }
            if (h != local) {
                QVERIFY(m.at(0, local).localShare > m.at(0, h).localShare);
            }
        }
        // Float32 attention rows sum to 1 within a few float epsilons (1.2e-7 each).
        QVERIFY(std::abs(m.at(0, local).localShare - 1.0) < 1e-6);
        for (HeadView* v : window.views()) {
            QVERIFY(v->snapshot() == snapshot);
        }
        // One layer still fills its row of the head grid (a colour map of height 1 has no extent
        // unless its range is given one).
        QCOMPARE(window.headGrid()->colorMap()->data()->valueSize(), 1);
        QVERIFY(window.headGrid()->colorMap()->data()->valueRange().size() > 0);
        // The heatmap shows the selected pattern's matrix (no model needed).
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmap()->attention() != nullptr, 30000);
        QCOMPARE(window.heatmap()->attention()->tokens, m.shape.tokens);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/demo_teaching.png")));
    }

    void positionalSchemesFillTheTimeline() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.timelineDock()->isVisible());
        QSignalSpy ready(window.engine(), &EngineController::timelineReady);
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.showDemoSchemes();
        // Five small models, four sequences each: seconds; 150 s covers a loaded machine.
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 150000);
        QCOMPARE(failures.count(), 0);
        const auto rows = window.timeline()->rows();
        QVERIFY(rows);
        QCOMPARE(static_cast<int>(rows->size()), static_cast<int>(demoSchemes().size()));
        QVERIFY(!window.timeline()->isTimeline());
        QCOMPARE(window.timeline()->entropyGraph()->dataCount(), static_cast<int>(rows->size()));
        QCOMPARE(window.timeline()->entropyGraph()->data()->at(0)->value,
                 rows->front().summary(metricFamily("spectral_entropy")).mean);
        QVERIFY(window.timelineDock()->isVisible());
        QVERIFY(window.timeline()->grab().save(
            QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/demo_schemes.png")));
    }

    void everyViewSaysWhatItShows() {
        MainWindow window;
        for (HeadView* v : window.views()) {
            QVERIFY2(v->whatsThis().size() > 40, qPrintable(v->objectName()));
        }
        QVERIFY(window.headGrid()->whatsThis().size() > 40);
        QVERIFY(window.heatmap()->whatsThis().size() > 40);
        QVERIFY(window.timeline()->whatsThis().size() > 40);
        QVERIFY(window.findChild<QAction*>(QStringLiteral("whatsThisAction")));
        QVERIFY(window.demoMenu());
        QVERIFY(window.demoMenu()->findChild<QAction*>(QStringLiteral("demoStep0")) ||
                window.findChild<QAction*>(QStringLiteral("demoStep0")));
    }
};

QTEST_MAIN(TestDemoWindow)
#include "test_demo_window.moc"
