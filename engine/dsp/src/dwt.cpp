// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/dwt.h"

#include <algorithm>
#include <cassert>
#include <cstddef>

namespace headwave {

namespace {

template <typename Real>
struct Filters {
    std::array<Real, 4> decLo;
    std::array<Real, 4> decHi;
    std::array<Real, 4> recLo;
    std::array<Real, 4> recHi;
};

template <typename Real>
const Filters<Real>& filters() {
    // PyWavelets keeps a float copy of each filter for float32 data (cast from the doubles).
    static const Filters<Real> f = [] {
        Filters<Real> r{};
        for (std::size_t i = 0; i < 4; ++i) {
            r.decLo[i] = static_cast<Real>(Db2::kDecLo[i]);
            r.decHi[i] = static_cast<Real>(Db2::kDecHi[i]);
            r.recLo[i] = static_cast<Real>(Db2::kRecLo[i]);
            r.recHi[i] = static_cast<Real>(Db2::kRecHi[i]);
        }
        return r;
    }();
    return f;
}

// Half-sample symmetric extension, periodic with period 2n for indices far outside [0, n).
inline long mirror(long idx, long n) {
    const long period = 2 * n;
    long m = idx % period;
    if (m < 0) {
        m += period;
    }
    return m < n ? m : period - 1 - m;
}

// PyWavelets' downsampling_convolution (step 2, MODE_SYMMETRIC): out[o] = sum_j f[j] x_ext[i - j]
// for i = 2o + 1. The accumulation order follows PyWavelets: for outputs that overhang the right
// edge, the mirrored terms come first with the filter index descending, then the in-range and
// left-mirrored terms with the filter index ascending.
template <typename Real>
void downsample(const Real* x, int n, const std::array<Real, 4>& f, Real* out) {
    const long N = n;
    const long F = 4;
    long o = 0;
    for (long i = 1; i < N + F - 1; i += 2, ++o) {
        Real sum = 0;
        long j = 0;
        if (i >= N) {
            for (long fi = i - N; fi >= 0; --fi) {
                sum += f[static_cast<std::size_t>(fi)] * x[mirror(i - fi, N)];
            }
            j = i - N + 1;
        }
        for (; j < F; ++j) {
            sum += f[static_cast<std::size_t>(j)] * x[mirror(i - j, N)];
        }
        out[o] = sum;
    }
}

// PyWavelets' upsampling_convolution_valid_sf: out[2(i-1)] += f[0] c[i] + f[2] c[i-1],
// out[2(i-1)+1] += f[1] c[i] + f[3] c[i-1] for i = 1..n-1.
template <typename Real>
void upsampleAdd(const Real* c, int n, const std::array<Real, 4>& f, Real* out) {
    for (int i = 1, o = 0; i < n; ++i, o += 2) {
        Real even = 0;
        Real odd = 0;
        even += f[0] * c[i];
        odd += f[1] * c[i];
        even += f[2] * c[i - 1];
        odd += f[3] * c[i - 1];
        out[o] += even;
        out[o + 1] += odd;
    }
}

}  // namespace

int dwtMaxLevel(int n) {
    if (n < 3) {
        return 0;
    }
    int q = n / 3;
    int level = 0;
    while (q > 1) {
        q /= 2;
        ++level;
    }
    return level;
}

int dwtCoeffLength(int n) {
    return (n + 3) / 2;
}

template <typename Real>
void dwtStep(const Real* x, int n, Real* cA, Real* cD) {
    const Filters<Real>& f = filters<Real>();
    downsample(x, n, f.decLo, cA);
    downsample(x, n, f.decHi, cD);
}

template <typename Real>
void idwtStep(const Real* cA, const Real* cD, int n, Real* out) {
    const Filters<Real>& f = filters<Real>();
    std::fill(out, out + (2 * n - 2), Real(0));
    upsampleAdd(cA, n, f.recLo, out);
    upsampleAdd(cD, n, f.recHi, out);
}

template <typename Real>
std::vector<std::vector<Real>> wavedec(const Real* x, int n, int level) {
    std::vector<std::vector<Real>> details;
    std::vector<Real> a(x, x + n);
    for (int l = 0; l < level; ++l) {
        const int len = dwtCoeffLength(static_cast<int>(a.size()));
        std::vector<Real> cA(static_cast<std::size_t>(len));
        std::vector<Real> cD(static_cast<std::size_t>(len));
        dwtStep(a.data(), static_cast<int>(a.size()), cA.data(), cD.data());
        details.push_back(std::move(cD));
        a = std::move(cA);
    }
    std::vector<std::vector<Real>> coeffs;
    coeffs.reserve(details.size() + 1);
    coeffs.push_back(std::move(a));
    for (auto it = details.rbegin(); it != details.rend(); ++it) {
        coeffs.push_back(std::move(*it));
    }
    return coeffs;
}

template <typename Real>
std::vector<Real> waverec(const std::vector<std::vector<Real>>& coeffs) {
    assert(!coeffs.empty());
    std::vector<Real> a = coeffs[0];
    for (std::size_t s = 1; s < coeffs.size(); ++s) {
        const std::vector<Real>& d = coeffs[s];
        if (a.size() == d.size() + 1) {
            a.resize(d.size());
        }
        const int n = static_cast<int>(d.size());
        std::vector<Real> out(static_cast<std::size_t>(std::max(2 * n - 2, 0)));
        if (n >= 2) {
            idwtStep(a.data(), d.data(), n, out.data());
        }
        a = std::move(out);
    }
    return a;
}

template void dwtStep<float>(const float*, int, float*, float*);
template void dwtStep<double>(const double*, int, double*, double*);
template void idwtStep<float>(const float*, const float*, int, float*);
template void idwtStep<double>(const double*, const double*, int, double*);
template std::vector<std::vector<float>> wavedec<float>(const float*, int, int);
template std::vector<std::vector<double>> wavedec<double>(const double*, int, int);
template std::vector<float> waverec<float>(const std::vector<std::vector<float>>&);
template std::vector<double> waverec<double>(const std::vector<std::vector<double>>&);

}  // namespace headwave
