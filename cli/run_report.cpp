// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <charconv>

#include <nlohmann/json.hpp>

#include "headwave/dsp/wavelet_metrics.h"

namespace headwave::cli {

namespace {

// The metrics the paper's tables name; every metric is in the last table (allMetricsTable).
constexpr const MetricFamily& kBandLow = metricFamily("band_low");
constexpr const MetricFamily& kBandMid = metricFamily("band_mid");
constexpr const MetricFamily& kBandHigh = metricFamily("band_high");
constexpr const MetricFamily& kSelectivity = metricFamily("selectivity");
constexpr const MetricFamily& kSpectralEntropy = metricFamily("spectral_entropy");
constexpr const MetricFamily& kPositionalEntropy = metricFamily("positional_entropy");
constexpr const MetricFamily& kLocalShare = metricFamily("local_share");
constexpr const MetricFamily& kReconF32 = metricFamily("recon_error_f32");
constexpr const MetricFamily& kReconF64 = metricFamily("recon_error_f64");
constexpr const MetricFamily& kWaveletEntropy = metricFamily("wavelet_entropy_s{s}");
constexpr const MetricFamily& kWindowEntropy = metricFamily("window_entropy_w{w}");
constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");

std::string fmt(double v, int digits = 4) {
    return formatReportNumber(v, digits);
}

std::string pct(double v) {
    return formatReportPercent(v);
}

const ColumnSummary* column(const RunResult& r, const MetricFamily& f, std::size_t position = 0) {
    const int c = r.layout.index(f, position);
    return c < 0 ? nullptr : &r.summary->columns[static_cast<std::size_t>(c)];
}

std::vector<std::string> summaryRow(const ColumnSummary* c, const std::string& label) {
    if (c == nullptr) {
        return {label, "n/a", "n/a", "n/a", "0"};
    }
    return {label, fmt(c->overHeads.mean), fmt(c->overHeads.std), fmt(c->overHeads.iqr),
            std::to_string(c->overHeads.count)};
}

// Maximum over every head and sequence of a column (reconstruction errors are bounds).
double maxOf(const RunResult& r, const MetricFamily& f) {
    const int c = r.layout.index(f);
    double m = std::nan("");
    if (c < 0) {
        return m;
    }
    for (std::size_t i = static_cast<std::size_t>(c); i < r.metrics.size(); i += r.layout.size()) {
        if (std::isfinite(r.metrics[i]) && !(m >= r.metrics[i])) {
            m = r.metrics[i];
        }
    }
    return m;
}

}  // namespace

Table allMetricsTable(const RunResult& r) {
    Table all{"all_metrics",
              "Every metric over heads (of the per-head means over sequences)",
              {"key", "unit", "mean", "std", "IQR", "heads"},
              {},
              "Keys and units as in metrics.csv, heads.csv, summary.json and the results file's "
              "meta.columns."};
    for (std::size_t c = 0; c < r.layout.size(); ++c) {
        const MetricColumn& col = r.layout.column(c);
        const Summary& s = r.summary->columns[c].overHeads;
        all.rows.push_back(
            {col.key, col.unit, fmt(s.mean), fmt(s.std), fmt(s.iqr), std::to_string(s.count)});
    }
    return all;
}

std::vector<Table> runTables(const RunResult& r, bool perHead) {
    std::vector<Table> t;
    const CorpusSummary& s = *r.summary;
    int tMin = 0;
    int tMax = 0;
    double tMean = 0;
    if (!r.tokens.empty()) {
        tMin = *std::min_element(r.tokens.begin(), r.tokens.end());
        tMax = *std::max_element(r.tokens.begin(), r.tokens.end());
        for (int n : r.tokens) {
            tMean += n / static_cast<double>(r.tokens.size());
        }
    }

    Table run{"run", "Run", {"item", "value"}, {}, {}};
    run.rows = {
        {"model", r.model.name},
        {"architecture", r.model.architecture},
        {"positional scheme", r.model.positional},
        {"layers x heads", std::to_string(r.model.layers) + " x " + std::to_string(r.model.heads) +
                               " (" + std::to_string(r.model.kvHeads) + " key/value heads)"},
        {"heads analysed", std::to_string(r.model.layers * r.model.heads)},
        {"sequences", std::to_string(r.sequences()) +
                          (r.shard.count > 1 ? " (shard " + std::to_string(r.shard.index) + "/" +
                                                   std::to_string(r.shard.count) + ")"
                                             : "")},
        {"tokens per sequence",
         std::to_string(tMin) + " .. " + std::to_string(tMax) + " (mean " + fmt(tMean, 4) + ")"},
        {"corpus", r.corpus.source + " (" + std::to_string(r.corpus.packed) + " packed, hash " +
                       r.corpus.hash + ")"},
        {"wavelet", "db2, symmetric, J = " + std::to_string(r.level)},
        {"settings", r.settings.method.toJson()},
    };
    t.push_back(run);

    Table sens{
        "scale_sensitivity",
        "Scale sensitivity (1 - cos of db2 coefficients)",
        {"alpha", "mean", "std", "IQR", "heads"},
        {},
        "Low = scale-invariant. Paper (RoPE models): 0.03-0.08 at 0.5x, 0.07-0.12 at 0.25x."};
    for (std::size_t a = 0; a < r.settings.method.alphas.size(); ++a) {
        sens.rows.push_back(summaryRow(column(r, kSensitivity, a),
                                       formatShortest(r.settings.method.alphas[a]) + "x"));
    }
    if (sens.rows.empty()) {
        sens.note = "No rescaling factors were set for this run (--alpha).";
    }
    t.push_back(sens);

    Table rho{"rho",
              "Position-spectrum correlation rho (Pearson of H_p and H_s over sequences)",
              {"scope", "rho"},
              {},
              {}};
    rho.rows.push_back(
        {"model", fmt(s.rhoModel, 3) + (std::isnan(s.rhoModel)
                                            ? std::string(" (") + toString(s.rhoModelStatus) + ")"
                                            : std::string())});
    for (int l = 0; l < s.layers; ++l) {
        rho.rows.push_back(
            {"layer " + std::to_string(l), fmt(s.rhoLayer[static_cast<std::size_t>(l)], 3)});
    }
    rho.note = std::string("Mode: ") + toString(s.rhoMode) +
               ". Paper: -0.42 to -0.74 (an uncertainty-like trade-off).";
    t.push_back(rho);

    Table recon{"reconstruction_error",
                "Reconstruction error of the db2 round trip",
                {"precision", "mean", "std", "max"},
                {},
                {}};
    for (const auto& [family, precision] :
         {std::pair{&kReconF32, "float32"}, std::pair{&kReconF64, "float64"}}) {
        const ColumnSummary* c = column(r, *family);
        recon.rows.push_back({precision, fmt(c->overHeads.mean, 3), fmt(c->overHeads.std, 3),
                              fmt(maxOf(r, *family), 3)});
    }
    recon.note = "Relative L2 error; paper Table 1: ~1e-7 in float32.";
    t.push_back(recon);

    Table spectral{"spectral",
                   "Spectral entropy and frequency selectivity (over heads)",
                   {"metric", "mean", "std", "IQR", "heads"},
                   {},
                   {}};
    spectral.rows.push_back(summaryRow(column(r, kSpectralEntropy), "spectral entropy (nats)"));
    spectral.rows.push_back(summaryRow(column(r, kSelectivity), "frequency selectivity"));
    spectral.rows.push_back(summaryRow(column(r, kPositionalEntropy), "positional entropy (nats)"));
    spectral.rows.push_back(summaryRow(column(r, kLocalShare), "local share"));
    t.push_back(spectral);

    Table bands{
        "band_shares", "Band shares of spectral power (%)", {"band", "mean", "std", "IQR"}, {}, {}};
    const MetricFamily* bandFamilies[] = {&kBandLow, &kBandMid, &kBandHigh};
    const char* bandNames[] = {"low", "mid", "high"};
    for (int b = 0; b < 3; ++b) {
        const ColumnSummary* c = column(r, *bandFamilies[b]);
        bands.rows.push_back(
            {bandNames[b], pct(c->overHeads.mean), pct(c->overHeads.std), pct(c->overHeads.iqr)});
    }
    bands.note = "Edges at r = " + fmt(r.settings.method.bandLowEdge) + " and " +
                 fmt(r.settings.method.bandHighEdge) +
                 " (1 = Nyquist). Paper (large RoPE models): low 60-80, mid 15-25, high 5-15.";
    t.push_back(bands);

    Table windows{"window_entropy",
                  "Window entropy (normalised by ln w)",
                  {"window", "mean", "std", "IQR", "heads"},
                  {},
                  {}};
    for (std::size_t w = 0; w < r.settings.method.entropyWindows.size(); ++w) {
        windows.rows.push_back(
            summaryRow(column(r, kWindowEntropy, w),
                       std::to_string(r.settings.method.entropyWindows[w]) + " tokens"));
    }
    t.push_back(windows);

    Table scales{"wavelet_entropy",
                 "Wavelet entropy per scale",
                 {"scale", "coefficients", "band (r)", "mean", "std", "IQR"},
                 {},
                 {}};
    for (int sc = 0; sc <= r.level; ++sc) {
        const ColumnSummary* c = column(r, kWaveletEntropy, static_cast<std::size_t>(sc));
        const ScaleBand band = scaleBand(sc, r.level);
        scales.rows.push_back(
            {std::to_string(sc),
             sc == 0 ? "cA" + std::to_string(r.level) : "cD" + std::to_string(r.level + 1 - sc),
             fmt(band.low, 3) + "-" + fmt(band.high, 3), fmt(c->overHeads.mean),
             fmt(c->overHeads.std), fmt(c->overHeads.iqr)});
    }
    scales.note = std::string("Entropy mode: ") + toString(r.settings.method.waveletEntropy) + ".";
    t.push_back(scales);

    Table layers{"layer_profile",
                 "Band shares across layers (mean +- std over heads, %)",
                 {"layer", "low", "mid", "high"},
                 {},
                 {}};
    for (int l = 0; l < s.layers; ++l) {
        std::vector<std::string> row = {std::to_string(l)};
        for (const MetricFamily* band : bandFamilies) {
            const ColumnSummary* c = column(r, *band);
            row.push_back(pct(c->layerMean[static_cast<std::size_t>(l)]) + " +- " +
                          pct(c->layerStd[static_cast<std::size_t>(l)]));
        }
        layers.rows.push_back(row);
    }
    t.push_back(layers);
    t.push_back(allMetricsTable(r));

    if (perHead) {
        Table heads{"heads",
                    "Heads (mean over sequences)",
                    {"layer", "head", "low %", "mid %", "high %", "H_s", "selectivity", "H_p",
                     "local share", "rho"},
                    {},
                    {}};
        const auto col = [&](const MetricFamily& f) {
            return static_cast<std::size_t>(r.layout.index(f));
        };
        for (int l = 0; l < s.layers; ++l) {
            for (int h = 0; h < s.heads; ++h) {
                heads.rows.push_back(
                    {std::to_string(l), std::to_string(h), pct(s.mean(l, h, col(kBandLow))),
                     pct(s.mean(l, h, col(kBandMid))), pct(s.mean(l, h, col(kBandHigh))),
                     fmt(s.mean(l, h, col(kSpectralEntropy))), fmt(s.mean(l, h, col(kSelectivity))),
                     fmt(s.mean(l, h, col(kPositionalEntropy))),
                     fmt(s.mean(l, h, col(kLocalShare))),
                     fmt(s.rhoHead[static_cast<std::size_t>(l * s.heads + h)], 3)});
            }
        }
        t.push_back(heads);
    }
    return t;
}

std::string toMarkdown(const std::vector<Table>& tables) {
    std::string out;
    for (const Table& t : tables) {
        out += "## " + t.title + "\n\n|";
        for (const auto& h : t.header) {
            out += " " + h + " |";
        }
        out += "\n|";
        for (std::size_t i = 0; i < t.header.size(); ++i) {
            out += "---|";
        }
        out += "\n";
        for (const auto& row : t.rows) {
            out += "|";
            for (const auto& cell : row) {
                std::string c = cell;
                std::replace(c.begin(), c.end(), '|', '/');
                out += " " + c + " |";
            }
            out += "\n";
        }
        if (!t.note.empty()) {
            out += "\n" + t.note + "\n";
        }
        out += "\n";
    }
    return out;
}

std::string toJson(const std::vector<Table>& tables, const std::string& aboutJson) {
    auto cell = [](const std::string& s) -> nlohmann::json {
        if (s == "n/a") {
            return nullptr;
        }
        double v = 0;
        const char* end = s.data() + s.size();
        const auto res = std::from_chars(s.data(), end, v);
        if (!s.empty() && res.ec == std::errc() && res.ptr == end) {
            return v;
        }
        return s;
    };
    nlohmann::json j;
    if (!aboutJson.empty()) {
        j["about"] = nlohmann::json::parse(aboutJson);
    }
    j["tables"] = nlohmann::json::array();
    for (const Table& t : tables) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : t.rows) {
            nlohmann::json r = nlohmann::json::array();
            for (const std::string& c : row) {
                r.push_back(cell(c));
            }
            rows.push_back(std::move(r));
        }
        j["tables"].push_back({{"id", t.id},
                               {"title", t.title},
                               {"header", t.header},
                               {"rows", rows},
                               {"note", t.note}});
    }
    return j.dump(2) + "\n";
}

}  // namespace headwave::cli
