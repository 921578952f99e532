// SPDX-License-Identifier: GPL-3.0-or-later
// Interventions (headwave/run/interventions.h) on stories260K (../shared): zero, mean and band
// filter inside the forward against a naive float64 numpy reference of the model
// (intervention_reference.py, PyWavelets for the filter); the band filter against the reference
// filter on random rows; hooks that change nothing and forked passes bit-identical to plain
// passes; the sweep with reuse equal to the one without; bad input refused with a reason.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "headwave/dsp/dwt.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/npz_archive.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/interventions.h"
#include "headwave/run/session.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

const std::vector<int> kIds = {1,   403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315,
                               421, 395, 317, 426, 261, 376, 298, 315, 421, 286, 432, 383,
                               403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421};

fs::path modelDir() {
    return test::sharedDir() / "models/stories260K";
}

bool haveReference() {
    return std::system("/usr/bin/python3 -c 'import numpy, pywt' >/dev/null 2>&1") == 0;
}

#define REQUIRE_MODEL()                                                              \
    do {                                                                             \
        if (!fs::exists(modelDir() / "config.json")) {                               \
            HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)"); \
        }                                                                            \
        if (!haveReference()) {                                                      \
            HW_SKIP("/usr/bin/python3 with numpy and PyWavelets is not available");  \
        }                                                                            \
    } while (0)

std::string idsText(const std::vector<int>& ids) {
    std::string s;
    for (int id : ids) {
        s += (s.empty() ? "" : ",") + std::to_string(id);
    }
    return s;
}

// The reference's logits [T, vocab] for `args` ("zero L H", ...).
std::vector<double> referenceLogits(const std::string& args) {
    const fs::path out =
        fs::temp_directory_path() / ("hw-intervention-" + std::to_string(getpid()) + ".npy");
    const std::string cmd =
        "/usr/bin/python3 '" HEADWAVE_SOURCE_DIR "/tests/engine/intervention_reference.py' '" +
        modelDir().string() + "' " + idsText(kIds) + " '" + out.string() + "' " + args;
    const int status = std::system(cmd.c_str());
    HW_CHECK_MSG(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0, cmd);
    std::vector<double> values;
    auto file = MappedFile::open(out.string());
    if (file) {
        auto header = parseNpyHeader((*file)->data(), (*file)->size());
        if (header && header->dtype == DType::Float64) {
            const auto* p = reinterpret_cast<const double*>((*file)->data() + header->dataOffset);
            values.assign(p, p + header->dataBytes / 8);
        }
    }
    fs::remove(out);
    return values;
}

// The mean next-token NLL of reference logits [kIds, vocab].
double meanReferenceNll(const std::vector<double>& logits, int vocab) {
    ModelOutput ref;
    ref.rows = static_cast<int>(kIds.size());
    ref.cols = vocab;
    ref.values.assign(logits.begin(), logits.end());
    const std::vector<double> nll = nextTokenNll(ref, kIds);
    double mean = 0;
    for (double v : nll) {
        mean += v / static_cast<double>(nll.size());
    }
    return mean;
}

Result<ModelOutput> runWith(AttentionModel& model, const ForwardHooks& hooks) {
    auto pass = model.begin(kIds);
    if (!pass) {
        return pass.error();
    }
    (*pass)->setHooks(hooks);
    while ((*pass)->layersDone() < model.config().layers) {
        if (auto l = (*pass)->nextLayer(); !l) {
            return l.error();
        }
    }
    return (*pass)->output();
}

double maxDiff(const ModelOutput& a, const std::vector<double>& b) {
    if (a.values.size() != b.size()) {
        return std::numeric_limits<double>::infinity();
    }
    double m = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        m = std::max(m, std::fabs(static_cast<double>(a.values[i]) - b[i]));
    }
    return m;
}

std::unique_ptr<AttentionModel> load() {
    auto m = loadAttentionModel(modelDir().string());
    HW_CHECK_MSG(m.ok(), (m ? "" : m.error().describe()));
    return m ? std::move(m).value() : nullptr;
}

}  // namespace

HW_TEST(the_reference_forward_matches_the_model) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    auto plain = runWith(*model, {});
    HW_CHECK(plain.ok());
    const double d = maxDiff(*plain, referenceLogits("none"));
    std::fprintf(stderr, "  no intervention: logits max |diff| %.2e\n", d);
    HW_CHECK(d <= 1e-4);
}

HW_TEST(hooks_that_change_nothing_and_forks_are_bit_identical) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    auto plain = runWith(*model, {});
    ForwardHooks idle;
    idle.attention = [](int, float*, int, int) {};
    idle.headOutputs = [](int, float*, int, int, int) {};
    auto hooked = runWith(*model, idle);
    HW_CHECK(plain.ok() && hooked.ok() && plain->values == hooked->values);
    // A fork after each layer finishes exactly as the pass it came from.
    for (int at = 0; at <= model->config().layers; ++at) {
        auto pass = model->begin(kIds);
        HW_CHECK(pass.ok());
        for (int l = 0; l < at; ++l) {
            HW_CHECK((*pass)->nextLayer().ok());
        }
        auto fork = (*pass)->fork();
        HW_CHECK(fork.ok());
        while ((*fork)->layersDone() < model->config().layers) {
            HW_CHECK((*fork)->nextLayer().ok());
        }
        auto out = (*fork)->output();
        HW_CHECK_MSG(out.ok() && out->values == plain->values, "fork after layer " << at);
    }
}

