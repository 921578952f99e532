// SPDX-License-Identifier: GPL-3.0-or-later
// The libtorch implementation of AttentionModel: every supported architecture's forward pass in
// float32 ATen operations, unfused (softmax(QK^T * scale + mask)), so the attention probabilities
// are exactly what the model computes. This is the only translation unit that includes ATen.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <thread>
#include <tuple>

#include "headwave/core/hash.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/hub_cache.h"
#include "headwave/model/model_weights.h"
#include "positional_tables.h"

namespace headwave {

namespace {

namespace fs = std::filesystem;

std::string shapeString(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return s + "]";
}

// Looks tensors up under the spellings released checkpoints use and checks their shapes; the
// first problem found is kept as an Error naming the tensor and the file.
class Resolver {
public:
    Resolver(const ModelWeights& w, std::string dir) : m_weights(w), m_dir(std::move(dir)) {}

    // The first name that exists among the candidates; `shape` empty = any shape.
    at::Tensor need(const std::vector<std::string>& names, std::vector<std::int64_t> shape) {
        return get(names, std::move(shape), true);
    }
    at::Tensor optional(const std::vector<std::string>& names, std::vector<std::int64_t> shape) {
        return get(names, std::move(shape), false);
    }

    bool ok() const { return !m_error.has_value(); }
    const Error& error() const { return *m_error; }
    std::uint64_t largestLayerBytesF32 = 0;
    // One NonFinite warning per bound tensor that holds NaN or infinite values.
    std::vector<Warning> warnings;

private:
    at::Tensor get(const std::vector<std::string>& names, std::vector<std::int64_t> shape,
                   bool required) {
        if (m_error) {
            return {};
        }
        for (const std::string& name : names) {
            const WeightTensor* t = m_weights.find(name);
            if (t == nullptr) {
                continue;
            }
            if (!shape.empty() && t->shape != shape) {
                m_error = makeError(ErrorCode::FileFormat,
                                    "The tensor '" + name + "' in '" + m_dir + "' has shape " +
                                        shapeString(t->shape) + " but config.json implies " +
                                        shapeString(shape) +
                                        "; the config and the weights do not match.");
                return {};
            }
            // Checked as each layer's tensors are bound, once, from the stored bytes: a NaN in
            // the weights otherwise surfaces only as NaN attention, far from its cause.
            if (const std::int64_t bad = nonFiniteElements(*t); bad > 0) {
                Warning w{WarningCode::NonFinite,
                          "The tensor '" + name + "' in '" + m_dir + "' holds " +
                              std::to_string(bad) + " NaN or infinite value(s) of " +
                              std::to_string(t->elements()) +
                              "; the model's attention will not be finite."};
                w.values = {bad, t->elements()};
                warnings.push_back(std::move(w));
            }
            return toTensor(*t);
        }
        if (required) {
            m_error = makeError(ErrorCode::FileFormat,
                                "The weights in '" + m_dir + "' have no tensor '" + names.front() +
                                    "', which this architecture needs; the config and the "
                                    "weights do not match (or the checkpoint uses an unknown "
                                    "naming).");
        }
        return {};
    }

    at::Tensor toTensor(const WeightTensor& t) {
        at::ScalarType type = at::kFloat;
        switch (t.dtype) {
            case SafetensorsDType::F32:
                type = at::kFloat;
                break;
            case SafetensorsDType::F16:
                type = at::kHalf;
                break;
            case SafetensorsDType::BF16:
                type = at::kBFloat16;
                break;
            case SafetensorsDType::F64:
                type = at::kDouble;
                break;
            default:
                m_error = makeError(ErrorCode::Unsupported,
                                    "The tensor '" + t.name + "' in '" + m_dir + "' is stored as " +
                                        safetensorsDTypeName(t.dtype) +
                                        "; weights must be F32, F16, BF16 or F64.");
                return {};
        }
        const auto item = static_cast<std::uintptr_t>(at::elementSize(type));
        if (reinterpret_cast<std::uintptr_t>(t.data) % item != 0) {
            // Misaligned data (allowed by the format): one aligned copy of this tensor.
            at::Tensor copy = at::empty(t.shape, at::TensorOptions().dtype(type));
            std::memcpy(copy.data_ptr(), t.data, t.bytes);
            return copy;
        }
        // A read-only view into the mapping; nothing writes to weights in place.
        return at::from_blob(const_cast<std::uint8_t*>(t.data), t.shape,
                             at::TensorOptions().dtype(type));
    }

    const ModelWeights& m_weights;
    std::string m_dir;
    std::optional<Error> m_error;
};

// Weights of one block; undefined tensors are absent in that architecture.
struct Block {
    at::Tensor q, k, v, o, qb, kb, vb, ob;  // separate projections ([out, in], nn.Linear)
    at::Tensor qkv, qkvb;                   // fused (gpt_neox [3H, H]; gpt2 Conv1D [H, 3H])
    at::Tensor ln1, ln1b, ln2, ln2b;        // pre-attention / post-attention (or pre-MLP) norms
    at::Tensor ln3, ln4;                    // gemma2: pre-feedforward / post-feedforward norms
    at::Tensor gate, up, down, gateb, upb, downb;  // MLP
};

at::Tensor f32(const at::Tensor& t) {
    if (!t.defined()) {
        return t;
    }
    return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat);
}

std::uint64_t tensorBytesF32(const at::Tensor& t) {
    return t.defined() ? static_cast<std::uint64_t>(t.numel()) * 4 : 0;
}

// What every layer of one pass shares, built once per pass rather than once per layer, and the
// buffers reused from layer to layer. Reusing them matters: a fresh float32 copy of a 8192 x 2048
// weight is a fresh 64 MiB allocation, which glibc maps anew and the kernel faults in page by
// page, so converting into a new buffer took 2.5x as long as converting into a reused one.
struct PassState {
    at::Tensor cos, sin;      // RoPE [T, rotaryDim] float32; undefined without RoPE
    at::Tensor causalMask;    // [T, T] bool, true where key j > query i; undefined if not causal
    at::Tensor slidingMask;   // [T, T] bool, causalMask or keys outside the window; undefined
                              // without sliding-window layers
    at::Tensor weightBuffer;  // [>= largest half-precision matrix] float32, see weight()
    at::Tensor probs;         // [heads, T, T] float32, the latest layer's attention

