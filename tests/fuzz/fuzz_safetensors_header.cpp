// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the .safetensors header parser (model weights and attention files). Every tensor it
// accepts must lie inside the buffer, so its first and last bytes are read under ASan.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "headwave/formats/safetensors_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    Result<SafetensorsHeader> header = parseSafetensorsHeader(data, size);
    if (!header) {
        fuzz::require(!header.error().message.empty());
        return 0;
    }
    fuzz::require(header->dataStart + header->dataSize == size);
    for (const SafetensorsTensor& t : header->tensors) {
        fuzz::require(t.begin <= t.end && t.end <= header->dataSize);
        fuzz::require(t.byteSize() == t.elementCount() * safetensorsDTypeSize(t.dtype));
        if (t.byteSize() > 0) {
            fuzz::touch(data + header->dataStart + t.begin);
            fuzz::touch(data + header->dataStart + t.end - 1);
        }
        fuzz::require(header->find(t.name) == &t);
    }
    return 0;
}
