// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's session (headwave/run/session.h), the one pipeline behind the app, the CLI and
// Python, on a real model (../shared/models/stories260K). Oracles: the corpus-run machinery
// (runAnalysisOnSequences) for a saved text and its scale sensitivities, a direct forward pass for
// a head's attention, the engine's analyzer on the same attention read back from a file, and the
// synthetic generator for the teaching patterns.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/token_sidecar.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/results_file.h"
#include "headwave/run/session.h"
#include "headwave/run/synthetic_attention.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

const char* kText =
    "Once upon a time, there was a little girl named Lily. She loved to play outside in the "
    "park. One day, she saw a big, red ball under a tree. She ran to get it, but a dog took it "
    "first. Lily was sad, so her mom gave her a hug and they went home together.";

fs::path modelDir() {
    return test::sharedDir() / "models/stories260K";
}

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-session-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool sameBits(const void* a, const void* b, std::size_t bytes) {
    return std::memcmp(a, b, bytes) == 0;
}

bool sameMetrics(const HeadMetrics& a, const HeadMetrics& b) {
    auto same = [](double x, double y) {
        return (std::isnan(x) && std::isnan(y)) || sameBits(&x, &y, sizeof x);
    };
    auto sameVec = [&](const std::vector<double>& x, const std::vector<double>& y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!same(x[i], y[i])) {
                return false;
            }
        }
        return true;
    };
    return same(a.bandLow, b.bandLow) && same(a.bandMid, b.bandMid) &&
           same(a.bandHigh, b.bandHigh) && same(a.selectivity, b.selectivity) &&
           same(a.spectralEntropy, b.spectralEntropy) &&
           same(a.positionalEntropy, b.positionalEntropy) && same(a.localShare, b.localShare) &&
           same(a.localGlobalRatio, b.localGlobalRatio) && same(a.reconErrorF32, b.reconErrorF32) &&
           same(a.reconErrorF64, b.reconErrorF64) && sameVec(a.scaleEntropy, b.scaleEntropy) &&
           sameVec(a.windowEntropy, b.windowEntropy);
}

#define REQUIRE_MODEL()                                                                  \
    if (!fs::exists(modelDir() / "config.json")) {                                       \
        HW_SKIP(                                                                         \
            "../shared/models/stories260K not found (set HEADWAVE_SHARED to the shared " \
            "folder)");                                                                  \
    }

// A session with stories260K open.
std::unique_ptr<Session> openSession(SessionOptions options = {}) {
    auto s = std::make_unique<Session>(options);
    auto card = s->openModel(modelDir().string());
    if (!card) {
        std::fprintf(stderr, "  %s\n", card.error().message.c_str());
        return nullptr;
    }
    return s;
}

}  // namespace

HW_TEST(a_saved_text_is_byte_identical_to_a_fresh_run_of_its_sequence) {
    REQUIRE_MODEL();
    auto session = openSession();
    HW_CHECK(session != nullptr);
    auto a = session->analyzeText(kText, MethodSettings{});
    HW_CHECK_MSG(a.ok(), (a.ok() ? "" : a.error().message));
    const fs::path saved = scratch() / "saved.hwrun";
    Status s = session->saveResults(**a, saved.string());
    HW_CHECK_MSG(s.ok(), (s.ok() ? "" : s.error().message));

    // The oracle: the corpus-run machinery from scratch on the same tokens, with the threads the
    // analysis used and every head kept (it all fits in 64 MiB).
    auto model = loadAttentionModel(modelDir().string());
    HW_CHECK(model.ok());
    const int T = static_cast<int>((*a)->tokens.size());
    RunSettings settings;
    settings.threads = session->passThreads(T);
    settings.sequenceWorkers = 1;
    settings.keepSequences = {0};
    for (int l = 0; l < (*model)->config().layers; ++l) {
        for (int h = 0; h < (*model)->config().heads; ++h) {
            settings.keepHeads.push_back({l, h});
        }
    }
    std::vector<CorpusSequence> seq(1);
    seq[0].tokens = (*a)->tokens;
    auto run = runAnalysisOnSequences(
        **model, seq, "text analysed in Headwave (" + std::to_string(T) + " tokens)", settings);
    HW_CHECK(run.ok());
    const fs::path fresh = scratch() / "fresh.hwrun";
    HW_CHECK(writeRunFile(fresh.string(), **run).ok());
    HW_CHECK_MSG(slurp(saved) == slurp(fresh), "the saved text differs from a fresh run");
    HW_CHECK(slurp(saved).size() > 100000);  // every head's attention is in it
}

