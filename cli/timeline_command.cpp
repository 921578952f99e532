// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli timeline DIR... --text-file FILE: several model folders (training checkpoints, or
// twins with different positional schemes) analysed on one text, one Markdown row each (the paper's
// Tables 4 and 5 with the spread across heads). See headwave/run/checkpoint_timeline.h.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <memory>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/run/checkpoint_timeline.h"
#include "interrupt.h"
#include "options.h"
#include "progress_bar.h"

namespace headwave::cli {

namespace {

std::string num(double v, int digits) {
    if (std::isnan(v)) {
        return "n/a";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string pct(double v) {
    return std::isnan(v) ? "n/a" : num(100.0 * v, 1);
}

constexpr const MetricFamily& kSpectralEntropy = metricFamily("spectral_entropy");
constexpr const MetricFamily& kSelectivity = metricFamily("selectivity");
constexpr const MetricFamily& kBandLow = metricFamily("band_low");
constexpr const MetricFamily& kBandMid = metricFamily("band_mid");
constexpr const MetricFamily& kBandHigh = metricFamily("band_high");
constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");

struct TimelineOptions {
    std::vector<std::string> dirs;
    TextOptions text;
    int minTokens = TimelineSettings{}.minTokens;
    int maxTokens = TimelineSettings{}.maxTokens;
    std::string alphas;
    int threads = 0;
    bool csv = false;
    bool json = false;
    bool quiet = false;
};

int run(const TimelineOptions& o) {
    TimelineSettings s;
    s.minTokens = o.minTokens;
    s.maxTokens = o.maxTokens;
    s.threads = o.threads;
    if (!o.alphas.empty()) {
        MethodOptions method;
        method.alphas = o.alphas;
        if (Status st = method.apply(s.method); !st) {
            return fail(st.error());
        }
    }
    if (!o.text.given()) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Give the text as --text STRING or --text-file PATH."));
    }
    std::string textPath = o.text.textFile;
    if (o.text.textOption->count() > 0 || o.text.textFile == "-") {
        auto text = o.text.read();
        if (!text) {
            return fail(text.error());
        }
        s.text = std::make_shared<const std::string>(std::move(text).value());
        textPath = o.text.textOption->count() > 0 ? "the text" : "standard input";
    }
    InterruptGuard& interrupt = *InterruptGuard::global();
    ProgressBar bar(o.quiet, ProgressBar::LogLines::Every30s);
    auto rows = computeTimeline(o.dirs, textPath, s, interrupt.token(),
                                [&](const Progress& p) { bar.show(p, "model"); });
    bar.finish();
    if (!rows) {
        if (rows.error().code == ErrorCode::Cancelled) {
            std::cerr << "headwave-cli timeline: stopped.\n";
        }
        return fail(rows.error());
    }
    std::vector<std::string> header = {
        "model",       "step",  "positional", "seqs",  "H_s mean", "H_s std (heads)",
        "selectivity", "low %", "low % std",  "mid %", "high %",   "heads low/mid/high"};
    for (double alpha : s.method.alphas) {
        header.push_back("sens. " + formatShortest(alpha) + "x");
    }
    header.push_back("rho");
    std::vector<std::vector<std::string>> table;
    for (const TimelineRow& r : rows.value()) {
        std::vector<std::string> row = {r.dir,
                                        r.step >= 0 ? std::to_string(r.step) : "-",
                                        r.positional,
                                        std::to_string(r.sequences),
                                        num(r.summary(kSpectralEntropy).mean, 3),
                                        num(r.summary(kSpectralEntropy).std, 3),
                                        num(r.summary(kSelectivity).mean, 3),
                                        pct(r.summary(kBandLow).mean),
                                        pct(r.summary(kBandLow).std),
                                        pct(r.summary(kBandMid).mean),
                                        pct(r.summary(kBandHigh).mean),
                                        std::to_string(r.lowHeads) + "/" +
                                            std::to_string(r.midHeads) + "/" +
                                            std::to_string(r.highHeads)};
        for (std::size_t alpha = 0; alpha < r.layout.settings().alphas.size(); ++alpha) {
            row.push_back(num(r.summary(kSensitivity, alpha).mean, 3));
        }
        row.push_back(num(r.rho, 3));
        table.push_back(row);
    }
    if (o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& row : table) {
            nlohmann::json r;
            for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
                r[header[i]] = row[i];
            }
            j.push_back(std::move(r));
        }
        std::cout << j.dump(2) << '\n';
        return kExitOk;
    }
    const bool csv = o.csv;
    auto print = [&](const std::vector<std::string>& cells) {
        std::string line = csv ? "" : "|";
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += csv ? (i ? "," : "") + cells[i] : " " + cells[i] + " |";
        }
        std::cout << line << '\n';
    };
    print(header);
    if (!csv) {
        print(std::vector<std::string>(header.size(), "---"));
    }
    for (const auto& row : table) {
        print(row);
    }
    return kExitOk;
}

}  // namespace

void addTimeline(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<TimelineOptions>();
    CLI::App* c = app.add_subcommand(
        "timeline", "Checkpoints or positional twins side by side on one text (Tables 4, 5).");
    c->footer(
        "Analyses each model folder on the text and prints one row per folder: spectral entropy\n"
        "H_s, selectivity, low/mid/high band shares, scale sensitivity per alpha (mean over\n"
        "heads) and the spread across heads (std of H_s and of the low-band share; how many heads\n"
        "have the low, mid or high band as their largest share), as Markdown. The text is packed\n"
        "into sequences like a corpus. Checkpoints written by `headwave-cli train` show their\n"
        "training step.");
    c->add_option(
         "DIR", o->dirs,
         "the model folders (or Hugging Face ids org/name[@revision] from the local cache)")
        ->type_name("")
        ->required();
    o->text.add(*c);
    c->add_option("--min-tokens", o->minTokens, "the shortest packed sequence")
        ->type_name("N")
        ->check(wholeNumber(2, 1'000'000))
        ->capture_default_str();
    c->add_option("--max-tokens", o->maxTokens,
                  "the longest packed sequence (lowered to a model's context)")
        ->type_name("N")
        ->check(wholeNumber(2, 1'000'000))
        ->capture_default_str();
    c->add_option("--alphas", o->alphas,
                  "scale-sensitivity factors in (0, 1] (default 0.5,0.25; none: no rescaling)")
        ->type_name("A,...|none");
    c->add_option("-j,--threads", o->threads, "cores (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    c->add_flag("--csv", o->csv, "comma-separated values instead of Markdown");
    c->add_flag("--json", o->json, "JSON instead of Markdown");
    c->add_flag("-q,--quiet", o->quiet, "no progress bar");
    c->get_option("--csv")->excludes(c->get_option("--json"));
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
