// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/head_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/metric_catalogue.h"
#include "headwave/dsp/spectral_metrics.h"
#include "headwave/dsp/spectrum.h"
#include "headwave/dsp/wavelet_metrics.h"

namespace headwave {

namespace {

std::string fmt(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

// The result of the single pass over a [T, T] matrix.
struct RowScan {
    double localSum = 0;  // sum over rows of the (repaired) mass within the local window
    std::int64_t repairedRows = 0;
    std::vector<double> lastRow;  // [T], the (repaired) last query row
};

// One fused pass: for each row, accumulate it into colSum, its sum and its minimum; then check the
// row and, when repairing, correct the accumulation. Eight partial sums keep the adds independent
// so the loop runs at memory speed instead of at the latency of one dependent add chain. They are
// written as two vectors of four doubles (GCC/Clang vector extensions, one AVX2 register or two
// SSE2 registers each) because GCC 12 does not vectorise the per-lane minimum of the scalar form:
// that loop stayed scalar, with accumulators spilled to the stack, at about half the speed of a
// plain read pass (bench/README.md). The lanes are added in the order eight scalar partial sums
// would be, so the results are unchanged bit for bit. A software prefetch a few KiB ahead keeps
// enough cache-line requests in flight for one core to reach its full read bandwidth (about 20 %
// faster than the hardware prefetcher alone on the benchmark machine). The address is formed as an
// integer: near the end of the matrix it points past it, and a prefetch never faults.
using Double4 [[gnu::vector_size(32)]] = double;  // [4]
constexpr std::uintptr_t kPrefetchBytes = 4096;

template <typename Real>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
void accumulateRow(const Real* __restrict row, int T, double* __restrict colSum, double& sumOut,
                   double& minOut) {
    const Double4 zero = {0, 0, 0, 0};
    Double4 sumLo = zero;  // partial sums of columns t % 8 = 0..3
    Double4 sumHi = zero;  // and 4..7
    Double4 minLo = zero;
    Double4 minHi = zero;
    int t = 0;
    for (; t + 8 <= T; t += 8) {
        const Real* r = row + t;
        __builtin_prefetch(
            reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(r) + kPrefetchBytes));
        const Double4 lo = {static_cast<double>(r[0]), static_cast<double>(r[1]),
                            static_cast<double>(r[2]), static_cast<double>(r[3])};
        const Double4 hi = {static_cast<double>(r[4]), static_cast<double>(r[5]),
                            static_cast<double>(r[6]), static_cast<double>(r[7])};
        Double4 colLo;
        Double4 colHi;
        std::memcpy(&colLo, colSum + t, sizeof colLo);
        std::memcpy(&colHi, colSum + t + 4, sizeof colHi);
        colLo += lo;
        colHi += hi;
        std::memcpy(colSum + t, &colLo, sizeof colLo);
        std::memcpy(colSum + t + 4, &colHi, sizeof colHi);
        sumLo += lo;
        sumHi += hi;
        minLo = lo < minLo ? lo : minLo;
        minHi = hi < minHi ? hi : minHi;
    }
    double sum = ((sumLo[0] + sumLo[1]) + (sumLo[2] + sumLo[3])) +
                 ((sumHi[0] + sumHi[1]) + (sumHi[2] + sumHi[3]));
    double minimum =
        std::min({minLo[0], minLo[1], minLo[2], minLo[3], minHi[0], minHi[1], minHi[2], minHi[3]});
    for (; t < T; ++t) {
        const double v = static_cast<double>(row[t]);
        colSum[t] += v;
        sum += v;
        minimum = v < minimum ? v : minimum;
    }
    sumOut = sum;
    minOut = minimum;
}

template <typename Real>
Status scanMatrix(const Real* A, int T, int localWindow, const AttentionChecks& checks,
                  double* colSum, RowScan& scan) {
    std::fill(colSum, colSum + T, 0.0);
    scan.lastRow.assign(static_cast<std::size_t>(T), 0.0);
    for (int i = 0; i < T; ++i) {
        const Real* row = A + static_cast<std::ptrdiff_t>(i) * T;
        double sum = 0;
        double minimum = 0;
        accumulateRow(row, T, colSum, sum, minimum);
        if (!std::isfinite(sum)) {
            int j = 0;
            while (j < T && std::isfinite(static_cast<double>(row[j]))) {
                ++j;
            }
            return makeError(ErrorCode::InvalidAttention,
                             "The attention contains a non-finite value (NaN or infinity); "
                             "export it again from a run that did not overflow.",
                             "row " + std::to_string(i) + ", column " + std::to_string(j));
        }
        if (minimum < -checks.negativeTolerance) {
            return makeError(ErrorCode::InvalidAttention,
                             "The attention contains negative values, so it is not post-softmax "
                             "attention; export the probabilities, not the scores.",
                             "row " + std::to_string(i) + ", minimum " + fmt(minimum));
        }
        double scale = 1.0;
        if (std::fabs(sum - 1.0) > checks.rowSumTolerance) {
            if (!checks.renormaliseRows) {
                return makeError(ErrorCode::InvalidAttention,
                                 "An attention row does not sum to 1, so this is not post-softmax "
                                 "attention over the keys (rows = queries). Check the axis order, "
                                 "or allow renormalising the rows.",
                                 "row " + std::to_string(i) + " sums to " + fmt(sum) +
                                     ", tolerance " + fmt(checks.rowSumTolerance));
            }
            scale = sum > 0 ? 1.0 / sum : 0.0;
            ++scan.repairedRows;
            for (int t = 0; t < T; ++t) {
                colSum[t] += (scale - 1.0) * static_cast<double>(row[t]);
            }
        }
        const int lo = std::max(0, i - localWindow);
        const int hi = std::min(T - 1, i + localWindow);
        double local = 0;
        for (int j = lo; j <= hi; ++j) {
            local += static_cast<double>(row[j]);
        }
        scan.localSum += local * scale;
        if (i == T - 1) {
            for (int t = 0; t < T; ++t) {
                scan.lastRow[static_cast<std::size_t>(t)] = static_cast<double>(row[t]) * scale;
            }
        }
    }
    return {};
}

// ProfileMode::Rows: the sum, then the mean, of every profile metric over the rows (the catalogue
// says which metrics those are).
void addScaled(HeadMetrics& acc, const HeadMetrics& m) {
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.source != MetricSource::Profile) {
            continue;
        }
        if (f.scalar != nullptr) {
            acc.*(f.scalar) += m.*(f.scalar);
            continue;
        }
        std::vector<double>& sum = acc.*(f.values);
        const std::vector<double>& v = m.*(f.values);
        sum.resize(v.size(), 0.0);
        for (std::size_t i = 0; i < v.size(); ++i) {
            sum[i] += v[i];
        }
    }
}

