// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/formats/npz_archive.h"

#include <unistd.h>
#include <zlib.h>

#include <sys/types.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headwave/core/utf8.h"

namespace headwave {

namespace {

// Offsets into a memory mapping and byte counts are 64-bit throughout.
static_assert(sizeof(std::size_t) >= 8, "Headwave needs a 64-bit size_t");

// ---- ZIP constants (PKWARE APPNOTE 6.3) --------------------------------------------------------

constexpr std::uint32_t kLocalSignature = 0x04034b50;         // "PK\3\4"
constexpr std::uint32_t kCentralSignature = 0x02014b50;       // "PK\1\2"
constexpr std::uint32_t kEndSignature = 0x06054b50;           // "PK\5\6"
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;      // "PK\6\6"
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;  // "PK\6\7"
constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::size_t kCentralHeaderBytes = 46;
constexpr std::size_t kEndBytes = 22;
constexpr std::size_t kZip64EndBytes = 56;
constexpr std::size_t kZip64LocatorBytes = 20;
constexpr std::uint16_t kZip64ExtraTag = 0x0001;
// Android's zipalign pads local headers with this extra field: a u16 alignment, then zeros.
constexpr std::uint16_t kAlignmentExtraTag = 0xD935;
constexpr std::uint64_t kDataAlignment = 64;
constexpr std::uint16_t kVersionStored = 20;  // 2.0: what a stored member needs
constexpr std::uint16_t kVersionZip64 = 45;   // 4.5: ZIP64 extensions
constexpr std::uint16_t kMadeByUnix = 3 << 8;
constexpr std::uint32_t kExternalAttributes = 0100644u << 16;  // a regular file, rw-r--r--
constexpr std::uint16_t kFlagEncrypted = 0x0001;
constexpr std::uint16_t kFlagStrongEncryption = 0x0040;
constexpr std::uint16_t kFlagUtf8Name = 0x0800;
constexpr std::uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, time 00:00
constexpr std::uint64_t kMax16 = 0xFFFF;
constexpr std::uint64_t kMax32 = 0xFFFFFFFF;  // also the "see the ZIP64 field" marker
// More members than any results file has, and than any sane archive: the limit keeps a corrupt
// count from reserving gigabytes.
constexpr std::uint64_t kMaxMembers = std::uint64_t{1} << 20;
constexpr std::size_t kMaxNameBytes = 1024;
constexpr std::string_view kNpySuffix = ".npy";

// ---- CRC-32 (reflected polynomial 0xEDB88320), slicing by 8 ------------------------------------

using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables makeCrcTables() {
    CrcTables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        t[0][i] = c;
    }
    for (std::size_t i = 0; i < 256; ++i) {
        for (std::size_t k = 1; k < 8; ++k) {
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
        }
    }
    return t;
}

constexpr CrcTables kCrc = makeCrcTables();

// ---- little-endian fields ----------------------------------------------------------------------

std::uint16_t le16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

std::uint64_t le64(const std::uint8_t* p) {
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

void put16(std::string& out, std::uint64_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void put32(std::string& out, std::uint64_t v) {
    put16(out, v & 0xFFFF);
    put16(out, (v >> 16) & 0xFFFF);
}

void put64(std::string& out, std::uint64_t v) {
    put32(out, v & 0xFFFFFFFF);
    put32(out, v >> 32);
}

// ---- member names ------------------------------------------------------------------------------

// Why a member name is refused, or empty when it is fine. '/' and '\\' would make `unzip` create
// folders; control characters make names that print badly in every tool.
std::string nameProblem(const std::string& name) {
    if (name.empty()) {
        return "the member name is empty";
    }
    if (name.size() > kMaxNameBytes) {
        return "the member name is longer than " + std::to_string(kMaxNameBytes) + " bytes";
    }
    std::vector<char32_t> codePoints;
    if (!utf8::decodeAll(name, codePoints)) {
        return "the member name is not valid UTF-8";
    }
    for (char32_t cp : codePoints) {
        if (cp < 0x20 || cp == 0x7F || cp == '/' || cp == '\\') {
            return "the member name contains '/', '\\' or a control character";
        }
    }
    return {};
}

bool isAscii(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::uint64_t elementCountOf(const std::vector<std::int64_t>& shape) {
    std::uint64_t n = 1;
    for (std::int64_t d : shape) {
        n *= static_cast<std::uint64_t>(d);  // bounded by npyHeaderBytes / parseNpyHeader
    }
    return n;
}

std::size_t elementSize(NpyElement element) {
    switch (element) {
        case NpyElement::Float32:
        case NpyElement::Int32:
            return 4;
        case NpyElement::Float64:
        case NpyElement::Int64:
            return 8;
        case NpyElement::Unicode:
            return 4;
    }
    return 4;
}

const char* elementName(NpyElement element) {
    switch (element) {
        case NpyElement::Float32:
            return "float32";
        case NpyElement::Float64:
            return "float64";
        case NpyElement::Int32:
            return "int32";
        case NpyElement::Int64:
            return "int64";
        case NpyElement::Unicode:
            return "unicode text";
    }
    return "?";
}

// Whether values stored with this byte order must be swapped on this machine.
bool needsSwap(bool bigEndian) {
    return bigEndian != (std::endian::native == std::endian::big);
}

// An unaligned load of a 4- or 8-byte value, byte-swapped when asked (std::byteswap is C++23).
template <typename U>
U loadSwapped(const std::uint8_t* p, bool swap) {
    std::uint8_t bytes[sizeof(U)];
    std::memcpy(bytes, p, sizeof(U));
    if (swap) {
        std::reverse(bytes, bytes + sizeof(U));
    }
    U v;
    std::memcpy(&v, bytes, sizeof(U));
    return v;
}

}  // namespace

std::uint32_t crc32Update(std::uint32_t crc, const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::uint32_t c = ~crc;
    while (n >= 8) {
        const std::uint32_t lo = le32(p) ^ c;
        const std::uint32_t hi = le32(p + 4);
        c = kCrc[7][lo & 0xFF] ^ kCrc[6][(lo >> 8) & 0xFF] ^ kCrc[5][(lo >> 16) & 0xFF] ^
            kCrc[4][lo >> 24] ^ kCrc[3][hi & 0xFF] ^ kCrc[2][(hi >> 8) & 0xFF] ^
            kCrc[1][(hi >> 16) & 0xFF] ^ kCrc[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n-- > 0) {
        c = kCrc[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    }
    return ~c;
}

// ================================================================================================
// NpzWriter

NpzWriter::NpzWriter(std::string path, AtomicFile file, Options options)
    : m_path(std::move(path)), m_file(std::move(file)), m_options(options) {}

Result<NpzWriter> NpzWriter::create(const std::string& path, Options options) {
    Result<AtomicFile> file = AtomicFile::create(path);
    if (!file) {
        return file.error();
    }
    return NpzWriter(path, std::move(file).value(), options);
}

Error NpzWriter::invalid(const std::string& member, const std::string& what) const {
    return makeError(ErrorCode::InvalidArgument,
                     "Could not add '" + member + "' to '" + m_path + "': " + what + ".");
}

Status NpzWriter::fail(const std::string& member, const Error& error) {
    Error e = error;
    // writeAll's message is just the OS reason ("No space left on device.").
    e.message = (member.empty() ? "Could not write '" + m_path + "': "
                                : "Could not write '" + member + "' to '" + m_path + "': ") +
                error.message;
    m_failure = e;
    m_closed = true;
    m_open = Open{};
    m_file.discard();
    return e;
}

// action: "add 'NAME' to", "append to", ... for the message.
Status NpzWriter::checkUsable(const std::string& action) const {
    if (m_failure) {
        return *m_failure;
    }
    if (m_closed) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not " + action + " '" + m_path + "': it is already finished.");
    }
    return {};
}

Status NpzWriter::writeBytes(const void* data, std::size_t n) {
    if (Status s = writeAll(m_file.file(), data, n); !s) {
        return s;
    }
    m_offset += n;
    return {};
}

Status NpzWriter::beginMember(const std::string& name, const std::string& npyHeader,
                              std::uint64_t dataBytes, std::size_t itemSize) {
    if (Status s = checkUsable("add '" + name + "' to"); !s) {
        return s;
    }
    if (m_open.active) {
        return invalid(
            name, "'" + m_open.member.fileName + "' is still being written; call endArray() first");
    }
    if (std::string problem = nameProblem(name); !problem.empty()) {
        return invalid(name, problem);
    }
    if (m_index.count(name) != 0) {
        return invalid(name, "the archive already has a member of that name");
    }

    Member member;
    member.fileName = name + std::string(kNpySuffix);
    member.localOffset = m_offset;
    member.size = npyHeader.size() + dataBytes;
    const bool zip64 = m_options.forceZip64 || member.size >= kMax32;

    std::string extra;
    if (zip64) {
        // In a local header the ZIP64 field holds both sizes, always.
        put16(extra, kZip64ExtraTag);
        put16(extra, 16);
        put64(extra, member.size);
        put64(extra, member.size);
    }
    const std::uint64_t unpadded =
        m_offset + kLocalHeaderBytes + member.fileName.size() + extra.size();
    std::uint64_t pad = (kDataAlignment - unpadded % kDataAlignment) % kDataAlignment;
    if (pad != 0 && pad < 6) {
        pad += kDataAlignment;  // the padding field needs 6 bytes: tag, length, alignment
    }
    if (pad != 0) {
        put16(extra, kAlignmentExtraTag);
        put16(extra, pad - 4);
        put16(extra, kDataAlignment);
        extra.append(pad - 6, '\0');
    }

    std::string header;
    put32(header, kLocalSignature);
    put16(header, zip64 ? kVersionZip64 : kVersionStored);
    put16(header, isAscii(member.fileName) ? 0 : kFlagUtf8Name);
    put16(header, 0);  // method: stored
    put16(header, 0);  // time
    put16(header, kDosDate1980);
    put32(header, 0);  // CRC-32, patched by endArray()
    put32(header, zip64 ? kMax32 : member.size);
    put32(header, zip64 ? kMax32 : member.size);
    put16(header, member.fileName.size());
    put16(header, extra.size());
    header += member.fileName;
    header += extra;

    if (Status s = writeBytes(header.data(), header.size()); !s) {
        return fail(name, s.error());
    }
    if (Status s = writeBytes(npyHeader.data(), npyHeader.size()); !s) {
        return fail(name, s.error());
    }
    member.crc = crc32Update(0, npyHeader.data(), npyHeader.size());
    m_open.active = true;
    m_open.name = name;
    m_open.itemSize = itemSize;
    m_open.remaining = dataBytes;
    m_open.crcFieldOffset = member.localOffset + 14;
    m_open.member = std::move(member);
    return {};
}

Status NpzWriter::beginArray(const std::string& name, NpyElement element,
                             const std::vector<std::int64_t>& shape) {
    if (element == NpyElement::Unicode) {
        return invalid(name, "unicode arrays are written with addString()");
    }
    Result<std::string> npyHeader = npyHeaderBytes(element, shape);
    if (!npyHeader) {
        return invalid(name, npyHeader.error().message + " " + npyHeader.error().detail);
    }
    const std::size_t itemSize = elementSize(element);
    return beginMember(name, npyHeader.value(), elementCountOf(shape) * itemSize, itemSize);
}

Status NpzWriter::append(const void* data, std::size_t bytes) {
    if (Status s = checkUsable("append to"); !s) {
        return s;
    }
    if (!m_open.active) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not append to '" + m_path + "': no beginArray() is open.");
    }
    const std::string& name = m_open.name;
    if (bytes % m_open.itemSize != 0) {
        return invalid(name, "append() takes whole elements of " + std::to_string(m_open.itemSize) +
                                 " bytes, not " + std::to_string(bytes) + " bytes");
    }
    if (bytes > m_open.remaining) {
        return invalid(name, "append() of " + std::to_string(bytes) + " bytes where only " +
                                 std::to_string(m_open.remaining) +
                                 " remain of the size the shape declares");
    }
    if (bytes > 0 && data == nullptr) {
        return invalid(name, "no data given");
    }
    const auto* p = static_cast<const std::uint8_t*>(data);
    if constexpr (std::endian::native == std::endian::little) {
        if (Status s = writeBytes(p, bytes); !s) {
            return fail(name, s.error());
        }
        m_open.member.crc = crc32Update(m_open.member.crc, p, bytes);
    } else {
        // The file is little-endian by contract: swap through a small buffer.
        const std::size_t itemSize = m_open.itemSize;
        std::vector<std::uint8_t> chunk(itemSize * 4096);
        for (std::size_t done = 0; done < bytes;) {
            const std::size_t n = std::min(chunk.size(), bytes - done);
            for (std::size_t i = 0; i < n; i += itemSize) {
                for (std::size_t b = 0; b < itemSize; ++b) {
                    chunk[i + b] = p[done + i + itemSize - 1 - b];
                }
            }
            if (Status s = writeBytes(chunk.data(), n); !s) {
                return fail(name, s.error());
            }
            m_open.member.crc = crc32Update(m_open.member.crc, chunk.data(), n);
            done += n;
        }
    }
    m_open.remaining -= bytes;
    return {};
}

Status NpzWriter::endArray() {
    if (Status s = checkUsable("end an array in"); !s) {
        return s;
    }
    if (!m_open.active) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not end an array in '" + m_path + "': no beginArray() is open.");
    }
    const std::string name = m_open.name;
    if (m_open.remaining != 0) {
        return invalid(name, std::to_string(m_open.remaining) +
                                 " bytes of the size the shape declares are still missing");
    }
    // The sizes were known up front; only the CRC is patched into the local header.
    std::string crc;
    put32(crc, m_open.member.crc);
    std::FILE* file = m_file.file();
    if (::fseeko(file, static_cast<off_t>(m_open.crcFieldOffset), SEEK_SET) != 0) {
        return fail(name, makeError(ErrorCode::FileWrite, std::string(std::strerror(errno)) + ".",
                                    "fseeko to the CRC field"));
    }
    if (Status s = writeAll(file, crc.data(), crc.size()); !s) {
        return fail(name, s.error());
    }
    if (::fseeko(file, static_cast<off_t>(m_offset), SEEK_SET) != 0) {
        return fail(name, makeError(ErrorCode::FileWrite, std::string(std::strerror(errno)) + ".",
                                    "fseeko to the end"));
    }
    m_index.emplace(name, m_members.size());
    m_members.push_back(std::move(m_open.member));
    m_open = Open{};
    return {};
}

Status NpzWriter::addWhole(const std::string& name, NpyElement element,
                           const std::vector<std::int64_t>& shape, const void* data) {
    // Checked before anything is written, so that the refusal leaves the archive as it was.
    const bool empty =
        std::any_of(shape.begin(), shape.end(), [](std::int64_t d) { return d == 0; });
    if (data == nullptr && !empty) {
        return invalid(name, "no data given");
    }
    if (Status s = beginArray(name, element, shape); !s) {
        return s;
    }
    if (Status s = append(data, static_cast<std::size_t>(m_open.remaining)); !s) {
        return s;
    }
    return endArray();
}

Status NpzWriter::addArray(const std::string& name, DType dtype,
                           const std::vector<std::int64_t>& shape, const void* data) {
    return addWhole(name, dtype == DType::Float32 ? NpyElement::Float32 : NpyElement::Float64,
                    shape, data);
}

Status NpzWriter::addInt32Array(const std::string& name, const std::vector<std::int64_t>& shape,
                                const std::int32_t* data) {
    return addWhole(name, NpyElement::Int32, shape, data);
}

Status NpzWriter::addInt64Array(const std::string& name, const std::vector<std::int64_t>& shape,
                                const std::int64_t* data) {
    return addWhole(name, NpyElement::Int64, shape, data);
}

Status NpzWriter::addString(const std::string& name, const std::string& text) {
    if (Status s = checkUsable("add '" + name + "' to"); !s) {
        return s;
    }
    std::vector<char32_t> codePoints;
    if (!utf8::decodeAll(text, codePoints)) {
        return invalid(name, "the text is not valid UTF-8");
    }
    if (std::find(codePoints.begin(), codePoints.end(), U'\0') != codePoints.end()) {
        return invalid(name, "the text contains U+0000, which numpy does not keep at its end");
    }
    // numpy itself stores "" as '<U1' holding one U+0000 (a '<U0' scalar trips older readers).
    const std::size_t length = std::max<std::size_t>(codePoints.size(), 1);
    Result<std::string> npyHeader = npyHeaderBytes(NpyElement::Unicode, {}, length);
    if (!npyHeader) {
        return invalid(name, npyHeader.error().message);
    }
    std::string data;
    data.reserve(4 * length);
    for (std::uint32_t cp : codePoints) {
        put32(data, cp);
    }
    if (codePoints.empty()) {
        put32(data, 0);
    }
    if (Status s = beginMember(name, npyHeader.value(), data.size(), 4); !s) {
        return s;
    }
    // Already little-endian: written as bytes, not through append()'s byte swapping.
    if (Status s = writeBytes(data.data(), data.size()); !s) {
        return fail(name, s.error());
    }
    m_open.member.crc = crc32Update(m_open.member.crc, data.data(), data.size());
    m_open.remaining = 0;
    return endArray();
}

Status NpzWriter::finish() {
    if (Status s = checkUsable("finish"); !s) {
        return s;
    }
    if (m_open.active) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not finish '" + m_path + "': '" + m_open.name +
                             "' is still being written; call endArray() first.");
    }
    const std::uint64_t cdOffset = m_offset;
    const bool force = m_options.forceZip64;
    for (const Member& m : m_members) {
        const bool bigSize = force || m.size >= kMax32;
        const bool bigOffset = force || m.localOffset >= kMax32;
        std::string extra;
        if (bigSize || bigOffset) {
            // Only the fields whose 32-bit slot holds the marker, in this order.
            put16(extra, kZip64ExtraTag);
            put16(extra, (bigSize ? 16u : 0u) + (bigOffset ? 8u : 0u));
            if (bigSize) {
                put64(extra, m.size);
                put64(extra, m.size);
            }
            if (bigOffset) {
                put64(extra, m.localOffset);
            }
        }
        std::string entry;
        put32(entry, kCentralSignature);
        put16(entry, kMadeByUnix | kVersionZip64);
        put16(entry, extra.empty() ? kVersionStored : kVersionZip64);
        put16(entry, isAscii(m.fileName) ? 0 : kFlagUtf8Name);
        put16(entry, 0);  // stored
        put16(entry, 0);
        put16(entry, kDosDate1980);
        put32(entry, m.crc);
        put32(entry, bigSize ? kMax32 : m.size);
        put32(entry, bigSize ? kMax32 : m.size);
        put16(entry, m.fileName.size());
        put16(entry, extra.size());
        put16(entry, 0);  // comment length
        put16(entry, 0);  // disk number
        put16(entry, 0);  // internal attributes
        put32(entry, kExternalAttributes);
        put32(entry, bigOffset ? kMax32 : m.localOffset);
        entry += m.fileName;
        entry += extra;
        if (Status s = writeBytes(entry.data(), entry.size()); !s) {
            return fail("", s.error());
        }
    }
    const std::uint64_t cdSize = m_offset - cdOffset;
    const std::uint64_t count = m_members.size();
    const bool zip64End =
        count > 0 && (force || count >= kMax16 || cdSize >= kMax32 || cdOffset >= kMax32);
    std::string end;
    if (zip64End) {
        const std::uint64_t recordOffset = m_offset;
        put32(end, kZip64EndSignature);
        put64(end, kZip64EndBytes - 12);  // the size of the rest of the record
        put16(end, kMadeByUnix | kVersionZip64);
        put16(end, kVersionZip64);
        put32(end, 0);  // this disk
        put32(end, 0);  // the disk with the central directory
        put64(end, count);
        put64(end, count);
        put64(end, cdSize);
        put64(end, cdOffset);
        put32(end, kZip64LocatorSignature);
        put32(end, 0);  // the disk with the ZIP64 end record
        put64(end, recordOffset);
        put32(end, 1);  // disks in total
    }
    put32(end, kEndSignature);
    put16(end, 0);
    put16(end, 0);
    put16(end, zip64End ? kMax16 : count);
    put16(end, zip64End ? kMax16 : count);
    put32(end, zip64End ? kMax32 : cdSize);
    put32(end, zip64End ? kMax32 : cdOffset);
    put16(end, 0);  // comment length
    if (Status s = writeBytes(end.data(), end.size()); !s) {
        return fail("", s.error());
    }
    m_closed = true;
    if (Status s = m_file.commit(); !s) {
        m_failure = s.error();
        return s;
    }
    return {};
}

