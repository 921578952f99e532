// End-to-end: the real main window, offscreen, on the real stories260K model. Opens the model,
// analyses a sentence, waits for the head grid, selects a head, checks the heatmap follows, and
// saves a screenshot of the whole window into the build tree.
#include <qcustomplot.h>
#include <QDir>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "app/engine_controller.h"
#include "app/main_window.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/head_grid_view.h"

using namespace headwave;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveTest"));
    }

    void analyseSelectAndScreenshot() {
        const QString model = QStringLiteral(HEADWAVE_SHARED_DIR "/models/stories260K");
        if (!QDir(model).exists()) {
            QSKIP("../shared/models/stories260K is not there (the shared data is not checked out)");
        }
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(model);
        // Loading maps 1 MB of weights: well under a second; 30 s covers a loaded machine.
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);
        const ModelConfig config = window.engine()->modelCard()->config;
        QCOMPARE(config.layers, 5);
        QCOMPARE(config.heads, 8);

        window.setText(QStringLiteral("Once upon a time, there was a little girl named Lily."));
        auto* analyze = window.findChild<QPushButton*>(QStringLiteral("analyzeButton"));
        QVERIFY(analyze);
        QVERIFY(analyze->isEnabled());
        QTest::mouseClick(analyze, Qt::LeftButton);

        HeadGridView* grid = window.headGrid();
        QTRY_VERIFY_WITH_TIMEOUT(grid->metrics() != nullptr, 60000);
        QCOMPARE(failures.count(), 0);
        const auto snapshot = window.engine()->analysis();
        QVERIFY(snapshot);
        const SequenceMetrics& m = *grid->metrics();
        QCOMPARE(m.shape.layers, 5);
        QCOMPARE(m.shape.heads, 8);
        QCOMPARE(m.shape.tokens, static_cast<int>(snapshot->tokens.size()));
        QVERIFY(m.shape.tokens > 10);
        QCOMPARE(grid->colorMap()->data()->keySize(), 8);
        QCOMPARE(grid->colorMap()->data()->valueSize(), 5);
        // The grid shows the engine's numbers (the default metric is the low-band share).
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                QCOMPARE(grid->colorMap()->data()->cell(h, l), m.at(l, h).bandLow);
            }
        }

        // The first head is selected and its attention shown.
        AttentionHeatmapView* heatmap = window.heatmap();
        QTRY_VERIFY_WITH_TIMEOUT(heatmap->attention() != nullptr, 30000);
        QCOMPARE(heatmap->attention()->layer, 0);
        QCOMPARE(heatmap->attention()->head, 0);

        // Select layer 3, head 5 with a click; the heatmap follows.
        grid->plot()->replot();
        QTest::mouseClick(grid->plot(), Qt::LeftButton, {}, grid->cellCenter(3, 5).toPoint());
        QCOMPARE(grid->selectedLayer(), 3);
        QCOMPARE(grid->selectedHead(), 5);
        QTRY_VERIFY_WITH_TIMEOUT(
            heatmap->attention()->layer == 3 && heatmap->attention()->head == 5, 30000);
        const HeadAttention& a = *heatmap->attention();
        const int T = m.shape.tokens;
        QCOMPARE(a.tokens, T);
        QCOMPARE(heatmap->colorMap()->data()->keySize(), T);
        QCOMPARE(heatmap->colorMap()->data()->valueSize(), T);
        // Post-softmax rows sum to 1 (float32 sums of <= 20 terms: within 1e-5), and the model is
        // causal: nothing above the diagonal.
        for (int q = 0; q < T; ++q) {
            double sum = 0;
            for (int k = 0; k < T; ++k) {
                const float v = a.probs[static_cast<std::size_t>(q * T + k)];
                sum += static_cast<double>(v);
                if (k > q) {
                    QCOMPARE(v, 0.0f);
                }
            }
            QVERIFY2(std::abs(sum - 1.0) < 1e-5, qPrintable(QString::number(sum)));
        }
        // An arrow key moves the selection and the heatmap follows again.
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_Down);
        QTRY_VERIFY_WITH_TIMEOUT(
            heatmap->attention()->layer == 4 && heatmap->attention()->head == 5, 30000);
        QCOMPARE(failures.count(), 0);

        const QString path = QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/main_window.png");
        QVERIFY(window.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
