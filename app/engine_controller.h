// SPDX-License-Identifier: GPL-3.0-or-later
// The only bridge between Qt and the engine: queues each user request on the engine's worker
// (JobRunner), where the engine's Session (headwave/run/session.h) does the work, posts the
// immutable results back to the GUI thread as signals, and drops the results of superseded
// requests, so views only ever see the latest. It computes nothing itself: every pipeline (a
// text's analysis, a head's attention, a rescaling, saving) is the session's, shared with the CLI.
//
//   EngineController engine;
//   connect(&engine, &EngineController::analysisReady, grid, ...);
//   engine.openModel("models/stories260K");
//   engine.analyze("Once upon a time");
//   engine.requestRescale(3, 5, 0.5);   // -> rescaleReady
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "headwave/run/session.h"
#include "headwave/run/snapshots.h"

namespace headwave {

class JobRunner;
class JobProgress;
struct JobUpdate;

// Job kinds, as passed in progress(kind, ...).
inline constexpr const char* kJobLoad = "load";
inline constexpr const char* kJobAnalyze = "analyze";
inline constexpr const char* kJobAttention = "attention";
inline constexpr const char* kJobRescale = "rescale";
inline constexpr const char* kJobCorpus = "corpus";
inline constexpr const char* kJobResults = "results";  // opening or saving a results file
inline constexpr const char* kJobTimeline = "timeline";
inline constexpr const char* kJobHeadMap = "headmap";
inline constexpr const char* kJobCompare = "compare";  // the comparison workspace's requests
inline constexpr const char* kJobCompareSource = "compare_source";  // ... and its results files

class EngineController : public QObject {
    Q_OBJECT
public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override;  // stops the running job and joins the worker

    // The method settings of the next analyze() (and the window's runCorpus settings.method).
    // Invalid settings are refused with failed(); the previous ones stay.
    bool setSettings(const MethodSettings& settings);
    const MethodSettings& settings() const { return m_settings; }

    // Loads a model folder in the background (cancelled only by cancelLoading or another
    // openModel). The current model stays usable until the new one has loaded.
    quint64 openModel(const QString& dir);
    void cancelLoading();
    bool isLoading() const { return m_loading; }

    // Tokenises and analyses every head of the text (latest request wins); the snapshot has every
    // head's HeadDetail and the rho over its heads.
    quint64 analyze(const QString& text);
    void cancelAnalysis();

    // Teaching mode: analyses a SyntheticAttentionSource (one layer, one head per textbook
    // pattern: local band, sink, periodic, blocks, uniform; 128 tokens named t0..t127) like
    // analyze() does, and publishes it as the current snapshot. Needs no model.
    quint64 analyzeSynthetic();
    // The patterns of analyzeSynthetic()'s heads, in head order.
    static const std::vector<SyntheticPattern>& teachingPatterns();

    // computeTimeline on the worker (latest request wins; progress as kJobTimeline; cancelled by
    // cancelTimeline or cancelAll): each model folder analysed on the text file -> timelineReady.
    quint64 requestTimeline(const QStringList& dirs, const QString& textPath);
    void cancelTimeline();

    // The [T, T] attention of one head of the current analysis (latest request wins): from the
    // attention the session kept, else computed again (Session::headAttention).
    quint64 requestAttention(int layer, int head);
    // ... of the given analysis (the one the window shows), whatever the latest one is.
    quint64 requestAttention(AnalysisPtr analysis, int layer, int head);

    // The rescaling experiment for one head of the current analysis (Session::rescale). A newer
    // request replaces a pending one; results arrive in request order and older ones are dropped.
    quint64 requestRescale(int layer, int head, double alpha);
    quint64 requestRescale(AnalysisPtr analysis, int layer, int head, double alpha);

    // The head map of the analysis's heads (Session::headMap; latest request wins): k classes, or
    // 0 to choose k by silhouette; the 10 most similar heads of each head -> headMapReady.
    quint64 requestHeadMap(AnalysisPtr analysis, int k);

    // A corpus run (runAnalysis) on the worker, with per-sequence progress (corpusProgress). The
    // result becomes the current snapshot (per-head means, snapshot->run set). When savePath is
    // not empty the result is also written there, atomically, once the run has finished (a
    // cancelled or failed run writes nothing).
    quint64 runCorpus(const QString& corpusPath, const RunSettings& settings,
                      const QString& savePath = {});
    void cancelCorpus();

    // Results files (.hwrun). Opening makes the file's run the current snapshot; saving writes
    // the current snapshot (Session::saveResults, atomically): an analysed text as a run of one
    // sequence, byte for byte what `headwave-cli analyze --text` writes for it.
    quint64 openResults(const QString& path);
    // An attention file or per-layer folder with its token sidecar
    // (Session::analyzeAttentionFile), analysed with the current settings.
    quint64 openAttention(const QString& path);
    quint64 saveResults(const QString& path, std::optional<HeadRef> selected = std::nullopt);
    // ... of the given analysis (the one the window shows).
    quint64 saveResults(AnalysisPtr analysis, const QString& path,
                        std::optional<HeadRef> selected = std::nullopt);
    bool canSaveResults() const;

    // The comparison workspace. A results file (.hwrun), or an attention file or folder analysed
    // with settings(), opened as a source without changing the current analysis (each request is
    // kept: several files can be added at once) -> compareSourceReady.
    quint64 openCompareSource(const QString& path);
    // Session::compare on the worker (latest request wins) -> comparisonReady, or failed() with
    // kind kJobCompare and the engine's sentence (fewer than two sources, a source without
    // per-head metrics).
    quint64 requestComparison(std::vector<ComparisonSource> sources);

