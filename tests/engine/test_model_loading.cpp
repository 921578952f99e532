// SPDX-License-Identifier: GPL-3.0-or-later
// Model folders the test writes itself: a small Llama-style model checked against a naive float64
// forward pass written from the published semantics (RMSNorm, rotate-half RoPE, grouped-query
// attention, SwiGLU), and every kind of bad folder. Needs no shared data.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

#include "check.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/model_weights.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

constexpr int kLayers = 2;
constexpr int kHeads = 4;
constexpr int kKvHeads = 2;
constexpr int kHidden = 32;
constexpr int kHeadDim = 8;
constexpr int kInter = 48;
constexpr int kVocab = 50;

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-model-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

using Matrix = std::vector<double>;  // row-major

struct Weights {
    std::map<std::string, std::pair<std::vector<std::int64_t>, std::vector<float>>> tensors;

    void add(const std::string& name, std::vector<std::int64_t> shape, std::mt19937& rng,
             double scale, double offset = 0.0) {
        std::normal_distribution<double> d(0.0, 1.0);
        std::int64_t n = 1;
        for (auto s : shape) {
            n *= s;
        }
        std::vector<float> v(static_cast<std::size_t>(n));
        for (float& x : v) {
            x = static_cast<float>(offset + scale * d(rng));
        }
        tensors[name] = {std::move(shape), std::move(v)};
    }
    const std::vector<float>& get(const std::string& name) const { return tensors.at(name).second; }
};

Weights makeWeights(unsigned seed) {
    std::mt19937 rng(seed);
    Weights w;
    w.add("model.embed_tokens.weight", {kVocab, kHidden}, rng, 1.0);
    for (int l = 0; l < kLayers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        w.add(p + "input_layernorm.weight", {kHidden}, rng, 0.1, 1.0);
        w.add(p + "post_attention_layernorm.weight", {kHidden}, rng, 0.1, 1.0);
        w.add(p + "self_attn.q_proj.weight", {kHeads * kHeadDim, kHidden}, rng, 0.3);
        w.add(p + "self_attn.k_proj.weight", {kKvHeads * kHeadDim, kHidden}, rng, 0.3);
        w.add(p + "self_attn.v_proj.weight", {kKvHeads * kHeadDim, kHidden}, rng, 0.2);
        w.add(p + "self_attn.o_proj.weight", {kHidden, kHeads * kHeadDim}, rng, 0.2);
        w.add(p + "mlp.gate_proj.weight", {kInter, kHidden}, rng, 0.2);
        w.add(p + "mlp.up_proj.weight", {kInter, kHidden}, rng, 0.2);
        w.add(p + "mlp.down_proj.weight", {kHidden, kInter}, rng, 0.2);
    }
    w.add("model.norm.weight", {kHidden}, rng, 0.1, 1.0);
    w.add("lm_head.weight", {kVocab, kHidden}, rng, 0.3);
    return w;
}

std::string configJson(const std::string& modelType = "llama", int layers = kLayers) {
    return "{\"model_type\": \"" + modelType +
           "\", \"num_hidden_layers\": " + std::to_string(layers) +
           ", \"num_attention_heads\": " + std::to_string(kHeads) +
           ", \"num_key_value_heads\": " + std::to_string(kKvHeads) +
           ", \"hidden_size\": " + std::to_string(kHidden) +
           ", \"head_dim\": " + std::to_string(kHeadDim) +
           ", \"intermediate_size\": " + std::to_string(kInter) +
           ", \"vocab_size\": " + std::to_string(kVocab) +
           ", \"max_position_embeddings\": 64, \"rms_norm_eps\": 1e-5, \"rope_theta\": 10000.0,"
           " \"tie_word_embeddings\": false, \"hidden_act\": \"silu\"}";
}

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