// ================================================================================================
// NpzReader

std::uint64_t NpzArray::elementCount() const {
    return elementCountOf(shape);
}

const std::string& NpzReader::path() const {
    static const std::string kEmpty;
    return m_file ? m_file->path() : kEmpty;
}

Error NpzReader::memberError(ErrorCode code, const std::string& name, const std::string& what,
                             std::string detail) const {
    return makeError(code, "Could not read '" + name + "' from '" + path() + "': " + what,
                     std::move(detail));
}

namespace {

// A FileFormat error for an archive that is not a valid .npz: `what` says what is wrong.
Error badArchive(const std::string& path, const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat,
                     "'" + path + "' is not a valid .npz archive: " + what +
                         ". The file is damaged or was not written by Headwave or numpy.",
                     std::move(detail));
}

// A FileFormat error for a damaged member: `what` says what is wrong with member `name`.
Error badMember(const std::string& path, const std::string& name, const std::string& what,
                std::string detail = {}) {
    return makeError(ErrorCode::FileFormat,
                     "'" + path + "' is not a valid .npz archive: member '" + name + "' " + what +
                         ". The file is damaged.",
                     std::move(detail));
}

// [offset, offset + n) lies inside [0, limit).
bool inside(std::uint64_t offset, std::uint64_t n, std::uint64_t limit) {
    return offset <= limit && n <= limit - offset;
}

