// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/corpus_aggregator.h"

#include <cmath>
#include <limits>
#include <string>

namespace headwave {

namespace {

// Mean and population std of the finite values.
void meanStd(const std::vector<double>& v, double& mean, double& sd) {
    RunningStats s;
    for (double x : v) {
        s.add(x);
    }
    mean = s.mean();
    sd = s.std();
}
}  // namespace

CorpusAggregator::CorpusAggregator(MetricLayout layout, int layers, int heads, RhoMode rho)
    : m_layout(std::move(layout)), m_layers(layers), m_heads(heads), m_rho(rho) {
    m_hp = m_layout.index(metricFamily("positional_entropy"));
    m_hs = m_layout.index(metricFamily("spectral_entropy"));
    const auto n = static_cast<std::size_t>(layers * heads);
    m_stats.resize(n * m_layout.size());
    m_headRho.resize(n);
    m_layerPooled.resize(static_cast<std::size_t>(layers));
    m_row.resize(m_layout.size());
}

void CorpusAggregator::addHead(int layer, int head, const double* values) {
    const auto h = static_cast<std::size_t>(layer * m_heads + head);
    for (std::size_t c = 0; c < m_layout.size(); ++c) {
        switch (m_layout.column(c).family->aggregation) {
            case MetricAggregation::MeanStd:
                m_stats[h * m_layout.size() + c].add(values[c]);
                break;
        }
    }
    const double hp = values[m_hp];
    const double hs = values[m_hs];
    m_headRho[h].add(hp, hs);
    m_layerPooled[static_cast<std::size_t>(layer)].add(hp, hs);
    m_modelPooled.add(hp, hs);
}

Status CorpusAggregator::add(const SequenceMetrics& sequence) {
    if (sequence.shape.layers != m_layers || sequence.shape.heads != m_heads) {
        return makeError(ErrorCode::InvalidInput,
                         "Sequence '" + sequence.name + "' has " +
                             std::to_string(sequence.shape.layers) + " layers x " +
                             std::to_string(sequence.shape.heads) + " heads, but the run has " +
                             std::to_string(m_layers) + " x " + std::to_string(m_heads) +
                             "; every sequence of a run must come from the same model.");
    }
    if (sequence.level != m_layout.level()) {
        return makeError(ErrorCode::InvalidInput,
                         "Sequence '" + sequence.name + "' was decomposed to wavelet level " +
                             std::to_string(sequence.level) + ", the run uses level " +
                             std::to_string(m_layout.level()) + ".");
    }
    for (int l = 0; l < m_layers; ++l) {
        for (int h = 0; h < m_heads; ++h) {
            m_layout.flatten(sequence.at(l, h), m_row.data());
            addHead(l, h, m_row.data());
        }
    }
    endSequence();
    return {};
}

Status CorpusAggregator::merge(const CorpusAggregator& other) {
    if (other.m_layers != m_layers || other.m_heads != m_heads ||
        other.m_layout.size() != m_layout.size() || other.m_layout.level() != m_layout.level()) {
        return makeError(ErrorCode::InvalidInput,
                         "Cannot merge runs of different shapes or settings.");
    }
    for (std::size_t i = 0; i < m_stats.size(); ++i) {
        m_stats[i].merge(other.m_stats[i]);
    }
    for (std::size_t i = 0; i < m_headRho.size(); ++i) {
        m_headRho[i].merge(other.m_headRho[i]);
    }
    for (std::size_t i = 0; i < m_layerPooled.size(); ++i) {
        m_layerPooled[i].merge(other.m_layerPooled[i]);
    }
    m_modelPooled.merge(other.m_modelPooled);
    m_sequences += other.m_sequences;
    return {};
}

std::shared_ptr<const CorpusSummary> CorpusAggregator::summary() const {
    auto s = std::make_shared<CorpusSummary>();
    s->layout = m_layout;
    s->layers = m_layers;
    s->heads = m_heads;
    s->sequences = m_sequences;
    s->rhoMode = m_rho;
    const std::size_t cols = m_layout.size();
    const auto nHeads = static_cast<std::size_t>(m_layers * m_heads);
    s->headMean.resize(nHeads * cols);
    s->headStd.resize(nHeads * cols);
    s->headCount.resize(nHeads * cols);
    for (std::size_t i = 0; i < m_stats.size(); ++i) {
        s->headMean[i] = m_stats[i].mean();
        s->headStd[i] = m_stats[i].std();
        s->headCount[i] = m_stats[i].count();
    }

    s->rhoHead.resize(nHeads);
    s->rhoHeadStatus.resize(nHeads);
    for (std::size_t h = 0; h < nHeads; ++h) {
        s->rhoHead[h] = m_headRho[h].r();
        s->rhoHeadStatus[h] = m_headRho[h].status();
    }
    s->rhoLayer.resize(static_cast<std::size_t>(m_layers));
    if (m_rho == RhoMode::PerHead) {
        RunningStats model;
        for (int l = 0; l < m_layers; ++l) {
            RunningStats layer;
            for (int h = 0; h < m_heads; ++h) {
                layer.add(s->rhoHead[static_cast<std::size_t>(l * m_heads + h)]);
            }
            s->rhoLayer[static_cast<std::size_t>(l)] = layer.mean();
            model.add(layer.mean());
        }
        s->rhoModel = model.mean();
        s->rhoModelStatus = !std::isnan(s->rhoModel) ? CorrelationStatus::Ok
                            : m_sequences < 2        ? CorrelationStatus::TooFewPairs
                                                     : CorrelationStatus::ZeroVariance;
    } else {
        for (int l = 0; l < m_layers; ++l) {
            s->rhoLayer[static_cast<std::size_t>(l)] =
                m_layerPooled[static_cast<std::size_t>(l)].r();
        }
        s->rhoModel = m_modelPooled.r();
        s->rhoModelStatus = m_modelPooled.status();
    }

    s->columns.resize(cols);
    std::vector<double> values(nHeads);
    std::vector<double> layerValues(static_cast<std::size_t>(m_heads));
    for (std::size_t c = 0; c < cols; ++c) {
        ColumnSummary& cs = s->columns[c];
        for (std::size_t h = 0; h < nHeads; ++h) {
            values[h] = s->headMean[h * cols + c];
        }
        cs.overHeads = summarize(values);
        cs.layerMean.resize(static_cast<std::size_t>(m_layers));
        cs.layerStd.resize(static_cast<std::size_t>(m_layers));
        for (int l = 0; l < m_layers; ++l) {
            for (int h = 0; h < m_heads; ++h) {
                layerValues[static_cast<std::size_t>(h)] =
                    values[static_cast<std::size_t>(l * m_heads + h)];
            }
            meanStd(layerValues, cs.layerMean[static_cast<std::size_t>(l)],
                    cs.layerStd[static_cast<std::size_t>(l)]);
        }
    }
    return s;
}

}  // namespace headwave
