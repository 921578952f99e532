// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/model/model_config.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace headwave {

namespace {

using nlohmann::json;

struct Spelling {
    const char* name;
    Architecture arch;
};

const Spelling kTypes[] = {
    {"llama", Architecture::Llama},   {"mistral", Architecture::Mistral},
    {"qwen2", Architecture::Qwen2},   {"gemma", Architecture::Gemma},
    {"gemma2", Architecture::Gemma2}, {"gpt_neox", Architecture::GptNeox},
    {"gpt2", Architecture::Gpt2},     {"bert", Architecture::Bert},
    {"t5", Architecture::T5},         {"headwave", Architecture::Headwave},
};

// Reads config values defensively: a wrong type is an error naming the key, absent keys fall back.
class Reader {
public:
    Reader(const json& j, std::string path) : m_json(j), m_path(std::move(path)) {}

    bool has(const char* key) const { return m_json.contains(key) && !m_json[key].is_null(); }

    Result<int> integer(const char* key, int fallback, bool required = false) const {
        if (!has(key)) {
            if (required) {
                return missing(key);
            }
            return fallback;
        }
        const json& v = m_json[key];
        if (!v.is_number_integer() &&
            !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())) {
            return wrongType(key, "a whole number");
        }
        const double d = v.get<double>();
        if (d < -1e9 || d > 1e9) {
            return makeError(ErrorCode::FileFormat,
                             "'" + m_path + "': the value of \"" + key + "\" is out of range.",
                             v.dump());
        }
        return static_cast<int>(d);
    }

    Result<double> number(const char* key, double fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const json& v = m_json[key];
        if (!v.is_number()) {
            return wrongType(key, "a number");
        }
        return v.get<double>();
    }

    Result<bool> boolean(const char* key, bool fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const json& v = m_json[key];
        if (!v.is_boolean()) {
            return wrongType(key, "true or false");
        }
        return v.get<bool>();
    }

    Result<std::string> string(const char* key, const std::string& fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const json& v = m_json[key];
        if (!v.is_string()) {
            return wrongType(key, "a string");
        }
        return v.get<std::string>();
    }

    Error missing(const char* key) const {
        return makeError(ErrorCode::FileFormat,
                         "'" + m_path + "' has no \"" + key +
                             "\", which this architecture needs; is the config complete?");
    }
    Error wrongType(const char* key, const char* expected) const {
        return makeError(ErrorCode::FileFormat,
                         "'" + m_path + "': \"" + key + "\" should be " + expected + ".",
                         m_json[key].dump());
    }

private:
    const json& m_json;
    std::string m_path;
};

#define HW_TRY_ASSIGN(target, expr) \
    do {                            \
        auto hw_r_ = (expr);        \
        if (!hw_r_) {               \
            return hw_r_.error();   \
        }                           \
        target = hw_r_.value();     \
    } while (0)

// Returns the error of a failed step (a Status) from the enclosing function.
#define HW_TRY(expr)              \
    do {                          \
        Status hw_s_ = (expr);    \
        if (!hw_s_) {             \
            return hw_s_.error(); \
        }                         \
    } while (0)

Result<Activation> parseActivation(const std::string& name, const std::string& path) {
    if (name == "silu" || name == "swish") {
        return Activation::Silu;
    }
    if (name == "gelu") {
        return Activation::GeluExact;
    }
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast" ||
        name == "gelu_tanh") {
        return Activation::GeluTanh;
    }
    if (name == "relu") {
        return Activation::Relu;
    }
    return makeError(ErrorCode::Unsupported, "'" + path + "': the activation \"" + name +
                                                 "\" is not supported (silu, gelu, gelu_new, "
                                                 "gelu_pytorch_tanh, relu).");
}

Result<PositionalScheme> parsePositional(const std::string& name, const std::string& path) {
    if (name == "rope") {
        return PositionalScheme::Rope;
    }
    if (name == "none") {
        return PositionalScheme::None;
    }
    if (name == "learned") {
        return PositionalScheme::Learned;
    }
    if (name == "sinusoidal") {
        return PositionalScheme::Sinusoidal;
    }
    if (name == "alibi") {
        return PositionalScheme::Alibi;
    }
    return makeError(ErrorCode::Unsupported, "'" + path + "': unknown positional scheme \"" + name +
                                                 "\" (rope, none, learned, sinusoidal, alibi).");
}

}  // namespace

