// SPDX-License-Identifier: GPL-3.0-or-later
// The catalogue of per-head metrics: every number of HeadMetrics declared once, with its column
// key, unit, description, display label, how it aggregates over sequences, the field it reads and
// the front ends that show it. MetricLayout expands it into columns for given settings; the CSV and
// results-file writers, `report`, the head grid, the metrics table and the timeline follow from it
// (tests/engine/test_metric_catalogue.cpp, tests/cli/test_cli.cpp and
// tests/widgets/test_metric_catalogue_views.cpp find every key in each of them).
//
// Adding a metric: compute it into a HeadMetrics field (HeadAnalyzer; its entry's source says
// whether ProfileMode::Rows averages it over rows), add one entry to kMetricCatalogue and
// translate its texts (`cmake --build build --target headwave_translations_lupdate`, then
// translations/headwave_it.ts).
//
//   for (const MetricFamily& f : kMetricCatalogue) { f.key; f.unit; f.value(headMetrics); }
//   constexpr const MetricFamily& hs = metricFamily("spectral_entropy");  // checked when compiled
//   double v = row[layout.index(hs)];
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"

// Marks a catalogue text for the app's translations. lupdate reads it as QT_TRANSLATE_NOOP
// (app/CMakeLists.txt passes -tr-function-alias); the engine keeps and writes the English text, and
// the views translate it with QCoreApplication::translate(context, text) (widgets/metric_text.h).
#define HEADWAVE_TRANSLATE_NOOP(context, text) text

namespace headwave {

// The translation context of every catalogue text.
inline constexpr const char* kMetricTextContext = "metric";

// What numbers the columns of a metric family, and the placeholder its key carries.
enum class MetricSeries {
    Single,     // one column; the key has no placeholder
    PerScale,   // one per db2 scale s = 0..J (0 = cA_J ... J = cD_1); {s}
    PerWindow,  // one per MethodSettings::entropyWindows; {w} = the window in tokens
    PerAlpha,   // one per MethodSettings::alphas; {alpha} = the alpha's shortest spelling
};

// How a metric's per-sequence values become one value per head (docs/method.md, "Across sequences
// and heads").
enum class MetricAggregation {
    // Mean and population std over the sequences of the finite values, and their count:
    // CorpusSummary::headMean/headStd/headCount, heads.csv's <key>_mean and <key>_std.
    MeanStd,
};

// What a metric is computed from, for HeadAnalyzer: in ProfileMode::Rows every profile metric is
// the mean of its values over the matrix's rows (docs/method.md §1), the others are not.
enum class MetricSource {
    Profile,   // the normalised profile a(t) (docs/method.md §2-9, §11)
    Matrix,    // the whole attention matrix (§10)
    Rescaled,  // the rescaled runs of the model (scale sensitivity); NaN until they are computed
};

// Front ends that show a metric beyond those that show every metric (the CSV files, the results
// file, summary.json, report's table of every metric, the metrics table and the timeline).
struct MetricUses {
    bool headGrid = false;    // the head grid's colour-by list (a series: its first column)
    bool runSummary = false;  // analyze-attention's model summary on stdout
};

// One metric, or a series of them (one column per scale, window or alpha).
struct MetricFamily {
    // snake_case column key; a series's carries its placeholder ("window_entropy_w{w}").
    std::string_view key;
    MetricSeries series = MetricSeries::Single;
    std::string_view unit;  // as files write it: "fraction", "nats", "ratio", ...
    // One line for files (summary.json, the results file) and tooltips. Placeholders: the series's,
    // {array} (cA_J, cD_J ... cD_1 of scale s), {profile} (MethodSettings::profile), {local_window}
    // (tokens) and {wavelet_entropy} (what the per-scale entropy is, by waveletEntropy).
    std::string_view description;
    std::string_view label;             // short name for views, without unit or series index
    std::string_view displayUnit = {};  // the unit as views show it; empty: unit
    MetricAggregation aggregation = MetricAggregation::MeanStd;
    MetricSource source = MetricSource::Profile;
    double HeadMetrics::*scalar = nullptr;               // the field of a Single metric
    std::vector<double> HeadMetrics::*values = nullptr;  // a series's field: one value per column
    MetricUses uses = {};

