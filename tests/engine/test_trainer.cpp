// SPDX-License-Identifier: GPL-3.0-or-later
// The trainer (headwave/model/trainer.h) on a corpus the test writes: every positional scheme's
// checkpoint loads, the engine's forward equals the trainer's, sinusoidal and ALiBi match a naive
// float64 forward written from the published formulas, runs are deterministic, and a stopped and
// resumed run equals an uninterrupted one. Tiny models: the whole file runs in a few seconds.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "check.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/model_weights.h"
#include "headwave/model/trainer.h"
#include "headwave/tokenizer/tokenizer.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-trainer-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

// A few kB of English-like text with structure a model can pick up in a few steps.
fs::path corpus() {
    static fs::path path = [] {
        const fs::path p = scratch() / "corpus.txt";
        std::ofstream out(p, std::ios::binary);
        const char* words[] = {"the ", "cat ",  "sat ", "on ",  "a ",   "mat. ",
                               "And ", "then ", "it ",  "ran ", "far ", "away. "};
        for (int i = 0; i < 2000; ++i) {
            out << words[(i * 7 + i / 5) % 12];
        }
        return p;
    }();
    return path;
}

TrainSettings tiny(PositionalScheme scheme, const std::string& out, int steps) {
    TrainSettings s;
    s.corpusPath = corpus().string();
    s.outDir = (scratch() / out).string();
    s.positional = scheme;
    s.layers = 2;
    s.heads = 4;
    s.hidden = 32;
    s.intermediate = 48;
    s.context = 24;
    s.batch = 3;
    s.steps = steps;
    s.warmupSteps = 2;
    s.learningRate = 1e-2;
    s.seed = 5;
    s.saveSteps = {0};
    return s;
}

std::string readBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<int> sampleIds(int T) {
    const std::string text = "And then it ran far away. The cat sat on a mat.";
    std::vector<int> ids;
    for (int t = 0; t < T; ++t) {
        ids.push_back(static_cast<unsigned char>(text[static_cast<std::size_t>(t) % text.size()]));
    }
    return ids;
}

// The engine's attention [layers, heads, T, T] and logits [T, vocab] of a folder.
bool engineForward(const fs::path& dir, const std::vector<int>& ids, std::vector<float>& attention,
                   std::vector<float>& logits) {
    auto model = loadAttentionModel(dir.string());
    HW_CHECK_MSG(model.ok(), (model.ok() ? "" : model.error().describe()));
    if (!model.ok()) {
        return false;
    }
    auto out = runModel(**model, ids, [&](const LayerAttention& a) -> Status {
        const auto n = static_cast<std::size_t>(a.heads) * static_cast<std::size_t>(a.tokens) *
                       static_cast<std::size_t>(a.tokens);
        attention.insert(attention.end(), a.probs, a.probs + n);
        return {};
    });
    HW_CHECK(out.ok());
    if (!out.ok()) {
        return false;
    }
    logits = out->values;
    return true;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) {
        return std::numeric_limits<double>::infinity();
    }
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        m = std::max(m, std::fabs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
    }
    return m;
}

// ----- A naive float64 forward of the "headwave" architecture, from the published formulas -----

using Vec = std::vector<double>;

struct Naive {
    int L = 0, H = 0, D = 0, d = 0, I = 0, V = 0;
    PositionalScheme scheme = PositionalScheme::None;
    std::unique_ptr<ModelWeights> w;

    Vec get(const std::string& name) const {
        const WeightTensor* t = w->find(name);
        Vec v(static_cast<std::size_t>(t->elements()));
        const auto* f = reinterpret_cast<const float*>(t->data);
        for (std::size_t i = 0; i < v.size(); ++i) {
            v[i] = static_cast<double>(f[i]);
        }
        return v;
    }
    Vec linear(const Vec& x, int T, int in, const Vec& W, int out) const {
        Vec y(static_cast<std::size_t>(T * out), 0.0);
        for (int t = 0; t < T; ++t) {
            for (int o = 0; o < out; ++o) {
                double s = 0;
                for (int i = 0; i < in; ++i) {
                    s += x[static_cast<std::size_t>(t * in + i)] *
                         W[static_cast<std::size_t>(o * in + i)];
                }
                y[static_cast<std::size_t>(t * out + o)] = s;
            }
        }
        return y;
    }
    Vec rms(const Vec& x, int T, const Vec& g) const {
        Vec y(x.size());
        for (int t = 0; t < T; ++t) {
            double ms = 0;
            for (int i = 0; i < D; ++i) {
                ms +=
                    x[static_cast<std::size_t>(t * D + i)] * x[static_cast<std::size_t>(t * D + i)];
            }
            const double inv = 1.0 / std::sqrt(ms / D + 1e-5);
            for (int i = 0; i < D; ++i) {
                y[static_cast<std::size_t>(t * D + i)] =
                    x[static_cast<std::size_t>(t * D + i)] * inv * g[static_cast<std::size_t>(i)];
            }
        }
        return y;
    }
    // Vaswani et al.: PE(pos, 2k) = sin(pos / 10000^(2k/D)), PE(pos, 2k+1) = cos(same).
    static double sinusoid(int pos, int i, int D) {
        const double angle = pos / std::pow(10000.0, (2.0 * (i / 2)) / D);
        return i % 2 == 0 ? std::sin(angle) : std::cos(angle);
    }
    // Press et al.: for H a power of two, slopes 2^(-8/H), 2^(-16/H), ..., 2^(-8).
    double alibiSlope(int h) const { return std::pow(2.0, -8.0 * (h + 1) / H); }

