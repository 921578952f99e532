// SPDX-License-Identifier: GPL-3.0-or-later
// Analytic and reference oracles for the per-head numbers; none of them needs ../shared.
// Tolerances: 1e-12 where the quantity is a short sum of O(1) terms in float64; looser where
// stated.
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/setting_names.h"
#include "headwave/dsp/spectral_metrics.h"
#include "headwave/dsp/spectrum.h"
#include "headwave/dsp/wavelet_metrics.h"
#include "random_attention.h"

using namespace headwave;

namespace {

std::vector<double> uniformProfile(int T) {
    return std::vector<double>(static_cast<std::size_t>(T), 1.0 / T);
}

// Naive DFT power of the windowed, zero-padded profile (the reference for FFTW).
std::vector<double> naivePower(const std::vector<double>& a, SpectrumWindow window,
                               SpectrumPadding padding) {
    const int T = static_cast<int>(a.size());
    const int nfft = fftLength(T, padding);
    std::vector<double> w(a.size());
    analysisWindow(window, T, w.data());
    std::vector<double> p(static_cast<std::size_t>(nfft / 2 + 1));
    for (int k = 0; k <= nfft / 2; ++k) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < T; ++n) {
            const double phase = -2.0 * std::numbers::pi * k * n / nfft;
            re += w[static_cast<std::size_t>(n)] * a[static_cast<std::size_t>(n)] * std::cos(phase);
            im += w[static_cast<std::size_t>(n)] * a[static_cast<std::size_t>(n)] * std::sin(phase);
        }
        p[static_cast<std::size_t>(k)] = re * re + im * im;
    }
    return p;
}

std::vector<double> randomProfile(int T, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> a(static_cast<std::size_t>(T));
    for (double& v : a) {
        v = u(rng);
    }
    normaliseToUnitSum(a.data(), a.size());
    return a;
}

}  // namespace

HW_TEST(fft_length_padding_options) {
    HW_CHECK_EQ(fftLength(16, SpectrumPadding::Two), 32);
    HW_CHECK_EQ(fftLength(33, SpectrumPadding::Two), 128);
    HW_CHECK_EQ(fftLength(100, SpectrumPadding::Two), 256);
    HW_CHECK_EQ(fftLength(100, SpectrumPadding::Four), 512);
    HW_CHECK_EQ(fftLength(100, SpectrumPadding::None), 100);
    HW_CHECK_EQ(fftLength(1, SpectrumPadding::Two), 2);
}

HW_TEST(hann_window_is_numpy_hanning) {
    std::vector<double> w(9);
    analysisWindow(SpectrumWindow::Hann, 9, w.data());
    for (int n = 0; n < 9; ++n) {
        const double want = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * n / 8.0);
        HW_CHECK_CLOSE(w[static_cast<std::size_t>(n)], want, 0, 1e-15);
    }
    HW_CHECK_EQ(w[0], 0.0);
    HW_CHECK_CLOSE(w[4], 1.0, 0, 1e-15);
    double one = 0;
    analysisWindow(SpectrumWindow::Hann, 1, &one);
    HW_CHECK_EQ(one, 1.0);  // numpy.hanning(1) = [1]
}

HW_TEST(pure_tone_lands_in_its_bin) {
    // No window, no padding: a cosine at exactly bin k0 of a T-point DFT has power only at DC
    // (its offset) and k0. Leakage elsewhere is round-off, < 1e-25 of the peak.
    const int T = 64;
    for (int k0 : {1, 5, 16, 31}) {
        std::vector<double> a(T);
        for (int n = 0; n < T; ++n) {
            a[static_cast<std::size_t>(n)] = 1.0 + std::cos(2.0 * std::numbers::pi * k0 * n / T);
        }
        const Spectrum s = powerSpectrum(a.data(), T, SpectrumWindow::None, SpectrumPadding::None);
        HW_CHECK_EQ(static_cast<int>(s.power.size()), T / 2 + 1);
        HW_CHECK_CLOSE(s.power[0], T * T, 1e-12, 0);                                   // |sum 1|^2
        HW_CHECK_CLOSE(s.power[static_cast<std::size_t>(k0)], T * T / 4.0, 1e-12, 0);  // (T/2)^2
        for (int k = 1; k <= T / 2; ++k) {
            if (k != k0) {
                HW_CHECK_MSG(s.power[static_cast<std::size_t>(k)] < 1e-25 * T * T,
                             "leak at bin " << k << ": " << s.power[static_cast<std::size_t>(k)]);
            }
        }
        HW_CHECK_CLOSE(s.frequency[static_cast<std::size_t>(k0)], 2.0 * k0 / T, 0, 1e-15);
    }
}