Result<PositionalScheme> parsePositionalScheme(const std::string& name) {
    return parsePositional(name, "position_embedding_type");
}

const char* positionalSchemeKey(PositionalScheme p) {
    switch (p) {
        case PositionalScheme::Rope:
            return "rope";
        case PositionalScheme::Learned:
            return "learned";
        case PositionalScheme::Sinusoidal:
            return "sinusoidal";
        case PositionalScheme::RelativeBias:
            return "relative_bias";
        case PositionalScheme::Alibi:
            return "alibi";
        case PositionalScheme::None:
            return "none";
    }
    return "?";
}

const char* toString(Architecture a) {
    for (const auto& s : kTypes) {
        if (s.arch == a) {
            return s.name;
        }
    }
    return "?";
}

const char* toString(PositionalScheme p) {
    switch (p) {
        case PositionalScheme::Rope:
            return "RoPE";
        case PositionalScheme::Learned:
            return "learned absolute";
        case PositionalScheme::Sinusoidal:
            return "sinusoidal absolute";
        case PositionalScheme::RelativeBias:
            return "relative position bias";
        case PositionalScheme::Alibi:
            return "ALiBi";
        case PositionalScheme::None:
            return "none (causal mask only)";
    }
    return "?";
}

std::string supportedModelTypes() {
    std::string s;
    for (const auto& t : kTypes) {
        s += s.empty() ? "" : ", ";
        s += t.name;
    }
    return s;
}

namespace {

// Reads model_type and picks the architecture from it; the error lists the supported types.
Status readArchitecture(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.modelType, r.string("model_type", ""));
    if (c.modelType.empty()) {
        return makeError(ErrorCode::FileFormat,
                         "'" + path +
                             "' has no \"model_type\"; Headwave needs it to know the "
                             "architecture (supported: " +
                             supportedModelTypes() + ").");
    }
    bool known = false;
    for (const auto& t : kTypes) {
        if (c.modelType == t.name) {
            c.architecture = t.arch;
            known = true;
        }
    }
    if (!known) {
        return makeError(ErrorCode::Unsupported,
                         "'" + path + "': model_type \"" + c.modelType +
                             "\" is not supported. Supported: " + supportedModelTypes() + ".");
    }
    return {};
}

// The keys every architecture reads alike (an architecture may read tie_word_embeddings again
// with its own default).
Status readCommonKeys(const Reader& r, ModelConfig& c) {
    HW_TRY_ASSIGN(c.torchDtype, r.string("torch_dtype", "float32"));
    HW_TRY_ASSIGN(c.bosTokenId, r.integer("bos_token_id", -1));
    HW_TRY_ASSIGN(c.eosTokenId, r.integer("eos_token_id", -1));
    HW_TRY_ASSIGN(c.tieEmbeddings, r.boolean("tie_word_embeddings", true));
    return {};
}

