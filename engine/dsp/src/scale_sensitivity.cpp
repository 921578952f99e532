// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/scale_sensitivity.h"

#include <cmath>
#include <limits>
#include <string>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/spectral_metrics.h"

namespace headwave {

std::vector<double> linspace(double start, double stop, int num) {
    std::vector<double> y(static_cast<std::size_t>(std::max(num, 0)));
    if (num <= 0) {
        return y;
    }
    // numpy: step = (stop - start) / (num - 1); y = arange(num) * step + start; y[-1] = stop.
    const int div = num - 1;
    const double delta = stop - start;
    if (div > 0) {
        const double step = delta / static_cast<double>(div);
        for (int k = 0; k < num; ++k) {
            y[static_cast<std::size_t>(k)] = step == 0.0
                                                 ? static_cast<double>(k) / div * delta + start
                                                 : static_cast<double>(k) * step + start;
        }
        y[static_cast<std::size_t>(num - 1)] = stop;
    } else {
        y[0] = start;
    }
    return y;
}

Result<std::vector<int>> subsampleIndices(int T, double alpha, Subsampling mode) {
    if (!(alpha > 0.0 && alpha <= 1.0)) {
        return makeError(
            ErrorCode::InvalidArgument,
            "The rescaling factor alpha must be in (0, 1]; got " + std::to_string(alpha) + ".");
    }
    const int m = static_cast<int>(std::floor(alpha * static_cast<double>(T)));
    if (m < 2) {
        return makeError(
            ErrorCode::InvalidArgument,
            "Rescaling a " + std::to_string(T) + "-token sequence by alpha = " +
                std::to_string(alpha) + " keeps " + std::to_string(m) +
                " tokens; at least 2 are needed. Use a larger alpha or a longer text.");
    }
    std::vector<int> idx(static_cast<std::size_t>(m));
    if (mode == Subsampling::Prefix) {
        for (int k = 0; k < m; ++k) {
            idx[static_cast<std::size_t>(k)] = k;
        }
        return idx;
    }
    const std::vector<double> pos = linspace(0.0, static_cast<double>(T - 1), m);
    for (int k = 0; k < m; ++k) {
        // std::nearbyint rounds half to even in the default rounding mode, as numpy.round does.
        idx[static_cast<std::size_t>(k)] =
            static_cast<int>(std::nearbyint(pos[static_cast<std::size_t>(k)]));
    }
    return idx;
}

std::vector<double> stretchProfile(const double* aSmall, int m, int T) {
    const std::vector<double> x = linspace(0.0, 1.0, T);
    const std::vector<double> xp = linspace(0.0, 1.0, m);
    std::vector<double> out(static_cast<std::size_t>(T));
    // numpy.interp for increasing xp: binary search for xp[j] <= x < xp[j + 1],
    // slope * (x - xp[j]) + fp[j]; x == xp[-1] gives fp[-1].
    for (int i = 0; i < T; ++i) {
        const double xv = x[static_cast<std::size_t>(i)];
        double v = 0;
        if (m == 1 || xv <= xp[0]) {
            v = aSmall[0];
        } else if (xv >= xp[static_cast<std::size_t>(m - 1)]) {
            v = aSmall[m - 1];
        } else {
            int lo = 0;
            int hi = m - 1;
            while (hi - lo > 1) {
                const int mid = (lo + hi) / 2;
                if (xp[static_cast<std::size_t>(mid)] <= xv) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            const double x0 = xp[static_cast<std::size_t>(lo)];
            const double x1 = xp[static_cast<std::size_t>(lo + 1)];
            const double slope = (aSmall[lo + 1] - aSmall[lo]) / (x1 - x0);
            v = slope * (xv - x0) + aSmall[lo];
        }
        out[static_cast<std::size_t>(i)] = v;
    }
    normaliseToUnitSum(out.data(), out.size());
    return out;
}

double scaleSensitivity(const double* a, const double* stretched, int T, int level) {
    const auto ca = wavedec(a, T, level);
    const auto cb = wavedec(stretched, T, level);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (std::size_t s = 0; s < ca.size(); ++s) {
        for (std::size_t i = 0; i < ca[s].size(); ++i) {
            dot += ca[s][i] * cb[s][i];
            na += ca[s][i] * ca[s][i];
            nb += cb[s][i] * cb[s][i];
        }
    }
    if (na <= 0 || nb <= 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return 1.0 - dot / (std::sqrt(na) * std::sqrt(nb));
}

}  // namespace headwave
