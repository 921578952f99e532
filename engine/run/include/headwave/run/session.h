// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's operations as every front end offers them, once: open a model, analyse a text
// (or the teaching patterns, or attention exported elsewhere), a head's attention, the rescaling
// of a head at alpha, save an analysed text as a results file, corpus runs, results files and
// checkpoint timelines. The app's bridge (app/engine_controller.h), headwave-cli and the Python
// module call these and nothing below them, so a typed text or a slider position gives the same
// numbers in every front end.
//
// A session keeps what it computed: the open model and tokenizer, and with each analysis what
// later requests about it need (the model and token ids that made it, its attention within a
// memory budget, an external source). Requests about an analysis are answered from that, so a
// head's heatmap needs no new forward pass when its layer was kept.
//
// Not thread-safe: one thread calls a session (the app's engine worker, the CLI's main thread,
// Python with the GIL released). Every long call takes a stop token (polled between layers and
// heads; a stopped call returns ErrorCode::Cancelled) and a progress callback (throttled).
// Results are immutable snapshots (headwave/run/snapshots.h), safe to hand to other threads.
//
//   Session session;
//   if (auto card = session.openModel("models/stories260K"); !card) { ... }
//   auto a = session.analyzeText("Once upon a time", MethodSettings{});
//   auto heatmap = session.headAttention(**a, 2, 5);          // [T, T]
//   auto r = session.rescale(**a, 2, 5, 0.5);                 // S(0.5) of head (2, 5)
//   session.saveResults(**a, "text.hwrun");                   // as `headwave-cli analyze --text`
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/core/progress.h"
#include "headwave/core/warning.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/attention_files.h"
#include "headwave/run/checkpoint_timeline.h"
#include "headwave/run/comparison.h"
#include "headwave/run/interventions.h"
#include "headwave/run/snapshots.h"
#include "headwave/run/synthetic_attention.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave {

struct SessionOptions {
    // Cores for passes and analyses; 0 = every core. A single sequence's pass uses one libtorch
    // thread when it is small (below 2^16 activations per layer) and `threads` otherwise.
    int threads = 0;
    AttentionChecks checks;  // input checks of every analysis
    // The attention of an analysed text kept in memory (float32), so that a head's heatmap and
    // saving need no new forward pass: every layer when they fit, else the first layers that do.
    // 0 = keep none. The default is an eighth of the memory available when the session is made,
    // at most 1 GiB.
    std::uint64_t attentionCacheBytes = kDefaultCache;
    // Saving an analysed text keeps every head's attention in the results file when all of it
    // fits in this many bytes, otherwise that of the selected head only.
    std::uint64_t keptAttentionBytes = std::uint64_t{64} << 20;
    // Whether an analysis fills AnalysisSnapshot::details for every head as it is made (the app's
    // views draw them all). false leaves details empty (the profiles are kept) and headDetail()
    // computes one head's on request: the Python module, whose metrics need none of them.
    bool details = true;

    static constexpr std::uint64_t kDefaultCache = ~std::uint64_t{0};  // resolved by the session
};

// A text as a model reads it: the tokens, cut to the model's context (with a warning).
struct TokenizedText {
    std::vector<Token> tokens;
    std::vector<Warning> warnings;
    std::vector<int> ids() const;
};