// What the Llama family (Llama, Mistral, Qwen2, Gemma, Gemma 2, Headwave) shares: sizes, RoPE,
// biases, activation and norm.
Status readLlamaFamilyCommon(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.layers, r.integer("num_hidden_layers", 0, true));
    HW_TRY_ASSIGN(c.heads, r.integer("num_attention_heads", 0, true));
    HW_TRY_ASSIGN(c.kvHeads, r.integer("num_key_value_heads", c.heads));
    HW_TRY_ASSIGN(c.hidden, r.integer("hidden_size", 0, true));
    HW_TRY_ASSIGN(c.intermediate, r.integer("intermediate_size", 0, true));
    HW_TRY_ASSIGN(c.vocab, r.integer("vocab_size", 0, true));
    HW_TRY_ASSIGN(c.maxPositions, r.integer("max_position_embeddings", 2048));
    HW_TRY_ASSIGN(c.normEps, r.number("rms_norm_eps", 1e-6));
    HW_TRY_ASSIGN(c.ropeTheta, r.number("rope_theta", 10000.0));
    if (c.heads <= 0) {
        return r.missing("num_attention_heads");
    }
    HW_TRY_ASSIGN(c.headDim, r.integer("head_dim", c.hidden / c.heads));
    c.rotaryDim = c.headDim;
    HW_TRY_ASSIGN(c.qkvBias, r.boolean("attention_bias", c.architecture == Architecture::Qwen2));
    c.outBias = c.architecture == Architecture::Qwen2 ? false : c.qkvBias;
    HW_TRY_ASSIGN(c.mlpBias, r.boolean("mlp_bias", false));
    const char* actKey = r.has("hidden_activation") ? "hidden_activation" : "hidden_act";
    std::string act;
    HW_TRY_ASSIGN(act, r.string(actKey, "silu"));
    HW_TRY_ASSIGN(c.activation, parseActivation(act, path));
    c.norm = NormKind::RmsNorm;
    if (c.architecture == Architecture::Gemma || c.architecture == Architecture::Gemma2) {
        c.norm = NormKind::RmsNormPlusOne;
        c.embeddingScale = std::sqrt(static_cast<double>(c.hidden));
    }
    return {};
}

// Gemma 2: logit soft-capping, its own score scale, and a sliding window on the even layers.
Status readGemma2Keys(const Reader& r, ModelConfig& c) {
    HW_TRY_ASSIGN(c.attnSoftcap, r.number("attn_logit_softcapping", 0.0));
    HW_TRY_ASSIGN(c.finalSoftcap, r.number("final_logit_softcapping", 0.0));
    double scalar = 0;
    HW_TRY_ASSIGN(scalar, r.number("query_pre_attn_scalar", c.headDim));
    if (!(scalar > 0)) {
        return r.wrongType("query_pre_attn_scalar", "a positive number");
    }
    c.scoreScale = 1.0 / std::sqrt(scalar);
    HW_TRY_ASSIGN(c.slidingWindow, r.integer("sliding_window", 0));
    c.slidingLayers.assign(static_cast<std::size_t>(std::max(c.layers, 0)), false);
    for (int l = 0; l < c.layers; l += 2) {
        c.slidingLayers[static_cast<std::size_t>(l)] = true;  // even layers slide
    }
    return {};
}

// Mistral: one sliding window on every layer, when it has one.
Status readMistralKeys(const Reader& r, ModelConfig& c) {
    HW_TRY_ASSIGN(c.slidingWindow, r.integer("sliding_window", 0));
    c.slidingLayers.assign(static_cast<std::size_t>(std::max(c.layers, 0)), c.slidingWindow > 0);
    return {};
}

// Qwen2: a sliding window, when switched on, on the layers from max_window_layers up.
Status readQwen2Keys(const Reader& r, ModelConfig& c) {
    bool use = false;
    HW_TRY_ASSIGN(use, r.boolean("use_sliding_window", false));
    int maxWindowLayers = 0;
    HW_TRY_ASSIGN(maxWindowLayers, r.integer("max_window_layers", c.layers));
    HW_TRY_ASSIGN(c.slidingWindow, r.integer("sliding_window", 0));
    if (!use) {
        c.slidingWindow = 0;
    }
    c.slidingLayers.assign(static_cast<std::size_t>(std::max(c.layers, 0)), false);
    for (int l = maxWindowLayers; use && l < c.layers; ++l) {
        c.slidingLayers[static_cast<std::size_t>(l)] = true;
    }
    return {};
}

// Headwave's own checkpoints: the positional scheme and the embedding scale.
Status readHeadwaveKeys(const Reader& r, const std::string& path, ModelConfig& c) {
    std::string scheme;
    HW_TRY_ASSIGN(scheme, r.string("position_embedding_type", "rope"));
    HW_TRY_ASSIGN(c.positional, parsePositional(scheme, path));
    // Token embeddings are multiplied by this before positions are added
    // (sinusoidal checkpoints: sqrt(hidden), as Vaswani et al.).
    HW_TRY_ASSIGN(c.embeddingScale, r.number("embedding_scale", 1.0));
    if (!(c.embeddingScale > 0) || c.embeddingScale > 1e6) {
        return r.wrongType("embedding_scale", "a positive number");
    }
    return {};
}

