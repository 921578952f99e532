// SPDX-License-Identifier: GPL-3.0-or-later
// The app's bridge (EngineController) driven from the GUI thread while its worker runs, on a
// deterministic stand-in for the libtorch plugin (standin_torch_plugin.cpp, loaded through
// headwave_torch_lazy as the app loads the real one) and a demo model folder's config.json and
// tokenizer.json. Needs no libtorch and no widgets, so it also runs under ThreadSanitizer
// (scripts/ci-hardening.sh, tsan.engine_bridge): opening, analysing, latest-wins requests,
// rescaling while a slider is dragged, cancellation at random points, corpus runs saved and
// opened again, the checkpoint timeline, and controllers destroyed in the middle of a job.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <random>

#include "app/engine_controller.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/model/attention_model.h"
#include "headwave/tokenizer/tokenizer.h"

using namespace headwave;

namespace {

const QString kDemo = QStringLiteral(HEADWAVE_SOURCE_DIR "/resources/demo");
const QString kModel = kDemo + QStringLiteral("/rope/step-0512");

QString speech(int i) {
    const char* texts[] = {
        "Friends, I come not to praise the storm but to ask it where it put my hat.",
        "Good morrow, cousin; the river rose in the night and took the bridge with it.",
        "What light is this that burns so late upon the hill where shepherds sleep?",
        "Speak softly, for the walls of this old house have ears and long memories.",
    };
    return QString::fromLatin1(texts[i % 4]) + QStringLiteral(" (%1)").arg(i);
}

// The analysis the bridge should publish for `text`, computed here without it: same model
// library, tokenizer, settings and analyzer, on this thread.
SequenceMetrics expectedMetrics(const QString& text, const MethodSettings& settings) {
    auto model = loadAttentionModel(kModel.toStdString());
    auto tokenizer = loadTokenizer(kModel.toStdString());
    if (!model || !tokenizer) {
        qFatal("the stand-in model or the demo tokenizer did not load");
    }
    auto encoding = (*tokenizer)->encode(text.toStdString(), true);
    std::vector<int> ids;
    for (const Token& t : encoding->tokens) {
        ids.push_back(t.id);
    }
    const int T = static_cast<int>(ids.size());
    ModelAttentionSource source(**model, ids, (*model)->info().name);
    AnalyzerOptions options;
    options.keepProfiles = true;
    SequenceAnalyzer analyzer(settings, resolveWaveletLevel(settings, T).value(), options);
    auto metrics = analyzer.run(source, {}, {});
    if (!metrics) {
        qFatal("%s", metrics.error().message.c_str());
    }
    return metrics.value();
}

}  // namespace

class TestEngineBridge : public QObject {
    Q_OBJECT

private:
    std::mt19937 m_random{20261130};

    int randomMs(int max) { return std::uniform_int_distribution<int>(0, max)(m_random); }

    static void openDemo(EngineController& engine) {
        engine.openModel(kModel);
        QTRY_VERIFY_WITH_TIMEOUT(engine.hasModel(), 30000);
    }

private Q_SLOTS:
    void initTestCase() {
        // The stand-in, not the real plugin beside the programs of a normal build. Set before any
        // thread starts; the plugin is loaded at the first model.
        qputenv("HEADWAVE_TORCH_PLUGIN", HEADWAVE_STANDIN_PLUGIN);
        // A few milliseconds per layer, so that cancellations and destructions land mid-pass.
        qputenv("HEADWAVE_STANDIN_LAYER_MS", "2");
        auto model = loadAttentionModel(kModel.toStdString());
        QVERIFY2(model, model ? "" : model.error().describe().c_str());
        // The demo's weights are float16; the stand-in reports float32: it is the one loaded.
        QCOMPARE((*model)->info().storedDtype, std::string("F32"));
        QCOMPARE((*model)->config().layers, 4);
        QCOMPARE((*model)->config().heads, 6);
    }

