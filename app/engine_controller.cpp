#include "app/engine_controller.h"

#include "app/export/run_snapshot.h"

#include <QMetaObject>
#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <thread>
#include <utility>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/statistics.h"
#include "headwave/run/job_runner.h"
#include "headwave/run/results_file.h"
#include "headwave/run/synthetic_attention.h"

namespace headwave {

namespace {

Error exceptionError(const char* what) {
    return makeError(ErrorCode::Internal,
                     EngineController::tr("The engine failed unexpectedly; try again, and report "
                                          "it if it repeats.")
                         .toStdString(),
                     what);
}

Error outOfMemory(const QString& what) {
    return makeError(ErrorCode::OutOfMemory, what.toStdString());
}

// The translated text of a job stage reported by the engine ("layers", "rescaled 0.5", ...).
QString stageText(const std::string& stage) {
    if (stage == "weights") {
        return EngineController::tr("Loading the weights…");
    }
    if (stage == "tokenizer") {
        return EngineController::tr("Loading the tokenizer…");
    }
    if (stage == "tokenize") {
        return EngineController::tr("Tokenising…");
    }
    if (stage == "layers") {
        return EngineController::tr("Analysing the layers…");
    }
    if (stage == "forward") {
        return EngineController::tr("Running the model…");
    }
    if (stage == "details") {
        return EngineController::tr("Computing the spectra and scalograms…");
    }
    if (stage == "open") {
        return EngineController::tr("Opening the results file…");
    }
    if (stage == "save") {
        return EngineController::tr("Saving the results file…");
    }
    // Corpus runs report their own, already translated, stage text.
    return QString::fromStdString(stage);
}

// libtorch threads for one pass. A pass over a small model and a short sequence is a few hundred
// tiny kernels: a second OpenMP thread only adds a synchronisation per kernel, which on a busy
// machine (threads descheduled) costs a scheduler time slice each. Measured on stories260K
// (T = 229, hidden 64) with the other core busy: 300-1100 ms per pass with 2 threads. Below
// 2^16 activations per layer (T x hidden) one thread is used; above it, every core.
int passThreads(const AttentionModel& model, int tokens) {
    const long long activations =
        static_cast<long long>(tokens) * static_cast<long long>(model.config().hidden);
    if (activations < 65536) {
        return 1;
    }
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Every head's spectrum and coefficients from its kept profile, with the engine's own per-head
// code (the views never compute), and rho over the heads. Cancelled when stopped.
Status fillDetails(const SequenceMetrics& m, const MethodSettings& settings, int level,
                   std::stop_token stop, AnalysisSnapshot& snapshot) {
    HeadAnalyzer head(settings, level);
    snapshot.details.resize(m.profiles.size());
    RunningCorrelation rho;
    for (std::size_t i = 0; i < m.profiles.size(); ++i) {
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
        }
        auto r = head.analyzeProfile(m.profiles[i].data(), m.shape.tokens, &snapshot.details[i]);
        if (!r) {
            return r.error();
        }
        rho.add(m.heads[i].positionalEntropy, m.heads[i].spectralEntropy);
    }
    snapshot.rho = rho.r();
    return {};
}

}  // namespace

EngineController::EngineController(QObject* parent) : QObject(parent) {
    m_runner = std::make_unique<JobRunner>([this](const JobUpdate& u) { onUpdate(u); });
}

void EngineController::post(std::function<void()> delivery) {
    {
        std::lock_guard lock(m_postedMutex);
        m_posted.push_back(std::move(delivery));
    }
    // One wake-up per delivery, each running the oldest one: deliveries keep their order and
    // are interleaved with other events exactly as one queued call each would be (also in a
    // nested event loop, such as a blocking error's dialog). By name, so that nothing but Qt's
    // own event crosses the threads besides the mailbox.
    QMetaObject::invokeMethod(this, "deliverPosted", Qt::QueuedConnection);
}

void EngineController::deliverPosted() {
    std::function<void()> delivery;
    {
        std::lock_guard lock(m_postedMutex);
        if (m_posted.empty()) {
            return;
        }
        delivery = std::move(m_posted.front());
        m_posted.pop_front();
    }
    delivery();
}

EngineController::~EngineController() {
    // Join the worker before any member its jobs post to goes away. Wake-ups addressed to this
    // object are discarded by Qt when it is destroyed; undelivered deliveries go with m_posted.
    m_runner.reset();
}

bool EngineController::setSettings(const MethodSettings& settings) {
    if (Status s = settings.validate(); !s) {
        postError(s.error(), false);
        return false;
    }
    m_settings = settings;
    return true;
}

void EngineController::onUpdate(const JobUpdate& update) {
    const QString kind = QString::fromStdString(update.kind);
    const QString stage = stageText(update.stage);
    const double fraction = update.fraction;
    const bool finished = update.finished;
    post([=, this] {
        if (kind == QLatin1String(kJobLoad) && finished) {
            m_loading = false;
        }
        Q_EMIT progress(kind, fraction, stage, finished);
    });
}

void EngineController::postError(const Error& error, bool blocking) {
    const QString message = QString::fromStdString(error.message);
    const QString detail = QString::fromStdString(error.detail);
    post([=, this] { Q_EMIT failed(message, detail, blocking); });
}

void EngineController::postWarnings(const std::vector<std::string>& warnings) {
    for (const std::string& w : warnings) {
        const QString message = QString::fromStdString(w);
        post([=, this] { Q_EMIT warning(message); });
    }
}

void EngineController::publishAnalysis(std::shared_ptr<const AnalysisSnapshot> snapshot) {
    post([this, snapshot] {
        if (snapshot->generation != m_analysisGeneration) {
            return;  // superseded by a newer analysis, corpus run or results file
        }
        m_analysis = snapshot;
        m_rescale.reset();
        Q_EMIT analysisReady(snapshot);
    });
}

void EngineController::openModel(const QString& dir) {
    const std::uint64_t generation = ++m_loadGeneration;
    const std::string path = dir.toStdString();
    m_loading = true;
    m_runner->cancel(kJobLoad);
    m_runner->submit(
        kJobLoad,
        [this, path, generation](std::stop_token stop, JobProgress& progress) {
            try {
                progress.report(0.0, "weights");
                auto model = loadAttentionModel(path);
                if (!model) {
                    postError(model.error(), true);
                    return;
                }
                if (stop.stop_requested()) {
                    return;
                }
                progress.report(0.8, "tokenizer");
                auto tokenizer = loadTokenizer(path);
                if (!tokenizer) {
                    postError(tokenizer.error(), true);
                    return;
                }
                if (stop.stop_requested()) {
                    return;
                }
                auto card = std::make_shared<ModelCard>();
                card->dir = path;
                card->config = (*model)->config();
                card->info = (*model)->info();
                card->tokenizerKind = (*tokenizer)->kind();
                postWarnings(card->info.warnings);
                std::shared_ptr<AttentionModel> m(std::move(model.value()));
                std::shared_ptr<const Tokenizer> t(std::move(tokenizer.value()));
                std::shared_ptr<const ModelCard> c(std::move(card));
                post([this, m, t, c, generation] {
                    if (generation != m_loadGeneration) {
                        return;  // cancelled, or a newer openModel is on its way
                    }
                    m_model = m;
                    m_tokenizer = t;
                    m_card = c;
                    m_analysis.reset();
                    m_rescale.reset();
                    m_textModel.reset();     // the previous model's memory goes with it
                    ++m_analysisGeneration;  // results of the previous model are stale
                    Q_EMIT modelLoaded(c);
                });
            } catch (const std::bad_alloc&) {
                postError(outOfMemory(tr("There is not enough memory to load this model; close "
                                         "other programs or choose a smaller model.")),
                          true);
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), true);
            }
        },
        JobPolicy::CancelExplicitly);
}

