// SPDX-License-Identifier: GPL-3.0-or-later
// Deterministic synthetic attention for tests and benchmarks: causal softmax rows of random scores
// plus structure (a local band and an attention sink), so profiles are neither flat nor trivial.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace headwave::test {

// [T, T] row-major, rows sum to 1 (in Real's precision), zeros above the diagonal when causal.
template <typename Real>
std::vector<Real> randomAttention(int T, std::uint32_t seed, bool causal = true) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<Real> A(static_cast<std::size_t>(T) * static_cast<std::size_t>(T), Real(0));
    std::vector<double> row(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i) {
        const int last = causal ? i : T - 1;
        double maxScore = -1e300;
        for (int j = 0; j <= last; ++j) {
            double s = noise(rng);
            s += 3.0 * std::exp(-std::abs(i - j) / 3.0);  // local band
            s += j == 0 ? 2.0 : 0.0;                      // attention sink
            row[static_cast<std::size_t>(j)] = s;
            maxScore = std::max(maxScore, s);
        }
        double total = 0;
        for (int j = 0; j <= last; ++j) {
            row[static_cast<std::size_t>(j)] =
                std::exp(row[static_cast<std::size_t>(j)] - maxScore);
            total += row[static_cast<std::size_t>(j)];
        }
        for (int j = 0; j <= last; ++j) {
            A[static_cast<std::size_t>(i) * static_cast<std::size_t>(T) +
              static_cast<std::size_t>(j)] =
                static_cast<Real>(row[static_cast<std::size_t>(j)] / total);
        }
    }
    return A;
}

}  // namespace headwave::test
