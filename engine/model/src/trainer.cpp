// SPDX-License-Identifier: GPL-3.0-or-later
// The trainer behind headwave/model/trainer.h: libtorch autograd and AdamW on a small Llama-style
// model whose parameters carry their Hugging Face names, so a checkpoint is the parameter list
// written as safetensors. The forward mirrors torch_model.cpp op for op (same norm, same RoPE
// tables, same score order: q k^T, * scale, + bias, causal mask, softmax) and shares its fixed
// positional tables (positional_tables.h). The only translation unit with <torch/torch.h>.
#include <torch/torch.h>

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "headwave/core/hash.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/model_weights.h"
#include "headwave/model/trainer.h"
#include "positional_tables.h"

namespace headwave {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kVocab = 256;  // byte-level: token id = byte value
constexpr double kNormEps = 1e-5;
constexpr double kInitStd = 0.02;

// The parameters of one model, named as the "headwave" config's loader expects them.
struct Net {
    ModelConfig cfg;
    struct Layer {
        torch::Tensor q, k, v, o, ln1, ln2, gate, up, down;
    };
    torch::Tensor embed;      // [vocab, hidden], tied with the output head
    torch::Tensor positions;  // [context, hidden], learned scheme only
    std::vector<Layer> layers;
    torch::Tensor finalNorm;
    std::vector<std::pair<std::string, torch::Tensor>> named;  // every parameter, fixed order
    std::vector<bool> decays;                                  // per named: weight decay on it

    // Constants for the full context, sliced to T in forward.
    torch::Tensor cos, sin;  // [context, headDim] RoPE
    torch::Tensor pe;        // [context, hidden] sinusoidal
    torch::Tensor alibi;     // [heads, context, context]
    torch::Tensor mask;      // [context, context] bool, true above the diagonal

    void add(const std::string& name, torch::Tensor& slot, torch::Tensor value, bool decay) {
        slot = value.set_requires_grad(true);
        named.emplace_back(name, slot);
        decays.push_back(decay);
    }

    std::vector<torch::Tensor> parameters() const {
        std::vector<torch::Tensor> p;
        for (const auto& n : named) {
            p.push_back(n.second);
        }
        return p;
    }

    // Builds the parameter list for cfg; `init` fills each one (from the seed or from a file).
    void build(const std::function<torch::Tensor(const std::string&, std::vector<std::int64_t>,
                                                 double std)>& init) {
        const std::int64_t H = cfg.hidden;
        const std::int64_t I = cfg.intermediate;
        const double outStd = kInitStd / std::sqrt(2.0 * cfg.layers);  // GPT-2's residual scaling
        add("model.embed_tokens.weight", embed,
            init("model.embed_tokens.weight", {kVocab, H}, kInitStd), false);
        if (cfg.positional == PositionalScheme::Learned) {
            add("model.embed_positions.weight", positions,
                init("model.embed_positions.weight", {cfg.maxPositions, H}, kInitStd), false);
        }
        layers.resize(static_cast<std::size_t>(cfg.layers));
        for (int l = 0; l < cfg.layers; ++l) {
            Layer& b = layers[static_cast<std::size_t>(l)];
            const std::string p = "model.layers." + std::to_string(l) + ".";
            auto mat = [&](const std::string& n, torch::Tensor& slot, std::int64_t rows,
                           std::int64_t cols, double s) {
                add(p + n, slot, init(p + n, {rows, cols}, s), true);
            };
            auto ones = [&](const std::string& n, torch::Tensor& slot) {
                add(p + n, slot, init(p + n, {H}, 0.0), false);
            };
            mat("self_attn.q_proj.weight", b.q, H, H, kInitStd);
            mat("self_attn.k_proj.weight", b.k, H, H, kInitStd);
            mat("self_attn.v_proj.weight", b.v, H, H, kInitStd);
            mat("self_attn.o_proj.weight", b.o, H, H, outStd);
            ones("input_layernorm.weight", b.ln1);
            ones("post_attention_layernorm.weight", b.ln2);
            mat("mlp.gate_proj.weight", b.gate, I, H, kInitStd);
            mat("mlp.up_proj.weight", b.up, I, H, kInitStd);
            mat("mlp.down_proj.weight", b.down, H, I, outStd);
        }
        add("model.norm.weight", finalNorm, init("model.norm.weight", {H}, 0.0), false);
        buildConstants();
    }