class Session {
public:
    explicit Session(SessionOptions options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const SessionOptions& options() const { return m_options; }

    // ---- the model --------------------------------------------------------------------------

    // Loads a model folder and its tokenizer; on success it replaces the open model (analyses
    // made with the previous one keep it alive as long as they are held). Cancelled between the
    // weights and the tokenizer. Progress stages "weights", "tokenizer". A folder without a usable
    // tokenizer opens only when !requireTokenizer (token ids are then given directly; the card
    // says why there is no tokenizer).
    Result<std::shared_ptr<const ModelCard>> openModel(const std::string& dir,
                                                       std::stop_token stop = {},
                                                       const ProgressCallback& progress = {},
                                                       bool requireTokenizer = true);
    bool hasModel() const { return m_model != nullptr; }
    const std::shared_ptr<const ModelCard>& modelCard() const { return m_card; }
    // The open model (for front ends that run it directly, e.g. `headwave-cli attention`).
    std::shared_ptr<AttentionModel> model() const { return m_model; }

    // The text through the open model's tokenizer (special tokens when `special`), cut to the
    // model's context with a warning. Errors: no model, an empty text, no tokens.
    Result<TokenizedText> tokenize(const std::string& text, bool special = true) const;
    // Token ids given directly: each must be in the vocabulary; cut to the context with a
    // warning. The tokens have no text.
    Result<TokenizedText> fromIds(const std::vector<int>& ids) const;

    // libtorch threads for one pass of a single sequence of `tokens` tokens of the open model.
    int passThreads(int tokens) const;

    // Every layer of the open model's pass over ids, handed to onLayer while valid, with the
    // threads a single pass of this length uses (what `headwave-cli attention` writes).
    Result<ModelOutput> forward(const std::vector<int>& ids,
                                const std::function<Status(const LayerAttention&)>& onLayer,
                                std::stop_token stop = {}, const ProgressCallback& progress = {});

    // ---- analyses (each gets a new generation number) -------------------------------------

    // Tokenises the text and analyses every head (profiles, spectra and coefficients of every
    // head, rho over the heads). Progress stages "tokenize", "layers", "details".
    Result<AnalysisPtr> analyzeText(const std::string& text, const MethodSettings& settings,
                                    std::stop_token stop = {},
                                    const ProgressCallback& progress = {});
    // The same for token ids already made (2..context ids of the open model's vocabulary).
    Result<AnalysisPtr> analyzeTokens(std::vector<Token> tokens, std::vector<Warning> warnings,
                                      const MethodSettings& settings, std::stop_token stop = {},
                                      const ProgressCallback& progress = {});

    // Teaching mode: one layer, one head per textbook pattern (teachingPatterns()), 128 tokens
    // named t0..t127. Needs no model.
    Result<AnalysisPtr> analyzeTeachingPatterns(const MethodSettings& settings,
                                                std::stop_token stop = {},
                                                const ProgressCallback& progress = {});
    static const std::vector<SyntheticPattern>& teachingPatterns();
    static constexpr int kTeachingTokens = 128;

    // Attention exported elsewhere (a file, a framework's arrays): every head analysed as for a
    // text. tokenTexts: the [T] token labels, or empty for "0", "1", ... Needs no model.
    Result<AnalysisPtr> analyzeAttention(std::shared_ptr<AttentionSource> source,
                                         std::vector<std::string> tokenTexts,
                                         const MethodSettings& settings, std::stop_token stop = {},
                                         const ProgressCallback& progress = {});

    // An attention file or folder (openAttentionFile: .npy, .npz, .safetensors, per-layer files)
    // with its token sidecar when there is one (openExternalAttention), analysed as above; its
    // warnings (e.g. trailing bytes) are the snapshot's. Needs no model. Progress as above, after
    // a stage "open".
    Result<AnalysisPtr> analyzeAttentionFile(const std::string& path,
                                             const ExternalAttentionOptions& options,
                                             const MethodSettings& settings,
                                             std::stop_token stop = {},
                                             const ProgressCallback& progress = {});

    // A corpus run with the open model (runAnalysis), as a snapshot of per-head means (its run
    // in snapshot->run; saveResults writes it). Progress: sequences (done/total), time left.
    Result<AnalysisPtr> runCorpus(const std::string& corpusPath, const RunSettings& settings,
                                  std::stop_token stop = {}, const ProgressCallback& progress = {});

    // A results file (.hwrun) as a snapshot.
    Result<AnalysisPtr> openResults(const std::string& path);

    // ---- about one analysis -------------------------------------------------------------

    // One head's [T, T] attention: from the kept attention, else the model run again up to the
    // head's layer (a text), the source read again (external attention), the pattern made again
    // (teaching), or the run's kept heads (a run that kept it; else an error saying so).
    Result<std::shared_ptr<const HeadAttention>> headAttention(const AnalysisSnapshot& analysis,
                                                               int layer, int head,
                                                               std::stop_token stop = {});

    // The rescaling experiment (docs/method.md, scale sensitivity) for one head of an analysed
    // text: the model run on the sequence subsampled by alpha up to the head's layer, the profile
    // stretched back to T, both decomposed, S(alpha). Equal to the scale sensitivity a corpus run
    // or a saved text computes for that head. Errors for analyses without a model (teaching
    // patterns, external attention, runs), naming why.
    Result<std::shared_ptr<const RescaleSnapshot>> rescale(const AnalysisSnapshot& analysis,
                                                           int layer, int head, double alpha,
                                                           std::stop_token stop = {},
                                                           const ProgressCallback& progress = {});

    // One head's profile, spectrum and db2 coefficients: the snapshot's detail when it has one,
    // else computed now from its kept profile (the same numbers). Errors: a head out of range, a
    // run that kept no profile of that head.
    Result<HeadDetail> headDetail(const AnalysisSnapshot& analysis, int layer, int head) const;

    // Whether saveResults can write the analysis (a text analysed by a model, or a run), and why
    // not otherwise.
    Status canSave(const AnalysisSnapshot& analysis) const;

    // Writes the analysis as a results file, atomically. A run is written as it is. A text is
    // written as a run of one sequence, exactly as runAnalysisOnSequences would compute it with
    // the same model, settings and threads: its metrics (from the analysis), the scale
    // sensitivity at settings.alphas (the rescaled passes run now), and every head's attention
    // when it fits in options().keptAttentionBytes, else `selected`'s. Progress stages
    // "rescaled 0.5", ..., "save".
    Status saveResults(const AnalysisSnapshot& analysis, const std::string& path,
                       std::optional<HeadRef> selected = std::nullopt, std::stop_token stop = {},
                       const ProgressCallback& progress = {});

    // ---- interventions (headwave/run/interventions.h) ---------------------------------------

    // The token ids of up to `sequences` packed sequences of minTokens..maxTokens tokens of a
    // corpus, through the open model's tokenizer. Errors: no model, a corpus too short.
    Result<std::vector<std::vector<int>>> corpusIds(const std::string& corpusPath, int sequences,
                                                    int minTokens, int maxTokens,
                                                    std::stop_token stop = {}) const;
    // Mean head outputs over a reference corpus, computed once per (model, corpus, sizes) and
    // kept by the session.
    Result<std::shared_ptr<const HeadMeans>> headMeans(const std::string& corpusPath, int sequences,
                                                       int minTokens, int maxTokens,
                                                       std::stop_token stop = {});
    // runIntervention / sweepHeads on the open model.
    Result<InterventionResult> intervene(const std::vector<std::vector<int>>& sequences,
                                         const InterventionSpec& spec,
                                         const MethodSettings& settings,
                                         const HeadMeans* means = nullptr,
                                         std::stop_token stop = {},
                                         const ProgressCallback& progress = {});
    Result<SweepResult> sweep(const std::vector<std::vector<int>>& sequences, InterventionKind kind,
                              const std::set<int>& scales, const MethodSettings& settings,
                              const HeadMeans* means = nullptr, bool reuse = true,
                              std::stop_token stop = {}, const ProgressCallback& progress = {});

    // ---- comparisons -------------------------------------------------------------------------

    // Each model folder analysed on the text file (computeTimeline). Progress: folders.
    Result<std::shared_ptr<const std::vector<TimelineRow>>> timeline(
        const std::vector<std::string>& dirs, const std::string& textPath,
        const TimelineSettings& settings, std::stop_token stop = {},
        const ProgressCallback& progress = {});

    // The head map (headwave/dsp/head_map.h) of the heads of one or several analyses together,
    // each labelled by names[i] (the analysis's sourceName when names is shorter). A text's
    // heads, or a run's per-head means; errors as computeHeadMap's.
    Result<HeadMapPtr> headMap(const std::vector<AnalysisPtr>& analyses,
                               const std::vector<std::string>& names,
                               const HeadMapOptions& options) const;
    // Two or more analyses side by side (compareAnalyses, headwave/run/comparison.h): matched
    // heads, every head-grid metric and its difference to the first source, band shares per
    // layer, the settings that differ, the compare table. Needs no model.
    Result<ComparisonPtr> compare(std::vector<ComparisonSource> sources) const;

    // Bytes of attention the session holds in its caches now (for the model card and tests).
    std::uint64_t cachedAttentionBytes() const;

private:
    void cutToContext(TokenizedText& text) const;
    Result<AnalysisPtr> analyzeSource(AttentionSource& source, std::vector<Token> tokens,
                                      std::vector<Warning> warnings, const MethodSettings& settings,
                                      std::shared_ptr<AnalysisInputs> inputs, std::stop_token stop,
                                      const ProgressCallback& progress);

    SessionOptions m_options;
    std::shared_ptr<AttentionModel> m_model;
    // headMeans: the key (model folder, config hash, corpus, sizes) and its means.
    std::string m_meansKey;
    std::shared_ptr<const HeadMeans> m_means;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::shared_ptr<const ModelCard> m_card;
    std::uint64_t m_generation = 0;
    // The inputs of the latest analysis that cached attention; older caches are released when a
    // new analysis caches, so the session holds at most one analysis's attention.
    std::weak_ptr<AnalysisInputs> m_cached;
};

}  // namespace headwave
