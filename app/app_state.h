// SPDX-License-Identifier: GPL-3.0-or-later
// The one application state: what is shown (the analysis and its source), the selected head,
// alpha, the pinned heads, the method settings, the text the user typed, and the intent in flight.
// It is changed only by user intents (the public methods) and by the engine's answers to them,
// and every view draws from it (changed()): no view keeps a state of its own that could fall
// behind.
//
// The newest intent wins across kinds: opening a model, a demo entry, the teaching patterns, an
// analysis, a corpus run and a results file each supersede the source intent in flight (which is
// cancelled), and an answer that belongs to a superseded intent is dropped. The shown state is
// only ever replaced by a complete answer, so a cancel leaves every view on the last complete
// state (with the selection the user made meanwhile). A view whose data is on its way says so.
//
//   AppState state(engine);
//   connect(&state, &AppState::changed, window, &MainWindow::render);
//   state.analyze(text);
//   state.selectHead(2, 5);
#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "headwave/run/analysis_run.h"
#include "headwave/run/snapshots.h"

namespace headwave {

class EngineController;

class AppState : public QObject {
    Q_OBJECT
public:
    // The kinds of source intent (what replaces the shown analysis).
    enum class Intent {
        None,
        OpenModel,  // a model folder; nothing analysed yet
        DemoEntry,  // a model folder, then the text analysed on it
        Analysis,   // a text on the open model
        Teaching,   // the teaching patterns
        Corpus,     // a corpus run on the open model
        Results,    // a results file
        Attention,  // an attention file or folder (external attention)
    };

    struct Pending {
        Intent intent = Intent::None;
        quint64 serial = 0;   // the intent's number (source intents are numbered 1, 2, ...)
        quint64 request = 0;  // the engine request in flight for it
        QString what;         // a sentence for the status ("Opening stories260K…")
        QString folder;       // OpenModel, DemoEntry: the model folder
        QString text;         // DemoEntry: the text analysed once the model is open
    };

    // A view's data that is on its way, or why there is none.
    struct Part {
        enum class State { None, Busy, Shown, Unavailable } state = State::None;
        QString message;  // Busy: what it waits for; Unavailable: why
    };

    // Everything the views draw. Immutable values (shared snapshots); copied on every change.
    struct Data {
        quint64 revision = 0;                              // increases with every change
        std::shared_ptr<const ModelCard> model;            // the open model (for the next analysis)
        std::shared_ptr<const AnalysisSnapshot> analysis;  // shown; null: nothing yet
        std::shared_ptr<const ModelCard> analysisModel;    // the model that made `analysis`
        quint64 shownSerial = 0;  // the source intent whose answer is shown (never decreases)
        int layer = -1;           // the selected head; -1 when nothing is shown
        int head = -1;
        double alpha = 0.5;
        std::vector<HeadRef> pinned;
        MethodSettings settings;
        std::shared_ptr<const HeadAttention> attention;  // of the selected head, when shown
        Part attentionPart;
        std::shared_ptr<const RescaleSnapshot> rescale;  // of the selected head at alpha
        Part rescalePart;
        Pending pending;  // the source intent in flight
    };

    explicit AppState(EngineController* engine, QObject* parent = nullptr);

    const Data& data() const { return m_data; }
    EngineController* engine() const { return m_engine; }

    // ---- source intents (each supersedes the one in flight) ----------------------------------
    void openModel(const QString& dir);
    // Opens the folder and analyses `text` on it (a demo checkpoint or twin, the demo at start).
    void openModelAndAnalyze(const QString& dir, const QString& text);
    void analyze(const QString& text);
    void showTeachingPatterns();
    void runCorpus(const QString& path, const RunSettings& settings);
    void openResults(const QString& path);
    // An attention file (.npy, .npz, .safetensors) or a folder of per-layer files, with its
    // token sidecar when there is one: every head analysed, no model needed.
    void openAttention(const QString& path);
    // Stops the intent in flight; the shown state stays (the last complete one).
    void cancel();
    // Whether a corpus run is in flight (opening a model then asks first).
    bool corpusRunning() const { return m_data.pending.intent == Intent::Corpus; }
    // The number of the last source intent begun (Pending::serial of the newest).
    quint64 lastSerial() const { return m_serial; }

    // ---- intents on what is shown --------------------------------------------------------------
    void selectHead(int layer, int head);
    void setAlpha(double alpha);
    void setPinned(std::vector<HeadRef> pinned);
    // Invalid settings are refused (failed() with the reason); the previous ones stay.
    bool setSettings(const MethodSettings& settings);

Q_SIGNALS:
    void changed(const headwave::AppState::Data& data);
    // A message for the log and the status bar: the intent's failure, why a view has no data.
    void message(const QString& text, const QString& detail, bool error, bool blocking);

private:
    void beginSource(Intent intent, quint64 request, const QString& what,
                     const QString& folder = {}, const QString& text = {});
    void requestHeadData();   // the attention and rescaling of the selection
    void reissueBusyParts();  // after a source intent ended without an answer
    void publish();

    void onModelLoaded(const std::shared_ptr<const ModelCard>& card, quint64 request);
    void onAnalysisReady(const std::shared_ptr<const AnalysisSnapshot>& snapshot, quint64 request);
    void onAttentionReady(const std::shared_ptr<const HeadAttention>& attention, quint64 request);
    void onRescaleReady(const std::shared_ptr<const RescaleSnapshot>& rescale, quint64 request);
    void onFailed(const QString& message, const QString& detail, bool blocking, quint64 request,
                  const QString& kind);

    EngineController* m_engine;
    Data m_data;
    quint64 m_attentionRequest = 0;
    quint64 m_rescaleRequest = 0;
    quint64 m_serial = 0;  // source intents begun
};

}  // namespace headwave