    void buildConstants() {
        const int T = cfg.maxPositions;
        auto fromVector = [](std::vector<float> v, std::vector<std::int64_t> shape) {
            return torch::from_blob(v.data(), shape, torch::kFloat).clone();
        };
        if (cfg.positional == PositionalScheme::Rope) {
            std::vector<float> c;
            std::vector<float> s;
            positional::ropeTables(
                T, positional::ropeInverseFrequencies(cfg.ropeTheta, cfg.headDim), c, s);
            cos = fromVector(c, {T, cfg.headDim});
            sin = fromVector(s, {T, cfg.headDim});
        }
        if (cfg.positional == PositionalScheme::Sinusoidal) {
            pe = fromVector(positional::sinusoidTable(T, cfg.hidden), {T, cfg.hidden});
        }
        if (cfg.positional == PositionalScheme::Alibi) {
            alibi = fromVector(positional::alibiBias(cfg.heads, T), {cfg.heads, T, T});
        }
        mask = torch::ones({T, T}, torch::kBool).triu(1);
    }

    torch::Tensor rms(const torch::Tensor& x, const torch::Tensor& w) const {
        torch::Tensor v = x.pow(2).mean(-1, true);
        return w * (x * torch::rsqrt(v + kNormEps));
    }

    // x: [B, heads, T, d], rotate-half pairs (i, i + d/2) as in torch_model.cpp.
    torch::Tensor rope(const torch::Tensor& x, const torch::Tensor& c,
                       const torch::Tensor& s) const {
        const std::int64_t half = x.size(-1) / 2;
        torch::Tensor x1 = x.narrow(-1, 0, half);
        torch::Tensor x2 = x.narrow(-1, half, half);
        return x * c + torch::cat({-x2, x1}, -1) * s;
    }

    // ids: [B, T] int64 -> logits [B, T, vocab]. attention, when given, receives each layer's
    // probabilities [B, heads, T, T].
    torch::Tensor forward(const torch::Tensor& ids, std::vector<torch::Tensor>* attention) const {
        const std::int64_t B = ids.size(0);
        const std::int64_t T = ids.size(1);
        const std::int64_t nh = cfg.heads;
        const std::int64_t d = cfg.headDim;
        torch::Tensor h = torch::embedding(embed, ids);  // [B, T, hidden]
        if (cfg.embeddingScale != 1.0) {  // rounded to float32 as torch_model.cpp does
            h = h * static_cast<double>(static_cast<float>(cfg.embeddingScale));
        }
        if (positions.defined()) {
            h = h + positions.narrow(0, 0, T);
        }
        if (pe.defined()) {
            h = h + pe.narrow(0, 0, T);
        }
        torch::Tensor c;
        torch::Tensor s;
        if (cos.defined()) {
            c = cos.narrow(0, 0, T);
            s = sin.narrow(0, 0, T);
        }
        const torch::Tensor m = mask.narrow(0, 0, T).narrow(1, 0, T);
        torch::Tensor bias;
        if (alibi.defined()) {
            bias = alibi.narrow(1, 0, T).narrow(2, 0, T);
        }
        const double scale = 1.0 / std::sqrt(static_cast<double>(d));
        for (const Layer& b : layers) {
            torch::Tensor x = rms(h, b.ln1);
            auto heads = [&](const torch::Tensor& w) {
                return torch::linear(x, w).view({B, T, nh, d}).permute({0, 2, 1, 3});
            };
            torch::Tensor q = heads(b.q);
            torch::Tensor k = heads(b.k);
            torch::Tensor v = heads(b.v);
            if (c.defined()) {
                q = rope(q, c, s);
                k = rope(k, c, s);
            }
            torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)) * scale;
            if (bias.defined()) {
                scores = scores + bias;
            }
            scores = scores.masked_fill(m, -std::numeric_limits<float>::infinity());
            torch::Tensor probs = torch::softmax(scores, -1);
            if (attention != nullptr) {
                attention->push_back(probs.detach());
            }
            torch::Tensor ctx =
                torch::matmul(probs, v).permute({0, 2, 1, 3}).reshape({B, T, nh * d});
            h = h + torch::linear(ctx, b.o);
            torch::Tensor y = rms(h, b.ln2);
            h = h + torch::linear(torch::silu(torch::linear(y, b.gate)) * torch::linear(y, b.up),
                                  b.down);
        }
        return torch::linear(rms(h, finalNorm), embed);
    }
};

