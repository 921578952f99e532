#include "app/engine_controller.h"

#include <QMetaObject>
#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <utility>

#include "headwave/run/job_runner.h"

namespace headwave {

namespace {

Error exceptionError(const char* what) {
    return makeError(ErrorCode::Internal,
                     EngineController::tr("The engine failed unexpectedly; try again, and report "
                                          "it if it repeats.")
                         .toStdString(),
                     what);
}

// The translated text of a job's progress: the session's stage keys, or for corpus runs and
// timelines the item counts.
QString stageText(const JobUpdate& u) {
    const std::string& stage = u.stage;
    if (u.kind == kJobCorpus && u.total > 0) {
        const int sequence = std::min(u.done + 1, std::max(u.total, 1));
        return u.secondsLeft >= 0
                   ? EngineController::tr("Sequence %1 of %2, about %3 s left")
                         .arg(sequence)
                         .arg(u.total)
                         .arg(std::ceil(u.secondsLeft), 0, 'f', 0)
                   : EngineController::tr("Sequence %1 of %2").arg(sequence).arg(u.total);
    }
    if (u.kind == kJobTimeline && u.total > 0) {
        return EngineController::tr("Model %1 of %2")
            .arg(std::min(u.done + 1, u.total))
            .arg(u.total);
    }
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
        return u.kind == kJobAnalyze ? EngineController::tr("Analysing the layers…")
                                     : EngineController::tr("Running the model…");
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
    if (stage.rfind("rescaled ", 0) == 0) {
        return EngineController::tr("Running the model on the text rescaled by \u03B1 = %1…")
            .arg(QString::fromStdString(stage.substr(9)));
    }
    return QString::fromStdString(stage);
}

// A warning in the user's language where the app words it itself, else the engine's sentence.
QString warningText(const Warning& w) {
    if (w.code == WarningCode::InputCut && w.values.size() == 2) {
        return EngineController::tr(
                   "The text has %1 tokens; only the first %2 (the model's context) were "
                   "analysed.")
            .arg(w.values[0])
            .arg(w.values[1]);
    }
    return QString::fromStdString(w.text());
}

}  // namespace

EngineController::EngineController(QObject* parent) : QObject(parent) {
    m_session = std::make_unique<Session>();
    m_runner = std::make_unique<JobRunner>([this](const JobUpdate& u) { onUpdate(u); });
}

EngineController::~EngineController() {
    // Join the worker before any member its jobs use goes away. Wake-ups addressed to this
    // object are discarded by Qt when it is destroyed; undelivered deliveries go with m_posted.
    m_runner.reset();
}

const std::vector<SyntheticPattern>& EngineController::teachingPatterns() {
    return Session::teachingPatterns();
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

void EngineController::submit(const char* kind, Work work, const QString& outOfMemoryText,
                              bool blocking, bool latestWins) {
    Session* session = m_session.get();
    m_runner->submit(
        kind,
        [this, session, work = std::move(work), outOfMemoryText, blocking](std::stop_token stop,
                                                                           JobProgress& progress) {
            try {
                work(*session, stop, progress);
            } catch (const std::bad_alloc&) {
                postError(makeError(ErrorCode::OutOfMemory, outOfMemoryText.toStdString()),
                          blocking);
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), blocking);
            }
        },
        latestWins ? JobPolicy::LatestWins : JobPolicy::CancelExplicitly);
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
    const QString stage = stageText(update);
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
    if (error.code == ErrorCode::Cancelled) {
        return;  // the user asked for it, or a newer request replaced this one
    }
    const QString message = QString::fromStdString(error.message);
    const QString detail = QString::fromStdString(error.detail);
    post([=, this] { Q_EMIT failed(message, detail, blocking); });
}

void EngineController::postWarnings(const std::vector<Warning>& warnings) {
    for (const Warning& w : warnings) {
        const QString message = warningText(w);
        post([=, this] { Q_EMIT warning(message); });
    }
}

void EngineController::publishAnalysis(AnalysisPtr snapshot, std::uint64_t request, bool warned) {
    if (!warned) {
        postWarnings(snapshot->warnings);
    }
    post([this, snapshot = std::move(snapshot), request] {
        if (request != m_analysisRequest) {
            return;  // superseded by a newer analysis, corpus run or results file
        }
        m_analysis = snapshot;
        m_rescale.reset();
        Q_EMIT analysisReady(snapshot);
    });
}