// Where the central directory is and what it holds, as the end record (or its ZIP64 twin) says.
struct CentralDirectory {
    std::uint64_t diskNumber = 0;
    std::uint64_t cdDisk = 0;  // the disk the central directory starts on
    std::uint64_t entriesOnDisk = 0;
    std::uint64_t entries = 0;
    std::uint64_t size = 0;    // bytes
    std::uint64_t offset = 0;  // from the start of the file
    std::uint64_t limit = 0;   // the central directory ends before this
};

// The end of central directory record: the last "PK\5\6" whose comment fits in the file,
// within the last 64 KiB + 22 bytes (a comment is at most 65535 bytes). Its offset, or an error
// that recognises a lone .npy file.
Result<std::uint64_t> findEndRecord(const std::string& path, const std::uint8_t* data,
                                    std::uint64_t size) {
    if (size >= kEndBytes) {
        const std::uint64_t lowest = size - kEndBytes > kMax16 ? size - kEndBytes - kMax16 : 0;
        for (std::uint64_t pos = size - kEndBytes + 1; pos-- > lowest;) {
            if (le32(data + pos) == kEndSignature &&
                le16(data + pos + 20) <= size - pos - kEndBytes) {
                return pos;
            }
        }
    }
    if (size >= 6 && std::memcmp(data, "\x93NUMPY", 6) == 0) {
        return makeError(ErrorCode::FileFormat,
                         "'" + path + "' is a single .npy array, not an .npz archive.");
    }
    return makeError(ErrorCode::FileFormat,
                     "'" + path +
                         "' is not an .npz archive (a ZIP file): it has no end of central "
                         "directory record; it may be truncated.",
                     "file size " + std::to_string(size) + " bytes");
}

