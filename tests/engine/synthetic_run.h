// SPDX-License-Identifier: GPL-3.0-or-later
// A results file's content made without a model: kLayers x kHeads heads over two sequences whose
// every metric is distinct (column i of a head holds 1000 + i plus an offset per head and
// sequence), set through the metric catalogue's field pointers. For the tests that follow every
// metric through its consumers (test_metric_catalogue.cpp, tests/cli/test_cli.cpp).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/run/analysis_run.h"

namespace headwave::test {

inline constexpr int kSyntheticLayers = 2;
inline constexpr int kSyntheticHeads = 3;
inline constexpr int kSyntheticTokens = 40;
inline constexpr int kSyntheticSequences = 2;

// A HeadMetrics whose layout column i holds 1000 + i + offset.
inline HeadMetrics distinctMetrics(const MetricLayout& layout, double offset = 0) {
    HeadMetrics m;
    for (std::size_t i = 0; i < layout.size(); ++i) {
        const MetricColumn& c = layout.column(i);
        const double v = 1000.0 + static_cast<double>(i) + offset;
        if (c.family->scalar != nullptr) {
            m.*(c.family->scalar) = v;
        } else {
            std::vector<double>& series = m.*(c.family->values);
            series.resize(std::max(series.size(), c.position + 1));
            series[c.position] = v;
        }
    }
    return m;
}

// The sequences' metrics, every head distinct.
inline std::vector<SequenceMetrics> syntheticSequences(const MetricLayout& layout) {
    std::vector<SequenceMetrics> out;
    for (int s = 0; s < kSyntheticSequences; ++s) {
        SequenceMetrics seq;
        seq.name = "seq" + std::to_string(s);
        seq.shape = {kSyntheticLayers, kSyntheticHeads, kSyntheticTokens};
        seq.level = layout.level();
        for (int h = 0; h < kSyntheticLayers * kSyntheticHeads; ++h) {
            seq.heads.push_back(distinctMetrics(layout, 0.25 * h + 0.125 * s));
        }
        out.push_back(std::move(seq));
    }
    return out;
}

// A complete RunResult (identity, sequences, metrics, summary) for writeRunFile.
inline std::shared_ptr<RunResult> syntheticRun(const MethodSettings& settings, int level) {
    auto r = std::make_shared<RunResult>();
    r->settings.method = settings;
    r->level = level;
    r->layout = MetricLayout(settings, level);
    r->model = {"synthetic",     "llama",         "RoPE", "0",  kSyntheticLayers,
                kSyntheticHeads, kSyntheticHeads, 1,      "F32"};
    r->corpus.source = "synthetic";
    r->corpus.hash = "0";
    r->corpus.packed = kSyntheticSequences;
    r->corpus.minTokens = r->corpus.maxTokens = r->corpus.shortest = kSyntheticTokens;
    std::vector<double> row(r->layout.size());
    int index = 0;
    for (const SequenceMetrics& s : syntheticSequences(r->layout)) {
        r->sequenceIndex.push_back(index++);
        r->tokens.push_back(kSyntheticTokens);
        r->tokenIds.insert(r->tokenIds.end(), kSyntheticTokens, 7);
        for (const HeadMetrics& h : s.heads) {
            r->layout.flatten(h, row.data());
            r->metrics.insert(r->metrics.end(), row.begin(), row.end());
        }
    }
    r->summary =
        aggregateMetrics(r->layout, kSyntheticLayers, kSyntheticHeads, settings.rho, r->metrics);
    return r;
}

}  // namespace headwave::test