    // Stops whatever runs (the status bar's Cancel).
    void cancelAll();

    bool hasModel() const { return m_hasModel; }
    const std::shared_ptr<const ModelCard>& modelCard() const { return m_card; }
    const std::shared_ptr<const AnalysisSnapshot>& analysis() const { return m_analysis; }
    const std::shared_ptr<const RescaleSnapshot>& rescale() const { return m_rescale; }

    // For tests of the app's state: each delivery to the GUI thread waits delayMs() ms first,
    // so answers arrive late, and in another order than the engine produced them, as they could
    // on a loaded machine. An empty function (the default) delivers at once, in order.
    void setDeliveryJitter(std::function<int()> delayMs) { m_jitter = std::move(delayMs); }

    // Every request method returns the request's id (unique, increasing); the signals carry the
    // id of the request they answer (0: not tied to one), so that the app's state can tell which
    // of its intents a result or a failure belongs to.
Q_SIGNALS:
    void modelLoaded(std::shared_ptr<const headwave::ModelCard> card, quint64 request);
    void analysisReady(std::shared_ptr<const headwave::AnalysisSnapshot> snapshot, quint64 request);
    void attentionReady(std::shared_ptr<const headwave::HeadAttention> attention, quint64 request);
    void rescaleReady(std::shared_ptr<const headwave::RescaleSnapshot> rescale, quint64 request);
    void headMapReady(std::shared_ptr<const headwave::HeadMap> map, quint64 request);
    void resultsSaved(const QString& path, quint64 request);
    void timelineReady(std::shared_ptr<const std::vector<headwave::TimelineRow>> rows,
                       quint64 request);
    void compareSourceReady(std::shared_ptr<const headwave::AnalysisSnapshot> snapshot,
                            const QString& path, quint64 request);
    void comparisonReady(std::shared_ptr<const headwave::Comparison> comparison, quint64 request);
    // kind: one of kJob*; fraction in [0, 1]; stage: translated text; finished once per job.
    void progress(const QString& kind, double fraction, const QString& stage, bool finished);
    // A corpus run: sequence (0-based) of sequences; secondsLeft < 0 when unknown.
    void corpusProgress(int sequence, int sequences, double secondsLeft);
    // message: one translated sentence; detail: technical; blocking: the user must acknowledge it.
    // kind: the job kind that failed (kJob*), empty when none.
    void failed(const QString& message, const QString& detail, bool blocking, quint64 request,
                const QString& kind);
    // Something worth knowing that is not an error (the text was cut, rows were repaired).
    void warning(const QString& message);

private:
    using Work = std::function<void(Session&, std::stop_token, JobProgress&)>;

    // Queues work on the worker: exceptions that escape the engine become failed() (out of
    // memory: outOfMemoryText), never a crash of the worker.
    void submit(const char* kind, quint64 request, Work work, const QString& outOfMemoryText,
                bool blocking, bool latestWins = true);
    // Runs `delivery` on the GUI thread, after the deliveries posted before it. The worker hands
    // over its results through a std::mutex-guarded mailbox and posts only a wake-up: the
    // handoff is visible to ThreadSanitizer, which cannot see Qt's own event-queue locks in an
    // uninstrumented Qt (tests/app/test_engine_bridge.cpp runs under TSan). Any thread.
    void post(std::function<void()> delivery);
    Q_INVOKABLE void deliverPosted();  // GUI thread: runs the oldest posted delivery

    void onUpdate(const JobUpdate& update);  // worker thread
    // An engine error as failed(), unless it is a cancellation. Any thread.
    void postError(const Error& error, bool blocking, quint64 request = 0, const char* kind = "");
    void postWarnings(const std::vector<Warning>& warnings);
    // Publishes an analysis if `request` is still the latest analysis request, after its
    // warnings (unless `warned`). Worker thread.
    void publishAnalysis(AnalysisPtr snapshot, quint64 request, bool warned = false);
    quint64 beginAnalysisRequest();

    MethodSettings m_settings;
    std::shared_ptr<const ModelCard> m_card;
    std::shared_ptr<const AnalysisSnapshot> m_analysis;
    std::shared_ptr<const RescaleSnapshot> m_rescale;
    bool m_loading = false;
    bool m_hasModel = false;
    // Request ids (GUI thread): a result is shown only when it answers the latest request of
    // its kind.
    quint64 m_nextRequest = 0;  // the last id handed out
    quint64 m_loadRequest = 0;
    quint64 m_analysisRequest = 0;  // analyses, corpus runs, results files, teaching
    quint64 m_attentionRequest = 0;
    quint64 m_headMapRequest = 0;
    quint64 m_rescaleRequest = 0;    // id of the latest rescale request
    quint64 m_rescaleDelivered = 0;  // id of the latest rescale result shown
    quint64 m_timelineRequest = 0;
    quint64 m_comparisonRequest = 0;
    std::mutex m_postedMutex;
    std::deque<std::function<void()>> m_posted;  // guarded by m_postedMutex; oldest first
    std::function<int()> m_jitter;               // GUI thread; see setDeliveryJitter
    std::unique_ptr<Session> m_session;          // used on the worker thread only
    std::unique_ptr<JobRunner> m_runner;         // last: destroyed (joined) first
};

}  // namespace headwave
