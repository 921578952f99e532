#include "app/engine_controller.h"

#include <QMetaObject>
#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "headwave/job_runner.h"

namespace headwave {

namespace {

const std::string kLoad = "load";
const std::string kAnalyze = "analyze";
const std::string kAttention = "attention";

Error exceptionError(const char* what) {
    return makeError(ErrorCode::Internal,
                     "The engine failed unexpectedly; try again, and report it if it repeats.",
                     what);
}

}  // namespace

EngineController::EngineController(QObject* parent) : QObject(parent) {
    m_runner = std::make_unique<JobRunner>([this](const JobUpdate& u) { onUpdate(u); });
}

EngineController::~EngineController() {
    // Join the worker before any member its jobs post to goes away. Posted events addressed to
    // this object are discarded by Qt when it is destroyed.
    m_runner.reset();
}

void EngineController::onUpdate(const JobUpdate& update) {
    const QString kind = QString::fromStdString(update.kind);
    const QString stage = QString::fromStdString(update.stage);
    const double fraction = update.fraction;
    const bool finished = update.finished;
    QMetaObject::invokeMethod(
        this, [=, this] { Q_EMIT progress(kind, fraction, stage, finished); },
        Qt::QueuedConnection);
}

void EngineController::postError(const Error& error, bool blocking) {
    const QString message = QString::fromStdString(error.message);
    const QString detail = QString::fromStdString(error.detail);
    QMetaObject::invokeMethod(
        this, [=, this] { Q_EMIT failed(message, detail, blocking); }, Qt::QueuedConnection);
}

void EngineController::openModel(const QString& dir) {
    const std::uint64_t generation = ++m_loadGeneration;
    const std::string path = dir.toStdString();
    m_runner->cancel(kLoad);
    m_runner->submit(
        kLoad,
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
                auto card = std::make_shared<ModelCard>();
                card->dir = path;
                card->config = (*model)->config();
                card->info = (*model)->info();
                card->tokenizerKind = (*tokenizer)->kind();
                std::shared_ptr<AttentionModel> m(std::move(model.value()));
                std::shared_ptr<const Tokenizer> t(std::move(tokenizer.value()));
                std::shared_ptr<const ModelCard> c(std::move(card));
                QMetaObject::invokeMethod(
                    this,
                    [this, m, t, c, generation] {
                        if (generation != m_loadGeneration) {
                            return;  // a newer openModel is on its way
                        }
                        m_model = m;
                        m_tokenizer = t;
                        m_card = c;
                        m_analysis.reset();
                        Q_EMIT modelLoaded(c);
                    },
                    Qt::QueuedConnection);
            } catch (const std::bad_alloc&) {
                postError(makeError(ErrorCode::OutOfMemory,
                                    "There is not enough memory to load this model; close other "
                                    "programs or choose a smaller model."),
                          true);
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), true);
            }
        },
        JobPolicy::CancelExplicitly);
}

void EngineController::cancelLoading() {
    ++m_loadGeneration;
    m_runner->cancel(kLoad);
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
    m_runner->cancel(kAttention);
    const std::string input = text.toStdString();
    auto model = m_model;
    auto tokenizer = m_tokenizer;
    m_runner->submit(kAnalyze, [this, input, model, tokenizer, generation](std::stop_token stop,
                                                                           JobProgress& progress) {
        try {
            progress.report(0.0, "tokenize");
            auto encoding = tokenizer->encode(input, true);
            if (!encoding) {
                postError(encoding.error(), false);
                return;
            }
            auto snapshot = std::make_shared<AnalysisSnapshot>();
            snapshot->generation = generation;
            snapshot->tokens = std::move(encoding->tokens);
            const ModelConfig& config = model->config();
            if (config.maxPositions > 0 &&
                snapshot->tokens.size() > static_cast<std::size_t>(config.maxPositions)) {
                snapshot->warnings.push_back(
                    "The text has " + std::to_string(snapshot->tokens.size()) +
                    " tokens; only the first " + std::to_string(config.maxPositions) +
                    " (the model's context) were analysed.");
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
                                    "The text gives fewer than 2 tokens; type a longer text to "
                                    "analyse."),
                          false);
                return;
            }
            MethodSettings settings;
            auto level = resolveWaveletLevel(settings, T);
            if (!level) {
                postError(level.error(), false);
                return;
            }
            ModelAttentionSource source(*model, ids, model->info().name);
            AnalyzerOptions options;
            options.keepProfiles = true;
            SequenceAnalyzer analyzer(settings, level.value(), options);
            auto metrics = analyzer.run(source, stop, [&progress](const Progress& p) {
                progress.report(p.fraction, "layers");
            });
            if (!metrics) {
                if (metrics.error().code != ErrorCode::Cancelled) {
                    postError(metrics.error(), false);
                }
                return;
            }
            snapshot->metrics = std::make_shared<const SequenceMetrics>(std::move(metrics.value()));
            std::shared_ptr<const AnalysisSnapshot> result(std::move(snapshot));
            QMetaObject::invokeMethod(
                this,
                [this, result] {
                    if (result->generation != m_analysisGeneration) {
                        return;  // superseded
                    }
                    m_analysis = result;
                    Q_EMIT analysisReady(result);
                },
                Qt::QueuedConnection);
        } catch (const std::bad_alloc&) {
            postError(makeError(ErrorCode::OutOfMemory,
                                "There is not enough memory to analyse this text; try a shorter "
                                "text."),
                      false);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

void EngineController::cancelAnalysis() {
    ++m_analysisGeneration;
    m_runner->cancel(kAnalyze);
}

void EngineController::requestAttention(int layer, int head) {
    const auto analysis = m_analysis;
    if (!analysis || !analysis->metrics || !m_model) {
        return;
    }
    const AttentionShape shape = analysis->metrics->shape;
    if (layer < 0 || head < 0 || layer >= shape.layers || head >= shape.heads) {
        return;
    }
    const std::uint64_t generation = ++m_attentionGeneration;
    auto model = m_model;
    m_runner->submit(kAttention, [this, model, analysis, layer, head, generation](
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
            ModelAttentionSource source(*model, ids, model->info().name);
            const AttentionShape s = source.shape();
            if (s.tokens != T || s.heads != analysis->metrics->shape.heads) {
                postError(makeError(ErrorCode::Internal,
                                    "The model no longer matches the analysed sequence; analyse "
                                    "the text again."),
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
            QMetaObject::invokeMethod(
                this,
                [this, result, generation] {
                    if (generation != m_attentionGeneration) {
                        return;  // another head was selected meanwhile
                    }
                    Q_EMIT attentionReady(result);
                },
                Qt::QueuedConnection);
        } catch (const std::exception& e) {
            postError(exceptionError(e.what()), false);
        }
    });
}

}  // namespace headwave