fs::path writeFolder(const std::string& name, const Weights& w, const std::string& config) {
    const fs::path dir = scratch() / name;
    fs::create_directories(dir);
    writeText(dir / "config.json", config);
    std::vector<SafetensorsTensorData> data;
    for (const auto& [n, t] : w.tensors) {
        data.push_back({n,
                        SafetensorsDType::F32,
                        t.first,
                        {reinterpret_cast<const std::uint8_t*>(t.second.data()),
                         t.second.size() * sizeof(float)}});
    }
    HW_CHECK(writeSafetensors((dir / "model.safetensors").string(), data).ok());
    return dir;
}

// y[T, out] = x[T, in] W^T, W [out, in] float32 -> double
Matrix linear(const Matrix& x, int T, int in, const std::vector<float>& W, int out) {
    Matrix y(static_cast<std::size_t>(T * out), 0.0);
    for (int t = 0; t < T; ++t) {
        for (int o = 0; o < out; ++o) {
            double s = 0;
            for (int i = 0; i < in; ++i) {
                s += x[static_cast<std::size_t>(t * in + i)] *
                     static_cast<double>(W[static_cast<std::size_t>(o * in + i)]);
            }
            y[static_cast<std::size_t>(t * out + o)] = s;
        }
    }
    return y;
}

Matrix rmsNorm(const Matrix& x, int T, const std::vector<float>& w) {
    Matrix y(x.size());
    for (int t = 0; t < T; ++t) {
        double ms = 0;
        for (int i = 0; i < kHidden; ++i) {
            ms += x[static_cast<std::size_t>(t * kHidden + i)] *
                  x[static_cast<std::size_t>(t * kHidden + i)];
        }
        const double inv = 1.0 / std::sqrt(ms / kHidden + 1e-5);
        for (int i = 0; i < kHidden; ++i) {
            y[static_cast<std::size_t>(t * kHidden + i)] =
                x[static_cast<std::size_t>(t * kHidden + i)] * inv *
                static_cast<double>(w[static_cast<std::size_t>(i)]);
        }
    }
    return y;
}

