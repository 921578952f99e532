// SPDX-License-Identifier: GPL-3.0-or-later
// The metric catalogue and the engine's consumers of it: every family of kMetricCatalogue, with all
// its columns, is found in MetricLayout (columns, flatten, unflatten), metrics.csv's header and
// rows, heads.csv's header, summary.json and the results file's meta.columns. A consumer that drops
// or renames a metric fails here. report and analyze-attention's summary are checked in
// tests/cli/test_cli.cpp, the views in tests/widgets/test_metric_catalogue_views.cpp.
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "check.h"
#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/metric_catalogue.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/spectral_metrics.h"
#include "headwave/formats/npz_archive.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/metrics_writer.h"
#include "headwave/run/results_file.h"
#include "random_attention.h"
#include "synthetic_run.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

using test::kSyntheticHeads;
using test::kSyntheticLayers;

constexpr int kLevel = 3;  // 4 scales: cA3 cD3 cD2 cD1

// Settings whose series have distinctive lengths: 4 scales, 2 windows, 3 alphas.
MethodSettings settings() {
    MethodSettings s;
    s.entropyWindows = {8, 24};
    s.alphas = {0.5, 0.125, 1.0};
    return s;
}

// What a family's columns are keyed by under settings(), written out by hand (the oracle for the
// layout's keys): the values that replace the key's placeholder.
std::vector<std::string> seriesValues(MetricSeries series) {
    switch (series) {
        case MetricSeries::Single:
            return {""};
        case MetricSeries::PerScale:
            return {"0", "1", "2", "3"};
        case MetricSeries::PerWindow:
            return {"8", "24"};
        case MetricSeries::PerAlpha:
            return {"0.5", "0.125", "1"};
    }
    return {};
}

struct Expected {
    const MetricFamily* family;
    std::size_t position;
    std::string key;
};

