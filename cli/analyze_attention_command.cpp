// headwave-cli analyze-attention FILE... --out DIR: the METHOD.md metrics of attention exported
// from any framework (.npy / .safetensors), one file per sequence.
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
#include "headwave/core/mapped_file.h"
#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/formats/attention_file.h"
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
    "profiles). Columns and units: docs/command-line.md, \"Output files\".\n"
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

    void print(std::size_t index, std::size_t total, const std::string& name, const Progress& p) {
        if (!enabled) {
            return;
        }
        // A terminal gets a live bar (the analyzer already throttles to ~20 Hz); a log file gets a
        // line at most every 2 s, and the last one.
        const auto now = std::chrono::steady_clock::now();
        const bool final = index + 1 == total && p.done == p.total;
        if (!tty && !final && now - last < std::chrono::seconds(2)) {
            return;
        }
        last = now;
        const double done = (static_cast<double>(index) + p.fraction) / static_cast<double>(total);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double left = done > 0 ? elapsed * (1.0 - done) / done : 0.0;
        const int width = 30;
        const int filled = static_cast<int>(done * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        std::fprintf(stderr, "%s[%s] %3d%%  sequence %zu/%zu  layer %d/%d  %s  ~%.0f s left%s",
                     tty ? "\r" : "", bar.c_str(), static_cast<int>(done * 100.0), index + 1, total,
                     p.done, p.total, name.c_str(), left, tty ? "\x1b[K" : "\n");
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

    MethodSettings settings;
    // Rescaled attention cannot come from a file of one sequence: no scale-sensitivity columns
    // unless asked for explicitly (they would stay NaN).
    settings.alphas.clear();
    if (Status s = applyMethodOptions(args, settings); !s) {
        return fail(s.error());
    }
    AnalyzerOptions options;
    auto threads = args.intValue("threads", 0, 0, 1024);
    if (!threads) {
        return fail(threads.error());
    }
    options.threads = threads.value();
    options.checks.renormaliseRows = args.has("renormalise-rows");
    auto tol = args.doubleValue("row-sum-tolerance", options.checks.rowSumTolerance);
    if (!tol || tol.value() < 0) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Option --row-sum-tolerance needs a non-negative number."));
    }
    options.checks.rowSumTolerance = tol.value();
    AttentionFileOptions fileOptions;
    fileOptions.tensorName = args.value("tensor");

    // Open every file first: shapes must agree and the shortest sequence fixes the wavelet depth.
    std::vector<std::unique_ptr<AttentionSource>> sources;
    int minTokens = 0;
    for (const std::string& path : args.positional()) {
        auto src = openAttentionFile(path, fileOptions);
        if (!src) {
            return fail(src.error());
        }
        const AttentionShape shape = src.value()->shape();
        if (!sources.empty()) {
            const AttentionShape first = sources.front()->shape();
            if (shape.layers != first.layers || shape.heads != first.heads) {
                return fail(makeError(ErrorCode::InvalidAttention,
                                      "'" + path + "' has " + std::to_string(shape.layers) +
                                          " layers x " + std::to_string(shape.heads) +
                                          " heads but '" + sources.front()->name() + "' has " +
                                          std::to_string(first.layers) + " x " +
                                          std::to_string(first.heads) +
                                          "; analyse files of different models in separate runs."));
            }
        }
        minTokens = sources.empty() ? shape.tokens : std::min(minTokens, shape.tokens);
        sources.push_back(std::move(src.value()));
    }
    auto level = resolveWaveletLevel(settings, minTokens);
    if (!level) {
        return fail(level.error());
    }

    const std::filesystem::path outDir = args.value("out");
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec || !std::filesystem::is_directory(outDir)) {
        return fail(makeError(ErrorCode::FileWrite,
                              "Cannot create the output folder '" + outDir.string() +
                                  "'; choose a folder you can write to.",
                              ec.message()));
    }
    const auto metricsPath = outDir / "metrics.csv";
    const auto headsPath = outDir / "heads.csv";
    const auto summaryPath = outDir / "summary.json";
    if (!args.has("force")) {
        for (const auto& p : {metricsPath, headsPath, summaryPath}) {
            if (std::filesystem::exists(p)) {
                return fail(makeError(ErrorCode::InvalidArgument,
                                      "'" + p.string() +
                                          "' already exists; use --force to replace it or "
                                          "choose another --out folder."));
            }
        }
    }

    const AttentionShape shape = sources.front()->shape();
    const MetricLayout layout(settings, level.value());
    CorpusAggregator aggregator(layout, shape.layers, shape.heads, settings.rho);
    RunDescription run;
    run.version = HEADWAVE_VERSION;
    run.settingsJson = settings.toJson();

    InterruptGuard& interrupt = *InterruptGuard::global();
    ProgressPrinter progress;
    progress.enabled = !args.has("quiet");
    SequenceAnalyzer analyzer(settings, level.value(), options);

    // Errors of the analysis itself are reported as they are, not as write errors of the file.
    std::optional<Error> analysisError;
    // metrics.csv is streamed into a temporary file while the sequences are analysed and only
    // renamed into place when every sequence succeeded: an error or Ctrl-C leaves nothing behind.
    Status written = writeFileAtomically(metricsPath.string(), [&](std::FILE* f) -> Status {
        const std::string header = sequenceCsvHeader(layout);
        if (Status s = writeAll(f, header.data(), header.size()); !s) {
            return s;
        }
        for (std::size_t i = 0; i < sources.size(); ++i) {
            AttentionSource& src = *sources[i];
            auto result = analyzer.run(src, interrupt.token(), [&](const Progress& p) {
                progress.print(i, sources.size(), src.name(), p);
            });
            if (!result) {
                analysisError = result.error();
                return result.error();
            }
            std::string rows;
            appendSequenceCsvRows(rows, layout, static_cast<int>(i), result.value());
            if (Status s = writeAll(f, rows.data(), rows.size()); !s) {
                return s;
            }
            if (Status s = aggregator.add(result.value()); !s) {
                analysisError = s.error();
                return s;
            }
            run.sources.push_back(src.name());
            run.tokens.push_back(src.shape().tokens);
            for (const std::string& w : result->warnings) {
                run.warnings.push_back(src.name() + ": " + w);
            }
            // Release this file's mapping as soon as it is done.
            sources[i].reset();
        }
        return {};
    });
    progress.finish();
    if (!written) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no output was written.\n";
            return kExitInterrupted;
        }
        return fail(analysisError ? *analysisError : written.error());
    }

    auto summary = aggregator.summary();
    const std::string heads = headsCsv(*summary);
    const std::string json = summaryJson(*summary, run);
    for (const auto& [path, contents] :
         {std::pair{headsPath, &heads}, std::pair{summaryPath, &json}}) {
        const std::string* text = contents;  // clang 14 cannot capture a structured binding
        Status s = writeFileAtomically(
            path.string(), [&](std::FILE* f) { return writeAll(f, text->data(), text->size()); });
        if (!s) {
            return fail(s.error());
        }
    }
    for (const std::string& w : run.warnings) {
        std::cerr << "headwave-cli: warning: " << w << '\n';
    }

    // A short model summary on stdout.
    std::printf("%lld sequence(s), %d layers x %d heads, wavelet level %d\n",
                static_cast<long long>(summary->sequences), shape.layers, shape.heads,
                level.value());
    std::printf("%-22s %10s %10s %10s\n", "metric (over heads)", "mean", "std", "IQR");
    for (std::size_t c = 0; c < layout.size(); ++c) {
        if (!layout.column(c).family->uses.runSummary) {
            continue;
        }
        const Summary& s = summary->columns[c].overHeads;
        std::printf("%-22s %10.4g %10.4g %10.4g\n", layout.column(c).key.c_str(), s.mean, s.std,
                    s.iqr);
    }
    std::printf("rho (position-spectrum): %s%s\n", formatNumber(summary->rhoModel).c_str(),
                std::isnan(summary->rhoModel)
                    ? (std::string(" (") + toString(summary->rhoModelStatus) + ")").c_str()
                    : "");
    std::printf("wrote %s, %s, %s\n", metricsPath.c_str(), headsPath.c_str(), summaryPath.c_str());
    return kExitOk;
}

}  // namespace headwave::cli