// The optional rope_scaling object (linear or llama3); absent or "default" leaves RoPE as it is.
Status readRopeScaling(const json& j, const std::string& path, ModelConfig& c) {
    if (!(j.contains("rope_scaling") && j["rope_scaling"].is_object())) {
        return {};
    }
    const json& rs = j["rope_scaling"];
    Reader s(rs, path + " (rope_scaling)");
    std::string type;
    HW_TRY_ASSIGN(type, s.string(rs.contains("rope_type") ? "rope_type" : "type", ""));
    HW_TRY_ASSIGN(c.ropeScaling.factor, s.number("factor", 1.0));
    if (type == "linear") {
        c.ropeScaling.type = RopeScalingType::Linear;
    } else if (type == "llama3") {
        c.ropeScaling.type = RopeScalingType::Llama3;
        HW_TRY_ASSIGN(c.ropeScaling.lowFreqFactor, s.number("low_freq_factor", 1.0));
        HW_TRY_ASSIGN(c.ropeScaling.highFreqFactor, s.number("high_freq_factor", 4.0));
        HW_TRY_ASSIGN(c.ropeScaling.originalMaxPositions,
                      s.integer("original_max_position_embeddings", 8192));
    } else if (type != "default" && !type.empty()) {
        return makeError(ErrorCode::Unsupported, "'" + path + "': rope_scaling type \"" + type +
                                                     "\" is not supported (linear, llama3).");
    }
    if (!(c.ropeScaling.factor > 0)) {
        return makeError(ErrorCode::FileFormat,
                         "'" + path + "': rope_scaling factor must be positive.");
    }
    return {};
}

// The Llama family: the shared keys, then each member's own, then rope_scaling.
Status readLlamaFamily(const json& j, const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY(readLlamaFamilyCommon(r, path, c));
    if (c.architecture == Architecture::Gemma2) {
        HW_TRY(readGemma2Keys(r, c));
    }
    if (c.architecture == Architecture::Mistral) {
        HW_TRY(readMistralKeys(r, c));
    }
    if (c.architecture == Architecture::Qwen2) {
        HW_TRY(readQwen2Keys(r, c));
    }
    if (c.architecture == Architecture::Headwave) {
        HW_TRY(readHeadwaveKeys(r, path, c));
    }
    return readRopeScaling(j, path, c);
}

// GPT-NeoX (Pythia): partial rotary embedding, parallel residual, LayerNorm with biases.
Status readGptNeox(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.layers, r.integer("num_hidden_layers", 0, true));
    HW_TRY_ASSIGN(c.heads, r.integer("num_attention_heads", 0, true));
    c.kvHeads = c.heads;
    HW_TRY_ASSIGN(c.hidden, r.integer("hidden_size", 0, true));
    HW_TRY_ASSIGN(c.intermediate, r.integer("intermediate_size", 4 * c.hidden));
    HW_TRY_ASSIGN(c.vocab, r.integer("vocab_size", 0, true));
    HW_TRY_ASSIGN(c.maxPositions, r.integer("max_position_embeddings", 2048));
    HW_TRY_ASSIGN(c.normEps, r.number("layer_norm_eps", 1e-5));
    HW_TRY_ASSIGN(c.ropeTheta, r.number("rotary_emb_base", 10000.0));
    double pct = 0.25;
    HW_TRY_ASSIGN(pct, r.number("rotary_pct", 0.25));
    if (c.heads <= 0) {
        return r.missing("num_attention_heads");
    }
    c.headDim = c.hidden / c.heads;
    c.rotaryDim = static_cast<int>(static_cast<double>(c.headDim) * pct);
    HW_TRY_ASSIGN(c.parallelResidual, r.boolean("use_parallel_residual", true));
    std::string act;
    HW_TRY_ASSIGN(act, r.string("hidden_act", "gelu"));
    HW_TRY_ASSIGN(c.activation, parseActivation(act, path));
    c.norm = NormKind::LayerNorm;
    c.qkvBias = c.outBias = c.mlpBias = true;
    HW_TRY_ASSIGN(c.tieEmbeddings, r.boolean("tie_word_embeddings", false));
    return {};
}

