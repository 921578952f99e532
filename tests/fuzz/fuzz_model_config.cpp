// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a model folder's config.json (parseModelConfig), every architecture it knows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/model/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string text(reinterpret_cast<const char*>(data), size);
    Result<ModelConfig> config = parseModelConfig(text, "config.json");
    if (!config) {
        fuzz::require(!config.error().message.empty());
    }
    return 0;
}
