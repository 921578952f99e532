// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of the .npz archive writer and reader: CRC-32 against a bitwise oracle, round trips of
// every member kind (plain and with forced ZIP64 records), numpy reading our files and us reading
// numpy's, refusals (compressed, encrypted, duplicate, absurd), every truncation, exhaustive and
// random byte corruption, and atomic writing when the destination cannot be written.
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "check.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/npz_archive.h"

namespace {

using namespace headwave;
using Bytes = std::vector<std::uint8_t>;

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/headwave_npz_XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) != nullptr) {
            m_path = buffer.data();
        }
    }
    ~TempDir() {
        if (!m_path.empty()) {
            ::chmod(m_path.c_str(), 0700);  // in case a test took write permission away
            std::error_code ignored;
            std::filesystem::remove_all(m_path, ignored);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return m_path + "/" + name; }
    const std::string& path() const { return m_path; }

    // Names in the folder, sorted, to prove that no temporary file was left behind.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(m_path, ec)) {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::string m_path;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Bytes readRaw(const std::string& path) {
    Bytes bytes;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return bytes;
    }
    std::uint8_t buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) {
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    std::fclose(f);
    return bytes;
}

// A new file each time (unlink first): rewriting one file in place thousands of times is slow on
// ext4, which flushes truncated files on close.
bool writeRaw(const std::string& path, const Bytes& bytes) {
    (void)::unlink(path.c_str());
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        return false;
    }
    const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    return std::fclose(f) == 0 && ok;
}

bool writeText(const std::string& path, const std::string& text) {
    return writeRaw(path, Bytes(text.begin(), text.end()));
}

// Values exact in float32 and float64 (multiples of 1/16 in [-3, 3.3]), so that every comparison
// below, in C++ and in Python, can be exact. Python: (np.arange(n) * 37 % 101) / 16.0 - 3.0.
double valueAt(std::size_t i) {
    return static_cast<double>(i * 37 % 101) / 16.0 - 3.0;
}

std::vector<float> floatValues(std::size_t n) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<float>(valueAt(i));
    }
    return v;
}

std::vector<double> doubleValues(std::size_t n) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = valueAt(i);
    }
    return v;
}

// Text with non-ASCII characters of every UTF-8 length, newlines, a tab, quotes and a backslash.
const std::string kText = "Grüße, naïve café\nline 2: 日本語\ttab \"quoted\" \\ 'x'\n😀 end\n";