    // A float32 view of the weight matrix w: w itself when it is stored as float32, otherwise w
    // converted into weightBuffer. Valid until the next call, so use it before asking for
    // another one (one matrix at a time, which also bounds the memory of a half-precision model).
    at::Tensor weight(const at::Tensor& w) {
        if (!w.defined() || w.scalar_type() == at::kFloat) {
            return w;
        }
        if (!weightBuffer.defined() || weightBuffer.numel() < w.numel()) {
            weightBuffer = at::Tensor();  // release the smaller one first
            weightBuffer = at::empty({w.numel()}, at::kFloat);
        }
        at::Tensor v = weightBuffer.narrow(0, 0, w.numel()).view(w.sizes());
        v.copy_(w);  // the same exact widening as w.to(at::kFloat)
        return v;
    }
};

class TorchModel;

class TorchPass : public ForwardPass {
public:
    TorchPass(const TorchModel& model, at::Tensor hidden, int tokens, at::Tensor positionBias,
              PassState state)
        : m_model(model),
          m_hidden(std::move(hidden)),
          m_tokens(tokens),
          m_positionBias(std::move(positionBias)),
          m_state(std::move(state)) {}
    int layersDone() const override { return m_layer; }
    Result<LayerAttention> nextLayer() override;
    Result<ModelOutput> output() override;
    Result<std::unique_ptr<ForwardPass>> fork() const override {
        try {
            PassState state = m_state;  // the tables are read-only and shared
            state.probs = at::Tensor();
            state.weightBuffer = at::Tensor();
            auto copy = std::make_unique<TorchPass>(m_model, m_hidden.clone(), m_tokens,
                                                    m_positionBias, std::move(state));
            copy->m_layer = m_layer;
            return std::unique_ptr<ForwardPass>(std::move(copy));
        } catch (const std::bad_alloc&) {
            return makeError(ErrorCode::OutOfMemory, "Not enough memory to fork a forward pass.");
        }
    }

private:
    const TorchModel& m_model;
    at::Tensor m_hidden;  // [T, hidden] float32
    int m_tokens;
    at::Tensor m_positionBias;  // [heads, T, T] (T5 relative bias, ALiBi) or undefined
    PassState m_state;          // tables and buffers; m_state.probs is the last layer's attention
    int m_layer = 0;
};

class TorchModel : public AttentionModel {
public:
    ModelConfig cfg;
    ModelInfo inf;
    std::unique_ptr<ModelWeights> weights;
    std::vector<Block> blocks;
    at::Tensor embed, positions, tokenTypes, embedNorm, embedNormB;  // input side
    at::Tensor finalNorm, finalNormB, head;                          // output side
    at::Tensor relativeBias;                                         // T5 [buckets, heads]
    std::vector<double> invFreq;                                     // RoPE [rotaryDim / 2]
    std::uint64_t memoryLimit = 0;

    const ModelConfig& config() const override { return cfg; }
    const ModelInfo& info() const override { return inf; }

    Result<std::unique_ptr<ForwardPass>> begin(const std::vector<int>& ids) override;

    // at::set_num_threads sets OpenMP's per-thread count (ATen and the OpenMP build of OpenBLAS
    // both follow it) for the calling thread.
    void setThreadsForCallingThread(int threads) override {
        at::set_num_threads(std::max(1, threads));
    }

    at::Tensor norm(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) const {
        switch (cfg.norm) {
            case NormKind::RmsNorm:
            case NormKind::T5Norm: {
                at::Tensor v = x.pow(2).mean(-1, true);
                return f32(w) * (x * at::rsqrt(v + cfg.normEps));
            }
            case NormKind::RmsNormPlusOne: {
                at::Tensor v = x.pow(2).mean(-1, true);
                return (x * at::rsqrt(v + cfg.normEps)) * (f32(w) + 1.0);
            }
            case NormKind::LayerNorm:
                return at::layer_norm(x, {x.size(-1)}, f32(w), f32(b), cfg.normEps);
        }
        return x;
    }

    // The activation, in place (the same kernels as at::silu, at::gelu, at::relu).
    void actInPlace(at::Tensor& x) const {
        switch (cfg.activation) {
            case Activation::Silu:
                at::silu_(x);
                return;
            case Activation::GeluExact:
                at::gelu_(x);
                return;
            case Activation::GeluTanh:
                at::gelu_(x, "tanh");
                return;
            case Activation::Relu:
                at::relu_(x);
                return;
        }
    }