ModelConfig configFor(const TrainSettings& s) {
    ModelConfig c;
    c.architecture = Architecture::Headwave;
    c.modelType = "headwave";
    c.positional = s.positional;
    c.layers = s.layers;
    c.heads = s.heads;
    c.kvHeads = s.heads;
    c.hidden = s.hidden;
    c.headDim = s.hidden / s.heads;
    c.rotaryDim = c.headDim;
    c.intermediate = s.intermediate;
    c.vocab = kVocab;
    c.maxPositions = s.context;
    c.normEps = kNormEps;
    c.ropeTheta = s.ropeTheta;
    c.tieEmbeddings = true;
    // Sinusoidal: the fixed table has amplitude 1; unscaled 0.02-std embeddings would be ~2 % of
    // the first layer's input. Vaswani et al. multiply the embeddings by sqrt(hidden).
    c.embeddingScale = s.positional == PositionalScheme::Sinusoidal
                           ? std::sqrt(static_cast<double>(s.hidden))
                           : 1.0;
    return c;
}

// The settings that decide the numbers (not where or when checkpoints are written).
ordered_json settingsJson(const TrainSettings& s, const std::string& corpusHash,
                          std::uint64_t corpusBytes) {
    ordered_json j;
    j["corpus"] = fs::path(s.corpusPath).filename().string();
    j["corpus_bytes"] = corpusBytes;
    j["corpus_fnv1a64"] = corpusHash;
    j["position_embedding_type"] = positionalSchemeKey(s.positional);
    j["layers"] = s.layers;
    j["heads"] = s.heads;
    j["hidden"] = s.hidden;
    j["intermediate"] = s.intermediate;
    j["context"] = s.context;
    j["rope_theta"] = s.ropeTheta;
    j["batch"] = s.batch;
    j["steps"] = s.steps;
    j["learning_rate"] = s.learningRate;
    j["warmup_steps"] = s.warmupSteps;
    j["min_learning_rate_ratio"] = s.minLearningRateRatio;
    j["weight_decay"] = s.weightDecay;
    j["beta1"] = s.beta1;
    j["beta2"] = s.beta2;
    j["gradient_clip"] = s.gradientClip;
    j["validation_fraction"] = s.validationFraction;
    j["seed"] = s.seed;
    j["threads"] = s.threads;
    return j;
}

std::string appendCodepoint(std::string out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// A byte-level BPE tokenizer.json with no merges: GPT-2's byte-to-character table, id = byte.
std::string tokenizerJson() {
    std::vector<int> printable;
    for (int b = 0; b < 256; ++b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
            printable.push_back(b);
        }
    }
    ordered_json vocab = ordered_json::object();
    std::vector<std::string> pieces(256);
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
        const bool direct = std::find(printable.begin(), printable.end(), b) != printable.end();
        const auto cp = static_cast<std::uint32_t>(direct ? b : 256 + extra++);
        pieces[static_cast<std::size_t>(b)] = appendCodepoint("", cp);
    }
    for (int b = 0; b < 256; ++b) {
        vocab[pieces[static_cast<std::size_t>(b)]] = b;
    }
    ordered_json byteLevel = {{"type", "ByteLevel"},
                              {"add_prefix_space", false},
                              {"trim_offsets", false},
                              {"use_regex", false}};
    ordered_json j;
    j["version"] = "1.0";
    j["truncation"] = nullptr;
    j["padding"] = nullptr;
    j["added_tokens"] = ordered_json::array();
    j["normalizer"] = nullptr;
    j["pre_tokenizer"] = byteLevel;
    j["post_processor"] = nullptr;
    j["decoder"] = byteLevel;
    j["model"] = {{"type", "BPE"},
                  {"dropout", nullptr},
                  {"unk_token", nullptr},
                  {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr},
                  {"fuse_unk", false},
                  {"byte_fallback", false},
                  {"vocab", vocab},
                  {"merges", ordered_json::array()}};
    return j.dump(1);
}

Status writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        return makeError(ErrorCode::FileWrite, "Could not write '" + path.string() + "'.");
    }
    return {};
}

std::string stepName(int step) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%04d", step);
    return buf;
}