// Naive float64 forward: every layer's attention [layers][heads][T][T] and the logits.
void naiveForward(const Weights& w, const std::vector<int>& ids, std::vector<Matrix>& attention,
                  Matrix& logits) {
    const int T = static_cast<int>(ids.size());
    Matrix h(static_cast<std::size_t>(T * kHidden));
    const auto& emb = w.get("model.embed_tokens.weight");
    for (int t = 0; t < T; ++t) {
        for (int i = 0; i < kHidden; ++i) {
            h[static_cast<std::size_t>(t * kHidden + i)] = static_cast<double>(
                emb[static_cast<std::size_t>(ids[static_cast<std::size_t>(t)] * kHidden + i)]);
        }
    }
    auto rope = [&](Matrix& x, int heads) {  // x [T, heads*d], rotate-half pairs (i, i + d/2)
        for (int t = 0; t < T; ++t) {
            for (int hh = 0; hh < heads; ++hh) {
                for (int i = 0; i < kHeadDim / 2; ++i) {
                    const double f = std::pow(10000.0, -2.0 * i / kHeadDim);
                    const double c = std::cos(t * f);
                    const double s = std::sin(t * f);
                    double& a =
                        x[static_cast<std::size_t>(t * heads * kHeadDim + hh * kHeadDim + i)];
                    double& b = x[static_cast<std::size_t>(t * heads * kHeadDim + hh * kHeadDim +
                                                           i + kHeadDim / 2)];
                    const double a0 = a;
                    const double b0 = b;
                    a = a0 * c - b0 * s;
                    b = b0 * c + a0 * s;
                }
            }
        }
    };
    for (int l = 0; l < kLayers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        Matrix x = rmsNorm(h, T, w.get(p + "input_layernorm.weight"));
        Matrix q = linear(x, T, kHidden, w.get(p + "self_attn.q_proj.weight"), kHeads * kHeadDim);
        Matrix k = linear(x, T, kHidden, w.get(p + "self_attn.k_proj.weight"), kKvHeads * kHeadDim);
        Matrix v = linear(x, T, kHidden, w.get(p + "self_attn.v_proj.weight"), kKvHeads * kHeadDim);
        rope(q, kHeads);
        rope(k, kKvHeads);
        Matrix A(static_cast<std::size_t>(kHeads * T * T), 0.0);
        Matrix ctx(static_cast<std::size_t>(T * kHeads * kHeadDim), 0.0);
        for (int hh = 0; hh < kHeads; ++hh) {
            const int g = hh / (kHeads / kKvHeads);
            for (int i = 0; i < T; ++i) {
                std::vector<double> s(static_cast<std::size_t>(i + 1));
                double mx = -1e300;
                for (int j = 0; j <= i; ++j) {
                    double dot = 0;
                    for (int d = 0; d < kHeadDim; ++d) {
                        dot +=
                            q[static_cast<std::size_t>(i * kHeads * kHeadDim + hh * kHeadDim + d)] *
                            k[static_cast<std::size_t>(j * kKvHeads * kHeadDim + g * kHeadDim + d)];
                    }
                    s[static_cast<std::size_t>(j)] = dot / std::sqrt(double(kHeadDim));
                    mx = std::max(mx, s[static_cast<std::size_t>(j)]);
                }
                double z = 0;
                for (double& e : s) {
                    e = std::exp(e - mx);
                    z += e;
                }
                for (int j = 0; j <= i; ++j) {
                    const double a = s[static_cast<std::size_t>(j)] / z;
                    A[static_cast<std::size_t>((hh * T + i) * T + j)] = a;
                    for (int d = 0; d < kHeadDim; ++d) {
                        ctx[static_cast<std::size_t>(i * kHeads * kHeadDim + hh * kHeadDim + d)] +=
                            a *
                            v[static_cast<std::size_t>(j * kKvHeads * kHeadDim + g * kHeadDim + d)];
                    }
                }
            }
        }
        attention.push_back(A);
        Matrix o = linear(ctx, T, kHeads * kHeadDim, w.get(p + "self_attn.o_proj.weight"), kHidden);
        for (std::size_t i = 0; i < h.size(); ++i) {
            h[i] += o[i];
        }
        Matrix y = rmsNorm(h, T, w.get(p + "post_attention_layernorm.weight"));
        Matrix gate = linear(y, T, kHidden, w.get(p + "mlp.gate_proj.weight"), kInter);
        Matrix up = linear(y, T, kHidden, w.get(p + "mlp.up_proj.weight"), kInter);
        for (std::size_t i = 0; i < gate.size(); ++i) {
            gate[i] = gate[i] / (1.0 + std::exp(-gate[i])) * up[i];
        }
        Matrix down = linear(gate, T, kInter, w.get(p + "mlp.down_proj.weight"), kHidden);
        for (std::size_t i = 0; i < h.size(); ++i) {
            h[i] += down[i];
        }
    }
    Matrix f = rmsNorm(h, T, w.get("model.norm.weight"));
    logits = linear(f, T, kHidden, w.get("lm_head.weight"), kVocab);
}

}  // namespace