    // RoPE, "rotate half" layout, on the first rotaryDim dims of each head. x: [heads, T, d].
    at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) const {
        const std::int64_t r = cfg.rotaryDim;
        at::Tensor rot = x.narrow(-1, 0, r);
        at::Tensor x1 = rot.narrow(-1, 0, r / 2);
        at::Tensor x2 = rot.narrow(-1, r / 2, r / 2);
        at::Tensor rotated = rot * cos + at::cat({-x2, x1}, -1) * sin;
        if (r == x.size(-1)) {
            return rotated;
        }
        return at::cat({rotated, x.narrow(-1, r, x.size(-1) - r)}, -1);
    }

    // cos, sin: [T, rotaryDim], angles computed in float64 then rounded.
    std::pair<at::Tensor, at::Tensor> ropeTables(int T) const {
        std::vector<float> c;
        std::vector<float> s;
        positional::ropeTables(T, invFreq, c, s);
        const auto r = static_cast<std::int64_t>(2 * invFreq.size());
        return {at::from_blob(c.data(), {T, r}, at::kFloat).clone(),
                at::from_blob(s.data(), {T, r}, at::kFloat).clone()};
    }

    // Final norm and output head on h [T, hidden]; the vocabulary projection runs in chunks so
    // that a half-precision embedding is never converted whole, each chunk written straight into
    // the output (no per-chunk logits, no concatenated copy).
    ModelOutput finish(const at::Tensor& hIn, PassState& s) const {
        ModelOutput out;
        at::Tensor h = hIn;
        if (finalNorm.defined()) {
            h = norm(h, finalNorm, finalNormB);
        }
        if (!head.defined()) {  // encoders: the last hidden state
            at::Tensor c = h.contiguous();
            out.rows = static_cast<int>(c.size(0));
            out.cols = static_cast<int>(c.size(1));
            out.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
            out.hiddenState = true;
            return out;
        }
        const std::int64_t rows = h.size(0);
        const std::int64_t vocab = head.size(0);
        const std::int64_t chunk = 8192;
        out.rows = static_cast<int>(rows);
        out.cols = static_cast<int>(vocab);
        out.values.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(vocab));
        at::Tensor logits = at::from_blob(out.values.data(), {rows, vocab}, at::kFloat);  // [T, V]
        for (std::int64_t start = 0; start < vocab; start += chunk) {
            const std::int64_t n = std::min(chunk, vocab - start);
            // Columns start..start+n of the row-major logits: a strided output that BLAS writes
            // directly (leading dimension = vocab), the same gemm as into a separate [T, n].
            at::Tensor part = logits.narrow(1, start, n);
            at::mm_out(part, h, s.weight(head.narrow(0, start, n)).t());
        }
        if (cfg.finalSoftcap > 0) {
            logits.div_(cfg.finalSoftcap).tanh_().mul_(cfg.finalSoftcap);
        }
        return out;
    }

    // One block on h [T, hidden]; writes the attention probabilities [heads, T, T] to s.probs
    // (reusing its memory: the previous layer's attention is no longer needed).
    at::Tensor block(int l, const at::Tensor& h, const at::Tensor& bias, PassState& s,
                     const ForwardHooks& hooks = {}) const;

    // The pass-wide tables for T tokens.
    PassState passState(int T) const;
};

// [heads, T, T] relative position bias of T5 (bidirectional buckets, as HF computes them).
at::Tensor t5PositionBias(const ModelConfig& c, const at::Tensor& table, int T) {
    std::vector<std::int64_t> buckets(static_cast<std::size_t>(T) * static_cast<std::size_t>(T));
    const int numBuckets = c.relativeBuckets / 2;
    const int maxExact = numBuckets / 2;
    for (int i = 0; i < T; ++i) {
        for (int j = 0; j < T; ++j) {
            const int rel = j - i;  // memory position - query position
            int bucket = rel > 0 ? numBuckets : 0;
            const int n = std::abs(rel);
            if (n < maxExact) {
                bucket += n;
            } else {
                // HF evaluates the logarithm in float32 and truncates.
                const float large = std::log(static_cast<float>(n) / static_cast<float>(maxExact)) /
                                    std::log(static_cast<float>(c.relativeMaxDistance) /
                                             static_cast<float>(maxExact)) *
                                    static_cast<float>(numBuckets - maxExact);
                const int v = maxExact + static_cast<int>(large);
                bucket += std::min(v, numBuckets - 1);
            }
            buckets[static_cast<std::size_t>(i * T + j)] = bucket;
        }
    }
    at::Tensor idx = at::from_blob(buckets.data(), {T, T}, at::kLong).clone();
    // table [buckets, heads] -> [T, T, heads] -> [heads, T, T]
    return at::embedding(f32(table), idx).permute({2, 0, 1}).contiguous();
}

// ALiBi: -m_h * (i - j) with the slopes of Press et al. for any head count.
at::Tensor alibiBias(int heads, int T) {
    std::vector<float> bias = positional::alibiBias(heads, T);
    return at::from_blob(bias.data(), {heads, T, T}, at::kFloat).clone();
}

