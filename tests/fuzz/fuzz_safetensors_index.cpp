// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: model.safetensors.index.json of a sharded model (ModelWeights::open). The input is
// the index; the folder also holds two small valid shards, a.safetensors and b.safetensors, so an
// index can name real files, missing ones, or odd names ("..", "/", ".").
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "fuzz_support.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/model_weights.h"

namespace {

const std::filesystem::path& modelDir() {
    static const std::filesystem::path dir = [] {
        using namespace headwave;
        const std::filesystem::path d = fuzz::scratchDir() / "model";
        std::filesystem::create_directories(d);
        const std::vector<float> values = {1.0F, 2.0F, 3.0F, 4.0F};
        const std::span<const std::uint8_t> bytes(
            reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * sizeof(float));
        fuzz::require(writeSafetensors((d / "a.safetensors").string(),
                                       {{"wte.weight", SafetensorsDType::F32, {2, 2}, bytes}})
                          .ok());
        fuzz::require(writeSafetensors((d / "b.safetensors").string(),
                                       {{"h.0.attn.weight", SafetensorsDType::F32, {4}, bytes},
                                        {"h.1.attn.weight", SafetensorsDType::F32, {1, 4}, bytes}})
                          .ok());
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::filesystem::path& dir = modelDir();
    fuzz::writeInput("model/model.safetensors.index.json", data, size);
    Result<std::unique_ptr<ModelWeights>> weights = ModelWeights::open(dir.string());
    if (!weights) {
        fuzz::require(!weights.error().message.empty());
        return 0;
    }
    for (const auto& [name, tensor] : (*weights)->tensors()) {
        fuzz::require(tensor.file != nullptr);
        fuzz::require(tensor.data >= tensor.file->data() &&
                      tensor.data + tensor.bytes <= tensor.file->data() + tensor.file->size());
        if (tensor.bytes > 0) {
            fuzz::touch(tensor.data);
            fuzz::touch(tensor.data + tensor.bytes - 1);
        }
    }
    (void)(*weights)->parameters();
    (void)(*weights)->dominantDtype();
    return 0;
}