    void forward(const std::vector<int>& ids, std::vector<Vec>& attention, Vec& logits) const {
        const int T = static_cast<int>(ids.size());
        const Vec emb = get("model.embed_tokens.weight");
        Vec h(static_cast<std::size_t>(T * D));
        for (int t = 0; t < T; ++t) {
            for (int i = 0; i < D; ++i) {
                double v = emb[static_cast<std::size_t>(ids[static_cast<std::size_t>(t)] * D + i)];
                if (scheme == PositionalScheme::Sinusoidal) {
                    v = v * std::sqrt(static_cast<double>(D)) + sinusoid(t, i, D);  // Vaswani
                }
                h[static_cast<std::size_t>(t * D + i)] = v;
            }
        }
        for (int l = 0; l < L; ++l) {
            const std::string p = "model.layers." + std::to_string(l) + ".";
            const Vec x = rms(h, T, get(p + "input_layernorm.weight"));
            const Vec q = linear(x, T, D, get(p + "self_attn.q_proj.weight"), D);
            const Vec k = linear(x, T, D, get(p + "self_attn.k_proj.weight"), D);
            const Vec v = linear(x, T, D, get(p + "self_attn.v_proj.weight"), D);
            Vec A(static_cast<std::size_t>(H * T * T), 0.0);
            Vec ctx(static_cast<std::size_t>(T * D), 0.0);
            for (int hh = 0; hh < H; ++hh) {
                for (int i = 0; i < T; ++i) {
                    Vec s(static_cast<std::size_t>(i + 1));
                    double mx = -1e300;
                    for (int j = 0; j <= i; ++j) {
                        double dot = 0;
                        for (int c = 0; c < d; ++c) {
                            dot += q[static_cast<std::size_t>(i * D + hh * d + c)] *
                                   k[static_cast<std::size_t>(j * D + hh * d + c)];
                        }
                        double score = dot / std::sqrt(static_cast<double>(d));
                        if (scheme == PositionalScheme::Alibi) {
                            score -= alibiSlope(hh) * (i - j);
                        }
                        s[static_cast<std::size_t>(j)] = score;
                        mx = std::max(mx, score);
                    }
                    double z = 0;
                    for (double& e : s) {
                        e = std::exp(e - mx);
                        z += e;
                    }
                    for (int j = 0; j <= i; ++j) {
                        const double a = s[static_cast<std::size_t>(j)] / z;
                        A[static_cast<std::size_t>((hh * T + i) * T + j)] = a;
                        for (int c = 0; c < d; ++c) {
                            ctx[static_cast<std::size_t>(i * D + hh * d + c)] +=
                                a * v[static_cast<std::size_t>(j * D + hh * d + c)];
                        }
                    }
                }
            }
            attention.push_back(A);
            const Vec o = linear(ctx, T, D, get(p + "self_attn.o_proj.weight"), D);
            for (std::size_t i = 0; i < h.size(); ++i) {
                h[i] += o[i];
            }
            const Vec y = rms(h, T, get(p + "post_attention_layernorm.weight"));
            Vec g = linear(y, T, D, get(p + "mlp.gate_proj.weight"), I);
            const Vec u = linear(y, T, D, get(p + "mlp.up_proj.weight"), I);
            for (std::size_t i = 0; i < g.size(); ++i) {
                g[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
            }
            const Vec dn = linear(g, T, I, get(p + "mlp.down_proj.weight"), D);
            for (std::size_t i = 0; i < h.size(); ++i) {
                h[i] += dn[i];
            }
        }
        logits = linear(rms(h, T, get("model.norm.weight")), T, D, emb, V);
    }
};

}  // namespace