HW_TEST(tone_with_hann_and_padding_peaks_at_its_frequency) {
    // A tone at f cycles per token, Hann-windowed and padded by 4, peaks at r = 2 f (1 = Nyquist).
    const int T = 200;
    const double f = 0.125;  // 8 tokens per period -> r = 0.25
    std::vector<double> a(T);
    for (int n = 0; n < T; ++n) {
        a[static_cast<std::size_t>(n)] = std::cos(2.0 * std::numbers::pi * f * n);
    }
    const Spectrum s = powerSpectrum(a.data(), T, SpectrumWindow::Hann, SpectrumPadding::Four);
    std::size_t peak = 0;
    for (std::size_t k = 0; k < s.power.size(); ++k) {
        if (s.power[k] > s.power[peak]) {
            peak = k;
        }
    }
    HW_CHECK_CLOSE(s.frequency[peak], 2.0 * f, 0, 1.0 / s.nfft);
}

HW_TEST(parseval_one_sided) {
    // sum over all n_fft bins of |X|^2 = n_fft * sum (w a)^2; the one-sided array holds DC and
    // Nyquist once and every other bin twice. Relative round-off ~1e-15.
    for (int T : {7, 16, 100, 257}) {
        for (SpectrumPadding pad : {SpectrumPadding::Two, SpectrumPadding::Four}) {
            const auto a = randomProfile(T, static_cast<unsigned>(T));
            const Spectrum s = powerSpectrum(a.data(), T, SpectrumWindow::Hann, pad);
            std::vector<double> w(static_cast<std::size_t>(T));
            analysisWindow(SpectrumWindow::Hann, T, w.data());
            double time = 0;
            for (int n = 0; n < T; ++n) {
                const double v = w[static_cast<std::size_t>(n)] * a[static_cast<std::size_t>(n)];
                time += v * v;
            }
            double freq = s.power.front() + s.power.back();
            for (std::size_t k = 1; k + 1 < s.power.size(); ++k) {
                freq += 2.0 * s.power[k];
            }
            HW_CHECK_CLOSE(freq, s.nfft * time, 1e-12, 0);
        }
    }
}

HW_TEST(fftw_matches_naive_dft) {
    for (int T : {2, 3, 37, 64, 129}) {
        for (SpectrumPadding pad :
             {SpectrumPadding::None, SpectrumPadding::Two, SpectrumPadding::Four}) {
            for (SpectrumWindow win : {SpectrumWindow::Hann, SpectrumWindow::None}) {
                const auto a = randomProfile(T, 7u * static_cast<unsigned>(T));
                const Spectrum s = powerSpectrum(a.data(), T, win, pad);
                const auto ref = naivePower(a, win, pad);
                HW_CHECK_EQ(s.power.size(), ref.size());
                double peak = 0;
                for (double v : ref) {
                    peak = std::max(peak, v);
                }
                for (std::size_t k = 0; k < ref.size() && k < s.power.size(); ++k) {
                    // Naive DFT round-off grows like T * eps relative to the peak.
                    HW_CHECK_CLOSE(s.power[k], ref[k], 1e-9, 1e-12 * peak);
                }
            }
        }
    }
}