    // The published snapshot is the engine's analysis of the text, number for number.
    void analysisArrivesIntact() {
        EngineController engine;
        QSignalSpy loaded(&engine, &EngineController::modelLoaded);
        QSignalSpy ready(&engine, &EngineController::analysisReady);
        QSignalSpy failures(&engine, &EngineController::failed);
        openDemo(engine);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(engine.modelCard()->config.layers, 4);
        QCOMPARE(engine.modelCard()->tokenizerKind.empty(), false);
        const QString text = speech(0);
        engine.analyze(text);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const auto snapshot = ready.at(0).at(0).value<std::shared_ptr<const AnalysisSnapshot>>();
        QVERIFY(snapshot && snapshot == engine.analysis());
        const SequenceMetrics expected = expectedMetrics(text, engine.settings());
        QCOMPARE(snapshot->metrics->shape.layers, 4);
        QCOMPARE(snapshot->metrics->shape.heads, 6);
        QCOMPARE(snapshot->metrics->shape.tokens, expected.shape.tokens);
        QCOMPARE(snapshot->details.size(), std::size_t{24});
        for (std::size_t i = 0; i < expected.heads.size(); ++i) {
            // Same code, same input, same thread count: bit-identical.
            QCOMPARE(snapshot->metrics->heads[i].spectralEntropy,
                     expected.heads[i].spectralEntropy);
            QCOMPARE(snapshot->metrics->heads[i].positionalEntropy,
                     expected.heads[i].positionalEntropy);
            QCOMPARE(snapshot->metrics->profiles[i], expected.profiles[i]);
            QCOMPARE(snapshot->details[i].profile, expected.profiles[i]);
        }
        QVERIFY(std::isfinite(snapshot->rho));
        QCOMPARE(failures.count(), 0);
    }

    // Many analyses in a row: only the latest is published, whether the earlier ones were
    // replaced while pending, stopped while running or finished before the next request.
    void latestAnalysisWins() {
        EngineController engine;
        openDemo(engine);
        QSignalSpy ready(&engine, &EngineController::analysisReady);
        QSignalSpy failures(&engine, &EngineController::failed);
        for (int i = 0; i < 12; ++i) {
            engine.analyze(speech(i));  // no event processed between: one result at most
        }
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        QTest::qWait(50);
        QCOMPARE(ready.count(), 1);
        const QString last = speech(11);
        QCOMPARE(engine.analysis()->metrics->shape.tokens,
                 expectedMetrics(last, engine.settings()).shape.tokens);

        ready.clear();
        std::uint64_t generation = engine.analysis()->generation;
        for (int i = 0; i < 20; ++i) {
            engine.analyze(speech(i));
            QTest::qWait(randomMs(20));  // some finish, some are replaced or stopped
        }
        const auto expected = expectedMetrics(speech(19), engine.settings());
        QTRY_VERIFY_WITH_TIMEOUT(
            engine.analysis() &&
                engine.analysis()->metrics->heads[5].spectralEntropy ==
                    expected.heads[5].spectralEntropy &&
                engine.analysis()->tokens.size() == static_cast<std::size_t>(expected.shape.tokens),
            30000);
        for (const auto& args : ready) {
            const auto s = args.at(0).value<std::shared_ptr<const AnalysisSnapshot>>();
            QVERIFY(s->generation > generation);  // published in request order, never an older one
            generation = s->generation;
        }
        QCOMPARE(failures.count(), 0);
    }