HW_TEST(a_heads_attention_equals_the_forward_pass_from_the_cache_and_without_it) {
    REQUIRE_MODEL();
    auto cached = openSession();
    SessionOptions none;
    none.attentionCacheBytes = 0;
    auto uncached = openSession(none);
    HW_CHECK(cached != nullptr && uncached != nullptr);
    auto a = cached->analyzeText(kText, MethodSettings{});
    auto b = uncached->analyzeText(kText, MethodSettings{});
    HW_CHECK(a.ok() && b.ok());
    HW_CHECK(cached->cachedAttentionBytes() > 0);
    HW_CHECK_EQ(uncached->cachedAttentionBytes(), 0u);
    const int T = static_cast<int>((*a)->tokens.size());
    // The oracle: the layer straight from a forward pass with the same threads.
    auto model = loadAttentionModel(modelDir().string());
    HW_CHECK(model.ok());
    (*model)->setThreadsForCallingThread(cached->passThreads(T));
    std::vector<int> ids;
    for (const Token& t : (*a)->tokens) {
        ids.push_back(t.id);
    }
    ModelAttentionSource oracle(**model, ids, "oracle");
    for (int layer : {0, 2, 4}) {
        auto view = oracle.layer(layer);
        HW_CHECK(view.ok());
        for (int head : {0, 3, 7}) {
            auto x = cached->headAttention(**a, layer, head);
            auto y = uncached->headAttention(**b, layer, head);
            HW_CHECK(x.ok() && y.ok());
            const std::size_t n = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
            HW_CHECK_EQ((*x)->probs.size(), n);
            HW_CHECK(sameBits((*x)->probs.data(), (*y)->probs.data(), n * sizeof(float)));
            HW_CHECK(sameBits((*x)->probs.data(), view->f32() + static_cast<std::size_t>(head) * n,
                              n * sizeof(float)));
            HW_CHECK_EQ((*x)->texts.size(), static_cast<std::size_t>(T));
            HW_CHECK_EQ((*x)->generation, (*a)->generation);
        }
    }
    auto bad = cached->headAttention(**a, 5, 0);
    HW_CHECK(!bad.ok() && bad.error().message.find("no head 5:0") != std::string::npos);
}

HW_TEST(the_cache_respects_its_budget_and_holds_one_analysis) {
    REQUIRE_MODEL();
    auto probe = openSession();
    auto first = probe->analyzeText(kText, MethodSettings{});
    HW_CHECK(first.ok());
    const std::uint64_t all = probe->cachedAttentionBytes();
    const std::uint64_t layer = all / 5;  // 5 layers of equal size
    HW_CHECK(all > 0 && all % 5 == 0);

    SessionOptions small;
    small.attentionCacheBytes = 2 * layer + layer / 2;  // room for two layers
    auto session = openSession(small);
    auto a = session->analyzeText(kText, MethodSettings{});
    HW_CHECK(a.ok());
    HW_CHECK_EQ(session->cachedAttentionBytes(), 2 * layer);
    HW_CHECK(session->cachedAttentionBytes() <= small.attentionCacheBytes);
    // A layer beyond the cache is computed again, and equals the full cache's.
    auto deep = session->headAttention(**a, 4, 2);
    auto full = probe->headAttention(**first, 4, 2);
    HW_CHECK(deep.ok() && full.ok());
    HW_CHECK((*deep)->probs == (*full)->probs);
    // A new analysis releases the previous one's cache: one analysis's attention at a time.
    auto b = session->analyzeText(std::string(kText) + " The end.", MethodSettings{});
    HW_CHECK(b.ok());
    HW_CHECK(session->cachedAttentionBytes() <= small.attentionCacheBytes);
    auto again = session->headAttention(**a, 1, 1);  // computed again, still correct
    auto fullAgain = probe->headAttention(**first, 1, 1);
    HW_CHECK(again.ok() && fullAgain.ok() && (*again)->probs == (*fullAgain)->probs);
}

