// SPDX-License-Identifier: GPL-3.0-or-later
// Daubechies-2 discrete wavelet transform, compatible with PyWavelets (wavedec / waverec with
// mode='symmetric'): the same filters, the same half-sample symmetric extension (x2 x1 | x1 ... xn
// | xn xn-1), the same coefficient lengths and, in float32, the same order of floating-point
// operations, so results match PyWavelets bit for bit in both precisions.
//
//   auto c = wavedec(a.data(), T, level);   // [cA_J, cD_J, ..., cD_1]
//   auto x = waverec(c);                    // length 2 * len(cD_1) - 2 (T or T + 1)
#pragma once

#include <array>
#include <vector>

namespace headwave {

// The db2 filter bank (4 taps), exactly PyWavelets' values.
struct Db2 {
    static constexpr int kTaps = 4;
    static constexpr std::array<double, 4> kDecLo = {-0.12940952255126037, 0.22414386804201339,
                                                     0.83651630373780794, 0.48296291314453416};
    static constexpr std::array<double, 4> kDecHi = {-0.48296291314453416, 0.83651630373780794,
                                                     -0.22414386804201339, -0.12940952255126037};
    static constexpr std::array<double, 4> kRecLo = {0.48296291314453416, 0.83651630373780794,
                                                     0.22414386804201339, -0.12940952255126037};
    static constexpr std::array<double, 4> kRecHi = {-0.12940952255126037, -0.22414386804201339,
                                                     0.83651630373780794, -0.48296291314453416};
};

// PyWavelets' dwt_max_level(n, 4) = floor(log2(n / 3)); 0 when n < 3.
int dwtMaxLevel(int n);

// Length of each output of one DWT step on n samples: floor((n + 3) / 2).
int dwtCoeffLength(int n);

// One analysis step on x[n] (n >= 1): cA, cD each of dwtCoeffLength(n) values.
template <typename Real>
void dwtStep(const Real* x, int n, Real* cA, Real* cD);

// One synthesis step from cA[n], cD[n] (n >= 2): out of 2n - 2 values.
template <typename Real>
void idwtStep(const Real* cA, const Real* cD, int n, Real* out);

// Multilevel decomposition to `level` levels (0 <= level; PyWavelets allows beyond the maximum
// with a warning, callers here check against dwtMaxLevel). Returns level + 1 arrays,
// [cA_J, cD_J, ..., cD_1].
template <typename Real>
std::vector<std::vector<Real>> wavedec(const Real* x, int n, int level);

// Multilevel reconstruction, PyWavelets' waverec: an approximation one longer than the next detail
// is trimmed. Length 2 * len(cD_1) - 2.
template <typename Real>
std::vector<Real> waverec(const std::vector<std::vector<Real>>& coeffs);

extern template void dwtStep<float>(const float*, int, float*, float*);
extern template void dwtStep<double>(const double*, int, double*, double*);
extern template void idwtStep<float>(const float*, const float*, int, float*);
extern template void idwtStep<double>(const double*, const double*, int, double*);
extern template std::vector<std::vector<float>> wavedec<float>(const float*, int, int);
extern template std::vector<std::vector<double>> wavedec<double>(const double*, int, int);
extern template std::vector<float> waverec<float>(const std::vector<std::vector<float>>&);
extern template std::vector<double> waverec<double>(const std::vector<std::vector<double>>&);

}  // namespace headwave
