// SPDX-License-Identifier: GPL-3.0-or-later
// Small, exact statistics used by the corpus aggregation: streaming mean/std (Welford, mergeable
// with Chan's formula so shards combine exactly), streaming Pearson correlation, and numpy-style
// percentiles.
#pragma once

#include <cstdint>
#include <vector>

namespace headwave {

// Mean and population standard deviation (ddof = 0, numpy's default) of the finite values added;
// NaN and infinities are counted in `skipped` and otherwise ignored.
class RunningStats {
public:
    void add(double x);
    void merge(const RunningStats& other);

    std::int64_t count() const { return m_count; }
    std::int64_t skipped() const { return m_skipped; }
    double mean() const;  // NaN when count = 0
    double std() const;   // NaN when count = 0
    double sumSquaredDeviations() const { return m_m2; }

    // For serialisation: restore from (count, mean, M2, skipped).
    static RunningStats fromMoments(std::int64_t count, double mean, double m2,
                                    std::int64_t skipped);

private:
    std::int64_t m_count = 0;
    std::int64_t m_skipped = 0;
    double m_mean = 0;
    double m_m2 = 0;
};

// Why a correlation is NaN.
enum class CorrelationStatus {
    Ok,
    TooFewPairs,   // fewer than 2 finite pairs
    ZeroVariance,  // x or y constant
};

const char* toString(CorrelationStatus s);

// Pearson correlation of (x, y) pairs, streaming and mergeable. Pairs with a non-finite member are
// skipped.
class RunningCorrelation {
public:
    void add(double x, double y);
    void merge(const RunningCorrelation& other);

    std::int64_t count() const { return m_count; }
    double r() const;  // NaN unless status() == Ok
    CorrelationStatus status() const;

private:
    std::int64_t m_count = 0;
    double m_meanX = 0;
    double m_meanY = 0;
    double m_m2x = 0;
    double m_m2y = 0;
    double m_cxy = 0;
};

// Two-pass Pearson correlation (the naive reference for RunningCorrelation). NaN when n < 2 or a
// variance is zero.
double pearson(const double* x, const double* y, std::size_t n);

// numpy.percentile(values, q) with the default linear interpolation between order statistics;
// NaN values are dropped first (numpy.nanpercentile). q in [0, 100]. NaN when nothing is left.
double percentile(std::vector<double> values, double q);

struct Summary {
    double mean = 0;  // NaN when count = 0
    double std = 0;   // population std (ddof = 0)
    double q1 = 0;
    double q3 = 0;
    double iqr = 0;          // q3 - q1
    std::int64_t count = 0;  // finite values used
};

// Mean, std, quartiles and IQR of the finite values.
Summary summarize(const std::vector<double>& values);

}  // namespace headwave
