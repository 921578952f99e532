// SPDX-License-Identifier: GPL-3.0-or-later
// A plugin "from another build" for test_torch_plugin_loader: the right entry point with an
// interface number this build does not have. The loader must refuse it before calling anything.
#include "headwave/model/torch_plugin.h"

extern "C" const headwave::TorchPluginApi* headwave_torch_plugin_api() {
    static const headwave::TorchPluginApi api = [] {
        headwave::TorchPluginApi a;
        a.abi = headwave::kTorchPluginAbi + 1;
        return a;  // null entry points: calling one would crash the test
    }();
    return &api;
}
