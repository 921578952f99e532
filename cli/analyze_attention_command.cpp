// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli analyze-attention FILE... --out DIR: the docs/method.md metrics of attention
// exported from any framework (.npy / .npz / .safetensors, or a folder of per-layer files), one
// file per sequence
// (analyzeAttentionFiles in the engine's run wing).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "headwave/run/attention_files.h"
#include "headwave/run/metrics_writer.h"
#include "interrupt.h"
#include "options.h"
#include "progress_bar.h"

namespace headwave::cli {

namespace {

struct AnalyzeAttentionOptions {
    std::vector<std::string> files;
    std::string out;
    std::string tensor;
    int threads = 0;
    bool force = false;
    bool quiet = false;
    MethodOptions method;
    CheckOptions checks;
};

int run(const AnalyzeAttentionOptions& o) {
    AttentionFilesSettings settings;
    if (Status s = o.method.apply(settings.method); !s) {
        return fail(s.error());
    }
    settings.threads = o.threads;
    settings.checks = o.checks.checks();
    settings.file.tensorName = o.tensor;
    settings.outDir = o.out;
    settings.force = o.force;
    settings.version = HEADWAVE_VERSION;

    InterruptGuard& interrupt = *InterruptGuard::global();
    ProgressBar bar(o.quiet);
    auto result = analyzeAttentionFiles(o.files, settings, interrupt.token(),
                                        [&](const Progress& p) { bar.show(p, "sequence"); });
    bar.finish();
    if (!result) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no output was written.\n";
            return exitStatus(ErrorCode::Cancelled);
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

}  // namespace

void addAnalyzeAttention(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<AnalyzeAttentionOptions>();
    CLI::App* c =
        app.add_subcommand("analyze-attention",
                           "The metrics of attention exported from any framework, one file per "
                           "sequence.");
    c->footer(
        "Each FILE is one sequence: .npy (float32/float64, C order), .npz (np.savez or\n"
        "np.savez_compressed) or .safetensors (F32/F64/F16/BF16), shaped [L,H,T,T], [H,T,T] or\n"
        "[T,T] (rows = queries), or a folder of one file per layer (layer_0.npy, layer_1.npy,\n"
        "...). All must have the same layers and heads; a token sidecar beside a file\n"
        "(NAME.tokens.json) must name its T tokens. Writes DIR/metrics.csv (one row per sequence, "
        "layer and\n"
        "head), DIR/heads.csv (per-head mean and std over sequences, rho) and DIR/summary.json\n"
        "(settings, model summary, layer profiles); columns and units: docs/method.md, \"Columns\n"
        "of the results file\". Scale sensitivity needs the model itself (the rescaled sequence\n"
        "is run again), so it is not part of this command's output.");
    c->add_option("FILE", o->files, "attention files or per-layer folders, one per sequence")
        ->type_name("")
        ->required();
    c->add_option("-o,--out", o->out, "the output folder (created when missing)")
        ->type_name("DIR")
        ->required();
    c->add_flag("-f,--force", o->force, "replace existing output files");
    c->add_option(
         "--tensor", o->tensor,
         ".safetensors/.npz: the tensor (array) or per-layer series to read (default: the only "
         "one)")
        ->type_name("NAME");
    c->add_option("-j,--threads", o->threads, "threads for the heads of a layer (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    c->add_flag("-q,--quiet", o->quiet, "no progress bar");
    o->checks.add(*c);
    o->method.add(*c, /*alphas=*/false, /*subsampling=*/false);
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