HW_TEST(llama_forward_matches_naive_float64_loop) {
    const Weights w = makeWeights(7);
    const fs::path dir = writeFolder("llama", w, configJson());
    auto model = loadAttentionModel(dir.string());
    HW_CHECK_MSG(model.ok(), (model.ok() ? "" : model.error().describe()));
    if (!model.ok()) {
        return;
    }
    for (int T : {1, 5, 17}) {
        std::vector<int> ids;
        for (int t = 0; t < T; ++t) {
            ids.push_back((t * 7 + 3) % kVocab);
        }
        std::vector<Matrix> attention;
        Matrix logits;
        naiveForward(w, ids, attention, logits);
        double maxAttn = 0;
        auto out = runModel(**model, ids, [&](const LayerAttention& a) -> Status {
            const Matrix& ref = attention[static_cast<std::size_t>(a.layer)];
            for (std::size_t i = 0; i < ref.size(); ++i) {
                maxAttn = std::max(maxAttn, std::fabs(double(a.probs[i]) - ref[i]));
            }
            return {};
        });
        HW_CHECK(out.ok());
        // float32 compute against float64: probabilities within 1e-5, logits within 1e-4.
        HW_CHECK_MSG(maxAttn < 1e-5, "T " << T << " attention " << maxAttn);
        double maxLogit = 0;
        for (std::size_t i = 0; out.ok() && i < logits.size(); ++i) {
            maxLogit = std::max(maxLogit, std::fabs(double(out->values[i]) - logits[i]));
        }
        HW_CHECK_MSG(maxLogit < 1e-4, "T " << T << " logits " << maxLogit);
    }

    // Layer by layer through the analyzer's source: the same probabilities, restartable.
    ModelAttentionSource source(**model, {1, 2, 3, 4, 5, 6}, "six");
    HW_CHECK_EQ(source.shape().layers, kLayers);
    auto l1 = source.layer(1);
    HW_CHECK(l1.ok());
    auto l0 = source.layer(0);  // earlier layer: the pass restarts
    HW_CHECK(l0.ok());
}

