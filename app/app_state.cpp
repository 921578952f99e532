// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/app_state.h"

#include <QFileInfo>
#include <utility>

#include "app/engine_controller.h"

namespace headwave {

namespace {

QString headText(int layer, int head) {
    return QStringLiteral("%1:%2").arg(layer).arg(head);
}

bool validHead(const AnalysisSnapshot* a, int layer, int head) {
    return a != nullptr && a->metrics && layer >= 0 && head >= 0 &&
           layer < a->metrics->shape.layers && head < a->metrics->shape.heads;
}

}  // namespace

AppState::AppState(EngineController* engine, QObject* parent) : QObject(parent), m_engine(engine) {
    m_data.settings = engine->settings();
    connect(engine, &EngineController::modelLoaded, this, &AppState::onModelLoaded);
    connect(engine, &EngineController::analysisReady, this, &AppState::onAnalysisReady);
    connect(engine, &EngineController::attentionReady, this, &AppState::onAttentionReady);
    connect(engine, &EngineController::rescaleReady, this, &AppState::onRescaleReady);
    connect(engine, &EngineController::failed, this, &AppState::onFailed);
}

void AppState::publish() {
    ++m_data.revision;
    Q_EMIT changed(m_data);
}

// ---- source intents ---------------------------------------------------------------------------

void AppState::beginSource(Intent intent, quint64 request, const QString& what,
                           const QString& folder, const QString& text) {
    m_data.pending.intent = intent;
    m_data.pending.serial = ++m_serial;
    m_data.pending.request = request;
    m_data.pending.what = what;
    m_data.pending.folder = folder;
    m_data.pending.text = text;
    publish();
}

void AppState::cancel() {
    switch (m_data.pending.intent) {
        case Intent::OpenModel:
        case Intent::DemoEntry:
            m_engine->cancelLoading();
            m_engine->cancelAnalysis();
            break;
        case Intent::Analysis:
        case Intent::Teaching:
            m_engine->cancelAnalysis();
            break;
        case Intent::Corpus:
            m_engine->cancelCorpus();
            break;
        case Intent::Results:
        case Intent::Attention:
            m_engine->cancelAnalysis();  // supersedes the file being opened
            break;
        case Intent::None:
            break;
    }
    const bool hadPending = m_data.pending.intent != Intent::None;
    m_data.pending = Pending{};
    if (hadPending) {
        reissueBusyParts();
        publish();
    }
}

void AppState::reissueBusyParts() {
    // Starting a source intent stopped the engine's head requests (they belonged to the analysis
    // it was to replace); when the intent ends without replacing it, what the shown analysis's
    // heatmap and rescaling wait for is asked for again, or they would wait for ever.
    if (!validHead(m_data.analysis.get(), m_data.layer, m_data.head)) {
        return;
    }
    if (m_data.attentionPart.state == Part::State::Busy) {
        m_attentionRequest = m_engine->requestAttention(m_data.analysis, m_data.layer, m_data.head);
    }
    if (m_data.rescalePart.state == Part::State::Busy) {
        m_rescaleRequest =
            m_engine->requestRescale(m_data.analysis, m_data.layer, m_data.head, m_data.alpha);
    }
}

void AppState::openModel(const QString& dir) {
    cancel();
    const quint64 request = m_engine->openModel(dir);
    beginSource(Intent::OpenModel, request, tr("Opening %1…").arg(QFileInfo(dir).fileName()), dir);
}

void AppState::openModelAndAnalyze(const QString& dir, const QString& text) {
    cancel();
    const quint64 request = m_engine->openModel(dir);
    beginSource(Intent::DemoEntry, request,
                tr("Opening %1 and analysing the text…").arg(QFileInfo(dir).fileName()), dir, text);
}

void AppState::analyze(const QString& text) {
    cancel();
    const quint64 request = m_engine->analyze(text);
    beginSource(Intent::Analysis, request, tr("Analysing the text…"));
}

void AppState::showTeachingPatterns() {
    cancel();
    const quint64 request = m_engine->analyzeSynthetic();
    beginSource(Intent::Teaching, request, tr("Analysing the teaching patterns…"));
}

void AppState::runCorpus(const QString& path, const RunSettings& settings) {
    cancel();
    const quint64 request = m_engine->runCorpus(path, settings);
    beginSource(Intent::Corpus, request,
                tr("Running the corpus %1…").arg(QFileInfo(path).fileName()));
}

void AppState::openResults(const QString& path) {
    cancel();
    const quint64 request = m_engine->openResults(path);
    beginSource(Intent::Results, request, tr("Opening %1…").arg(QFileInfo(path).fileName()));
}

void AppState::openAttention(const QString& path) {
    cancel();
    const quint64 request = m_engine->openAttention(path);
    beginSource(Intent::Attention, request,
                tr("Analysing the attention in %1…").arg(QFileInfo(path).fileName()));
}

// ---- intents on what is shown -------------------------------------------------------------------

void AppState::requestHeadData() {
    const AnalysisSnapshot* a = m_data.analysis.get();
    m_data.attention.reset();
    m_data.rescale.reset();
    m_attentionRequest = 0;
    m_rescaleRequest = 0;
    if (!validHead(a, m_data.layer, m_data.head)) {
        m_data.attentionPart = {};
        m_data.rescalePart = {};
        return;
    }
    const QString head = headText(m_data.layer, m_data.head);
    bool kept = !a->run;
    for (std::size_t i = 0; a->run && i < a->run->kept.size() && !kept; ++i) {
        const KeptHead& k = a->run->kept[i];
        kept = k.layer == m_data.layer && k.head == m_data.head && !k.attention.empty();
    }
    if (kept) {
        m_attentionRequest = m_engine->requestAttention(m_data.analysis, m_data.layer, m_data.head);
        m_data.attentionPart = {Part::State::Busy,
                                tr("Computing the attention of head %1…").arg(head)};
    } else {
        // A corpus run holds per-head means; only the heads it kept have an attention matrix.
        m_data.attentionPart = {
            Part::State::Unavailable,
            tr("This corpus run shows per-head means over its sequences; it kept no attention "
               "for head %1. Run the corpus keeping it (headwave-cli analyze --keep-heads) or "
               "analyse a text to see a head's attention.")
                .arg(head)};
    }
    if (a->kind == AnalysisKind::Text && a->inputs) {
        m_rescaleRequest =
            m_engine->requestRescale(m_data.analysis, m_data.layer, m_data.head, m_data.alpha);
        m_data.rescalePart = {
            Part::State::Busy,
            tr("Running the model on the text rescaled by \u03B1 = %1…").arg(m_data.alpha)};
    } else {
        const QString why =
            a->kind == AnalysisKind::TeachingPatterns
                ? tr("The teaching patterns are made, not computed by a model: there is nothing "
                     "to run again on a rescaled text.")
            : a->kind == AnalysisKind::Attention
                ? tr("Rescaling is not available for attention from a file: there is no model to "
                     "run again on the rescaled text. Open the model and analyse the same text "
                     "to rescale a head.")
                : tr("A corpus run shows its scale sensitivity per alpha in the head grid and "
                     "the metrics table; analyse a text to rescale one head.");
        m_data.rescalePart = {Part::State::Unavailable, why};
    }
}

void AppState::selectHead(int layer, int head) {
    if (!validHead(m_data.analysis.get(), layer, head) ||
        (layer == m_data.layer && head == m_data.head)) {
        return;
    }
    m_data.layer = layer;
    m_data.head = head;
    requestHeadData();
    publish();
}

void AppState::setAlpha(double alpha) {
    if (alpha == m_data.alpha) {
        return;
    }
    m_data.alpha = alpha;
    const AnalysisSnapshot* a = m_data.analysis.get();
    if (validHead(a, m_data.layer, m_data.head) && a->kind == AnalysisKind::Text && a->inputs) {
        m_rescaleRequest =
            m_engine->requestRescale(m_data.analysis, m_data.layer, m_data.head, alpha);
        m_data.rescalePart = {
            Part::State::Busy,
            tr("Running the model on the text rescaled by \u03B1 = %1…").arg(alpha)};
    }
    publish();
}

void AppState::setPinned(std::vector<HeadRef> pinned) {
    m_data.pinned = std::move(pinned);
    publish();
}

bool AppState::setSettings(const MethodSettings& settings) {
    if (!m_engine->setSettings(settings)) {
        return false;
    }
    m_data.settings = settings;
    publish();
    return true;
}

// ---- the engine's answers -----------------------------------------------------------------------

void AppState::onModelLoaded(const std::shared_ptr<const ModelCard>& card, quint64 request) {
    if (request != m_data.pending.request) {
        return;  // an intent superseded since
    }
    m_data.model = card;
    if (m_data.pending.intent == Intent::DemoEntry) {
        // The model is open; its analysis of the text is the rest of the same intent.
        m_data.pending.request = m_engine->analyze(m_data.pending.text);
        publish();
        return;
    }
    // A model opened on its own: nothing is analysed with it yet.
    m_data.analysis.reset();
    m_data.analysisModel.reset();
    m_data.shownSerial = m_data.pending.serial;
    m_data.layer = -1;
    m_data.head = -1;
    requestHeadData();
    m_data.pending = Pending{};
    publish();
}

void AppState::onAnalysisReady(const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                               quint64 request) {
    if (request != m_data.pending.request) {
        return;  // an intent superseded since
    }
    m_data.analysis = snapshot;
    m_data.analysisModel = snapshot->model;
    if (snapshot->model) {
        // The model the engine ran is the open one (an open cancelled after it had finished
        // loading still replaced it in the session): the card never names another.
        m_data.model = snapshot->model;
    }
    m_data.shownSerial = m_data.pending.serial;
    // Keep the selected head when it exists in the new result, else start at the first head.
    if (!validHead(snapshot.get(), m_data.layer, m_data.head)) {
        m_data.layer = 0;
        m_data.head = 0;
    }
    std::vector<HeadRef> pinned;
    for (const HeadRef& p : m_data.pinned) {
        if (validHead(snapshot.get(), p.layer, p.head)) {
            pinned.push_back(p);
        }
    }
    m_data.pinned = std::move(pinned);
    m_data.pending = Pending{};
    requestHeadData();
    publish();
}

void AppState::onAttentionReady(const std::shared_ptr<const HeadAttention>& attention,
                                quint64 request) {
    if (request != m_attentionRequest || !m_data.analysis ||
        attention->generation != m_data.analysis->generation || attention->layer != m_data.layer ||
        attention->head != m_data.head) {
        return;  // for a head or an analysis no longer shown
    }
    m_data.attention = attention;
    m_data.attentionPart = {Part::State::Shown, {}};
    publish();
}

void AppState::onRescaleReady(const std::shared_ptr<const RescaleSnapshot>& rescale,
                              quint64 request) {
    if (request > m_rescaleRequest || !m_data.analysis ||
        rescale->generation != m_data.analysis->generation || rescale->layer != m_data.layer ||
        rescale->head != m_data.head) {
        return;  // for a head or an analysis no longer shown
    }
    // A finished pass of an earlier slider position is shown while the newest one is computed
    // (a drag faster than the model still updates the view); the part stays busy until then.
    m_data.rescale = rescale;
    if (request == m_rescaleRequest) {
        m_data.rescalePart = {Part::State::Shown, {}};
    }
    publish();
}

void AppState::onFailed(const QString& text, const QString& detail, bool blocking, quint64 request,
                        const QString& kind) {
    Q_UNUSED(kind);
    if (request != 0 && request == m_data.pending.request) {
        // The intent in flight failed: the shown state stays, the message says why.
        m_data.pending = Pending{};
        reissueBusyParts();
        publish();
        Q_EMIT message(text, detail, true, blocking);
        return;
    }
    if (request != 0 && request == m_attentionRequest) {
        m_data.attentionPart = {Part::State::Unavailable, text};
        publish();
        Q_EMIT message(text, detail, false, false);
        return;
    }
    if (request != 0 && request == m_rescaleRequest) {
        m_data.rescale.reset();  // an earlier alpha's would pass for this one's
        m_data.rescalePart = {Part::State::Unavailable, text};
        publish();
        Q_EMIT message(text, detail, false, false);
        return;
    }
    // Not about what is shown or in flight (saving, a comparison, a setting, or an intent
    // superseded since): a message all the same, blocking only when it is current.
    Q_EMIT message(text, detail, true, blocking && request == 0);
}

}  // namespace headwave
