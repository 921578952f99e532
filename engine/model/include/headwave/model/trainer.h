// SPDX-License-Identifier: GPL-3.0-or-later
// Trains Headwave's own small causal language models (the "headwave" model type: a Llama-style
// block -- RMSNorm, attention, SwiGLU -- with a byte-level tokenizer and a choice of positional
// scheme) and writes Hugging Face checkpoint folders that loadAttentionModel and loadTokenizer open
// like any other model. The libtorch code lives in one translation unit (src/model/trainer.cpp).
//
//   TrainSettings s;
//   s.corpusPath = "../shared/text/tinyshakespeare.txt";
//   s.outDir = "demo/rope";
//   Result<TrainResult> r = trainModel(s, [](const TrainProgress& p) { ... }, stop);
//   // demo/rope/step-0000, step-0128, ... each with config.json, model.safetensors, tokenizer.json
//
// Determinism: the initial weights come from at::manual_seed(seed); the sequences of step s are
// drawn by a counter-based generator from (seed, s), so they do not depend on how the run was
// split by stops and resumes; training uses exactly `threads` intra-op threads. Two runs with the
// same settings on the same machine produce bit-identical checkpoints; a stopped and resumed run
// equals an uninterrupted one.
#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/model/model_config.h"

namespace headwave {

struct TrainSettings {
    std::string corpusPath;  // any file; its bytes are the tokens
    std::string outDir;      // checkpoints step-NNNN/ and the resume state train-state/

    // Rope, None, Learned, Sinusoidal (token embeddings scaled by sqrt(hidden) before the table is
    // added, as Vaswani et al.; config.json's embedding_scale), Alibi.
    PositionalScheme positional = PositionalScheme::Rope;
    int layers = 4;
    int heads = 6;
    int hidden = 96;  // head dim = hidden / heads
    int intermediate = 192;
    int context = 256;  // tokens per training sequence = max_position_embeddings
    double ropeTheta = 10000.0;

    int batch = 2;  // sequences per step
    int steps = 1000;
    double learningRate = 3e-3;  // AdamW peak; linear warm-up, then cosine decay
    int warmupSteps = 50;
    double minLearningRateRatio = 0.1;  // the cosine ends at this fraction of the peak
    double weightDecay = 0.1;           // on the matrices only (not embeddings, norms)
    double beta1 = 0.9;
    double beta2 = 0.95;
    double gradientClip = 1.0;         // global L2 norm; 0 = off
    double validationFraction = 0.05;  // the corpus' last bytes, held out for the checkpoints' loss

    std::uint64_t seed = 1;
    int threads = 2;  // libtorch intra-op threads, fixed: float sums depend on the split

    // Checkpoints after these many optimizer steps (0 = the initial weights); the last step is
    // always saved. Steps beyond `steps` are ignored.
    std::vector<int> saveSteps = {0, 128, 512, 1000, 2000};
    bool float16 = false;  // store checkpoint weights as F16 (training is float32 throughout)
    bool resume = false;   // continue from outDir/train-state (same settings required)
};

struct TrainProgress {
    int step = 0;  // optimizer steps done
    int steps = 0;
    double loss = 0;  // training loss of the latest step, nats per token
    double learningRate = 0;
    double tokensPerSecond = 0;  // since this run (or resume) started
    std::string checkpoint;      // the folder written at this step, if any
};

struct TrainCheckpoint {
    int step = 0;
    std::string dir;
    double validationLoss = 0;  // nats per token on the held-out bytes
};

struct TrainResult {
    int stepsDone = 0;
    bool stopped = false;  // stopped by the token; the state to resume from is saved
    double finalLoss = 0;
    double seconds = 0;
    double tokensPerSecond = 0;
    std::vector<TrainCheckpoint> checkpoints;  // written in this run
};

// Trains as settings say. progress is called after every step (and after each checkpoint);
// callers throttle their display. Stop is polled between steps: the run then saves its resume
// state and returns with stopped = true. Errors: unreadable or too short corpus (it needs more
// than context + 1 bytes after the held-out part), bad settings (each names the value), an output
// folder that cannot be written, --resume without a saved state or with different settings.
Result<TrainResult> trainModel(const TrainSettings& settings,
                               const std::function<void(const TrainProgress&)>& progress = {},
                               std::stop_token stop = {});

// The trainer's own forward pass (the training code, batch of one, float32) on a checkpoint folder
// it wrote: the oracle the engine's forward of the same folder is tested against.
struct TrainerForward {
    std::vector<float> logits;     // [T, vocab]
    std::vector<float> attention;  // [layers, heads, T, T] post-softmax
    int layers = 0;
    int heads = 0;
    int tokens = 0;
    int vocab = 0;
};
Result<TrainerForward> trainerForward(const std::string& checkpointDir,
                                      const std::vector<int>& ids);

}  // namespace headwave
