// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/comparison.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "headwave/dsp/metric_catalogue.h"
#include "headwave/dsp/metric_layout.h"

namespace headwave {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Index i of n_a positions mapped onto n_b by relative position (the header's rule).
int relativeIndex(int i, int nA, int nB) {
    if (nA <= 1 || nB <= 1) {
        return 0;
    }
    const double x =
        static_cast<double>(i) * static_cast<double>(nB - 1) / static_cast<double>(nA - 1);
    return std::clamp(static_cast<int>(std::lround(x)), 0, nB - 1);
}

std::string describeShape(const AttentionShape& s) {
    return std::to_string(s.layers) + " layers x " + std::to_string(s.heads) + " heads";
}

// Every MethodSettings key whose JSON value differs between the sources.
std::vector<SettingDifference> settingDifferences(const std::vector<ComparisonSource>& sources) {
    std::vector<nlohmann::json> settings;
    std::set<std::string> keys;
    for (const ComparisonSource& s : sources) {
        settings.push_back(nlohmann::json::parse(s.analysis->settings.toJson()));
        for (const auto& item : settings.back().items()) {
            keys.insert(item.key());
        }
    }
    std::vector<SettingDifference> out;
    for (const std::string& key : keys) {
        SettingDifference d{key, {}};
        for (const nlohmann::json& j : settings) {
            d.values.push_back(j.contains(key) ? j.at(key).dump() : std::string("(absent)"));
        }
        if (std::adjacent_find(d.values.begin(), d.values.end(), std::not_equal_to<>()) !=
            d.values.end()) {
            out.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace

int Comparison::metricIndex(const std::string& key) const {
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (metrics[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::shared_ptr<const RunResult> runOfAnalysis(const AnalysisSnapshot& analysis) {
    if (analysis.run) {
        return analysis.run;
    }
    const SequenceMetrics& m = *analysis.metrics;
    auto r = std::make_shared<RunResult>();
    r->settings.method = analysis.settings;
    r->level = m.level;
    r->layout = MetricLayout(analysis.settings, m.level);
    r->model.name = analysis.sourceName;
    if (analysis.model) {
        r->model.architecture = analysis.model->config.modelType;
        r->model.positional = toString(analysis.model->config.positional);
    }
    r->model.layers = m.shape.layers;
    r->model.heads = m.shape.heads;
    r->corpus.source = analysis.sourceName;
    r->corpus.packed = 1;
    r->sequenceIndex = {0};
    r->tokens = {m.shape.tokens};
    std::vector<double> row(r->layout.size());
    for (const HeadMetrics& h : m.heads) {
        r->layout.flatten(h, row.data());
        r->metrics.insert(r->metrics.end(), row.begin(), row.end());
    }
    r->summary = aggregateMetrics(r->layout, m.shape.layers, m.shape.heads, analysis.settings.rho,
                                  r->metrics);
    return r;
}

Result<ComparisonPtr> compareAnalyses(std::vector<ComparisonSource> sources) {
    if (sources.size() < 2) {
        return makeError(ErrorCode::InvalidArgument,
                         "A comparison needs at least two sources; add another analysis or "
                         "results file.");
    }
    for (const ComparisonSource& s : sources) {
        if (!s.analysis || !s.analysis->metrics || s.analysis->metrics->heads.empty() ||
            s.analysis->metrics->shape.layers <= 0 || s.analysis->metrics->shape.heads <= 0 ||
            s.analysis->metrics->heads.size() !=
                static_cast<std::size_t>(s.analysis->metrics->shape.layers *
                                         s.analysis->metrics->shape.heads)) {
            return makeError(
                ErrorCode::InvalidArgument,
                "The source '" + s.label +
                    "' has no per-head metrics to compare; remove it, or analyse it first.");
        }
    }

    auto c = std::make_shared<Comparison>();
    const AttentionShape ref = sources[0].analysis->metrics->shape;
    c->layers = ref.layers;
    c->heads = ref.heads;
    const std::size_t cells = static_cast<std::size_t>(ref.layers * ref.heads);

    for (std::size_t s = 0; s < sources.size(); ++s) {
        const AttentionShape shape = sources[s].analysis->metrics->shape;
        const bool same = shape.layers == ref.layers && shape.heads == ref.heads;
        if (!same) {
            c->matching = HeadMatching::ByRelativeDepth;
            c->notes.push_back("'" + sources[s].label + "' has " + describeShape(shape) + ", '" +
                               sources[0].label + "' " + describeShape(ref) +
                               ": heads are matched by relative depth.");
        }
        std::vector<HeadRef> match(cells);
        for (int l = 0; l < ref.layers; ++l) {
            for (int h = 0; h < ref.heads; ++h) {
                HeadRef& m = match[static_cast<std::size_t>(l * ref.heads + h)];
                m.layer = same ? l : relativeIndex(l, ref.layers, shape.layers);
                m.head = shape.heads == ref.heads ? h : relativeIndex(h, ref.heads, shape.heads);
            }
        }
        c->matched.push_back(std::move(match));
    }

    for (const MetricFamily& f : kMetricCatalogue) {
        if (!f.uses.headGrid) {
            continue;
        }
        ComparisonMetric metric;
        metric.key = std::string(f.key);
        metric.label = std::string(f.label);
        metric.unit = std::string(f.displayUnit.empty() ? f.unit : f.displayUnit);
        double low = std::numeric_limits<double>::infinity();
        double high = -low;
        for (std::size_t s = 0; s < sources.size(); ++s) {
            const SequenceMetrics& m = *sources[s].analysis->metrics;
            std::vector<double> values(cells);
            for (std::size_t i = 0; i < cells; ++i) {
                const HeadRef at = c->matched[s][i];
                values[i] = f.value(m.at(at.layer, at.head), 0);
                if (std::isfinite(values[i])) {
                    low = std::min(low, values[i]);
                    high = std::max(high, values[i]);
                }
            }
            metric.values.push_back(std::move(values));
        }
        for (std::size_t s = 0; s < sources.size(); ++s) {
            std::vector<double> diff(cells);
            for (std::size_t i = 0; i < cells; ++i) {
                diff[i] = metric.values[s][i] - metric.values[0][i];
                if (s > 0 && std::isfinite(diff[i])) {
                    metric.maxAbsDifference = std::max(metric.maxAbsDifference, std::abs(diff[i]));
                }
            }
            metric.differences.push_back(std::move(diff));
        }
        metric.low = low <= high ? low : kNaN;
        metric.high = low <= high ? high : kNaN;
        c->metrics.push_back(std::move(metric));
    }

    // docs/method.md §3: the band shares of each head, averaged over the heads of each layer.
    constexpr std::array bands = {&HeadMetrics::bandLow, &HeadMetrics::bandMid,
                                  &HeadMetrics::bandHigh};
    for (const ComparisonSource& src : sources) {
        const SequenceMetrics& m = *src.analysis->metrics;
        std::vector<std::vector<double>> mean(3), sd(3);
        std::vector<double> depth;
        for (int l = 0; l < m.shape.layers; ++l) {
            depth.push_back(m.shape.layers > 1 ? static_cast<double>(l) / (m.shape.layers - 1)
                                               : 0.0);
            for (std::size_t b = 0; b < bands.size(); ++b) {
                double sum = 0, sumSq = 0;
                int n = 0;
                for (int h = 0; h < m.shape.heads; ++h) {
                    const double v = m.at(l, h).*bands[b];
                    if (std::isfinite(v)) {
                        sum += v;
                        ++n;
                    }
                }
                const double mu = n > 0 ? sum / n : kNaN;
                for (int h = 0; h < m.shape.heads; ++h) {
                    const double v = m.at(l, h).*bands[b];
                    if (std::isfinite(v)) {
                        sumSq += (v - mu) * (v - mu);
                    }
                }
                mean[b].push_back(mu);
                sd[b].push_back(n > 0 ? std::sqrt(sumSq / n) : kNaN);
            }
        }
        c->bandMean.push_back(std::move(mean));
        c->bandStd.push_back(std::move(sd));
        c->relativeDepth.push_back(std::move(depth));
    }

    c->settingDifferences = settingDifferences(sources);

    std::vector<std::shared_ptr<const RunResult>> runs;
    std::vector<std::string> labels;
    for (const ComparisonSource& s : sources) {
        runs.push_back(runOfAnalysis(*s.analysis));
        labels.push_back(s.label);
    }
    c->tables = compareTables(runs, labels);
    c->sources = std::move(sources);
    c->exportTables = comparisonTables(*c);
    return ComparisonPtr(std::move(c));
}

std::vector<Table> comparisonTables(const Comparison& c) {
    const auto num = [](double v) { return formatReportNumber(v, 17); };
    std::vector<Table> out;
    for (const ComparisonMetric& m : c.metrics) {
        // A series's key without its placeholder: "scale_sensitivity_a{alpha}" -> its first
        // column, "heads_scale_sensitivity".
        std::string key = m.key;
        if (const auto brace = key.find('{'); brace != std::string::npos) {
            key = key.substr(0, key.rfind('_', brace));
        }
        const std::string id = "heads_" + key;
        Table heads{id, m.label + " (" + m.unit + ") of matched heads", {"layer", "head"}, {}, {}};
        for (const ComparisonSource& s : c.sources) {
            heads.header.push_back(s.label + " layer");
            heads.header.push_back(s.label + " head");
            heads.header.push_back(s.label);
        }
        for (std::size_t s = 1; s < c.sources.size(); ++s) {
            heads.header.push_back(c.sources[s].label + " - " + c.sources[0].label);
        }
        for (int l = 0; l < c.layers; ++l) {
            for (int h = 0; h < c.heads; ++h) {
                const std::size_t i = static_cast<std::size_t>(l * c.heads + h);
                std::vector<std::string> row = {std::to_string(l), std::to_string(h)};
                for (std::size_t s = 0; s < c.sources.size(); ++s) {
                    row.push_back(std::to_string(c.matched[s][i].layer));
                    row.push_back(std::to_string(c.matched[s][i].head));
                    row.push_back(num(m.values[s][i]));
                }
                for (std::size_t s = 1; s < c.sources.size(); ++s) {
                    row.push_back(num(m.differences[s][i]));
                }
                heads.rows.push_back(std::move(row));
            }
        }
        heads.note = c.matching == HeadMatching::ByIndex ? "Heads matched by (layer, head)."
                                                         : "Heads matched by relative depth.";
        out.push_back(std::move(heads));
    }
    Table bands{"band_shares",
                "Band shares per layer (fraction; mean and std over the layer's heads)",
                {"source", "layer", "relative depth", "low mean", "low std", "mid mean", "mid std",
                 "high mean", "high std"},
                {},
                {}};
    for (std::size_t s = 0; s < c.sources.size(); ++s) {
        for (std::size_t l = 0; l < c.relativeDepth[s].size(); ++l) {
            std::vector<std::string> row = {c.sources[s].label, std::to_string(l),
                                            num(c.relativeDepth[s][l])};
            for (std::size_t b = 0; b < 3; ++b) {
                row.push_back(num(c.bandMean[s][b][l]));
                row.push_back(num(c.bandStd[s][b][l]));
            }
            bands.rows.push_back(std::move(row));
        }
    }
    Table settings{"settings", "Settings that differ", {"setting"}, {}, {}};
    for (const ComparisonSource& s : c.sources) {
        settings.header.push_back(s.label);
    }
    for (const SettingDifference& d : c.settingDifferences) {
        std::vector<std::string> row = {d.key};
        row.insert(row.end(), d.values.begin(), d.values.end());
        settings.rows.push_back(std::move(row));
    }
    out.push_back(std::move(bands));
    out.push_back(std::move(settings));
    out.insert(out.end(), c.tables.begin(), c.tables.end());
    return out;
}

}  // namespace headwave
