// SPDX-License-Identifier: GPL-3.0-or-later
// headwave_torch_lazy: loadAttentionModel, trainModel and trainerForward for programs that must
// start without libtorch (the desktop app). The first call loads libheadwave_torch.so
// (torch_plugin.h) and every call forwards to it; when the plugin is missing or from another
// build, each call returns a clear error instead.
#include <dlfcn.h>

#include <atomic>
#include <mutex>

#include "headwave/core/plugin_path.h"
#include "headwave/model/torch_plugin.h"

#ifndef HEADWAVE_TORCH_PLUGIN_INSTALL_DIR
#define HEADWAVE_TORCH_PLUGIN_INSTALL_DIR ""
#endif
#ifndef HEADWAVE_TORCH_VERSION
#define HEADWAVE_TORCH_VERSION ""
#endif

namespace headwave {

namespace {

struct Loaded {
    const TorchPluginApi* api = nullptr;
    std::string error;   // for the user: what is wrong and what to do
    std::string detail;  // the paths tried and the loader's messages
};

// The plugin's table once it is loaded and accepted; read without loading it (torchRuntime).
std::atomic<const TorchPluginApi*> g_loadedApi{nullptr};

const Loaded& plugin() {
    static Loaded loaded;
    static std::once_flag once;
    std::call_once(once, [] {
        const std::string what =
            "The model support library (" + std::string(kTorchPluginFile) + ", libtorch)";
        std::string tried;
        // Local: libtorch and its libraries (protobuf among them) stay out of the global scope,
        // so the SentencePiece shim never binds to them. Never closed: models hold its code.
        void* lib = openFirstCandidate(pluginCandidates("HEADWAVE_TORCH_PLUGIN", kTorchPluginFile,
                                                        HEADWAVE_TORCH_PLUGIN_INSTALL_DIR),
                                       RTLD_NOW | RTLD_LOCAL, tried);
        if (lib == nullptr) {
            loaded.error = what +
                           " could not be loaded; reinstall Headwave or set "
                           "HEADWAVE_TORCH_PLUGIN to its path.";
            loaded.detail = tried;
            return;
        }
        using Entry = const TorchPluginApi* (*)();
        auto entry = reinterpret_cast<Entry>(dlsym(lib, kTorchPluginSymbol));
        const TorchPluginApi* api = entry != nullptr ? entry() : nullptr;
        const TorchPluginApi expected;
        if (api == nullptr) {
            loaded.error = what + " has no entry point " + kTorchPluginSymbol +
                           "; it is not Headwave's. Reinstall Headwave.";
        } else if (api->abi != expected.abi || api->tableSize != expected.tableSize ||
                   api->loadOptionsSize != expected.loadOptionsSize ||
                   api->trainSettingsSize != expected.trainSettingsSize ||
                   api->modelConfigSize != expected.modelConfigSize ||
                   api->errorSize != expected.errorSize) {
            loaded.error = what + " comes from another build of Headwave (interface " +
                           std::to_string(api->abi) + ", this program needs " +
                           std::to_string(expected.abi) +
                           "); reinstall Headwave so both come from one build.";
        } else {
            loaded.api = api;
            g_loadedApi.store(api);
        }
    });
    return loaded;
}

Error unavailable() {
    return makeError(ErrorCode::Unsupported, plugin().error, plugin().detail);
}

}  // namespace

TorchRuntime torchRuntime() {
    const TorchPluginApi* api = g_loadedApi.load();
    if (api != nullptr && api->torchVersion != nullptr) {
        return {api->torchVersion(), true};
    }
    return {HEADWAVE_TORCH_VERSION, api != nullptr};
}

Result<std::unique_ptr<AttentionModel>> loadAttentionModel(const std::string& dir,
                                                           const LoadOptions& options) {
    const Loaded& p = plugin();
    if (p.api == nullptr || p.api->loadAttentionModel == nullptr) {
        return unavailable();
    }
    return p.api->loadAttentionModel(dir, options);
}

Result<TrainResult> trainModel(const TrainSettings& settings,
                               const std::function<void(const TrainProgress&)>& progress,
                               std::stop_token stop) {
    const Loaded& p = plugin();
    if (p.api == nullptr || p.api->trainModel == nullptr) {
        return unavailable();
    }
    return p.api->trainModel(settings, progress, std::move(stop));
}

Result<TrainerForward> trainerForward(const std::string& checkpointDir,
                                      const std::vector<int>& ids) {
    const Loaded& p = plugin();
    if (p.api == nullptr || p.api->trainerForward == nullptr) {
        return unavailable();
    }
    return p.api->trainerForward(checkpointDir, ids);
}

}  // namespace headwave