    // A slider dragged faster than the model runs: every request replaces the pending one;
    // results arrive in request order, the last request's result is the one left shown, and
    // attention requests interleaved with them are answered for the head last asked.
    void rescaleWhileDragging() {
        EngineController engine;
        openDemo(engine);
        QSignalSpy ready(&engine, &EngineController::analysisReady);
        QSignalSpy rescaled(&engine, &EngineController::rescaleReady);
        QSignalSpy attention(&engine, &EngineController::attentionReady);
        QSignalSpy failures(&engine, &EngineController::failed);
        engine.analyze(speech(2) + QLatin1Char(' ') + speech(3));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const auto analysis = engine.analysis();
        const int T = analysis->metrics->shape.tokens;
        double lastAlpha = 0;
        int requests = 0;
        for (; requests < 31; ++requests) {  // alpha 0.95, 0.93, ..., 0.35
            lastAlpha = 0.95 - 0.02 * requests;
            engine.requestRescale(2, 3, lastAlpha);
            if (requests % 5 == 0) {
                engine.requestAttention(requests % 4, 5 - requests % 6);
            }
            QTest::qWait(randomMs(6));
        }
        engine.requestAttention(1, 4);
        QTRY_VERIFY_WITH_TIMEOUT(engine.rescale() && engine.rescale()->alpha == lastAlpha, 30000);
        QVERIFY(rescaled.count() >= 1 && rescaled.count() <= requests);
        double previous = 2.0;
        for (const auto& args : rescaled) {
            const auto r = args.at(0).value<std::shared_ptr<const RescaleSnapshot>>();
            QVERIFY(r->alpha < previous);  // request order
            previous = r->alpha;
            QCOMPARE(r->layer, 2);
            QCOMPARE(r->head, 3);
            QCOMPARE(r->tokens, T);
            QVERIFY(r->subsampledTokens < T);
            QCOMPARE(r->original, analysis->metrics->profiles[2 * 6 + 3]);
            QCOMPARE(r->stretched.size(), static_cast<std::size_t>(T));
            QVERIFY(std::isfinite(r->sensitivity));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!attention.isEmpty(), 30000);
        const auto a = attention.last().at(0).value<std::shared_ptr<const HeadAttention>>();
        QCOMPARE(a->layer, 1);
        QCOMPARE(a->head, 4);
        QCOMPARE(a->tokens, T);
        for (int i = 0; i < T; ++i) {  // causal and row-stochastic, as the model gave it
            double sum = 0;
            for (int j = 0; j < T; ++j) {
                const float p = a->probs[static_cast<std::size_t>(i * T + j)];
                QVERIFY(j <= i || p == 0.0f);
                sum += static_cast<double>(p);
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);  // float32 rows of up to 256 terms
        }
        QCOMPARE(failures.count(), 0);
    }

