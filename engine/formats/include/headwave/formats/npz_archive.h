// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy .npz archives (a ZIP of .npy members), the container of Headwave's results files: written
// atomically and uncompressed, read zero-copy from a memory mapping. Python reads them with numpy
// alone: np.load("run.hwrun", allow_pickle=False)["attn"].
//
//   Result<NpzWriter> w = NpzWriter::create("run.hwrun");
//   if (!w) { return w.error(); }
//   Status s = w->addString("meta", json);                        // str(np.load(f)["meta"])
//   if (s) { s = w->addArray("entropy", DType::Float64, {layers, heads}, values.data()); }
//   if (s) { s = w->beginArray("attn", NpyElement::Float32, {layers, heads, T, T}); }
//   for (...) { if (s) { s = w->append(headData, headBytes); } }  // piece by piece
//   if (s) { s = w->endArray(); }
//   if (s) { s = w->finish(); }  // nothing appears at the path unless finish() succeeds
//
//   Result<NpzReader> r = NpzReader::open("run.hwrun");
//   Result<std::vector<double>> entropy = r->readDoubles("entropy");
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/npy_reader.h"

namespace headwave {

struct NpzWriterOptions {
    // Writes ZIP64 extra fields and end records even when nothing needs them, so that the ZIP64
    // code paths (ours and numpy's) can be tested on small files. An archive without members gets
    // no ZIP64 end record regardless: numpy recognises an .npz by its first bytes, which for an
    // empty archive are those of the classic end record.
    bool forceZip64 = false;
};

// Writes an .npz archive member by member into a temporary file that finish() renames into place
// (see AtomicFile): an existing file at the path is replaced only by a complete archive.
//
// Layout (what numpy's zipfile reader and `unzip` expect): members "NAME.npy" stored uncompressed
// (ZIP method 0) with CRC-32, each an .npy v1.0 array whose data starts at a multiple of 64 bytes
// in the archive (local headers are padded with an extra field, as Android's zipalign does), so
// that NpzReader's pointers into a mapping are aligned for every element type; then the central
// directory, and ZIP64 records when a size, offset or count needs them. Timestamps are fixed
// (1980-01-01), so equal inputs give byte-identical files.
//
// Errors: InvalidArgument for a bad call (a name that is empty, a duplicate, not UTF-8 or holding
// '/', '\\' or control characters; a negative or absurd shape; append past the declared size; a
// missing endArray), which leaves the writer usable. Any FileWrite (disk full, ...) is final: the
// temporary file is removed at once and every later call, finish() included, returns that error.
// Messages name the path and the member.
class NpzWriter {
public:
    using Options = NpzWriterOptions;

    // Creates the temporary file next to path; FileWrite (or InvalidArgument) as AtomicFile.
    static Result<NpzWriter> create(const std::string& path, Options options = {});

    NpzWriter(NpzWriter&&) = default;
    NpzWriter& operator=(NpzWriter&&) = default;
    // Without a successful finish() the temporary file is removed and path is untouched.
    ~NpzWriter() = default;

    // product(shape) values of dtype (native byte order, C order); an empty shape is a 0-d array
    // of one value. data may be nullptr only when the array is empty.
    Status addArray(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape,
                    const void* data);
    // The same for indices: descr '<i4' / '<i8'.
    Status addInt32Array(const std::string& name, const std::vector<std::int64_t>& shape,
                         const std::int32_t* data);
    Status addInt64Array(const std::string& name, const std::vector<std::int64_t>& shape,
                         const std::int64_t* data);
    // Text as a 0-d numpy unicode array (descr '<U{n}', n code points, UTF-32LE), so that
    // str(np.load(f)["name"]) gives it back. InvalidArgument when utf8 is not valid UTF-8 (overlong
    // forms, surrogates and code points above U+10FFFF are invalid) or contains U+0000 (numpy
    // strips trailing NULs, so such text would not come back unchanged).
    Status addString(const std::string& name, const std::string& utf8);