bool havePython() {
    return ::access("/usr/bin/python3", X_OK) == 0 &&
           std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

// Runs a Python script with the given arguments; true when it exits with 0.
bool runPython(const TempDir& dir, const std::string& script, const std::string& args) {
    if (!writeText(dir.file("script.py"), script)) {
        return false;
    }
    const int status =
        std::system(("/usr/bin/python3 '" + dir.file("script.py") + "' " + args).c_str());
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The members every round trip writes, and their checks.
constexpr std::int64_t kStreamDims[3] = {3, 4, 5};

Status writeSample(const std::string& path, NpzWriter::Options options) {
    Result<NpzWriter> created = NpzWriter::create(path, options);
    if (!created) {
        return created.error();
    }
    NpzWriter& w = created.value();
    const std::vector<float> f32 = floatValues(6);
    const double scalar = 2.5;
    const std::vector<std::int32_t> i32 = {-2147483647 - 1, -1, 0, 2147483647};
    const std::vector<std::int64_t> i64 = {std::numeric_limits<std::int64_t>::min(), -1, 0,
                                           std::numeric_limits<std::int64_t>::max()};
    Status s = w.addArray("f32", DType::Float32, {2, 3}, f32.data());
    if (s) {
        s = w.addArray("scalar", DType::Float64, {}, &scalar);
    }
    if (s) {
        s = w.addArray("empty", DType::Float64, {0, 5}, nullptr);
    }
    if (s) {
        s = w.addInt32Array("i32", {4}, i32.data());
    }
    if (s) {
        s = w.addInt64Array("i64", {2, 2}, i64.data());
    }
    if (s) {
        s = w.addInt64Array("i64_empty", {0}, nullptr);
    }
    if (s) {
        s = w.addString("meta", kText);
    }
    if (s) {
        s = w.addString("blank", "");
    }
    // Streamed in uneven pieces: 7 + 13 + 40 values of [3, 4, 5] float64.
    const std::vector<double> streamed = doubleValues(60);
    if (s) {
        s = w.beginArray("streamed", NpyElement::Float64,
                         {kStreamDims[0], kStreamDims[1], kStreamDims[2]});
    }
    for (std::size_t piece : {std::size_t{0}, std::size_t{7}, std::size_t{20}}) {
        const std::size_t end = piece == 0 ? 7 : (piece == 7 ? 20 : 60);
        if (s) {
            s = w.append(streamed.data() + piece, (end - piece) * sizeof(double));
        }
    }
    if (s) {
        s = w.endArray();
    }
    if (s) {
        s = w.finish();
    }
    return s;
}

void checkSample(const std::string& path) {
    Result<NpzReader> r = NpzReader::open(path);
    HW_CHECK_MSG(r.ok(), (r ? "" : r.error().describe()));
    if (!r) {
        return;
    }
    const std::vector<std::string> expectedNames = {
        "f32", "scalar", "empty", "i32", "i64", "i64_empty", "meta", "blank", "streamed"};
    HW_CHECK(r->names() == expectedNames);
    HW_CHECK(r->has("meta") && !r->has("meta.npy") && !r->has("nope"));

    // Every member's data is 64-byte aligned in the file (see NpzWriter).
    for (const std::string& name : expectedNames) {
        Result<NpzArray> a = r->array(name);
        HW_CHECK_MSG(a.ok(), name << ": " << (a ? "" : a.error().describe()));
        if (a) {
            HW_CHECK_MSG(reinterpret_cast<std::uintptr_t>(a->data) % 64 == 0, name);
            HW_CHECK(!a->bigEndian);
        }
    }

    Result<NpzArray> f32 = r->array("f32");
    if (f32) {
        HW_CHECK(f32->element == NpyElement::Float32 && f32->itemSize == 4);
        HW_CHECK(f32->shape == (std::vector<std::int64_t>{2, 3}));
        HW_CHECK_EQ(f32->dataBytes, std::size_t{24});
        HW_CHECK(std::memcmp(f32->data, floatValues(6).data(), 24) == 0);
    }
    Result<std::vector<double>> d = r->readDoubles("f32");
    HW_CHECK(d.ok() && d.value() == doubleValues(6));  // exact: the values are exact in float32

    Result<NpzArray> scalar = r->array("scalar");
    HW_CHECK(scalar.ok() && scalar->shape.empty() && scalar->elementCount() == 1);
    d = r->readDoubles("scalar");
    HW_CHECK(d.ok() && d->size() == 1 && (*d)[0] == 2.5);

    Result<NpzArray> empty = r->array("empty");
    HW_CHECK(empty.ok() && empty->shape == (std::vector<std::int64_t>{0, 5}) &&
             empty->dataBytes == 0 && empty->element == NpyElement::Float64);
    d = r->readDoubles("empty");
    HW_CHECK(d.ok() && d->empty());

    Result<std::vector<std::int64_t>> ints = r->readInts("i32");
    HW_CHECK(ints.ok() &&
             ints.value() == (std::vector<std::int64_t>{-2147483648LL, -1, 0, 2147483647LL}));
    Result<NpzArray> i64 = r->array("i64");
    HW_CHECK(i64.ok() && i64->element == NpyElement::Int64 &&
             i64->shape == (std::vector<std::int64_t>{2, 2}));
    ints = r->readInts("i64");
    HW_CHECK(ints.ok() && ints.value() == (std::vector<std::int64_t>{
                                              std::numeric_limits<std::int64_t>::min(), -1, 0,
                                              std::numeric_limits<std::int64_t>::max()}));
    ints = r->readInts("i64_empty");
    HW_CHECK(ints.ok() && ints->empty());

    Result<NpzArray> meta = r->array("meta");
    HW_CHECK(meta.ok() && meta->element == NpyElement::Unicode && meta->shape.empty());
    Result<std::string> text = r->readString("meta");
    HW_CHECK_MSG(text.ok() && text.value() == kText, (text ? text.value() : text.error().message));
    text = r->readString("blank");
    HW_CHECK(text.ok() && text->empty());

    Result<NpzArray> streamed = r->array("streamed");
    HW_CHECK(streamed.ok() && streamed->shape == (std::vector<std::int64_t>{3, 4, 5}));
    d = r->readDoubles("streamed");
    HW_CHECK(d.ok() && d.value() == doubleValues(60));

    // The wrong reader for a member, and a missing member: errors naming file and member.
    Result<std::vector<double>> wrong = r->readDoubles("i64");
    HW_CHECK(!wrong.ok() && wrong.error().code == ErrorCode::Unsupported &&
             contains(wrong.error().message, "'i64'") && contains(wrong.error().message, path));
    Result<std::vector<std::int64_t>> wrongInts = r->readInts("meta");
    HW_CHECK(!wrongInts.ok() && wrongInts.error().code == ErrorCode::Unsupported);
    Result<std::string> wrongText = r->readString("f32");
    HW_CHECK(!wrongText.ok() && wrongText.error().code == ErrorCode::Unsupported);
    Result<NpzArray> missing = r->array("nope");
    HW_CHECK(!missing.ok() && contains(missing.error().message, "'nope'") &&
             contains(missing.error().message, path));
}

// The byte ranges [npy magic, end of data) of every member, from a pristine reader.
struct Span {
    std::string name;
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Span> memberSpans(const std::string& path, const Bytes& bytes) {
    std::vector<Span> spans;
    Result<NpzReader> r = NpzReader::open(path);
    if (!r) {
        return spans;
    }
    for (const std::string& name : r->names()) {
        Result<NpzArray> a = r->array(name);
        if (!a) {
            continue;
        }
        const auto* mapping = static_cast<const MappedFile*>(a->owner.get());  // a stored member
        const auto dataOffset = static_cast<std::size_t>(a->data - mapping->data());
        std::size_t magic = dataOffset;
        while (magic > 0 && std::memcmp(bytes.data() + magic, "\x93NUMPY", 6) != 0) {
            --magic;
        }
        spans.push_back({name, magic, dataOffset + a->dataBytes});
    }
    return spans;
}

// Reads every member in every way; a corrupt file must give errors, never a crash.
void readEverything(const NpzReader& r) {
    for (const std::string& name : r.names()) {
        (void)r.array(name);
        (void)r.array(name, NpzReader::CrcCheck::Skip);
        (void)r.readDoubles(name);
        (void)r.readInts(name);
        (void)r.readString(name);
    }
}

// A deterministic generator (xorshift64*), so that a failure reproduces.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545F4914F6CDD1DULL;
    }

private:
    std::uint64_t m_state;
};

std::uint32_t bitwiseCrc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) {
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
    }
    return ~c;
}

// ---- CRC-32 -------------------------------------------------------------------------------------

HW_TEST(crc32_matches_the_standard_and_a_bitwise_oracle) {
    // The check value of CRC-32/ISO-HDLC (the CRC catalogue), and the empty input.
    HW_CHECK_EQ(crc32Update(0, "123456789", 9), 0xCBF43926u);
    HW_CHECK_EQ(crc32Update(0, nullptr, 0), 0u);
    Random random(7);
    Bytes buffer(300);
    for (auto& b : buffer) {
        b = static_cast<std::uint8_t>(random.next());
    }
    // Every length and misalignment against the bitwise loop; split updates chain.
    for (std::size_t start = 0; start < 9; ++start) {
        for (std::size_t n = 0; n + start <= 100; ++n) {
            const std::uint32_t whole = crc32Update(0, buffer.data() + start, n);
            HW_CHECK_EQ(whole, bitwiseCrc32(buffer.data() + start, n));
            const std::size_t cut = n / 3;
            HW_CHECK_EQ(crc32Update(crc32Update(0, buffer.data() + start, cut),
                                    buffer.data() + start + cut, n - cut),
                        whole);
        }
    }
}