// GPT-2: its own key names, learned absolute positions, optional unscaled scores.
Status readGpt2(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.layers, r.integer("n_layer", 0, true));
    HW_TRY_ASSIGN(c.heads, r.integer("n_head", 0, true));
    c.kvHeads = c.heads;
    HW_TRY_ASSIGN(c.hidden, r.integer("n_embd", 0, true));
    HW_TRY_ASSIGN(c.intermediate, r.integer("n_inner", 4 * c.hidden));
    HW_TRY_ASSIGN(c.vocab, r.integer("vocab_size", 0, true));
    HW_TRY_ASSIGN(c.maxPositions, r.integer("n_positions", 1024));
    HW_TRY_ASSIGN(c.normEps, r.number("layer_norm_epsilon", 1e-5));
    if (c.heads <= 0) {
        return r.missing("n_head");
    }
    c.headDim = c.hidden / c.heads;
    c.positional = PositionalScheme::Learned;
    std::string act;
    HW_TRY_ASSIGN(act, r.string("activation_function", "gelu_new"));
    HW_TRY_ASSIGN(c.activation, parseActivation(act, path));
    c.norm = NormKind::LayerNorm;
    c.qkvBias = c.outBias = c.mlpBias = true;
    bool scale = true;
    HW_TRY_ASSIGN(scale, r.boolean("scale_attn_weights", true));
    c.scoreScale = scale ? 0.0 : 1.0;
    return {};
}

// BERT: bidirectional, learned absolute positions only, token types.
Status readBert(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.layers, r.integer("num_hidden_layers", 0, true));
    HW_TRY_ASSIGN(c.heads, r.integer("num_attention_heads", 0, true));
    c.kvHeads = c.heads;
    HW_TRY_ASSIGN(c.hidden, r.integer("hidden_size", 0, true));
    HW_TRY_ASSIGN(c.intermediate, r.integer("intermediate_size", 4 * c.hidden));
    HW_TRY_ASSIGN(c.vocab, r.integer("vocab_size", 0, true));
    HW_TRY_ASSIGN(c.maxPositions, r.integer("max_position_embeddings", 512));
    HW_TRY_ASSIGN(c.normEps, r.number("layer_norm_eps", 1e-12));
    HW_TRY_ASSIGN(c.typeVocab, r.integer("type_vocab_size", 2));
    if (c.heads <= 0) {
        return r.missing("num_attention_heads");
    }
    c.headDim = c.hidden / c.heads;
    std::string posType;
    HW_TRY_ASSIGN(posType, r.string("position_embedding_type", "absolute"));
    if (posType != "absolute") {
        return makeError(ErrorCode::Unsupported, "'" + path + "': BERT position_embedding_type \"" +
                                                     posType + "\" is not supported (absolute).");
    }
    c.positional = PositionalScheme::Learned;
    c.causal = false;
    std::string act;
    HW_TRY_ASSIGN(act, r.string("hidden_act", "gelu"));
    HW_TRY_ASSIGN(c.activation, parseActivation(act, path));
    c.norm = NormKind::LayerNorm;
    c.qkvBias = c.outBias = c.mlpBias = true;
    return {};
}