HW_TEST(sharded_weights_give_the_same_model) {
    const Weights w = makeWeights(11);
    const fs::path one = writeFolder("one-file", w, configJson());
    const fs::path dir = scratch() / "sharded-ok";
    fs::create_directories(dir);
    writeText(dir / "config.json", configJson());
    // Two shards: layer 0 and the embeddings in the first, the rest in the second.
    std::vector<SafetensorsTensorData> a;
    std::vector<SafetensorsTensorData> b;
    std::string index = "{\"metadata\": {}, \"weight_map\": {";
    bool first = true;
    for (const auto& [n, t] : w.tensors) {
        const bool inA =
            n.find("layers.0.") != std::string::npos || n.find("embed") != std::string::npos;
        (inA ? a : b)
            .push_back({n,
                        SafetensorsDType::F32,
                        t.first,
                        {reinterpret_cast<const std::uint8_t*>(t.second.data()),
                         t.second.size() * sizeof(float)}});
        index += std::string(first ? "" : ", ") + "\"" + n + "\": \"" +
                 (inA ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors") +
                 "\"";
        first = false;
    }
    index += "}}";
    HW_CHECK(writeSafetensors((dir / "model-00001-of-00002.safetensors").string(), a).ok());
    HW_CHECK(writeSafetensors((dir / "model-00002-of-00002.safetensors").string(), b).ok());
    writeText(dir / "model.safetensors.index.json", index);
    auto m1 = loadAttentionModel(one.string());
    auto m2 = loadAttentionModel(dir.string());
    HW_CHECK_MSG(m2.ok(), (m2.ok() ? "" : m2.error().describe()));
    if (!m1.ok() || !m2.ok()) {
        return;
    }
    const std::vector<int> ids = {3, 1, 4, 1, 5, 9, 2, 6};
    auto o1 = runModel(**m1, ids, {});
    auto o2 = runModel(**m2, ids, {});
    HW_CHECK(o1.ok() && o2.ok() && o1->values == o2->values);
    HW_CHECK_EQ((*m2)->info().parameters, (*m1)->info().parameters);
}

HW_TEST(bad_inputs_to_a_good_model) {
    const fs::path dir = writeFolder("llama-inputs", makeWeights(8), configJson());
    auto model = loadAttentionModel(dir.string());
    HW_CHECK(model.ok());
    if (!model.ok()) {
        return;
    }
    auto empty = (*model)->begin({});
    HW_CHECK(!empty.ok() && empty.error().message.find("empty") != std::string::npos);
    auto outside = (*model)->begin({1, kVocab});
    HW_CHECK(!outside.ok() &&
             outside.error().message.find("outside the vocabulary") != std::string::npos);
    auto longer = (*model)->begin(std::vector<int>(65, 1));
    HW_CHECK(!longer.ok() && longer.error().message.find("context of 64") != std::string::npos);
}

// Weights that hold NaN or infinity: the loader warns, naming the tensor; every pass then stops at
// the first head whose attention is not finite, naming its layer and head (runModel, what
// `headwave-cli attention` writes, and ModelAttentionSource, what the analysis reads).
HW_TEST(non_finite_weights_warn_and_their_attention_is_an_error_naming_layer_and_head) {
    const std::vector<int> ids = {1, 5, 9, 3, 7, 2};
    struct Case {
        const char* tensor;
        int head;  // the query head whose rows get the bad value
        int layer;
        float value;
    };
    const Case cases[] = {
        {"model.layers.1.self_attn.q_proj.weight", 2, 1, std::numeric_limits<float>::quiet_NaN()},
        {"model.layers.0.self_attn.q_proj.weight", 3, 0, std::numeric_limits<float>::infinity()},
    };
    for (const Case& c : cases) {
        Weights w = makeWeights(10);
        // Row head * headDim of [heads * headDim, hidden]: one query feature of that head only.
        w.tensors[c.tensor].second[static_cast<std::size_t>(c.head * kHeadDim * kHidden + 5)] =
            c.value;
        const std::string name = std::string("non-finite-") + std::to_string(c.layer);
        auto model = loadAttentionModel(writeFolder(name, w, configJson()).string());
        HW_CHECK(model.ok());
        if (!model.ok()) {
            continue;
        }
        const auto& warnings = (*model)->info().warnings;
        HW_CHECK_EQ(warnings.size(), 1u);
        if (!warnings.empty()) {
            HW_CHECK(warnings[0].code == WarningCode::NonFinite);
            HW_CHECK_MSG(
                warnings[0].message.find(std::string("'") + c.tensor + "'") != std::string::npos &&
                    warnings[0].message.find("holds 1 NaN or infinite") != std::string::npos,
                warnings[0].message);
        }
        const std::string where =
            "Layer " + std::to_string(c.layer) + ", head " + std::to_string(c.head) + " ";
        auto out = runModel(**model, ids, {});
        HW_CHECK(!out.ok() && out.error().code == ErrorCode::InvalidAttention);
        HW_CHECK_MSG(!out.ok() && out.error().message.find(where) != std::string::npos,
                     (out.ok() ? std::string("ok") : out.error().message));
        HW_CHECK(!out.ok() && exitStatus(out.error().code) == 1);
        ModelAttentionSource source(**model, ids, "x");
        for (int l = 0; l < kLayers; ++l) {
            auto layer = source.layer(l);
            HW_CHECK_MSG(layer.ok() == (l < c.layer), "layer " << l);
            if (l == c.layer && !layer.ok()) {  // later layers fail at their own first head
                HW_CHECK_MSG(layer.error().message.find(where) != std::string::npos,
                             layer.error().message);
            }
        }
    }
    // The clean model: no warning, finite attention.
    auto clean = loadAttentionModel(writeFolder("finite", makeWeights(10), configJson()).string());
    HW_CHECK(clean.ok() && (*clean)->info().warnings.empty() && runModel(**clean, ids, {}).ok());
}

// The stored bytes are read as each dtype: only all-ones exponents (NaN, infinity) count.
HW_TEST(non_finite_elements_of_every_float_dtype) {
    auto count = [](SafetensorsDType dtype, const std::vector<std::uint8_t>& bytes) {
        WeightTensor t;
        t.dtype = dtype;
        t.data = bytes.data();
        t.bytes = bytes.size();
        return nonFiniteElements(t);
    };
    // float16: 0x7C00 +inf, 0xFC00 -inf, 0x7E00 NaN, 0x7BFF the largest finite, 0x3C00 1.0.
    HW_CHECK_EQ(
        count(SafetensorsDType::F16, {0x00, 0x7C, 0x00, 0xFC, 0x00, 0x7E, 0xFF, 0x7B, 0x00, 0x3C}),
        3);
    // bfloat16: 0x7F80 +inf, 0x7FC0 NaN, 0x7F7F the largest finite.
    HW_CHECK_EQ(count(SafetensorsDType::BF16, {0x80, 0x7F, 0xC0, 0x7F, 0x7F, 0x7F}), 2);
    std::vector<std::uint8_t> f32(3 * 4);
    const float f[3] = {std::numeric_limits<float>::max(), -std::numeric_limits<float>::infinity(),
                        1.0f};
    std::memcpy(f32.data(), f, sizeof f);
    HW_CHECK_EQ(count(SafetensorsDType::F32, f32), 1);
    // Misaligned (a tensor's data may start anywhere in the file).
    std::vector<std::uint8_t> f64(1 + 2 * 8);
    const double d[2] = {std::numeric_limits<double>::quiet_NaN(), -0.0};
    std::memcpy(f64.data() + 1, d, sizeof d);
    WeightTensor t;
    t.dtype = SafetensorsDType::F64;
    t.data = f64.data() + 1;
    t.bytes = 16;
    HW_CHECK_EQ(nonFiniteElements(t), 1);
    HW_CHECK_EQ(count(SafetensorsDType::I32, {0xFF, 0xFF, 0xFF, 0x7F}), 0);
}

HW_TEST(bad_folders_give_clear_errors) {
    const Weights w = makeWeights(9);
    auto expectError = [](const fs::path& dir, const std::string& fragment) {
        auto m = loadAttentionModel(dir.string());
        HW_CHECK_MSG(!m.ok(), dir << " loaded but should not");
        if (!m.ok()) {
            HW_CHECK_MSG(m.error().message.find(fragment) != std::string::npos,
                         "expected '" << fragment << "' in: " << m.error().message);
        }
    };
    expectError(scratch() / "does-not-exist", "is not a folder");

    const fs::path noConfig = scratch() / "no-config";
    fs::create_directories(noConfig);
    expectError(noConfig, "has no config.json");

    expectError(writeFolder("unknown", w, configJson("mamba")),
                "not supported. Supported: llama, mistral, qwen2");
    expectError(writeFolder("more-layers", w, configJson("llama", 3)),
                "no tensor 'model.layers.2.");

    Weights wrongShape = w;
    wrongShape.tensors["model.layers.0.self_attn.k_proj.weight"].first = {kHeads * kHeadDim,
                                                                          kHidden / 2};
    expectError(writeFolder("wrong-shape", wrongShape, configJson()), "has shape [32, 16]");

    writeText(scratch() / "bad-json.json", "{");
    const fs::path badJson = scratch() / "bad-json";
    fs::create_directories(badJson);
    writeText(badJson / "config.json", "{\"model_type\": ");
    expectError(badJson, "not a valid JSON object");

    const fs::path pickle = scratch() / "pickle";
    fs::create_directories(pickle);
    writeText(pickle / "config.json", configJson());
    writeText(pickle / "pytorch_model.bin", "PK\x03\x04 not really");
    expectError(pickle, "pickles");

    // Truncated weights: the safetensors parser's error, naming the file.
    const fs::path truncated = writeFolder("truncated", w, configJson());
    fs::resize_file(truncated / "model.safetensors",
                    fs::file_size(truncated / "model.safetensors") - 100);
    expectError(truncated, "model.safetensors");

    // A model that does not fit is refused before loading, with the amount it needs.
    LoadOptions tiny;
    tiny.memoryLimitBytes = 1 << 20;
    auto refused = loadAttentionModel(writeFolder("fits-not", w, configJson()).string(), tiny);
    HW_CHECK(!refused.ok() && refused.error().code == ErrorCode::OutOfMemory);
    HW_CHECK(!refused.ok() && refused.error().message.find("needs about") != std::string::npos);

    // Sharded weights with an index naming a missing shard.
    const fs::path sharded = scratch() / "sharded";
    fs::create_directories(sharded);
    writeText(sharded / "config.json", configJson());
    writeText(sharded / "model.safetensors.index.json",
              "{\"weight_map\": {\"model.norm.weight\": \"model-00001-of-00002.safetensors\"}}");
    expectError(sharded, "is missing");
}

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return rc;
}
