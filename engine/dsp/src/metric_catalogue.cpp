// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/metric_catalogue.h"

#include <limits>

namespace headwave {

namespace {

// The catalogue's own rules, checked when compiled: unique keys; a Single metric reads a scalar
// field and its key has no placeholder; a series reads a vector field and its key carries the
// series's placeholder; every text a view shows is there.
consteval bool wellFormed() {
    for (std::size_t i = 0; i < kMetricCatalogue.size(); ++i) {
        const MetricFamily& f = kMetricCatalogue[i];
        for (std::size_t j = 0; j < i; ++j) {
            if (kMetricCatalogue[j].key == f.key) {
                return false;
            }
        }
        if (f.key.empty() || f.unit.empty() || f.description.empty() || f.label.empty()) {
            return false;
        }
        const bool single = f.series == MetricSeries::Single;
        if (single != (f.scalar != nullptr) || single == (f.values != nullptr)) {
            return false;
        }
        const std::string_view placeholder = f.series == MetricSeries::PerScale    ? "{s}"
                                             : f.series == MetricSeries::PerWindow ? "{w}"
                                             : f.series == MetricSeries::PerAlpha  ? "{alpha}"
                                                                                   : "{";
        const bool has = f.key.find(placeholder) != std::string_view::npos;
        if (single == has) {
            return false;
        }
    }
    return true;
}
static_assert(wellFormed(), "kMetricCatalogue breaks a rule of metric_catalogue.cpp's wellFormed");

}  // namespace

double MetricFamily::value(const HeadMetrics& m, std::size_t position) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (scalar != nullptr) {
        return position == 0 ? m.*scalar : nan;
    }
    const std::vector<double>& v = m.*values;
    return position < v.size() ? v[position] : nan;
}

const MetricFamily* findMetricFamily(std::string_view key) {
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.key == key) {
            return &f;
        }
    }
    return nullptr;
}

MetricSeriesText metricSeriesText(MetricSeries series) {
    switch (series) {
        case MetricSeries::Single:
            break;
        case MetricSeries::PerScale:
            return {HEADWAVE_TRANSLATE_NOOP("metric", "{label} {array}"),
                    HEADWAVE_TRANSLATE_NOOP("metric", "{label}, scale 0")};
        case MetricSeries::PerWindow:
            return {HEADWAVE_TRANSLATE_NOOP("metric", "{label} w = {w}"),
                    HEADWAVE_TRANSLATE_NOOP("metric", "{label}, first window")};
        case MetricSeries::PerAlpha:
            return {HEADWAVE_TRANSLATE_NOOP("metric", "{label} \u03B1 = {alpha}"),
                    HEADWAVE_TRANSLATE_NOOP("metric", "{label}, first \u03B1")};
    }
    return {"{label}", "{label}"};
}

std::string_view waveletEntropyText(WaveletEntropyMode mode) {
    switch (mode) {
        case WaveletEntropyMode::Normalised:
            break;
        case WaveletEntropyMode::Raw:
            return HEADWAVE_TRANSLATE_NOOP("metric", "raw -sum c^2 log c^2");
    }
    return HEADWAVE_TRANSLATE_NOOP("metric", "entropy of normalised squared coefficients");
}

std::string fillMetricText(std::string_view text, const std::vector<MetricTextValue>& values) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find('{', i);
        const std::size_t close =
            open == std::string_view::npos ? std::string_view::npos : text.find('}', open);
        if (close == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, open - i));
        const std::string_view name = text.substr(open + 1, close - open - 1);
        const MetricTextValue* v = nullptr;
        for (const MetricTextValue& candidate : values) {
            if (candidate.name == name) {
                v = &candidate;
                break;
            }
        }
        if (v != nullptr) {
            out += v->value;
        } else {
            out.append(text.substr(open, close - open + 1));
        }
        i = close + 1;
    }
    return out;
}

}  // namespace headwave
