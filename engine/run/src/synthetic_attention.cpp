// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/synthetic_attention.h"

#include <algorithm>

namespace headwave {

const char* toString(SyntheticPattern p) {
    switch (p) {
        case SyntheticPattern::LocalBand:
            return "local band";
        case SyntheticPattern::Sink:
            return "attention sink";
        case SyntheticPattern::Periodic:
            return "periodic";
        case SyntheticPattern::Blocks:
            return "sentence blocks";
        case SyntheticPattern::Uniform:
            return "uniform";
    }
    return "?";
}

std::vector<double> syntheticHead(SyntheticPattern pattern, const SyntheticSettings& s) {
    const int T = std::max(1, s.tokens);
    std::vector<double> A(static_cast<std::size_t>(T) * static_cast<std::size_t>(T), 0.0);
    auto at = [&](int i, int j) -> double& {
        return A[static_cast<std::size_t>(i) * static_cast<std::size_t>(T) +
                 static_cast<std::size_t>(j)];
    };
    // Spreads mass evenly over the keys j <= i for which keep(j) holds (at least key i's own
    // choice: every pattern below keeps some key in each row).
    auto spread = [&](int i, double mass, auto keep) {
        int n = 0;
        for (int j = 0; j <= i; ++j) {
            n += keep(j) ? 1 : 0;
        }
        for (int j = 0; j <= i && n > 0; ++j) {
            if (keep(j)) {
                at(i, j) += mass / n;
            }
        }
    };
    const int w = std::max(0, s.bandWidth);
    const int p = std::max(2, s.period);
    const int b = std::max(1, s.blockSize);
    const double sink = std::clamp(s.sinkWeight, 0.0, 1.0);
    for (int i = 0; i < T; ++i) {
        switch (pattern) {
            case SyntheticPattern::LocalBand:
                spread(i, 1.0, [&](int j) { return j >= i - w; });
                break;
            case SyntheticPattern::Sink:
                at(i, 0) += sink;
                spread(i, 1.0 - sink, [](int) { return true; });
                break;
            case SyntheticPattern::Periodic:
                spread(i, 1.0, [&](int j) { return j % p == 0; });
                break;
            case SyntheticPattern::Blocks:
                spread(i, 1.0, [&](int j) { return j >= (i / b) * b; });
                break;
            case SyntheticPattern::Uniform:
                spread(i, 1.0, [](int) { return true; });
                break;
        }
    }
    return A;
}

SyntheticAttentionSource::SyntheticAttentionSource(std::vector<SyntheticPattern> patterns,
                                                   SyntheticSettings settings)
    : m_patterns(std::move(patterns)), m_settings(settings) {
    m_settings.tokens = std::max(1, m_settings.tokens);
}

AttentionShape SyntheticAttentionSource::shape() const {
    return {1, static_cast<int>(m_patterns.size()), m_settings.tokens};
}

Result<LayerView> SyntheticAttentionSource::layer(int l) {
    if (l != 0) {
        return makeError(ErrorCode::InvalidArgument,
                         "The synthetic attention has one layer; layer " + std::to_string(l) +
                             " does not exist.");
    }
    if (!m_data) {
        const auto TT = static_cast<std::size_t>(m_settings.tokens) *
                        static_cast<std::size_t>(m_settings.tokens);
        auto data = std::make_shared<std::vector<float>>();
        data->reserve(TT * m_patterns.size());
        for (SyntheticPattern p : m_patterns) {
            for (double v : syntheticHead(p, m_settings)) {
                data->push_back(static_cast<float>(v));
            }
        }
        m_data = std::move(data);
    }
    LayerView v;
    v.dtype = DType::Float32;
    v.data = m_data->data();
    v.owner = m_data;
    return v;
}

}  // namespace headwave