void EngineController::openModel(const QString& dir) {
    const std::uint64_t request = ++m_loadRequest;
    m_loading = true;
    m_runner->cancel(kJobLoad);
    submit(
        kJobLoad,
        [this, path = dir.toStdString(), request](Session& session, std::stop_token stop,
                                                  JobProgress& progress) {
            auto card = session.openModel(path, stop, progress.callback());
            if (!card) {
                postError(card.error(), true);
                return;
            }
            postWarnings((*card)->info.warnings);
            post([this, card = card.value(), request] {
                if (request != m_loadRequest) {
                    return;  // cancelled, or a newer openModel is on its way
                }
                m_card = card;
                m_hasModel = true;
                m_analysis.reset();
                m_rescale.reset();
                ++m_analysisRequest;  // results of the previous model are stale
                Q_EMIT modelLoaded(card);
            });
        },
        tr("There is not enough memory to load this model; close other programs or choose a "
           "smaller model."),
        true, false);
}

void EngineController::cancelLoading() {
    ++m_loadRequest;
    m_loading = false;
    m_runner->cancel(kJobLoad);
}

void EngineController::analyze(const QString& text) {
    if (!m_hasModel) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("Open a model first (File > Open model…).").toStdString()),
                  false);
        return;
    }
    const std::uint64_t request = ++m_analysisRequest;
    ++m_attentionRequest;  // attention of the previous sequence is stale now
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    m_runner->cancel(kJobCorpus);
    submit(
        kJobAnalyze,
        [this, input = text.toStdString(), settings = m_settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            auto analysis = session.analyzeText(input, settings, stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), false);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory to analyse this text; try a shorter text."), false);
}

void EngineController::cancelAnalysis() {
    ++m_analysisRequest;
    m_runner->cancel(kJobAnalyze);
}

void EngineController::analyzeSynthetic() {
    const std::uint64_t request = ++m_analysisRequest;
    ++m_attentionRequest;
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    m_runner->cancel(kJobCorpus);
    submit(
        kJobAnalyze,
        [this, settings = m_settings, request](Session& session, std::stop_token stop,
                                               JobProgress& progress) {
            auto analysis = session.analyzeTeachingPatterns(settings, stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), false);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory for the teaching patterns."), false);
}

void EngineController::requestAttention(int layer, int head) {
    const auto analysis = m_analysis;
    if (!analysis || !analysis->metrics || !analysis->inputs) {
        return;  // nothing analysed, or a corpus result (no single sequence to show)
    }
    const AttentionShape shape = analysis->metrics->shape;
    if (layer < 0 || head < 0 || layer >= shape.layers || head >= shape.heads) {
        return;
    }
    const std::uint64_t request = ++m_attentionRequest;
    submit(
        kJobAttention,
        [this, analysis, layer, head, request](Session& session, std::stop_token stop,
                                               JobProgress& progress) {
            progress.report(0.0, "layers");
            auto attention = session.headAttention(*analysis, layer, head, stop);
            if (!attention) {
                postError(attention.error(), false);
                return;
            }
            post([this, result = attention.value(), request] {
                if (request == m_attentionRequest) {  // else another head was selected meanwhile
                    Q_EMIT attentionReady(result);
                }
            });
        },
        tr("There is not enough memory to show this head's attention."), false);
}

void EngineController::requestRescale(int layer, int head, double alpha) {
    const auto analysis = m_analysis;
    if (!analysis || analysis->kind != AnalysisKind::Text || !analysis->inputs) {
        return;  // no model to run again: teaching patterns, external attention, corpus results
    }
    const std::uint64_t request = ++m_rescaleRequest;
    submit(
        kJobRescale,
        [this, analysis, layer, head, alpha, request](Session& session, std::stop_token,
                                                      JobProgress& progress) {
            // No stop token: a pass that has started is finished and published, which keeps a
            // slider that moves faster than the model runs updating (a newer request replaced
            // the pending one; this one's result is still the newest finished one).
            auto rescaled = session.rescale(*analysis, layer, head, alpha, {}, progress.callback());
            if (!rescaled) {
                postError(rescaled.error(), false);
                return;
            }
            post([this, result = rescaled.value(), request] {
                // Drop results of an older analysis and results older than the one shown.
                if (!m_analysis || result->generation != m_analysis->generation ||
                    request <= m_rescaleDelivered) {
                    return;
                }
                m_rescaleDelivered = request;
                m_rescale = result;
                Q_EMIT rescaleReady(result);
            });
        },
        tr("There is not enough memory for the rescaled run."), false);
}

void EngineController::runCorpus(const QString& corpusPath, const RunSettings& settings,
                                 const QString& savePath) {
    if (!m_hasModel) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("Open a model first (File > Open model…).").toStdString()),
                  false);
        return;
    }
    if (Status s = settings.method.validate(); !s) {
        postError(s.error(), false);
        return;
    }
    const std::uint64_t request = ++m_analysisRequest;
    ++m_attentionRequest;
    m_runner->cancel(kJobAnalyze);
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    submit(
        kJobCorpus,
        [this, corpus = corpusPath.toStdString(), out = savePath.toStdString(), settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            const ProgressCallback toJob = progress.callback();
            auto analysis = session.runCorpus(corpus, settings, stop, [&](const Progress& p) {
                toJob(p);  // the run throttles its reports already
                post([this, p, request] {
                    if (request == m_analysisRequest) {
                        Q_EMIT corpusProgress(p.done, p.total, p.secondsLeft);
                    }
                });
            });
            if (!analysis) {
                postError(analysis.error(), false);
                return;
            }
            postWarnings((*analysis)->warnings);
            if (!out.empty()) {
                // Written once the run has finished; a failed write is an error of its own, and
                // the run is still shown.
                if (Status s = session.saveResults(**analysis, out, std::nullopt, stop); !s) {
                    postError(s.error(), true);
                } else {
                    post([this, path = QString::fromStdString(out)] { Q_EMIT resultsSaved(path); });
                }
            }
            publishAnalysis(std::move(analysis).value(), request, /*warned=*/true);
        },
        tr("There is not enough memory for this corpus run; use fewer or shorter sequences."),
        false);
}

