// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/formats/npy_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/mapped_file.h"

namespace headwave {

namespace {

// Byte counts up to kNpyMaxElements * 8 = 2^43 must fit.
static_assert(sizeof(std::size_t) >= 8, "Headwave needs a 64-bit size_t");

constexpr std::uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kMaxDims = 64;        // numpy's own limit (NPY_MAXDIMS) in numpy 2
constexpr std::size_t kDataAlignment = 64;  // numpy pads its headers to this

Error formatError(std::string message, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat, std::move(message), std::move(detail));
}

// A reader for the one Python literal numpy writes: a dict of str -> str | bool | tuple of int.
class DictLiteral {
public:
    DictLiteral(const char* begin, const char* end) : m_pos(begin), m_begin(begin), m_end(end) {}

    // Fills the three fields; the raw descr is returned for the dtype check by the caller.
    std::optional<Error> parse(std::string& descr, bool& fortranOrder,
                               std::vector<std::int64_t>& shape) {
        bool haveDescr = false;
        bool haveOrder = false;
        bool haveShape = false;
        skipSpace();
        if (!consume('{')) {
            return fail("the header does not start with '{'");
        }
        while (true) {
            skipSpace();
            if (consume('}')) {
                break;
            }
            std::string key;
            if (!parseString(key)) {
                return fail("expected a quoted key");
            }
            skipSpace();
            if (!consume(':')) {
                return fail("expected ':' after '" + key + "'");
            }
            skipSpace();
            if (key == "descr") {
                if (haveDescr) {
                    return fail("'descr' appears twice");
                }
                haveDescr = true;
                if (peek() == '[' || peek() == '{') {
                    // A structured dtype: a list of (name, type) fields.
                    return makeError(ErrorCode::Unsupported,
                                     "The array has a structured dtype, which Headwave does not "
                                     "read; save a plain float array, e.g. "
                                     "arr.astype(np.float32).",
                                     "descr is a list");
                }
                if (!parseString(descr)) {
                    return fail("'descr' is not a string");
                }
            } else if (key == "fortran_order") {
                if (haveOrder) {
                    return fail("'fortran_order' appears twice");
                }
                haveOrder = true;
                if (consumeWord("True")) {
                    fortranOrder = true;
                } else if (consumeWord("False")) {
                    fortranOrder = false;
                } else {
                    return fail("'fortran_order' is not True or False");
                }
            } else if (key == "shape") {
                if (haveShape) {
                    return fail("'shape' appears twice");
                }
                haveShape = true;
                if (std::optional<Error> e = parseShape(shape)) {
                    return e;
                }
            } else {
                // numpy itself refuses headers with other keys.
                return fail("unexpected key '" + key + "'");
            }
            skipSpace();
            if (consume(',')) {
                continue;  // a trailing comma before '}' is fine: the loop checks for '}' first
            }
            skipSpace();
            if (consume('}')) {
                break;
            }
            return fail("expected ',' or '}'");
        }
        if (!haveDescr || !haveOrder || !haveShape) {
            return fail("the header must contain 'descr', 'fortran_order' and 'shape'");
        }
        // Only padding may follow: spaces and the final newline (some writers pad with NULs).
        while (m_pos < m_end && (*m_pos == '\0' || *m_pos == ' ' || *m_pos == '\t' ||
                                 *m_pos == '\n' || *m_pos == '\r')) {
            ++m_pos;
        }
        if (m_pos != m_end) {
            return fail("unexpected text after the dict");
        }
        return std::nullopt;
    }

private:
    Error fail(const std::string& what) const {
        return formatError("The .npy header is not valid: " + what + ".",
                           "at header byte " + std::to_string(m_pos - m_begin));
    }

    char peek() const { return m_pos < m_end ? *m_pos : '\0'; }

