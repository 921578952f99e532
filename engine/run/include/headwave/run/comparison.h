// SPDX-License-Identifier: GPL-3.0-or-later
// Two or more analyses side by side (models, checkpoints, positional twins, results files,
// attention files): heads matched across sources, every head-grid metric of each source on the
// reference grid with the differences to the first source, band shares per layer, the scatter's
// points, the settings that differ and the `compare` table. Built once on the engine's thread and
// shared as an immutable snapshot; the app's comparison workspace only draws it.
//
//   auto c = compareAnalyses({{"rope", a}, {"nope", b}});      // Result<ComparisonPtr>
//   (*c)->grid(metricIndex, 1)[l * heads + h];                  // source 1's value of (l, h)
//   (*c)->difference(metricIndex, 1)[l * heads + h];            // B - A
//   (*c)->settingsDiffer();                                     // flagged, never mixed silently
//
// Matching (docs/user-guide.md, "Comparing sources"). The reference grid is the first source's,
// [L_A layers, H_A heads]. A source with the same shape is matched head for head: (l, h) -> (l, h).
// A source of another shape [L_B, H_B] is matched by relative depth:
//   layer l -> round(l * (L_B - 1) / (L_A - 1))   (layer 0 when L_A = 1)
//   head  h -> h when H_B = H_A, else round(h * (H_B - 1) / (H_A - 1))   (head 0 when H_A = 1)
// so the first and last layers (heads) always meet, and the matched cell of every source is stored.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/run/report_tables.h"
#include "headwave/run/snapshots.h"

namespace headwave {

struct ComparisonSource {
    std::string label;  // shown in legends and tables ("rope", "step 2000")
    AnalysisPtr analysis;
};

enum class HeadMatching {
    ByIndex,          // every source has the reference's shape: (layer, head)
    ByRelativeDepth,  // some source differs: see the header's rule
};

// One MethodSettings field whose value differs between sources (JSON key of toJson(), and the
// value of each source as JSON text).
struct SettingDifference {
    std::string key;                  // "band_low_edge"
    std::vector<std::string> values;  // [sources]
};

// A head-grid metric of the comparison: the catalogue family's key and, for a series, column 0.
struct ComparisonMetric {
    std::string key;    // MetricFamily::key ("spectral_entropy", "window_entropy_w{w}")
    std::string label;  // the family's label (English; front ends translate it)
    std::string unit;   // the family's display unit (English)
    // [sources][layers_A * heads_A] the value of the matched head of each source (NaN when the
    // source has no such value)
    std::vector<std::vector<double>> values;
    // [sources][layers_A * heads_A] values[s] - values[0]; differences[0] is all zeros
    std::vector<std::vector<double>> differences;
    double low = 0, high = 0;     // the finite range of every source's values (one colour scale)
    double maxAbsDifference = 0;  // max |values[s] - values[0]| over s >= 1 (the diverging scale)
};

struct Comparison {
    std::vector<ComparisonSource> sources;  // [S >= 2], in the order given; sources[0] is A
    int layers = 0;                         // the reference grid: sources[0]'s shape
    int heads = 0;
    HeadMatching matching = HeadMatching::ByIndex;
    // [sources][layers * heads] the head of each source matched to reference cell l * heads + h
    std::vector<std::vector<HeadRef>> matched;
    std::vector<ComparisonMetric> metrics;  // every head-grid family of the catalogue, in order

    // Per source, per band (0 low, 1 mid, 2 high) and per layer of that source: mean and
    // population std over the layer's heads of the band's share (a fraction); [S][3][L_s].
    std::vector<std::vector<std::vector<double>>> bandMean;
    std::vector<std::vector<std::vector<double>>> bandStd;
    // [S][L_s] each layer's relative depth l / (L_s - 1) in [0, 1] (0 for a single layer): the
    // x of the overlaid band shares when shapes differ.
    std::vector<std::vector<double>> relativeDepth;

    // The fields whose values differ (empty: every source used the same settings).
    std::vector<SettingDifference> settingDifferences;
    // Sources whose shape differs from the reference's, in words, for the workspace's banner.
    std::vector<std::string> notes;
    std::vector<Table> tables;        // compareTables() over the sources
    std::vector<Table> exportTables;  // comparisonTables(*this): the figure set's CSV files

    bool settingsDiffer() const { return !settingDifferences.empty(); }
    int metricIndex(const std::string& key) const;  // -1 when absent
    const std::vector<double>& grid(int metric, int source) const {
        return metrics[static_cast<std::size_t>(metric)].values[static_cast<std::size_t>(source)];
    }
    const std::vector<double>& difference(int metric, int source) const {
        return metrics[static_cast<std::size_t>(metric)]
            .differences[static_cast<std::size_t>(source)];
    }
    // The head of `source` matched to the reference cell (layer, head) of sources[0].
    HeadRef matchedHead(int source, int layer, int head) const {
        return matched[static_cast<std::size_t>(source)]
                      [static_cast<std::size_t>(layer * heads + head)];
    }
};

using ComparisonPtr = std::shared_ptr<const Comparison>;

// Compares the sources. Errors (InvalidArgument, naming the source): fewer than two sources, a
// source without an analysis or without per-head metrics, a source with no heads.
Result<ComparisonPtr> compareAnalyses(std::vector<ComparisonSource> sources);

// The comparison's numbers as tables, for the workspace's figure set (CSV beside the figures),
// every value with 17 significant digits: per metric "heads_<key>" (a series: its key without the
// placeholder, "heads_scale_sensitivity"; values of its first column) (per reference head: each
// source's matched head and value, and each source's difference to the first), "band_shares" (per
// source and layer: relative depth, mean and std of each band's share), "settings" (the fields
// that differ), then the compare tables. compareAnalyses stores them in exportTables.
std::vector<Table> comparisonTables(const Comparison& comparison);

// A single analysis as a run of one sequence (its metrics, settings and model), so that the
// `compare` table has a row for a typed text or an attention file too. A run is returned as is.
std::shared_ptr<const RunResult> runOfAnalysis(const AnalysisSnapshot& analysis);

}  // namespace headwave
