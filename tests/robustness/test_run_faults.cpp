// SPDX-License-Identifier: GPL-3.0-or-later
// Faults and limits of analysis runs on a real model (../shared/models/stories260K), under ASan in
// CI (docs/robustness.md): cancellation at hundreds of random points, absurd settings, a text far
// longer than the context, and a model that would not fit in memory.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/analysis_run.h"
#include "headwave/tokenizer/tokenizer.h"
#include "random_cancellation.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

struct Fixture {
    std::unique_ptr<AttentionModel> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::string dir;
    std::string corpus;
};

// Why the model did not load when it is there (a failure, not a skip): e.g. the libtorch plugin
// of the ASan build (CMakeLists.txt) could not be loaded.
std::string g_loadError;

Fixture* fixture() {
    static std::unique_ptr<Fixture> f = [] {
        auto out = std::make_unique<Fixture>();
        const fs::path dir = test::sharedDir() / "models/stories260K";
        if (!fs::exists(dir / "config.json")) {
            return std::unique_ptr<Fixture>();
        }
        auto m = loadAttentionModel(dir.string());
        auto t = loadTokenizer(dir.string());
        if (!m || !t) {
            g_loadError = !m ? m.error().describe() : t.error().describe();
            return std::unique_ptr<Fixture>();
        }
        out->model = std::move(m.value());
        out->tokenizer = std::move(t.value());
        out->dir = dir.string();
        out->corpus = (test::sharedDir() / "text/tinyshakespeare.txt").string();
        return out;
    }();
    return f.get();
}

#define REQUIRE_FIXTURE()                                                                      \
    Fixture* fx = fixture();                                                                   \
    if (fx == nullptr && !g_loadError.empty()) {                                               \
        HW_CHECK_MSG(false, "stories260K did not load: " << g_loadError);                      \
        return;                                                                                \
    }                                                                                          \
    if (fx == nullptr) {                                                                       \
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED to the folder)"); \
    }

RunSettings tinyRun() {
    RunSettings s;
    s.corpus.minTokens = 32;
    s.corpus.maxTokens = 64;
    s.corpus.maxSequences = 3;
    s.threads = 2;
    return s;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

HW_TEST(cancelling_at_hundreds_of_random_points) {
    REQUIRE_FIXTURE();
    test::cancelAtRandomPoints(*fx->model, *fx->tokenizer, fx->corpus, tinyRun(), 60);
}

HW_TEST(absurd_settings_get_a_message_that_names_them) {
    REQUIRE_FIXTURE();
    struct Case {
        const char* what;
        void (*apply)(RunSettings&);
        const char* expect;
    };
    const Case cases[] = {
        {"alpha = 0", [](RunSettings& s) { s.method.alphas = {0.0}; }, "alpha must be in (0, 1]"},
        {"alpha = -1", [](RunSettings& s) { s.method.alphas = {-1.0}; }, "alpha"},
        {"window 0", [](RunSettings& s) { s.method.entropyWindows = {0}; }, "window sizes"},
        {"level 31", [](RunSettings& s) { s.method.waveletLevel = 31; }, "wavelet level"},
        {"level 12 at 64 tokens", [](RunSettings& s) { s.method.waveletLevel = 12; }, "level"},
        {"band edges", [](RunSettings& s) { s.method.bandLowEdge = 0.9; }, "Band edges"},
        {"min > max tokens", [](RunSettings& s) { s.corpus.minTokens = 100000; }, "tokens"},
    };
    for (const Case& c : cases) {
        RunSettings s = tinyRun();
        c.apply(s);
        auto r = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, s);
        HW_CHECK_MSG(!r.ok(), c.what << " was accepted");
        if (!r.ok()) {
            HW_CHECK_MSG(r.error().code == ErrorCode::InvalidArgument, c.what);
            HW_CHECK_MSG(contains(r.error().message, c.expect),
                         c.what << ": " << r.error().message);
        }
    }
}

HW_TEST(a_text_of_100000_tokens_is_refused_with_the_context) {
    REQUIRE_FIXTURE();
    std::string text;
    for (int i = 0; i < 25000; ++i) {
        text += "Once upon a time ";
    }
    auto e = fx->tokenizer->encode(text);
    HW_CHECK(e.ok());
    if (!e.ok()) {
        return;
    }
    HW_CHECK(e->tokens.size() >= 100000);
    auto pass = fx->model->begin(e->ids());
    HW_CHECK(!pass.ok());
    if (!pass.ok()) {
        HW_CHECK(pass.error().code == ErrorCode::InvalidArgument);
        HW_CHECK_MSG(contains(pass.error().message, "context"), pass.error().message);
    }
    // The model still works for a short text.
    auto ok = fx->model->begin(fx->tokenizer->encode("Once upon a time")->ids());
    HW_CHECK(ok.ok());
}

HW_TEST(a_model_that_does_not_fit_is_refused_before_loading_with_what_it_needs) {
    REQUIRE_FIXTURE();
    LoadOptions options;
    options.memoryLimitBytes = 1 << 20;  // 1 MiB "free"
    auto refused = loadAttentionModel(fx->dir, options);
    HW_CHECK(!refused.ok());
    if (!refused.ok()) {
        HW_CHECK(refused.error().code == ErrorCode::OutOfMemory);
        HW_CHECK_MSG(contains(refused.error().message, "needs about") &&
                         contains(refused.error().message, " MB of memory"),
                     refused.error().message);
    }
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