    bool consume(char c) {
        if (m_pos < m_end && *m_pos == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    bool consumeWord(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_pos) >= word.size() &&
            std::string_view(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    void skipSpace() {
        while (m_pos < m_end &&
               (*m_pos == ' ' || *m_pos == '\t' || *m_pos == '\n' || *m_pos == '\r')) {
            ++m_pos;
        }
    }

    // 'text' or "text"; a backslash takes the next character literally (numpy never needs one).
    bool parseString(std::string& out) {
        const char quote = peek();
        if (quote != '\'' && quote != '"') {
            return false;
        }
        ++m_pos;
        out.clear();
        while (m_pos < m_end && *m_pos != quote) {
            if (*m_pos == '\\') {
                ++m_pos;
                if (m_pos == m_end) {
                    return false;
                }
            }
            if (out.size() >= 256) {
                return false;  // no key or dtype string is this long
            }
            out.push_back(*m_pos++);
        }
        return consume(quote);
    }

    // A non-negative decimal integer, at most kNpyMaxElements, with an optional Python 2 'L'.
    std::optional<Error> parseDim(std::int64_t& out) {
        skipSpace();
        if (peek() == '-') {
            return fail("a negative dimension");
        }
        if (peek() < '0' || peek() > '9') {
            return fail("expected a dimension");
        }
        std::uint64_t value = 0;
        while (peek() >= '0' && peek() <= '9') {
            value = value * 10 + static_cast<std::uint64_t>(*m_pos - '0');
            if (value > kNpyMaxElements) {
                return fail("a dimension larger than 2^40");
            }
            ++m_pos;
        }
        if (peek() == 'L' || peek() == 'l') {
            ++m_pos;
        }
        out = static_cast<std::int64_t>(value);
        return std::nullopt;
    }

    // (), (3,), (3, 4), (3, 4,) and, leniently, (3).
    std::optional<Error> parseShape(std::vector<std::int64_t>& shape) {
        shape.clear();
        if (!consume('(')) {
            return fail("'shape' is not a tuple");
        }
        skipSpace();
        if (consume(')')) {
            return std::nullopt;
        }
        while (true) {
            std::int64_t dim = 0;
            if (std::optional<Error> e = parseDim(dim)) {
                return e;
            }
            if (shape.size() >= kMaxDims) {
                return fail("more than 64 dimensions");
            }
            shape.push_back(dim);
            skipSpace();
            if (consume(')')) {
                return std::nullopt;
            }
            if (!consume(',')) {
                return fail("expected ',' or ')' in 'shape'");
            }
            skipSpace();
            if (consume(')')) {
                return std::nullopt;
            }
        }
    }

    const char* m_pos;
    const char* m_begin;
    const char* m_end;
};

// The largest '<U{n}' length accepted (16 M characters, 64 MiB per element), and the largest data
// section of any dtype (2^43 bytes, as kNpyMaxElements float64 values).
constexpr std::size_t kMaxUnicodeLength = std::size_t{1} << 24;
constexpr std::uint64_t kMaxDataBytes = kNpyMaxElements * 8;

struct Descr {
    NpyElement element = NpyElement::Float32;
    std::size_t itemSize = 4;
    bool bigEndian = false;
};

// '<f4', '>f8', '=i4', '<U12', ...; nullopt for anything else (or for non-floats when only floats
// are accepted).
std::optional<Descr> parseDescr(const std::string& descr, NpyAccept accept) {
    if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '>' && descr[0] != '=')) {
        return std::nullopt;
    }
    Descr out;
    // '=' is "native to the writer"; numpy never writes it, so assume this machine.
    out.bigEndian = descr[0] == '>' || (descr[0] == '=' && std::endian::native == std::endian::big);
    const std::string_view type(descr.data() + 1, descr.size() - 1);
    if (type == "f4" || type == "f8") {
        out.element = type == "f4" ? NpyElement::Float32 : NpyElement::Float64;
        out.itemSize = type == "f4" ? 4 : 8;
        return out;
    }
    if (accept != NpyAccept::AllElements) {
        return std::nullopt;
    }
    if (type == "i4" || type == "i8") {
        out.element = type == "i4" ? NpyElement::Int32 : NpyElement::Int64;
        out.itemSize = type == "i4" ? 4 : 8;
        return out;
    }
    if (type[0] == 'U' && type.size() >= 2 && type.size() <= 9) {
        std::size_t length = 0;
        for (char c : type.substr(1)) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            length = length * 10 + static_cast<std::size_t>(c - '0');
        }
        if (length >= kMaxUnicodeLength) {
            return std::nullopt;
        }
        out.element = NpyElement::Unicode;
        out.itemSize = 4 * length;
        return out;
    }
    return std::nullopt;
}

std::uint32_t readLe(const std::uint8_t* p, std::size_t bytes) {
    std::uint32_t value = 0;
    for (std::size_t i = bytes; i-- > 0;) {
        value = (value << 8) | p[i];
    }
    return value;
}

}  // namespace

std::uint64_t NpyHeader::elementCount() const {
    std::uint64_t n = 1;
    for (std::int64_t d : shape) {
        n *= static_cast<std::uint64_t>(d);  // bounded by kNpyMaxElements at parse time
    }
    return n;
}

