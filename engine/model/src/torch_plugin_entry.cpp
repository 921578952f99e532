// SPDX-License-Identifier: GPL-3.0-or-later
// The plugin's one exported symbol: the torch entry points of this build (torch_plugin.h).
#include "headwave/model/torch_plugin.h"

namespace {

headwave::Result<std::unique_ptr<headwave::AttentionModel>> load(
    const std::string& dir, const headwave::LoadOptions& options) {
    return headwave::loadAttentionModel(dir, options);
}

headwave::Result<headwave::TrainResult> train(
    const headwave::TrainSettings& settings,
    const std::function<void(const headwave::TrainProgress&)>& progress, std::stop_token stop) {
    return headwave::trainModel(settings, progress, std::move(stop));
}

headwave::Result<headwave::TrainerForward> forward(const std::string& dir,
                                                   const std::vector<int>& ids) {
    return headwave::trainerForward(dir, ids);
}

const char* version() {
    static const std::string v = headwave::torchRuntime().version;
    return v.c_str();
}

}  // namespace

extern "C" const headwave::TorchPluginApi* headwave_torch_plugin_api() {
    static const headwave::TorchPluginApi api = [] {
        headwave::TorchPluginApi a;
        a.loadAttentionModel = &load;
        a.trainModel = &train;
        a.trainerForward = &forward;
        a.torchVersion = &version;
        return a;
    }();
    return &api;
}