at::Tensor TorchModel::block(int l, const at::Tensor& h, const at::Tensor& bias, PassState& s,
                             const ForwardHooks& hooks) const {
    const Block& b = blocks[static_cast<std::size_t>(l)];
    const std::int64_t T = h.size(0);
    const std::int64_t H = cfg.heads;
    const std::int64_t KV = cfg.kvHeads;
    const std::int64_t d = cfg.headDim;

    // x W^T + b (nn.Linear) and x W + b (gpt2's Conv1D), the weight in float32. The converted
    // weight lives in the pass's buffer, so it is used here, before the next conversion.
    auto linear = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& wb) {
        return at::linear(x, s.weight(w), f32(wb));
    };
    auto conv1d = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& wb) {
        return at::addmm(f32(wb), x, s.weight(w));
    };

    auto attention = [&](const at::Tensor& x) -> at::Tensor {
        at::Tensor q;
        at::Tensor k;
        at::Tensor v;
        if (cfg.architecture == Architecture::GptNeox) {
            at::Tensor qkv = linear(x, b.qkv, b.qkvb).view({T, H, 3 * d});
            q = qkv.narrow(2, 0, d).permute({1, 0, 2});
            k = qkv.narrow(2, d, d).permute({1, 0, 2});
            v = qkv.narrow(2, 2 * d, d).permute({1, 0, 2});
        } else if (cfg.architecture == Architecture::Gpt2) {
            at::Tensor qkv = conv1d(x, b.qkv, b.qkvb);
            q = qkv.narrow(1, 0, H * d).view({T, H, d}).permute({1, 0, 2});
            k = qkv.narrow(1, H * d, H * d).view({T, H, d}).permute({1, 0, 2});
            v = qkv.narrow(1, 2 * H * d, H * d).view({T, H, d}).permute({1, 0, 2});
        } else {
            q = linear(x, b.q, b.qb).view({T, H, d}).permute({1, 0, 2});
            k = linear(x, b.k, b.kb).view({T, KV, d}).permute({1, 0, 2});
            v = linear(x, b.v, b.vb).view({T, KV, d}).permute({1, 0, 2});
        }
        if (cfg.positional == PositionalScheme::Rope) {
            q = rope(q, s.cos, s.sin);
            k = rope(k, s.cos, s.sin);
        }
        if (KV != H) {  // grouped-query attention: kv head g serves query heads g*n .. g*n+n-1
            k = k.repeat_interleave(H / KV, 0);
            v = v.repeat_interleave(H / KV, 0);
        }
        const double scale =
            cfg.scoreScale > 0 ? cfg.scoreScale : 1.0 / std::sqrt(static_cast<double>(d));
        // [heads, T, T]: a fresh tensor, so the steps up to the softmax work in place.
        at::Tensor scores = at::matmul(q, k.transpose(1, 2));
        if (scale != 1.0) {
            scores.mul_(scale);
        }
        if (cfg.attnSoftcap > 0) {
            scores.div_(cfg.attnSoftcap).tanh_().mul_(cfg.attnSoftcap);
        }
        if (bias.defined()) {
            scores.add_(bias);
        }
        const bool sliding = cfg.slidingWindow > 0 &&
                             static_cast<std::size_t>(l) < cfg.slidingLayers.size() &&
                             cfg.slidingLayers[static_cast<std::size_t>(l)];
        if (sliding) {
            scores.masked_fill_(s.slidingMask, -std::numeric_limits<float>::infinity());
        } else if (cfg.causal) {
            scores.masked_fill_(s.causalMask, -std::numeric_limits<float>::infinity());
        }
        if (!s.probs.defined() || s.probs.sizes() != scores.sizes()) {
            s.probs = at::empty_like(scores);
        }
        at::_softmax_out(s.probs, scores, -1, false);  // what at::softmax(scores, -1) computes
        scores = at::Tensor();
        if (hooks.attention) {
            hooks.attention(l, s.probs.data_ptr<float>(), static_cast<int>(H), static_cast<int>(T));
        }
        at::Tensor ctx = at::matmul(s.probs, v).permute({1, 0, 2}).reshape({T, H * d});
        if (hooks.headOutputs) {
            ctx = ctx.contiguous();
            hooks.headOutputs(l, ctx.data_ptr<float>(), static_cast<int>(T), static_cast<int>(H),
                              static_cast<int>(d));
        }
        if (cfg.architecture == Architecture::Gpt2) {
            return conv1d(ctx, b.o, b.ob);
        }
        return linear(ctx, b.o, b.ob);
    };

    // The MLP's intermediates [T, intermediate] are fresh tensors: activation and gating in place.
    auto mlp = [&](const at::Tensor& x) -> at::Tensor {
        switch (cfg.architecture) {
            case Architecture::Gpt2: {
                at::Tensor u = conv1d(x, b.up, b.upb);
                actInPlace(u);
                return conv1d(u, b.down, b.downb);
            }
            case Architecture::GptNeox:
            case Architecture::Bert: {
                at::Tensor u = linear(x, b.up, b.upb);
                actInPlace(u);
                return linear(u, b.down, b.downb);
            }
            case Architecture::T5:
                if (cfg.gatedMlp) {
                    at::Tensor g = linear(x, b.gate, {});
                    actInPlace(g);
                    g.mul_(linear(x, b.up, {}));
                    return linear(g, b.down, {});
                } else {
                    at::Tensor u = linear(x, b.up, {});
                    actInPlace(u);
                    return linear(u, b.down, {});
                }
            default: {
                at::Tensor g = linear(x, b.gate, b.gateb);
                actInPlace(g);
                g.mul_(linear(x, b.up, b.upb));
                return linear(g, b.down, b.downb);
            }
        }
    };

    switch (cfg.architecture) {
        case Architecture::Bert: {  // post-norm
            at::Tensor a = norm(attention(h) + h, b.ln1, b.ln1b);
            return norm(mlp(a) + a, b.ln2, b.ln2b);
        }
        case Architecture::GptNeox: {
            at::Tensor a = attention(norm(h, b.ln1, b.ln1b));
            if (cfg.parallelResidual) {
                return h + a + mlp(norm(h, b.ln2, b.ln2b));
            }
            at::Tensor x = h + a;
            return x + mlp(norm(x, b.ln2, b.ln2b));
        }
        case Architecture::Gemma2: {
            at::Tensor x = h + norm(attention(norm(h, b.ln1, {})), b.ln2, {});
            return x + norm(mlp(norm(x, b.ln3, {})), b.ln4, {});
        }
        default: {  // pre-norm: llama, mistral, qwen2, gemma, gpt2, t5, headwave
            at::Tensor x = h + attention(norm(h, b.ln1, b.ln1b));
            return x + mlp(norm(x, b.ln2, b.ln2b));
        }
    }
}