// ---- round trips --------------------------------------------------------------------------------

HW_TEST(round_trip_of_every_member_kind) {
    TempDir dir;
    const std::string path = dir.file("run.hwrun");
    Status s = writeSample(path, {});
    HW_CHECK_MSG(s.ok(), (s ? "" : s.error().describe()));
    checkSample(path);
    HW_CHECK(dir.entries() == std::vector<std::string>{"run.hwrun"});  // no temporary file

    // Equal inputs give byte-identical files (fixed timestamps); no ZIP64 record unless needed.
    const Bytes first = readRaw(path);
    HW_CHECK(writeSample(dir.file("again.hwrun"), {}).ok());
    HW_CHECK(readRaw(dir.file("again.hwrun")) == first);
    const std::string text(first.begin(), first.end());
    HW_CHECK(!contains(text, std::string("PK\x06\x06", 4)));
    HW_CHECK(first.size() >= 4 && first[0] == 'P' && first[1] == 'K' && first[2] == 3 &&
             first[3] == 4);

    // The array view keeps the mapping alive after the reader is gone.
    std::shared_ptr<const void> owner;
    const std::uint8_t* data = nullptr;
    {
        Result<NpzReader> r = NpzReader::open(path);
        HW_CHECK(r.ok());
        if (r) {
            Result<NpzArray> a = r->array("f32");
            HW_CHECK(a.ok());
            if (a) {
                owner = a->owner;
                data = a->data;
            }
        }
    }
    HW_CHECK(owner != nullptr && data != nullptr &&
             std::memcmp(data, floatValues(6).data(), 24) == 0);
}

HW_TEST(round_trip_with_forced_zip64_records) {
    TempDir dir;
    const std::string path = dir.file("run64.npz");
    NpzWriter::Options options;
    options.forceZip64 = true;
    Status s = writeSample(path, options);
    HW_CHECK_MSG(s.ok(), (s ? "" : s.error().describe()));
    checkSample(path);

    // The ZIP64 end record and locator precede the classic end record, whose fields hold the
    // 0xFFFF / 0xFFFFFFFF markers, so a reader must follow the ZIP64 record.
    const Bytes bytes = readRaw(path);
    HW_CHECK(bytes.size() > 22 + 20 + 56);
    if (bytes.size() > 22 + 20 + 56) {
        const std::uint8_t* end = bytes.data() + bytes.size() - 22;
        HW_CHECK(std::memcmp(end, "PK\x05\x06", 4) == 0);
        HW_CHECK(end[8] == 0xFF && end[9] == 0xFF && end[10] == 0xFF && end[11] == 0xFF);
        for (int i = 12; i < 20; ++i) {
            HW_CHECK(end[i] == 0xFF);
        }
        HW_CHECK(std::memcmp(end - 20, "PK\x06\x07", 4) == 0);
        HW_CHECK(std::memcmp(end - 20 - 56, "PK\x06\x06", 4) == 0);
    }
    // Every central directory entry holds its sizes and offset in a ZIP64 field.
    const std::string text(bytes.begin(), bytes.end());
    std::size_t entries = 0;
    for (std::size_t pos = text.find("PK\x01\x02"); pos != std::string::npos;
         pos = text.find("PK\x01\x02", pos + 1)) {
        ++entries;
        HW_CHECK(pos + 46 <= bytes.size());
        if (pos + 46 <= bytes.size()) {
            HW_CHECK(bytes[pos + 20] == 0xFF && bytes[pos + 24] == 0xFF && bytes[pos + 42] == 0xFF);
        }
    }
    HW_CHECK_EQ(entries, std::size_t{9});

    // An empty archive gets no ZIP64 record even when forced: numpy recognises "PK\5\6".
    Result<NpzWriter> w = NpzWriter::create(dir.file("empty64.npz"), options);
    HW_CHECK(w.ok() && w->finish().ok());
    const Bytes empty = readRaw(dir.file("empty64.npz"));
    HW_CHECK_EQ(empty.size(), std::size_t{22});
    Result<NpzReader> r = NpzReader::open(dir.file("empty64.npz"));
    HW_CHECK(r.ok() && r->names().empty());
}