    // Cancelling an analysis at random points (before it starts, while it runs, after it has
    // finished): nothing is published after the stop request, no error is shown, and the next
    // analysis gives the same numbers as an uncancelled one.
    void cancelAtRandomPoints() {
        EngineController engine;
        openDemo(engine);
        QSignalSpy ready(&engine, &EngineController::analysisReady);
        QSignalSpy failures(&engine, &EngineController::failed);
        const QString text = speech(1) + QLatin1Char(' ') + speech(2);
        qsizetype atCancel = 0;
        int stoppedEarly = 0;  // cancelled before its result was shown
        for (int i = 0; i < 60; ++i) {
            engine.analyze(text);
            QTest::qWait(randomMs(30));
            QVERIFY(ready.count() <= atCancel + 1);
            stoppedEarly += ready.count() == atCancel ? 1 : 0;
            atCancel = ready.count();
            if (i % 2 == 0) {
                engine.cancelAnalysis();
            } else {
                engine.cancelAll();
            }
            QTest::qWait(randomMs(5));
            QCOMPARE(ready.count(), atCancel);  // nothing after the stop request
        }
        QTest::qWait(50);
        QCOMPARE(ready.count(), atCancel);
        QCOMPARE(failures.count(), 0);
        QVERIFY(stoppedEarly > 0);  // the race was really run
        engine.analyze(text);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), atCancel + 1, 30000);
        const auto expected = expectedMetrics(text, engine.settings());
        for (std::size_t i = 0; i < expected.heads.size(); ++i) {
            QCOMPARE(engine.analysis()->metrics->profiles[i], expected.profiles[i]);
        }
        qInfo("%d of 60 analyses stopped before their result was shown", stoppedEarly);
    }

    // A corpus run saved to a file, the file opened again (the same per-head means), and a run
    // cancelled at random points writes nothing.
    void corpusRunSavedAndOpened() {
        EngineController engine;
        openDemo(engine);
        QSignalSpy ready(&engine, &EngineController::analysisReady);
        QSignalSpy saved(&engine, &EngineController::resultsSaved);
        QSignalSpy sequences(&engine, &EngineController::corpusProgress);
        QSignalSpy failures(&engine, &EngineController::failed);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("demo.hwrun"));
        RunSettings settings;
        settings.method = engine.settings();
        settings.corpus.minTokens = 64;
        settings.corpus.maxTokens = 128;
        settings.sequenceWorkers = 2;
        const QString corpus = kDemo + QStringLiteral("/text.txt");
        engine.runCorpus(corpus, settings, out);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
        QCOMPARE(saved.count(), 1);
        QVERIFY(!sequences.isEmpty());
        const auto run = engine.analysis();
        QVERIFY(run->run && run->run->sequences() >= 4);
        engine.openResults(out);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 30000);
        const auto reopened = engine.analysis();
        QVERIFY(reopened->run && reopened != run);
        for (std::size_t i = 0; i < run->metrics->heads.size(); ++i) {
            QCOMPARE(reopened->metrics->heads[i].spectralEntropy,
                     run->metrics->heads[i].spectralEntropy);
        }

        // Cancelled at random points: a run stopped before its end writes nothing; one that had
        // finished and written its file before the request reports it (resultsSaved).
        for (int i = 0; i < 8; ++i) {
            engine.runCorpus(corpus, settings,
                             dir.filePath(QStringLiteral("cancelled-%1.hwrun").arg(i)));
            QTest::qWait(randomMs(60));
            engine.cancelCorpus();
        }
        // Jobs run in order and their results are delivered in order: once this run's result is
        // shown, every cancelled run has ended and its messages have arrived.
        const qsizetype shown = ready.count();  // runs that had finished before their cancel
        engine.runCorpus(corpus, settings);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), shown + 1, 60000);
        int written = 0;
        for (int i = 0; i < 8; ++i) {
            written +=
                QFile::exists(dir.filePath(QStringLiteral("cancelled-%1.hwrun").arg(i))) ? 1 : 0;
        }
        QCOMPARE(saved.count(), 1 + written);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1 + written);
        QCOMPARE(failures.count(), 0);
        QCOMPARE(engine.analysis()->run->sequences(), run->run->sequences());
    }

    // The checkpoint timeline loads every checkpoint through the plugin on the worker.
    void timelineOfCheckpoints() {
        EngineController engine;
        QSignalSpy rows(&engine, &EngineController::timelineReady);
        QSignalSpy failures(&engine, &EngineController::failed);
        QStringList dirs;
        for (const char* step : {"step-0000", "step-0128", "step-0512"}) {
            dirs << kDemo + QStringLiteral("/rope/") + QLatin1String(step);
        }
        engine.requestTimeline(dirs, kDemo + QStringLiteral("/text.txt"));
        engine.requestTimeline(dirs, kDemo + QStringLiteral("/text.txt"));  // replaces the first
        QTRY_COMPARE_WITH_TIMEOUT(rows.count(), 1, 60000);
        const auto result =
            rows.at(0).at(0).value<std::shared_ptr<const std::vector<TimelineRow>>>();
        QCOMPARE(result->size(), std::size_t{3});
        QCOMPARE(result->at(2).step, 512);
        QCOMPARE(result->at(2).heads, 24);
        QCOMPARE(failures.count(), 0);
    }

    // Controllers destroyed while loading, analysing, rescaling or running a corpus: the
    // destructor stops and joins the worker; nothing is delivered to a destroyed object.
    void destroyedMidJob() {
        for (int i = 0; i < 24; ++i) {
            auto engine = std::make_unique<EngineController>();
            engine->openModel(kModel);
            if (i % 4 != 0) {
                QTRY_VERIFY_WITH_TIMEOUT(engine->hasModel(), 30000);
                engine->analyze(speech(i));
                if (i % 4 == 2) {
                    QTRY_VERIFY_WITH_TIMEOUT(engine->analysis() != nullptr, 30000);
                    engine->requestRescale(1, 1, 0.5);
                    engine->requestAttention(3, 2);
                } else if (i % 4 == 3) {
                    RunSettings settings;
                    settings.corpus.minTokens = 64;
                    settings.corpus.maxTokens = 128;
                    engine->runCorpus(kDemo + QStringLiteral("/text.txt"), settings);
                }
            }
            QTest::qWait(randomMs(15));
            engine.reset();
            QTest::qWait(1);  // events posted before the destruction are discarded, not run
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineBridge)
#include "test_engine_bridge.moc"
