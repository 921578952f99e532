// SPDX-License-Identifier: GPL-3.0-or-later
// The fixed positional tables of the "headwave" model type, shared by the forward pass
// (torch_model.cpp) and the trainer (trainer.cpp) so that a trained checkpoint is evaluated with
// exactly the numbers it was trained with. Computed in float64, rounded once to float32.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace headwave::positional {

// Sinusoidal absolute embeddings added to the token embeddings (Vaswani et al. 2017, interleaved):
// pe[pos, 2k] = sin(pos * w_k), pe[pos, 2k + 1] = cos(pos * w_k), w_k = 10000^(-2k / hidden).
// Returns [T, hidden] row-major.
inline std::vector<float> sinusoidTable(int T, int hidden) {
    std::vector<float> pe(static_cast<std::size_t>(T) * static_cast<std::size_t>(hidden));
    for (int pos = 0; pos < T; ++pos) {
        for (int i = 0; i < hidden; ++i) {
            const double freq = std::pow(10000.0, -2.0 * (i / 2) / hidden);
            const double a = pos * freq;
            pe[static_cast<std::size_t>(pos) * static_cast<std::size_t>(hidden) +
               static_cast<std::size_t>(i)] =
                static_cast<float>(i % 2 == 0 ? std::sin(a) : std::cos(a));
        }
    }
    return pe;
}

// ALiBi slopes m_h of Press et al. (2022) for any head count: the geometric sequence 2^(-8/n)
// for the nearest power of two n, then every other slope of the sequence for 2n.
inline std::vector<double> alibiSlopes(int heads) {
    auto powerOfTwo = [](int n) {
        std::vector<double> s;
        const double start = std::pow(2.0, -8.0 / n);
        for (int i = 0; i < n; ++i) {
            s.push_back(std::pow(start, i + 1));
        }
        return s;
    };
    int closest = 1;
    while (closest * 2 <= heads) {
        closest *= 2;
    }
    std::vector<double> slopes = powerOfTwo(closest);
    if (closest < heads) {
        const auto extra = powerOfTwo(2 * closest);
        for (std::size_t i = 0; static_cast<int>(slopes.size()) < heads; i += 2) {
            slopes.push_back(extra[i]);
        }
    }
    return slopes;
}

// The ALiBi score bias -m_h * (i - j), [heads, T (query), T (key)] row-major, float32.
inline std::vector<float> alibiBias(int heads, int T) {
    const std::vector<double> slopes = alibiSlopes(heads);
    std::vector<float> bias(static_cast<std::size_t>(heads) * static_cast<std::size_t>(T) *
                            static_cast<std::size_t>(T));
    std::size_t at = 0;
    for (int h = 0; h < heads; ++h) {
        for (int i = 0; i < T; ++i) {
            for (int j = 0; j < T; ++j) {
                bias[at++] = static_cast<float>(-slopes[static_cast<std::size_t>(h)] * (i - j));
            }
        }
    }
    return bias;
}

// RoPE inverse frequencies theta^(-2k / rotaryDim), k = 0 .. rotaryDim/2 - 1 (no scaling).
inline std::vector<double> ropeInverseFrequencies(double theta, int rotaryDim) {
    std::vector<double> f;
    for (int k = 0; k < rotaryDim / 2; ++k) {
        f.push_back(1.0 / std::pow(theta, 2.0 * k / rotaryDim));
    }
    return f;
}

// Rotate-half RoPE tables cos, sin: [T, rotaryDim] row-major, angle t * f_k in float64 then
// rounded; columns k and k + rotaryDim/2 share frequency k.
inline void ropeTables(int T, const std::vector<double>& invFreq, std::vector<float>& cos,
                       std::vector<float>& sin) {
    const std::size_t half = invFreq.size();
    cos.assign(static_cast<std::size_t>(T) * 2 * half, 0.0f);
    sin.assign(cos.size(), 0.0f);
    for (int t = 0; t < T; ++t) {
        for (std::size_t k = 0; k < half; ++k) {
            const double a = static_cast<double>(t) * invFreq[k];
            const auto cv = static_cast<float>(std::cos(a));
            const auto sv = static_cast<float>(std::sin(a));
            const std::size_t row = static_cast<std::size_t>(t) * 2 * half;
            cos[row + k] = cv;
            cos[row + k + half] = cv;
            sin[row + k] = sv;
            sin[row + k + half] = sv;
        }
    }
}

}  // namespace headwave::positional
