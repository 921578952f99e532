// SPDX-License-Identifier: GPL-3.0-or-later
// Every per-head, per-sequence number of docs/method.md for one attention matrix, computed in one
// fused pass over the [T, T] matrix (profile, row checks and local share) followed by O(T log T)
// work on the profile.
//
//   HeadAnalyzer analyzer(settings, level);
//   Result<HeadMetrics> m = analyzer.analyze(A, T);   // A: [T, T] row-major, rows = queries
#pragma once

#include <cstdint>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/dsp/method_settings.h"

namespace headwave {

// How attention that is not a row-stochastic matrix is treated. Not method settings but input
// checks (docs/method.md, "Inputs"), reported in every result.
struct AttentionChecks {
    // A row whose sum differs from 1 by more than this is an error (or repaired, below).
    // float32 softmax rows at T = 2048 sum to 1 within ~1e-6; bfloat16 exports within ~1e-2.
    double rowSumTolerance = 1e-3;
    // Repair instead of refusing: divide every row by its sum (rows summing to 0 stay 0). The
    // number of repaired rows is reported.
    bool renormaliseRows = false;
    // Entries below -negativeTolerance are an error (float noise around 0 is tolerated).
    double negativeTolerance = 1e-6;
};

// Every scalar is dimensionless unless stated; entropies are in nats (natural log).
struct HeadMetrics {
    double bandLow = 0;                 // share of spectral power at r < low edge, in [0, 1]
    double bandMid = 0;                 // share at low edge <= r < high edge
    double bandHigh = 0;                // share at r >= high edge
    double selectivity = 0;             // max P / max(sum P - max P, 1e-10)
    double spectralEntropy = 0;         // nats, of P / sum P
    double positionalEntropy = 0;       // nats, of the normalised profile
    double localShare = 0;              // mean over rows of the mass within |i - j| <= localWindow
    double localGlobalRatio = 0;        // localShare / (1 - localShare); +inf when localShare = 1
    double reconErrorF64 = 0;           // ||a - waverec(wavedec(a))|| / ||a||, float64 round trip
    double reconErrorF32 = 0;           // the same with a float32 round trip
    std::vector<double> scaleEntropy;   // [J + 1], scale 0 = cA_J ... scale J = cD_1; nats
    std::vector<double> windowEntropy;  // [settings.entropyWindows.size()], in [0, 1]; NaN if T < w
    std::vector<double> scaleSensitivity;  // [settings.alphas.size()]; NaN when not computed
    std::int64_t repairedRows = 0;  // rows renormalised under AttentionChecks::renormaliseRows
};

// Intermediate results of one head, for views (profile plot, spectrum, scalogram).
struct HeadDetail {
    std::vector<double> profile;    // [T], normalised to sum 1
    std::vector<double> power;      // [n_fft / 2 + 1], |X[k]|^2 of the windowed, padded profile
    std::vector<double> frequency;  // [n_fft / 2 + 1], normalised frequency r[k] = 2k / n_fft
    std::vector<std::vector<double>> coefficients;  // [J + 1][len_s], cA_J, cD_J, ..., cD_1
};

// Computes HeadMetrics for matrices of one run. Not thread-safe: use one per thread (the FFT plan
// cache behind it is shared and thread-safe).
class HeadAnalyzer {
public:
    // level: the wavelet depth J used for every head of the run (see resolveWaveletLevel).
    HeadAnalyzer(MethodSettings settings, int level, AttentionChecks checks = {});

    // A: [T, T] row-major (rows = queries). detail, when given, receives the intermediate arrays
    // (for ProfileMode::Rows: those of the mean profile). Errors: T < 2, non-finite or negative
    // entries, rows not summing to 1 (unless repaired), J beyond the maximum for T.
    Result<HeadMetrics> analyze(const float* A, int T, HeadDetail* detail = nullptr);
    Result<HeadMetrics> analyze(const double* A, int T, HeadDetail* detail = nullptr);

    // Only the normalised profile a[T] of the matrix (ProfileMode::Rows gives the mean profile),
    // with the same input checks; for the rescaled runs of the scale sensitivity.
    Result<std::vector<double>> profile(const float* A, int T);
    Result<std::vector<double>> profile(const double* A, int T);

    // The metrics of an already normalised profile a[T] (no matrix: local share is NaN).
    Result<HeadMetrics> analyzeProfile(const double* a, int T, HeadDetail* detail = nullptr);

    const MethodSettings& settings() const { return m_settings; }
    int level() const { return m_level; }

private:
    template <typename Real>
    Result<HeadMetrics> analyzeMatrix(const Real* A, int T, HeadDetail* detail);
    template <typename Real>
    Result<std::vector<double>> profileOf(const Real* A, int T);
    void profileMetrics(const double* a, int T, HeadMetrics& m, HeadDetail* detail);

    MethodSettings m_settings;
    int m_level;
    AttentionChecks m_checks;
    std::vector<double> m_profile;     // [T] scratch
    std::vector<double> m_power;       // [n_fft/2 + 1] scratch
    std::vector<double> m_logProfile;  // [T] scratch: log a(t)
};

// The wavelet depth J for a run whose shortest sequence has minTokens tokens: the user's level when
// set (an error when it exceeds dwtMaxLevel(minTokens)), else dwtMaxLevel(minTokens).
Result<int> resolveWaveletLevel(const MethodSettings& settings, int minTokens);

}  // namespace headwave
