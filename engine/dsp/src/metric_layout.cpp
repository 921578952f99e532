#include "headwave/dsp/metric_layout.h"

#include <charconv>
#include <limits>
#include <system_error>

namespace headwave {

std::string formatShortest(double v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

MetricLayout::MetricLayout(const MethodSettings& settings, int level)
    : m_windows(settings.entropyWindows), m_alphas(settings.alphas), m_level(level) {
    const std::string profile = toString(settings.profile);
    m_columns = {
        {"band_low", "fraction", "share of spectral power below the low band edge"},
        {"band_mid", "fraction", "share of spectral power between the band edges"},
        {"band_high", "fraction", "share of spectral power at or above the high band edge"},
        {"selectivity", "ratio", "max P / (sum P - max P), DC included"},
        {"spectral_entropy", "nats", "entropy of the normalised power spectrum"},
        {"positional_entropy", "nats", "entropy of the normalised " + profile + " profile"},
        {"local_share", "fraction",
         "mean over queries of the attention within |i - j| <= " +
             std::to_string(settings.localWindow) + " tokens"},
        {"local_global_ratio", "ratio", "local_share / (1 - local_share)"},
        {"recon_error_f32", "relative L2", "db2 round-trip error in float32"},
        {"recon_error_f64", "relative L2", "db2 round-trip error in float64"},
    };
    const char* entropyKind = settings.waveletEntropy == WaveletEntropyMode::Normalised
                                  ? "entropy of normalised squared coefficients"
                                  : "raw -sum c^2 log c^2";
    for (int s = 0; s <= level; ++s) {
        const std::string array =
            s == 0 ? "cA" + std::to_string(level) : "cD" + std::to_string(level + 1 - s);
        m_columns.push_back({"wavelet_entropy_s" + std::to_string(s), "nats",
                             std::string(entropyKind) + " of " + array});
    }
    for (int w : m_windows) {
        m_columns.push_back({"window_entropy_w" + std::to_string(w), "fraction of ln w",
                             "mean normalised entropy of " + std::to_string(w) +
                                 "-token windows (NaN when T < w)"});
    }
    for (double a : m_alphas) {
        m_columns.push_back({"scale_sensitivity_a" + formatShortest(a), "1 - cosine",
                             "coefficient change when the sequence is rescaled by alpha = " +
                                 formatShortest(a) + " (NaN when not computed)"});
    }
}

HeadMetrics MetricLayout::unflatten(const double* row) const {
    HeadMetrics m;
    std::size_t i = 0;
    m.bandLow = row[i++];
    m.bandMid = row[i++];
    m.bandHigh = row[i++];
    m.selectivity = row[i++];
    m.spectralEntropy = row[i++];
    m.positionalEntropy = row[i++];
    m.localShare = row[i++];
    m.localGlobalRatio = row[i++];
    m.reconErrorF32 = row[i++];
    m.reconErrorF64 = row[i++];
    for (int s = 0; s <= m_level; ++s) {
        m.scaleEntropy.push_back(row[i++]);
    }
    for (std::size_t w = 0; w < m_windows.size(); ++w) {
        m.windowEntropy.push_back(row[i++]);
    }
    for (std::size_t a = 0; a < m_alphas.size(); ++a) {
        m.scaleSensitivity.push_back(row[i++]);
    }
    return m;
}

int MetricLayout::index(std::string_view key) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void MetricLayout::flatten(const HeadMetrics& m, double* out) const {
    std::size_t i = 0;
    out[i++] = m.bandLow;
    out[i++] = m.bandMid;
    out[i++] = m.bandHigh;
    out[i++] = m.selectivity;
    out[i++] = m.spectralEntropy;
    out[i++] = m.positionalEntropy;
    out[i++] = m.localShare;
    out[i++] = m.localGlobalRatio;
    out[i++] = m.reconErrorF32;
    out[i++] = m.reconErrorF64;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int s = 0; s <= m_level; ++s) {
        const auto k = static_cast<std::size_t>(s);
        out[i++] = k < m.scaleEntropy.size() ? m.scaleEntropy[k] : nan;
    }
    for (std::size_t w = 0; w < m_windows.size(); ++w) {
        out[i++] = w < m.windowEntropy.size() ? m.windowEntropy[w] : nan;
    }
    for (std::size_t a = 0; a < m_alphas.size(); ++a) {
        out[i++] = a < m.scaleSensitivity.size() ? m.scaleSensitivity[a] : nan;
    }
}

}  // namespace headwave
