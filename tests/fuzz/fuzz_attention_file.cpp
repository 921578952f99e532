// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an attention file, .npy (any version, dtype, byte order), .npz (stored or
// compressed) or .safetensors (one tensor or a per-layer series), as openAttentionFile reads it,
// every layer; plus parseNpyHeader on the same bytes in both of its modes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npy_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    for (NpyAccept accept : {NpyAccept::Floats, NpyAccept::AllElements}) {
        Result<NpyHeader> h = parseNpyHeader(data, size, accept);
        if (h) {
            fuzz::require(h->dataOffset + h->dataBytes + h->trailingBytes == size);
            if (h->dataBytes > 0) {
                fuzz::touch(data + h->dataOffset);
                fuzz::touch(data + h->dataOffset + h->dataBytes - 1);
            }
        }
    }
    const std::string path = fuzz::writeInput("attention", data, size);
    AttentionFileOptions options;
    options.npz.maxInflatedBytes = std::uint64_t{16}
                                   << 20;  // a compressed .npz: within libFuzzer's RSS
    Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path, options);
    if (!source) {
        fuzz::require(!source.error().message.empty());
        return 0;
    }
    const AttentionShape shape = (*source)->shape();
    fuzz::require(shape.layers > 0 && shape.heads > 0 && shape.tokens >= 2);
    const std::size_t count = static_cast<std::size_t>(shape.heads) *
                              static_cast<std::size_t>(shape.tokens) *
                              static_cast<std::size_t>(shape.tokens);
    for (int l = 0; l < shape.layers && l < 64; ++l) {
        Result<LayerView> layer = (*source)->layer(l);
        if (layer) {
            const std::size_t item = layer->dtype == DType::Float32 ? 4 : 8;
            fuzz::touch(layer->data);
            fuzz::touch(static_cast<const std::uint8_t*>(layer->data) + count * item - 1);
        }
    }
    (void)(*source)->layer(-1);
    (void)(*source)->layer(shape.layers);
    return 0;
}