HW_TEST(zero_and_mean_ablation_match_the_float64_reference) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    const ModelConfig& c = model->config();
    const int J = dwtMaxLevel(static_cast<int>(kIds.size()));
    for (const auto& lh : {std::pair{0, 0}, std::pair{2, 5}, std::pair{4, 7}}) {
        const int l = lh.first;
        const int h = lh.second;
        auto spec = parseInterventions(std::to_string(l) + ":" + std::to_string(h), "", "", c, J);
        HW_CHECK(spec.ok());
        // The reference's logits, once for both comparisons.
        const std::vector<double> logits =
            referenceLogits("zero " + std::to_string(l) + " " + std::to_string(h));
        ForwardHooks hooks;
        hooks.headOutputs = [l, h](int layer, float* ctx, int T, int heads, int dim) {
            if (layer == l) {
                for (int t = 0; t < T; ++t) {
                    for (int k = 0; k < dim; ++k) {
                        ctx[static_cast<std::size_t>((t * heads + h) * dim + k)] = 0.0f;
                    }
                }
            }
        };
        auto out = runWith(*model, hooks);
        const double d = out ? maxDiff(*out, logits) : std::numeric_limits<double>::infinity();
        std::fprintf(stderr, "  zero ablation %d:%d: logits max |diff| %.2e\n", l, h, d);
        HW_CHECK(d <= 1e-4);
        // The same through runIntervention: its intervened NLL is the reference's.
        auto r = runIntervention(*model, {kIds}, *spec, MethodSettings{});
        HW_CHECK(r.ok());
        if (r) {
            const double mean = meanReferenceNll(logits, c.vocab);
            HW_CHECK_MSG(std::fabs(mean - r->intervenedNll) <= 1e-4,
                         mean << " vs " << r->intervenedNll);
            HW_CHECK(r->baseline.size() == 1 && r->baseline[0].size() == kIds.size() - 1);
        }
    }
    // Mean ablation with the means over the sequence itself, written for the reference.
    auto means = meanHeadOutputs(*model, {kIds});
    HW_CHECK(means.ok());
    if (!means) {
        return;
    }
    std::vector<double> flat;
    for (const auto& layer : *means) {
        for (const auto& head : layer) {
            flat.insert(flat.end(), head.begin(), head.end());
        }
    }
    const fs::path meansFile =
        fs::temp_directory_path() / ("hw-means-" + std::to_string(getpid()) + ".npy");
    HW_CHECK(
        writeNpy(meansFile.string(), DType::Float64, {c.layers, c.heads, c.headDim}, flat.data())
            .ok());
    auto spec = parseInterventions("", "3:1", "", c, J);
    HW_CHECK(spec.ok());
    auto r = runIntervention(*model, {kIds}, *spec, MethodSettings{}, &means.value());
    const std::vector<double> logits = referenceLogits("mean 3 1 '" + meansFile.string() + "'");
    fs::remove(meansFile);
    const double mean = meanReferenceNll(logits, c.vocab);
    HW_CHECK(r.ok() && std::fabs(mean - r->intervenedNll) <= 1e-4);
}