HW_TEST(entropy_of_uniform_is_ln_n) {
    for (int n : {1, 2, 16, 1000}) {
        const auto a = uniformProfile(n);
        HW_CHECK_CLOSE(entropyNats(a.data(), a.size()), std::log(n), 1e-13, 1e-15);
        std::vector<double> ones(static_cast<std::size_t>(n), 3.0);
        HW_CHECK_CLOSE(normalisedEntropyNats(ones.data(), ones.size()), std::log(n), 1e-13, 1e-15);
    }
    // A delta has entropy 0; terms <= 1e-10 are skipped.
    std::vector<double> delta = {0, 1, 0, 1e-11};
    HW_CHECK_EQ(entropyNats(delta.data(), delta.size()), 0.0);
}

HW_TEST(window_entropy_uniform_is_one_and_nan_when_short) {
    const auto a = uniformProfile(100);
    HW_CHECK_CLOSE(windowEntropy(a.data(), 100, 16), 1.0, 1e-13, 0);
    HW_CHECK_CLOSE(windowEntropy(a.data(), 100, 64), 1.0, 1e-13, 0);
    HW_CHECK(std::isnan(windowEntropy(a.data(), 100, 128)));
    // One spike per window: every window has entropy 0.
    std::vector<double> spikes(64, 0.0);
    for (int k = 0; k < 4; ++k) {
        spikes[static_cast<std::size_t>(16 * k + 3)] = 0.25;
    }
    HW_CHECK_EQ(windowEntropy(spikes.data(), 64, 16), 0.0);
}

HW_TEST(window_entropy_from_cached_logs_equals_the_direct_form) {
    for (int T : {16, 100, 257, 2048}) {
        auto a = randomProfile(T, 31u + static_cast<unsigned>(T));
        a[3] = 0.0;  // zeros and tiny values exercise the 1e-10 skip
        a[5] = 1e-13;
        std::vector<double> logA(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            logA[i] = a[i] > 0 ? std::log(a[i]) : 0.0;
        }
        for (int w : {16, 32, 64}) {
            HW_CHECK_CLOSE(windowEntropy(a.data(), logA.data(), T, w),
                           windowEntropy(a.data(), T, w), 1e-13, 0);
        }
    }
}

HW_TEST(band_shares_sum_to_one_and_follow_edges) {
    const auto a = randomProfile(100, 3);
    const Spectrum s = powerSpectrum(a.data(), 100, SpectrumWindow::Hann, SpectrumPadding::Two);
    for (auto [lo, hi] : {std::pair{0.25, 0.75}, std::pair{0.1, 0.5}, std::pair{0.5, 0.9}}) {
        const BandShares b =
            bandShares(s.power.data(), static_cast<int>(s.power.size()), s.nfft, lo, hi);
        HW_CHECK_CLOSE(b.low + b.mid + b.high, 1.0, 1e-14, 0);
        double low = 0;
        double total = 0;
        for (std::size_t k = 0; k < s.power.size(); ++k) {
            total += s.power[k];
            if (s.frequency[k] < lo) {
                low += s.power[k];
            }
        }
        HW_CHECK_CLOSE(b.low, low / total, 1e-13, 0);
    }
}

HW_TEST(selectivity_of_a_single_line) {
    std::vector<double> p = {0, 0, 4, 0, 0};
    HW_CHECK_CLOSE(frequencySelectivity(p.data(), 5), 4.0 / 1e-10, 1e-12, 0);
    std::vector<double> q = {1, 1, 1, 1};
    HW_CHECK_CLOSE(frequencySelectivity(q.data(), 4), 1.0 / 3.0, 1e-15, 0);
}

