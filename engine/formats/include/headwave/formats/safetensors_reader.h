// SPDX-License-Identifier: GPL-3.0-or-later
// Parses the header of a .safetensors file (tensors of any dtype: attention, model weights) with
// every size and offset checked, and writes .safetensors files atomically.
//
//   Result<SafetensorsHeader> h = parseSafetensorsHeader(file->data(), file->size());
//   if (const SafetensorsTensor* t = h->find("attention")) {
//       const std::uint8_t* bytes = file->data() + h->dataStart + t->begin;   // t->byteSize()
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

// The header may be at most this long (bytes), as in the reference implementation.
inline constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

// The dtypes of the safetensors format (all little-endian).
enum class SafetensorsDType { Bool, U8, I8, U16, I16, F16, BF16, U32, I32, F32, U64, I64, F64 };

// "F32", ...: the format's own spelling.
const char* safetensorsDTypeName(SafetensorsDType dtype);
// Bytes per element: 1, 2, 4 or 8.
std::size_t safetensorsDTypeSize(SafetensorsDType dtype);
// From the format's spelling ("BF16"); nullopt for anything else (F8_E4M3, "f32", ...).
std::optional<SafetensorsDType> parseSafetensorsDType(std::string_view name);

struct SafetensorsTensor {
    std::string name;
    SafetensorsDType dtype = SafetensorsDType::F32;
    std::string dtypeName;            // as in the file, e.g. "BF16"
    std::vector<std::int64_t> shape;  // empty for a scalar
    std::size_t begin = 0;            // byte offsets relative to SafetensorsHeader::dataStart;
    std::size_t end = 0;              // end - begin == elementCount() * itemsize

    std::size_t byteSize() const { return end - begin; }
    std::uint64_t elementCount() const;
    // "attention F32 [12, 12, 64, 64]", for messages.
    std::string describe() const;
};

struct SafetensorsHeader {
    std::vector<SafetensorsTensor> tensors;       // sorted by name
    std::map<std::string, std::string> metadata;  // "__metadata__", empty when absent
    std::size_t dataStart = 0;                    // 8 + header length: first byte of the data area
    std::size_t dataSize = 0;                     // bytes from dataStart to the end of the buffer

    // nullptr when there is no tensor of that name.
    const SafetensorsTensor* find(std::string_view name) const;
};

// Checks, before any byte is used: the 8-byte little-endian header length N is at most
// kSafetensorsMaxHeaderBytes and at most size - 8; the header is a JSON object (nesting depth at
// most 8, no duplicate names); "__metadata__", when present, maps strings to strings; every tensor
// has a known "dtype", a "shape" of non-negative integers and "data_offsets" [begin, end] with
// begin <= end <= dataSize and end - begin == product(shape) * itemsize (overflow-checked); no two
// tensors overlap. Unused bytes between or after tensors are tolerated. Any violation is
// FileFormat (the caller adds the file name); an unknown dtype is Unsupported.
Result<SafetensorsHeader> parseSafetensorsHeader(const std::uint8_t* data, std::size_t size);

// One tensor to write: `bytes` views product(shape) elements, little-endian, C order. It is not
// copied, so the memory it views must stay alive until writeSafetensors returns.
struct SafetensorsTensorData {
    std::string name;
    SafetensorsDType dtype = SafetensorsDType::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::uint8_t> bytes;
};

// Writes tensors and metadata as a .safetensors file, atomically (see writeFileAtomically). The
// header is padded with spaces to a multiple of 8 bytes and tensors are laid out by decreasing
// itemsize, then name, so every tensor is aligned for its dtype, without holes (as the reference
// writer does). InvalidArgument for an empty, duplicate or "__metadata__" name, a negative
// dimension or a byte count that does not match the shape.
Status writeSafetensors(const std::string& path, const std::vector<SafetensorsTensorData>& tensors,
                        const std::map<std::string, std::string>& metadata = {});

}  // namespace headwave