// Writes config.json, model.safetensors and tokenizer.json into dir (via dir.tmp, renamed).
Status writeCheckpoint(const Net& net, const fs::path& dir, bool float16,
                       const ordered_json& training) {
    const fs::path tmp = dir.string() + ".tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) {
        return makeError(ErrorCode::FileWrite, "Could not create '" + tmp.string() + "'.",
                         ec.message());
    }
    const ModelConfig& c = net.cfg;
    ordered_json j;
    j["architectures"] = {"HeadwaveForCausalLM"};
    j["model_type"] = "headwave";
    j["position_embedding_type"] = positionalSchemeKey(c.positional);
    j["num_hidden_layers"] = c.layers;
    j["num_attention_heads"] = c.heads;
    j["num_key_value_heads"] = c.kvHeads;
    j["hidden_size"] = c.hidden;
    j["head_dim"] = c.headDim;
    j["intermediate_size"] = c.intermediate;
    j["vocab_size"] = c.vocab;
    j["max_position_embeddings"] = c.maxPositions;
    j["rms_norm_eps"] = c.normEps;
    j["rope_theta"] = c.ropeTheta;
    j["hidden_act"] = "silu";
    j["attention_bias"] = false;
    j["tie_word_embeddings"] = true;
    if (c.embeddingScale != 1.0) {
        j["embedding_scale"] = c.embeddingScale;
    }
    j["torch_dtype"] = float16 ? "float16" : "float32";
    j["headwave_training"] = training;
    if (Status s = writeText(tmp / "config.json", j.dump(2) + "\n"); !s) {
        return s;
    }
    if (Status s = writeText(tmp / "tokenizer.json", tokenizerJson() + "\n"); !s) {
        return s;
    }
    std::vector<torch::Tensor> keep;
    std::vector<SafetensorsTensorData> data;
    for (const auto& [name, t] : net.named) {
        torch::Tensor v = t.detach().to(float16 ? torch::kHalf : torch::kFloat).contiguous();
        keep.push_back(v);
        std::vector<std::int64_t> shape(v.sizes().begin(), v.sizes().end());
        data.push_back({name,
                        float16 ? SafetensorsDType::F16 : SafetensorsDType::F32,
                        shape,
                        {static_cast<const std::uint8_t*>(v.data_ptr()), v.nbytes()}});
    }
    if (Status s = writeSafetensors((tmp / "model.safetensors").string(), data, {{"format", "pt"}});
        !s) {
        return s;
    }
    fs::remove_all(dir, ec);
    fs::rename(tmp, dir, ec);
    if (ec) {
        return makeError(ErrorCode::FileWrite, "Could not rename '" + tmp.string() + "'.",
                         ec.message());
    }
    return {};
}

std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Sequences of step `step`: [batch, context + 1] bytes, starts drawn from (seed, step, row) only.
torch::Tensor batchAt(const std::vector<std::uint8_t>& corpus, std::size_t trainBytes,
                      const TrainSettings& s, int step) {
    const auto width = static_cast<std::size_t>(s.context) + 1;
    const std::uint64_t range = trainBytes - width + 1;
    torch::Tensor out = torch::empty({s.batch, static_cast<std::int64_t>(width)}, torch::kLong);
    auto* p = out.data_ptr<std::int64_t>();
    for (int r = 0; r < s.batch; ++r) {
        const std::uint64_t key =
            splitmix(splitmix(s.seed) ^ splitmix((static_cast<std::uint64_t>(step) << 20) +
                                                 static_cast<std::uint64_t>(r)));
        const std::size_t start = key % range;
        for (std::size_t t = 0; t < width; ++t) {
            p[static_cast<std::size_t>(r) * width + t] = corpus[start + t];
        }
    }
    return out;
}

double learningRateAt(const TrainSettings& s, int step) {  // step: the update's 0-based index
    if (step < s.warmupSteps) {
        return s.learningRate * (step + 1) / s.warmupSteps;
    }
    const double span = std::max(1, s.steps - s.warmupSteps);
    const double progress = std::min(1.0, (step - s.warmupSteps) / span);
    const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
    return s.learningRate * (s.minLearningRateRatio + (1.0 - s.minLearningRateRatio) * cosine);
}