    // Streaming: beginArray declares the member (element Float32, Float64, Int32 or Int64; the
    // total size follows from the shape), append() adds whole elements in native byte order, C
    // order, and endArray() checks that exactly product(shape) elements came and completes the
    // member. No other member may be added in between.
    Status beginArray(const std::string& name, NpyElement element,
                      const std::vector<std::int64_t>& shape);
    Status append(const void* data, std::size_t bytes);
    Status endArray();

    // Writes the central directory and renames the file into place. The writer is closed
    // afterwards, whatever the outcome.
    Status finish();

    const std::string& path() const { return m_path; }

private:
    struct Member {
        std::string fileName;  // "NAME.npy", UTF-8
        std::uint64_t localOffset = 0;
        std::uint64_t size = 0;  // stored = plain bytes (.npy header + data)
        std::uint32_t crc = 0;
    };
    // The member between beginArray and endArray.
    struct Open {
        bool active = false;
        std::string name;
        Member member;  // crc so far
        std::size_t itemSize = 0;
        std::uint64_t remaining = 0;       // data bytes still expected
        std::uint64_t crcFieldOffset = 0;  // where endArray() patches the local header's CRC
    };

    NpzWriter(std::string path, AtomicFile file, Options options);

    Status beginMember(const std::string& name, const std::string& npyHeader,
                       std::uint64_t dataBytes, std::size_t itemSize);
    Status addWhole(const std::string& name, NpyElement element,
                    const std::vector<std::int64_t>& shape, const void* data);
    Status writeBytes(const void* data, std::size_t n);
    Status checkUsable(const std::string& action) const;
    Status fail(const std::string& member, const Error& error);
    Error invalid(const std::string& member, const std::string& what) const;

    std::string m_path;
    AtomicFile m_file;
    Options m_options;
    std::vector<Member> m_members;               // archive order
    std::map<std::string, std::size_t> m_index;  // name -> position in m_members
    Open m_open;
    std::uint64_t m_offset = 0;      // bytes written so far: the end of the file
    bool m_closed = false;           // finish() ran, or a write failed
    std::optional<Error> m_failure;  // the write error that closed the writer
};

// One member's array: a view into the reader's mapping, valid as long as owner lives.
struct NpzArray {
    std::string name;
    NpyElement element = NpyElement::Float32;
    std::size_t itemSize = 0;         // bytes per element; 4 * n for '<U{n}'
    bool bigEndian = false;           // values must be byte-swapped on this machine
    std::vector<std::int64_t> shape;  // C order; empty for a 0-d (scalar) array
    // dataBytes bytes of values in the file's byte order, C order. In archives written by
    // NpzWriter the pointer is 64-byte aligned; in others (numpy's) it may not even be aligned
    // to the element size: copy with memcpy, or use the read* functions of NpzReader.
    const std::uint8_t* data = nullptr;
    std::size_t dataBytes = 0;
    // The mapping (a stored member) or the inflated buffer (a compressed one).
    std::shared_ptr<const void> owner;

    std::uint64_t elementCount() const;
};

struct NpzReaderOptions {
    // Compressed members are inflated whole into memory when read; a member whose declared size
    // exceeds this many bytes is refused before anything is allocated (a "zip bomb" cannot make
    // the reader allocate more), and a deflate stream that inflates to more than its declared
    // size is refused as soon as it does. 0 = half of the machine's physical memory.
    std::uint64_t maxInflatedBytes = 0;
};

// Reads an .npz archive through a memory mapping. open() checks the whole structure: the end
// record (and ZIP64 locator and record), every central directory entry and every local header,
// with each offset and size bounds-checked, members inside the file and not overlapping. The
// member's .npy header is parsed, and its CRC-32 verified, when it is read.
//
// Members are stored (ZIP method 0: np.savez, Headwave's results files), read in place from the
// mapping, or deflate-compressed (method 8: np.savez_compressed), inflated with zlib into a
// buffer of their declared size when read; the CRC-32 of a compressed member is always verified
// (it costs nothing beside the inflation).
//
// Errors name the file and, where one is concerned, the member:
//   FileNotFound / FileRead  as MappedFile::open;
//   FileFormat   not a ZIP file, a truncated or corrupt structure, duplicate or absurd counts of
//                members, a CRC mismatch, an invalid .npy member;
//   Unsupported  members compressed by a method other than deflate, encrypted members, a
//                compressed member larger than options.maxInflatedBytes, archives split over
//                several disks, a dtype other than f4, f8, i4, i8 or U, a member that is not an
//                .npy array.
// A const reader may be used from several threads.
class NpzReader {
public:
    enum class CrcCheck { Verify, Skip };

