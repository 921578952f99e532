// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end: the real main window, offscreen, on the real stories260K model. Opens the model,
// analyses a sentence, checks the controller's numbers against the engine (every head's detail and
// rho, the rescaling of a selected head), follows a head selection through the views, and saves
// screenshots of the whole window in the light and the dark theme into the build tree.
#include <qcustomplot.h>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTest>
#include <cmath>

#include "app/engine_controller.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "app/model_card_panel.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/statistics.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/empty_state.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_map_view.h"
#include "widgets/rescaling_view.h"
#include "widgets/spectrum_view.h"

using namespace headwave;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveTest"));
        QSettings().clear();
    }

    void analyzeSelectRescaleAndScreenshot() {
        const QString model = QStringLiteral(HEADWAVE_SHARED_DIR "/models/stories260K");
        if (!QDir(model).exists()) {
            QSKIP("../shared/models/stories260K is not there (the shared data is not checked out)");
        }
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);  // the default dock sizes are applied after the first layout pass

        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(model);
        // Loading maps 1 MB of weights: well under a second; 30 s covers a loaded machine.
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);
        const ModelConfig config = window.engine()->modelCard()->config;
        QCOMPARE(config.layers, 5);
        QCOMPARE(config.heads, 8);
        // The model card shows what was loaded.
        QCOMPARE(window.modelCardPanel()->value(QStringLiteral("layers")), QStringLiteral("5"));
        QVERIFY(
            window.modelCardPanel()->value(QStringLiteral("heads")).contains(QLatin1String("8")));
        QVERIFY(window.modelCardPanel()
                    ->value(QStringLiteral("context"))
                    .contains(QLatin1String("512")));

        // Before any analysis every view says what to do, not axes with made-up ranges.
        QTRY_VERIFY(EmptyState::text(window.headGrid()).contains(QLatin1String("Type a text")));
        for (auto* view : {static_cast<QWidget*>(window.headGrid()),
                           static_cast<QWidget*>(window.findChild<SpectrumView*>())}) {
            QVERIFY2(EmptyState::text(view).contains(QLatin1String("stories260K")),
                     qPrintable(EmptyState::text(view)));
        }
        QVERIFY(window.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/model_opened.png")));
        window.setText(
            QStringLiteral("Once upon a time, there was a little girl named Lily. She "
                           "loved to play outside in the park with her friends."));
        auto* analyze = window.findChild<QPushButton*>(QStringLiteral("analyzeButton"));
        QVERIFY(analyze);
        QVERIFY(analyze->isEnabled());
        QTest::mouseClick(analyze, Qt::LeftButton);

        HeadGridView* grid = window.headGrid();
        QTRY_VERIFY_WITH_TIMEOUT(grid->metrics() != nullptr, 60000);
        QCOMPARE(failures.count(), 0);
        const auto snapshot = window.engine()->analysis();
        QVERIFY(snapshot);
        QTRY_VERIFY(EmptyState::text(window.headGrid()).isEmpty());  // the data, no message
        const SequenceMetrics& m = *grid->metrics();
        QCOMPARE(m.shape.layers, 5);
        QCOMPARE(m.shape.heads, 8);
        const int T = m.shape.tokens;
        QCOMPARE(T, static_cast<int>(snapshot->tokens.size()));
        QVERIFY(T > 20);
        QCOMPARE(grid->colorMap()->data()->keySize(), 8);
        QCOMPARE(grid->colorMap()->data()->valueSize(), 5);
        // The grid shows the engine's numbers (the default metric is the low-band share).
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                QCOMPARE(grid->colorMap()->data()->cell(h, l), m.at(l, h).bandLow);
            }
        }

        // The snapshot carries its settings, every head's detail and rho. Each detail equals the
        // engine's HeadAnalyzer on the kept profile, bit for bit (same code, same input), and the
        // profile-only metrics agree with the full-matrix ones (same profile).
        QCOMPARE(snapshot->settings.toJson(), window.engine()->settings().toJson());
        QCOMPARE(static_cast<int>(snapshot->details.size()), 40);
        QCOMPARE(static_cast<int>(m.profiles.size()), 40);
        HeadAnalyzer reference(snapshot->settings, m.level);
        std::vector<double> hp;
        std::vector<double> hs;
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                const std::size_t i = static_cast<std::size_t>(l * 8 + h);
                HeadDetail expected;
                auto r = reference.analyzeProfile(m.profiles[i].data(), T, &expected);
                QVERIFY(r.ok());
                const HeadDetail* d = snapshot->detail(l, h);
                QVERIFY(d);
                QCOMPARE(d->profile, expected.profile);
                QCOMPARE(d->power, expected.power);
                QCOMPARE(d->frequency, expected.frequency);
                QCOMPARE(d->coefficients, expected.coefficients);
                QCOMPARE(static_cast<int>(d->coefficients.size()), m.level + 1);
                QCOMPARE(r->spectralEntropy, m.at(l, h).spectralEntropy);
                hp.push_back(m.at(l, h).positionalEntropy);
                hs.push_back(m.at(l, h).spectralEntropy);
            }
        }
        // rho: the engine's streaming Pearson over the 40 heads equals the two-pass reference
        // within 1e-12 (different summation order of 40 terms of size ~1).
        QVERIFY(std::isfinite(snapshot->rho));
        QVERIFY(std::abs(snapshot->rho - pearson(hp.data(), hs.data(), hp.size())) < 1e-12);

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
        // (While the new head's attention is computed the heatmap says so, showing no other head.)
        QTRY_VERIFY_WITH_TIMEOUT(heatmap->attention() && heatmap->attention()->layer == 3 &&
                                     heatmap->attention()->head == 5,
                                 30000);
        const HeadAttention& a = *heatmap->attention();
        QCOMPARE(a.tokens, T);
        QCOMPARE(heatmap->colorMap()->data()->keySize(), T);
        QCOMPARE(heatmap->colorMap()->data()->valueSize(), T);
        // Post-softmax rows sum to 1 (float32 sums of <= 40 terms: within 1e-5), and the model is
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

        // Every linked view follows the selection.
        for (HeadView* v : window.views()) {
            QCOMPARE(v->selectedLayer(), 3);
            QCOMPARE(v->selectedHead(), 5);
        }

        // The rescaling slider moved to alpha = 0.5 for the selected head (0.01 per step).
        QSignalSpy rescaled(window.engine(), &EngineController::rescaleReady);
        QSlider* slider = window.rescaling()->slider();
        auto sliderAt = [slider](double alpha) {
            return slider->minimum() +
                   qRound((alpha - RescalingView::kMinAlpha) / RescalingView::kAlphaStep);
        };
        slider->setValue(sliderAt(0.5));
        QVERIFY(std::abs(window.alpha() - 0.5) < 1e-9);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->rescale() &&
                                     std::abs(window.engine()->rescale()->alpha - 0.5) < 1e-9 &&
                                     window.engine()->rescale()->layer == 3,
                                 30000);
        const RescaleSnapshot& r = *window.engine()->rescale();
        QCOMPARE(window.rescaling()->rescale().get(), &r);  // the view shows it
        QCOMPARE(r.head, 5);
        QCOMPARE(r.generation, snapshot->generation);
        QCOMPARE(r.tokens, T);
        QCOMPARE(r.subsampledTokens, T / 2);  // floor(alpha T)
        QCOMPARE(r.original, m.profiles[3 * 8 + 5]);
        QCOMPARE(static_cast<int>(r.stretched.size()), T);
        // S(alpha) is the engine's scaleSensitivity of the two profiles (exactly: same call), and
        // the coefficient sets are the engine's db2 of each.
        QCOMPARE(r.sensitivity,
                 scaleSensitivity(r.original.data(), r.stretched.data(), T, m.level));
        QVERIFY(r.sensitivity >= 0.0 && r.sensitivity <= 2.0);
        QCOMPARE(r.originalCoefficients, wavedec(r.original.data(), T, m.level));
        QCOMPARE(r.stretchedCoefficients, wavedec(r.stretched.data(), T, m.level));
        // The stretched profile is an independent re-run of the engine on the subsampled ids:
        // the model's layer-3 attention of head 5, its profile, stretched back to T.
        {
            auto model2 = loadAttentionModel(model.toStdString());
            QVERIFY(model2.ok());
            auto idx = subsampleIndices(T, r.alpha, snapshot->settings.subsampling);
            QVERIFY(idx.ok());
            std::vector<int> sub;
            for (int i : idx.value()) {
                sub.push_back(snapshot->tokens[static_cast<std::size_t>(i)].id);
            }
            const int n = static_cast<int>(sub.size());
            ModelAttentionSource source(**model2, sub, "check");
            auto layer = source.layer(3);
            QVERIFY(layer.ok());
            HeadAnalyzer ha(snapshot->settings, m.level);
            auto small = ha.profile(layer->f32() + static_cast<std::size_t>(5 * n * n), n);
            QVERIFY(small.ok());
            const auto stretched = stretchProfile(small->data(), n, T);
            // Same model, same ids, same float32 kernels: equal within float32 rounding of a
            // different run (1e-6 relative to the profile's mass of 1).
            for (int t = 0; t < T; ++t) {
                QVERIFY(std::abs(stretched[static_cast<std::size_t>(t)] -
                                 r.stretched[static_cast<std::size_t>(t)]) < 1e-6);
            }
        }

        // A slider drag: several alphas in a row; the last one wins and nothing older arrives
        // after it.
        rescaled.clear();
        for (double alpha : {0.9, 0.8, 0.7, 0.6}) {
            slider->setValue(sliderAt(alpha));
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(window.engine()->rescale()->alpha - 0.6) < 1e-9, 30000);
        QTest::qWait(200);
        QVERIFY(std::abs(window.engine()->rescale()->alpha - 0.6) < 1e-9);
        QVERIFY(std::abs(window.rescaling()->rescale()->alpha - 0.6) < 1e-9);
        QVERIFY(rescaled.count() >= 1 && rescaled.count() <= 4);

        // An arrow key moves the selection and the heatmap follows again.
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_Down);
        QTRY_VERIFY_WITH_TIMEOUT(heatmap->attention() && heatmap->attention()->layer == 4 &&
                                     heatmap->attention()->head == 5,
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->rescale()->layer == 4, 30000);
        QCOMPARE(failures.count(), 0);

        // Screenshots in both themes (the views re-colour on the palette change).
        for (const auto& [theme, name] :
             {std::pair{Theme::Light, "light"}, std::pair{Theme::Dark, "dark"}}) {
            window.setTheme(theme);
            QTest::qWait(100);
            const QString path =
                QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/main_window_%1.png").arg(name);
            QVERIFY(window.grab().save(path));
            qInfo("screenshot: %s", qPrintable(path));
        }
        window.setTheme(Theme::System);
    }

    // The head map dock: the engine's map of the analysed heads (computeHeadMap on the same
    // metrics, so the points are its numbers exactly), a click on a similar head selects it in
    // every view, another k computes the map again. Saves head_map.png and
    // main_window_head_map.png.
    void headMapOfTheAnalysis() {
        const QString model = QStringLiteral(HEADWAVE_SHARED_DIR "/models/stories260K");
        if (!QDir(model).exists()) {
            QSKIP("../shared/models/stories260K is not there (the shared data is not checked out)");
        }
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(model);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);
        window.setText(
            QStringLiteral("Once upon a time, there was a little girl named Lily. She loved to "
                           "play outside in the park with her friends. One day she found a red "
                           "ball under a big tree."));
        auto* analyze = window.findChild<QPushButton*>(QStringLiteral("analyzeButton"));
        QVERIFY(analyze);
        QTest::mouseClick(analyze, Qt::LeftButton);
        HeadMapView* view = window.headMapView();
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->headMap() != nullptr, 60000);
        QCOMPARE(failures.count(), 0);
        QVERIFY(EmptyState::text(view).isEmpty());
        const auto snapshot = window.engine()->analysis();
        auto expected = computeHeadMap({headMapSource(*snapshot, snapshot->sourceName)}, {});
        QVERIFY(expected.ok());
        const HeadMap& map = *view->headMap();
        QCOMPARE(map.size(), std::size_t{40});
        QCOMPARE(map.k, expected->k);
        QCOMPARE(map.classes, expected->classes);
        QCOMPARE(view->classCurves(), map.k);
        int points = 0;
        for (int c = 0; c < view->classCurves(); ++c) {
            for (auto it = view->classCurve(c)->data()->constBegin();
                 it != view->classCurve(c)->data()->constEnd(); ++it) {
                const auto i = static_cast<std::size_t>(it->t);
                QCOMPARE(it->key, expected->pc(i, 0));
                QCOMPARE(it->value, expected->pc(i, 1));
                ++points;
            }
        }
        QCOMPARE(points, 40);
        // The head grid colours by the same classes on request.
        const QString classKey = QLatin1String(HeadGridView::kHeadMapClassKey);
        QVERIFY(window.headGrid()->isMetricAvailable(classKey));
        window.headGrid()->setMetric(classKey);
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                QCOMPARE(window.headGrid()->colorMap()->data()->cell(h, l),
                         static_cast<double>(map.classes[static_cast<std::size_t>(l * 8 + h)]));
            }
        }

        // Show the dock, select head (2, 3) elsewhere, then its most similar head in the list.
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("headMapDock"));
        QVERIFY(dock);
        dock->raise();
        QTest::qWait(50);
        window.selectHead(2, 3);
        QListWidget* list = view->similarList();
        QTRY_COMPARE(list->count(), 10);
        if (QTabWidget* tabs = view->tabs()) {  // a narrow dock: the list is a tab
            tabs->setCurrentIndex(1);
            QTest::qWait(50);
        }
        const int nearest = map.neighbour(static_cast<std::size_t>(map.find(0, 2, 3)), 0);
        const HeadMapHead& target = map.heads[static_cast<std::size_t>(nearest)];
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(0)).center());
        QTRY_COMPARE(window.headGrid()->selectedLayer(), target.layer);
        QCOMPARE(window.headGrid()->selectedHead(), target.head);
        QCOMPARE(window.state()->data().layer, target.layer);
        QCOMPARE(window.state()->data().head, target.head);

        QTRY_VERIFY_WITH_TIMEOUT(window.heatmap()->attention() &&
                                     window.heatmap()->attention()->layer == target.layer &&
                                     window.heatmap()->attention()->head == target.head,
                                 30000);
        if (QTabWidget* tabs = view->tabs()) {
            tabs->setCurrentIndex(0);  // the map in the window's screenshot
        }
        QTest::qWait(100);  // the views' queued replots
        QVERIFY(window.grab().save(
            QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/main_window_head_map.png")));
        if (QTabWidget* tabs = view->tabs()) {
            tabs->setCurrentIndex(0);
        }
        QTest::qWait(50);
        QVERIFY(view->grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/head_map_app.png")));
        // The dock floated and wider: the map and the list side by side.
        dock->setFloating(true);
        dock->resize(900, 520);
        QTest::qWait(100);
        QVERIFY(view->tabs() == nullptr);
        QVERIFY(
            view->grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/head_map_app_wide.png")));

        // Three classes: the engine computes the map again with k = 3.
        view->classesBox()->setCurrentIndex(view->classesBox()->findData(3));
        QTRY_VERIFY_WITH_TIMEOUT(view->headMap() && view->headMap()->k == 3, 30000);
        QVERIFY(!view->headMap()->kChosen);
        QCOMPARE(view->classCurves(), 3);
        QCOMPARE(window.state()->data().headMapK, 3);
        QCOMPARE(failures.count(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
