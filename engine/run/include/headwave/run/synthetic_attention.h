// SPDX-License-Identifier: GPL-3.0-or-later
// Synthetic attention with known structure, for teaching and for tests: each head is one textbook
// pattern whose effect on the metrics is known in advance. An AttentionSource like any other, so
// the app's views and the analyzer treat it like a model's attention.
//
//   SyntheticAttentionSource src({SyntheticPattern::LocalBand, SyntheticPattern::Sink,
//                                 SyntheticPattern::Periodic, SyntheticPattern::Blocks});
//   Result<LayerView> l = src.layer(0);   // one layer, one head per pattern, [heads, T, T]
//
// What each pattern shows (tests/engine/test_synthetic_attention.cpp asserts it):
// - LocalBand: every query spreads its attention evenly over itself and the `bandWidth` keys
//   before it. Local share 1; each row is a narrow box, so with the per-row profile its spectrum
//   is broad (a large high-band share).
// - Sink: `sinkWeight` of every row on the first token, the rest spread evenly over the visible
//   keys. The profile is a spike at position 0: low positional entropy.
// - Periodic: attention spread evenly over the visible keys at multiples of `period` (delimiter
//   tokens every p positions). The profile is a comb: a spectral peak at r = 2 / p (the
//   normalised frequency, 1 = Nyquist) and its harmonics.
// - Blocks: sentence-sized blocks of `blockSize` tokens; a query attends evenly to the keys of its
//   own block up to itself. The profile repeats every block (a sawtooth): peaks at r = 2k / b.
// - Uniform: causal uniform attention (the "no structure" reference).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"

namespace headwave {

enum class SyntheticPattern { LocalBand, Sink, Periodic, Blocks, Uniform };

const char* toString(SyntheticPattern p);  // "local band", "attention sink", ...

struct SyntheticSettings {
    int tokens = 256;         // T
    int bandWidth = 4;        // LocalBand: keys i - bandWidth .. i
    double sinkWeight = 0.8;  // Sink: mass on token 0, in [0, 1]
    int period = 8;           // Periodic: p (tokens), >= 2
    int blockSize = 32;       // Blocks: b (tokens), >= 1
};

// One head's causal attention [T, T] row-major (rows = queries), rows summing to 1.
std::vector<double> syntheticHead(SyntheticPattern pattern, const SyntheticSettings& settings);

// One layer whose heads are the given patterns, in order; float32 like a model's attention.
class SyntheticAttentionSource : public AttentionSource {
public:
    explicit SyntheticAttentionSource(std::vector<SyntheticPattern> patterns,
                                      SyntheticSettings settings = {});
    AttentionShape shape() const override;
    std::string name() const override { return "synthetic"; }
    Result<LayerView> layer(int l) override;

    const std::vector<SyntheticPattern>& patterns() const { return m_patterns; }

private:
    std::vector<SyntheticPattern> m_patterns;
    SyntheticSettings m_settings;
    std::shared_ptr<std::vector<float>> m_data;  // [heads, T, T], built on first use
};

}  // namespace headwave