HW_TEST(rescaling_a_head_equals_the_runs_scale_sensitivity) {
    REQUIRE_MODEL();
    auto session = openSession();
    MethodSettings settings;
    settings.alphas = {0.5, 0.25, 0.8};
    auto a = session->analyzeText(kText, settings);
    HW_CHECK(a.ok());
    const fs::path saved = scratch() / "rescale.hwrun";
    HW_CHECK(session->saveResults(**a, saved.string()).ok());
    auto run = readRunFile(saved.string());
    HW_CHECK(run.ok());
    for (std::size_t k = 0; k < settings.alphas.size(); ++k) {
        const int column =
            (*run)->layout.index("scale_sensitivity_a" + formatShortest(settings.alphas[k]));
        HW_CHECK(column >= 0);
        for (auto [layer, head] : {std::pair{0, 0}, {2, 5}, {4, 7}}) {
            auto r = session->rescale(**a, layer, head, settings.alphas[k]);
            HW_CHECK_MSG(r.ok(), (r.ok() ? "" : r.error().message));
            const double fromRun = (*run)->metric(0, layer, head, static_cast<std::size_t>(column));
            HW_CHECK_MSG(sameBits(&(*r)->sensitivity, &fromRun, sizeof fromRun),
                         "S(" + std::to_string(settings.alphas[k]) + ") of " +
                             std::to_string(layer) + ":" + std::to_string(head) + " = " +
                             std::to_string((*r)->sensitivity) + ", the run has " +
                             std::to_string(fromRun));
            HW_CHECK_EQ((*r)->original.size(), (*a)->tokens.size());
            HW_CHECK_EQ((*r)->stretched.size(), (*a)->tokens.size());
            HW_CHECK_EQ((*r)->subsampledTokens,
                        static_cast<int>(std::floor(settings.alphas[k] *
                                                    static_cast<double>((*a)->tokens.size()))));
        }
    }
}