HW_TEST(db2_filter_identities) {
    double sum = 0;
    double energy = 0;
    double shift = 0;
    double hiSum = 0;
    double hiMoment = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        sum += Db2::kDecLo[k];
        energy += Db2::kDecLo[k] * Db2::kDecLo[k];
        hiSum += Db2::kDecHi[k];
        hiMoment += static_cast<double>(k) * Db2::kDecHi[k];
        // Quadrature mirror: dec_hi[k] = (-1)^(k+1) dec_lo[3 - k]; synthesis = reversed analysis.
        const double sign = (k % 2 == 0) ? -1.0 : 1.0;
        HW_CHECK_EQ(Db2::kDecHi[k], sign * Db2::kDecLo[3 - k]);
        HW_CHECK_EQ(Db2::kRecLo[k], Db2::kDecLo[3 - k]);
        HW_CHECK_EQ(Db2::kRecHi[k], Db2::kDecHi[3 - k]);
    }
    for (std::size_t k = 0; k + 2 < 4; ++k) {
        shift += Db2::kDecLo[k] * Db2::kDecLo[k + 2];
    }
    HW_CHECK_CLOSE(sum, std::numbers::sqrt2, 0, 1e-15);
    HW_CHECK_CLOSE(energy, 1.0, 0, 1e-15);
    HW_CHECK_CLOSE(shift, 0.0, 0, 1e-16);  // orthogonal to its even shifts
    HW_CHECK_CLOSE(hiSum, 0.0, 0, 1e-15);  // two vanishing moments
    HW_CHECK_CLOSE(hiMoment, 0.0, 0, 1e-15);
}

HW_TEST(max_level_and_coefficient_lengths) {
    HW_CHECK_EQ(dwtMaxLevel(1), 0);
    HW_CHECK_EQ(dwtMaxLevel(5), 0);
    HW_CHECK_EQ(dwtMaxLevel(6), 1);
    HW_CHECK_EQ(dwtMaxLevel(512), 7);
    HW_CHECK_EQ(dwtMaxLevel(2048), 9);
    HW_CHECK_EQ(dwtCoeffLength(16), 9);
    HW_CHECK_EQ(dwtCoeffLength(97), 50);
}

HW_TEST(perfect_reconstruction_sweep) {
    // Every length 1..300 and every level up to the maximum. float64 error is round-off,
    // < 1e-13 relative; float32 < 2e-6 (a few ulps per level).
    int checked = 0;
    for (int n = 1; n <= 300; ++n) {
        const auto a = randomProfile(n, static_cast<unsigned>(n) + 100u);
        std::vector<float> af(a.begin(), a.end());
        for (int level = 0; level <= dwtMaxLevel(n); ++level) {
            const auto c = wavedec(a.data(), n, level);
            HW_CHECK_EQ(static_cast<int>(c.size()), level + 1);
            std::vector<double> rec = waverec(c);
            HW_CHECK(rec.size() >= static_cast<std::size_t>(n));
            HW_CHECK_MSG(reconstructionError(a.data(), n, rec) < 1e-13,
                         "n " << n << " level " << level);
            HW_CHECK_MSG(reconstructionErrorF32(a.data(), n, level) < 2e-6,
                         "float32 n " << n << " level " << level);
            ++checked;
        }
    }
    HW_CHECK(checked > 1500);
}

HW_TEST(wavelet_entropy_modes) {
    std::vector<std::vector<double>> c = {{1.0, 1.0, 1.0, 1.0}, {0.5, 0.0}, {0.0, 0.0}};
    const auto norm = waveletEntropyPerScale(c, WaveletEntropyMode::Normalised);
    HW_CHECK_CLOSE(norm[0], std::log(4.0), 1e-15, 0);
    HW_CHECK_EQ(norm[1], 0.0);
    HW_CHECK_EQ(norm[2], 0.0);  // zero energy: entropy 0 by the 1e-10 floor
    const auto raw = waveletEntropyPerScale(c, WaveletEntropyMode::Raw);
    HW_CHECK_EQ(raw[0], 0.0);  // -4 * 1 * log 1
    HW_CHECK_CLOSE(raw[1], -0.25 * std::log(0.25), 1e-15, 0);
}

HW_TEST(scalogram_spreads_rows_over_positions) {
    std::vector<std::vector<double>> c = {{1.0, -2.0}, {3.0, 0.0, 0.5, 4.0}};
    const auto s = scalogram(c, 8, ScalogramValue::Power);
    HW_CHECK_EQ(s.size(), 16u);
    HW_CHECK_EQ(s[0], 1.0);
    HW_CHECK_EQ(s[7], 4.0);
    HW_CHECK_EQ(s[8], 9.0);
    HW_CHECK_EQ(s[15], 16.0);
    const auto m = scalogram(c, 8, ScalogramValue::Magnitude);
    HW_CHECK_EQ(m[4], 2.0);
    const ScaleBand b0 = scaleBand(0, 3);
    HW_CHECK_EQ(b0.high, 0.125);
    const ScaleBand b3 = scaleBand(3, 3);  // cD_1: the upper half of the spectrum
    HW_CHECK_EQ(b3.low, 0.5);
    HW_CHECK_EQ(b3.high, 1.0);
}