Status checkSettings(const TrainSettings& s) {
    auto bad = [](const std::string& what) { return makeError(ErrorCode::InvalidArgument, what); };
    if (s.corpusPath.empty() || s.outDir.empty()) {
        return bad("Give a corpus file and an output folder.");
    }
    if (s.positional == PositionalScheme::RelativeBias) {
        return bad("The trainer's positional schemes are rope, none, learned, sinusoidal, alibi.");
    }
    if (s.layers < 1 || s.layers > 64 || s.heads < 1 || s.hidden < 2 || s.hidden > 8192 ||
        s.hidden % s.heads != 0 || (s.hidden / s.heads) % 2 != 0) {
        return bad("The model's size is invalid: the width (" + std::to_string(s.hidden) +
                   ") must be a multiple of the heads (" + std::to_string(s.heads) +
                   ") with an even head size, and there must be 1 to 64 layers.");
    }
    if (s.intermediate < 1 || s.intermediate > 65536 || s.context < 2 || s.context > 8192) {
        return bad("The MLP width must be 1..65536 and the context 2..8192 tokens.");
    }
    if (s.batch < 1 || s.batch > 4096 || s.steps < 0 || s.steps > 10'000'000) {
        return bad("The batch must be 1..4096 sequences and the steps 0..10000000.");
    }
    if (!(s.learningRate > 0) || s.warmupSteps < 1 || s.minLearningRateRatio < 0 ||
        s.minLearningRateRatio > 1 || s.weightDecay < 0 || s.beta1 < 0 || s.beta1 >= 1 ||
        s.beta2 < 0 || s.beta2 >= 1 || s.gradientClip < 0 || s.validationFraction < 0 ||
        s.validationFraction >= 1) {
        return bad(
            "An optimizer setting is out of range (learning rate > 0, warm-up >= 1 step, "
            "0 <= betas < 1, 0 <= validation fraction < 1).");
    }
    if (s.threads < 1 || s.threads > 1024) {
        return bad("The number of threads must be 1..1024.");
    }
    return {};
}

Result<std::vector<std::uint8_t>> readCorpus(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::FileNotFound,
                         "Could not read the corpus '" + path + "'; check the path.", ec.message());
    }
    if (size > (std::uint64_t{4} << 30)) {
        return makeError(ErrorCode::InvalidArgument,
                         "The corpus '" + path + "' is larger than 4 GiB; use a smaller file.");
    }
    std::vector<std::uint8_t> bytes(size);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!in) {
        return makeError(ErrorCode::FileRead, "Could not read the corpus '" + path + "'.");
    }
    return bytes;
}

torch::Tensor lossOf(const Net& net, const torch::Tensor& seq) {
    const std::int64_t T = seq.size(1) - 1;
    torch::Tensor logits = net.forward(seq.narrow(1, 0, T), nullptr);
    return torch::nn::functional::cross_entropy(logits.reshape({-1, kVocab}),
                                                seq.narrow(1, 1, T).reshape({-1}));
}

// One training run: the corpus and its held-out part, the model, its optimizer, and the
// checkpoints and state it writes. trainModel() calls its steps in order; everything after
// splitCorpus() may throw (torch) and is caught there.
class TrainingRun {
public:
    TrainingRun(const TrainSettings& s, std::vector<std::uint8_t> corpus,
                const std::function<void(const TrainProgress&)>& progress)
        : m_s(s),
          m_corpus(std::move(corpus)),
          m_progress(progress),
          m_out(s.outDir),
          m_statePath(m_out / "train-state") {}

    // Sets the held-out bytes aside; what is left must hold more than one sequence.
    Status splitCorpus();
    // Everything before the first update: seed, validation windows, model, optimizer, output
    // folder and, when asked, the state to resume from.
    Status prepare();
    // The updates from the current step to the last one (or to a stop), then the state to
    // resume from.
    Result<TrainResult> train(std::stop_token stop);

private:
    // Up to 8 disjoint windows from the corpus' last bytes, for the validation loss.
    void holdOutValidation();
    // The model the settings describe, its weights drawn from the seeded generator.
    void initialiseModel();
    // AdamW; matrices decay, embeddings and norms do not.
    void createOptimizer();
    Status createOutputFolder();
    // Parameters and optimizer from the saved state of a run with the same settings and corpus.
    Status resumeFromSavedState();
    // The parameters, the optimizer and the step to resume from (via train-state.tmp, renamed).
    Status saveState();
    // A checkpoint when doneSteps is the last step or one of the save steps.
    Status saveCheckpointIfWanted(int doneSteps);
    // One update of every parameter; an error when the loss is no longer finite.
    Status trainStep(const std::vector<torch::Tensor>& params);