HW_TEST(writer_refuses_bad_calls_and_stays_usable) {
    TempDir dir;
    const std::string path = dir.file("calls.npz");
    Result<NpzWriter> created = NpzWriter::create(path);
    HW_CHECK(created.ok());
    if (!created) {
        return;
    }
    NpzWriter& w = created.value();
    const double one = 1.0;
    auto invalid = [&](const Status& s, const std::string& part) {
        HW_CHECK_MSG(!s.ok() && s.error().code == ErrorCode::InvalidArgument,
                     (s ? std::string("accepted") : s.error().describe()));
        if (!s) {
            HW_CHECK_MSG(contains(s.error().message, path), s.error().message);
            HW_CHECK_MSG(contains(s.error().message, part), s.error().message);
        }
    };
    // Names.
    invalid(w.addArray("", DType::Float64, {}, &one), "empty");
    invalid(w.addArray("a/b", DType::Float64, {}, &one), "'/'");
    invalid(w.addArray("a\\b", DType::Float64, {}, &one), "'/'");
    invalid(w.addArray("tab\there", DType::Float64, {}, &one), "control");
    invalid(w.addArray("bad\xff", DType::Float64, {}, &one), "UTF-8");
    invalid(w.addArray(std::string(2000, 'n'), DType::Float64, {}, &one), "longer");
    HW_CHECK(w.addArray("x", DType::Float64, {}, &one).ok());
    invalid(w.addArray("x", DType::Float64, {}, &one), "already has");
    HW_CHECK(w.addArray("ünï", DType::Float64, {}, &one).ok());  // a UTF-8 name is fine
    // Text: overlong '/', a surrogate, above U+10FFFF, cut off, a stray continuation byte, NUL.
    for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ab\xe2\x82", "\x80",
                            "\xf8\x88\x80\x80\x80"}) {
        invalid(w.addString("t", bad), "UTF-8");
    }
    invalid(w.addString("t", std::string("a\0b", 3)), "U+0000");
    // Shapes and data.
    invalid(w.addArray("neg", DType::Float32, {2, -1}, &one), "shape");
    invalid(w.addArray("huge", DType::Float32, {1 << 30, 1 << 30, 1 << 30}, &one), "shape");
    invalid(w.addArray("null", DType::Float32, {2}, nullptr), "no data");
    invalid(w.beginArray("text", NpyElement::Unicode, {1}), "addString");
    // Streaming misuse.
    HW_CHECK(!w.append(&one, 8).ok());
    HW_CHECK(!w.endArray().ok());
    HW_CHECK(w.beginArray("s", NpyElement::Int64, {3}).ok());
    invalid(w.addArray("other", DType::Float64, {}, &one), "endArray");
    const std::int64_t values[3] = {1, 2, 3};
    invalid(w.append(values, 5), "whole elements");
    invalid(w.append(values, 32), "remain");
    HW_CHECK(w.append(values, 16).ok());
    invalid(w.endArray(), "missing");
    {
        Status s = w.finish();
        HW_CHECK(!s.ok() && s.error().code == ErrorCode::InvalidArgument &&
                 contains(s.error().message, "endArray"));
    }
    HW_CHECK(w.append(values + 2, 8).ok());
    HW_CHECK(w.endArray().ok());
    HW_CHECK(w.addString("t", "fine").ok());
    HW_CHECK(w.finish().ok());
    invalid(w.addString("late", "x"), "already finished");
    HW_CHECK(!w.finish().ok());

    // Only the accepted members are in the archive, and they are intact.
    Result<NpzReader> r = NpzReader::open(path);
    HW_CHECK_MSG(r.ok(), (r ? "" : r.error().describe()));
    if (r) {
        HW_CHECK(r->names() == (std::vector<std::string>{"x", "ünï", "s", "t"}));
        Result<std::vector<std::int64_t>> s = r->readInts("s");
        HW_CHECK(s.ok() && s.value() == (std::vector<std::int64_t>{1, 2, 3}));
        Result<std::string> t = r->readString("t");
        HW_CHECK(t.ok() && t.value() == "fine");
    }
}

// ---- numpy --------------------------------------------------------------------------------------

HW_TEST(numpy_loads_our_archives) {
    if (!havePython()) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    HW_CHECK(writeSample(dir.file("plain.hwrun"), {}).ok());
    NpzWriter::Options zip64;
    zip64.forceZip64 = true;
    HW_CHECK(writeSample(dir.file("zip64.hwrun"), zip64).ok());
    Result<NpzWriter> w = NpzWriter::create(dir.file("empty.npz"));
    HW_CHECK(w.ok() && w->finish().ok());
    HW_CHECK(writeText(dir.file("expected.txt"), kText));

    const std::string script = R"PY(
import sys, zipfile, numpy as np
d = sys.argv[1]
v = lambda n: ((np.arange(n) * 37 % 101) / 16.0 - 3.0)
text = open(d + '/expected.txt', encoding='utf-8').read()
for name in ('plain.hwrun', 'zip64.hwrun'):
    with zipfile.ZipFile(d + '/' + name) as z:
        assert z.testzip() is None  # every CRC-32
        for info in z.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
    with np.load(d + '/' + name, allow_pickle=False) as f:
        assert f.files == ['f32', 'scalar', 'empty', 'i32', 'i64', 'i64_empty', 'meta', 'blank',
                           'streamed'], f.files
        a = f['f32']; assert a.dtype == np.float32 and a.shape == (2, 3)
        assert (a.ravel() == v(6).astype(np.float32)).all()
        a = f['scalar']; assert a.dtype == np.float64 and a.shape == () and a == 2.5
        a = f['empty']; assert a.dtype == np.float64 and a.shape == (0, 5)
        a = f['i32']; assert a.dtype == np.int32 and list(a) == [-2**31, -1, 0, 2**31 - 1]
        a = f['i64']; assert a.dtype == np.int64 and a.shape == (2, 2)
        assert a.ravel().tolist() == [-2**63, -1, 0, 2**63 - 1]
        a = f['i64_empty']; assert a.dtype == np.int64 and a.shape == (0,)
        assert f['meta'].shape == () and f['meta'].dtype.kind == 'U'
        assert str(f['meta']) == text, repr(str(f['meta']))
        assert str(f['blank']) == ''
        a = f['streamed']; assert a.dtype == np.float64 and a.shape == (3, 4, 5)
        assert (a.ravel() == v(60)).all()
with np.load(d + '/empty.npz', allow_pickle=False) as f:
    assert f.files == []
)PY";
    HW_CHECK_MSG(runPython(dir, script, "'" + dir.path() + "'"), "numpy refused our archive");
}