HW_TEST(profile_and_local_share_match_naive_loops) {
    for (int T : {2, 3, 17, 100, 257}) {
        for (bool causal : {true, false}) {
            const auto A = test::randomAttention<double>(T, 11u + static_cast<unsigned>(T), causal);
            MethodSettings settings;
            const int level = dwtMaxLevel(T);
            HeadAnalyzer analyzer(settings, level);
            HeadDetail detail;
            auto r = analyzer.analyze(A.data(), T, &detail);
            HW_CHECK(r.ok());
            if (!r.ok()) {
                continue;
            }
            std::vector<double> naive(static_cast<std::size_t>(T), 0.0);
            double local = 0;
            for (int i = 0; i < T; ++i) {
                for (int j = 0; j < T; ++j) {
                    const double v = A[static_cast<std::size_t>(i * T + j)];
                    naive[static_cast<std::size_t>(j)] += v / T;
                    if (std::abs(i - j) <= settings.localWindow) {
                        local += v;
                    }
                }
            }
            normaliseToUnitSum(naive.data(), naive.size());
            for (int t = 0; t < T; ++t) {
                HW_CHECK_CLOSE(detail.profile[static_cast<std::size_t>(t)],
                               naive[static_cast<std::size_t>(t)], 1e-13, 1e-17);
            }
            HW_CHECK_CLOSE(r->localShare, local / T, 1e-13, 0);
            HW_CHECK_CLOSE(r->localGlobalRatio, r->localShare / (1 - r->localShare), 1e-13, 0);

            // The float32 path gives the same numbers to float32 input precision.
            const std::vector<float> Af(A.begin(), A.end());
            auto rf = analyzer.analyze(Af.data(), T);
            HW_CHECK(rf.ok());
            if (rf.ok()) {
                HW_CHECK_CLOSE(rf->spectralEntropy, r->spectralEntropy, 1e-5, 1e-9);
                HW_CHECK_CLOSE(rf->localShare, r->localShare, 1e-5, 1e-9);
            }
        }
    }
}

HW_TEST(rows_mode_is_the_mean_of_row_profiles) {
    const int T = 40;
    const auto A = test::randomAttention<double>(T, 5);
    MethodSettings rows;
    rows.profile = ProfileMode::Rows;
    const int level = dwtMaxLevel(T);
    HeadAnalyzer analyzer(rows, level);
    auto r = analyzer.analyze(A.data(), T);
    HW_CHECK(r.ok());
    HeadAnalyzer reference(MethodSettings{}, level);
    double hs = 0;
    double low = 0;
    double hp = 0;
    for (int i = 0; i < T; ++i) {
        std::vector<double> row(A.begin() + i * T, A.begin() + (i + 1) * T);
        normaliseToUnitSum(row.data(), row.size());
        auto m = reference.analyzeProfile(row.data(), T);
        HW_CHECK(m.ok());
        hs += m->spectralEntropy / T;
        low += m->bandLow / T;
        hp += m->positionalEntropy / T;
    }
    HW_CHECK_CLOSE(r->spectralEntropy, hs, 1e-12, 0);
    HW_CHECK_CLOSE(r->bandLow, low, 1e-12, 0);
    HW_CHECK_CLOSE(r->positionalEntropy, hp, 1e-12, 0);
}