// T5 (the encoder): relative position buckets, a gated or plain feed-forward, unscaled scores.
Status readT5(const Reader& r, const std::string& path, ModelConfig& c) {
    HW_TRY_ASSIGN(c.layers, r.integer("num_layers", 0, true));
    HW_TRY_ASSIGN(c.heads, r.integer("num_heads", 0, true));
    c.kvHeads = c.heads;
    HW_TRY_ASSIGN(c.hidden, r.integer("d_model", 0, true));
    HW_TRY_ASSIGN(c.headDim, r.integer("d_kv", 64));
    HW_TRY_ASSIGN(c.intermediate, r.integer("d_ff", 0, true));
    HW_TRY_ASSIGN(c.vocab, r.integer("vocab_size", 0, true));
    HW_TRY_ASSIGN(c.normEps, r.number("layer_norm_epsilon", 1e-6));
    HW_TRY_ASSIGN(c.relativeBuckets, r.integer("relative_attention_num_buckets", 32));
    HW_TRY_ASSIGN(c.relativeMaxDistance, r.integer("relative_attention_max_distance", 128));
    HW_TRY_ASSIGN(c.maxPositions, r.integer("n_positions", 512));
    std::string ff;
    HW_TRY_ASSIGN(ff, r.string("feed_forward_proj", "relu"));
    const bool gated = ff.rfind("gated-", 0) == 0;
    std::string act = gated ? ff.substr(6) : ff;
    if (r.has("dense_act_fn")) {
        HW_TRY_ASSIGN(act, r.string("dense_act_fn", act));
    }
    HW_TRY_ASSIGN(c.activation, parseActivation(act, path));
    c.gatedMlp = gated;
    c.positional = PositionalScheme::RelativeBias;
    c.causal = false;
    c.norm = NormKind::T5Norm;
    c.scoreScale = 1.0;  // T5 does not scale scores
    HW_TRY_ASSIGN(c.tieEmbeddings, r.boolean("tie_word_embeddings", true));
    return {};
}

// The keys of c.architecture, with its key names and defaults.
Status readArchitectureKeys(const json& j, const Reader& r, const std::string& path,
                            ModelConfig& c) {
    switch (c.architecture) {
        case Architecture::Llama:
        case Architecture::Mistral:
        case Architecture::Qwen2:
        case Architecture::Gemma:
        case Architecture::Gemma2:
        case Architecture::Headwave:
            return readLlamaFamily(j, r, path, c);
        case Architecture::GptNeox:
            return readGptNeox(r, path, c);
        case Architecture::Gpt2:
            return readGpt2(r, path, c);
        case Architecture::Bert:
            return readBert(r, path, c);
        case Architecture::T5:
            return readT5(r, path, c);
    }
    return {};
}

// The sizes every model relies on, in range for every architecture: the file is untrusted.
Status checkSizes(const ModelConfig& c, const std::string& path) {
    auto bad = [&](const std::string& what) {
        return makeError(ErrorCode::FileFormat, "'" + path + "': " + what);
    };
    if (c.layers < 1 || c.layers > 1000) {
        return bad("the number of layers must be between 1 and 1000; got " +
                   std::to_string(c.layers) + ".");
    }
    if (c.heads < 1 || c.heads > 4096 || c.kvHeads < 1 || c.heads % c.kvHeads != 0) {
        return bad("the number of attention heads (" + std::to_string(c.heads) +
                   ") must be a positive multiple of the key/value heads (" +
                   std::to_string(c.kvHeads) + ").");
    }
    if (c.hidden < 1 || c.hidden > 1'000'000 || c.headDim < 1 || c.headDim > 65536 ||
        c.intermediate < 1 || c.intermediate > 10'000'000 || c.vocab < 1 || c.vocab > 100'000'000 ||
        c.maxPositions < 1) {
        return bad(
            "a model size (hidden, head_dim, intermediate, vocab or context length) is "
            "missing or out of range.");
    }
    if (c.positional == PositionalScheme::Rope &&
        (c.rotaryDim < 2 || c.rotaryDim > c.headDim || c.rotaryDim % 2 != 0)) {
        return bad("the rotary dimension " + std::to_string(c.rotaryDim) +
                   " must be even and at most head_dim " + std::to_string(c.headDim) + ".");
    }
    if (c.normEps <= 0 || !(c.ropeTheta > 0)) {
        return bad("the norm epsilon and RoPE base must be positive.");
    }
    return {};
}

}  // namespace

Result<ModelConfig> parseModelConfig(const std::string& jsonText, const std::string& path) {
    json j = json::parse(jsonText, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::FileFormat,
                         "'" + path +
                             "' is not a valid JSON object; is it a Hugging Face "
                             "config.json?");
    }
    Reader r(j, path);
    ModelConfig c;
    HW_TRY(readArchitecture(r, path, c));
    HW_TRY(readCommonKeys(r, c));
    HW_TRY(readArchitectureKeys(j, r, path, c));
    HW_TRY(checkSizes(c, path));
    return c;
}

}  // namespace headwave