HW_TEST(we_read_numpys_archives) {
    if (!havePython()) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    HW_CHECK(writeText(dir.file("expected.txt"), kText));
    // np.savez (numpy 1.24 writes ZIP64 local extra fields), a big-endian float64 and int64, a
    // Fortran-ordered 2-D array (refused), savez_compressed (read), and a zipfile written to an
    // unseekable stream: data descriptors (flag bit 3) and a member that is not .npy.
    const std::string script = R"PY(
import sys, zipfile, numpy as np
d = sys.argv[1]
v = lambda n: ((np.arange(n) * 37 % 101) / 16.0 - 3.0)
text = open(d + '/expected.txt', encoding='utf-8').read()
np.savez(d + '/np.npz', f4=v(6).reshape(2, 3).astype(np.float32), be8=v(5).astype('>f8'),
         i4=np.arange(-3, 3, dtype=np.int32), i8=np.array([-2**63, 2**63 - 1, 7], dtype=np.int64),
         bei8=np.arange(4).astype('>i8'), scalar=np.float64(2.5),
         empty=np.zeros((0, 3), dtype=np.float32), meta=np.array(text),
         fortran=np.asfortranarray(v(12).reshape(3, 4)), bools=np.array([True, False]))
np.savez_compressed(d + '/compressed.npz', a=v(10))
class Unseekable:
    def __init__(self, f): self.f = f
    def write(self, b): return self.f.write(b)
    def flush(self): self.f.flush()
with open(d + '/descriptor.npz', 'wb') as raw:
    with zipfile.ZipFile(Unseekable(raw), 'w') as z:
        with z.open('x.npy', 'w') as m:
            np.lib.format.write_array(m, v(7))
        z.writestr('readme.txt', 'hello')
with zipfile.ZipFile(d + '/descriptor.npz') as z:
    assert all(i.flag_bits & 8 for i in z.infolist())
)PY";
    HW_CHECK_MSG(runPython(dir, script, "'" + dir.path() + "'"), "python failed");

    Result<NpzReader> r = NpzReader::open(dir.file("np.npz"));
    HW_CHECK_MSG(r.ok(), (r ? "" : r.error().describe()));
    if (r) {
        HW_CHECK_EQ(r->names().size(), std::size_t{10});
        Result<std::vector<double>> d = r->readDoubles("f4");
        HW_CHECK(d.ok() && d.value() == doubleValues(6));
        Result<NpzArray> a = r->array("be8");
        HW_CHECK(a.ok() && a->bigEndian && a->element == NpyElement::Float64);
        d = r->readDoubles("be8");
        HW_CHECK(d.ok() && d.value() == doubleValues(5));
        Result<std::vector<std::int64_t>> i = r->readInts("i4");
        HW_CHECK(i.ok() && i.value() == (std::vector<std::int64_t>{-3, -2, -1, 0, 1, 2}));
        i = r->readInts("i8");
        HW_CHECK(i.ok() && i.value() == (std::vector<std::int64_t>{
                                            std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max(), 7}));
        i = r->readInts("bei8");
        HW_CHECK(i.ok() && i.value() == (std::vector<std::int64_t>{0, 1, 2, 3}));
        d = r->readDoubles("scalar");
        HW_CHECK(d.ok() && d.value() == std::vector<double>{2.5});
        a = r->array("empty");
        HW_CHECK(a.ok() && a->shape == (std::vector<std::int64_t>{0, 3}) && a->dataBytes == 0);
        Result<std::string> t = r->readString("meta");
        HW_CHECK_MSG(t.ok() && t.value() == kText, (t ? t.value() : t.error().describe()));
        a = r->array("fortran");
        HW_CHECK(!a.ok() && a.error().code == ErrorCode::Unsupported &&
                 contains(a.error().message, "'fortran'") &&
                 contains(a.error().message, dir.file("np.npz")));
        a = r->array("bools");
        HW_CHECK(!a.ok() && a.error().code == ErrorCode::Unsupported &&
                 contains(a.error().message, "'bools'"));
    }

    Result<NpzReader> c = NpzReader::open(dir.file("compressed.npz"));
    HW_CHECK_MSG(c.ok(), (c ? "" : c.error().describe()));
    if (c) {
        HW_CHECK(c->compressed("a"));
        Result<std::vector<double>> d = c->readDoubles("a");
        HW_CHECK(d.ok() && d.value() == doubleValues(10));
    }

    Result<NpzReader> dd = NpzReader::open(dir.file("descriptor.npz"));
    HW_CHECK_MSG(dd.ok(), (dd ? "" : dd.error().describe()));
    if (dd) {
        HW_CHECK(dd->names() == (std::vector<std::string>{"x", "readme.txt"}));
        Result<std::vector<double>> d = dd->readDoubles("x");
        HW_CHECK(d.ok() && d.value() == doubleValues(7));
        Result<NpzArray> a = dd->array("readme.txt");
        HW_CHECK(!a.ok() && a.error().code == ErrorCode::Unsupported);
    }
}

// ---- compressed members (np.savez_compressed) ---------------------------------------------------

// Offsets of every central directory entry ("PK\1\2") and local header ("PK\3\4").
std::vector<std::size_t> findSignature(const Bytes& bytes, const char* signature) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i + 4 <= bytes.size(); ++i) {
        if (std::memcmp(bytes.data() + i, signature, 4) == 0) {
            found.push_back(i);
        }
    }
    return found;
}

HW_TEST(compressed_archives_give_the_values_of_stored_ones) {
    if (!havePython()) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    const std::string script = R"PY(
import sys, numpy as np
d = sys.argv[1]
v = lambda n: ((np.arange(n) * 37 % 101) / 16.0 - 3.0)
arrays = dict(f4=v(3 * 4 * 50).reshape(3, 4, 50).astype(np.float32), be8=v(77).astype('>f8'),
              i8=np.arange(-5, 5, dtype=np.int64), big=v(300000).astype(np.float32),
              empty=np.zeros((0,), dtype=np.float64), meta=np.array('text'))
np.savez(d + '/stored.npz', **arrays)
np.savez_compressed(d + '/compressed.npz', **arrays)
)PY";
    HW_CHECK_MSG(runPython(dir, script, "'" + dir.path() + "'"), "python failed");
    Result<NpzReader> stored = NpzReader::open(dir.file("stored.npz"));
    Result<NpzReader> packed = NpzReader::open(dir.file("compressed.npz"));
    HW_CHECK_MSG(stored.ok() && packed.ok(),
                 (stored ? (packed ? "" : packed.error().describe()) : stored.error().describe()));
    if (!stored || !packed) {
        return;
    }
    HW_CHECK(packed->names() == stored->names());
    for (const std::string name : {"f4", "be8", "big", "empty"}) {
        HW_CHECK(packed->compressed(name) && !stored->compressed(name));
        Result<std::vector<double>> a = stored->readDoubles(name);
        Result<std::vector<double>> b = packed->readDoubles(name);
        HW_CHECK_MSG(a.ok() && b.ok() && a.value() == b.value(), name);
        Result<NpyHeader> ha = stored->header(name);
        Result<NpyHeader> hb = packed->header(name);
        HW_CHECK_MSG(ha.ok() && hb.ok() && ha->shape == hb->shape && ha->element == hb->element &&
                         ha->bigEndian == hb->bigEndian,
                     name);
    }
    Result<std::vector<std::int64_t>> i = packed->readInts("i8");
    HW_CHECK(i.ok() && i.value().size() == 10 && i.value().front() == -5);
    Result<std::string> t = packed->readString("meta");
    HW_CHECK(t.ok() && t.value() == "text");
    Result<std::vector<double>> big = packed->readDoubles("big");
    HW_CHECK(big.ok() && big->size() == 300000 && (*big)[299999] == valueAt(299999));
}

