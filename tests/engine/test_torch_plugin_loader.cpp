// SPDX-License-Identifier: GPL-3.0-or-later
// headwave_torch_lazy (what the app links instead of libtorch): it finds libheadwave_torch.so at
// the first call, or says clearly why not. The loader decides once per process, so each case is
// its own process: `test_torch_plugin_loader CASE`, with $HEADWAVE_TORCH_PLUGIN set by CTest.
//   found      no variable: the plugin beside the executable loads stories260K (or a demo model)
//   missing    a path that does not exist
//   not-a-lib  a text file
//   no-entry   a shared library without the entry point (the SentencePiece shim)
//   foreign    a plugin with another interface number
#include <filesystem>
#include <string>

#include "check.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/trainer.h"
#include "shared_data.h"

using namespace headwave;
namespace fs = std::filesystem;

namespace {

std::string g_case;

// Every entry point fails alike, with the given words in the message and the code Unsupported.
void expectRefusal(const std::string& words) {
    auto model = loadAttentionModel("/nonexistent", {});
    HW_CHECK(!model.ok());
    if (model.ok()) {
        return;
    }
    std::fprintf(stderr, "  message: %s\n", model.error().describe().c_str());
    HW_CHECK(model.error().code == ErrorCode::Unsupported);
    HW_CHECK(model.error().message.find(words) != std::string::npos);
    HW_CHECK(model.error().message.find("libheadwave_torch.so") != std::string::npos);
    auto trained = trainModel(TrainSettings{});
    HW_CHECK(!trained.ok() && trained.error().message == model.error().message);
    auto forward = trainerForward("/nonexistent", {1, 2});
    HW_CHECK(!forward.ok() && forward.error().message == model.error().message);
}

}  // namespace

HW_TEST(loader) {
    if (g_case == "found") {
        fs::path dir = test::sharedDir() / "models" / "stories260K";
        if (!fs::exists(dir / "config.json")) {
            dir = fs::path(HEADWAVE_SOURCE_DIR) / "resources" / "demo" / "rope" / "step-0512";
        }
        auto model = loadAttentionModel(dir.string(), {});
        HW_CHECK(model.ok());
        if (!model.ok()) {
            std::fprintf(stderr, "  %s\n", model.error().describe().c_str());
            return;
        }
        auto pass = (*model)->begin({1, 2, 3, 4, 5, 6, 7, 8});
        HW_CHECK(pass.ok());
        if (pass.ok()) {
            auto layer = (*pass)->nextLayer();
            HW_CHECK(layer.ok());
            if (layer.ok()) {
                double row = 0;
                for (int k = 0; k < layer->tokens; ++k) {
                    row +=
                        static_cast<double>(layer->probs[(layer->tokens - 1) * layer->tokens + k]);
                }
                HW_CHECK_CLOSE(row, 1.0, 0.0, 1e-5);
            }
        }
        // An unreadable folder is the plugin's own error, not the loader's.
        auto missing = loadAttentionModel("/nonexistent/model", {});
        HW_CHECK(!missing.ok() && missing.error().code == ErrorCode::FileNotFound);
    } else if (g_case == "missing" || g_case == "not-a-lib") {
        expectRefusal("could not be loaded; reinstall Headwave or set HEADWAVE_TORCH_PLUGIN");
    } else if (g_case == "no-entry") {
        expectRefusal("has no entry point");
    } else if (g_case == "foreign") {
        expectRefusal("comes from another build of Headwave");
    } else {
        HW_CHECK(!"unknown case");
    }
}

int main(int argc, char** argv) {
    g_case = argc > 1 ? argv[1] : "";
    char* args[] = {argv[0]};
    return test::runAll(1, args);
}