HW_TEST(band_filtering_matches_the_reference_filter_and_model) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    const ModelConfig& c = model->config();
    const int T = static_cast<int>(kIds.size());
    const int J = dwtMaxLevel(T);
    // Inside the model: the filtered head against the reference forward with PyWavelets.
    for (const auto& [text, scales] : {std::pair{std::string("1:3=cD1"), std::string("1")},
                                       std::pair{std::string("3:6=details"), std::string("1,2,3")},
                                       std::pair{std::string("0:2=cA"), std::string("0")}}) {
        auto spec = parseInterventions("", "", text, c, J);
        HW_CHECK_MSG(spec.ok(), (spec ? "" : spec.error().message));
        if (!spec) {
            continue;
        }
        const HeadIntervention& h = spec->heads.front();
        ForwardHooks hooks;
        hooks.attention = [&](int layer, float* probs, int heads, int tokens) {
            if (layer == h.layer) {
                std::vector<int> first;
                std::vector<int> last;
                allowedKeys(c, layer, tokens, first, last);
                bandFilterRows(probs + static_cast<std::size_t>(h.head * tokens * tokens), tokens,
                               first, last, J, h.scales);
            }
            (void)heads;
        };
        auto out = runWith(*model, hooks);
        const double d =
            out ? maxDiff(*out, referenceLogits("band " + std::to_string(h.layer) + " " +
                                                std::to_string(h.head) + " " + scales))
                : std::numeric_limits<double>::infinity();
        std::fprintf(stderr, "  band filter %s: logits max |diff| %.2e\n", text.c_str(), d);
        HW_CHECK(d <= 1e-4);
    }
    // Every filtered row is a distribution over its allowed keys, zero elsewhere.
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<float> a(static_cast<std::size_t>(T * T), 0.0f);
    for (int i = 0; i < T; ++i) {
        float sum = 0;
        for (int j = 0; j <= i; ++j) {
            a[static_cast<std::size_t>(i * T + j)] = u(rng);
            sum += a[static_cast<std::size_t>(i * T + j)];
        }
        for (int j = 0; j <= i; ++j) {
            a[static_cast<std::size_t>(i * T + j)] /= sum;
        }
    }
    std::vector<int> first;
    std::vector<int> last;
    allowedKeys(c, 0, T, first, last);
    bandFilterRows(a.data(), T, first, last, J, {1, 2});
    for (int i = 0; i < T; ++i) {
        double sum = 0;
        for (int j = 0; j < T; ++j) {
            const float v = a[static_cast<std::size_t>(i * T + j)];
            HW_CHECK(v >= 0.0f && (j <= i || v == 0.0f));
            sum += static_cast<double>(v);
        }
        HW_CHECK(std::fabs(sum - 1.0) <= 1e-5);
    }
}

HW_TEST(the_sweep_reuses_the_layers_below_and_gives_the_same_numbers) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    const std::vector<std::vector<int>> seqs = {kIds,
                                                std::vector<int>(kIds.begin(), kIds.begin() + 20)};
    auto fast = sweepHeads(*model, seqs, InterventionKind::ZeroAblate, {}, MethodSettings{});
    auto naive = sweepHeads(*model, seqs, InterventionKind::ZeroAblate, {}, MethodSettings{},
                            nullptr, /*reuse=*/false);
    HW_CHECK(fast.ok() && naive.ok());
    if (!fast || !naive) {
        return;
    }
    HW_CHECK(fast->delta == naive->delta && fast->baselineNll == naive->baselineNll);
    HW_CHECK(fast->layersComputed < naive->layersComputed);
    std::fprintf(stderr, "  layer passes: %llu with reuse, %llu without\n",
                 static_cast<unsigned long long>(fast->layersComputed),
                 static_cast<unsigned long long>(naive->layersComputed));
    // One head through runIntervention gives the sweep's entry.
    auto spec = parseInterventions("2:5", "", "", model->config(), 2);
    auto one = runIntervention(*model, seqs, *spec, MethodSettings{});
    HW_CHECK(one.ok() &&
             std::fabs((one->intervenedNll - one->baselineNll) - fast->delta[2][5]) <= 1e-12);
}

HW_TEST(bad_interventions_are_refused_with_a_reason) {
    REQUIRE_MODEL();
    auto model = load();
    if (!model) {
        return;
    }
    const ModelConfig& c = model->config();
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"9:0", "", ""}, "Layer 9 does not exist"},
        {{"1:8", "", ""}, "Head 8 does not exist"},
        {{"1:x", "", ""}, "not a head"},
        {{"", "", ""}, "empty"},
        {{"1:2,1:2", "", ""}, "named twice"},
        {{"", "", "1:2=cD9"}, "beyond the wavelet level"},
        {{"", "", "1:2"}, "after '='"},
        {{"", "", "1:2=high"}, "not a scale"},
    };
    for (const auto& [args, expected] : cases) {
        auto spec = parseInterventions(args[0], args[1], args[2], c, 3);
        HW_CHECK_MSG(!spec.ok() && spec.error().message.find(expected) != std::string::npos,
                     expected << " -> " << (spec ? std::string("accepted") : spec.error().message));
    }
    auto spec = parseInterventions("", "1:2", "", c, 3);
    auto r = runIntervention(*model, {kIds}, *spec, MethodSettings{});  // no means
    HW_CHECK(!r.ok() && r.error().message.find("mean outputs") != std::string::npos);
    auto one = parseInterventions("1:2", "", "", c, 3);
    r = runIntervention(*model, {{1}}, *one, MethodSettings{});
    HW_CHECK(!r.ok() && r.error().message.find("fewer than 2 tokens") != std::string::npos);
    // An encoder has no next-token prediction.
    const fs::path bert = test::sharedDir() / "models/tiny-random/bert";
    if (fs::exists(bert / "config.json")) {
        auto encoder = loadAttentionModel(bert.string());
        HW_CHECK(encoder.ok());
        if (encoder) {
            auto s = parseInterventions("0:0", "", "", (*encoder)->config(), 1);
            auto e = runIntervention(**encoder, {{1, 2, 3}}, *s, MethodSettings{});
            HW_CHECK_MSG(
                !e.ok() && e.error().message.find("causal language model") != std::string::npos,
                (e ? std::string("ran") : e.error().message));
        }
    }
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