// The end record's 16- and 32-bit fields.
CentralDirectory readEndRecord(const std::uint8_t* data, std::uint64_t endPos) {
    const std::uint8_t* end = data + endPos;
    CentralDirectory d;
    d.diskNumber = le16(end + 4);
    d.cdDisk = le16(end + 6);
    d.entriesOnDisk = le16(end + 8);
    d.entries = le16(end + 10);
    d.size = le32(end + 12);
    d.offset = le32(end + 16);
    d.limit = endPos;
    return d;
}

// ZIP64: a locator right before the end record points at the ZIP64 end record, whose 64-bit
// fields replace the end record's. Nothing to do without a locator.
Status readZip64EndRecord(const std::string& path, const std::uint8_t* data, std::uint64_t endPos,
                          CentralDirectory& d) {
    if (endPos < kZip64LocatorBytes ||
        le32(data + endPos - kZip64LocatorBytes) != kZip64LocatorSignature) {
        return {};
    }
    const std::uint8_t* locator = data + endPos - kZip64LocatorBytes;
    const std::uint64_t recordOffset = le64(locator + 8);
    if (le32(locator + 4) != 0 || le32(locator + 16) > 1) {
        return makeError(ErrorCode::Unsupported,
                         "'" + path +
                             "' is split over several disks, which Headwave does not read; "
                             "join the parts into one file.");
    }
    const std::uint64_t locatorPos = endPos - kZip64LocatorBytes;
    if (!inside(recordOffset, kZip64EndBytes, locatorPos)) {
        return badArchive(path, "the ZIP64 end record lies outside the file",
                          "offset " + std::to_string(recordOffset));
    }
    const std::uint8_t* record = data + recordOffset;
    if (le32(record) != kZip64EndSignature) {
        return badArchive(path, "the ZIP64 end record is missing",
                          "offset " + std::to_string(recordOffset));
    }
    const std::uint64_t recordSize = le64(record + 4);
    if (recordSize < kZip64EndBytes - 12 || !inside(recordOffset + 12, recordSize, locatorPos)) {
        return badArchive(path, "the ZIP64 end record has an invalid size",
                          "size " + std::to_string(recordSize));
    }
    d.diskNumber = le32(record + 16);
    d.cdDisk = le32(record + 20);
    d.entriesOnDisk = le64(record + 24);
    d.entries = le64(record + 32);
    d.size = le64(record + 40);
    d.offset = le64(record + 48);
    d.limit = recordOffset;
    return {};
}