// Every scheme: trains 3 steps, writes float32 and float16 checkpoints that the engine opens
// (model and tokenizer), and the engine's forward equals the trainer's. Both are float32 with the
// same operations; they differ only in batching (the trainer's batched matmuls vs the engine's
// per-sequence ones), i.e. in float32 summation order: attention within 2e-6 absolute
// (probabilities are <= 1, float32 eps 1.2e-7 times a few accumulations), logits within 1e-4
// (|logits| < 10).
HW_TEST(every_scheme_loads_and_engine_forward_equals_trainer_forward) {
    for (PositionalScheme scheme :
         {PositionalScheme::Rope, PositionalScheme::None, PositionalScheme::Learned,
          PositionalScheme::Sinusoidal, PositionalScheme::Alibi}) {
        for (bool half : {false, true}) {
            TrainSettings s = tiny(
                scheme,
                std::string("fwd-") + positionalSchemeKey(scheme) + (half ? "-f16" : "-f32"), 3);
            s.float16 = half;
            auto r = trainModel(s);
            HW_CHECK_MSG(r.ok(), (r.ok() ? "" : r.error().describe()));
            if (!r.ok()) {
                continue;
            }
            HW_CHECK_EQ(r->checkpoints.size(), std::size_t{2});  // steps 0 and 3
            const fs::path dir = fs::path(s.outDir) / "step-0003";
            auto model = loadAttentionModel(dir.string());
            HW_CHECK(model.ok());
            if (!model.ok()) {
                continue;
            }
            HW_CHECK((*model)->config().positional == scheme);
            HW_CHECK_EQ((*model)->info().storedDtype, std::string(half ? "F16" : "F32"));
            const std::vector<int> ids = sampleIds(s.context);
            std::vector<float> attention;
            std::vector<float> logits;
            if (!engineForward(dir, ids, attention, logits)) {
                continue;
            }
            auto ref = trainerForward(dir.string(), ids);
            HW_CHECK(ref.ok());
            if (!ref.ok()) {
                continue;
            }
            const double da = maxAbsDiff(attention, ref->attention);
            const double dl = maxAbsDiff(logits, ref->logits);
            HW_CHECK_MSG(da <= 2e-6, std::string(positionalSchemeKey(scheme)) + " attention " +
                                         std::to_string(da));
            HW_CHECK_MSG(dl <= 1e-4, std::string(positionalSchemeKey(scheme)) + " logits " +
                                         std::to_string(dl));
        }
    }
}

// The tokenizer the trainer writes is byte-level: token id = byte, any input encodes.
HW_TEST(tokenizer_maps_bytes_to_ids) {
    TrainSettings s = tiny(PositionalScheme::Rope, "tokenizer", 0);
    HW_CHECK(trainModel(s).ok());
    auto tok = loadTokenizer((fs::path(s.outDir) / "step-0000").string());
    HW_CHECK_MSG(tok.ok(), (tok.ok() ? "" : tok.error().describe()));
    if (!tok.ok()) {
        return;
    }
    HW_CHECK_EQ((*tok)->vocabSize(), 256);
    const std::string text = "To be, or not\n to be: \xC3\xBC \t~";
    auto e = (*tok)->encode(text);
    HW_CHECK(e.ok());
    if (!e.ok()) {
        return;
    }
    std::vector<int> expected;
    for (char c : text) {
        expected.push_back(static_cast<unsigned char>(c));
    }
    HW_CHECK(e->ids() == expected);
}

// Sinusoidal and ALiBi checkpoints against the naive float64 forward above (its formulas written
// from the papers, not shared with the engine). Tolerances: float32 forward vs float64, T = 24,
// 2 layers: attention 1e-5 absolute, logits 1e-4 absolute.
HW_TEST(sinusoidal_and_alibi_forward_match_naive_formulas) {
    for (PositionalScheme scheme : {PositionalScheme::Sinusoidal, PositionalScheme::Alibi}) {
        TrainSettings s = tiny(scheme, std::string("naive-") + positionalSchemeKey(scheme), 4);
        HW_CHECK(trainModel(s).ok());
        const fs::path dir = fs::path(s.outDir) / "step-0004";
        Naive n;
        n.L = s.layers;
        n.H = s.heads;
        n.D = s.hidden;
        n.d = s.hidden / s.heads;
        n.I = s.intermediate;
        n.V = 256;
        n.scheme = scheme;
        auto w = ModelWeights::open(dir.string());
        HW_CHECK(w.ok());
        if (!w.ok()) {
            continue;
        }
        n.w = std::move(w.value());
        const std::vector<int> ids = sampleIds(s.context);
        std::vector<Vec> refAttention;
        Vec refLogits;
        n.forward(ids, refAttention, refLogits);
        std::vector<float> attention;
        std::vector<float> logits;
        if (!engineForward(dir, ids, attention, logits)) {
            continue;
        }
        double da = 0;
        double dl = 0;
        std::size_t at = 0;
        for (const Vec& layer : refAttention) {
            for (double v : layer) {
                da = std::max(da, std::fabs(v - static_cast<double>(attention[at++])));
            }
        }
        for (std::size_t i = 0; i < refLogits.size(); ++i) {
            dl = std::max(dl, std::fabs(refLogits[i] - static_cast<double>(logits[i])));
        }
        HW_CHECK_MSG(da <= 1e-5, "attention " + std::to_string(da));
        HW_CHECK_MSG(dl <= 1e-4, "logits " + std::to_string(dl));
    }
}