Result<NpyHeader> parseNpyHeader(const std::uint8_t* data, std::size_t size, NpyAccept accept) {
    if (data == nullptr || size < sizeof(kMagic) ||
        std::memcmp(data, kMagic, sizeof(kMagic)) != 0) {
        return formatError("Not a NumPy .npy file (it does not start with \\x93NUMPY).",
                           "file size " + std::to_string(size) + " bytes");
    }
    if (size < 8) {
        return formatError("The .npy file is truncated inside its version field.");
    }
    NpyHeader header;
    header.majorVersion = data[6];
    header.minorVersion = data[7];
    std::size_t lengthBytes = 0;
    if (header.majorVersion == 1 && header.minorVersion == 0) {
        lengthBytes = 2;
    } else if ((header.majorVersion == 2 || header.majorVersion == 3) && header.minorVersion == 0) {
        lengthBytes = 4;
    } else {
        return makeError(ErrorCode::Unsupported,
                         "The .npy format version " + std::to_string(header.majorVersion) + "." +
                             std::to_string(header.minorVersion) +
                             " is not supported (1.0, 2.0 and 3.0 are); save it with np.save.");
    }
    const std::size_t headerStart = 8 + lengthBytes;
    if (size < headerStart) {
        return formatError("The .npy file is truncated inside its header length field.");
    }
    const std::size_t headerLength = readLe(data + 8, lengthBytes);
    if (headerLength > size - headerStart) {
        return formatError("The .npy header is truncated.",
                           "header declares " + std::to_string(headerLength) + " bytes, " +
                               std::to_string(size - headerStart) + " follow");
    }
    header.dataOffset = headerStart + headerLength;

    std::string descr;
    const char* text = reinterpret_cast<const char*>(data + headerStart);
    DictLiteral dict(text, text + headerLength);
    if (std::optional<Error> e = dict.parse(descr, header.fortranOrder, header.shape)) {
        return *e;
    }

    if (std::optional<Descr> d = parseDescr(descr, accept)) {
        header.element = d->element;
        header.dtype = d->element == NpyElement::Float64 ? DType::Float64 : DType::Float32;
        header.itemSize = d->itemSize;
        header.bigEndian = d->bigEndian;
    } else if (accept == NpyAccept::AllElements) {
        return makeError(ErrorCode::Unsupported,
                         "The array's dtype '" + descr +
                             "' is not supported (float32, float64, int32, int64 and unicode "
                             "strings are); convert it with arr.astype(np.float32) or "
                             "arr.astype(np.int64) before saving.",
                         "descr " + descr);
    } else {
        return makeError(ErrorCode::Unsupported,
                         "The array's dtype '" + descr +
                             "' is not supported (only float32 and float64 are); convert it "
                             "with arr.astype(np.float32) before saving.",
                         "descr " + descr);
    }

    std::uint64_t elements = 1;
    int longDims = 0;
    for (std::int64_t d : header.shape) {
        const auto dim = static_cast<std::uint64_t>(d);
        if (dim != 0 && elements > kNpyMaxElements / dim) {
            return formatError(
                "The .npy header declares an absurd shape (more than 2^40 elements).");
        }
        elements *= dim;
        longDims += d > 1 ? 1 : 0;
    }
    if (header.fortranOrder && longDims > 1) {
        return makeError(ErrorCode::Unsupported,
                         "The array is stored in Fortran (column-major) order, which Headwave "
                         "does not read; save it with np.save(path, np.ascontiguousarray(arr)).",
                         "fortran_order True");
    }
    if (header.itemSize != 0 && elements > kMaxDataBytes / header.itemSize) {
        return formatError("The .npy header declares an absurd shape (more than 2^43 bytes).");
    }
    header.dataBytes = static_cast<std::size_t>(elements) * header.itemSize;
    const std::size_t available = size - header.dataOffset;
    if (available < header.dataBytes) {
        return formatError("The .npy file is truncated: expected " +
                               std::to_string(header.dataBytes) + " bytes of data, found " +
                               std::to_string(available) + ".",
                           "data starts at byte " + std::to_string(header.dataOffset));
    }
    header.trailingBytes = available - header.dataBytes;
    return header;
}

Result<std::string> npyHeaderBytes(DType dtype, const std::vector<std::int64_t>& shape) {
    return npyHeaderBytes(dtype == DType::Float32 ? NpyElement::Float32 : NpyElement::Float64,
                          shape);
}

