// headwave-cli train --corpus FILE --out DIR: trains one of Headwave's small models and writes
// Hugging Face checkpoints (see headwave/model/trainer.h).
#include <chrono>
#include <cstdio>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "headwave/model/trainer.h"
#include "interrupt.h"

namespace headwave::cli {

namespace {

const char* kHelp =
    "Usage: headwave-cli train --corpus FILE --out DIR [options]\n"
    "\n"
    "Trains a small causal language model (RMSNorm, attention, SwiGLU; byte-level tokenizer) and\n"
    "writes checkpoints DIR/step-NNNN/ (config.json, model.safetensors, tokenizer.json) that open\n"
    "in Headwave like any model. Ctrl-C stops after the current step and saves DIR/train-state;\n"
    "the same command with --resume continues. Runs with the same settings and thread count are\n"
    "bit-identical.\n"
    "\n"
    "Options:\n"
    "  --positional S      rope (default), none, learned, sinusoidal, alibi\n"
    "  --layers N          4          --heads N        6\n"
    "  --hidden N          96         --intermediate N 192\n"
    "  --context N         256 (tokens per training sequence = the model's context)\n"
    "  --batch N           2 (sequences per step)\n"
    "  --steps N           1000\n"
    "  --lr X              0.003 (AdamW peak; 50 warm-up steps, cosine decay to 10%)\n"
    "  --warmup N          50\n"
    "  --weight-decay X    0.1\n"
    "  --seed N            1\n"
    "  --threads N         2 (fixed: results depend on it)\n"
    "  --save-steps LIST   0,128,512,1000,2000 (comma-separated; the last step is always saved;\n"
    "                      'last' for the last step only)\n"
    "  --dtype T           float32 (default) or float16 checkpoint weights\n"
    "  --resume            continue from DIR/train-state\n"
    "  --quiet             no progress lines\n";

}  // namespace

int trainCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv,
                                   {"corpus", "out", "positional", "layers", "heads", "hidden",
                                    "intermediate", "context", "batch", "steps", "lr", "warmup",
                                    "weight-decay", "seed", "threads", "save-steps", "dtype"},
                                   {"help", "resume", "quiet"});
    if (!parsed) {
        std::cerr << "headwave-cli train: " << parsed.error().message << "\n\n" << kHelp;
        return kExitUsage;
    }
    const Arguments& a = parsed.value();
    if (a.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!a.has("corpus") || !a.has("out")) {
        std::cerr << kHelp;
        return kExitUsage;
    }
    TrainSettings s;
    s.corpusPath = a.value("corpus");
    s.outDir = a.value("out");
    auto scheme = parsePositionalScheme(a.value("positional", "rope"));
    if (!scheme || *scheme == PositionalScheme::RelativeBias) {
        std::cerr << "headwave-cli train: --positional must be rope, none, learned, sinusoidal "
                     "or alibi.\n";
        return kExitUsage;
    }
    s.positional = *scheme;
    bool usage = false;
    auto integer = [&](const char* name, int& target, int lo, int hi) {
        auto v = a.intValue(name, target, lo, hi);
        if (!v) {
            std::cerr << "headwave-cli train: " << v.error().message << '\n';
            usage = true;
            return;
        }
        target = *v;
    };
    auto number = [&](const char* name, double& target) {
        auto v = a.doubleValue(name, target);
        if (!v) {
            std::cerr << "headwave-cli train: " << v.error().message << '\n';
            usage = true;
            return;
        }
        target = *v;
    };
    integer("layers", s.layers, 1, 64);
    integer("heads", s.heads, 1, 1024);
    integer("hidden", s.hidden, 2, 8192);
    integer("intermediate", s.intermediate, 1, 65536);
    integer("context", s.context, 2, 8192);
    integer("batch", s.batch, 1, 4096);
    integer("steps", s.steps, 0, 10'000'000);
    integer("warmup", s.warmupSteps, 1, 10'000'000);
    integer("threads", s.threads, 1, 1024);
    int seed = static_cast<int>(s.seed);
    integer("seed", seed, 0, 2'000'000'000);
    s.seed = static_cast<std::uint64_t>(seed);
    number("lr", s.learningRate);
    number("weight-decay", s.weightDecay);
    if (a.has("save-steps")) {
        if (a.value("save-steps") == "last") {
            s.saveSteps.clear();
        } else {
            auto list = a.intList("save-steps");
            if (!list) {
                std::cerr << "headwave-cli train: " << list.error().message << '\n';
                usage = true;
            } else {
                s.saveSteps = *list;
            }
        }
    }
    const std::string dtype = a.value("dtype", "float32");
    if (dtype != "float32" && dtype != "float16") {
        std::cerr << "headwave-cli train: --dtype must be float32 or float16.\n";
        usage = true;
    }
    if (usage) {
        return kExitUsage;
    }
    s.float16 = dtype == "float16";
    s.resume = a.has("resume");
    const bool quiet = a.has("quiet");

    InterruptGuard* guard = InterruptGuard::global();
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::seconds(10);
    auto progress = [&](const TrainProgress& p) {
        if (quiet) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!p.checkpoint.empty()) {
            std::printf("step %5d/%d  saved %s\n", p.step, p.steps, p.checkpoint.c_str());
        } else if (now - lastPrint >= std::chrono::seconds(1) || p.step == p.steps) {
            std::printf("step %5d/%d  loss %.4f  lr %.2e  %.0f tokens/s\n", p.step, p.steps, p.loss,
                        p.learningRate, p.tokensPerSecond);
            lastPrint = now;
        } else {
            return;
        }
        std::fflush(stdout);
    };
    auto result = trainModel(s, progress, guard != nullptr ? guard->token() : std::stop_token{});
    if (!result) {
        std::cerr << "headwave-cli train: " << result.error().message << '\n';
        if (!result.error().detail.empty()) {
            std::cerr << "  (" << result.error().detail << ")\n";
        }
        return kExitFailure;
    }
    if (result->stopped) {
        std::cerr << "headwave-cli train: stopped after step " << result->stepsDone
                  << "; the state is saved. Run the same command with --resume to continue.\n";
        return kExitInterrupted;
    }
    if (!quiet) {
        std::printf("trained %d steps in %.1f s (%.0f tokens/s), final loss %.4f\n",
                    result->stepsDone, result->seconds, result->tokensPerSecond, result->finalLoss);
        for (const TrainCheckpoint& c : result->checkpoints) {
            std::printf("  %s  validation loss %.4f\n", c.dir.c_str(), c.validationLoss);
        }
    }
    return kExitOk;
}

}  // namespace headwave::cli