    double validationLoss() const {
        if (!m_validation.defined()) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        torch::NoGradGuard noGrad;
        return lossOf(m_net, m_validation).item<double>();
    }
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    }
    double tokensPerSecond(int done) const {
        const double t = seconds();
        return t > 0 ? static_cast<double>(done - m_firstStep) * m_s.batch * m_s.context / t : 0.0;
    }

    const TrainSettings& m_s;
    std::vector<std::uint8_t> m_corpus;
    const std::function<void(const TrainProgress&)>& m_progress;
    const fs::path m_out;
    const fs::path m_statePath;
    std::size_t m_heldBytes = 0;
    std::size_t m_trainBytes = 0;
    torch::Tensor m_validation;  // [n, context + 1] or undefined
    Net m_net;
    ordered_json m_settings;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    int m_step = 0;
    int m_firstStep = 0;
    double m_loss = std::numeric_limits<double>::quiet_NaN();
    std::chrono::steady_clock::time_point m_started;
    TrainResult m_result;
};

Status TrainingRun::splitCorpus() {
    const std::size_t n = m_corpus.size();
    m_heldBytes = static_cast<std::size_t>(static_cast<double>(n) * m_s.validationFraction);
    m_trainBytes = n - m_heldBytes;
    const auto width = static_cast<std::size_t>(m_s.context) + 1;
    if (m_trainBytes < width) {
        return makeError(ErrorCode::InvalidArgument,
                         "The corpus '" + m_s.corpusPath +
                             "' is too short: training needs more than " + std::to_string(width) +
                             " bytes besides the held-out part.");
    }
    m_settings = settingsJson(m_s, fnv1aHex(m_corpus.data(), m_corpus.size()), n);
    return {};
}

void TrainingRun::holdOutValidation() {
    const auto width = static_cast<std::size_t>(m_s.context) + 1;
    const std::size_t windows = std::min<std::size_t>(8, m_heldBytes / width);
    if (windows > 0) {
        m_validation = torch::empty(
            {static_cast<std::int64_t>(windows), static_cast<std::int64_t>(width)}, torch::kLong);
        auto* p = m_validation.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < windows * width; ++i) {
            p[i] = m_corpus[m_trainBytes + i];
        }
    }
}

void TrainingRun::initialiseModel() {
    m_net.cfg = configFor(m_s);
    m_net.build([](const std::string&, std::vector<std::int64_t> shape, double std) {
        return std == 0.0 ? torch::ones(shape) : torch::randn(shape) * std;
    });
}

void TrainingRun::createOptimizer() {
    std::vector<torch::Tensor> decay;
    std::vector<torch::Tensor> noDecay;
    for (std::size_t i = 0; i < m_net.named.size(); ++i) {
        (m_net.decays[i] ? decay : noDecay).push_back(m_net.named[i].second);
    }
    auto options = torch::optim::AdamWOptions(m_s.learningRate)
                       .betas({m_s.beta1, m_s.beta2})
                       .eps(1e-8)
                       .weight_decay(m_s.weightDecay);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(options));
    auto noDecayOptions = options;
    noDecayOptions.weight_decay(0.0);
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(noDecayOptions));
    m_optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups), options);
}

Status TrainingRun::createOutputFolder() {
    std::error_code ec;
    fs::create_directories(m_out, ec);
    if (ec) {
        return makeError(ErrorCode::FileWrite, "Could not create the folder '" + m_s.outDir + "'.",
                         ec.message());
    }
    return {};
}

Status TrainingRun::resumeFromSavedState() {
    std::ifstream in(m_statePath / "state.json");
    if (!in) {
        return makeError(ErrorCode::FileNotFound, "There is no saved training state in '" +
                                                      m_statePath.string() +
                                                      "' to resume from; start without --resume.");
    }
    ordered_json saved = ordered_json::parse(in, nullptr, false);
    if (saved.is_discarded() || !saved.contains("settings") || !saved.contains("step")) {
        return makeError(ErrorCode::FileFormat,
                         "The training state in '" + m_statePath.string() + "' is damaged.");
    }
    if (saved["settings"] != m_settings) {
        return makeError(ErrorCode::InvalidArgument,
                         "The saved training state in '" + m_statePath.string() +
                             "' was made with different settings or another corpus; "
                             "resume with the same command.",
                         saved["settings"].dump());
    }
    m_step = saved["step"].get<int>();
    std::vector<torch::Tensor> params;
    torch::load(params, (m_statePath / "parameters.pt").string());
    if (params.size() != m_net.named.size()) {
        return makeError(ErrorCode::FileFormat,
                         "The training state in '" + m_statePath.string() + "' is damaged.");
    }
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < params.size(); ++i) {
        m_net.named[i].second.copy_(params[i]);
    }
    torch::load(*m_optimizer, (m_statePath / "optimizer.pt").string());
    return {};
}