Result<std::string> npyHeaderBytes(NpyElement element, const std::vector<std::int64_t>& shape,
                                   std::size_t unicodeLength) {
    std::string descr;
    std::size_t itemSize = 0;
    switch (element) {
        case NpyElement::Float32:
            descr = "<f4";
            itemSize = 4;
            break;
        case NpyElement::Float64:
            descr = "<f8";
            itemSize = 8;
            break;
        case NpyElement::Int32:
            descr = "<i4";
            itemSize = 4;
            break;
        case NpyElement::Int64:
            descr = "<i8";
            itemSize = 8;
            break;
        case NpyElement::Unicode:
            if (unicodeLength == 0 || unicodeLength >= kMaxUnicodeLength) {
                return makeError(ErrorCode::InvalidArgument,
                                 "An .npy unicode array needs a length from 1 to 2^24 - 1.",
                                 "length " + std::to_string(unicodeLength));
            }
            descr = "<U" + std::to_string(unicodeLength);
            itemSize = 4 * unicodeLength;
            break;
    }
    if (shape.size() > kMaxDims) {
        return makeError(ErrorCode::InvalidArgument, "An .npy array has at most 64 dimensions.");
    }
    std::uint64_t elements = 1;
    std::string shapeText = "(";
    for (std::int64_t d : shape) {
        const auto dim = static_cast<std::uint64_t>(d);
        if (d < 0 || (dim != 0 && elements > kNpyMaxElements / dim)) {
            return makeError(ErrorCode::InvalidArgument, "Invalid .npy shape.",
                             "dimension " + std::to_string(d));
        }
        elements *= dim;
        shapeText += std::to_string(d) + ", ";
    }
    if (elements > kMaxDataBytes / itemSize) {
        return makeError(
            ErrorCode::InvalidArgument, "Invalid .npy shape: more than 2^43 bytes.",
            std::to_string(elements) + " elements of " + std::to_string(itemSize) + " bytes");
    }
    if (shape.size() == 1) {
        shapeText.resize(shapeText.size() - 1);  // "(3,)"
    } else if (shape.size() > 1) {
        shapeText.resize(shapeText.size() - 2);  // "(3, 4)"
    }
    shapeText += ")";
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // Pad with spaces and end with '\n' so that the data starts at a multiple of 64 (numpy's own
    // layout); the 10 bytes are magic, version and the uint16 length.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((kDataAlignment - unpadded % kDataAlignment) % kDataAlignment, ' ');
    header.push_back('\n');
    if (header.size() > 0xFFFF) {
        return makeError(ErrorCode::InvalidArgument, "The .npy header would be too long.");
    }
    std::string out = {'\x93', 'N', 'U', 'M', 'P', 'Y', '\x01', '\x00'};
    out.push_back(static_cast<char>(header.size() & 0xFF));
    out.push_back(static_cast<char>(header.size() >> 8));
    return out + header;
}

Status writeNpy(const std::string& path, DType dtype, const std::vector<std::int64_t>& shape,
                const void* data) {
    auto headerBytes = npyHeaderBytes(dtype, shape);
    if (!headerBytes) {
        Error e = headerBytes.error();
        e.message = "Could not write '" + path + "': " + e.message;
        return e;
    }
    std::uint64_t elements = 1;
    for (std::int64_t d : shape) {
        elements *= static_cast<std::uint64_t>(d);
    }
    const std::size_t itemSize = dtypeSize(dtype);
    const std::size_t dataBytes = static_cast<std::size_t>(elements) * itemSize;
    if (dataBytes > 0 && data == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not write '" + path + "': no data given.");
    }
    const std::string& header = headerBytes.value();

    return writeFileAtomically(path, [&](std::FILE* file) -> Status {
        if (Status s = writeAll(file, header.data(), header.size()); !s) {
            return s;
        }
        if constexpr (std::endian::native == std::endian::little) {
            return writeAll(file, data, dataBytes);
        } else {
            // Byte-swap through a small buffer: the file is little-endian by contract.
            const auto* bytes = static_cast<const std::uint8_t*>(data);
            std::vector<std::uint8_t> chunk(itemSize * 4096);
            for (std::size_t done = 0; done < dataBytes;) {
                const std::size_t n = std::min(chunk.size(), dataBytes - done);
                for (std::size_t i = 0; i < n; i += itemSize) {
                    for (std::size_t b = 0; b < itemSize; ++b) {
                        chunk[i + b] = bytes[done + i + itemSize - 1 - b];
                    }
                }
                if (Status s = writeAll(file, chunk.data(), n); !s) {
                    return s;
                }
                done += n;
            }
            return {};
        }
    });
}

}  // namespace headwave