void divideBy(HeadMetrics& acc, double n) {
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.source != MetricSource::Profile) {
            continue;
        }
        if (f.scalar != nullptr) {
            acc.*(f.scalar) /= n;
            continue;
        }
        for (double& v : acc.*(f.values)) {
            v /= n;
        }
    }
}

}  // namespace

Result<int> resolveWaveletLevel(const MethodSettings& settings, int minTokens) {
    const int maxLevel = dwtMaxLevel(minTokens);
    if (settings.waveletLevel < 0) {
        return maxLevel;
    }
    if (settings.waveletLevel > maxLevel) {
        return makeError(ErrorCode::InvalidArgument,
                         "Wavelet level " + std::to_string(settings.waveletLevel) +
                             " is deeper than the shortest sequence allows (" +
                             std::to_string(minTokens) + " tokens: at most level " +
                             std::to_string(maxLevel) + "). Choose a smaller level or 'auto'.");
    }
    return settings.waveletLevel;
}

HeadAnalyzer::HeadAnalyzer(MethodSettings settings, int level, AttentionChecks checks)
    : m_settings(std::move(settings)), m_level(level), m_checks(checks) {}

Result<HeadMetrics> HeadAnalyzer::analyze(const float* A, int T, HeadDetail* detail) {
    return analyzeMatrix(A, T, detail);
}

