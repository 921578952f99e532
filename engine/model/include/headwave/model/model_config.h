// SPDX-License-Identifier: GPL-3.0-or-later
// A Hugging Face config.json read into one plain struct: the architecture, its sizes and every
// switch that changes the attention (positional scheme, RoPE scaling, windows, soft-capping, ...).
//
//   Result<ModelConfig> c = parseModelConfig(text, "stories260K/config.json");
//   c->layers, c->heads, c->kvHeads, c->headDim, c->positional ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

enum class Architecture {
    Llama,     // llama (rope_scaling: linear, llama3), also Llama 2/3 and stories260K
    Mistral,   // mistral (optional sliding window)
    Qwen2,     // qwen2 (q/k/v biases, optional sliding window)
    Gemma,     // gemma (embedding * sqrt(hidden), RMSNorm * (1 + w), GeGLU)
    Gemma2,    // gemma2 (soft-capping, alternating sliding window, query_pre_attn_scalar)
    GptNeox,   // gpt_neox (Pythia: fused qkv, partial rotary, parallel or sequential residual)
    Gpt2,      // gpt2 (learned absolute positions, Conv1D weights)
    Bert,      // bert (bidirectional encoder, absolute positions)
    T5,        // t5 (encoder self-attention with relative position bias)
    Headwave,  // headwave (the project's own small trained models, any positional scheme)
};

// How a model tells attention about position.
enum class PositionalScheme {
    Rope,          // rotary position embedding on queries and keys
    Learned,       // learned absolute position embeddings added to the input
    Sinusoidal,    // fixed sinusoidal absolute embeddings added to the input
    RelativeBias,  // learned relative position bias added to the scores (T5)
    Alibi,         // linear distance penalty per head added to the scores
    None,          // no positional information (causal masking only)
};

const char* toString(Architecture a);
const char* toString(PositionalScheme p);
// The "headwave" model type's position_embedding_type spellings: "rope", "none", "learned",
// "sinusoidal", "alibi". Unsupported for anything else (the message lists them).
Result<PositionalScheme> parsePositionalScheme(const std::string& name);
const char* positionalSchemeKey(PositionalScheme p);  // "rope", ...; "relative_bias" for T5's
// "llama, mistral, qwen2, gemma, gemma2, gpt_neox, gpt2, bert, t5, headwave"
std::string supportedModelTypes();

enum class RopeScalingType { None, Linear, Llama3 };

struct RopeScaling {
    RopeScalingType type = RopeScalingType::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0;    // llama3
    double highFreqFactor = 4.0;   // llama3
    int originalMaxPositions = 0;  // llama3
};

enum class Activation { Silu, GeluExact, GeluTanh, Relu };

enum class NormKind {
    RmsNorm,         // x / rms(x) * w
    RmsNormPlusOne,  // x / rms(x) * (1 + w) (Gemma)
    LayerNorm,       // (x - mean) / std * w + b
    T5Norm,          // RMSNorm without mean, without bias (T5LayerNorm)
};

struct ModelConfig {
    Architecture architecture = Architecture::Llama;
    std::string modelType;  // config.json's model_type
    PositionalScheme positional = PositionalScheme::Rope;
    bool causal = true;

    int layers = 0;
    int heads = 0;         // query heads
    int kvHeads = 0;       // key/value heads (GQA: heads % kvHeads == 0)
    int hidden = 0;        // model width
    int headDim = 0;       // per-head width of q and k (and v)
    int intermediate = 0;  // MLP width
    int vocab = 0;
    int maxPositions = 0;  // context length in tokens (learned position tables have this many rows)

    Activation activation = Activation::Silu;
    NormKind norm = NormKind::RmsNorm;
    double normEps = 1e-5;

    // RoPE
    double ropeTheta = 10000.0;
    int rotaryDim = 0;  // dims of each head that are rotated (partial rotary: rotary_pct * headDim)
    RopeScaling ropeScaling;

    bool qkvBias = false;  // biases on the q, k, v projections
    bool outBias = false;  // bias on the output projection
    bool mlpBias = false;
    bool gatedMlp = false;  // T5: wo(act(wi_0 x) * wi_1 x) instead of wo(act(wi x))
    bool tieEmbeddings = false;
    bool parallelResidual = false;  // gpt_neox

    // Attention score details.
    double scoreScale = 0;    // multiply q.k by this; 0 = 1/sqrt(headDim)
    double attnSoftcap = 0;   // gemma2: cap * tanh(s / cap) before masking; 0 = off
    double finalSoftcap = 0;  // gemma2: on the logits
    int slidingWindow = 0;    // keys i - W < j <= i; 0 = full
    // Which layers use the sliding window (gemma2: even layers; mistral/qwen2: all when enabled).
    std::vector<bool> slidingLayers;
    double embeddingScale = 1.0;  // gemma: sqrt(hidden)

    // T5 relative position bias
    int relativeBuckets = 32;
    int relativeMaxDistance = 128;

    // BERT
    int typeVocab = 0;

    int bosTokenId = -1;
    int eosTokenId = -1;
    std::string torchDtype;  // as stored in config.json ("float32", "bfloat16", ...)

    // Parameters in millions are computed from the weights, not here.
    int queryGroup() const { return kvHeads > 0 ? heads / kvHeads : 1; }
};

// Parses config.json text; `path` names the file in messages. Unknown model_type lists the
// supported ones; missing or inconsistent sizes name the key.
Result<ModelConfig> parseModelConfig(const std::string& jsonText, const std::string& path);

}  // namespace headwave
