// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/engine_controller.h"

#include <QMetaObject>
#include <QTimer>
#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "app/engine_messages.h"
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
    if (m_jitter) {
        QTimer::singleShot(std::max(0, m_jitter()), this, std::move(delivery));
        return;
    }
    delivery();
}

void EngineController::submit(const char* kind, quint64 request, Work work,
                              const QString& outOfMemoryText, bool blocking, bool latestWins) {
    Session* session = m_session.get();
    m_runner->submit(
        kind,
        [this, session, kind, request, work = std::move(work), outOfMemoryText, blocking](
            std::stop_token stop, JobProgress& progress) {
            try {
                work(*session, stop, progress);
            } catch (const std::bad_alloc&) {
                postError(makeError(ErrorCode::OutOfMemory, outOfMemoryText.toStdString()),
                          blocking, request, kind);
            } catch (const std::exception& e) {
                postError(exceptionError(e.what()), blocking, request, kind);
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

void EngineController::postError(const Error& error, bool blocking, quint64 request,
                                 const char* kind) {
    if (error.code == ErrorCode::Cancelled) {
        return;  // the user asked for it, or a newer request replaced this one
    }
    const QString message = QString::fromStdString(error.message);
    const QString detail = QString::fromStdString(error.detail);
    const QString jobKind = QString::fromLatin1(kind);
    post([=, this] { Q_EMIT failed(message, detail, blocking, request, jobKind); });
}

void EngineController::postWarnings(const std::vector<Warning>& warnings) {
    for (const Warning& w : warnings) {
        const QString message = warningText(w);
        post([=, this] { Q_EMIT warning(message); });
    }
}

void EngineController::publishAnalysis(AnalysisPtr snapshot, quint64 request, bool warned) {
    if (!warned) {
        postWarnings(snapshot->warnings);
    }
    post([this, snapshot = std::move(snapshot), request] {
        if (request != m_analysisRequest) {
            return;  // superseded by a newer analysis, corpus run or results file
        }
        m_analysis = snapshot;
        m_rescale.reset();
        Q_EMIT analysisReady(snapshot, request);
    });
}

quint64 EngineController::openModel(const QString& dir) {
    const quint64 request = m_loadRequest = ++m_nextRequest;
    m_loading = true;
    m_runner->cancel(kJobLoad);
    submit(
        kJobLoad, request,
        [this, path = dir.toStdString(), request](Session& session, std::stop_token stop,
                                                  JobProgress& progress) {
            auto card = session.openModel(path, stop, progress.callback());
            if (!card) {
                postError(card.error(), true, request, kJobLoad);
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
                m_analysisRequest = ++m_nextRequest;  // results of the previous model are stale
                Q_EMIT modelLoaded(card, request);
            });
        },
        tr("There is not enough memory to load this model; close other programs or choose a "
           "smaller model."),
        true, false);
    return request;
}

void EngineController::cancelLoading() {
    m_loadRequest = ++m_nextRequest;
    m_loading = false;
    m_runner->cancel(kJobLoad);
}

// Starts an analysis-kind request (an analysis, the teaching patterns, a corpus run, a results
// file): it replaces the one shown and makes the attention and rescaling of the previous one stale.
quint64 EngineController::beginAnalysisRequest() {
    const quint64 request = m_analysisRequest = ++m_nextRequest;
    m_attentionRequest = request;
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    return request;
}

quint64 EngineController::analyze(const QString& text) {
    if (!m_hasModel) {
        const quint64 request = ++m_nextRequest;
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("Open a model first (File > Open model…).").toStdString()),
                  false, request, kJobAnalyze);
        return request;
    }
    const quint64 request = beginAnalysisRequest();
    m_runner->cancel(kJobCorpus);
    submit(
        kJobAnalyze, request,
        [this, input = text.toStdString(), settings = m_settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            auto analysis = session.analyzeText(input, settings, stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), false, request, kJobAnalyze);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory to analyse this text; try a shorter text."), false);
    return request;
}

void EngineController::cancelAnalysis() {
    m_analysisRequest = ++m_nextRequest;
    m_runner->cancel(kJobAnalyze);
}

quint64 EngineController::analyzeSynthetic() {
    const quint64 request = beginAnalysisRequest();
    m_runner->cancel(kJobCorpus);
    submit(
        kJobAnalyze, request,
        [this, settings = m_settings, request](Session& session, std::stop_token stop,
                                               JobProgress& progress) {
            auto analysis = session.analyzeTeachingPatterns(settings, stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), false, request, kJobAnalyze);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory for the teaching patterns."), false);
    return request;
}

quint64 EngineController::requestAttention(int layer, int head) {
    return requestAttention(m_analysis, layer, head);
}

quint64 EngineController::requestAttention(AnalysisPtr analysis, int layer, int head) {
    if (!analysis || !analysis->metrics) {
        return 0;  // nothing analysed
    }
    const AttentionShape shape = analysis->metrics->shape;
    if (layer < 0 || head < 0 || layer >= shape.layers || head >= shape.heads) {
        return 0;
    }
    const quint64 request = m_attentionRequest = ++m_nextRequest;
    submit(
        kJobAttention, request,
        [this, analysis, layer, head, request](Session& session, std::stop_token stop,
                                               JobProgress& progress) {
            progress.report(0.0, "layers");
            auto attention = session.headAttention(*analysis, layer, head, stop);
            if (!attention) {
                postError(attention.error(), false, request, kJobAttention);
                return;
            }
            post([this, result = attention.value(), request] {
                if (request == m_attentionRequest) {  // else another head was selected meanwhile
                    Q_EMIT attentionReady(result, request);
                }
            });
        },
        tr("There is not enough memory to show this head's attention."), false);
    return request;
}

quint64 EngineController::requestHeadMap(AnalysisPtr analysis, int k) {
    if (!analysis || !analysis->metrics) {
        return 0;  // nothing analysed
    }
    const quint64 request = m_headMapRequest = ++m_nextRequest;
    submit(
        kJobHeadMap, request,
        [this, analysis, k, request](Session& session, std::stop_token, JobProgress& progress) {
            progress.report(0.0, "heads");
            HeadMapOptions options;
            options.k = k;
            auto map = session.headMap({analysis}, {analysis->sourceName}, options);
            if (!map) {
                postError(map.error(), false, request, kJobHeadMap);
                return;
            }
            post([this, result = map.value(), request] {
                if (request == m_headMapRequest) {  // else a newer map was asked for meanwhile
                    Q_EMIT headMapReady(result, request);
                }
            });
        },
        tr("There is not enough memory for the head map."), false);
    return request;
}

quint64 EngineController::requestRescale(int layer, int head, double alpha) {
    return requestRescale(m_analysis, layer, head, alpha);
}

quint64 EngineController::requestRescale(AnalysisPtr analysis, int layer, int head, double alpha) {
    if (!analysis || analysis->kind != AnalysisKind::Text || !analysis->inputs) {
        return 0;  // no model to run again: teaching patterns, external attention, corpus results
    }
    const quint64 request = m_rescaleRequest = ++m_nextRequest;
    submit(
        kJobRescale, request,
        [this, analysis, layer, head, alpha, request](Session& session, std::stop_token,
                                                      JobProgress& progress) {
            // No stop token: a pass that has started is finished and published, which keeps a
            // slider that moves faster than the model runs updating (a newer request replaced
            // the pending one; this one's result is still the newest finished one).
            auto rescaled = session.rescale(*analysis, layer, head, alpha, {}, progress.callback());
            if (!rescaled) {
                postError(rescaled.error(), false, request, kJobRescale);
                return;
            }
            post([this, result = rescaled.value(), request] {
                // Drop results of an analysis replaced since and results older than the one
                // shown.
                if ((m_analysis && result->generation != m_analysis->generation) ||
                    request <= m_rescaleDelivered) {
                    return;
                }
                m_rescaleDelivered = request;
                m_rescale = result;
                Q_EMIT rescaleReady(result, request);
            });
        },
        tr("There is not enough memory for the rescaled run."), false);
    return request;
}

quint64 EngineController::runCorpus(const QString& corpusPath, const RunSettings& settings,
                                    const QString& savePath) {
    if (!m_hasModel || !settings.method.validate()) {
        const quint64 request = ++m_nextRequest;
        Status valid = settings.method.validate();
        postError(!m_hasModel
                      ? makeError(ErrorCode::InvalidArgument,
                                  tr("Open a model first (File > Open model…).").toStdString())
                      : valid.error(),
                  false, request, kJobCorpus);
        return request;
    }
    const quint64 request = beginAnalysisRequest();
    m_runner->cancel(kJobAnalyze);
    submit(
        kJobCorpus, request,
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
                postError(analysis.error(), false, request, kJobCorpus);
                return;
            }
            postWarnings((*analysis)->warnings);
            if (!out.empty()) {
                // Written once the run has finished; a failed write is an error of its own, and
                // the run is still shown.
                if (Status s = session.saveResults(**analysis, out, std::nullopt, stop); !s) {
                    postError(s.error(), true, request, kJobResults);
                } else {
                    post([this, path = QString::fromStdString(out), request] {
                        Q_EMIT resultsSaved(path, request);
                    });
                }
            }
            publishAnalysis(std::move(analysis).value(), request, /*warned=*/true);
        },
        tr("There is not enough memory for this corpus run; use fewer or shorter sequences."),
        false);
    return request;
}

void EngineController::cancelCorpus() {
    m_analysisRequest = ++m_nextRequest;
    m_runner->cancel(kJobCorpus);
}

quint64 EngineController::openResults(const QString& path) {
    const quint64 request = beginAnalysisRequest();
    submit(
        kJobResults, request,
        [this, file = path.toStdString(), request](Session& session, std::stop_token,
                                                   JobProgress& progress) {
            progress.report(0.0, "open");
            auto analysis = session.openResults(file);
            if (!analysis) {
                postError(analysis.error(), true, request, kJobResults);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory to open this results file."), true);
    return request;
}

quint64 EngineController::openAttention(const QString& path) {
    const quint64 request = beginAnalysisRequest();
    m_runner->cancel(kJobCorpus);
    submit(
        kJobAnalyze, request,
        [this, file = path.toStdString(), settings = m_settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            auto analysis =
                session.analyzeAttentionFile(file, {}, settings, stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), true, request, kJobAnalyze);
                return;
            }
            publishAnalysis(std::move(analysis).value(), request);
        },
        tr("There is not enough memory to analyse this attention file."), true);
    return request;
}

bool EngineController::canSaveResults() const {
    return m_analysis &&
           (m_analysis->run || (m_analysis->kind == AnalysisKind::Text && m_analysis->inputs));
}

quint64 EngineController::saveResults(const QString& path, std::optional<HeadRef> selected) {
    return saveResults(m_analysis, path, selected);
}

quint64 EngineController::saveResults(AnalysisPtr analysis, const QString& path,
                                      std::optional<HeadRef> selected) {
    const quint64 request = ++m_nextRequest;
    if (!analysis ||
        !(analysis->run || (analysis->kind == AnalysisKind::Text && analysis->inputs))) {
        postError(makeError(ErrorCode::InvalidArgument,
                            tr("There are no results to save; analyse a text or run a corpus "
                               "first.")
                                .toStdString()),
                  false, request, kJobResults);
        return request;
    }
    submit(
        kJobResults, request,
        [this, analysis, file = path.toStdString(), path, selected, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            Status s = session.saveResults(*analysis, file, selected, stop, progress.callback());
            if (!s) {
                postError(s.error(), true, request, kJobResults);
                return;
            }
            post([this, path, request] { Q_EMIT resultsSaved(path, request); });
        },
        tr("There is not enough memory to save these results."), true, false);
    return request;
}

void EngineController::cancelAll() {
    cancelLoading();
    m_analysisRequest = ++m_nextRequest;
    m_attentionRequest = m_analysisRequest;
    m_runner->cancel(kJobAnalyze);
    m_runner->cancel(kJobCorpus);
    m_runner->cancel(kJobAttention);
    m_runner->cancel(kJobRescale);
    cancelTimeline();
}

quint64 EngineController::requestTimeline(const QStringList& dirs, const QString& textPath) {
    const quint64 request = m_timelineRequest = ++m_nextRequest;
    std::vector<std::string> folders;
    for (const QString& d : dirs) {
        folders.push_back(d.toStdString());
    }
    TimelineSettings settings;
    settings.method.alphas = m_settings.alphas;
    submit(
        kJobTimeline, request,
        [this, folders, text = textPath.toStdString(), settings, request](
            Session& session, std::stop_token stop, JobProgress& progress) {
            auto rows = session.timeline(folders, text, settings, stop, progress.callback());
            if (!rows) {
                postError(rows.error(), false, request, kJobTimeline);
                return;
            }
            post([this, result = rows.value(), request] {
                if (request == m_timelineRequest) {
                    Q_EMIT timelineReady(result, request);
                }
            });
        },
        tr("There is not enough memory to compare these models."), false);
    return request;
}

void EngineController::cancelTimeline() {
    m_timelineRequest = ++m_nextRequest;
    m_runner->cancel(kJobTimeline);
}

quint64 EngineController::openCompareSource(const QString& path) {
    const quint64 request = ++m_nextRequest;
    submit(
        kJobCompareSource, request,
        [this, path, request, settings = m_settings](Session& session, std::stop_token stop,
                                                     JobProgress& progress) {
            progress.report(0.0, "open");
            // A results file as it was computed; attention analysed with the window's settings.
            auto analysis = path.endsWith(QLatin1String(".hwrun"), Qt::CaseInsensitive)
                                ? session.openResults(path.toStdString())
                                : session.analyzeAttentionFile(path.toStdString(), {}, settings,
                                                               stop, progress.callback());
            if (!analysis) {
                postError(analysis.error(), false, request, kJobCompareSource);
                return;
            }
            post([this, result = std::move(analysis).value(), path, request] {
                Q_EMIT compareSourceReady(result, path, request);
            });
        },
        tr("There is not enough memory to open this results file."), false,
        /*latestWins=*/false);
    return request;
}

quint64 EngineController::requestComparison(std::vector<ComparisonSource> sources) {
    const quint64 request = m_comparisonRequest = ++m_nextRequest;
    submit(
        kJobCompare, request,
        [this, sources = std::move(sources), request](Session& session, std::stop_token,
                                                      JobProgress&) mutable {
            auto comparison = session.compare(std::move(sources));
            if (!comparison) {
                postError(comparison.error(), false, request, kJobCompare);
                return;
            }
            post([this, result = std::move(comparison).value(), request] {
                if (request == m_comparisonRequest) {
                    Q_EMIT comparisonReady(result, request);
                }
            });
        },
        tr("There is not enough memory to compare these sources."), false);
    return request;
}

}  // namespace headwave
