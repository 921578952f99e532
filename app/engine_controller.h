// The only bridge between Qt and the engine: owns the engine's worker (JobRunner), turns user
// requests into jobs and posts their immutable results back to the GUI thread as signals. Results
// of superseded requests are dropped here, so views only ever see the latest.
//
//   EngineController engine;
//   connect(&engine, &EngineController::analysisReady, grid, ...);
//   engine.openModel("models/stories260K");
//   engine.analyze("Once upon a time");
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "headwave/model/attention_model.h"
#include "headwave/model/tokenizer.h"
#include "headwave/sequence_analyzer.h"
#include "widgets/analysis_snapshot.h"
#include "widgets/head_attention.h"

namespace headwave {

class JobRunner;
struct JobUpdate;

// What the window shows about a loaded model.
struct ModelCard {
    std::string dir;
    ModelConfig config;
    ModelInfo info;
    std::string tokenizerKind;
};

class EngineController : public QObject {
    Q_OBJECT
public:
    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override;  // stops the running job and joins the worker

    // Loads a model folder in the background (cancelled only by cancelLoading or another
    // openModel). The current model stays usable until the new one has loaded.
    void openModel(const QString& dir);
    void cancelLoading();

    // Tokenises and analyses every head of the text (latest request wins).
    void analyze(const QString& text);
    void cancelAnalysis();

    // The [T, T] attention of one head of the latest analysed sequence (latest request wins). The
    // model is run again up to that layer: at most one layer of attention is held at a time.
    void requestAttention(int layer, int head);

    bool hasModel() const { return m_model != nullptr; }
    const std::shared_ptr<const ModelCard>& modelCard() const { return m_card; }
    const std::shared_ptr<const AnalysisSnapshot>& analysis() const { return m_analysis; }

Q_SIGNALS:
    void modelLoaded(std::shared_ptr<const headwave::ModelCard> card);
    void analysisReady(std::shared_ptr<const headwave::AnalysisSnapshot> snapshot);
    void attentionReady(std::shared_ptr<const headwave::HeadAttention> attention);
    // kind: "load", "analyze", "attention"; fraction in [0, 1]; finished once per job.
    void progress(const QString& kind, double fraction, const QString& stage, bool finished);
    // message: one translated sentence; detail: technical; blocking: the user must acknowledge it.
    void failed(const QString& message, const QString& detail, bool blocking);

private:
    void onUpdate(const JobUpdate& update);  // worker thread
    void postError(const Error& error, bool blocking);

    std::shared_ptr<AttentionModel> m_model;  // used on the worker thread only
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::shared_ptr<const ModelCard> m_card;
    std::shared_ptr<const AnalysisSnapshot> m_analysis;
    std::uint64_t m_loadGeneration = 0;
    std::uint64_t m_analysisGeneration = 0;
    std::uint64_t m_attentionGeneration = 0;
    std::unique_ptr<JobRunner> m_runner;  // last: destroyed (joined) first
};

}  // namespace headwave