HW_TEST(external_attention_gives_the_texts_numbers) {
    REQUIRE_MODEL();
    auto session = openSession();
    auto a = session->analyzeText(kText, MethodSettings{});
    HW_CHECK(a.ok());
    // The model's attention written as .npy through the session's own pass, then read back.
    const int T = static_cast<int>((*a)->tokens.size());
    const AttentionShape shape = (*a)->metrics->shape;
    std::vector<float> all;
    std::vector<int> ids;
    for (const Token& t : (*a)->tokens) {
        ids.push_back(t.id);
    }
    auto out = session->forward(ids, [&](const LayerAttention& l) -> Status {
        all.insert(all.end(), l.probs,
                   l.probs + static_cast<std::size_t>(l.heads) * static_cast<std::size_t>(T) *
                                 static_cast<std::size_t>(T));
        return {};
    });
    HW_CHECK(out.ok());
    const fs::path npy = scratch() / "attention.npy";
    HW_CHECK(
        writeNpy(npy.string(), DType::Float32, {shape.layers, shape.heads, T, T}, all.data()).ok());
    auto source = openAttentionFile(npy.string());
    HW_CHECK(source.ok());
    std::vector<std::string> labels;
    for (const Token& t : (*a)->tokens) {
        labels.push_back(t.text);
    }
    auto b = session->analyzeAttention(std::shared_ptr<AttentionSource>(std::move(source.value())),
                                       labels, MethodSettings{});
    HW_CHECK_MSG(b.ok(), (b.ok() ? "" : b.error().message));
    HW_CHECK((*b)->kind == AnalysisKind::Attention);
    HW_CHECK((*b)->generation > (*a)->generation);
    for (std::size_t i = 0; i < (*a)->metrics->heads.size(); ++i) {
        HW_CHECK(sameMetrics((*a)->metrics->heads[i], (*b)->metrics->heads[i]));
    }
    auto x = session->headAttention(**b, 3, 4);
    auto y = session->headAttention(**a, 3, 4);
    HW_CHECK(x.ok() && y.ok() && (*x)->probs == (*y)->probs && (*x)->texts == (*y)->texts);
    auto r = session->rescale(**b, 3, 4, 0.5);
    HW_CHECK(!r.ok() && r.error().message.find("no model") != std::string::npos);
    HW_CHECK(!session->canSave(**b).ok());
    // Labels must match the tokens.
    auto wrong = session->analyzeAttention(
        std::shared_ptr<AttentionSource>(openAttentionFile(npy.string()).value()), {"a", "b"},
        MethodSettings{});
    HW_CHECK(!wrong.ok() && wrong.error().message.find("one label per token") != std::string::npos);

    // The file with its token sidecar beside it (what `headwave-cli attention` writes): labels
    // and ids from the sidecar, the same numbers.
    TokenSidecar sidecar;
    for (const Token& t : (*a)->tokens) {
        sidecar.tokens.push_back(t.text);
        sidecar.ids.push_back(t.id);
    }
    HW_CHECK(writeTokenSidecar(tokenSidecarPath(npy.string()), sidecar).ok());
    auto c = session->analyzeAttentionFile(npy.string(), {}, MethodSettings{});
    HW_CHECK_MSG(c.ok(), (c.ok() ? "" : c.error().message));
    if (c) {
        HW_CHECK((*c)->kind == AnalysisKind::Attention &&
                 (*c)->tokens.size() == (*a)->tokens.size());
        for (std::size_t t = 0; t < (*c)->tokens.size(); ++t) {
            HW_CHECK((*c)->tokens[t].text == (*a)->tokens[t].text &&
                     (*c)->tokens[t].id == (*a)->tokens[t].id);
        }
        for (std::size_t i = 0; i < (*a)->metrics->heads.size(); ++i) {
            HW_CHECK(sameMetrics((*a)->metrics->heads[i], (*c)->metrics->heads[i]));
        }
    }
    // A sidecar of another length is refused, naming both files.
    sidecar.tokens.pop_back();
    sidecar.ids.pop_back();
    HW_CHECK(writeTokenSidecar(tokenSidecarPath(npy.string()), sidecar).ok());
    auto d = session->analyzeAttentionFile(npy.string(), {}, MethodSettings{});
    HW_CHECK_MSG(!d.ok() && d.error().code == ErrorCode::InvalidInput &&
                     d.error().message.find("attention.tokens.json") != std::string::npos &&
                     d.error().message.find("attention.npy") != std::string::npos,
                 (d.ok() ? std::string("analysed") : d.error().message));
    // An explicit sidecar that does not exist.
    ExternalAttentionOptions missing;
    missing.tokensPath = (scratch() / "none.tokens.json").string();
    auto e = session->analyzeAttentionFile(npy.string(), missing, MethodSettings{});
    HW_CHECK(!e.ok() && e.error().code == ErrorCode::FileNotFound);
    fs::remove(tokenSidecarPath(npy.string()));
}

