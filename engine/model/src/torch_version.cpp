// SPDX-License-Identifier: GPL-3.0-or-later
// torchRuntime() of the libtorch build (attention_model.h): the version of the headers the libtorch
// code was compiled against. A file of its own so that it needs no ATen.
#include <torch/version.h>

#include "headwave/model/attention_model.h"

namespace headwave {

TorchRuntime torchRuntime() {
    return {TORCH_VERSION, true};
}

}  // namespace headwave