Result<HeadMetrics> HeadAnalyzer::analyze(const double* A, int T, HeadDetail* detail) {
    return analyzeMatrix(A, T, detail);
}

template <typename Real>
Result<HeadMetrics> HeadAnalyzer::analyzeMatrix(const Real* A, int T, HeadDetail* detail) {
    if (T < 2) {
        return makeError(
            ErrorCode::InvalidAttention,
            "At least 2 tokens are needed to analyse attention; got " + std::to_string(T) + ".");
    }
    if (m_level > dwtMaxLevel(T)) {
        return makeError(ErrorCode::InvalidArgument, "Wavelet level " + std::to_string(m_level) +
                                                         " is deeper than a " + std::to_string(T) +
                                                         "-token sequence allows (at most " +
                                                         std::to_string(dwtMaxLevel(T)) + ").");
    }
    m_profile.resize(static_cast<std::size_t>(T));
    RowScan scan;
    Status st = scanMatrix(A, T, m_settings.localWindow, m_checks, m_profile.data(), scan);
    if (!st) {
        return st.error();
    }

    HeadMetrics m;
    m.repairedRows = scan.repairedRows;
    m.localShare = scan.localSum / static_cast<double>(T);
    m.localGlobalRatio = m.localShare < 1.0 ? m.localShare / (1.0 - m.localShare)
                                            : std::numeric_limits<double>::infinity();

    switch (m_settings.profile) {
        case ProfileMode::Mean:
            for (double& v : m_profile) {
                v /= static_cast<double>(T);
            }
            normaliseToUnitSum(m_profile.data(), m_profile.size());
            profileMetrics(m_profile.data(), T, m, detail);
            break;
        case ProfileMode::Last:
            m_profile = scan.lastRow;
            normaliseToUnitSum(m_profile.data(), m_profile.size());
            profileMetrics(m_profile.data(), T, m, detail);
            break;
        case ProfileMode::Rows: {
            // Detail views show the mean profile; the metrics are the average over rows.
            if (detail != nullptr) {
                std::vector<double> mean = m_profile;
                normaliseToUnitSum(mean.data(), mean.size());
                HeadMetrics unused;
                profileMetrics(mean.data(), T, unused, detail);
            }
            HeadMetrics acc;
            std::vector<double> row(static_cast<std::size_t>(T));
            for (int i = 0; i < T; ++i) {
                const Real* r = A + static_cast<std::ptrdiff_t>(i) * T;
                for (int t = 0; t < T; ++t) {
                    row[static_cast<std::size_t>(t)] = static_cast<double>(r[t]);
                }
                normaliseToUnitSum(row.data(), row.size());
                HeadMetrics one;
                profileMetrics(row.data(), T, one, nullptr);
                addScaled(acc, one);
            }
            divideBy(acc, static_cast<double>(T));
            acc.localShare = m.localShare;
            acc.localGlobalRatio = m.localGlobalRatio;
            acc.repairedRows = m.repairedRows;
            m = std::move(acc);
            break;
        }
    }
    m.scaleSensitivity.assign(m_settings.alphas.size(), std::numeric_limits<double>::quiet_NaN());
    return m;
}

Result<std::vector<double>> HeadAnalyzer::profile(const float* A, int T) {
    return profileOf(A, T);
}

Result<std::vector<double>> HeadAnalyzer::profile(const double* A, int T) {
    return profileOf(A, T);
}

