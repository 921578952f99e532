// SPDX-License-Identifier: GPL-3.0-or-later
// config.json parsing: every architecture's switches read as the reference folders describe them,
// and truncated or corrupted configs give errors, never crashes.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "check.h"
#include "headwave/model/model_config.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result<ModelConfig> parseShared(const std::string& folder) {
    const fs::path p = test::sharedDir() / "models" / folder / "config.json";
    return parseModelConfig(slurp(p), p.string());
}

#define REQUIRE_MODELS()                                                                  \
    if (!fs::exists(test::sharedDir() / "models/tiny-random/llama/config.json")) {        \
        HW_SKIP("../shared/models not found (set HEADWAVE_SHARED to the shared folder)"); \
    }

}  // namespace

HW_TEST(reference_configs_read_as_described) {
    REQUIRE_MODELS();
    auto llama = parseShared("tiny-random/llama");
    HW_CHECK(llama.ok());
    if (llama.ok()) {
        HW_CHECK(llama->architecture == Architecture::Llama);
        HW_CHECK_EQ(llama->headDim, 24);
        HW_CHECK_EQ(llama->kvHeads, 2);
        HW_CHECK(llama->ropeScaling.type == RopeScalingType::Llama3);
        HW_CHECK_EQ(llama->ropeScaling.originalMaxPositions, 64);
        HW_CHECK(!llama->tieEmbeddings);
    }
    auto gemma2 = parseShared("tiny-random/gemma2");
    HW_CHECK(gemma2.ok());
    if (gemma2.ok()) {
        HW_CHECK_EQ(gemma2->slidingWindow, 4);
        HW_CHECK(gemma2->slidingLayers.size() == 2 && gemma2->slidingLayers[0] &&
                 !gemma2->slidingLayers[1]);
        HW_CHECK_CLOSE(gemma2->scoreScale, 1.0 / std::sqrt(24.0), 1e-15, 0);
        HW_CHECK_EQ(gemma2->attnSoftcap, 5.0);
        HW_CHECK(gemma2->norm == NormKind::RmsNormPlusOne);
    }
    auto neox = parseShared("tiny-random/gpt_neox");
    HW_CHECK(neox.ok() && neox->rotaryDim == 4 && neox->parallelResidual);
    auto seq = parseShared("tiny-random/gpt_neox-sequential");
    HW_CHECK(seq.ok() && !seq->parallelResidual);
    auto qwen = parseShared("tiny-random/qwen2");
    HW_CHECK(qwen.ok() && qwen->qkvBias && !qwen->outBias && qwen->slidingWindow == 0);
    auto gpt2 = parseShared("tiny-random/gpt2");
    HW_CHECK(gpt2.ok() && gpt2->positional == PositionalScheme::Learned &&
             gpt2->maxPositions == 32);
    auto bert = parseShared("tiny-random/bert");
    HW_CHECK(bert.ok() && !bert->causal && bert->typeVocab == 2);
    auto t5 = parseShared("tiny-random/t5-encoder");
    HW_CHECK(t5.ok() && t5->gatedMlp && t5->positional == PositionalScheme::RelativeBias &&
             t5->headDim == 16 && t5->activation == Activation::GeluTanh);
    auto mistral = parseShared("tiny-random/mistral");
    HW_CHECK(mistral.ok() && mistral->slidingWindow == 0 && mistral->headDim == 16);
}

HW_TEST(unknown_type_and_bad_values) {
    auto unknown = parseModelConfig("{\"model_type\": \"mamba\"}", "c.json");
    HW_CHECK(!unknown.ok() && unknown.error().code == ErrorCode::Unsupported);
    HW_CHECK(!unknown.ok() &&
             unknown.error().message.find("gpt_neox, gpt2, bert, t5") != std::string::npos);
    auto noType = parseModelConfig("{}", "c.json");
    HW_CHECK(!noType.ok() && noType.error().message.find("model_type") != std::string::npos);
    auto wrongType =
        parseModelConfig("{\"model_type\": \"llama\", \"num_hidden_layers\": \"two\"}", "c.json");
    HW_CHECK(!wrongType.ok() &&
             wrongType.error().message.find("\"num_hidden_layers\" should be a whole number") !=
                 std::string::npos);
    auto gqa = parseModelConfig(
        "{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
        "\"num_key_value_heads\": 3, \"hidden_size\": 32, \"intermediate_size\": 64, "
        "\"vocab_size\": 10}",
        "c.json");
    HW_CHECK(!gqa.ok() &&
             gqa.error().message.find("multiple of the key/value heads") != std::string::npos);
    auto huge = parseModelConfig(
        "{\"model_type\": \"llama\", \"num_hidden_layers\": 1e300, \"num_attention_heads\": 4, "
        "\"hidden_size\": 32, \"intermediate_size\": 64, \"vocab_size\": 10}",
        "c.json");
    HW_CHECK(!huge.ok());
    auto scaling = parseModelConfig(
        "{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
        "\"hidden_size\": 32, \"intermediate_size\": 64, \"vocab_size\": 10, "
        "\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4}}",
        "c.json");
    HW_CHECK(!scaling.ok() && scaling.error().message.find("yarn") != std::string::npos);
}

HW_TEST(truncated_and_corrupted_configs_never_crash) {
    REQUIRE_MODELS();
    int parsed = 0;
    int refused = 0;
    std::mt19937 rng(5);
    for (const auto& e : fs::directory_iterator(test::sharedDir() / "models/tiny-random")) {
        if (!e.is_directory()) {
            continue;  // the folder's README.md
        }
        const std::string text = slurp(e.path() / "config.json");
        HW_CHECK(!text.empty());
        for (std::size_t n = 0; n < text.size(); ++n) {
            auto r = parseModelConfig(text.substr(0, n), "truncated.json");
            (r.ok() ? parsed : refused) += 1;
        }
        for (int k = 0; k < 300; ++k) {
            std::string bad = text;
            const std::size_t at = rng() % bad.size();
            bad[at] = static_cast<char>(rng() % 256);
            if (k % 3 == 0) {
                bad.insert(at, std::to_string(rng()));
            }
            auto r = parseModelConfig(bad, "corrupt.json");
            (r.ok() ? parsed : refused) += 1;
        }
    }
    // Every truncation is invalid JSON; most corruptions are refused, some stay valid.
    HW_CHECK(refused > 3000);
    HW_CHECK(parsed > 0);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
