// What the views render: immutable snapshots built on the engine thread (by the app's
// EngineController) and shared as std::shared_ptr<const ...>. Views never compute metrics; every
// number they draw is in here. Units and shapes follow docs/method.md.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/run/analysis_run.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave {

// One analysed sequence (or the per-head means of a corpus run), with the per-head intermediate
// arrays the spectrum and scalogram views draw.
struct AnalysisSnapshot {
    std::uint64_t generation = 0;  // increases with every analysis; stale results are dropped
    MethodSettings settings;       // the settings the numbers were computed with
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
    std::vector<std::string> warnings;

    const HeadDetail* detail(int layer, int head) const {
        if (!metrics || details.empty()) {
            return nullptr;
        }
        const std::size_t i = static_cast<std::size_t>(layer * metrics->shape.heads + head);
        return i < details.size() ? &details[i] : nullptr;
    }
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
    double sensitivity = std::numeric_limits<double>::quiet_NaN();  // S(alpha), docs/method.md
};

}  // namespace headwave
