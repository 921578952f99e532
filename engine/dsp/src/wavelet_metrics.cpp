// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/wavelet_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/spectral_metrics.h"

namespace headwave {

std::vector<double> waveletEntropyPerScale(const std::vector<std::vector<double>>& coeffs,
                                           WaveletEntropyMode mode) {
    std::vector<double> out;
    out.reserve(coeffs.size());
    std::vector<double> energy;
    for (const auto& c : coeffs) {
        energy.resize(c.size());
        for (std::size_t i = 0; i < c.size(); ++i) {
            energy[i] = c[i] * c[i];
        }
        if (mode == WaveletEntropyMode::Normalised) {
            out.push_back(normalisedEntropyNats(energy.data(), energy.size()));
        } else {
            out.push_back(entropyNats(energy.data(), energy.size()));
        }
    }
    return out;
}

double windowEntropy(const double* a, int T, int w) {
    if (w < 1 || T < w) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const int windows = T / w;
    const double norm = std::log(static_cast<double>(w));
    double total = 0;
    for (int k = 0; k < windows; ++k) {
        total += normalisedEntropyNats(a + static_cast<std::ptrdiff_t>(k) * w,
                                       static_cast<std::size_t>(w)) /
                 norm;
    }
    return total / static_cast<double>(windows);
}

double windowEntropy(const double* a, const double* logA, int T, int w) {
    if (w < 1 || T < w) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const int windows = T / w;
    const double norm = std::log(static_cast<double>(w));
    double total = 0;
    for (int k = 0; k < windows; ++k) {
        const double* x = a + static_cast<std::ptrdiff_t>(k) * w;
        const double* lx = logA + static_cast<std::ptrdiff_t>(k) * w;
        double sum = 0;
        for (int i = 0; i < w; ++i) {
            sum += x[i];
        }
        const double denom = std::max(sum, 1e-10);
        const double logDenom = std::log(denom);
        double h = 0;
        for (int i = 0; i < w; ++i) {
            const double p = x[i] / denom;
            if (p > 1e-10) {
                h -= p * (lx[i] - logDenom);
            }
        }
        total += h / norm;
    }
    return total / static_cast<double>(windows);
}

namespace {

template <typename Real>
double roundTripError(const double* a, int T, int level) {
    std::vector<Real> x(static_cast<std::size_t>(T));
    for (int t = 0; t < T; ++t) {
        x[static_cast<std::size_t>(t)] = static_cast<Real>(a[t]);
    }
    const std::vector<Real> rec = waverec(wavedec(x.data(), T, level));
    double num = 0;
    double den = 0;
    for (int t = 0; t < T; ++t) {
        const double xt = static_cast<double>(x[static_cast<std::size_t>(t)]);
        const double d = xt - static_cast<double>(rec[static_cast<std::size_t>(t)]);
        num += d * d;
        den += xt * xt;
    }
    return den > 0 ? std::sqrt(num) / std::sqrt(den) : 0.0;
}

}  // namespace

double reconstructionError(const double* a, int T, const std::vector<double>& rec) {
    double num = 0;
    double den = 0;
    for (int t = 0; t < T; ++t) {
        const double d = a[t] - rec[static_cast<std::size_t>(t)];
        num += d * d;
        den += a[t] * a[t];
    }
    return den > 0 ? std::sqrt(num) / std::sqrt(den) : 0.0;
}

double reconstructionErrorF64(const double* a, int T, int level) {
    return roundTripError<double>(a, T, level);
}

double reconstructionErrorF32(const double* a, int T, int level) {
    return roundTripError<float>(a, T, level);
}

std::vector<double> scalogram(const std::vector<std::vector<double>>& coeffs, int T,
                              ScalogramValue value) {
    std::vector<double> out(coeffs.size() * static_cast<std::size_t>(T));
    for (std::size_t s = 0; s < coeffs.size(); ++s) {
        const auto& c = coeffs[s];
        const auto len = static_cast<long>(c.size());
        for (int t = 0; t < T; ++t) {
            const long idx = std::min(len - 1, static_cast<long>(t) * len / T);
            const double v = c[static_cast<std::size_t>(idx)];
            double cell = v * v;
            if (value == ScalogramValue::Magnitude) {
                cell = std::fabs(v);
            } else if (value == ScalogramValue::LogPower) {
                cell = std::log10(v * v + 1e-20);
            }
            out[s * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] = cell;
        }
    }
    return out;
}

ScaleBand scaleBand(int scale, int level) {
    if (scale == 0) {
        return {0.0, std::ldexp(1.0, -level)};
    }
    const int j = level + 1 - scale;
    return {std::ldexp(1.0, -j), std::ldexp(1.0, 1 - j)};
}

}  // namespace headwave