PassState TorchModel::passState(int T) const {
    PassState s;
    if (cfg.positional == PositionalScheme::Rope) {
        std::tie(s.cos, s.sin) = ropeTables(T);
    }
    at::Tensor i = at::arange(T, at::kLong).unsqueeze(1);
    at::Tensor j = at::arange(T, at::kLong).unsqueeze(0);
    if (cfg.causal) {
        s.causalMask = j > i;
    }
    if (cfg.slidingWindow > 0 && std::find(cfg.slidingLayers.begin(), cfg.slidingLayers.end(),
                                           true) != cfg.slidingLayers.end()) {
        const at::Tensor base = cfg.causal ? s.causalMask : at::zeros({T, T}, at::kBool);
        s.slidingMask = base.logical_or(j <= i - cfg.slidingWindow);
    }
    return s;
}

Result<LayerAttention> TorchPass::nextLayer() {
    if (m_layer >= m_model.cfg.layers) {
        return makeError(ErrorCode::Internal, "Every layer of this pass was already computed.");
    }
    try {
        m_hidden = m_model.block(m_layer, m_hidden, m_positionBias, m_state, m_hooks);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory,
                         "Not enough memory for layer " + std::to_string(m_layer) + " at " +
                             std::to_string(m_tokens) + " tokens; use a shorter text.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal,
                         "The forward pass failed at layer " + std::to_string(m_layer) + ".",
                         e.what());
    }
    // Weights are read straight from the mapping: a weight file truncated meanwhile read zeros
    // (see MappedFile), which must not pass for attention.
    if (Status s = m_model.weights->checkUnchanged(); !s) {
        return s.error();
    }
    LayerAttention a;
    a.layer = m_layer;
    a.heads = m_model.cfg.heads;
    a.tokens = m_tokens;
    a.probs = m_state.probs.data_ptr<float>();
    ++m_layer;
    return a;
}

Result<ModelOutput> TorchPass::output() {
    if (m_layer < m_model.cfg.layers) {
        return makeError(ErrorCode::Internal, "The output needs every layer to be computed.");
    }
    try {
        // The last layer's attention was valid until this call: free it before the logits.
        m_state.probs = at::Tensor();
        return m_model.finish(m_hidden, m_state);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Not enough memory for the model's output.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "The output head failed.", e.what());
    }
}

Result<std::unique_ptr<ForwardPass>> TorchModel::begin(const std::vector<int>& ids) {
    if (ids.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The input is empty; give at least one token.");
    }
    const int T = static_cast<int>(ids.size());
    if (T > cfg.maxPositions) {
        return makeError(ErrorCode::InvalidArgument,
                         std::to_string(T) + " tokens are more than the model's context of " +
                             std::to_string(cfg.maxPositions) + "; shorten the text.");
    }
    for (int id : ids) {
        if (id < 0 || id >= cfg.vocab) {
            return makeError(ErrorCode::InvalidArgument, "Token id " + std::to_string(id) +
                                                             " is outside the vocabulary (0.." +
                                                             std::to_string(cfg.vocab - 1) + ").");
        }
    }
    // Activations: scores, probabilities and context per layer, plus the MLP's intermediates.
    const auto t = static_cast<std::uint64_t>(T);
    const std::uint64_t activations = 4 * (4 * static_cast<std::uint64_t>(cfg.heads) * t * t +
                                           t * (4 * static_cast<std::uint64_t>(cfg.intermediate) +
                                                12 * static_cast<std::uint64_t>(cfg.hidden)));
    const std::uint64_t limit = memoryLimit > 0 ? memoryLimit : availableMemoryBytes();
    if (activations > limit) {
        return makeError(ErrorCode::OutOfMemory,
                         "A forward pass over " + std::to_string(T) + " tokens needs about " +
                             std::to_string(activations >> 20) + " MB, but only " +
                             std::to_string(limit >> 20) +
                             " MB are available; use a shorter text.");
    }
    try {
        std::vector<std::int64_t> ids64(ids.begin(), ids.end());
        at::Tensor idx = at::from_blob(ids64.data(), {T}, at::kLong).clone();
        at::Tensor h = f32(at::embedding(embed, idx));
        if (cfg.embeddingScale != 1.0) {
            // Gemma multiplies by sqrt(hidden) rounded to the activation dtype (float32 here).
            h = h * static_cast<double>(static_cast<float>(cfg.embeddingScale));
        }
        at::Tensor bias;
        if (positions.defined()) {  // learned absolute positions
            h = h + f32(positions.narrow(0, 0, T));
        }
        if (cfg.positional == PositionalScheme::Sinusoidal) {
            std::vector<float> table = positional::sinusoidTable(T, cfg.hidden);
            at::Tensor pe = at::from_blob(table.data(), {T, cfg.hidden}, at::kFloat);
            h = h + pe;
        }
        if (tokenTypes.defined()) {
            h = h + f32(tokenTypes[0]);
        }
        if (embedNorm.defined()) {
            h = norm(h, embedNorm, embedNormB);
        }
        if (cfg.positional == PositionalScheme::RelativeBias) {
            bias = t5PositionBias(cfg, relativeBias, T);
        } else if (cfg.positional == PositionalScheme::Alibi) {
            bias = alibiBias(cfg.heads, T);
        }
        return std::unique_ptr<ForwardPass>(
            new TorchPass(*this, h.contiguous(), T, bias, passState(T)));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "Could not start the forward pass.", e.what());
    }
}