HW_TEST(corrupt_compressed_members_and_zip_bombs_are_refused_clearly) {
    if (!havePython()) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    // One small member, and 64 MB of zeros that deflate to about 64 KB (a "zip bomb" in spirit).
    const std::string script = R"PY(
import sys, numpy as np
d = sys.argv[1]
np.savez_compressed(d + '/one.npz', a=((np.arange(4000) * 37 % 101) / 16.0 - 3.0))
np.savez_compressed(d + '/zeros.npz', z=np.zeros(16 * 1024 * 1024, dtype=np.float32))
)PY";
    HW_CHECK_MSG(runPython(dir, script, "'" + dir.path() + "'"), "python failed");
    const std::string path = dir.file("one.npz");
    const Bytes base = readRaw(path);
    const std::vector<std::size_t> central = findSignature(base, "PK\x01\x02");
    const std::vector<std::size_t> local = findSignature(base, "PK\x03\x04");
    HW_CHECK(central.size() == 1 && local.size() == 1);
    if (central.size() != 1 || local.size() != 1) {
        return;
    }
    const std::string bad = dir.file("bad.npz");
    auto readPatched = [&](const Bytes& bytes) -> Result<std::vector<double>> {
        if (!writeRaw(bad, bytes)) {
            return makeError(ErrorCode::FileWrite, "could not write the patched archive");
        }
        Result<NpzReader> r = NpzReader::open(bad);
        if (!r) {
            return r.error();
        }
        return r->readDoubles("a");
    };
    // A wrong CRC-32 in both headers: the inflated data does not match it.
    Bytes b = base;
    b[central[0] + 16] ^= 0x5A;
    b[local[0] + 14] ^= 0x5A;
    Result<std::vector<double>> d = readPatched(b);
    HW_CHECK_MSG(!d.ok() && d.error().code == ErrorCode::FileFormat &&
                     contains(d.error().message, "CRC-32") && contains(d.error().message, "'a'"),
                 (d ? std::string("read") : d.error().describe()));
    // Damaged compressed bytes: corrupt stream or wrong CRC, never values.
    const auto nameLength =
        static_cast<std::size_t>(base[local[0] + 26] | (base[local[0] + 27] << 8));
    const auto extraLength =
        static_cast<std::size_t>(base[local[0] + 28] | (base[local[0] + 29] << 8));
    const std::size_t dataStart = local[0] + 30 + nameLength + extraLength;
    for (std::size_t k = 0; k < 40; ++k) {
        b = base;
        b[dataStart + 3 + k * 37 % (central[0] - dataStart - 8)] ^= 0xFF;
        d = readPatched(b);
        HW_CHECK_MSG(
            !d.ok() && d.error().code == ErrorCode::FileFormat,
            "damaged byte " << k << ": " << (d ? std::string("read") : d.error().describe()));
    }
    // A declared size smaller than the stream inflates to (both headers): refused as soon as the
    // stream passes it, nothing larger allocated.
    b = base;
    for (std::size_t at : {central[0] + 24, local[0] + 22}) {
        b[at] = 0x00;
        b[at + 1] = 0x10;  // 4096 bytes
        b[at + 2] = 0;
        b[at + 3] = 0;
    }
    d = readPatched(b);
    HW_CHECK_MSG(!d.ok() && d.error().code == ErrorCode::FileFormat &&
                     contains(d.error().message, "more than its declared"),
                 (d ? std::string("read") : d.error().describe()));
    // Over the cap on inflated bytes: refused before inflating.
    NpzReaderOptions small;
    small.maxInflatedBytes = 1 << 20;
    Result<NpzReader> zeros = NpzReader::open(dir.file("zeros.npz"), small);
    HW_CHECK(zeros.ok());
    if (zeros) {
        Result<NpzArray> z = zeros->array("z");
        HW_CHECK_MSG(!z.ok() && z.error().code == ErrorCode::Unsupported &&
                         contains(z.error().message, "limit") &&
                         contains(z.error().message, "np.savez"),
                     (z ? std::string("read") : z.error().describe()));
        Result<NpyHeader> h = zeros->header("z");
        HW_CHECK(!h.ok());
    }
    Result<NpzReader> roomy = NpzReader::open(dir.file("zeros.npz"));
    HW_CHECK(roomy.ok());
    if (roomy) {
        Result<NpyHeader> h = roomy->header("z");
        HW_CHECK(h.ok() && h->shape == (std::vector<std::int64_t>{16 * 1024 * 1024}));
    }
}

// ---- refusals -----------------------------------------------------------------------------------