Status TrainingRun::prepare() {
    at::set_num_threads(m_s.threads);
    torch::manual_seed(m_s.seed);
    holdOutValidation();
    initialiseModel();
    createOptimizer();
    if (Status st = createOutputFolder(); !st) {
        return st;
    }
    if (m_s.resume) {
        if (Status st = resumeFromSavedState(); !st) {
            return st;
        }
    }
    m_started = std::chrono::steady_clock::now();
    m_firstStep = m_step;
    return {};
}

Status TrainingRun::saveState() {
    const fs::path tmp = m_statePath.string() + ".tmp";
    std::error_code e;
    fs::remove_all(tmp, e);
    fs::create_directories(tmp, e);
    torch::save(m_net.parameters(), (tmp / "parameters.pt").string());
    torch::save(*m_optimizer, (tmp / "optimizer.pt").string());
    ordered_json j;
    j["step"] = m_step;
    j["loss"] = m_loss;
    j["settings"] = m_settings;
    if (Status st = writeText(tmp / "state.json", j.dump(2) + "\n"); !st) {
        return st;
    }
    fs::remove_all(m_statePath, e);
    fs::rename(tmp, m_statePath, e);
    if (e) {
        return makeError(ErrorCode::FileWrite,
                         "Could not save the training state in '" + m_statePath.string() + "'.",
                         e.message());
    }
    return {};
}

Status TrainingRun::saveCheckpointIfWanted(int doneSteps) {
    const bool wanted =
        doneSteps == m_s.steps ||
        std::find(m_s.saveSteps.begin(), m_s.saveSteps.end(), doneSteps) != m_s.saveSteps.end();
    if (!wanted) {
        return {};
    }
    TrainCheckpoint cp;
    cp.step = doneSteps;
    cp.dir = (m_out / stepName(doneSteps)).string();
    cp.validationLoss = validationLoss();
    ordered_json training;
    training["step"] = doneSteps;
    training["tokens_seen"] = static_cast<std::uint64_t>(doneSteps) *
                              static_cast<std::uint64_t>(m_s.batch) *
                              static_cast<std::uint64_t>(m_s.context);
    training["train_loss"] = std::isnan(m_loss) ? ordered_json() : ordered_json(m_loss);
    training["validation_loss"] =
        std::isnan(cp.validationLoss) ? ordered_json() : ordered_json(cp.validationLoss);
    training["settings"] = m_settings;
    if (Status st = writeCheckpoint(m_net, cp.dir, m_s.float16, training); !st) {
        return st;
    }
    m_result.checkpoints.push_back(cp);
    if (m_progress) {
        m_progress({doneSteps, m_s.steps, m_loss, learningRateAt(m_s, std::max(0, doneSteps - 1)),
                    tokensPerSecond(doneSteps), cp.dir});
    }
    return {};
}

Status TrainingRun::trainStep(const std::vector<torch::Tensor>& params) {
    const double lr = learningRateAt(m_s, m_step);
    for (auto& group : m_optimizer->param_groups()) {
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    }
    m_optimizer->zero_grad();
    torch::Tensor l = lossOf(m_net, batchAt(m_corpus, m_trainBytes, m_s, m_step));
    l.backward();
    if (m_s.gradientClip > 0) {
        torch::nn::utils::clip_grad_norm_(params, m_s.gradientClip);
    }
    m_optimizer->step();
    m_loss = l.item<double>();
    if (!std::isfinite(m_loss)) {
        return makeError(ErrorCode::Internal,
                         "Training diverged at step " + std::to_string(m_step + 1) +
                             " (the loss is not finite); lower the learning rate.");
    }
    ++m_step;
    if (m_progress) {
        m_progress({m_step, m_s.steps, m_loss, lr, tokensPerSecond(m_step), {}});
    }
    return {};
}