void computeInvFreq(TorchModel& m) {
    const ModelConfig& c = m.cfg;
    m.invFreq = positional::ropeInverseFrequencies(c.ropeTheta, c.rotaryDim);
    const RopeScaling& s = c.ropeScaling;
    if (s.type == RopeScalingType::Linear) {
        for (double& f : m.invFreq) {
            f /= s.factor;
        }
    } else if (s.type == RopeScalingType::Llama3) {
        const double old = s.originalMaxPositions;
        const double lowWavelen = old / s.lowFreqFactor;
        const double highWavelen = old / s.highFreqFactor;
        for (double& f : m.invFreq) {
            const double wavelen = 2.0 * std::numbers::pi / f;
            if (wavelen < highWavelen) {
                continue;
            }
            if (wavelen > lowWavelen) {
                f /= s.factor;
                continue;
            }
            const double smooth =
                (old / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
            f = (1.0 - smooth) * f / s.factor + smooth * f;
        }
    }
}

// Binds every tensor the architecture needs, checking names and shapes against the config.
Status bindWeights(TorchModel& m, const std::string& dir) {
    const ModelConfig& c = m.cfg;
    Resolver r(*m.weights, dir);
    const std::int64_t H = c.hidden;
    const std::int64_t q = static_cast<std::int64_t>(c.heads) * c.headDim;
    const std::int64_t kv = static_cast<std::int64_t>(c.kvHeads) * c.headDim;
    const std::int64_t I = c.intermediate;
    const std::int64_t V = c.vocab;
    m.blocks.resize(static_cast<std::size_t>(c.layers));

    auto names = [](std::initializer_list<std::string> prefixes, const std::string& n) {
        std::vector<std::string> v;
        for (const auto& p : prefixes) {
            v.push_back(p + n);
        }
        return v;
    };

    switch (c.architecture) {
        case Architecture::Llama:
        case Architecture::Mistral:
        case Architecture::Qwen2:
        case Architecture::Gemma:
        case Architecture::Gemma2:
        case Architecture::Headwave: {
            m.embed = r.need({"model.embed_tokens.weight"}, {V, H});
            if (c.positional == PositionalScheme::Learned) {
                m.positions = r.need({"model.embed_positions.weight"}, {c.maxPositions, H});
            }
            for (int l = 0; l < c.layers; ++l) {
                Block& b = m.blocks[static_cast<std::size_t>(l)];
                const std::string p = "model.layers." + std::to_string(l) + ".";
                b.q = r.need({p + "self_attn.q_proj.weight"}, {q, H});
                b.k = r.need({p + "self_attn.k_proj.weight"}, {kv, H});
                b.v = r.need({p + "self_attn.v_proj.weight"}, {kv, H});
                b.o = r.need({p + "self_attn.o_proj.weight"}, {H, q});
                if (c.qkvBias) {
                    b.qb = r.need({p + "self_attn.q_proj.bias"}, {q});
                    b.kb = r.need({p + "self_attn.k_proj.bias"}, {kv});
                    b.vb = r.need({p + "self_attn.v_proj.bias"}, {kv});
                }
                if (c.outBias) {
                    b.ob = r.need({p + "self_attn.o_proj.bias"}, {H});
                }
                b.ln1 = r.need({p + "input_layernorm.weight"}, {H});
                b.ln2 = r.need({p + "post_attention_layernorm.weight"}, {H});
                if (c.architecture == Architecture::Gemma2) {
                    b.ln3 = r.need({p + "pre_feedforward_layernorm.weight"}, {H});
                    b.ln4 = r.need({p + "post_feedforward_layernorm.weight"}, {H});
                }
                b.gate = r.need({p + "mlp.gate_proj.weight"}, {I, H});
                b.up = r.need({p + "mlp.up_proj.weight"}, {I, H});
                b.down = r.need({p + "mlp.down_proj.weight"}, {H, I});
                if (c.mlpBias) {
                    b.gateb = r.need({p + "mlp.gate_proj.bias"}, {I});
                    b.upb = r.need({p + "mlp.up_proj.bias"}, {I});
                    b.downb = r.need({p + "mlp.down_proj.bias"}, {H});
                }
            }
            m.finalNorm = r.need({"model.norm.weight"}, {H});
            m.head = c.tieEmbeddings ? r.optional({"lm_head.weight"}, {V, H})
                                     : r.need({"lm_head.weight"}, {V, H});
            if (!m.head.defined()) {
                m.head = m.embed;
            }
            break;
        }
        case Architecture::GptNeox: {
            m.embed = r.need({"gpt_neox.embed_in.weight"}, {V, H});
            for (int l = 0; l < c.layers; ++l) {
                Block& b = m.blocks[static_cast<std::size_t>(l)];
                const std::string p = "gpt_neox.layers." + std::to_string(l) + ".";
                b.ln1 = r.need({p + "input_layernorm.weight"}, {H});
                b.ln1b = r.need({p + "input_layernorm.bias"}, {H});
                b.ln2 = r.need({p + "post_attention_layernorm.weight"}, {H});
                b.ln2b = r.need({p + "post_attention_layernorm.bias"}, {H});
                b.qkv = r.need({p + "attention.query_key_value.weight"}, {3 * H, H});
                b.qkvb = r.need({p + "attention.query_key_value.bias"}, {3 * H});
                b.o = r.need({p + "attention.dense.weight"}, {H, H});
                b.ob = r.need({p + "attention.dense.bias"}, {H});
                b.up = r.need({p + "mlp.dense_h_to_4h.weight"}, {I, H});
                b.upb = r.need({p + "mlp.dense_h_to_4h.bias"}, {I});
                b.down = r.need({p + "mlp.dense_4h_to_h.weight"}, {H, I});
                b.downb = r.need({p + "mlp.dense_4h_to_h.bias"}, {H});
            }
            m.finalNorm = r.need({"gpt_neox.final_layer_norm.weight"}, {H});
            m.finalNormB = r.need({"gpt_neox.final_layer_norm.bias"}, {H});
            m.head = c.tieEmbeddings ? m.embed : r.need({"embed_out.weight"}, {V, H});
            break;
        }
        case Architecture::Gpt2: {
            const auto pre = {std::string("transformer."), std::string("")};
            m.embed = r.need(names(pre, "wte.weight"), {V, H});
            m.positions = r.need(names(pre, "wpe.weight"), {c.maxPositions, H});
            for (int l = 0; l < c.layers; ++l) {
                Block& b = m.blocks[static_cast<std::size_t>(l)];
                const std::string p = "h." + std::to_string(l) + ".";
                b.ln1 = r.need(names(pre, p + "ln_1.weight"), {H});
                b.ln1b = r.need(names(pre, p + "ln_1.bias"), {H});
                b.ln2 = r.need(names(pre, p + "ln_2.weight"), {H});
                b.ln2b = r.need(names(pre, p + "ln_2.bias"), {H});
                b.qkv = r.need(names(pre, p + "attn.c_attn.weight"), {H, 3 * H});
                b.qkvb = r.need(names(pre, p + "attn.c_attn.bias"), {3 * H});
                b.o = r.need(names(pre, p + "attn.c_proj.weight"), {H, H});
                b.ob = r.need(names(pre, p + "attn.c_proj.bias"), {H});
                b.up = r.need(names(pre, p + "mlp.c_fc.weight"), {H, I});
                b.upb = r.need(names(pre, p + "mlp.c_fc.bias"), {I});
                b.down = r.need(names(pre, p + "mlp.c_proj.weight"), {I, H});
                b.downb = r.need(names(pre, p + "mlp.c_proj.bias"), {H});
            }
            m.finalNorm = r.need(names(pre, "ln_f.weight"), {H});
            m.finalNormB = r.need(names(pre, "ln_f.bias"), {H});
            m.head = r.optional({"lm_head.weight"}, {V, H});
            if (!m.head.defined()) {
                m.head = m.embed;
            }
            break;
        }
        case Architecture::Bert: {
            const auto pre = {std::string(""), std::string("bert.")};
            auto ln = [&](const std::string& p, bool weight) {
                std::vector<std::string> v;
                for (const std::string& x : pre) {
                    v.push_back(x + p + (weight ? "LayerNorm.weight" : "LayerNorm.bias"));
                    v.push_back(x + p + (weight ? "LayerNorm.gamma" : "LayerNorm.beta"));
                }
                return v;
            };
            m.embed = r.need(names(pre, "embeddings.word_embeddings.weight"), {V, H});
            m.positions =
                r.need(names(pre, "embeddings.position_embeddings.weight"), {c.maxPositions, H});
            m.tokenTypes =
                r.need(names(pre, "embeddings.token_type_embeddings.weight"), {c.typeVocab, H});
            m.embedNorm = r.need(ln("embeddings.", true), {H});
            m.embedNormB = r.need(ln("embeddings.", false), {H});
            for (int l = 0; l < c.layers; ++l) {
                Block& b = m.blocks[static_cast<std::size_t>(l)];
                const std::string p = "encoder.layer." + std::to_string(l) + ".";
                b.q = r.need(names(pre, p + "attention.self.query.weight"), {H, H});
                b.qb = r.need(names(pre, p + "attention.self.query.bias"), {H});
                b.k = r.need(names(pre, p + "attention.self.key.weight"), {H, H});
                b.kb = r.need(names(pre, p + "attention.self.key.bias"), {H});
                b.v = r.need(names(pre, p + "attention.self.value.weight"), {H, H});
                b.vb = r.need(names(pre, p + "attention.self.value.bias"), {H});
                b.o = r.need(names(pre, p + "attention.output.dense.weight"), {H, H});
                b.ob = r.need(names(pre, p + "attention.output.dense.bias"), {H});
                b.ln1 = r.need(ln(p + "attention.output.", true), {H});
                b.ln1b = r.need(ln(p + "attention.output.", false), {H});
                b.up = r.need(names(pre, p + "intermediate.dense.weight"), {I, H});
                b.upb = r.need(names(pre, p + "intermediate.dense.bias"), {I});
                b.down = r.need(names(pre, p + "output.dense.weight"), {H, I});
                b.downb = r.need(names(pre, p + "output.dense.bias"), {H});
                b.ln2 = r.need(ln(p + "output.", true), {H});
                b.ln2b = r.need(ln(p + "output.", false), {H});
            }
            break;
        }
        case Architecture::T5: {
            m.embed = r.need({"encoder.embed_tokens.weight", "shared.weight"}, {V, H});
            m.relativeBias =
                r.need({"encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"},
                       {c.relativeBuckets, c.heads});
            for (int l = 0; l < c.layers; ++l) {
                Block& b = m.blocks[static_cast<std::size_t>(l)];
                const std::string p = "encoder.block." + std::to_string(l) + ".layer.";
                b.q = r.need({p + "0.SelfAttention.q.weight"}, {q, H});
                b.k = r.need({p + "0.SelfAttention.k.weight"}, {q, H});
                b.v = r.need({p + "0.SelfAttention.v.weight"}, {q, H});
                b.o = r.need({p + "0.SelfAttention.o.weight"}, {H, q});
                b.ln1 = r.need({p + "0.layer_norm.weight"}, {H});
                b.ln2 = r.need({p + "1.layer_norm.weight"}, {H});
                if (c.gatedMlp) {
                    b.gate = r.need({p + "1.DenseReluDense.wi_0.weight"}, {I, H});
                    b.up = r.need({p + "1.DenseReluDense.wi_1.weight"}, {I, H});
                } else {
                    b.up = r.need({p + "1.DenseReluDense.wi.weight"}, {I, H});
                }
                b.down = r.need({p + "1.DenseReluDense.wo.weight"}, {H, I});
            }
            m.finalNorm = r.need({"encoder.final_layer_norm.weight"}, {H});
            break;
        }
    }
    if (!r.ok()) {
        return r.error();
    }
    for (Warning& w : r.warnings) {
        m.inf.warnings.push_back(std::move(w));
    }
    return {};
}

std::uint64_t blockBytesF32(const Block& b) {
    std::uint64_t n = 0;
    for (const at::Tensor* t : {&b.q,    &b.k,     &b.v,   &b.o,    &b.qb,  &b.kb,   &b.vb,  &b.ob,
                                &b.qkv,  &b.qkvb,  &b.ln1, &b.ln1b, &b.ln2, &b.ln2b, &b.ln3, &b.ln4,
                                &b.gate, &b.gateb, &b.up,  &b.down, &b.upb, &b.downb}) {
        n += tensorBytesF32(*t);
    }
    return n;
}

}  // namespace

