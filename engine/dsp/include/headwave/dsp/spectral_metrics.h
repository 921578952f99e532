// SPDX-License-Identifier: GPL-3.0-or-later
// Scalar summaries of a profile and its power spectrum (docs/method.md §3-5). Entropies in nats.
#pragma once

#include <cstddef>

namespace headwave {

// Any term p <= kEntropyFloor is skipped in an entropy sum (docs/method.md §5).
inline constexpr double kEntropyFloor = 1e-10;
// Denominators are clamped to at least kSumFloor (docs/method.md §1, §4).
inline constexpr double kSumFloor = 1e-10;

struct BandShares {
    double low = 0;   // sum P[r < lowEdge] / sum P
    double mid = 0;   // sum P[lowEdge <= r < highEdge] / sum P
    double high = 0;  // sum P[r >= highEdge] / sum P
};

// power: [bins] one-sided |X[k]|^2 with r[k] = 2k / nfft. A zero spectrum gives all-zero shares.
BandShares bandShares(const double* power, int bins, int nfft, double lowEdge, double highEdge);

// max P / max(sum P - max P, 1e-10), DC included in both.
double frequencySelectivity(const double* power, int bins);

// -sum p log p over p > 1e-10, for p already normalised (e.g. the profile: positional entropy).
double entropyNats(const double* p, std::size_t n);

// Entropy of x / max(sum x, 1e-10), terms <= 1e-10 after normalisation skipped (spectral entropy,
// window entropy, normalised wavelet entropy).
double normalisedEntropyNats(const double* x, std::size_t n);

// Normalises a in place to a / max(sum a, 1e-10); returns the sum before.
double normaliseToUnitSum(double* a, std::size_t n);

}  // namespace headwave
