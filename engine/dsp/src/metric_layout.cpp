// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/metric_layout.h"

#include <charconv>
#include <system_error>

namespace headwave {

namespace {

std::string translated(std::string_view english, const MetricTranslate& translate) {
    return translate ? translate(english) : std::string(english);
}

// The db2 coefficient array of scale s at level J: cA_J for s = 0, else cD_(J + 1 - s).
std::string arrayName(std::size_t scale, int level) {
    const int s = static_cast<int>(scale);
    return s == 0 ? "cA" + std::to_string(level) : "cD" + std::to_string(level + 1 - s);
}

}  // namespace

std::string formatShortest(double v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::size_t seriesLength(MetricSeries series, const MethodSettings& settings, int level) {
    switch (series) {
        case MetricSeries::Single:
            return 1;
        case MetricSeries::PerScale:
            return level >= 0 ? static_cast<std::size_t>(level) + 1 : 0;
        case MetricSeries::PerWindow:
            return settings.entropyWindows.size();
        case MetricSeries::PerAlpha:
            return settings.alphas.size();
    }
    return 0;
}

MetricLayout::MetricLayout(const MethodSettings& settings, int level)
    : m_settings(settings), m_level(level) {
    for (const MetricFamily& f : kMetricCatalogue) {
        const std::size_t n = seriesLength(f.series, settings, level);
        for (std::size_t p = 0; p < n; ++p) {
            MetricColumn c;
            c.family = &f;
            c.position = p;
            const std::vector<MetricTextValue> values = textValues(c, {});
            c.key = fillMetricText(f.key, values);
            c.unit = f.unit;
            c.description = fillMetricText(f.description, values);
            m_columns.push_back(std::move(c));
        }
    }
}

std::vector<MetricTextValue> MetricLayout::textValues(const MetricColumn& c,
                                                      const MetricTranslate& translate) const {
    std::vector<MetricTextValue> v = {
        {"profile", toString(m_settings.profile)},
        {"local_window", std::to_string(m_settings.localWindow)},
        {"wavelet_entropy", translated(waveletEntropyText(m_settings.waveletEntropy), translate)},
    };
    switch (c.family->series) {
        case MetricSeries::Single:
            break;
        case MetricSeries::PerScale:
            v.push_back({"s", std::to_string(c.position)});
            v.push_back({"array", arrayName(c.position, m_level)});
            break;
        case MetricSeries::PerWindow:
            v.push_back({"w", std::to_string(m_settings.entropyWindows[c.position])});
            break;
        case MetricSeries::PerAlpha:
            v.push_back({"alpha", formatShortest(m_settings.alphas[c.position])});
            break;
    }
    return v;
}

std::string MetricLayout::label(std::size_t i, const MetricTranslate& translate) const {
    const MetricColumn& c = m_columns[i];
    std::vector<MetricTextValue> values = textValues(c, translate);
    values.push_back({"label", translated(c.family->label, translate)});
    return fillMetricText(translated(metricSeriesText(c.family->series).column, translate), values);
}

std::string MetricLayout::displayUnit(std::size_t i, const MetricTranslate& translate) const {
    const MetricFamily& f = *m_columns[i].family;
    return translated(f.displayUnit.empty() ? f.unit : f.displayUnit, translate);
}

std::string MetricLayout::description(std::size_t i, const MetricTranslate& translate) const {
    const MetricColumn& c = m_columns[i];
    if (!translate) {
        return c.description;
    }
    return fillMetricText(translate(c.family->description), textValues(c, translate));
}

std::string metricFamilyLabel(const MetricFamily& family, const MetricTranslate& translate) {
    return fillMetricText(translated(metricSeriesText(family.series).first, translate),
                          {{"label", translated(family.label, translate)}});
}

HeadMetrics MetricLayout::unflatten(const double* row) const {
    HeadMetrics m;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const MetricColumn& c = m_columns[i];
        if (c.family->scalar != nullptr) {
            m.*(c.family->scalar) = row[i];
            continue;
        }
        std::vector<double>& v = m.*(c.family->values);
        if (v.size() <= c.position) {
            v.resize(c.position + 1);
        }
        v[c.position] = row[i];
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

int MetricLayout::index(const MetricFamily& family, std::size_t position) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].family == &family && m_columns[i].position == position) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void MetricLayout::flatten(const HeadMetrics& m, double* out) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        out[i] = m_columns[i].family->value(m, m_columns[i].position);
    }
}

}  // namespace headwave
