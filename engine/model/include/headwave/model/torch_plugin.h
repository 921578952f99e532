// SPDX-License-Identifier: GPL-3.0-or-later
// The libtorch part of the engine as a plugin (libheadwave_torch.so), loaded with dlopen at the
// first model. libtorch registers thousands of operators while it is loaded (about a second),
// so the desktop app links headwave_torch_lazy instead of libtorch: it starts without it and
// loads the plugin on the engine thread when a model is opened or a checkpoint is trained.
// The command-line tool, the tests and the benchmarks link the same code statically
// (headwave_torch) and never load the plugin.
//
// The plugin exports one C symbol returning a table of the three torch entry points. C++ types
// cross the boundary (std::string, std::function, Result<>, the AttentionModel interface), so the
// plugin and the program must come from the same build: the table carries an ABI number and the
// sizes of the argument types, checked before anything is called. The plugin keeps its own,
// hidden copy of the engine code it needs and is never unloaded (its objects' code lives in it).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/trainer.h"

namespace headwave {

// Raised whenever a type below or the table itself changes shape.
inline constexpr int kTorchPluginAbi = 3;

struct TorchPluginApi {
    int abi = kTorchPluginAbi;
    std::size_t tableSize = sizeof(TorchPluginApi);
    std::size_t loadOptionsSize = sizeof(LoadOptions);
    std::size_t trainSettingsSize = sizeof(TrainSettings);
    std::size_t modelConfigSize = sizeof(ModelConfig);
    std::size_t errorSize = sizeof(Error);

    Result<std::unique_ptr<AttentionModel>> (*loadAttentionModel)(
        const std::string& dir, const LoadOptions& options) = nullptr;
    Result<TrainResult> (*trainModel)(const TrainSettings& settings,
                                      const std::function<void(const TrainProgress&)>& progress,
                                      std::stop_token stop) = nullptr;
    Result<TrainerForward> (*trainerForward)(const std::string& checkpointDir,
                                             const std::vector<int>& ids) = nullptr;
    // The libtorch the plugin runs on ("1.13.0"); a static string.
    const char* (*torchVersion)() = nullptr;
};

// The file the loader looks for: the path in $HEADWAVE_TORCH_PLUGIN when set (only that one),
// otherwise beside the executable (the build tree), ../lib/headwave relative to it (an installed
// package), the install prefix the program was configured with, then the loader's search path.
inline constexpr const char* kTorchPluginFile = "libheadwave_torch.so";
inline constexpr const char* kTorchPluginSymbol = "headwave_torch_plugin_api";

}  // namespace headwave

// Defined by the plugin (engine/model/src/torch_plugin_entry.cpp) or by a stand-in for tests.
extern "C" const headwave::TorchPluginApi* headwave_torch_plugin_api();