template <typename Real>
Result<std::vector<double>> HeadAnalyzer::profileOf(const Real* A, int T) {
    if (T < 2) {
        return makeError(
            ErrorCode::InvalidAttention,
            "At least 2 tokens are needed to analyse attention; got " + std::to_string(T) + ".");
    }
    std::vector<double> a(static_cast<std::size_t>(T));
    RowScan scan;
    Status st = scanMatrix(A, T, m_settings.localWindow, m_checks, a.data(), scan);
    if (!st) {
        return st.error();
    }
    if (m_settings.profile == ProfileMode::Last) {
        a = scan.lastRow;
    } else {
        for (double& v : a) {
            v /= static_cast<double>(T);
        }
    }
    normaliseToUnitSum(a.data(), a.size());
    return a;
}

Result<HeadMetrics> HeadAnalyzer::analyzeProfile(const double* a, int T, HeadDetail* detail) {
    if (T < 2) {
        return makeError(
            ErrorCode::InvalidArgument,
            "At least 2 positions are needed to analyse a profile; got " + std::to_string(T) + ".");
    }
    if (m_level > dwtMaxLevel(T)) {
        return makeError(ErrorCode::InvalidArgument, "Wavelet level " + std::to_string(m_level) +
                                                         " is deeper than a " + std::to_string(T) +
                                                         "-sample profile allows (at most " +
                                                         std::to_string(dwtMaxLevel(T)) + ").");
    }
    HeadMetrics m;
    m.localShare = std::numeric_limits<double>::quiet_NaN();
    m.localGlobalRatio = std::numeric_limits<double>::quiet_NaN();
    profileMetrics(a, T, m, detail);
    m.scaleSensitivity.assign(m_settings.alphas.size(), std::numeric_limits<double>::quiet_NaN());
    return m;
}

void HeadAnalyzer::profileMetrics(const double* a, int T, HeadMetrics& m, HeadDetail* detail) {
    const int nfft = fftLength(T, m_settings.padding);
    const int bins = spectrumBins(nfft);
    m_power.resize(static_cast<std::size_t>(bins));
    powerSpectrum(a, T, m_settings.window, m_settings.padding, m_power.data());

    const BandShares b =
        bandShares(m_power.data(), bins, nfft, m_settings.bandLowEdge, m_settings.bandHighEdge);
    m.bandLow = b.low;
    m.bandMid = b.mid;
    m.bandHigh = b.high;
    m.selectivity = frequencySelectivity(m_power.data(), bins);
    m.spectralEntropy = normalisedEntropyNats(m_power.data(), m_power.size());
    // log a(t) once, for the positional entropy and every window entropy.
    m_logProfile.resize(static_cast<std::size_t>(T));
    double hp = 0;
    for (int t = 0; t < T; ++t) {
        const double v = a[t];
        const double lv = v > 0 ? std::log(v) : 0.0;
        m_logProfile[static_cast<std::size_t>(t)] = lv;
        if (v > kEntropyFloor) {
            hp -= v * lv;
        }
    }
    m.positionalEntropy = hp;

    auto coeffs = wavedec(a, T, m_level);
    m.scaleEntropy = waveletEntropyPerScale(coeffs, m_settings.waveletEntropy);
    m.reconErrorF64 = reconstructionError(a, T, waverec(coeffs));
    m.reconErrorF32 = reconstructionErrorF32(a, T, m_level);

    m.windowEntropy.clear();
    for (int w : m_settings.entropyWindows) {
        m.windowEntropy.push_back(windowEntropy(a, m_logProfile.data(), T, w));
    }

    if (detail != nullptr) {
        detail->profile.assign(a, a + T);
        detail->power = m_power;
        detail->frequency.resize(static_cast<std::size_t>(bins));
        for (int k = 0; k < bins; ++k) {
            detail->frequency[static_cast<std::size_t>(k)] = binFrequency(k, nfft);
        }
        detail->coefficients = std::move(coeffs);
    }
}

}  // namespace headwave