// One disk only, the directory inside the file, and no more members than the directory can hold
// (a corrupt count would reserve gigabytes).
Status checkCentralDirectory(const std::string& path, const CentralDirectory& d) {
    if (d.diskNumber != 0 || d.cdDisk != 0 || d.entriesOnDisk != d.entries) {
        return makeError(ErrorCode::Unsupported,
                         "'" + path +
                             "' is split over several disks, which Headwave does not read; join "
                             "the parts into one file.",
                         "disk " + std::to_string(d.diskNumber) + ", directory disk " +
                             std::to_string(d.cdDisk));
    }
    if (!inside(d.offset, d.size, d.limit)) {
        return badArchive(path, "the central directory lies outside the file",
                          "offset " + std::to_string(d.offset) + ", size " +
                              std::to_string(d.size) + ", limit " + std::to_string(d.limit));
    }
    if (d.entries > d.size / kCentralHeaderBytes || d.entries > kMaxMembers) {
        return badArchive(
            path, "it declares an absurd number of members (" + std::to_string(d.entries) + ")",
            "central directory of " + std::to_string(d.size) + " bytes");
    }
    return {};
}

// The central directory of the archive, checked against the file's size.
Result<CentralDirectory> locateCentralDirectory(const std::string& path, const std::uint8_t* data,
                                                std::uint64_t size) {
    Result<std::uint64_t> endPos = findEndRecord(path, data, size);
    if (!endPos) {
        return endPos.error();
    }
    CentralDirectory d = readEndRecord(data, endPos.value());
    if (Status s = readZip64EndRecord(path, data, endPos.value(), d); !s) {
        return s.error();
    }
    if (Status s = checkCentralDirectory(path, d); !s) {
        return s.error();
    }
    return d;
}

// One entry of the central directory and where its member's data lies.
struct CentralEntry {
    std::string fileName;  // as stored, with ".npy"
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t plainSize = 0;
    bool deflated = false;  // ZIP method 8; else stored
    std::uint64_t localOffset = 0;
    std::uint64_t dataOffset = 0;         // set by checkLocalHeader()
    const std::uint8_t* extra = nullptr;  // the extra field, inside the mapping
    std::uint64_t extraLength = 0;        // bytes
    std::uint64_t recordBytes = 0;        // the entry's bytes in the central directory
};

// The fixed fields and the name of entry `index` at `pos`; an encrypted or compressed member is
// refused here, with a message that says how to save it again.
Result<CentralEntry> readCentralHeader(const std::string& path, const std::uint8_t* data,
                                       std::uint64_t pos, std::uint64_t cdEnd,
                                       std::uint64_t index) {
    if (!inside(pos, kCentralHeaderBytes, cdEnd) || le32(data + pos) != kCentralSignature) {
        return badArchive(path, "central directory entry " + std::to_string(index) + " is corrupt",
                          "offset " + std::to_string(pos));
    }
    const std::uint8_t* h = data + pos;
    const std::uint16_t flags = le16(h + 8);
    const std::uint16_t method = le16(h + 10);
    CentralEntry e;
    e.crc = le32(h + 16);
    e.compressedSize = le32(h + 20);
    e.plainSize = le32(h + 24);
    const std::uint64_t nameLength = le16(h + 28);
    e.extraLength = le16(h + 30);
    const std::uint64_t commentLength = le16(h + 32);
    e.localOffset = le32(h + 42);
    const std::uint64_t variable = nameLength + e.extraLength + commentLength;
    if (!inside(pos + kCentralHeaderBytes, variable, cdEnd)) {
        return badArchive(path,
                          "central directory entry " + std::to_string(index) + " is truncated",
                          "offset " + std::to_string(pos));
    }
    e.fileName.assign(reinterpret_cast<const char*>(h + kCentralHeaderBytes),
                      static_cast<std::size_t>(nameLength));
    e.extra = h + kCentralHeaderBytes + nameLength;
    e.recordBytes = kCentralHeaderBytes + variable;
    if ((flags & (kFlagEncrypted | kFlagStrongEncryption)) != 0) {
        return makeError(ErrorCode::Unsupported,
                         "Could not open '" + path + "': its member '" + e.fileName +
                             "' is encrypted, which Headwave does not read; save the arrays "
                             "again with np.savez.");
    }
    if (method != 0 && method != 8) {
        return makeError(ErrorCode::Unsupported,
                         "Could not open '" + path + "': its member '" + e.fileName +
                             "' is compressed with ZIP method " + std::to_string(method) +
                             "; Headwave reads stored members and deflate-compressed ones (as "
                             "np.savez and np.savez_compressed write them): save the arrays "
                             "again with numpy.",
                         "method " + std::to_string(method));
    }
    e.deflated = method == 8;
    return e;
}

