// SPDX-License-Identifier: GPL-3.0-or-later
// Statistics over a corpus (docs/method.md "Across sequences and heads"): per-head mean/std/count
// over sequences, the position-spectrum correlation rho per head, layer and model, the model
// summary (mean, std, IQR over heads) and the layer profiles. Streaming: sequences are added one at
// a time and never kept; aggregators of shards merge exactly.
//
//   CorpusAggregator agg(layout, layers, heads, RhoMode::PerHead);
//   for (auto& seq : sequences) agg.add(seq);
//   std::shared_ptr<const CorpusSummary> s = agg.summary();
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/dsp/statistics.h"

namespace headwave {

// The key of rho per head beside the catalogue's columns: heads.csv's column and the views' item.
// Not in kMetricCatalogue: it is not a number of one sequence but a correlation over the sequences
// of two of them (positional and spectral entropy).
inline constexpr std::string_view kRhoKey = "rho";

struct ColumnSummary {
    Summary overHeads;              // of the per-head means, over all heads of all layers
    std::vector<double> layerMean;  // [layers], mean over the heads of the layer (NaN-skipping)
    std::vector<double> layerStd;   // [layers], population std over those heads
};

// Immutable result, shared as std::shared_ptr<const CorpusSummary>.
struct CorpusSummary {
    MetricLayout layout;
    int layers = 0;
    int heads = 0;
    std::int64_t sequences = 0;
    RhoMode rhoMode = RhoMode::PerHead;

    // [layers * heads * columns], index (layer * heads + head) * columns + column.
    std::vector<double> headMean;
    std::vector<double> headStd;          // population std over sequences
    std::vector<std::int64_t> headCount;  // finite values that entered the mean

    // Position-spectrum correlation, Pearson over sequences of (H_p, H_s).
    std::vector<double> rhoHead;                   // [layers * heads] (per-head mode)
    std::vector<CorrelationStatus> rhoHeadStatus;  // why a head's rho is NaN
    std::vector<double> rhoLayer;                  // [layers]: mean over heads, or pooled
    double rhoModel = 0;                           // mean over layers, or pooled
    CorrelationStatus rhoModelStatus = CorrelationStatus::Ok;

    std::vector<ColumnSummary> columns;  // [columns]

    double mean(int layer, int head, std::size_t column) const {
        return headMean[index(layer, head, column)];
    }
    double std(int layer, int head, std::size_t column) const {
        return headStd[index(layer, head, column)];
    }
    std::size_t index(int layer, int head, std::size_t column) const {
        return static_cast<std::size_t>(layer * heads + head) * layout.size() + column;
    }
};

class CorpusAggregator {
public:
    CorpusAggregator(MetricLayout layout, int layers, int heads, RhoMode rho = RhoMode::PerHead);

    // Adds one sequence; its shape must match (an error otherwise).
    Status add(const SequenceMetrics& sequence);

    // Adds one head's flattened metrics (layout order) of one sequence.
    void addHead(int layer, int head, const double* values);
    // Call once after the heads of a sequence were added with addHead.
    void endSequence() { ++m_sequences; }

    // Combines another aggregator of the same layout and shape (a shard).
    Status merge(const CorpusAggregator& other);

    std::shared_ptr<const CorpusSummary> summary() const;

    std::int64_t sequences() const { return m_sequences; }
    const MetricLayout& layout() const { return m_layout; }

private:
    MetricLayout m_layout;
    int m_layers;
    int m_heads;
    RhoMode m_rho;
    int m_hp = -1;  // column of positional entropy
    int m_hs = -1;  // column of spectral entropy
    std::int64_t m_sequences = 0;
    std::vector<RunningStats> m_stats;              // [layers * heads * columns]
    std::vector<RunningCorrelation> m_headRho;      // [layers * heads]
    std::vector<RunningCorrelation> m_layerPooled;  // [layers]
    RunningCorrelation m_modelPooled;
    std::vector<double> m_row;  // [columns] scratch
};

}  // namespace headwave