// Same settings, same thread count -> byte-identical checkpoints (weights and config).
HW_TEST(same_seed_gives_identical_checkpoints) {
    TrainSettings a = tiny(PositionalScheme::Rope, "det-a", 6);
    TrainSettings b = tiny(PositionalScheme::Rope, "det-b", 6);
    HW_CHECK(trainModel(a).ok());
    HW_CHECK(trainModel(b).ok());
    for (const char* f : {"model.safetensors", "config.json", "tokenizer.json"}) {
        HW_CHECK_MSG(readBytes(fs::path(a.outDir) / "step-0006" / f) ==
                         readBytes(fs::path(b.outDir) / "step-0006" / f),
                     f);
    }
    TrainSettings c = tiny(PositionalScheme::Rope, "det-c", 6);
    c.seed = 6;
    HW_CHECK(trainModel(c).ok());
    HW_CHECK(readBytes(fs::path(a.outDir) / "step-0006/model.safetensors") !=
             readBytes(fs::path(c.outDir) / "step-0006/model.safetensors"));
}

// Stop after 3 of 8 steps, resume: the final checkpoint equals an uninterrupted run's bit for bit
// (the parameters and AdamW moments are saved exactly in float32, and step s's batch depends only
// on the seed and s), so the stated tolerance is zero.
HW_TEST(stop_and_resume_equals_uninterrupted_run) {
    TrainSettings whole = tiny(PositionalScheme::Learned, "whole", 8);
    whole.saveSteps = {};
    HW_CHECK(trainModel(whole).ok());

    TrainSettings part = tiny(PositionalScheme::Learned, "parts", 8);
    part.saveSteps = {};
    std::stop_source stopper;
    auto first = trainModel(
        part,
        [&](const TrainProgress& p) {
            if (p.step == 3) {
                stopper.request_stop();
            }
        },
        stopper.get_token());
    HW_CHECK(first.ok() && first->stopped && first->stepsDone == 3);
    HW_CHECK(!fs::exists(fs::path(part.outDir) / "step-0008"));
    part.resume = true;
    auto second = trainModel(part);
    HW_CHECK_MSG(second.ok(), (second.ok() ? "" : second.error().describe()));
    HW_CHECK(second.ok() && !second->stopped && second->stepsDone == 8);
    HW_CHECK(readBytes(fs::path(whole.outDir) / "step-0008/model.safetensors") ==
             readBytes(fs::path(part.outDir) / "step-0008/model.safetensors"));
}

HW_TEST(bad_settings_and_resume_are_errors) {
    TrainSettings s = tiny(PositionalScheme::Rope, "bad", 2);
    s.corpusPath = (scratch() / "missing.txt").string();
    auto r = trainModel(s);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileNotFound);

    const fs::path shortCorpus = scratch() / "short.txt";
    std::ofstream(shortCorpus) << "too short";
    s = tiny(PositionalScheme::Rope, "bad", 2);
    s.corpusPath = shortCorpus.string();
    r = trainModel(s);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::InvalidArgument);

    s = tiny(PositionalScheme::Rope, "bad", 2);
    s.hidden = 30;  // not a multiple of 4 heads with an even head size
    HW_CHECK(!trainModel(s).ok());

    s = tiny(PositionalScheme::Rope, "no-state", 2);
    s.resume = true;
    r = trainModel(s);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileNotFound);

    s = tiny(PositionalScheme::Rope, "changed", 2);
    HW_CHECK(trainModel(s).ok());
    s.resume = true;
    s.learningRate = 5e-3;  // different settings: refused
    r = trainModel(s);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::InvalidArgument);
}

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return rc;
}
