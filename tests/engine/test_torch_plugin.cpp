// SPDX-License-Identifier: GPL-3.0-or-later
// libheadwave_torch.so (the plugin the app loads at its first model) against the same code linked
// statically: the plugin's table, and the attention and logits of stories260K bit for bit.
#include <dlfcn.h>

#include <cstring>
#include <filesystem>

#include "check.h"
#include "headwave/model/torch_plugin.h"
#include "shared_data.h"

using namespace headwave;
namespace fs = std::filesystem;

namespace {

const TorchPluginApi* openPlugin() {
    void* lib = dlopen(HEADWAVE_TORCH_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
        std::fprintf(stderr, "  dlopen: %s\n", dlerror());
        return nullptr;
    }
    using Entry = const TorchPluginApi* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(lib, kTorchPluginSymbol));
    return entry != nullptr ? entry() : nullptr;
}

}  // namespace

HW_TEST(plugin_table_matches_this_build) {
    const TorchPluginApi* api = openPlugin();
    HW_CHECK(api != nullptr);
    if (api == nullptr) {
        return;
    }
    const TorchPluginApi expected;
    HW_CHECK_EQ(api->abi, expected.abi);
    HW_CHECK_EQ(api->tableSize, expected.tableSize);
    HW_CHECK_EQ(api->loadOptionsSize, expected.loadOptionsSize);
    HW_CHECK_EQ(api->trainSettingsSize, expected.trainSettingsSize);
    HW_CHECK_EQ(api->modelConfigSize, expected.modelConfigSize);
    HW_CHECK_EQ(api->errorSize, expected.errorSize);
    HW_CHECK(api->loadAttentionModel != nullptr);
    HW_CHECK(api->trainModel != nullptr);
    HW_CHECK(api->trainerForward != nullptr);
}

// The plugin keeps the engine code it carries private: only the entry point is exported, so it
// never binds to the program's copy (nor the program to its).
HW_TEST(plugin_exports_only_its_entry_point) {
    void* lib = dlopen(HEADWAVE_TORCH_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    HW_CHECK(lib != nullptr);
    if (lib == nullptr) {
        return;
    }
    HW_CHECK(dlsym(lib, kTorchPluginSymbol) != nullptr);
    // headwave::errorCodeName(headwave::ErrorCode), defined in the engine the plugin links.
    HW_CHECK(dlsym(lib, "_ZN8headwave13errorCodeNameENS_9ErrorCodeE") == nullptr);
}

HW_TEST(plugin_forward_equals_static_forward_bit_for_bit) {
    const fs::path dir = test::sharedDir() / "models" / "stories260K";
    if (!fs::exists(dir / "config.json")) {
        test::skip("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
        return;
    }
    const TorchPluginApi* api = openPlugin();
    HW_CHECK(api != nullptr);
    if (api == nullptr) {
        return;
    }
    LoadOptions options;
    options.threads = 1;
    auto viaPlugin = api->loadAttentionModel(dir.string(), options);
    auto linked = loadAttentionModel(dir.string(), options);
    HW_CHECK(viaPlugin.ok());
    HW_CHECK(linked.ok());
    if (!viaPlugin.ok() || !linked.ok()) {
        return;
    }
    HW_CHECK_EQ((*viaPlugin)->config().layers, (*linked)->config().layers);
    HW_CHECK_EQ((*viaPlugin)->config().heads, (*linked)->config().heads);
    std::vector<int> ids;
    for (int i = 0; i < 96; ++i) {
        ids.push_back((i * 37 + 11) % (*linked)->config().vocab);
    }
    auto a = (*viaPlugin)->begin(ids);
    auto b = (*linked)->begin(ids);
    HW_CHECK(a.ok() && b.ok());
    if (!a.ok() || !b.ok()) {
        return;
    }
    int layers = 0;
    while (true) {
        auto la = (*a)->nextLayer();
        auto lb = (*b)->nextLayer();
        if (!la.ok() || !lb.ok()) {
            // Past the last layer both passes refuse alike.
            HW_CHECK_EQ(la.ok(), lb.ok());
            break;
        }
        const std::size_t n = static_cast<std::size_t>(la->heads) *
                              static_cast<std::size_t>(la->tokens) *
                              static_cast<std::size_t>(la->tokens);
        HW_CHECK_EQ(la->heads, lb->heads);
        HW_CHECK_EQ(la->tokens, lb->tokens);
        HW_CHECK(std::memcmp(la->probs, lb->probs, n * sizeof(float)) == 0);
        ++layers;
        if (layers == (*linked)->config().layers) {
            break;
        }
    }
    HW_CHECK_EQ(layers, (*linked)->config().layers);
    auto oa = (*a)->output();
    auto ob = (*b)->output();
    HW_CHECK(oa.ok() && ob.ok());
    if (oa.ok() && ob.ok()) {
        HW_CHECK(oa->values == ob->values);
    }
}

int main(int argc, char** argv) {
    return test::runAll(argc, argv);
}
