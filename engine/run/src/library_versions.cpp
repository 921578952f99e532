// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/library_versions.h"

#include "headwave/dsp/spectrum.h"
#include "headwave/model/attention_model.h"

namespace headwave {

EngineLibraries engineLibraries() {
    const TorchRuntime torch = torchRuntime();
    return {fftwVersion(), torch.version, torch.loaded};
}

}  // namespace headwave