HW_TEST(bad_attention_is_refused_with_the_row) {
    const int T = 16;
    HeadAnalyzer analyzer(MethodSettings{}, 2);
    auto A = test::randomAttention<double>(T, 9);

    auto nan = A;
    nan[5 * T + 2] = std::nan("");
    auto r = analyzer.analyze(nan.data(), T);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::InvalidAttention);
    HW_CHECK(!r.ok() && r.error().detail.find("row 5, column 2") != std::string::npos);

    auto inf = A;
    inf[3 * T] = std::numeric_limits<double>::infinity();
    r = analyzer.analyze(inf.data(), T);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::InvalidAttention);

    auto neg = A;
    neg[7 * T] -= 0.5;
    neg[7 * T + 1] += 0.5;  // still sums to 1, but has a negative entry
    r = analyzer.analyze(neg.data(), T);
    HW_CHECK(!r.ok() && r.error().message.find("negative") != std::string::npos);

    auto scaled = A;
    for (int j = 0; j < T; ++j) {
        scaled[static_cast<std::size_t>(4 * T + j)] *= 2.0;
    }
    r = analyzer.analyze(scaled.data(), T);
    HW_CHECK(!r.ok() && r.error().detail.find("row 4 sums to 2") != std::string::npos);

    // Repair: the renormalised matrix gives exactly the original's metrics.
    AttentionChecks repair;
    repair.renormaliseRows = true;
    HeadAnalyzer repairing(MethodSettings{}, 2, repair);
    auto fixed = repairing.analyze(scaled.data(), T);
    auto orig = analyzer.analyze(A.data(), T);
    HW_CHECK(fixed.ok() && orig.ok());
    if (fixed.ok() && orig.ok()) {
        HW_CHECK_EQ(fixed->repairedRows, 1);
        HW_CHECK_CLOSE(fixed->spectralEntropy, orig->spectralEntropy, 1e-13, 0);
        HW_CHECK_CLOSE(fixed->localShare, orig->localShare, 1e-13, 0);
    }

    auto one = analyzer.analyze(A.data(), 1);
    HW_CHECK(!one.ok());
    HeadAnalyzer deep(MethodSettings{}, 5);  // 16 tokens allow at most level 2
    auto tooDeep = deep.analyze(A.data(), T);
    HW_CHECK(!tooDeep.ok() && tooDeep.error().code == ErrorCode::InvalidArgument);
}

HW_TEST(resolve_level_auto_and_user) {
    MethodSettings s;
    HW_CHECK_EQ(resolveWaveletLevel(s, 128).value(), 5);
    s.waveletLevel = 3;
    HW_CHECK_EQ(resolveWaveletLevel(s, 128).value(), 3);
    s.waveletLevel = 6;
    HW_CHECK(!resolveWaveletLevel(s, 128).ok());
}

HW_TEST(subsampling_and_sensitivity_identities) {
    auto idx = subsampleIndices(10, 1.0, Subsampling::Strided);
    HW_CHECK(idx.ok());
    for (int k = 0; k < 10; ++k) {
        HW_CHECK_EQ(idx.value()[static_cast<std::size_t>(k)], k);
    }
    auto half = subsampleIndices(11, 0.5, Subsampling::Strided);  // m = 5 of 0..10
    HW_CHECK(half.ok() && half->front() == 0 && half->back() == 10);
    auto prefix = subsampleIndices(11, 0.5, Subsampling::Prefix);
    HW_CHECK(prefix.ok() && prefix->size() == 5u && prefix->back() == 4);
    HW_CHECK(!subsampleIndices(10, 0.0, Subsampling::Strided).ok());
    HW_CHECK(!subsampleIndices(10, 1.5, Subsampling::Strided).ok());
    HW_CHECK(!subsampleIndices(3, 0.5, Subsampling::Strided).ok());  // 1 token left

    // Stretching a profile sampled from a linear ramp reproduces the ramp, and a profile compared
    // with itself has sensitivity 0.
    const int T = 64;
    std::vector<double> ramp(T);
    for (int t = 0; t < T; ++t) {
        ramp[static_cast<std::size_t>(t)] = 1.0 + t;
    }
    normaliseToUnitSum(ramp.data(), ramp.size());
    const auto x = linspace(0.0, 1.0, 16);
    std::vector<double> small(16);
    for (int k = 0; k < 16; ++k) {
        small[static_cast<std::size_t>(k)] = 1.0 + x[static_cast<std::size_t>(k)] * (T - 1);
    }
    const auto stretched = stretchProfile(small.data(), 16, T);
    for (int t = 0; t < T; ++t) {
        HW_CHECK_CLOSE(stretched[static_cast<std::size_t>(t)], ramp[static_cast<std::size_t>(t)],
                       1e-12, 0);
    }
    HW_CHECK_CLOSE(scaleSensitivity(ramp.data(), ramp.data(), T, 4), 0.0, 0, 1e-15);
    std::vector<double> flipped(ramp.rbegin(), ramp.rend());
    const double s = scaleSensitivity(ramp.data(), flipped.data(), T, 4);
    HW_CHECK(s > 0.01 && s < 2.0);
}