HW_TEST(teaching_patterns_need_no_model_and_say_what_they_cannot_do) {
    Session session;  // no model
    auto a = session.analyzeTeachingPatterns(MethodSettings{});
    HW_CHECK_MSG(a.ok(), (a.ok() ? "" : a.error().message));
    HW_CHECK((*a)->kind == AnalysisKind::TeachingPatterns);
    HW_CHECK_EQ((*a)->tokens.size(), static_cast<std::size_t>(Session::kTeachingTokens));
    HW_CHECK_EQ((*a)->metrics->shape.heads, static_cast<int>(Session::teachingPatterns().size()));
    SyntheticSettings synthetic;
    synthetic.tokens = Session::kTeachingTokens;
    for (int h = 0; h < static_cast<int>(Session::teachingPatterns().size()); ++h) {
        auto att = session.headAttention(**a, 0, h);
        HW_CHECK(att.ok());
        const std::vector<double> expected =
            syntheticHead(Session::teachingPatterns()[static_cast<std::size_t>(h)], synthetic);
        HW_CHECK_EQ((*att)->probs.size(), expected.size());
        bool same = true;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            same = same && (*att)->probs[i] == static_cast<float>(expected[i]);
        }
        HW_CHECK(same);
    }
    auto r = session.rescale(**a, 0, 1, 0.5);
    HW_CHECK(!r.ok() && r.error().message.find("teaching patterns") != std::string::npos);
    HW_CHECK(!session.canSave(**a).ok());
    // No model: a text cannot be analysed, and the message says what to do.
    auto t = session.analyzeText("hello", MethodSettings{});
    HW_CHECK(!t.ok() && t.error().message.find("open a model") != std::string::npos);
}

HW_TEST(details_on_request_equal_the_details_made_with_the_analysis) {
    // SessionOptions::details = false (the Python module) leaves the snapshot's details empty;
    // headDetail() computes one head's from the kept profile: the same numbers.
    Session eager;
    SessionOptions lazyOptions;
    lazyOptions.details = false;
    Session lazy(lazyOptions);
    auto a = eager.analyzeTeachingPatterns(MethodSettings{});
    auto b = lazy.analyzeTeachingPatterns(MethodSettings{});
    HW_CHECK(a.ok() && b.ok());
    HW_CHECK(!(*a)->details.empty() && (*b)->details.empty());
    HW_CHECK_EQ((*a)->rho, (*b)->rho);
    for (int h = 0; h < (*a)->metrics->shape.heads; ++h) {
        auto da = eager.headDetail(**a, 0, h);
        auto db = lazy.headDetail(**b, 0, h);
        HW_CHECK(da.ok() && db.ok());
        HW_CHECK(da->profile == db->profile && da->power == db->power &&
                 da->frequency == db->frequency && da->coefficients == db->coefficients);
    }
    HW_CHECK(!lazy.headDetail(**b, 1, 0).ok());  // no layer 1
}

HW_TEST(bad_text_and_settings_are_refused_with_a_reason) {
    REQUIRE_MODEL();
    auto session = openSession();
    auto empty = session->analyzeText("", MethodSettings{});
    HW_CHECK(!empty.ok() && empty.error().message.find("empty") != std::string::npos);
    MethodSettings bad;
    bad.bandLowEdge = 0.9;
    bad.bandHighEdge = 0.2;
    auto b = session->analyzeText(kText, bad);
    HW_CHECK(!b.ok() && b.error().code == ErrorCode::InvalidArgument);
    // Longer than the context: cut, with a warning that carries the numbers.
    std::string longText;
    for (int i = 0; i < 80; ++i) {
        longText += kText;
        longText += ' ';
    }
    auto cut = session->analyzeText(longText, MethodSettings{});
    HW_CHECK(cut.ok());
    HW_CHECK_EQ((*cut)->tokens.size(),
                static_cast<std::size_t>(session->modelCard()->config.maxPositions));
    HW_CHECK(!(*cut)->warnings.empty() && (*cut)->warnings[0].code == WarningCode::InputCut);
    HW_CHECK_EQ((*cut)->warnings[0].values.size(), 2u);
    // A stop before the pass: Cancelled, nothing published.
    std::stop_source stop;
    stop.request_stop();
    auto cancelled = session->analyzeText(kText, MethodSettings{}, stop.get_token());
    HW_CHECK(!cancelled.ok() && cancelled.error().code == ErrorCode::Cancelled);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
