// SPDX-License-Identifier: GPL-3.0-or-later
// Interventions: test the bands causally. Heads are ablated or their attention band-filtered inside
// the forward (ForwardHooks), and the model's next-token loss says what it lost. Definitions in
// docs/method.md, "Interventions".
//
//   Result<InterventionSpec> spec = parseInterventions("2:3,4:0", "", "1:1=cD1-cD2", config);
//   Result<InterventionResult> r = runIntervention(model, {ids}, *spec, settings);
//   r->baselineNll; r->intervenedNll;                    // nats per predicted token
//
// Kinds, per (layer, head):
//   zero ablation   the head's output (attention-weighted values, before the output projection)
//                   is 0;
//   mean ablation   it is replaced by its mean over the positions and sequences of a reference
//                   corpus (meanHeadOutputs);
//   band filter     each query row of the head's attention, over its allowed keys (causal: j <= i;
//                   sliding window: i - W < j <= i; bidirectional: all), is decomposed with db2 to
//                   the level min(J, dwt_max_level(n)) (J: METHOD's level for T, n: the row's
//                   allowed keys), the chosen scales set to 0, reconstructed, negatives clipped
//                   to 0 and renormalised to sum 1 (uniform over the allowed keys if nothing is
//                   left). A scale the row's shorter decomposition does not have is left alone.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/core/progress.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/model/attention_model.h"

namespace headwave {

enum class InterventionKind { ZeroAblate, MeanAblate, BandFilter };

struct HeadIntervention {
    InterventionKind kind = InterventionKind::ZeroAblate;
    int layer = 0;
    int head = 0;
    // BandFilter: the scales set to 0: 0 = cA (the approximation), k >= 1 = cD_k (1 = finest).
    std::set<int> scales;
};

struct InterventionSpec {
    std::vector<HeadIntervention> heads;
    bool needsMeans() const;
};

// Parses the CLI's lists: "L:H,L:H,..." for zero and mean ablation; "L:H,...=SCALES" for the band
// filter, SCALES a comma list of cA, cDk, cDa-cDb or "details" (every cD). `L:*` is every head of
// layer L. Errors (InvalidArgument): a head or layer out of range, an empty list, scales beyond
// the level J of `tokens` tokens, a head named twice.
Result<InterventionSpec> parseInterventions(const std::string& ablate,
                                            const std::string& meanAblate,
                                            const std::string& bandFilter,
                                            const ModelConfig& config, int level);

// Band-filters one attention matrix [T, T] (rows = queries) in place, as defined above: `first`
// and `last` give each row's allowed keys [first[i], last[i]].
void bandFilterRows(float* attention, int tokens, const std::vector<int>& first,
                    const std::vector<int>& last, int level, const std::set<int>& scales);

// The allowed keys of each query row of layer `layer` of a T-token input: causal, sliding window
// or all.
void allowedKeys(const ModelConfig& config, int layer, int tokens, std::vector<int>& first,
                 std::vector<int>& last);

// Mean head outputs [layers][heads][headDim] over every position of every sequence.
using HeadMeans = std::vector<std::vector<std::vector<double>>>;
Result<HeadMeans> meanHeadOutputs(AttentionModel& model,
                                  const std::vector<std::vector<int>>& sequences,
                                  std::stop_token stop = {});

// Next-token NLL in nats at each position t = 0..T-2: -log p(ids[t+1] | ids[..t]) from the
// logits [T, vocab] (float64 log-softmax).
std::vector<double> nextTokenNll(const ModelOutput& logits, const std::vector<int>& ids);

struct PredictionChange {
    int sequence = 0;
    int position = 0;  // t: the prediction of token t+1
    int token = 0;
    double before = 0;  // probability
    double after = 0;
};

struct InterventionResult {
    double baselineNll = 0;  // mean over all predicted positions of all sequences, nats
    double intervenedNll = 0;
    std::vector<std::vector<double>> baseline;    // [sequences][T-1]
    std::vector<std::vector<double>> intervened;  // [sequences][T-1]
    // Delta NLL by where the evidence for the next token lies (docs/method.md): the distance d
    // from position t+1 back to the latest earlier occurrence of the same token; local when
    // d <= localWindow, global when farther, none when it did not occur before.
    struct Bucket {
        std::string name;  // "local", "global", "none"
        int positions = 0;
        double meanDelta = 0;  // nats
    };
    std::vector<Bucket> buckets;
    std::vector<PredictionChange> topChanges;  // the 5 largest |after - before| of a top-5 token
};

// Runs every sequence without and with the intervention. means: required for mean ablation.
Result<InterventionResult> runIntervention(
    AttentionModel& model, const std::vector<std::vector<int>>& sequences,
    const InterventionSpec& spec, const MethodSettings& settings, const HeadMeans* means = nullptr,
    std::stop_token stop = {}, const ProgressCallback& progress = {});

// Every head alone with `kind` (scales for the band filter): the [L][H] mean Delta NLL over every
// position of every sequence, and the baseline. The layers below an intervened one are computed
// once per sequence and forked (ForwardPass::fork), not run again for each head.
struct SweepResult {
    double baselineNll = 0;
    std::vector<std::vector<double>> delta;  // [layers][heads], nats
    std::uint64_t layersComputed = 0;        // for the benchmark: layer passes actually run
};
Result<SweepResult> sweepHeads(AttentionModel& model,
                               const std::vector<std::vector<int>>& sequences,
                               InterventionKind kind, const std::set<int>& scales,
                               const MethodSettings& settings, const HeadMeans* means = nullptr,
                               bool reuse = true, std::stop_token stop = {},
                               const ProgressCallback& progress = {});

}  // namespace headwave