HW_TEST(settings_validation_names_the_setting) {
    MethodSettings s;
    HW_CHECK(s.validate().ok());
    s.bandLowEdge = 0.8;
    HW_CHECK(!s.validate().ok() && s.validate().error().message.find("Band edges") == 0);
    s = MethodSettings{};
    s.entropyWindows = {0};
    HW_CHECK(!s.validate().ok());
    s = MethodSettings{};
    s.alphas = {0.0};
    HW_CHECK(!s.validate().ok() && s.validate().error().message.find("alpha") != std::string::npos);
    s = MethodSettings{};
    s.localWindow = -1;
    HW_CHECK(!s.validate().ok());
    HW_CHECK(parseProfileMode("last").ok());
    HW_CHECK(!parseProfileMode("median").ok());
    HW_CHECK(parseProfileMode("median").error().message.find("mean, last, rows") !=
             std::string::npos);
}

HW_TEST(settings_set_by_name_as_toJson_writes_them) {
    // Every key toJson() writes is accepted by set() with the value toJson() wrote, and gives back
    // the same settings (the names front ends take settings by, the Python module's keywords).
    MethodSettings changed;
    changed.profile = ProfileMode::Last;
    changed.padding = SpectrumPadding::Four;
    changed.bandLowEdge = 0.2;
    changed.waveletLevel = 3;
    changed.entropyWindows = {8, 24};
    changed.alphas = {0.75};
    changed.rho = RhoMode::Pooled;
    const auto json = nlohmann::json::parse(changed.toJson());
    MethodSettings s;
    for (const auto& [key, value] : json.items()) {
        const Status st = setMethodSetting(s, key, value.dump());
        HW_CHECK_MSG(st.ok(), key << ": " << (st.ok() ? "" : st.error().message));
    }
    HW_CHECK_EQ(s.toJson(), changed.toJson());
    HW_CHECK_EQ(json.size(), methodSettingKeys().size());
    // Spellings beside the JSON values, and errors that name the setting without changing it.
    HW_CHECK(setMethodSetting(s, "wavelet_level", "\"auto\"").ok() && s.waveletLevel == -1);
    HW_CHECK(setMethodSetting(s, "padding_factor", "\"none\"").ok() &&
             s.padding == SpectrumPadding::None);
    HW_CHECK(setMethodSetting(s, "entropy_windows", "16").ok() &&
             s.entropyWindows == std::vector<int>{16});
    const std::string before = s.toJson();
    const Status unknown = setMethodSetting(s, "windw", "\"hann\"");
    HW_CHECK(!unknown.ok() && unknown.error().code == ErrorCode::InvalidArgument &&
             unknown.error().message.find("Unknown setting 'windw'") == 0);
    const Status range = setMethodSetting(s, "band_edges", "[0.8, 0.2]");
    HW_CHECK(!range.ok() && range.error().message.find("Band edges") == 0);
    const Status type = setMethodSetting(s, "local_window", "\"eight\"");
    HW_CHECK(!type.ok() && type.error().message.find("'local_window' takes") != std::string::npos);
    HW_CHECK(!setMethodSetting(s, "profile", "\"median\"").ok());
    HW_CHECK(!setMethodSetting(s, "wavelet", "\"haar\"").ok());
    HW_CHECK(!setMethodSetting(s, "alphas", "not json").ok());
    HW_CHECK_EQ(s.toJson(), before);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
