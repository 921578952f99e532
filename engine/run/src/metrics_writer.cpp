// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/metrics_writer.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace headwave {

namespace {

nlohmann::ordered_json number(double v) {
    if (!std::isfinite(v)) {
        return nullptr;
    }
    return v;
}

nlohmann::ordered_json numbers(const std::vector<double>& v) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (double x : v) {
        a.push_back(number(x));
    }
    return a;
}

}  // namespace

std::string formatNumber(double v) {
    if (std::isnan(v)) {
        return "nan";
    }
    if (std::isinf(v)) {
        return v > 0 ? "inf" : "-inf";
    }
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::string sequenceCsvHeader(const MetricLayout& layout) {
    std::string h = "sequence,source,tokens,layer,head";
    for (const auto& c : layout.columns()) {
        h += ',';
        h += c.key;
    }
    h += '\n';
    return h;
}

namespace {
// RFC 4180 quoting for a free-text field.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        return s;
    }
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') {
            q += '"';
        }
        q += c;
    }
    q += '"';
    return q;
}
}  // namespace

void appendSequenceCsvRows(std::string& out, const MetricLayout& layout, int index,
                           const SequenceMetrics& sequence) {
    std::vector<double> row(layout.size());
    const std::string prefix = std::to_string(index) + ',' + csvField(sequence.name) + ',' +
                               std::to_string(sequence.shape.tokens) + ',';
    for (int l = 0; l < sequence.shape.layers; ++l) {
        for (int h = 0; h < sequence.shape.heads; ++h) {
            layout.flatten(sequence.at(l, h), row.data());
            out += prefix;
            out += std::to_string(l);
            out += ',';
            out += std::to_string(h);
            for (double v : row) {
                out += ',';
                out += formatNumber(v);
            }
            out += '\n';
        }
    }
}

std::string headsCsv(const CorpusSummary& s) {
    std::string out = "layer,head,sequences," + std::string(kRhoKey) + ",rho_status";
    for (const auto& c : s.layout.columns()) {
        switch (c.family->aggregation) {
            case MetricAggregation::MeanStd:
                out += ',' + c.key + "_mean," + c.key + "_std";
                break;
        }
    }
    out += '\n';
    for (int l = 0; l < s.layers; ++l) {
        for (int h = 0; h < s.heads; ++h) {
            const auto hi = static_cast<std::size_t>(l * s.heads + h);
            out +=
                std::to_string(l) + ',' + std::to_string(h) + ',' + std::to_string(s.sequences) +
                ',' + (s.rhoMode == RhoMode::PerHead ? formatNumber(s.rhoHead[hi]) : "nan") + ',' +
                csvField(s.rhoMode == RhoMode::PerHead ? toString(s.rhoHeadStatus[hi]) : "pooled");
            for (std::size_t c = 0; c < s.layout.size(); ++c) {
                switch (s.layout.column(c).family->aggregation) {
                    case MetricAggregation::MeanStd:
                        out += ',' + formatNumber(s.mean(l, h, c)) + ',' +
                               formatNumber(s.std(l, h, c));
                        break;
                }
            }
            out += '\n';
        }
    }
    return out;
}

std::string summaryJson(const CorpusSummary& s, const RunDescription& run) {
    nlohmann::ordered_json j;
    j["format"] = "headwave-summary";
    j["format_version"] = 1;
    j["tool"] = run.tool;
    j["version"] = run.version;
    j["settings"] = run.settingsJson.empty()
                        ? nlohmann::ordered_json(nullptr)
                        : nlohmann::ordered_json::parse(run.settingsJson, nullptr, false);
    j["wavelet_level"] = s.layout.level();
    j["layers"] = s.layers;
    j["heads"] = s.heads;
    j["sequences"] = s.sequences;
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < run.sources.size(); ++i) {
        sources.push_back(
            {{"source", run.sources[i]}, {"tokens", i < run.tokens.size() ? run.tokens[i] : 0}});
    }
    j["sources"] = sources;
    j["warnings"] = run.warnings;

    nlohmann::ordered_json rho;
    rho["mode"] = toString(s.rhoMode);
    rho["model"] = number(s.rhoModel);
    rho["model_status"] = toString(s.rhoModelStatus);
    rho["layers"] = numbers(s.rhoLayer);
    if (s.rhoMode == RhoMode::PerHead) {
        rho["heads"] = numbers(s.rhoHead);  // [layers * heads], layer-major
    }
    j["rho"] = rho;

    nlohmann::ordered_json metrics;
    for (std::size_t c = 0; c < s.layout.size(); ++c) {
        const MetricColumn& col = s.layout.column(c);
        const ColumnSummary& cs = s.columns[c];
        nlohmann::ordered_json m;
        m["unit"] = col.unit;
        m["description"] = col.description;
        m["mean"] = number(cs.overHeads.mean);
        m["std"] = number(cs.overHeads.std);
        m["q1"] = number(cs.overHeads.q1);
        m["q3"] = number(cs.overHeads.q3);
        m["iqr"] = number(cs.overHeads.iqr);
        m["heads_counted"] = cs.overHeads.count;
        m["layer_mean"] = numbers(cs.layerMean);
        m["layer_std"] = numbers(cs.layerStd);
        metrics[col.key] = m;
    }
    j["metrics"] = metrics;
    return j.dump(2) + "\n";
}

}  // namespace headwave
