// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/spectral_metrics.h"

#include <algorithm>
#include <cmath>

namespace headwave {

BandShares bandShares(const double* power, int bins, int nfft, double lowEdge, double highEdge) {
    double low = 0;
    double mid = 0;
    double high = 0;
    for (int k = 0; k < bins; ++k) {
        const double r = 2.0 * static_cast<double>(k) / static_cast<double>(nfft);
        if (r < lowEdge) {
            low += power[k];
        } else if (r < highEdge) {
            mid += power[k];
        } else {
            high += power[k];
        }
    }
    const double total = low + mid + high;
    BandShares s;
    if (total > 0) {
        s.low = low / total;
        s.mid = mid / total;
        s.high = high / total;
    }
    return s;
}

double frequencySelectivity(const double* power, int bins) {
    double total = 0;
    double peak = 0;
    for (int k = 0; k < bins; ++k) {
        total += power[k];
        peak = std::max(peak, power[k]);
    }
    return peak / std::max(total - peak, 1e-10);
}

double entropyNats(const double* p, std::size_t n) {
    double h = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] > 1e-10) {
            h -= p[i] * std::log(p[i]);
        }
    }
    return h;
}

double normalisedEntropyNats(const double* x, std::size_t n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        total += x[i];
    }
    const double denom = std::max(total, 1e-10);
    double h = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double p = x[i] / denom;
        if (p > 1e-10) {
            h -= p * std::log(p);
        }
    }
    return h;
}

double normaliseToUnitSum(double* a, std::size_t n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        total += a[i];
    }
    const double denom = std::max(total, 1e-10);
    for (std::size_t i = 0; i < n; ++i) {
        a[i] /= denom;
    }
    return total;
}

}  // namespace headwave