    using Options = NpzReaderOptions;

    static Result<NpzReader> open(const std::string& path, Options options = {});

    const std::string& path() const;
    // Member names in archive order, without the ".npy" suffix (as numpy's NpzFile.files).
    const std::vector<std::string>& names() const { return m_names; }
    bool has(const std::string& name) const { return m_index.count(name) != 0; }

    // The member's .npy header and a view of its data. Verifying the CRC reads the whole member;
    // CrcCheck::Skip is for callers that touch only part of a large array.
    Result<NpzArray> array(const std::string& name, CrcCheck check = CrcCheck::Verify) const;
    // The member's .npy header alone (its element type and shape; dataOffset and dataBytes as in
    // the member), without reading or inflating its data: cheap for any member.
    Result<NpyHeader> header(const std::string& name) const;
    // Whether the member is deflate-compressed (reading it inflates it whole).
    bool compressed(const std::string& name) const;

    // Values converted to double (from f4 or f8 in either byte order), C order. Unsupported for
    // other element types.
    Result<std::vector<double>> readDoubles(const std::string& name) const;
    // Values from i4 or i8 in either byte order, C order. Unsupported for other element types.
    Result<std::vector<std::int64_t>> readInts(const std::string& name) const;
    // The text of a unicode array of one element (shape () or (1,)), UTF-32 to UTF-8, without
    // the trailing U+0000 padding (as numpy). FileFormat for a code point that is not a Unicode
    // scalar value; Unsupported for other element types or sizes.
    Result<std::string> readString(const std::string& name) const;

    // FileRead when the archive was truncated on disk since it was opened (see MappedFile): what
    // was read from it may hold zeros instead of its bytes.
    Status checkUnchanged() const;

private:
    struct Member {
        std::string name;  // without ".npy"
        bool npy = false;  // the file name ended in ".npy"
        std::uint64_t localOffset = 0;
        std::uint64_t dataOffset = 0;
        std::uint64_t size = 0;        // plain (inflated) bytes
        std::uint64_t storedSize = 0;  // bytes in the archive: size, or the compressed size
        bool deflated = false;         // ZIP method 8
        std::uint32_t crc = 0;
    };

    NpzReader() = default;
    const Member* find(const std::string& name) const;
    // The first `bytes` plain bytes (all of them when bytes >= size) of a deflated member, in a
    // buffer aligned for any element type. A stream that ends early, is corrupt or gives more
    // than the declared size is a FileFormat error.
    Result<std::shared_ptr<const std::vector<std::uint64_t>>> inflate(const Member& member,
                                                                      std::uint64_t bytes) const;
    // open()'s steps: the `entries` central directory entries at [cdOffset, cdOffset + cdSize)
    // into the member list, then a check that no two members' bytes overlap (a sign of
    // corruption, or of a "zip bomb"). archivePath is for the messages.
    Status readMembers(const std::string& archivePath, std::uint64_t cdOffset, std::uint64_t cdSize,
                       std::uint64_t entries);
    Status checkNoOverlap(const std::string& archivePath) const;
    Error memberError(ErrorCode code, const std::string& name, const std::string& what,
                      std::string detail = {}) const;

    std::shared_ptr<const MappedFile> m_file;
    Options m_options;
    std::vector<Member> m_members;  // archive order
    std::vector<std::string> m_names;
    std::map<std::string, std::size_t> m_index;
};

// CRC-32 (ISO-HDLC, as in ZIP, PNG and zlib's crc32) of n bytes, continuing from crc (0 to
// start): crc32Update(crc32Update(0, a, n), b, m) equals the CRC of a followed by b.
std::uint32_t crc32Update(std::uint32_t crc, const void* data, std::size_t n);

}  // namespace headwave