Result<TrainResult> TrainingRun::train(std::stop_token stop) {
    if (m_step == 0) {
        if (Status st = saveCheckpointIfWanted(0); !st) {
            return st.error();
        }
    }
    const std::vector<torch::Tensor> params = m_net.parameters();
    while (m_step < m_s.steps) {
        if (stop.stop_requested()) {
            if (Status st = saveState(); !st) {
                return st.error();
            }
            m_result.stopped = true;
            break;
        }
        if (Status st = trainStep(params); !st) {
            return st.error();
        }
        if (Status st = saveCheckpointIfWanted(m_step); !st) {
            return st.error();
        }
    }
    if (!m_result.stopped) {
        if (Status st = saveState(); !st) {
            return st.error();
        }
    }
    m_result.stepsDone = m_step;
    m_result.finalLoss = m_loss;
    m_result.seconds = seconds();
    m_result.tokensPerSecond = tokensPerSecond(m_step);
    return m_result;
}

}  // namespace

Result<TrainResult> trainModel(const TrainSettings& s,
                               const std::function<void(const TrainProgress&)>& progress,
                               std::stop_token stop) {
    if (Status ok = checkSettings(s); !ok) {
        return ok.error();
    }
    auto corpus = readCorpus(s.corpusPath);
    if (!corpus) {
        return corpus.error();
    }
    TrainingRun run(s, std::move(corpus.value()), progress);
    if (Status ok = run.splitCorpus(); !ok) {
        return ok.error();
    }
    try {
        if (Status ok = run.prepare(); !ok) {
            return ok.error();
        }
        return run.train(stop);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory,
                         "Not enough memory to train this model; use a smaller batch or model.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "Training failed.", e.what());
    }
}

Result<TrainerForward> trainerForward(const std::string& dir, const std::vector<int>& ids) {
    std::ifstream in(fs::path(dir) / "config.json", std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::FileNotFound, "'" + dir + "' has no config.json.");
    }
    std::stringstream text;
    text << in.rdbuf();
    auto config = parseModelConfig(text.str(), dir + "/config.json");
    if (!config) {
        return config.error();
    }
    if (config->architecture != Architecture::Headwave || config->vocab != kVocab ||
        config->kvHeads != config->heads) {
        return makeError(ErrorCode::Unsupported,
                         "'" + dir + "' is not a checkpoint written by Headwave's trainer.");
    }
    const int T = static_cast<int>(ids.size());
    if (T < 1 || T > config->maxPositions) {
        return makeError(ErrorCode::InvalidArgument, "Give 1 to max_position_embeddings tokens.");
    }
    auto weights = ModelWeights::open(dir);
    if (!weights) {
        return weights.error();
    }
    try {
        Net net;
        net.cfg = config.value();
        std::optional<Error> missing;
        net.build([&](const std::string& name, std::vector<std::int64_t> shape, double) {
            const WeightTensor* w = (*weights)->find(name);
            if (w == nullptr || w->shape != shape ||
                (w->dtype != SafetensorsDType::F32 && w->dtype != SafetensorsDType::F16)) {
                missing = makeError(ErrorCode::FileFormat,
                                    "'" + dir + "' has no usable tensor '" + name + "'.");
                return torch::zeros(shape);
            }
            const bool half = w->dtype == SafetensorsDType::F16;
            torch::Tensor raw = torch::empty(shape, half ? torch::kHalf : torch::kFloat);
            std::memcpy(raw.data_ptr(), w->data, w->bytes);
            return raw.to(torch::kFloat);
        });
        if (missing) {
            return *missing;
        }
        torch::NoGradGuard noGrad;
        std::vector<std::int64_t> ids64(ids.begin(), ids.end());
        torch::Tensor idx = torch::from_blob(ids64.data(), {1, T}, torch::kLong).clone();
        std::vector<torch::Tensor> attention;
        torch::Tensor logits = net.forward(idx, &attention).contiguous();
        TrainerForward f;
        f.layers = net.cfg.layers;
        f.heads = net.cfg.heads;
        f.tokens = T;
        f.vocab = kVocab;
        f.logits.assign(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
        for (const torch::Tensor& a : attention) {
            torch::Tensor c = a.contiguous();
            f.attention.insert(f.attention.end(), c.data_ptr<float>(),
                               c.data_ptr<float>() + c.numel());
        }
        return f;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "The trainer's forward pass failed.", e.what());
    }
}

}  // namespace headwave
