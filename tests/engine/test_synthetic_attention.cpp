// SPDX-License-Identifier: GPL-3.0-or-later
// The teaching patterns of headwave/run/synthetic_attention.h: each is a valid causal attention
// matrix and moves the metric it is meant to teach (local band -> local share and high-band power,
// sink
// -> low positional entropy, period p -> a spectral peak at r = 2/p, blocks -> a profile that
// repeats every block).
#include <cmath>

#include "check.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/run/synthetic_attention.h"

using namespace headwave;

namespace {

constexpr int kT = 256;

struct Analyzed {
    HeadMetrics metrics;
    HeadDetail detail;
};

Analyzed analyze(SyntheticPattern p, const SyntheticSettings& s, ProfileMode mode) {
    MethodSettings m;
    m.profile = mode;
    auto level = resolveWaveletLevel(m, s.tokens);
    HW_CHECK(level.ok());
    HeadAnalyzer analyzer(m, level.ok() ? *level : 1);
    const std::vector<double> A = syntheticHead(p, s);
    Analyzed out;
    auto r = analyzer.analyze(A.data(), s.tokens, &out.detail);
    HW_CHECK_MSG(r.ok(), (r.ok() ? std::string() : r.error().describe()));
    if (r.ok()) {
        out.metrics = *r;
    }
    return out;
}

// The frequency r of the largest power at r >= rMin (skipping the DC lobe).
double peakFrequency(const HeadDetail& d, double rMin) {
    double best = -1;
    double at = 0;
    for (std::size_t k = 0; k < d.power.size(); ++k) {
        if (d.frequency[k] >= rMin && d.power[k] > best) {
            best = d.power[k];
            at = d.frequency[k];
        }
    }
    return at;
}

const SyntheticPattern kAll[] = {SyntheticPattern::LocalBand, SyntheticPattern::Sink,
                                 SyntheticPattern::Periodic, SyntheticPattern::Blocks,
                                 SyntheticPattern::Uniform};

}  // namespace

HW_TEST(every_pattern_is_causal_and_row_stochastic) {
    SyntheticSettings s;
    s.tokens = 50;
    for (SyntheticPattern p : kAll) {
        const std::vector<double> A = syntheticHead(p, s);
        for (int i = 0; i < s.tokens; ++i) {
            double sum = 0;
            for (int j = 0; j < s.tokens; ++j) {
                const double v = A[static_cast<std::size_t>(i * s.tokens + j)];
                HW_CHECK(v >= 0);
                if (j > i) {
                    HW_CHECK_EQ(v, 0.0);
                }
                sum += v;
            }
            HW_CHECK_CLOSE(sum, 1.0, 0.0, 1e-12);  // a few float64 additions of n equal parts
        }
    }
}

HW_TEST(source_has_one_layer_with_one_head_per_pattern) {
    SyntheticSettings s;
    s.tokens = 16;
    SyntheticAttentionSource src({SyntheticPattern::Sink, SyntheticPattern::LocalBand}, s);
    HW_CHECK_EQ(src.shape().layers, 1);
    HW_CHECK_EQ(src.shape().heads, 2);
    HW_CHECK_EQ(src.shape().tokens, 16);
    auto l = src.layer(0);
    HW_CHECK(l.ok());
    HW_CHECK(!src.layer(1).ok());
    if (!l.ok()) {
        return;
    }
    const std::vector<double> band = syntheticHead(SyntheticPattern::LocalBand, s);
    for (std::size_t i = 0; i < band.size(); ++i) {
        HW_CHECK_EQ(l->f32()[256 + i], static_cast<float>(band[i]));
    }
}

// Local band (4 keys back, local window 8): every row's mass is local, so local share is exactly 1
// (up to float64 rounding); each row is a 5-token box whose spectrum is broad, so with the
// per-row profile the high band (r >= 0.75) holds more power than for the smooth patterns (a
// comb's harmonics also reach the high band, so the periodic head is compared on local share only).
HW_TEST(local_band_has_full_local_share_and_most_high_band_power) {
    SyntheticSettings s;
    s.tokens = kT;
    const Analyzed band = analyze(SyntheticPattern::LocalBand, s, ProfileMode::Rows);
    HW_CHECK_CLOSE(band.metrics.localShare, 1.0, 0.0, 1e-12);
    for (SyntheticPattern p : {SyntheticPattern::Sink, SyntheticPattern::Blocks,
                               SyntheticPattern::Uniform, SyntheticPattern::Periodic}) {
        const Analyzed other = analyze(p, s, ProfileMode::Rows);
        if (p != SyntheticPattern::Periodic) {
            HW_CHECK_MSG(band.metrics.bandHigh > other.metrics.bandHigh, toString(p));
        }
        HW_CHECK_MSG(band.metrics.localShare > other.metrics.localShare, toString(p));
    }
}

// Sink (80 % on token 0): the profile is nearly a spike at position 0, so its positional entropy is
// the lowest of all patterns and far below the uniform profile's.
HW_TEST(sink_has_the_lowest_positional_entropy) {
    SyntheticSettings s;
    s.tokens = kT;
    const double sink =
        analyze(SyntheticPattern::Sink, s, ProfileMode::Mean).metrics.positionalEntropy;
    for (SyntheticPattern p : kAll) {
        if (p != SyntheticPattern::Sink) {
            HW_CHECK_MSG(sink < analyze(p, s, ProfileMode::Mean).metrics.positionalEntropy,
                         toString(p));
        }
    }
    const double uniform =
        analyze(SyntheticPattern::Uniform, s, ProfileMode::Mean).metrics.positionalEntropy;
    HW_CHECK(sink < 0.5 * uniform);
}

// Period p: the profile is a comb with teeth every p tokens, so apart from the DC lobe the
// strongest frequency is 1/p cycles per token, r = 2/p; tolerance: one FFT bin (2 / n_fft).
HW_TEST(periodic_pattern_peaks_at_two_over_period) {
    for (int p : {4, 8, 16}) {
        SyntheticSettings s;
        s.tokens = kT;
        s.period = p;
        const Analyzed a = analyze(SyntheticPattern::Periodic, s, ProfileMode::Mean);
        const double bin = 2.0 / static_cast<double>(2 * (a.detail.power.size() - 1));
        HW_CHECK_MSG(std::fabs(peakFrequency(a.detail, 1.0 / p) - 2.0 / p) <= bin,
                     "p = " + std::to_string(p));
    }
}

// Blocks of b tokens: every full block contributes the same sawtooth to the profile, so the profile
// repeats exactly every b tokens and its strongest non-DC frequency is r = 2/b (one bin).
HW_TEST(blocks_repeat_every_block_and_peak_at_two_over_block) {
    SyntheticSettings s;
    s.tokens = kT;
    s.blockSize = 32;
    const Analyzed a = analyze(SyntheticPattern::Blocks, s, ProfileMode::Mean);
    const std::vector<double>& prof = a.detail.profile;
    for (int t = 0; t + s.blockSize < kT; ++t) {
        HW_CHECK_CLOSE(prof[static_cast<std::size_t>(t)],
                       prof[static_cast<std::size_t>(t + s.blockSize)], 1e-12, 0.0);
    }
    const double bin = 2.0 / static_cast<double>(2 * (a.detail.power.size() - 1));
    HW_CHECK(std::fabs(peakFrequency(a.detail, 1.0 / s.blockSize) - 2.0 / s.blockSize) <= bin);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