// ZIP64 extra field: 64-bit values for exactly the fields holding the marker.
Status readZip64Extra(const std::string& path, CentralEntry& e) {
    const std::uint8_t* extra = e.extra;
    std::uint64_t rest = e.extraLength;
    while (rest >= 4) {
        const std::uint16_t tag = le16(extra);
        const std::uint64_t length = le16(extra + 2);
        if (length > rest - 4) {
            return badMember(path, e.fileName, "has a corrupt extra field",
                             "tag " + std::to_string(tag));
        }
        if (tag == kZip64ExtraTag) {
            const std::uint8_t* field = extra + 4;
            std::uint64_t left = length;
            for (std::uint64_t* value : {&e.plainSize, &e.compressedSize, &e.localOffset}) {
                if (*value != kMax32) {
                    continue;
                }
                if (left < 8) {
                    return badMember(path, e.fileName, "has a truncated ZIP64 field");
                }
                *value = le64(field);
                field += 8;
                left -= 8;
            }
        }
        extra += 4 + length;
        rest -= 4 + length;
    }
    return {};
}

// The local header: same name, stored, and the data inside the area before the central
// directory. Sets where the data starts.
Status checkLocalHeader(const std::string& path, const std::uint8_t* data, std::uint64_t cdOffset,
                        CentralEntry& e) {
    if (!inside(e.localOffset, kLocalHeaderBytes, cdOffset) ||
        le32(data + e.localOffset) != kLocalSignature) {
        return badMember(path, e.fileName, "has no valid local header",
                         "offset " + std::to_string(e.localOffset));
    }
    const std::uint8_t* local = data + e.localOffset;
    const std::uint64_t localNameLength = le16(local + 26);
    const std::uint64_t localExtraLength = le16(local + 28);
    if ((le16(local + 6) & (kFlagEncrypted | kFlagStrongEncryption)) != 0 ||
        le16(local + 8) != (e.deflated ? 8 : 0)) {
        return badMember(path, e.fileName, "has a local header that disagrees with the directory");
    }
    if (!inside(e.localOffset + kLocalHeaderBytes, localNameLength + localExtraLength, cdOffset) ||
        localNameLength != e.fileName.size() ||
        std::memcmp(local + kLocalHeaderBytes, e.fileName.data(), e.fileName.size()) != 0) {
        return badMember(path, e.fileName, "has a local header with a different name");
    }
    e.dataOffset = e.localOffset + kLocalHeaderBytes + localNameLength + localExtraLength;
    if (!inside(e.dataOffset, e.compressedSize, cdOffset)) {
        return badMember(path, e.fileName, "extends past the end of the data",
                         "data at " + std::to_string(e.dataOffset) + ", " +
                             std::to_string(e.compressedSize) + " bytes");
    }
    return {};
}

// Entry `index` of the central directory at `pos`, read and checked against its local header.
Result<CentralEntry> readCentralEntry(const std::string& path, const std::uint8_t* data,
                                      std::uint64_t pos, std::uint64_t cdEnd,
                                      std::uint64_t cdOffset, std::uint64_t index) {
    Result<CentralEntry> entry = readCentralHeader(path, data, pos, cdEnd, index);
    if (!entry) {
        return entry;
    }
    CentralEntry& e = entry.value();
    if (Status s = readZip64Extra(path, e); !s) {
        return s.error();
    }
    if (!e.deflated && e.compressedSize != e.plainSize) {
        return badMember(path, e.fileName, "is stored with two different sizes",
                         std::to_string(e.compressedSize) + " vs " + std::to_string(e.plainSize));
    }
    if (Status s = checkLocalHeader(path, data, cdOffset, e); !s) {
        return s.error();
    }
    return entry;
}

}  // namespace

Result<NpzReader> NpzReader::open(const std::string& path, Options options) {
    Result<std::shared_ptr<const MappedFile>> mapped = MappedFile::open(path);
    if (!mapped) {
        return mapped.error();
    }
    const std::shared_ptr<const MappedFile>& file = mapped.value();
    Result<CentralDirectory> directory = locateCentralDirectory(path, file->data(), file->size());
    if (!directory) {
        return directory.error();
    }
    NpzReader reader;
    reader.m_file = file;
    reader.m_options = options;
    if (reader.m_options.maxInflatedBytes == 0) {
        const long pages = sysconf(_SC_PHYS_PAGES);
        const long pageSize = sysconf(_SC_PAGE_SIZE);
        reader.m_options.maxInflatedBytes =
            pages > 0 && pageSize > 0
                ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize) / 2
                : std::uint64_t{1} << 32;
    }
    if (Status s = reader.readMembers(path, directory->offset, directory->size, directory->entries);
        !s) {
        return s.error();
    }
    if (Status s = reader.checkNoOverlap(path); !s) {
        return s.error();
    }
    return reader;
}

Status NpzReader::readMembers(const std::string& archivePath, std::uint64_t cdOffset,
                              std::uint64_t cdSize, std::uint64_t entries) {
    m_members.reserve(static_cast<std::size_t>(entries));
    m_names.reserve(static_cast<std::size_t>(entries));
    const std::uint8_t* data = m_file->data();
    std::uint64_t pos = cdOffset;
    const std::uint64_t cdEnd = cdOffset + cdSize;
    for (std::uint64_t i = 0; i < entries; ++i) {
        Result<CentralEntry> entry = readCentralEntry(archivePath, data, pos, cdEnd, cdOffset, i);
        if (!entry) {
            return entry.error();
        }
        const std::string& fileName = entry->fileName;
        Member member;
        member.localOffset = entry->localOffset;
        member.dataOffset = entry->dataOffset;
        member.size = entry->plainSize;
        member.storedSize = entry->compressedSize;
        member.deflated = entry->deflated;
        member.crc = entry->crc;
        member.npy = fileName.size() > kNpySuffix.size() &&
                     fileName.compare(fileName.size() - kNpySuffix.size(), kNpySuffix.size(),
                                      kNpySuffix) == 0;
        member.name =
            member.npy ? fileName.substr(0, fileName.size() - kNpySuffix.size()) : fileName;
        if (!m_index.emplace(member.name, m_members.size()).second) {
            return badArchive(archivePath, "the member '" + member.name + "' appears twice");
        }
        m_names.push_back(member.name);
        m_members.push_back(std::move(member));
        pos += entry->recordBytes;
    }
    if (pos != cdEnd) {
        return badArchive(archivePath, "the central directory has " + std::to_string(cdEnd - pos) +
                                           " bytes more than its entries");
    }
    return {};
}

Status NpzReader::checkNoOverlap(const std::string& archivePath) const {
    std::vector<std::size_t> order(m_members.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_members[a].localOffset < m_members[b].localOffset;
    });
    for (std::size_t k = 1; k < order.size(); ++k) {
        const Member& previous = m_members[order[k - 1]];
        const Member& next = m_members[order[k]];
        if (previous.dataOffset + previous.storedSize > next.localOffset) {
            return badArchive(
                archivePath, "the members '" + previous.name + "' and '" + next.name + "' overlap");
        }
    }
    return {};
}