void EngineController::cancelCorpus() {
    ++m_analysisRequest;
    m_runner->cancel(kJobCorpus);
}

void EngineController::openResults(const QString& path) {
    const std::uint64_t request = ++m_analysisRequest;
    ++m_attentionRequest;
    submit(
        kJobResults,
        [this, file = path.toStdString(), request](Session& session, std::stop_token,
                                                   JobProgress& progress) {
            progress.report(0.0, "open");
            auto analysis = session.openResults(file);
            if (!analysis) {
                postError(analysis.error(), true);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory to open this results file."), true);
}

bool EngineController::canSaveResults() const {
    return m_analysis &&
           (m_analysis->run || (m_analysis->kind == AnalysisKind::Text && m_analysis->inputs));
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
    submit(
        kJobResults,
        [this, analysis, file = path.toStdString(), path, selected](
            Session& session, std::stop_token stop, JobProgress& progress) {
            Status s = session.saveResults(*analysis, file, selected, stop, progress.callback());
            if (!s) {
                postError(s.error(), true);
                return;
            }
            post([this, path] { Q_EMIT resultsSaved(path); });
        },
        tr("There is not enough memory to save these results."), true, false);
}

void EngineController::cancelAll() {
    cancelLoading();
    ++m_analysisRequest;
    ++m_attentionRequest;
    m_runner->cancel(kJobAnalyze);
    m_runner->cancel(kJobCorpus);
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    cancelTimeline();
}

void EngineController::requestTimeline(const QStringList& dirs, const QString& textPath) {
    const std::uint64_t request = ++m_timelineRequest;
    std::vector<std::string> folders;
    for (const QString& d : dirs) {
        folders.push_back(d.toStdString());
    }
    TimelineSettings settings;
    settings.method.alphas = m_settings.alphas;
    submit(
        kJobTimeline,
        [this, folders, text = textPath.toStdString(), settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            auto rows = session.timeline(folders, text, settings, stop, progress.callback());
            if (!rows) {
                postError(rows.error(), false);
                return;
            }
            post([this, result = rows.value(), request] {
                if (request == m_timelineRequest) {
                    Q_EMIT timelineReady(result);
                }
            });
        },
        tr("There is not enough memory to compare these models."), false);
}

void EngineController::cancelTimeline() {
    ++m_timelineRequest;
    m_runner->cancel(kJobTimeline);
}

}  // namespace headwave
