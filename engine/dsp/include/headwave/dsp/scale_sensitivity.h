// SPDX-License-Identifier: GPL-3.0-or-later
// Scale sensitivity (docs/method.md "Scale sensitivity", the rescaling slider): how much a head's
// wavelet coefficients change when the sequence is subsampled by alpha and stretched back.
//
//   auto idx = subsampleIndices(T, 0.5, Subsampling::Strided);   // run the model on these tokens
//   auto stretched = stretchProfile(aSmall.data(), m, T);
//   double s = scaleSensitivity(a.data(), stretched.data(), T, level);   // 1 - cos, in [0, 2]
#pragma once

#include <vector>

#include "headwave/core/error.h"
#include "headwave/dsp/method_settings.h"

namespace headwave {

// m = floor(alpha T) token indices of the shorter sequence, in order. Strided: round(linspace(0,
// T - 1, m)) with numpy's arithmetic and round-half-to-even (first and last token kept). Prefix:
// 0..m-1. Error when alpha is outside (0, 1] or m < 2.
Result<std::vector<int>> subsampleIndices(int T, double alpha, Subsampling mode);

// numpy.interp(linspace(0, 1, T), linspace(0, 1, m), aSmall), renormalised to sum 1. [T].
std::vector<double> stretchProfile(const double* aSmall, int m, int T);

// 1 - cos(c, c_alpha) for the concatenated db2 coefficients (level J) of a and the stretched
// profile. 0 = identical shape (scale-invariant); NaN when either has zero energy.
double scaleSensitivity(const double* a, const double* stretched, int T, int level);

// numpy.linspace(start, stop, num) with numpy's arithmetic (endpoint included).
std::vector<double> linspace(double start, double stop, int num);

}  // namespace headwave