// Every column the catalogue implies under settings() and kLevel, in catalogue order.
std::vector<Expected> expectedColumns() {
    std::vector<Expected> out;
    for (const MetricFamily& f : kMetricCatalogue) {
        const std::vector<std::string> values = seriesValues(f.series);
        for (std::size_t p = 0; p < values.size(); ++p) {
            std::string key(f.key);
            const std::size_t open = key.find('{');
            if (open != std::string::npos) {
                key.replace(open, key.find('}', open) - open + 1, values[p]);
            }
            out.push_back({&f, p, key});
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(line);
    while (std::getline(in, item, ',')) {
        out.push_back(item);
    }
    return out;
}

std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::shared_ptr<const CorpusSummary> summaryOf(const MetricLayout& layout) {
    CorpusAggregator agg(layout, kSyntheticLayers, kSyntheticHeads);
    for (const SequenceMetrics& s : test::syntheticSequences(layout)) {
        HW_CHECK(agg.add(s).ok());
    }
    return agg.summary();
}

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-catalogue-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

}  // namespace

HW_TEST(catalogue_is_well_formed) {
    std::set<std::string_view> keys;
    std::vector<double HeadMetrics::*> scalars;  // (member pointers compare only for equality)
    std::vector<std::vector<double> HeadMetrics::*> series;
    for (const MetricFamily& f : kMetricCatalogue) {
        HW_CHECK_MSG(keys.insert(f.key).second, "duplicate key " << f.key);
        // snake_case, with one placeholder exactly when the family is a series.
        const std::size_t open = f.key.find('{');
        const std::string_view stem = f.key.substr(0, open);
        HW_CHECK_MSG(
            !stem.empty() &&
                std::all_of(stem.begin(), stem.end(),
                            [](char c) { return std::islower(c) || std::isdigit(c) || c == '_'; }),
            f.key);
        HW_CHECK_MSG((open == std::string_view::npos) == (f.series == MetricSeries::Single), f.key);
        HW_CHECK_MSG(!f.unit.empty() && !f.description.empty() && !f.label.empty(), f.key);
        // Each family reads its own field of HeadMetrics, of the kind its series needs.
        if (f.series == MetricSeries::Single) {
            HW_CHECK_MSG(f.scalar != nullptr && f.values == nullptr, f.key);
            HW_CHECK_MSG(std::find(scalars.begin(), scalars.end(), f.scalar) == scalars.end(),
                         "a second family reads " << f.key);
            scalars.push_back(f.scalar);
        } else {
            HW_CHECK_MSG(f.values != nullptr && f.scalar == nullptr, f.key);
            HW_CHECK_MSG(std::find(series.begin(), series.end(), f.values) == series.end(),
                         "a second family reads " << f.key);
            series.push_back(f.values);
        }
        HW_CHECK(findMetricFamily(f.key) == &f);
    }
    HW_CHECK(findMetricFamily("no_such_metric") == nullptr);
    // The compile-time lookup returns the catalogue's own entry.
    HW_CHECK(&metricFamily("spectral_entropy") == findMetricFamily("spectral_entropy"));
    // The test's settings give every family at least one column (else a check below is vacuous).
    for (const MetricFamily& f : kMetricCatalogue) {
        HW_CHECK_MSG(seriesLength(f.series, settings(), kLevel) > 0, f.key);
    }
}

HW_TEST(layout_has_every_column_of_every_family) {
    const MetricLayout layout(settings(), kLevel);
    const std::vector<Expected> expected = expectedColumns();
    HW_CHECK_EQ(layout.size(), expected.size());
    for (std::size_t i = 0; i < expected.size() && i < layout.size(); ++i) {
        const Expected& e = expected[i];
        const MetricColumn& c = layout.column(i);
        HW_CHECK_EQ(c.key, e.key);
        HW_CHECK_MSG(c.family == e.family && c.position == e.position, e.key);
        HW_CHECK_EQ(c.unit, std::string(e.family->unit));
        HW_CHECK_MSG(!c.description.empty() && c.description.find('{') == std::string::npos,
                     e.key << ": " << c.description);
        HW_CHECK_EQ(layout.index(e.key), static_cast<int>(i));
        HW_CHECK_EQ(layout.index(*e.family, e.position), static_cast<int>(i));
        HW_CHECK_MSG(layout.label(i).find('{') == std::string::npos, layout.label(i));
    }
    // The descriptions follow the settings (the files' texts, unchanged by the catalogue).
    HW_CHECK_EQ(layout.column(static_cast<std::size_t>(layout.index("local_share"))).description,
                std::string("mean over queries of the attention within |i - j| <= 8 tokens"));
    HW_CHECK_EQ(
        layout.column(static_cast<std::size_t>(layout.index("wavelet_entropy_s1"))).description,
        std::string("entropy of normalised squared coefficients of cD3"));
    HW_CHECK_EQ(layout.label(static_cast<std::size_t>(layout.index("scale_sensitivity_a0.125"))),
                std::string("Scale sensitivity \u03B1 = 0.125"));
}

HW_TEST(flatten_and_unflatten_follow_the_catalogue) {
    const MetricLayout layout(settings(), kLevel);
    const HeadMetrics m = test::distinctMetrics(layout);
    std::vector<double> row(layout.size());
    layout.flatten(m, row.data());
    for (std::size_t i = 0; i < row.size(); ++i) {
        HW_CHECK_MSG(row[i] == 1000.0 + static_cast<double>(i), layout.column(i).key);
    }
    const HeadMetrics back = layout.unflatten(row.data());
    for (const MetricFamily& f : kMetricCatalogue) {
        const std::size_t n = seriesLength(f.series, settings(), kLevel);
        for (std::size_t p = 0; p < n; ++p) {
            HW_CHECK_MSG(f.value(back, p) == f.value(m, p), f.key << " " << p);
        }
        HW_CHECK_MSG(std::isnan(f.value(back, n)), f.key << ": a value beyond the series");
    }
}

// ProfileMode::Rows averages exactly the metrics the catalogue says come from the profile: each of
// their columns is the mean over the rows of the row profiles' values (a naive loop); the matrix's
// metrics are the mean profile's, the rescaled ones not computed.
HW_TEST(rows_mode_averages_every_profile_metric) {
    const int T = 48;
    const auto A = headwave::test::randomAttention<double>(T, 11);
    MethodSettings rows = settings();
    rows.profile = ProfileMode::Rows;
    const int level = dwtMaxLevel(T);
    const MetricLayout layout(rows, level);
    auto r = HeadAnalyzer(rows, level).analyze(A.data(), T);
    auto mean = HeadAnalyzer(settings(), level).analyze(A.data(), T);
    HW_CHECK(r.ok() && mean.ok());
    if (!r.ok() || !mean.ok()) {
        return;
    }
    HeadAnalyzer reference(settings(), level);
    std::vector<double> sum(layout.size(), 0.0);
    std::vector<double> one(layout.size());
    for (int i = 0; i < T; ++i) {
        std::vector<double> row(A.begin() + i * T, A.begin() + (i + 1) * T);
        normaliseToUnitSum(row.data(), row.size());
        auto m = reference.analyzeProfile(row.data(), T);
        HW_CHECK(m.ok());
        layout.flatten(*m, one.data());
        for (std::size_t c = 0; c < layout.size(); ++c) {
            sum[c] += one[c];
        }
    }
    std::vector<double> got(layout.size());
    std::vector<double> matrix(layout.size());
    layout.flatten(*r, got.data());
    layout.flatten(*mean, matrix.data());
    for (std::size_t c = 0; c < layout.size(); ++c) {
        const MetricColumn& col = layout.column(c);
        switch (col.family->source) {
            case MetricSource::Profile:
                // The same sums in the same order, divided by T: equal to rounding (1e-12).
                HW_CHECK_MSG(headwave::test::near(got[c], sum[c] / T, 1e-12, 0),
                             col.key << ": " << got[c] << " vs " << sum[c] / T);
                break;
            case MetricSource::Matrix:
                HW_CHECK_MSG(got[c] == matrix[c], col.key);
                break;
            case MetricSource::Rescaled:
                HW_CHECK_MSG(std::isnan(got[c]), col.key);
                break;
        }
    }
}

HW_TEST(csv_writers_name_every_column) {
    const MetricLayout layout(settings(), kLevel);
    const std::vector<Expected> expected = expectedColumns();

    // metrics.csv: five identifying columns, then every key in order, with its value below.
    const std::vector<std::string> header = split(firstLine(sequenceCsvHeader(layout)));
    HW_CHECK_EQ(header.size(), 5 + expected.size());
    std::string rows;
    appendSequenceCsvRows(rows, layout, 0, test::syntheticSequences(layout).front());
    const std::vector<std::string> first = split(firstLine(rows));
    HW_CHECK_EQ(first.size(), header.size());
    for (std::size_t i = 0; i < expected.size() && 5 + i < header.size(); ++i) {
        HW_CHECK_EQ(header[5 + i], expected[i].key);
        if (5 + i < first.size()) {
            HW_CHECK_EQ(first[5 + i], formatNumber(1000.0 + static_cast<double>(i)));
        }
    }

    // heads.csv: the aggregate of every column, as its aggregation declares.
    const std::vector<std::string> heads = split(firstLine(headsCsv(*summaryOf(layout))));
    for (const Expected& e : expected) {
        switch (e.family->aggregation) {
            case MetricAggregation::MeanStd:
                HW_CHECK_MSG(contains(heads, e.key + "_mean") && contains(heads, e.key + "_std"),
                             e.key);
                break;
        }
    }
    HW_CHECK(contains(heads, std::string(kRhoKey)));
}

HW_TEST(summary_json_describes_every_column) {
    const MetricLayout layout(settings(), kLevel);
    const auto j = nlohmann::ordered_json::parse(summaryJson(*summaryOf(layout), {}));
    const auto& metrics = j.at("metrics");
    HW_CHECK_EQ(metrics.size(), layout.size());
    std::size_t i = 0;
    for (const auto& [key, value] : metrics.items()) {
        if (i < layout.size()) {
            const MetricColumn& c = layout.column(i);
            HW_CHECK_EQ(key, c.key);  // in column order
            HW_CHECK_EQ(value.at("unit").get<std::string>(), c.unit);
            HW_CHECK_EQ(value.at("description").get<std::string>(), c.description);
        }
        ++i;
    }
    for (const Expected& e : expectedColumns()) {
        HW_CHECK_MSG(metrics.contains(e.key), e.key);
    }
}

HW_TEST(results_file_lists_every_column) {
    const std::shared_ptr<RunResult> r = test::syntheticRun(settings(), kLevel);
    const fs::path path = scratch() / "catalogue.hwrun";
    const Status written = writeRunFile(path.string(), *r);
    HW_CHECK_MSG(written.ok(), (written.ok() ? "" : written.error().describe()));

    // meta.columns: every column with its key, unit and description, in order.
    auto npz = NpzReader::open(path.string());
    HW_CHECK(npz.ok());
    if (!npz.ok()) {
        return;
    }
    auto meta = npz->readString("meta");
    HW_CHECK(meta.ok());
    if (!meta.ok()) {
        return;
    }
    const auto columns = nlohmann::json::parse(*meta).at("columns");
    const std::vector<Expected> expected = expectedColumns();
    HW_CHECK_EQ(columns.size(), expected.size());
    for (std::size_t i = 0; i < expected.size() && i < columns.size(); ++i) {
        HW_CHECK_EQ(columns[i].at("key").get<std::string>(), expected[i].key);
        HW_CHECK_EQ(columns[i].at("unit").get<std::string>(),
                    std::string(expected[i].family->unit));
        HW_CHECK_EQ(columns[i].at("description").get<std::string>(),
                    r->layout.column(i).description);
    }
    // And it reads back with the same columns and values.
    auto back = readRunFile(path.string());
    HW_CHECK_MSG(back.ok(), (back.ok() ? "" : back.error().describe()));
    if (back.ok()) {
        HW_CHECK_EQ((*back)->layout.size(), expected.size());
        for (std::size_t i = 0; i < expected.size() && i < (*back)->layout.size(); ++i) {
            HW_CHECK_EQ((*back)->layout.column(i).key, expected[i].key);
        }
        HW_CHECK((*back)->metrics == r->metrics);
    }
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