HW_TEST(reader_refuses_invalid_archives_clearly) {
    TempDir dir;
    const std::string path = dir.file("base.npz");
    {
        Result<NpzWriter> w = NpzWriter::create(path);
        HW_CHECK(w.ok());
        if (!w) {
            return;
        }
        const std::vector<double> v = doubleValues(4);
        HW_CHECK(w->addArray("aa", DType::Float64, {4}, v.data()).ok());
        HW_CHECK(w->addArray("ab", DType::Float64, {4}, v.data()).ok());
        HW_CHECK(w->finish().ok());
    }
    const Bytes base = readRaw(path);
    const std::vector<std::size_t> central = findSignature(base, "PK\x01\x02");
    const std::vector<std::size_t> local = findSignature(base, "PK\x03\x04");
    HW_CHECK(central.size() == 2 && local.size() == 2);
    if (central.size() != 2 || local.size() != 2) {
        return;
    }
    const std::string bad = dir.file("bad.npz");
    auto openPatched = [&](const Bytes& bytes) {
        HW_CHECK(writeRaw(bad, bytes));
        return NpzReader::open(bad);
    };

    // Compressed by a method other than deflate (12, bzip2).
    Bytes b = base;
    b[central[1] + 10] = 12;
    Result<NpzReader> r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::Unsupported &&
             contains(r.error().message, "method 12") && contains(r.error().message, "'ab.npy'") &&
             contains(r.error().message, bad));
    // Deflate in the directory but stored in the local header: they disagree.
    b = base;
    b[central[1] + 10] = 8;
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat &&
             contains(r.error().message, "'ab.npy'"));
    // Deflate in both, over bytes that are not a deflate stream: an error when read.
    b[local[1] + 8] = 8;
    r = openPatched(b);
    HW_CHECK_MSG(r.ok(), (r ? "" : r.error().describe()));
    if (r) {
        Result<NpzArray> a = r->array("ab");
        HW_CHECK_MSG(!a.ok() && a.error().code == ErrorCode::FileFormat &&
                         contains(a.error().message, "'ab'") && contains(a.error().message, bad),
                     (a ? std::string("read") : a.error().describe()));
        HW_CHECK(r->array("aa").ok());
    }
    // Encrypted.
    b = base;
    b[central[0] + 8] |= 1;
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::Unsupported &&
             contains(r.error().message, "encrypted") && contains(r.error().message, "'aa.npy'"));
    // Duplicate names: "ab" renamed to "aa" in both headers.
    b = base;
    b[central[1] + 46 + 1] = 'a';
    b[local[1] + 30 + 1] = 'a';
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat &&
             contains(r.error().message, "twice"));
    // Names that disagree between the directory and the local header.
    b = base;
    b[local[1] + 30 + 1] = 'z';
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat &&
             contains(r.error().message, "'ab.npy'"));
    // An absurd member count in the end record.
    b = base;
    b[b.size() - 22 + 8] = 0xFF;
    b[b.size() - 22 + 10] = 0xFF;
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat &&
             contains(r.error().message, "absurd"));
    // Split over disks.
    b = base;
    b[b.size() - 22 + 4] = 1;
    r = openPatched(b);
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::Unsupported);
    // A flipped data bit: the archive opens, the member's CRC check fails, naming it.
    const std::vector<Span> spans = memberSpans(path, base);
    HW_CHECK(spans.size() == 2 && spans[1].name == "ab");
    b = base;
    b[spans.size() == 2 ? spans[1].end - 1 : 0] ^= 0x01;  // the last byte of "ab"'s data
    r = openPatched(b);
    HW_CHECK(r.ok());
    if (r) {
        Result<NpzArray> a = r->array("ab");
        HW_CHECK(!a.ok() && a.error().code == ErrorCode::FileFormat &&
                 contains(a.error().message, "CRC") && contains(a.error().message, "'ab'") &&
                 contains(a.error().message, bad));
        HW_CHECK(r->array("ab", NpzReader::CrcCheck::Skip).ok());
        HW_CHECK(r->readDoubles("aa").ok());
    }
    // Not an archive at all: empty, text, a single .npy file.
    r = openPatched({});
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat &&
             contains(r.error().message, bad));
    r = openPatched(Bytes(100, 'x'));
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileFormat);
    HW_CHECK(writeNpy(bad, DType::Float32, {2}, floatValues(2).data()).ok());
    r = NpzReader::open(bad);
    HW_CHECK(!r.ok() && contains(r.error().message, "single .npy"));
    r = NpzReader::open(dir.file("missing.npz"));
    HW_CHECK(!r.ok() && r.error().code == ErrorCode::FileNotFound);
}

HW_TEST(every_truncation_is_an_error) {
    TempDir dir;
    for (bool zip64 : {false, true}) {
        const std::string path = dir.file(zip64 ? "whole64.npz" : "whole.npz");
        NpzWriter::Options options;
        options.forceZip64 = zip64;
        HW_CHECK(writeSample(path, options).ok());
        const Bytes whole = readRaw(path);
        const std::string cut = dir.file("cut.npz");
        std::size_t accepted = 0;
        for (std::size_t n = 0; n < whole.size(); ++n) {
            HW_CHECK(writeRaw(
                cut, Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n))));
            Result<NpzReader> r = NpzReader::open(cut);
            if (r) {
                ++accepted;
                readEverything(r.value());
            } else {
                HW_CHECK_MSG(contains(r.error().message, cut), r.error().message);
            }
        }
        // The end record is the last 22 bytes, so no proper prefix is an archive.
        HW_CHECK_EQ(accepted, std::size_t{0});
    }
}

