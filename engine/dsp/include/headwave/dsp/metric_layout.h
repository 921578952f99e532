// The scalar metrics of one head as named, documented columns in a fixed order, for CSV files,
// aggregation and views. The columns depend on the settings (window sizes, alphas) and the level J.
//
//   MetricLayout layout(settings, level);
//   std::vector<double> row(layout.size());
//   layout.flatten(metrics, row.data());   // row[layout.index("spectral_entropy")] ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"

namespace headwave {

struct MetricColumn {
    std::string key;          // snake_case column name, e.g. "window_entropy_w16"
    std::string unit;         // "fraction", "nats", "ratio", "relative L2", ...
    std::string description;  // one line, for documentation and tooltips
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

    // Writes the size() scalars of m in column order.
    void flatten(const HeadMetrics& m, double* out) const;
    // The inverse: HeadMetrics from size() scalars in column order (repairedRows = 0).
    HeadMetrics unflatten(const double* row) const;

    int level() const { return m_level; }

private:
    std::vector<MetricColumn> m_columns;
    std::vector<int> m_windows;
    std::vector<double> m_alphas;
    int m_level = 0;
};

// "0.5" -> "0.5", "0.25" -> "0.25": the shortest round-trip spelling, for column names.
std::string formatShortest(double v);

}  // namespace headwave