const NpzReader::Member* NpzReader::find(const std::string& name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_members[it->second];
}

bool NpzReader::compressed(const std::string& name) const {
    const Member* member = find(name);
    return member != nullptr && member->deflated;
}

Result<std::shared_ptr<const std::vector<std::uint64_t>>> NpzReader::inflate(
    const Member& member, std::uint64_t bytes) const {
    const std::uint64_t want = std::min(bytes, member.size);
    if (member.size > m_options.maxInflatedBytes) {
        return memberError(ErrorCode::Unsupported, member.name,
                           "it is compressed and would inflate to " + std::to_string(member.size) +
                               " bytes, more than the limit of " +
                               std::to_string(m_options.maxInflatedBytes) +
                               " bytes (half of this machine's memory). Save it with np.savez "
                               "(uncompressed), which Headwave reads without loading it whole.",
                           std::to_string(member.storedSize) + " compressed bytes");
    }
    if (Status s = m_file->checkUnchanged(); !s) {
        return s.error();
    }
    std::shared_ptr<std::vector<std::uint64_t>> buffer;
    try {
        // One spare word: the stream must end exactly at the declared size, which zlib can only
        // show by having room for more.
        buffer =
            std::make_shared<std::vector<std::uint64_t>>(static_cast<std::size_t>(want / 8 + 2));
    } catch (const std::bad_alloc&) {
        return memberError(ErrorCode::OutOfMemory, member.name,
                           "out of memory to inflate " + std::to_string(want) + " bytes.");
    }
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        return memberError(ErrorCode::OutOfMemory, member.name,
                           "zlib could not start inflating (out of memory).");
    }
    auto* out = reinterpret_cast<unsigned char*>(buffer->data());
    const std::uint64_t room = want == member.size ? want + 1 : want;
    const unsigned char* in = m_file->data() + member.dataOffset;
    std::uint64_t inLeft = member.storedSize;
    std::uint64_t produced = 0;
    int rc = Z_OK;
    constexpr std::uint64_t kChunk = std::uint64_t{1} << 30;  // zlib counts in 32-bit units
    while (produced < room) {
        if (z.avail_in == 0 && inLeft > 0) {
            const std::uint64_t n = std::min(inLeft, kChunk);
            z.next_in = const_cast<unsigned char*>(in);
            z.avail_in = static_cast<uInt>(n);
            in += n;
            inLeft -= n;
        }
        const std::uint64_t space = std::min(room - produced, kChunk);
        z.next_out = out + produced;
        z.avail_out = static_cast<uInt>(space);
        rc = ::inflate(&z, Z_NO_FLUSH);
        produced += space - z.avail_out;
        if (rc == Z_STREAM_END) {
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && inLeft == 0) {
            break;  // the input ended before the stream did
        }
    }
    const std::string zmessage = z.msg != nullptr ? z.msg : "";
    inflateEnd(&z);
    if (Status s = m_file->checkUnchanged(); !s) {
        return s.error();  // truncated while inflated: zeros were read
    }
    if (want < member.size) {
        if (produced < want) {
            return memberError(ErrorCode::FileFormat, member.name,
                               "the compressed data is corrupt or cut off (it inflates to " +
                                   std::to_string(produced) + " bytes only).",
                               zmessage);
        }
        return std::shared_ptr<const std::vector<std::uint64_t>>(std::move(buffer));
    }
    if (produced > member.size) {
        return memberError(ErrorCode::FileFormat, member.name,
                           "the compressed data inflates to more than its declared " +
                               std::to_string(member.size) +
                               " bytes (a damaged archive, or a \"zip bomb\").");
    }
    if (rc != Z_STREAM_END || produced != member.size) {
        return memberError(ErrorCode::FileFormat, member.name,
                           "the compressed data is corrupt or cut off (" +
                               std::to_string(produced) + " of " + std::to_string(member.size) +
                               " bytes inflated).",
                           zmessage.empty() ? "zlib code " + std::to_string(rc) : zmessage);
    }
    const std::uint32_t crc = crc32Update(0, out, static_cast<std::size_t>(member.size));
    if (crc != member.crc) {
        return memberError(
            ErrorCode::FileFormat, member.name, "the data is corrupt (its CRC-32 does not match).",
            "CRC-32 " + std::to_string(crc) + ", expected " + std::to_string(member.crc));
    }
    return std::shared_ptr<const std::vector<std::uint64_t>>(std::move(buffer));
}

Result<NpyHeader> NpzReader::header(const std::string& name) const {
    const Member* member = find(name);
    if (member == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not read '" + name + "' from '" + path() +
                             "': the archive has no member of that name.");
    }
    if (!member->npy) {
        return memberError(ErrorCode::Unsupported, name,
                           "it is not an .npy array (its name does not end in .npy).");
    }
    Result<NpyHeader> header = [&]() -> Result<NpyHeader> {
        if (!member->deflated) {
            if (Status s = m_file->checkUnchanged(); !s) {
                return s.error();
            }
            return parseNpyHeader(m_file->data() + member->dataOffset,
                                  static_cast<std::size_t>(member->size), NpyAccept::AllElements);
        }
        // The header's length is in its first 12 bytes; numpy's headers are a few hundred bytes.
        constexpr std::uint64_t kMostHeader = std::uint64_t{1} << 20;
        Result<std::shared_ptr<const std::vector<std::uint64_t>>> start = inflate(*member, 12);
        if (!start) {
            return start.error();
        }
        const auto* b = reinterpret_cast<const std::uint8_t*>(start.value()->data());
        std::uint64_t headerEnd = 12;
        if (member->size >= 12) {
            headerEnd = b[6] == 1
                            ? 10 + (std::uint64_t{b[8]} | (std::uint64_t{b[9]} << 8))
                            : 12 + (std::uint64_t{b[8]} | (std::uint64_t{b[9]} << 8) |
                                    (std::uint64_t{b[10]} << 16) | (std::uint64_t{b[11]} << 24));
        }
        headerEnd = std::min({headerEnd, member->size, kMostHeader});
        Result<std::shared_ptr<const std::vector<std::uint64_t>>> whole =
            inflate(*member, headerEnd);
        if (!whole) {
            return whole.error();
        }
        // parseNpyHeader reads only the header's bytes (checked against the member's size,
        // which it needs to check the data's); those are the `headerEnd` bytes inflated.
        return parseNpyHeader(reinterpret_cast<const std::uint8_t*>(whole.value()->data()),
                              static_cast<std::size_t>(member->size), NpyAccept::AllElements);
    }();
    if (!header) {
        return memberError(header.error().code, name, header.error().message,
                           header.error().detail);
    }
    return header;
}

