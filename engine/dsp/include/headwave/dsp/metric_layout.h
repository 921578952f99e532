// SPDX-License-Identifier: GPL-3.0-or-later
// The metrics of one head as named, documented columns in a fixed order, for CSV files,
// aggregation and views: the metric catalogue (metric_catalogue.h) expanded for given settings
// (window sizes, alphas) and wavelet level J.
//
//   MetricLayout layout(settings, level);
//   std::vector<double> row(layout.size());
//   layout.flatten(metrics, row.data());   // row[layout.index("spectral_entropy")] ...
//   row[layout.index(metricFamily("window_entropy_w{w}"), 1)];   // the second window's column
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/metric_catalogue.h"

namespace headwave {

struct MetricColumn {
    std::string key;                       // snake_case column name, e.g. "window_entropy_w16"
    std::string unit;                      // "fraction", "nats", "ratio", "relative L2", ...
    std::string description;               // one line, for documentation and tooltips
    const MetricFamily* family = nullptr;  // its declaration in kMetricCatalogue
    std::size_t position = 0;  // within the family: scale s, window or alpha index (0 if Single)
};

class MetricLayout {
public:
    MetricLayout() = default;
    MetricLayout(const MethodSettings& settings, int level);

    std::size_t size() const { return m_columns.size(); }
    const std::vector<MetricColumn>& columns() const { return m_columns; }
    const MetricColumn& column(std::size_t i) const { return m_columns[i]; }

    // The column index of key, or -1.
    int index(std::string_view key) const;
    // The column of a family's position-th value (0 for a Single metric), or -1.
    int index(const MetricFamily& family, std::size_t position = 0) const;

    // Writes the size() scalars of m in column order.
    void flatten(const HeadMetrics& m, double* out) const;
    // The inverse: HeadMetrics from size() scalars in column order (repairedRows = 0).
    HeadMetrics unflatten(const double* row) const;

    // Column i's texts for views, placeholders filled; translate (optional) maps each catalogue
    // text, and {wavelet_entropy}'s, to the view's language before it is filled.
    // The label with the series index: "Window entropy w = 32", "Wavelet entropy cD2".
    std::string label(std::size_t i, const MetricTranslate& translate = {}) const;
    // The family's displayUnit, else its unit: "fraction of ln w", "1 − cos".
    std::string displayUnit(std::size_t i, const MetricTranslate& translate = {}) const;
    // column(i).description (what the files write), in the view's language.
    std::string description(std::size_t i, const MetricTranslate& translate = {}) const;

    int level() const { return m_level; }
    const MethodSettings& settings() const { return m_settings; }

private:
    std::vector<MetricTextValue> textValues(const MetricColumn& c,
                                            const MetricTranslate& translate) const;

    std::vector<MetricColumn> m_columns;
    MethodSettings m_settings;
    int m_level = 0;
};

// The number of columns a family has under these settings and level.
std::size_t seriesLength(MetricSeries series, const MethodSettings& settings, int level);

// A family's label without settings (a view fed metrics alone): a series's first column,
// "Scale sensitivity, first α".
std::string metricFamilyLabel(const MetricFamily& family, const MetricTranslate& translate = {});

// "0.5" -> "0.5", "0.25" -> "0.25": the shortest round-trip spelling, for column names.
std::string formatShortest(double v);

}  // namespace headwave