void EngineController::cancelLoading() {
    ++m_loadGeneration;
    m_loading = false;
    m_runner->cancel(kJobLoad);
}

void EngineController::analyze(const QString& text) {
    if (!m_model || !m_tokenizer) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("Open a model first (File > Open model…).").toStdString()),
                  false);
        return;
    }
    const std::uint64_t generation = ++m_analysisGeneration;
    ++m_attentionGeneration;  // attention of the previous sequence is stale now
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    m_runner->cancel(kJobCorpus);
    const std::string input = text.toStdString();
    auto model = m_model;
    auto tokenizer = m_tokenizer;
    const MethodSettings settings = m_settings;
    m_textGeneration = generation;
    m_textModel = model;
    m_runner->submit(kJobAnalyze, [this, input, model, tokenizer, settings, generation](
                                      std::stop_token stop, JobProgress& progress) {
        try {
            progress.report(0.0, "tokenize");
            auto encoding = tokenizer->encode(input, true);
            if (!encoding) {
                postError(encoding.error(), false);
                return;
            }
            auto snapshot = std::make_shared<AnalysisSnapshot>();
            snapshot->generation = generation;
            snapshot->settings = settings;
            snapshot->tokens = std::move(encoding->tokens);
            const ModelConfig& config = model->config();
            if (config.maxPositions > 0 &&
                snapshot->tokens.size() > static_cast<std::size_t>(config.maxPositions)) {
                snapshot->warnings.push_back(
                    tr("The text has %1 tokens; only the first %2 (the model's context) were "
                       "analysed.")
                        .arg(snapshot->tokens.size())
                        .arg(config.maxPositions)
                        .toStdString());
                snapshot->tokens.resize(static_cast<std::size_t>(config.maxPositions));
            }
            std::vector<int> ids;
            ids.reserve(snapshot->tokens.size());
            for (const Token& t : snapshot->tokens) {
                ids.push_back(t.id);
            }
            const int T = static_cast<int>(ids.size());
            if (T < 2) {
                postError(makeError(ErrorCode::InvalidArgument,
                                    tr("The text gives fewer than 2 tokens; type a longer text to "
                                       "analyse.")
                                        .toStdString()),
                          false);
                return;
            }
            auto level = resolveWaveletLevel(settings, T);
            if (!level) {
                postError(level.error(), false);
                return;
            }
            model->setThreadsForCallingThread(passThreads(*model, T));
            ModelAttentionSource source(*model, ids, model->info().name);
            AnalyzerOptions options;
            options.keepProfiles = true;
            SequenceAnalyzer analyzer(settings, level.value(), options);
            auto metrics = analyzer.run(source, stop, [&progress](const Progress& p) {
                progress.report(0.9 * p.fraction, "layers");
            });
            if (!metrics) {
                if (metrics.error().code != ErrorCode::Cancelled) {
                    postError(metrics.error(), false);
                }
                return;
            }
            // Every head's spectrum and coefficients from its kept profile, with the engine's own
            // per-head code (the views never compute), and rho over the heads.
            progress.report(0.9, "details");
            const SequenceMetrics& m = metrics.value();
            if (Status d = fillDetails(m, settings, level.value(), stop, *snapshot); !d) {
                if (d.error().code != ErrorCode::Cancelled) {
                    postError(d.error(), false);
                }
                return;
            }
            for (const std::string& w : m.warnings) {
                snapshot->warnings.push_back(w);
            }
            postWarnings(snapshot->warnings);
            snapshot->metrics = std::make_shared<const SequenceMetrics>(std::move(metrics.value()));
            publishAnalysis(std::move(snapshot));
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory to analyse this text; try a "
                                     "shorter text.")),
                      false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::cancelAnalysis() {
    ++m_analysisGeneration;
    m_runner->cancel(kJobAnalyze);
}

void EngineController::requestAttention(int layer, int head) {
    const auto analysis = m_analysis;
    if (analysis && analysis->generation == m_syntheticGeneration) {
        requestSyntheticAttention(layer, head);
        return;
    }
    if (!analysis || !analysis->metrics || !m_model || analysis->tokens.empty()) {
        return;  // nothing analysed, or a corpus result (no single sequence to show)
    }
    const AttentionShape shape = analysis->metrics->shape;
    if (layer < 0 || head < 0 || layer >= shape.layers || head >= shape.heads) {
        return;
    }
    const std::uint64_t generation = ++m_attentionGeneration;
    auto model = m_model;
    m_runner->submit(kJobAttention, [this, model, analysis, layer, head, generation](
                                        std::stop_token stop, JobProgress& progress) {
        try {
            progress.report(0.0, "forward");
            std::vector<int> ids;
            std::vector<std::string> texts;
            for (const Token& t : analysis->tokens) {
                ids.push_back(t.id);
                texts.push_back(t.text);
            }
            const int T = static_cast<int>(ids.size());
            model->setThreadsForCallingThread(passThreads(*model, T));
            ModelAttentionSource source(*model, ids, model->info().name);
            const AttentionShape s = source.shape();
            if (s.tokens != T || s.heads != analysis->metrics->shape.heads) {
                postError(makeError(ErrorCode::Internal,
                                    tr("The model no longer matches the analysed sequence; "
                                       "analyse the text again.")
                                        .toStdString()),
                          false);
                return;
            }
            if (stop.stop_requested()) {
                return;
            }
            auto view = source.layer(layer);
            if (!view) {
                postError(view.error(), false);
                return;
            }
            auto attention = std::make_shared<HeadAttention>();
            attention->layer = layer;
            attention->head = head;
            attention->tokens = T;
            attention->generation = analysis->generation;
            attention->texts = std::move(texts);
            const std::size_t n = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
            const std::size_t offset = static_cast<std::size_t>(head) * n;
            attention->probs.resize(n);
            if (view->dtype == DType::Float32) {
                std::copy_n(view->f32() + offset, n, attention->probs.begin());
            } else {
                const double* p = view->f64() + offset;
                for (std::size_t i = 0; i < n; ++i) {
                    attention->probs[i] = static_cast<float>(p[i]);
                }
            }
            std::shared_ptr<const HeadAttention> result(std::move(attention));
            post([this, result, generation] {
                if (generation != m_attentionGeneration) {
                    return;  // another head was selected meanwhile
                }
                Q_EMIT attentionReady(result);
            });
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::requestRescale(int layer, int head, double alpha) {
    const auto analysis = m_analysis;
    if (analysis && analysis->generation == m_syntheticGeneration) {
        return;  // synthetic patterns have no model to re-run on a subsampled sequence
    }
    if (!analysis || !analysis->metrics || !m_model || analysis->tokens.empty() ||
        analysis->metrics->profiles.empty()) {
        return;  // nothing analysed, or a corpus result (no single sequence to rescale)
    }
    const AttentionShape shape = analysis->metrics->shape;
    if (layer < 0 || head < 0 || layer >= shape.layers || head >= shape.heads) {
        return;
    }
    const std::uint64_t request = ++m_rescaleRequest;
    auto model = m_model;
    m_runner->submit(kJobRescale, [this, model, analysis, layer, head, alpha, request](
                                      std::stop_token, JobProgress& progress) {
        try {
            progress.report(0.0, "forward");
            const MethodSettings& settings = analysis->settings;
            const int T = static_cast<int>(analysis->tokens.size());
            const int level = analysis->metrics->level;
            auto idx = subsampleIndices(T, alpha, settings.subsampling);
            if (!idx) {
                postError(idx.error(), false);
                return;
            }
            std::vector<int> sub;
            sub.reserve(idx->size());
            for (int i : idx.value()) {
                sub.push_back(analysis->tokens[static_cast<std::size_t>(i)].id);
            }
            const int m = static_cast<int>(sub.size());
            // The short sequence is run only up to the head's layer (one layer held at a time), as
            // runAnalysis does for the scale sensitivity of a corpus run.
            model->setThreadsForCallingThread(passThreads(*model, m));
            ModelAttentionSource small(*model, sub, model->info().name);
            auto view = small.layer(layer);
            if (!view) {
                if (view.error().code != ErrorCode::Cancelled) {
                    postError(view.error(), false);
                }
                return;
            }
            // No stop check from here on: the pass is done, and publishing it keeps a slider that
            // moves faster than the model runs updating (a newer request replaced the pending
            // one and asked this one to stop; its result is still the newest finished one).
            const std::size_t n = static_cast<std::size_t>(m) * static_cast<std::size_t>(m);
            const std::size_t offset = static_cast<std::size_t>(head) * n;
            HeadAnalyzer analyzer(settings, level);
            auto aSmall = view->dtype == DType::Float32 ? analyzer.profile(view->f32() + offset, m)
                                                        : analyzer.profile(view->f64() + offset, m);
            if (!aSmall) {
                postError(aSmall.error(), false);
                return;
            }
            auto r = std::make_shared<RescaleSnapshot>();
            r->generation = analysis->generation;
            r->layer = layer;
            r->head = head;
            r->alpha = alpha;
            r->tokens = T;
            r->subsampledTokens = m;
            r->original = analysis->metrics->profiles[static_cast<std::size_t>(
                layer * analysis->metrics->shape.heads + head)];
            r->stretched = stretchProfile(aSmall->data(), m, T);
            r->originalCoefficients = wavedec(r->original.data(), T, level);
            r->stretchedCoefficients = wavedec(r->stretched.data(), T, level);
            r->sensitivity = scaleSensitivity(r->original.data(), r->stretched.data(), T, level);
            std::shared_ptr<const RescaleSnapshot> result(std::move(r));
            post([this, result, request] {
                // Drop results of an older analysis and results older than the one shown.
                // Results of superseded requests that had already finished are shown: a
                // slider dragged faster than the model runs still updates the view.
                if (!m_analysis || result->generation != m_analysis->generation ||
                    request <= m_rescaleDelivered) {
                    return;
                }
                m_rescaleDelivered = request;
                m_rescale = result;
                Q_EMIT rescaleReady(result);
            });
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory for the rescaled run.")), false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

std::shared_ptr<AnalysisSnapshot> EngineController::snapshotFromRun(
    std::shared_ptr<const RunResult> run, std::uint64_t generation) {
    return headwave::snapshotFromRun(std::move(run), generation);
}

void EngineController::runCorpus(const QString& corpusPath, const RunSettings& settings,
                                 const QString& savePath) {
    if (!m_model || !m_tokenizer) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("Open a model first (File > Open model…).").toStdString()),
                  false);
        return;
    }
    if (Status s = settings.method.validate(); !s) {
        postError(s.error(), false);
        return;
    }
    const std::uint64_t generation = ++m_analysisGeneration;
    ++m_attentionGeneration;
    m_runner->cancel(kJobAnalyze);
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    auto model = m_model;
    auto tokenizer = m_tokenizer;
    const std::string corpus = corpusPath.toStdString();
    const std::string out = savePath.toStdString();
    m_runner->submit(kJobCorpus, [this, model, tokenizer, corpus, out, settings, generation](
                                     std::stop_token stop, JobProgress& progress) {
        try {
            auto onProgress = [&](const Progress& p) {
                const QString stage = p.secondsLeft >= 0
                                          ? tr("Sequence %1 of %2, about %3 s left")
                                                .arg(std::min(p.done + 1, std::max(p.total, 1)))
                                                .arg(p.total)
                                                .arg(std::ceil(p.secondsLeft), 0, 'f', 0)
                                          : tr("Sequence %1 of %2")
                                                .arg(std::min(p.done + 1, std::max(p.total, 1)))
                                                .arg(p.total);
                progress.report(p.fraction, stage.toStdString());
                const int sequence = p.done;
                const int sequences = p.total;
                const double left = p.secondsLeft;
                post([this, sequence, sequences, left, generation] {
                    if (generation == m_analysisGeneration) {
                        Q_EMIT corpusProgress(sequence, sequences, left);
                    }
                });
            };
            auto result = runAnalysis(*model, *tokenizer, corpus, settings, stop, onProgress);
            if (!result) {
                if (result.error().code != ErrorCode::Cancelled) {
                    postError(result.error(), false);
                }
                return;
            }
            if (stop.stop_requested()) {
                return;  // cancelled after the last sequence: nothing is written or shown
            }
            postWarnings(result.value()->warnings);
            if (!out.empty()) {
                if (Status s = writeRunFile(out, *result.value()); !s) {
                    postError(s.error(), true);
                } else {
                    const QString path = QString::fromStdString(out);
                    post([this, path] { Q_EMIT resultsSaved(path); });
                }
            }
            publishAnalysis(snapshotFromRun(result.value(), generation));
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory for this corpus run; use fewer "
                                     "or shorter sequences.")),
                      false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::cancelCorpus() {
    ++m_analysisGeneration;
    m_runner->cancel(kJobCorpus);
}

void EngineController::openResults(const QString& path) {
    const std::uint64_t generation = ++m_analysisGeneration;
    ++m_attentionGeneration;
    const std::string file = path.toStdString();
    m_runner->submit(kJobResults, [this, file, generation](std::stop_token, JobProgress& progress) {
        try {
            progress.report(0.0, "open");
            auto run = readRunFile(file);
            if (!run) {
                postError(run.error(), true);
                return;
            }
            postWarnings(run.value()->warnings);
            publishAnalysis(snapshotFromRun(run.value(), generation));
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory to open this results file.")),
                      true);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), true);
        }
    });
}

bool EngineController::canSaveResults() const {
    return m_analysis &&
           (m_analysis->run || (m_analysis->generation == m_textGeneration && m_textModel &&
                                m_analysis->metrics && !m_analysis->tokens.empty()));
}

void EngineController::saveResults(const QString& path, std::optional<HeadRef> selected) {
    const auto analysis = m_analysis;
    if (!canSaveResults()) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("There are no results to save; analyse a text or run a corpus "
                               "first.")
                                .toStdString()),
                  false);
        return;
    }
    const std::string file = path.toStdString();
    const auto run = analysis->run;
    auto model = run ? nullptr : m_textModel;
    m_runner->submit(
        kJobResults,
        [this, file, run, path, analysis, model, selected](std::stop_token stop,
                                                           JobProgress& progress) {
            try {
                std::shared_ptr<const RunResult> toWrite = run;
                if (!toWrite) {
                    // The text as a run of one sequence, with the threads its analysis used.
                    const SequenceMetrics& m = *analysis->metrics;
                    const int L = m.shape.layers;
                    const int H = m.shape.heads;
                    const std::size_t T = analysis->tokens.size();
                    RunSettings settings;
                    settings.method = analysis->settings;
                    settings.threads = passThreads(*model, static_cast<int>(T));
                    settings.sequenceWorkers = 1;
                    settings.keepSequences = {0};
                    const std::size_t all = static_cast<std::size_t>(L) *
                                            static_cast<std::size_t>(H) * T * T * sizeof(float);
                    if (all <= kKeptAttentionBudget) {
                        for (int l = 0; l < L; ++l) {
                            for (int h = 0; h < H; ++h) {
                                settings.keepHeads.push_back({l, h});
                            }
                        }
                    } else if (selected) {
                        settings.keepHeads.push_back(*selected);
                    }
                    std::vector<CorpusSequence> sequence(1);
                    sequence[0].tokens = analysis->tokens;
                    auto result = runAnalysisOnSequences(
                        *model, std::move(sequence),
                        "text analysed in Headwave (" + std::to_string(T) + " tokens)", settings,
                        stop, [&progress](const Progress& p) {
                            progress.report(0.95 * p.fraction, p.stage);
                        });
                    if (!result) {
                        if (result.error().code != ErrorCode::Cancelled) {
                            postError(result.error(), true);
                        }
                        return;
                    }
                    toWrite = std::move(result).value();
                }
                progress.report(0.95, "save");
                if (Status s = writeRunFile(file, *toWrite); !s) {
                    postError(s.error(), true);
                    return;
                }
                post([this, path] { Q_EMIT resultsSaved(path); });
            } catch (const std::bad_alloc&) {
                postError(outOfMemory(tr("There is not enough memory to save these results.")),
                          true);
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), true);
            }
        },
        JobPolicy::CancelExplicitly);
}

