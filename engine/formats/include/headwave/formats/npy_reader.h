// SPDX-License-Identifier: GPL-3.0-or-later
// Parses the header of a NumPy .npy file (format 1.0, 2.0, 3.0) defensively, and writes float
// arrays as .npy (format 1.0, little-endian, data 64-byte aligned) atomically.
//
//   Result<NpyHeader> h = parseNpyHeader(file->data(), file->size());
//   if (h) { const std::uint8_t* values = file->data() + h->dataOffset; ... }
//
//   Status s = writeNpy("attn.npy", DType::Float32, {layers, heads, T, T}, values.data());
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"

namespace headwave {

// The largest element count a header may declare (2^40, a 4 TiB float32 array): anything larger is
// a corrupt or hostile header, and the limit keeps every byte count far from overflowing.
inline constexpr std::uint64_t kNpyMaxElements = std::uint64_t{1} << 40;

// The element types of the .npy arrays Headwave reads and writes: the float types of DType, the
// integer types of index arrays, and numpy's fixed-width unicode text ('<U{n}': n UTF-32 code
// units per element, shorter strings padded with U+0000).
enum class NpyElement { Float32, Float64, Int32, Int64, Unicode };

// Which dtypes parseNpyHeader accepts: attention files are float only; .npz members of results
// files also hold int32/int64 indices and unicode text.
enum class NpyAccept { Floats, AllElements };

struct NpyHeader {
    int majorVersion = 1;  // 1, 2 or 3
    int minorVersion = 0;
    NpyElement element = NpyElement::Float32;
    DType dtype = DType::Float32;  // the float type when element is Float32/Float64
    std::size_t itemSize = 4;      // bytes per element (4 * n for '<U{n}')
    bool bigEndian = false;        // '>f4' / '>f8': values must be byte-swapped on this machine
    bool fortranOrder = false;     // true only when the layout equals C order (see parseNpyHeader)
    std::vector<std::int64_t> shape;  // empty for a 0-d (scalar) array
    std::size_t dataOffset = 0;       // bytes from the start of the file to the first element
    std::size_t dataBytes = 0;        // product(shape) * itemsize
    std::size_t trailingBytes = 0;    // bytes after the data (not written by numpy; tolerated)

    std::uint64_t elementCount() const;
};

// Every offset and size is checked against `size` before it is read. Errors (the caller adds the
// file name):
//   FileFormat   no \x93NUMPY magic, a header that is cut off or not a valid dict literal, absurd
//                dimensions (negative, or more than kNpyMaxElements elements), or a data section
//                shorter than the shape needs ("truncated: expected N bytes of data, found M");
//   Unsupported  a format version other than 1.0/2.0/3.0; a dtype other than f4/f8 in any byte
//                order (e.g. '<f2', '<i8', '|O', structured), with the advice to convert with
//                arr.astype(np.float32); Fortran order, unless the layout is identical to C order
//                (at most one dimension longer than 1), with the advice np.ascontiguousarray.
// With NpyAccept::AllElements, '<i4', '<i8' and '<U{n}' (any byte order, n < 2^24) are accepted
// too, and a data section of more than 2^43 bytes counts as absurd.
// The dict may list 'descr', 'fortran_order' and 'shape' in any order, with any whitespace and
// trailing commas; Python 2 long literals (3L) are accepted.
Result<NpyHeader> parseNpyHeader(const std::uint8_t* data, std::size_t size,
                                 NpyAccept accept = NpyAccept::Floats);

// The bytes of an .npy v1.0 header (magic, version, length, dict, padding) for little-endian
// data of this dtype and shape, so that large arrays can be streamed after it; the data starts at
// a multiple of 64. InvalidArgument for a negative or absurd shape.
Result<std::string> npyHeaderBytes(DType dtype, const std::vector<std::int64_t>& shape);
// The same for any element type; unicodeLength is n of '<U{n}' (1 <= n < 2^24) and is ignored for
// the other types.
Result<std::string> npyHeaderBytes(NpyElement element, const std::vector<std::int64_t>& shape,
                                   std::size_t unicodeLength = 0);

// Writes data (product(shape) values of dtype, native byte order, C order) as a little-endian .npy
// version 1.0 file whose data starts at a multiple of 64 bytes. An empty shape writes a 0-d array
// of one value. InvalidArgument for a negative or absurd shape; FileWrite as writeFileAtomically.
Status writeNpy(const std::string& path, DType dtype, const std::vector<std::int64_t>& shape,
                const void* data);

}  // namespace headwave
