// SPDX-License-Identifier: GPL-3.0-or-later
// Text forms of the results: per-head-per-sequence CSV rows, the per-head aggregate CSV and the
// model summary JSON. Numbers are written in the shortest form that reads back to the same double
// ("nan" and "inf" for non-finite values). Column names and units: the metric catalogue
// (headwave/dsp/metric_catalogue.h), defined in docs/method.md, "Columns of the results file".
#pragma once

#include <string>
#include <vector>

#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/sequence_analyzer.h"

namespace headwave {

// The shortest decimal that round-trips to v; "nan", "inf", "-inf" for non-finite values.
std::string formatNumber(double v);

// Header of metrics.csv: sequence,source,tokens,layer,head,<layout columns>.
std::string sequenceCsvHeader(const MetricLayout& layout);
// Appends one line per head of the sequence (index = its position in the run, 0-based).
void appendSequenceCsvRows(std::string& out, const MetricLayout& layout, int index,
                           const SequenceMetrics& sequence);

// heads.csv: layer,head,sequences,rho,rho_status, then per column what its catalogue entry's
// aggregation over sequences gives (MetricAggregation::MeanStd: <key>_mean,<key>_std).
std::string headsCsv(const CorpusSummary& summary);

struct RunDescription {
    std::string tool = "headwave-cli analyze-attention";
    std::string version;
    std::string settingsJson;  // MethodSettings::toJson()
    std::vector<std::string> sources;
    std::vector<int> tokens;  // [sources]
    std::vector<std::string> warnings;
};

// summary.json: run description, settings, level, rho (model, layers, heads) with reasons for NaN,
// and for every column its unit, description, model summary (mean, std, q1, q3, iqr, count) and
// layer profile (mean and std over heads per layer). Non-finite numbers are written as null.
std::string summaryJson(const CorpusSummary& summary, const RunDescription& run);

}  // namespace headwave
