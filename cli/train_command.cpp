// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli train --corpus FILE --out DIR: trains one of Headwave's small models and writes
// Hugging Face checkpoints (see headwave/model/trainer.h).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "headwave/model/trainer.h"
#include "interrupt.h"
#include "options.h"

namespace headwave::cli {

namespace {

struct TrainOptions {
    TrainSettings settings;
    std::string positional = "rope";
    int seed = 1;
    std::string saveSteps;
    std::string dtype = "float32";
    bool quiet = false;
};

int run(TrainOptions o) {
    TrainSettings& s = o.settings;
    auto scheme = parsePositionalScheme(o.positional);
    if (!scheme || *scheme == PositionalScheme::RelativeBias) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "--positional must be rope, none, learned, sinusoidal or alibi."));
    }
    s.positional = *scheme;
    s.seed = static_cast<std::uint64_t>(o.seed);
    if (!o.saveSteps.empty()) {
        if (o.saveSteps == "last") {
            s.saveSteps.clear();
        } else {
            auto list = parseIntegers("--save-steps", o.saveSteps);
            if (!list) {
                return fail(list.error());
            }
            s.saveSteps = *list;
        }
    }
    if (o.dtype != "float32" && o.dtype != "float16") {
        return fail(makeError(ErrorCode::InvalidArgument, "--dtype must be float32 or float16."));
    }
    s.float16 = o.dtype == "float16";

    // Progress goes to standard error, as a line per second on a terminal (a training log of
    // loss values is what a user watches) and every 30 s in a log; checkpoints always.
    const bool tty = isatty(STDERR_FILENO) != 0;
    const auto every = tty ? std::chrono::seconds(1) : std::chrono::seconds(30);
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::seconds(60);
    auto progress = [&](const TrainProgress& p) {
        if (o.quiet) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!p.checkpoint.empty()) {
            std::fprintf(stderr, "step %5d/%d  saved %s\n", p.step, p.steps, p.checkpoint.c_str());
        } else if (now - lastPrint >= every || p.step == p.steps) {
            std::fprintf(stderr, "step %5d/%d  loss %.4f  lr %.2e  %.0f tokens/s\n", p.step,
                         p.steps, p.loss, p.learningRate, p.tokensPerSecond);
            lastPrint = now;
        }
    };
    auto result = trainModel(s, progress, InterruptGuard::global()->token());
    if (!result) {
        return fail(result.error());
    }
    if (result->stopped) {
        std::cerr << "headwave-cli train: stopped after step " << result->stepsDone
                  << "; the state is saved. Run the same command with --resume to continue.\n";
        return exitStatus(ErrorCode::Cancelled);
    }
    std::printf("trained %d steps in %.1f s (%.0f tokens/s), final loss %.4f\n", result->stepsDone,
                result->seconds, result->tokensPerSecond, result->finalLoss);
    for (const TrainCheckpoint& c : result->checkpoints) {
        std::printf("  %s  validation loss %.4f\n", c.dir.c_str(), c.validationLoss);
    }
    return kExitOk;
}

}  // namespace

void addTrain(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<TrainOptions>();
    TrainSettings& s = o->settings;
    CLI::App* c = app.add_subcommand(
        "train", "Trains a small causal language model and writes its checkpoints.");
    c->footer(
        "A model of RMSNorm, attention and SwiGLU blocks with a byte-level tokenizer; writes\n"
        "checkpoints DIR/step-NNNN/ (config.json, model.safetensors, tokenizer.json) that open in\n"
        "Headwave like any model. Ctrl-C stops after the current step and saves DIR/train-state;\n"
        "the same command with --resume continues. Runs with the same settings and thread count\n"
        "are bit-identical. The learning rate warms up linearly over --warmup steps, then decays\n"
        "as a cosine to 10 % of --lr.");
    c->add_option("-c,--corpus", s.corpusPath, "the training text")->type_name("FILE")->required();
    c->add_option("-o,--out", s.outDir, "the folder of the checkpoints")
        ->type_name("DIR")
        ->required();
    c->add_option("--positional", o->positional,
                  "the positional scheme: rope, none, learned, sinusoidal or alibi")
        ->type_name("S")
        ->capture_default_str();
    c->add_option("--layers", s.layers, "layers")
        ->type_name("N")
        ->check(wholeNumber(1, 64))
        ->capture_default_str();
    c->add_option("--heads", s.heads, "attention heads per layer")
        ->type_name("N")
        ->check(wholeNumber(1, 1024))
        ->capture_default_str();
    c->add_option("--hidden", s.hidden, "the model's width")
        ->type_name("N")
        ->check(wholeNumber(2, 8192))
        ->capture_default_str();
    c->add_option("--intermediate", s.intermediate, "the MLP's width")
        ->type_name("N")
        ->check(wholeNumber(1, 65536))
        ->capture_default_str();
    c->add_option("--context", s.context, "tokens per training sequence (the model's context)")
        ->type_name("N")
        ->check(wholeNumber(2, 8192))
        ->capture_default_str();
    c->add_option("--batch", s.batch, "sequences per step")
        ->type_name("N")
        ->check(wholeNumber(1, 4096))
        ->capture_default_str();
    c->add_option("--steps", s.steps, "optimizer steps")
        ->type_name("N")
        ->check(wholeNumber(0, 10'000'000))
        ->capture_default_str();
    c->add_option("--lr", s.learningRate, "the AdamW peak learning rate")
        ->type_name("X")
        ->check(range(1e-9, 10.0))
        ->capture_default_str();
    c->add_option("--warmup", s.warmupSteps, "warm-up steps")
        ->type_name("N")
        ->check(wholeNumber(1, 10'000'000))
        ->capture_default_str();
    c->add_option("--weight-decay", s.weightDecay, "AdamW weight decay")
        ->type_name("X")
        ->check(nonNegative())
        ->capture_default_str();
    c->add_option("--seed", o->seed, "the random seed")
        ->type_name("N")
        ->check(wholeNumber(0, 2'000'000'000))
        ->capture_default_str();
    c->add_option("-j,--threads", s.threads, "libtorch threads (fixed: the results depend on it)")
        ->type_name("N")
        ->check(wholeNumber(1, 1024))
        ->capture_default_str();
    c->add_option("--save-steps", o->saveSteps,
                  "steps after which a checkpoint is written (default 0,128,512,1000,2000; "
                  "the last step is always saved; 'last' for the last step only)")
        ->type_name("LIST");
    c->add_option("--dtype", o->dtype, "checkpoint weights: float32 or float16")
        ->type_name("T")
        ->capture_default_str();
    c->add_flag("--resume", s.resume, "continue from DIR/train-state");
    c->add_flag("-q,--quiet", o->quiet, "no progress lines");
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
