// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headwave {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

void RunningStats::add(double x) {
    if (!std::isfinite(x)) {
        ++m_skipped;
        return;
    }
    ++m_count;
    const double delta = x - m_mean;
    m_mean += delta / static_cast<double>(m_count);
    m_m2 += delta * (x - m_mean);
}

void RunningStats::merge(const RunningStats& other) {
    m_skipped += other.m_skipped;
    if (other.m_count == 0) {
        return;
    }
    if (m_count == 0) {
        m_count = other.m_count;
        m_mean = other.m_mean;
        m_m2 = other.m_m2;
        return;
    }
    const double na = static_cast<double>(m_count);
    const double nb = static_cast<double>(other.m_count);
    const double n = na + nb;
    const double delta = other.m_mean - m_mean;
    m_mean += delta * nb / n;
    m_m2 += other.m_m2 + delta * delta * na * nb / n;
    m_count += other.m_count;
}

double RunningStats::mean() const {
    return m_count > 0 ? m_mean : kNaN;
}

double RunningStats::std() const {
    return m_count > 0 ? std::sqrt(m_m2 / static_cast<double>(m_count)) : kNaN;
}

RunningStats RunningStats::fromMoments(std::int64_t count, double mean, double m2,
                                       std::int64_t skipped) {
    RunningStats s;
    s.m_count = count;
    s.m_mean = mean;
    s.m_m2 = m2;
    s.m_skipped = skipped;
    return s;
}

const char* toString(CorrelationStatus s) {
    switch (s) {
        case CorrelationStatus::Ok:
            return "ok";
        case CorrelationStatus::TooFewPairs:
            return "fewer than 2 sequences";
        case CorrelationStatus::ZeroVariance:
            return "zero variance";
    }
    return "?";
}

void RunningCorrelation::add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        return;
    }
    ++m_count;
    const double n = static_cast<double>(m_count);
    const double dx = x - m_meanX;
    const double dy = y - m_meanY;
    m_meanX += dx / n;
    m_meanY += dy / n;
    m_m2x += dx * (x - m_meanX);
    m_m2y += dy * (y - m_meanY);
    m_cxy += dx * (y - m_meanY);
}

void RunningCorrelation::merge(const RunningCorrelation& other) {
    if (other.m_count == 0) {
        return;
    }
    if (m_count == 0) {
        *this = other;
        return;
    }
    const double na = static_cast<double>(m_count);
    const double nb = static_cast<double>(other.m_count);
    const double n = na + nb;
    const double dx = other.m_meanX - m_meanX;
    const double dy = other.m_meanY - m_meanY;
    m_meanX += dx * nb / n;
    m_meanY += dy * nb / n;
    m_m2x += other.m_m2x + dx * dx * na * nb / n;
    m_m2y += other.m_m2y + dy * dy * na * nb / n;
    m_cxy += other.m_cxy + dx * dy * na * nb / n;
    m_count += other.m_count;
}

CorrelationStatus RunningCorrelation::status() const {
    if (m_count < 2) {
        return CorrelationStatus::TooFewPairs;
    }
    if (!(m_m2x > 0) || !(m_m2y > 0)) {
        return CorrelationStatus::ZeroVariance;
    }
    return CorrelationStatus::Ok;
}

double RunningCorrelation::r() const {
    if (status() != CorrelationStatus::Ok) {
        return kNaN;
    }
    const double r = m_cxy / (std::sqrt(m_m2x) * std::sqrt(m_m2y));
    return std::clamp(r, -1.0, 1.0);
}

double pearson(const double* x, const double* y, std::size_t n) {
    if (n < 2) {
        return kNaN;
    }
    double mx = 0;
    double my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(sxx > 0) || !(syy > 0)) {
        return kNaN;
    }
    return sxy / std::sqrt(sxx * syy);
}

double percentile(std::vector<double> values, double q) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    if (values.empty()) {
        return kNaN;
    }
    std::sort(values.begin(), values.end());
    // numpy 'linear': virtual index (n - 1) q / 100, interpolate between neighbours.
    const double pos = (static_cast<double>(values.size()) - 1.0) * q / 100.0;
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    // numpy's _lerp: a + (b - a) * t, evaluated from the upper end when t >= 0.5.
    const double a = values[lo];
    const double b = values[hi];
    const double diff = b - a;
    return frac >= 0.5 ? b - diff * (1.0 - frac) : a + diff * frac;
}

Summary summarize(const std::vector<double>& values) {
    std::vector<double> finite;
    finite.reserve(values.size());
    for (double v : values) {
        if (std::isfinite(v)) {
            finite.push_back(v);
        }
    }
    Summary s;
    s.count = static_cast<std::int64_t>(finite.size());
    if (finite.empty()) {
        s.mean = s.std = s.q1 = s.q3 = s.iqr = kNaN;
        return s;
    }
    double sum = 0;
    for (double v : finite) {
        sum += v;
    }
    s.mean = sum / static_cast<double>(finite.size());
    double ss = 0;
    for (double v : finite) {
        ss += (v - s.mean) * (v - s.mean);
    }
    s.std = std::sqrt(ss / static_cast<double>(finite.size()));
    s.q1 = percentile(finite, 25.0);
    s.q3 = percentile(finite, 75.0);
    s.iqr = s.q3 - s.q1;
    return s;
}

}  // namespace headwave
