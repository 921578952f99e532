// headwave-cli timeline DIR... --text FILE: several model folders (training checkpoints, or twins
// with different positional schemes) analysed on one text, one Markdown row each (the paper's
// Tables 4 and 5 with the spread across heads). See headwave/run/checkpoint_timeline.h.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/run/checkpoint_timeline.h"
#include "interrupt.h"

namespace headwave::cli {

namespace {

const char* kHelp =
    "Usage: headwave-cli timeline DIR... --text FILE [options]\n"
    "\n"
    "Analyses each model folder on the text and prints one row per folder: spectral entropy\n"
    "H_s, selectivity, low/mid/high band shares, scale sensitivity per alpha (mean over heads)\n"
    "and the spread across heads (std of H_s and of the low-band share; how many heads have\n"
    "the low, mid or high band as their largest share), as Markdown.\n"
    "Checkpoints written by `headwave-cli train` show their training step.\n"
    "\n"
    "Options:\n"
    "  --text FILE          the text (a corpus file: paragraphs packed into sequences)\n"
    "  --min-tokens N       128   --max-tokens N   256 (lowered to the model's context)\n"
    "  --alpha A,...        0.5,0.25 (scale-sensitivity factors)\n"
    "  --threads N          0 = all cores\n"
    "  --csv                comma-separated instead of Markdown\n";

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

}  // namespace

int timelineCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv, {"text", "min-tokens", "max-tokens", "alpha", "threads"},
                                   {"help", "csv"});
    if (!parsed) {
        std::cerr << "headwave-cli timeline: " << parsed.error().message << "\n\n" << kHelp;
        return kExitUsage;
    }
    const Arguments& a = parsed.value();
    if (a.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!a.has("text") || a.positional().empty()) {
        std::cerr << kHelp;
        return kExitUsage;
    }
    TimelineSettings s;
    auto minTokens = a.intValue("min-tokens", s.minTokens, 1, 1'000'000);
    auto maxTokens = a.intValue("max-tokens", s.maxTokens, 1, 1'000'000);
    auto threads = a.intValue("threads", s.threads, 0, 1024);
    for (const auto* r : {&minTokens, &maxTokens, &threads}) {
        if (!*r) {
            std::cerr << "headwave-cli timeline: " << r->error().message << '\n';
            return kExitUsage;
        }
    }
    s.minTokens = *minTokens;
    s.maxTokens = *maxTokens;
    s.threads = *threads;
    if (a.has("alpha")) {
        auto alphas = a.doubleList("alpha");
        if (!alphas) {
            std::cerr << "headwave-cli timeline: " << alphas.error().message << '\n';
            return kExitUsage;
        }
        s.method.alphas = *alphas;
    }
    InterruptGuard* guard = InterruptGuard::global();
    auto rows = computeTimeline(a.positional(), a.value("text"), s,
                                guard != nullptr ? guard->token() : std::stop_token{});
    if (!rows) {
        if (rows.error().code == ErrorCode::Cancelled) {
            std::cerr << "headwave-cli timeline: stopped.\n";
            return kExitInterrupted;
        }
        std::cerr << "headwave-cli timeline: " << rows.error().message << '\n';
        return kExitFailure;
    }
    std::vector<std::string> header = {
        "model",       "step",  "positional", "seqs",  "H_s mean", "H_s std (heads)",
        "selectivity", "low %", "low % std",  "mid %", "high %",   "heads low/mid/high"};
    for (double alpha : s.method.alphas) {
        header.push_back("sens. " + formatShortest(alpha) + "x");
    }
    header.push_back("rho");
    std::vector<std::vector<std::string>> table;
    for (const TimelineRow& r : *rows) {
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
    const bool csv = a.has("csv");
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

}  // namespace headwave::cli
