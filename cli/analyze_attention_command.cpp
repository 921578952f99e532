// headwave-cli analyze-attention FILE... --out DIR: the docs/method.md metrics of attention
// exported from any framework (.npy / .safetensors), one file per sequence.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <system_error>

#include "arguments.h"
#include "commands.h"
#include "headwave/run/attention_files.h"
#include "headwave/run/metrics_writer.h"
#include "interrupt.h"

namespace headwave::cli {

namespace {

const char* kHelp =
    "Usage: headwave-cli analyze-attention FILE... --out DIR [options]\n"
    "\n"
    "Analyses post-softmax attention exported from any framework. Each FILE is one sequence:\n"
    ".npy (float32/float64, C order) or .safetensors (F32/F64/F16/BF16), shaped [L,H,T,T],\n"
    "[H,T,T] or [T,T] (rows = queries). All files must have the same layers and heads.\n"
    "\n"
    "Writes DIR/metrics.csv (one row per sequence, layer and head), DIR/heads.csv (per-head\n"
    "mean and std over sequences, rho) and DIR/summary.json (settings, model summary, layer\n"
    "profiles). Columns and units: docs/method.md, \"Columns of the results file\".\n"
    "\n"
    "Options:\n"
    "  --out DIR                 output folder (created if missing)\n"
    "  --force                   replace existing output files\n"
    "  --tensor NAME             .safetensors: the tensor or per-layer series to read\n"
    "  --threads N               worker threads (default: all cores)\n"
    "  --renormalise-rows        divide rows that do not sum to 1 by their sum (reported)\n"
    "  --row-sum-tolerance X     allowed |row sum - 1| (default 1e-3)\n"
    "  --quiet                   no progress on stderr\n"
    "\n"
    "Scale sensitivity needs the model itself (the rescaled sequence is run again), so it is not\n"
    "part of this command's output.\n"
    "\n";

struct ProgressPrinter {
    bool enabled = true;
    bool tty = isatty(STDERR_FILENO) != 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last{};

    void print(const Progress& p) {
        if (!enabled) {
            return;
        }
        // A terminal gets a live bar (the analyzer already throttles to ~20 Hz); a log file gets a
        // line at most every 2 s, and the last one.
        const auto now = std::chrono::steady_clock::now();
        const bool final = p.fraction >= 1.0;
        if (!tty && !final && now - last < std::chrono::seconds(2)) {
            return;
        }
        last = now;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double left = p.fraction > 0 ? elapsed * (1.0 - p.fraction) / p.fraction : 0.0;
        const int width = 30;
        const int filled = static_cast<int>(p.fraction * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        std::fprintf(stderr, "%s[%s] %3d%%  sequence %d/%d  %s  ~%.0f s left%s", tty ? "\r" : "",
                     bar.c_str(), static_cast<int>(p.fraction * 100.0), p.done + 1, p.total,
                     p.stage.c_str(), left, tty ? "\x1b[K" : "\n");
        std::fflush(stderr);
    }
    void finish() {
        if (enabled && tty) {
            std::fprintf(stderr, "\n");
        }
    }
};

int fail(const Error& e) {
    std::cerr << "headwave-cli: " << e.message << '\n';
    if (!e.detail.empty()) {
        std::cerr << "  detail: " << e.detail << '\n';
    }
    return e.code == ErrorCode::Cancelled         ? kExitInterrupted
           : e.code == ErrorCode::InvalidArgument ? kExitUsage
                                                  : kExitFailure;
}

}  // namespace

int analyzeAttentionCommand(const std::vector<std::string>& argv) {
    std::set<std::string> valued = methodOptionNames();
    valued.insert({"out", "tensor", "threads", "row-sum-tolerance"});
    auto parsed = Arguments::parse(argv, valued, {"force", "renormalise-rows", "quiet", "help"});
    if (!parsed) {
        std::cerr << "headwave-cli analyze-attention: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const Arguments& args = parsed.value();
    if (args.has("help")) {
        std::cout << kHelp << methodOptionsHelp();
        return kExitOk;
    }
    if (args.positional().empty() || !args.has("out")) {
        std::cerr << "headwave-cli analyze-attention: give at least one attention FILE and --out "
                     "DIR.\n\n"
                  << kHelp;
        return kExitUsage;
    }

    AttentionFilesSettings settings;
    if (Status s = applyMethodOptions(args, settings.method); !s) {
        return fail(s.error());
    }
    auto threads = args.intValue("threads", 0, 0, 1024);
    if (!threads) {
        return fail(threads.error());
    }
    settings.threads = threads.value();
    settings.checks.renormaliseRows = args.has("renormalise-rows");
    auto tol = args.doubleValue("row-sum-tolerance", settings.checks.rowSumTolerance);
    if (!tol || tol.value() < 0) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Option --row-sum-tolerance needs a non-negative number."));
    }
    settings.checks.rowSumTolerance = tol.value();
    settings.file.tensorName = args.value("tensor");
    settings.outDir = args.value("out");
    settings.force = args.has("force");
    settings.version = HEADWAVE_VERSION;

    InterruptGuard& interrupt = *InterruptGuard::global();
    ProgressPrinter progress;
    progress.enabled = !args.has("quiet");
    auto result = analyzeAttentionFiles(args.positional(), settings, interrupt.token(),
                                        [&](const Progress& p) { progress.print(p); });
    progress.finish();
    if (!result) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no output was written.\n";
            return kExitInterrupted;
        }
        return fail(result.error());
    }
    for (const Warning& w : result->warnings) {
        std::cerr << "headwave-cli: warning: "
                  << result->sources[static_cast<std::size_t>(w.sequence)] << ": " << w.message
                  << '\n';
    }
    const CorpusSummary& summary = *result->summary;
    const MetricLayout& layout = summary.layout;
    const AttentionShape shape = result->shape;

    // A short model summary on stdout.
    std::printf("%lld sequence(s), %d layers x %d heads, wavelet level %d\n",
                static_cast<long long>(summary.sequences), shape.layers, shape.heads,
                result->level);
    std::printf("%-22s %10s %10s %10s\n", "metric (over heads)", "mean", "std", "IQR");
    for (std::size_t c = 0; c < layout.size(); ++c) {
        if (!layout.column(c).family->uses.runSummary) {
            continue;
        }
        const Summary& s = summary.columns[c].overHeads;
        std::printf("%-22s %10.4g %10.4g %10.4g\n", layout.column(c).key.c_str(), s.mean, s.std,
                    s.iqr);
    }
    std::printf("rho (position-spectrum): %s%s\n", formatNumber(summary.rhoModel).c_str(),
                std::isnan(summary.rhoModel)
                    ? (std::string(" (") + toString(summary.rhoModelStatus) + ")").c_str()
                    : "");
    std::printf("wrote %s, %s, %s\n", result->metricsPath.c_str(), result->headsPath.c_str(),
                result->summaryPath.c_str());
    return kExitOk;
}

}  // namespace headwave::cli