void EngineController::cancelAll() {
    cancelLoading();
    ++m_analysisGeneration;
    ++m_attentionGeneration;
    m_runner->cancel(kJobAnalyze);
    m_runner->cancel(kJobCorpus);
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    cancelTimeline();
}

namespace {

// Teaching mode: long enough for several periods and blocks, short enough to analyse at once.
constexpr int kTeachingTokens = 128;

}  // namespace

const std::vector<SyntheticPattern>& EngineController::teachingPatterns() {
    static const std::vector<SyntheticPattern> patterns{
        SyntheticPattern::LocalBand, SyntheticPattern::Sink, SyntheticPattern::Periodic,
        SyntheticPattern::Blocks, SyntheticPattern::Uniform};
    return patterns;
}

void EngineController::analyzeSynthetic() {
    const std::uint64_t generation = ++m_analysisGeneration;
    m_syntheticGeneration = generation;
    ++m_attentionGeneration;
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    m_runner->cancel(kJobCorpus);
    const MethodSettings settings = m_settings;
    m_runner->submit(kJobAnalyze, [this, settings, generation](std::stop_token stop,
                                                               JobProgress& progress) {
        try {
            SyntheticSettings synthetic;
            synthetic.tokens = kTeachingTokens;
            SyntheticAttentionSource source(teachingPatterns(), synthetic);
            const int T = synthetic.tokens;
            auto snapshot = std::make_shared<AnalysisSnapshot>();
            snapshot->generation = generation;
            snapshot->settings = settings;
            for (int t = 0; t < T; ++t) {
                Token token;
                token.id = t;
                token.text = "t" + std::to_string(t);
                snapshot->tokens.push_back(std::move(token));
            }
            auto level = resolveWaveletLevel(settings, T);
            if (!level) {
                postError(level.error(), false);
                return;
            }
            AnalyzerOptions options;
            options.keepProfiles = true;
            SequenceAnalyzer analyzer(settings, level.value(), options);
            auto metrics = analyzer.run(source, stop, [&progress](const Progress& p) {
                progress.report(0.9 * p.fraction, "layers");
            });
            if (!metrics) {
                if (metrics.error().code != ErrorCode::Cancelled) {
                    postError(metrics.error(), false);
                }
                return;
            }
            progress.report(0.9, "details");
            const SequenceMetrics& m = metrics.value();
            if (Status d = fillDetails(m, settings, level.value(), stop, *snapshot); !d) {
                if (d.error().code != ErrorCode::Cancelled) {
                    postError(d.error(), false);
                }
                return;
            }
            snapshot->warnings = m.warnings;
            postWarnings(snapshot->warnings);
            snapshot->metrics = std::make_shared<const SequenceMetrics>(std::move(metrics.value()));
            publishAnalysis(std::move(snapshot));
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory for the teaching patterns.")),
                      false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::requestSyntheticAttention(int layer, int head) {
    const auto analysis = m_analysis;
    const auto& patterns = teachingPatterns();
    if (!analysis || layer != 0 || head < 0 || head >= static_cast<int>(patterns.size())) {
        return;
    }
    const std::uint64_t generation = ++m_attentionGeneration;
    m_runner->submit(
        kJobAttention, [this, analysis, head, generation](std::stop_token, JobProgress& progress) {
            try {
                progress.report(0.0, "forward");
                SyntheticSettings synthetic;
                synthetic.tokens = static_cast<int>(analysis->tokens.size());
                const std::vector<double> probs =
                    syntheticHead(teachingPatterns()[static_cast<std::size_t>(head)], synthetic);
                auto attention = std::make_shared<HeadAttention>();
                attention->layer = 0;
                attention->head = head;
                attention->tokens = synthetic.tokens;
                attention->generation = analysis->generation;
                attention->probs.assign(probs.begin(), probs.end());
                for (const Token& t : analysis->tokens) {
                    attention->texts.push_back(t.text);
                }
                std::shared_ptr<const HeadAttention> result(std::move(attention));
                post([this, result, generation] {
                    if (generation == m_attentionGeneration) {
                        Q_EMIT attentionReady(result);
                    }
                });
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), false);
            }
        });
}

void EngineController::requestTimeline(const QStringList& dirs, const QString& textPath) {
    const std::uint64_t generation = ++m_timelineGeneration;
    std::vector<std::string> folders;
    for (const QString& d : dirs) {
        folders.push_back(d.toStdString());
    }
    const std::string text = textPath.toStdString();
    TimelineSettings settings;
    settings.method.alphas = m_settings.alphas;
    m_runner->submit(kJobTimeline, [this, folders, text, settings, generation](
                                       std::stop_token stop, JobProgress& progress) {
        try {
            auto rows =
                computeTimeline(folders, text, settings, stop, [&progress](const Progress& p) {
                    progress.report(p.fraction, tr("Model %1 of %2")
                                                    .arg(std::min(p.done + 1, p.total))
                                                    .arg(p.total)
                                                    .toStdString());
                });
            if (!rows) {
                if (rows.error().code != ErrorCode::Cancelled) {
                    postError(rows.error(), false);
                }
                return;
            }
            if (stop.stop_requested()) {
                return;
            }
            std::shared_ptr<const std::vector<TimelineRow>> result =
                std::make_shared<const std::vector<TimelineRow>>(std::move(rows.value()));
            post([this, result, generation] {
                if (generation == m_timelineGeneration) {
                    Q_EMIT timelineReady(result);
                }
            });
        } catch (const std::bad_alloc&) {
            postError(outOfMemory(tr("There is not enough memory to compare these models.")),
                      false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::cancelTimeline() {
    ++m_timelineGeneration;
    m_runner->cancel(kJobTimeline);
}

}  // namespace headwave
