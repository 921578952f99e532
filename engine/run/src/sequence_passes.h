// SPDX-License-Identifier: GPL-3.0-or-later
// The passes a run makes over one sequence, shared by corpus runs (analysis_run.cpp) and the
// session (session.cpp), so a typed text, a slider position and a corpus run compute their
// numbers with the same code: the main pass (the model run on the sequence, every head analysed)
// and the rescaled passes of the scale sensitivity (docs/method.md).
// Private to the run wing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/progress.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/corpus.h"

namespace headwave::passes {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// The identity of a loaded model, as runs and results files record it.
ModelIdentity identifyModel(const AttentionModel& model);

// libtorch intra-op threads for one pass of a single sequence (a typed text, a slider position,
// a head's heatmap). A pass over a small model and a short sequence is a few hundred tiny
// kernels: a second OpenMP thread only adds a synchronisation per kernel, which on a busy machine
// (threads descheduled) costs a scheduler time slice each. Measured on stories260K (T = 229,
// hidden 64) with the other core busy: 300-1100 ms per pass with 2 threads. Below 2^16
// activations per layer (T x hidden) one thread is used; above it, `cores` (0 = every core).
int singlePassThreads(const ModelConfig& config, int tokens, int cores = 0);

// Seconds spent computing layers (the forward pass), apart from their analysis.
struct PassTimes {
    double forward = 0;
    double analysis = 0;
};

// Called with each layer's attention while it is valid (to keep heads, or cache layers).
using LayerHook = std::function<void(int layer, const LayerView& view)>;

// The main pass of a sequence: the model run on ids (on the calling thread, with the threads set
// for it), every head analysed with `options` (profiles kept when options.keepProfiles). Progress:
// stage "layers", done/total = layers.
Result<SequenceMetrics> analyzeModelPass(AttentionModel& model, const std::vector<int>& ids,
                                         const std::string& name, const MethodSettings& method,
                                         int level, const AnalyzerOptions& options,
                                         const LayerHook& onLayer, PassTimes& times,
                                         std::stop_token stop, const ProgressCallback& progress);

// The sequence subsampled by alpha (method.subsampling), run through layers 0..layers-1, each
// head's profile stretched back to T = ids.size() (linear interpolation over normalised position,
// renormalised): stretched is [layers * heads][T], index layer * heads + head.
struct RescaledPass {
    int subsampledTokens = 0;  // m
    std::vector<std::vector<double>> stretched;
};
Result<RescaledPass> rescaledPass(AttentionModel& model, const std::vector<int>& ids,
                                  const std::string& name, double alpha,
                                  const MethodSettings& method, AnalyzerOptions options, int layers,
                                  PassTimes& times, std::stop_token stop,
                                  const ProgressCallback& progress);

// ---- runs: the steps of analysis_run.cpp the session also takes for a text it saves ----------

// The packed sequences of a run and what describes them in its corpus identity (a corpus file,
// or sequences already tokenised).
struct PackedSequences {
    std::vector<CorpusSequence> all;
    std::string source;
    int minTokens = 0;
    int maxTokens = 0;
    std::int64_t truncated = 0;     // paragraphs cut at maxTokens
    std::int64_t bytes = 0;         // bytes of the corpus's paragraphs read (CorpusStats)
    std::int64_t nonTextBytes = 0;  // ... that are not text (NUL, control, invalid UTF-8)
};

// What one sequence contributes to a run.
struct SequenceOutcome {
    std::vector<double> metrics;  // [layers, heads, columns]
    std::vector<KeptHead> kept;
    std::vector<Warning> warnings;
    StageTimes times;
};

// A run's result before any sequence is analysed: settings, the model's and the corpus's
// identities, the wavelet depth (fixed by the shortest sequence of the whole corpus, so every
// shard uses the same) and the metric layout.
Result<std::shared_ptr<RunResult>> beginRun(const AttentionModel& model,
                                            const RunSettings& settings,
                                            const PackedSequences& packed);

// The sequences of the shard: packed index i belongs to shard i % count.
std::vector<const CorpusSequence*> shardSequences(const PackedSequences& packed,
                                                  const Shard& shard);

// After a sequence's main pass (m, with its profiles): a rescaled pass per alpha of the run's
// settings gives every head's scale sensitivity, then the metrics are flattened into `out` and
// the warnings located at the sequence. `within` reports the fraction done of the sequence.
Status completeSequence(AttentionModel& model, const std::vector<int>& ids, int index,
                        SequenceMetrics& m, const RunResult& run, const AnalyzerOptions& options,
                        SequenceOutcome& out, std::stop_token stop,
                        const std::function<void(const std::string&, double)>& within);

// Appends the outcomes in sequence order (so the result does not depend on how many sequences
// ran at once) and aggregates them.
void endRun(RunResult& r, const std::vector<const CorpusSequence*>& mine,
            std::vector<SequenceOutcome>& outcomes);

// The attention [T, T] of one head of a layer view (float32 or float64), as a run keeps it.
std::vector<float> headMatrix(const LayerView& view, int head, int tokens);

}  // namespace headwave::passes
