// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/report_tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "headwave/dsp/metric_catalogue.h"
#include "headwave/dsp/metric_layout.h"

namespace headwave {

namespace {

constexpr const MetricFamily& kBandLow = metricFamily("band_low");
constexpr const MetricFamily& kBandMid = metricFamily("band_mid");
constexpr const MetricFamily& kBandHigh = metricFamily("band_high");
constexpr const MetricFamily& kSelectivity = metricFamily("selectivity");
constexpr const MetricFamily& kSpectralEntropy = metricFamily("spectral_entropy");
constexpr const MetricFamily& kReconF32 = metricFamily("recon_error_f32");
constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");

// The mean over heads of a metric in a run, NaN when the run has no such column.
double meanOf(const RunResult& r, const MetricFamily& f, std::size_t position = 0) {
    const int c = r.layout.index(f, position);
    return c < 0 ? std::nan("") : r.summary->columns[static_cast<std::size_t>(c)].overHeads.mean;
}

}  // namespace

std::string formatReportNumber(double v, int digits) {
    if (std::isnan(v)) {
        return "n/a";
    }
    if (std::isinf(v)) {
        return v > 0 ? "inf" : "-inf";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string formatReportPercent(double v) {
    if (std::isnan(v)) {
        return "n/a";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
    return buf;
}

std::vector<Table> compareTables(const std::vector<std::shared_ptr<const RunResult>>& runs,
                                 const std::vector<std::string>& labels) {
    std::vector<double> alphas;
    for (const auto& r : runs) {
        for (double a : r->settings.method.alphas) {
            if (std::find(alphas.begin(), alphas.end(), a) == alphas.end()) {
                alphas.push_back(a);
            }
        }
    }
    Table t{"compare", "Runs side by side", {"run", "model", "positional", "sequences"}, {}, {}};
    for (double a : alphas) {
        t.header.push_back("sens. " + formatShortest(a) + "x");
    }
    for (const char* h :
         {"rho", "H_s mean", "selectivity mean", "low %", "mid %", "high %", "recon. f32"}) {
        t.header.push_back(h);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunResult& r = *runs[i];
        std::vector<std::string> row = {labels[i], r.model.name, r.model.positional,
                                        std::to_string(r.sequences())};
        for (double a : alphas) {
            const auto& own = r.settings.method.alphas;
            const auto at = std::find(own.begin(), own.end(), a);
            row.push_back(formatReportNumber(
                at == own.end()
                    ? std::nan("")
                    : meanOf(r, kSensitivity, static_cast<std::size_t>(at - own.begin())),
                3));
        }
        row.push_back(formatReportNumber(r.summary->rhoModel, 3));
        row.push_back(formatReportNumber(meanOf(r, kSpectralEntropy), 4));
        row.push_back(formatReportNumber(meanOf(r, kSelectivity), 3));
        row.push_back(formatReportPercent(meanOf(r, kBandLow)));
        row.push_back(formatReportPercent(meanOf(r, kBandMid)));
        row.push_back(formatReportPercent(meanOf(r, kBandHigh)));
        row.push_back(formatReportNumber(meanOf(r, kReconF32), 2));
        t.rows.push_back(row);
    }
    t.note =
        "As the paper's Tables 4 and 5: one row per run (model, positional scheme or "
        "training checkpoint).";
    return {t};
}

std::string toCsv(const Table& t) {
    auto field = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos) {
            return s;
        }
        std::string q = "\"";
        for (char c : s) {
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return q + "\"";
    };
    std::string out;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        out += (i ? "," : "") + field(t.header[i]);
    }
    out += "\n";
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += (i ? "," : "") + field(row[i]);
        }
        out += "\n";
    }
    return out;
}

}  // namespace headwave