HW_TEST(byte_corruption_gives_errors_never_crashes) {
    TempDir dir;
    std::size_t opened = 0;
    std::size_t crcCaught = 0;
    for (bool zip64 : {false, true}) {
        const std::string path = dir.file(zip64 ? "whole64.npz" : "whole.npz");
        NpzWriter::Options options;
        options.forceZip64 = zip64;
        HW_CHECK(writeSample(path, options).ok());
        const Bytes whole = readRaw(path);
        const std::vector<Span> spans = memberSpans(path, whole);
        HW_CHECK_EQ(spans.size(), std::size_t{9});
        const std::string bad = dir.file("bad.npz");

        auto tryCorrupt = [&](std::size_t pos, std::uint8_t value) {
            if (whole[pos] == value) {
                return;
            }
            Bytes b = whole;
            b[pos] = value;
            HW_CHECK(writeRaw(bad, b));
            Result<NpzReader> r = NpzReader::open(bad);
            if (!r) {
                HW_CHECK_MSG(!r.error().message.empty() && contains(r.error().message, bad),
                             r.error().message);
                return;
            }
            ++opened;
            readEverything(r.value());
            // A changed byte inside a member's .npy header or data fails that member's CRC.
            for (const Span& span : spans) {
                if (pos >= span.begin && pos < span.end && r->has(span.name)) {
                    Result<NpzArray> a = r->array(span.name);
                    HW_CHECK_MSG(!a.ok() && a.error().code == ErrorCode::FileFormat,
                                 "byte " << pos << " of '" << span.name << "' (zip64 " << zip64
                                         << ") was not detected");
                    crcCaught += a.ok() ? 0u : 1u;
                }
            }
        };
        // Every byte outside the members' data (headers, directory, end records) set to 0x00,
        // 0xFF and 0x7F: the absurd values of every field.
        for (std::size_t pos = 0; pos < whole.size(); ++pos) {
            const bool inData = std::any_of(spans.begin(), spans.end(), [&](const Span& s) {
                return pos >= s.begin && pos < s.end;
            });
            if (!inData) {
                for (std::uint8_t value :
                     {std::uint8_t{0x00}, std::uint8_t{0xFF}, std::uint8_t{0x7F}}) {
                    tryCorrupt(pos, value);
                }
            }
        }
        // Then 1500 deterministic random single-byte changes anywhere.
        Random random(zip64 ? 99 : 42);
        for (int k = 0; k < 1500; ++k) {
            const auto pos = static_cast<std::size_t>(random.next() % whole.size());
            tryCorrupt(pos, static_cast<std::uint8_t>(random.next()));
        }
    }
    // Many changes leave a readable archive (timestamps, attributes, padding, CRC fields of local
    // headers); the data changes among them were all caught above.
    HW_CHECK(opened > 0);
    HW_CHECK(crcCaught > 0);
    std::fprintf(stderr, "  note: %zu corrupted archives opened, %zu CRC mismatches caught\n",
                 opened, crcCaught);
}

// ---- atomic writing -----------------------------------------------------------------------------

HW_TEST(failed_writes_leave_the_old_file_and_no_temporary_file) {
    TempDir dir;
    const std::string target = dir.file("run.hwrun");
    HW_CHECK(writeText(target, "the old results"));
    const Bytes old = readRaw(target);

    // An abandoned writer: the old file stays, the temporary file goes.
    {
        Result<NpzWriter> w = NpzWriter::create(target);
        HW_CHECK(w.ok());
        HW_CHECK(w.ok() && w->addString("meta", "new").ok());
        HW_CHECK(dir.entries().size() == 2);  // the temporary file exists while writing
    }
    HW_CHECK(readRaw(target) == old);
    HW_CHECK(dir.entries() == std::vector<std::string>{"run.hwrun"});

    // The disk "fills up" half-way (RLIMIT_FSIZE works for root too; SIGXFSZ ignored so that
    // the write returns EFBIG instead of killing the process).
    {
        struct rlimit saved {};
        HW_CHECK(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        void (*previous)(int) = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit small = saved;
        small.rlim_cur = 64 * 1024;
        HW_CHECK(::setrlimit(RLIMIT_FSIZE, &small) == 0);

        Result<NpzWriter> w = NpzWriter::create(target);
        HW_CHECK(w.ok());
        if (w) {
            const std::vector<float> big = floatValues(256 * 1024);  // 1 MiB
            Status s = w->addArray("big", DType::Float32, {256, 1024}, big.data());
            if (s) {
                s = w->finish();  // the error may surface only when the buffer is flushed
            }
            HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite);
            if (!s) {
                HW_CHECK_MSG(contains(s.error().message, target) &&
                                 contains(s.error().message, std::strerror(EFBIG)),
                             s.error().message);
            }
            HW_CHECK(dir.entries() == std::vector<std::string>{"run.hwrun"});  // removed at once
            // The writer stays closed with the same error.
            Status later = w->addString("meta", "x");
            HW_CHECK(!later.ok() && later.error().code == ErrorCode::FileWrite);
            later = w->finish();
            HW_CHECK(!later.ok() && later.error().code == ErrorCode::FileWrite);
        }
        HW_CHECK(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
        std::signal(SIGXFSZ, previous);
    }
    HW_CHECK(readRaw(target) == old);
    HW_CHECK(dir.entries() == std::vector<std::string>{"run.hwrun"});

    // The target is a folder: the rename fails at finish(), the folder survives.
    HW_CHECK(::mkdir(dir.file("adir").c_str(), 0700) == 0);
    {
        Result<NpzWriter> w = NpzWriter::create(dir.file("adir"));
        HW_CHECK(w.ok());
        if (w) {
            HW_CHECK(w->addString("meta", "x").ok());
            Status s = w->finish();
            HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite &&
                     contains(s.error().message, dir.file("adir")));
        }
    }
    HW_CHECK(std::filesystem::is_directory(dir.file("adir")));
    HW_CHECK(dir.entries() == (std::vector<std::string>{"adir", "run.hwrun"}));

    // A folder that does not exist, and a "folder" that is a file.
    Result<NpzWriter> w = NpzWriter::create(dir.file("no/such/folder/run.hwrun"));
    HW_CHECK(!w.ok() && w.error().code == ErrorCode::FileWrite &&
             contains(w.error().message, "no/such/folder/run.hwrun"));
    w = NpzWriter::create(target + "/inside.npz");
    HW_CHECK(!w.ok() && w.error().code == ErrorCode::FileWrite);
    HW_CHECK(readRaw(target) == old);

    // A read-only folder (root ignores permissions, so only as another user).
    if (::geteuid() != 0) {
        HW_CHECK(::chmod(dir.path().c_str(), 0500) == 0);
        w = NpzWriter::create(target);
        HW_CHECK(!w.ok() && w.error().code == ErrorCode::FileWrite);
        HW_CHECK(::chmod(dir.path().c_str(), 0700) == 0);
        HW_CHECK(readRaw(target) == old);
    } else {
        std::fprintf(stderr,
                     "  note: running as root, so the read-only-folder case is not tested "
                     "(chmod does not stop root); the full-disk case covers refusal\n");
    }
    HW_CHECK(dir.entries() == (std::vector<std::string>{"adir", "run.hwrun"}));
}

}  // namespace

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