Result<NpzArray> NpzReader::array(const std::string& name, CrcCheck check) const {
    const Member* found = find(name);
    if (found == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not read '" + name + "' from '" + path() +
                             "': the archive has no member of that name.");
    }
    const Member& member = *found;
    if (!member.npy) {
        return memberError(ErrorCode::Unsupported, name,
                           "it is not an .npy array (its name does not end in .npy).");
    }
    if (Status s = m_file->checkUnchanged(); !s) {
        return s.error();
    }
    const std::uint8_t* bytes = m_file->data() + member.dataOffset;
    const auto size = static_cast<std::size_t>(member.size);
    std::shared_ptr<const void> owner = m_file;
    if (member.deflated) {
        Result<std::shared_ptr<const std::vector<std::uint64_t>>> plain =
            inflate(member, member.size);
        if (!plain) {
            return plain.error();
        }
        bytes = reinterpret_cast<const std::uint8_t*>(plain.value()->data());
        owner = std::move(plain).value();
    } else if (check == CrcCheck::Verify) {
        const std::uint32_t crc = crc32Update(0, bytes, size);
        if (Status s = m_file->checkUnchanged(); !s) {
            return s.error();  // truncated while the CRC was computed: not "corrupt"
        }
        if (crc != member.crc) {
            return memberError(
                ErrorCode::FileFormat, name, "the data is corrupt (its CRC-32 does not match).",
                "CRC-32 " + std::to_string(crc) + ", expected " + std::to_string(member.crc));
        }
    }
    Result<NpyHeader> header = parseNpyHeader(bytes, size, NpyAccept::AllElements);
    if (!header) {
        return memberError(header.error().code, name, header.error().message,
                           header.error().detail);
    }
    NpzArray out;
    out.name = name;
    out.element = header->element;
    out.itemSize = header->itemSize;
    out.bigEndian = header->bigEndian;
    out.shape = header->shape;
    out.data = bytes + header->dataOffset;
    out.dataBytes = header->dataBytes;
    out.owner = std::move(owner);
    return out;
}

Status NpzReader::checkUnchanged() const {
    return m_file ? m_file->checkUnchanged() : Status{};
}

Result<std::vector<double>> NpzReader::readDoubles(const std::string& name) const {
    Result<NpzArray> a = array(name);
    if (!a) {
        return a.error();
    }
    if (a->element != NpyElement::Float32 && a->element != NpyElement::Float64) {
        return memberError(ErrorCode::Unsupported, name,
                           std::string("it holds ") + elementName(a->element) +
                               " values, not floating-point numbers.");
    }
    const std::size_t n = a->dataBytes / a->itemSize;
    const bool swap = needsSwap(a->bigEndian);
    try {
        std::vector<double> out(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t* p = a->data + i * a->itemSize;
            out[i] =
                a->element == NpyElement::Float32
                    ? static_cast<double>(std::bit_cast<float>(loadSwapped<std::uint32_t>(p, swap)))
                    : std::bit_cast<double>(loadSwapped<std::uint64_t>(p, swap));
        }
        return out;
    } catch (const std::bad_alloc&) {
        return memberError(ErrorCode::OutOfMemory, name,
                           "out of memory for " + std::to_string(n) + " values.");
    }
}

Result<std::vector<std::int64_t>> NpzReader::readInts(const std::string& name) const {
    Result<NpzArray> a = array(name);
    if (!a) {
        return a.error();
    }
    if (a->element != NpyElement::Int32 && a->element != NpyElement::Int64) {
        return memberError(
            ErrorCode::Unsupported, name,
            std::string("it holds ") + elementName(a->element) + " values, not integers.");
    }
    const std::size_t n = a->dataBytes / a->itemSize;
    const bool swap = needsSwap(a->bigEndian);
    try {
        std::vector<std::int64_t> out(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t* p = a->data + i * a->itemSize;
            out[i] =
                a->element == NpyElement::Int32
                    ? std::int64_t{std::bit_cast<std::int32_t>(loadSwapped<std::uint32_t>(p, swap))}
                    : std::bit_cast<std::int64_t>(loadSwapped<std::uint64_t>(p, swap));
        }
        return out;
    } catch (const std::bad_alloc&) {
        return memberError(ErrorCode::OutOfMemory, name,
                           "out of memory for " + std::to_string(n) + " values.");
    }
}

Result<std::string> NpzReader::readString(const std::string& name) const {
    Result<NpzArray> a = array(name);
    if (!a) {
        return a.error();
    }
    if (a->element != NpyElement::Unicode) {
        return memberError(
            ErrorCode::Unsupported, name,
            std::string("it holds ") + elementName(a->element) + " values, not text.");
    }
    if (a->elementCount() != 1) {
        return memberError(ErrorCode::Unsupported, name,
                           "it holds " + std::to_string(a->elementCount()) +
                               " strings; Headwave reads a single one.");
    }
    const bool swap = needsSwap(a->bigEndian);
    std::size_t units = a->itemSize / 4;
    // numpy pads with U+0000 and strips it when reading.
    while (units > 0 && loadSwapped<std::uint32_t>(a->data + 4 * (units - 1), swap) == 0) {
        --units;
    }
    try {
        std::string out;
        out.reserve(units);
        for (std::size_t i = 0; i < units; ++i) {
            const std::uint32_t cp = loadSwapped<std::uint32_t>(a->data + 4 * i, swap);
            if (!utf8::isScalarValue(cp)) {
                return memberError(ErrorCode::FileFormat, name,
                                   "the text holds an invalid code point.",
                                   "code point " + std::to_string(cp) + " at " + std::to_string(i));
            }
            utf8::appendUtf8(out, static_cast<char32_t>(cp));
        }
        return out;
    } catch (const std::bad_alloc&) {
        return memberError(ErrorCode::OutOfMemory, name, "out of memory for the text.");
    }
}

}  // namespace headwave
