// SPDX-License-Identifier: GPL-3.0-or-later
// One model plus a corpus in, a complete, reproducible result out (the paper's statistics): every
// sequence's forward pass and per-head metrics, the rescaled passes for each alpha with their scale
// sensitivities, and the corpus aggregation. The same code runs headless (headwave-cli analyze)
// and in the app (on the engine worker thread).
//
//   RunSettings s; s.corpus.maxSequences = 500;
//   auto result = runAnalysis(*model, *tokenizer, "wiki.txt", s, stop, onProgress);
//   writeRunFile("wiki.hwrun", **result);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/progress.h"
#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/corpus.h"

namespace headwave {

struct HeadRef {
    int layer = 0;
    int head = 0;
    bool operator==(const HeadRef&) const = default;
};

struct Shard {
    int index = 0;  // k in [0, count)
    int count = 1;  // N; sequence i (in packed order) belongs to shard i % N
};

// "k/N" -> Shard; an error says the accepted form.
Result<Shard> parseShard(const std::string& s);

struct RunSettings {
    MethodSettings method;  // method.alphas: the rescaling factors (may be empty)
    CorpusOptions corpus;
    Shard shard;
    AttentionChecks checks;
    int threads = 0;  // cores to use; 0 = all
    // Sequences analysed at once, each with threads / workers libtorch threads; 0 = automatic
    // (as many as threads, bounded by memory). The result does not depend on it.
    int sequenceWorkers = 0;
    // Heads and sequences (packed indices) whose attention [T, T] and profile [T] are kept in the
    // results file (for views and figures); both must be non-empty for anything to be kept.
    std::vector<HeadRef> keepHeads;
    std::vector<int> keepSequences;
};

struct ModelIdentity {
    std::string name;          // folder name
    std::string architecture;  // model_type
    std::string positional;    // "RoPE", "learned absolute", ...
    std::string configHash;    // FNV-1a 64 of config.json's bytes, hex (identity, not security)
    int layers = 0;
    int heads = 0;
    int kvHeads = 0;
    std::uint64_t parameters = 0;
    std::string dtype;
};

struct CorpusIdentity {
    std::string source;       // the corpus path as given
    std::string hash;         // FNV-1a 64 over the token ids of every packed sequence (all shards)
    std::int64_t packed = 0;  // sequences packed (all shards)
    int minTokens = 0;        // the packing range
    int maxTokens = 0;
    int shortest = 0;  // the shortest packed sequence (fixes the wavelet depth)
    bool sampled = false;
    std::uint64_t seed = 0;
};

struct KeptHead {
    int sequence = 0;  // packed index
    int layer = 0;
    int head = 0;
    int tokens = 0;
    std::vector<float> attention;  // [T, T]
    std::vector<double> profile;   // [T], normalised
};

struct StageTimes {  // seconds of work, summed over the sequence workers
    double tokenise = 0;
    double forward = 0;
    double analysis = 0;
    double aggregation = 0;
    double writing = 0;
};

// Immutable once built; shared as std::shared_ptr<const RunResult>.
struct RunResult {
    RunSettings settings;
    int level = 0;  // wavelet depth J of the whole corpus
    MetricLayout layout;
    ModelIdentity model;
    CorpusIdentity corpus;
    Shard shard;
    std::vector<int> sequenceIndex;  // [S] packed index of each analysed sequence, increasing
    std::vector<int> tokens;         // [S] token count
    std::vector<int> tokenIds;       // concatenated ids of the S sequences
    std::vector<double> metrics;     // [S, layers, heads, columns] row-major
    std::vector<KeptHead> kept;
    std::vector<Warning> warnings;  // corpus-level first, then per sequence in packed order
    std::shared_ptr<const CorpusSummary> summary;  // aggregated from `metrics` in sequence order
    StageTimes times;                              // not stored in files
    int workers = 1;                               // sequences analysed at once (not stored)

    int sequences() const { return static_cast<int>(tokens.size()); }
    double metric(int s, int layer, int head, std::size_t column) const {
        return metrics[((static_cast<std::size_t>(s) * static_cast<std::size_t>(model.layers) +
                         static_cast<std::size_t>(layer)) *
                            static_cast<std::size_t>(model.heads) +
                        static_cast<std::size_t>(head)) *
                           layout.size() +
                       column];
    }
};

// Runs the analysis. Stop requests are honoured between layers. Progress (throttled, with the time
// left): done/total count sequences, stage is "tokenize", "forward", "rescaled 0.5", ..., "done".
Result<std::shared_ptr<const RunResult>> runAnalysis(
    AttentionModel& model, const Tokenizer& tokenizer, const std::string& corpusPath,
    const RunSettings& settings, std::stop_token stop = {}, const ProgressCallback& progress = {});

// Analyses sequences already tokenised (a text typed in the app) exactly as runAnalysis analyses
// a corpus's packed sequences: the same metrics, kept heads, summary and file. Each sequence
// needs 2..context tokens; they are numbered 0..S-1 in the given order (settings.keepSequences
// refers to these numbers) and settings.corpus is not used. `source` names them in the result's
// corpus identity ("text typed in the app", a file name); minTokens/maxTokens are their shortest
// and longest lengths.
Result<std::shared_ptr<const RunResult>> runAnalysisOnSequences(
    AttentionModel& model, std::vector<CorpusSequence> sequences, const std::string& source,
    const RunSettings& settings, std::stop_token stop = {}, const ProgressCallback& progress = {});

// Aggregates [S, L, H, C] metrics in sequence order (the summary of a result, and of merged
// shards, is always computed this way, so merging equals a single run exactly).
std::shared_ptr<const CorpusSummary> aggregateMetrics(const MetricLayout& layout, int layers,
                                                      int heads, RhoMode rho,
                                                      const std::vector<double>& metrics);

// Combines shards of one run (same model, corpus, settings; disjoint sequences) into one result.
Result<std::shared_ptr<const RunResult>> mergeRuns(
    const std::vector<std::shared_ptr<const RunResult>>& shards);

}  // namespace headwave
