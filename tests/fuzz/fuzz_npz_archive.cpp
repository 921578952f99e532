// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an .npz archive as NpzReader reads it, stored and deflate-compressed members (the
// zlib inflater: corrupt streams, lying sizes, CRC mismatches, "zip bombs" under a 16 MiB cap):
// every member's header and data, and the attention chosen from it by openAttentionFile.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npz_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string path = fuzz::writeInput("archive.npz", data, size);
    NpzReaderOptions options;
    options.maxInflatedBytes = std::uint64_t{16} << 20;
    Result<NpzReader> reader = NpzReader::open(path, options);
    if (!reader) {
        fuzz::require(!reader.error().message.empty());
        return 0;
    }
    for (const std::string& name : reader->names()) {
        Result<NpyHeader> header = reader->header(name);
        Result<NpzArray> array = reader->array(name);
        if (array) {
            if (array->dataBytes > 0) {
                fuzz::touch(array->data);
                fuzz::touch(array->data + array->dataBytes - 1);
            }
            // The header read alone agrees with the one read with the data.
            fuzz::require(header.ok() && header->shape == array->shape &&
                          header->element == array->element);
        } else {
            fuzz::require(!array.error().message.empty());
        }
    }
    AttentionFileOptions attention;
    attention.npz = options;
    Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path, attention);
    if (source) {
        const AttentionShape shape = (*source)->shape();
        fuzz::require(shape.layers > 0 && shape.heads > 0 && shape.tokens >= 2);
        for (int l = 0; l < shape.layers && l < 16; ++l) {
            Result<LayerView> layer = (*source)->layer(l);
            if (layer) {
                fuzz::touch(layer->data);
            }
        }
    }
    return 0;
}
