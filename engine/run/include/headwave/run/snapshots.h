// SPDX-License-Identifier: GPL-3.0-or-later
// What the engine's session hands to every front end: immutable snapshots, built on the engine's
// thread and shared as std::shared_ptr<const ...>. The app's views render them and never compute
// a metric; the CLI and the Python module read the same structs. Units and shapes follow
// docs/method.md.
//
//   Session session;
//   auto a = session.analyzeText("Once upon a time", settings);   // Result<AnalysisPtr>
//   (*a)->metrics->at(2, 5).spectralEntropy;                       // nats
//   (*a)->detail(2, 5)->power;                                     // [n_fft / 2 + 1]
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "headwave/dsp/head_map.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/model_config.h"
#include "headwave/run/analysis_run.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave {

// What the window shows about a loaded model.
struct ModelCard {
    std::string dir;     // the folder the model was read from (a cache snapshot for a Hub id)
    std::string source;  // what was asked for: the folder, or "org/name[@revision]"
    ModelConfig config;
    ModelInfo info;
    std::string tokenizerKind;     // "BPE (tokenizer.json)", ...; empty without a tokenizer
    int tokenizerVocab = 0;        // tokens the tokenizer knows
    std::string tokenizerProblem;  // why there is no tokenizer (opened without one)
};

// Where an analysis came from, which decides what can be asked of it afterwards.
enum class AnalysisKind {
    Text,              // a model run on a typed text: every per-head request, rescaling, saving
    TeachingPatterns,  // synthetic heads with known structure: no model, so no rescaling
    Attention,         // attention exported elsewhere (a file): no model, so no rescaling
    Run,               // a corpus run or a results file: per-head means over sequences
};

// What the session keeps of an analysis to answer later requests about it (the model and ids of
// a text, the cached attention, an external source). Opaque to front ends; defined by the session.
struct AnalysisInputs;

// One analysed sequence (or the per-head means of a corpus run), with the per-head intermediate
// arrays the spectrum and scalogram views draw.
struct AnalysisSnapshot {
    // Distinct for every analysis a session makes (increasing); per-head results carry it.
    std::uint64_t generation = 0;
    AnalysisKind kind = AnalysisKind::Text;
    std::string sourceName;  // the model's folder name, the attention file, "teaching patterns"
    // The model that computed it (a text's analysis, a corpus run of the session); null for the
    // teaching patterns, external attention and a results file. A front end shows this card
    // beside the result, whichever model is open by the time the result arrives.
    std::shared_ptr<const ModelCard> model;
    MethodSettings settings;  // the settings the numbers were computed with
    // Per-head metrics [layers * heads] (index layer * heads + head); shape.tokens = T. For a
    // corpus run: the mean of each metric over the run's sequences.
    std::shared_ptr<const SequenceMetrics> metrics;
    // [layers * heads] profile, power spectrum, frequencies and db2 coefficients of every head
    // (HeadDetail's units: profile sums to 1; power = |X[k]|^2; frequency r in [0, 1], 1 = Nyquist;
    // coefficients cA_J, cD_J, ..., cD_1). Empty for a corpus run without kept profiles.
    std::vector<HeadDetail> details;
    std::vector<Token> tokens;  // [T] the analysed tokens (empty for a corpus run)
    // The position-spectrum correlation of the scatter: Pearson correlation between positional
    // and spectral entropy over the heads shown (one sequence: over its heads, as a pooled rho;
    // a corpus run: run->summary's rho of the model). NaN when undefined.
    double rho = std::numeric_limits<double>::quiet_NaN();
    // Set for a corpus run: per-sequence metrics (scatter per sequence), aggregates with std
    // (band shares across layers +- std), rho per head/layer/model.
    std::shared_ptr<const RunResult> run;
    std::vector<Warning> warnings;
    std::shared_ptr<const AnalysisInputs> inputs;  // the session's; null for snapshots built
                                                   // elsewhere (snapshotFromRun, tests)

    const HeadDetail* detail(int layer, int head) const {
        if (!metrics || details.empty()) {
            return nullptr;
        }
        const std::size_t i = static_cast<std::size_t>(layer * metrics->shape.heads + head);
        return i < details.size() ? &details[i] : nullptr;
    }
};

using AnalysisPtr = std::shared_ptr<const AnalysisSnapshot>;

// One head's attention matrix over one sequence, with the tokens' display text: what the
// attention heatmap renders.
struct HeadAttention {
    int layer = 0;
    int head = 0;
    int tokens = 0;                  // T
    std::vector<float> probs;        // [T (query), T (key)] row-major, rows sum to 1
    std::vector<std::string> texts;  // [T] display text of each token (UTF-8)
    std::uint64_t generation = 0;    // the analysis it belongs to (stale results are dropped)
};

// The rescaling experiment for one head at one alpha (docs/method.md, scale sensitivity): the model
// re-run on the subsampled sequence, its profile stretched back to T.
struct RescaleSnapshot {
    std::uint64_t generation = 0;  // the AnalysisSnapshot it belongs to
    int layer = 0;
    int head = 0;
    double alpha = 1.0;             // subsampling factor in (0, 1]
    int tokens = 0;                 // T of the original sequence
    int subsampledTokens = 0;       // m = length of the subsampled sequence
    std::vector<double> original;   // [T] normalised profile of the original
    std::vector<double> stretched;  // [T] the subsampled profile stretched to T
    std::vector<std::vector<double>> originalCoefficients;   // [J + 1][len_s] db2 of original
    std::vector<std::vector<double>> stretchedCoefficients;  // [J + 1][len_s] db2 of stretched
    double sensitivity = std::numeric_limits<double>::quiet_NaN();  // S(alpha), 1 - cos
};

// A corpus run as a snapshot: per-head means over the run's sequences, rho of the model, and the
// spectrum and db2 coefficients of every head whose profile the run kept (from the kept profile
// of its first kept sequence). Used by the session for runs and results files, and by the
// figure set of a results file.
std::shared_ptr<AnalysisSnapshot> snapshotFromRun(std::shared_ptr<const RunResult> run,
                                                  std::uint64_t generation = 0);

// An analysis's per-head metrics as one source of the head map (headwave/dsp/head_map.h): a
// text's heads, or a run's per-head means over its sequences. name labels the source.
HeadMapSource headMapSource(const AnalysisSnapshot& analysis, std::string name);

}  // namespace headwave