    // Column `position` of the family (0 for a Single metric) in m; NaN when m has no such value
    // (a series shorter than the layout's).
    double value(const HeadMetrics& m, std::size_t position = 0) const;
};

// The catalogue, in column order (MetricLayout, CSV files, the results file). Every text but the
// key is marked for translation.
inline constexpr std::array kMetricCatalogue = {
    MetricFamily{
        .key = "band_low",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "fraction"),
        .description =
            HEADWAVE_TRANSLATE_NOOP("metric", "share of spectral power below the low band edge"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Low-band share"),
        .scalar = &HeadMetrics::bandLow,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "band_mid",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "fraction"),
        .description =
            HEADWAVE_TRANSLATE_NOOP("metric", "share of spectral power between the band edges"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Mid-band share"),
        .scalar = &HeadMetrics::bandMid,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "band_high",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "fraction"),
        .description = HEADWAVE_TRANSLATE_NOOP(
            "metric", "share of spectral power at or above the high band edge"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "High-band share"),
        .scalar = &HeadMetrics::bandHigh,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "selectivity",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "ratio"),
        .description = HEADWAVE_TRANSLATE_NOOP("metric", "max P / (sum P - max P), DC included"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Selectivity"),
        .scalar = &HeadMetrics::selectivity,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "spectral_entropy",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "nats"),
        .description =
            HEADWAVE_TRANSLATE_NOOP("metric", "entropy of the normalised power spectrum"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Spectral entropy"),
        .scalar = &HeadMetrics::spectralEntropy,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "positional_entropy",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "nats"),
        .description =
            HEADWAVE_TRANSLATE_NOOP("metric", "entropy of the normalised {profile} profile"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Positional entropy"),
        .scalar = &HeadMetrics::positionalEntropy,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "local_share",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "fraction"),
        .description = HEADWAVE_TRANSLATE_NOOP(
            "metric", "mean over queries of the attention within |i - j| <= {local_window} tokens"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Local share"),
        .source = MetricSource::Matrix,
        .scalar = &HeadMetrics::localShare,
        .uses = {.headGrid = true, .runSummary = true},
    },
    MetricFamily{
        .key = "local_global_ratio",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "ratio"),
        .description = HEADWAVE_TRANSLATE_NOOP("metric", "local_share / (1 - local_share)"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Local/global ratio"),
        .source = MetricSource::Matrix,
        .scalar = &HeadMetrics::localGlobalRatio,
        .uses = {.headGrid = true},
    },
    MetricFamily{
        .key = "recon_error_f32",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "relative L2"),
        .description = HEADWAVE_TRANSLATE_NOOP("metric", "db2 round-trip error in float32"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Recon. error f32"),
        .displayUnit = HEADWAVE_TRANSLATE_NOOP("metric", "rel. L2"),
        .scalar = &HeadMetrics::reconErrorF32,
        .uses = {.runSummary = true},
    },
    MetricFamily{
        .key = "recon_error_f64",
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "relative L2"),
        .description = HEADWAVE_TRANSLATE_NOOP("metric", "db2 round-trip error in float64"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Recon. error f64"),
        .displayUnit = HEADWAVE_TRANSLATE_NOOP("metric", "rel. L2"),
        .scalar = &HeadMetrics::reconErrorF64,
    },
    MetricFamily{
        .key = "wavelet_entropy_s{s}",
        .series = MetricSeries::PerScale,
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "nats"),
        .description = HEADWAVE_TRANSLATE_NOOP("metric", "{wavelet_entropy} of {array}"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Wavelet entropy"),
        .values = &HeadMetrics::scaleEntropy,
    },
    MetricFamily{
        .key = "window_entropy_w{w}",
        .series = MetricSeries::PerWindow,
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "fraction of ln w"),
        .description = HEADWAVE_TRANSLATE_NOOP(
            "metric", "mean normalised entropy of {w}-token windows (NaN when T < w)"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Window entropy"),
        .values = &HeadMetrics::windowEntropy,
    },
    MetricFamily{
        .key = "scale_sensitivity_a{alpha}",
        .series = MetricSeries::PerAlpha,
        .unit = HEADWAVE_TRANSLATE_NOOP("metric", "1 - cosine"),
        .description = HEADWAVE_TRANSLATE_NOOP(
            "metric",
            "coefficient change when the sequence is rescaled by alpha = {alpha} (NaN when not "
            "computed)"),
        .label = HEADWAVE_TRANSLATE_NOOP("metric", "Scale sensitivity"),
        .displayUnit = HEADWAVE_TRANSLATE_NOOP("metric", "1 \u2212 cos"),
        .source = MetricSource::Rescaled,
        .values = &HeadMetrics::scaleSensitivity,
        .uses = {.headGrid = true},
    },
};

// The family with this key (a series's with its placeholder), checked when compiled: a key that is
// not in the catalogue does not compile.
consteval const MetricFamily& metricFamily(std::string_view key) {
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.key == key) {
            return f;
        }
    }
    throw "no metric family with this key in kMetricCatalogue";
}

// The family with this key at run time, or nullptr.
const MetricFamily* findMetricFamily(std::string_view key);

// How views name a series's columns from the family's label ({label}), and its first column when
// the settings, and so the series's values, are unknown. Single: "{label}" for both.
struct MetricSeriesText {
    std::string_view column;  // "{label} w = {w}"
    std::string_view first;   // "{label}, first window"
};
MetricSeriesText metricSeriesText(MetricSeries series);

// {wavelet_entropy} of a description: what the per-scale entropy is.
std::string_view waveletEntropyText(WaveletEntropyMode mode);

// Maps an English catalogue text to a front end's language (the views pass one; the engine's own
// texts stay English).
using MetricTranslate = std::function<std::string(std::string_view english)>;

// A catalogue text with each {name} that `values` names replaced by its value; other braces stay.
struct MetricTextValue {
    std::string_view name;  // without braces: "alpha"
    std::string value;
};
std::string fillMetricText(std::string_view text, const std::vector<MetricTextValue>& values);

}  // namespace headwave
