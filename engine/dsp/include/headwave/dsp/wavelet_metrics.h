// SPDX-License-Identifier: GPL-3.0-or-later
// Wavelet-side summaries of a profile (docs/method.md §7-9, §11): scalogram, wavelet entropy per
// scale, window entropy and the reconstruction error of the db2 round trip.
#pragma once

#include <vector>

#include "headwave/dsp/method_settings.h"

namespace headwave {

// Entropy of each coefficient array (nats). Normalised: of e = c^2 / max(sum c^2, 1e-10), terms
// <= 1e-10 skipped (an all-zero array has entropy 0). Raw: -sum c^2 log c^2 over c^2 > 1e-10.
std::vector<double> waveletEntropyPerScale(const std::vector<std::vector<double>>& coeffs,
                                           WaveletEntropyMode mode);

// Window entropy for window w (tokens): the T / w (floor) non-overlapping windows of a, each
// normalised to sum 1, entropy / ln w, averaged over windows. In [0, 1]; NaN when T < w.
double windowEntropy(const double* a, int T, int w);

// The same from precomputed logA[i] = log(a[i]) (any value where a[i] = 0): each window's
// -sum p log p with p = a / S is evaluated as -sum p (log a - log S), so no further logarithms
// are taken. Equal to windowEntropy up to rounding (~1e-16 relative).
double windowEntropy(const double* a, const double* logA, int T, int w);

// ||a - waverec(wavedec(a, J))[:T]||_2 / ||a||_2 with the round trip in float64.
double reconstructionErrorF64(const double* a, int T, int level);
// ||a - rec[:T]||_2 / ||a||_2 for a given reconstruction (0 when a is all zero).
double reconstructionError(const double* a, int T, const std::vector<double>& rec);
// The same with a and the round trip in float32 (the error itself is evaluated in float64).
double reconstructionErrorF32(const double* a, int T, int level);

// The DWT scalogram: row s (0 = cA_J, ..., J = cD_1) spread over positions 0..T-1, cell (s, t) =
// value of coefficient floor(t * len_s / T). Returns [J + 1, T] row-major. Power = c^2,
// Magnitude = |c|, LogPower = log10(c^2 + 1e-20).
std::vector<double> scalogram(const std::vector<std::vector<double>>& coeffs, int T,
                              ScalogramValue value);

// Approximate normalised-frequency band (1 = Nyquist) of scale s of a J-level decomposition:
// detail level j = J + 1 - s covers [2^-j, 2^(1-j)]; the approximation covers [0, 2^-J].
struct ScaleBand {
    double low = 0;
    double high = 0;
};
ScaleBand scaleBand(int scale, int level);

}  // namespace headwave