Result<std::unique_ptr<AttentionModel>> loadAttentionModel(const std::string& dir,
                                                           const LoadOptions& options) {
    const fs::path folder(dir);
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return makeError(ErrorCode::FileNotFound,
                         "'" + dir +
                             "' is not a folder; choose a Hugging Face model folder "
                             "(with config.json and model.safetensors).");
    }
    const fs::path configPath = folder / "config.json";
    std::ifstream in(configPath, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::FileNotFound,
                         "'" + dir + "' has no config.json; is it a Hugging Face model folder?");
    }
    std::stringstream text;
    text << in.rdbuf();
    auto config = parseModelConfig(text.str(), configPath.string());
    if (!config) {
        return config.error();
    }
    auto weights = ModelWeights::open(dir);
    if (!weights) {
        return weights.error();
    }

    auto model = std::make_unique<TorchModel>();
    model->cfg = config.value();
    model->weights = std::move(weights.value());
    // A snapshot of the Hugging Face cache is named by its id, not by its commit's folder.
    model->inf.name = hubIdOfFolder(dir).value_or(folder.filename().string());
    if (model->inf.name.empty()) {
        model->inf.name = folder.parent_path().filename().string();
    }
    model->inf.fileBytes = model->weights->fileBytes();
    model->inf.parameters = model->weights->parameters();
    model->inf.storedDtype = model->weights->dominantDtype();
    model->inf.configHash = fnv1aHex(text.str().data(), text.str().size());
    model->memoryLimit = options.memoryLimitBytes;

    try {
        if (Status s = bindWeights(*model, dir); !s) {
            return s.error();
        }
        // Memory: the mapped files, plus one block converted to float32 when stored in half
        // precision, plus the output head's float32 chunk.
        std::uint64_t largest = 0;
        for (const Block& b : model->blocks) {
            largest = std::max(largest, blockBytesF32(b));
        }
        const bool half = model->inf.storedDtype != "F32";
        const std::uint64_t needed =
            model->inf.fileBytes + (half ? largest : 0) +
            std::uint64_t{8192} * static_cast<std::uint64_t>(model->cfg.hidden) * 4 +
            (std::uint64_t{64} << 20);
        const std::uint64_t limit =
            options.memoryLimitBytes > 0 ? options.memoryLimitBytes : availableMemoryBytes();
        if (needed > limit) {
            return makeError(ErrorCode::OutOfMemory,
                             "The model '" + model->inf.name + "' needs about " +
                                 std::to_string((needed + (1 << 20) - 1) >> 20) +
                                 " MB of memory, but only " + std::to_string(limit >> 20) +
                                 " MB are available. Close other programs or use a smaller model.");
        }
        if (model->cfg.positional == PositionalScheme::Rope) {
            computeInvFreq(*model);
        }
        const int threads =
            options.threads > 0
                ? options.threads
                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        at::set_num_threads(threads);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "Could not prepare the model '" + dir + "'.",
                         e.what());
    }
    return std::unique_ptr<AttentionModel>(std::move(model));
}

}  // namespace headwave
