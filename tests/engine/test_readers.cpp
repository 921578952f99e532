// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of the defensive file readers: .npy and .safetensors round trips, hand-written headers,
// conversions, every truncation, random header corruption, absurd values and atomic writes.
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "check.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/formats/token_sidecar.h"

namespace {

using namespace headwave;
using Bytes = std::vector<std::uint8_t>;

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                              "/headwave_readers_XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) != nullptr) {
            m_path = buffer.data();
        }
    }
    ~TempDir() {
        if (!m_path.empty()) {
            // Restore write permission first, in case a test took it away.
            ::chmod(m_path.c_str(), 0700);
            std::error_code ignored;
            std::filesystem::remove_all(m_path, ignored);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !m_path.empty(); }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    const std::string& path() const { return m_path; }

    // Names in the folder, to prove that no temporary file was left behind.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(m_path, ec)) {
            names.push_back(e.path().filename().string());
        }
        return names;
    }

private:
    std::string m_path;
};

bool writeRaw(const std::string& path, const Bytes& bytes) {
    // A new file rather than truncating the old one: ext4 flushes a truncated-and-rewritten file on
    // close, which made the thousands of small writes below take seconds.
    (void)std::remove(path.c_str());
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        return false;
    }
    const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    return std::fclose(f) == 0 && ok;
}

Bytes readRaw(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Deterministic everywhere (unlike std::uniform_int_distribution): splitmix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t m_state;
};

// A distinct value for every element, exactly representable in float: k / 1024 for k < 2^14.
double valueAt(std::size_t index) {
    return static_cast<double>(index % 16384) / 1024.0 - 3.0;
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
        v[i] = valueAt(i) + 1.0 / 3.0;  // not representable in float: proves no narrowing
    }
    return v;
}

template <typename T>
Bytes asBytes(const std::vector<T>& values) {
    Bytes b(values.size() * sizeof(T));
    if (!b.empty()) {
        std::memcpy(b.data(), values.data(), b.size());
    }
    return b;
}

template <typename T>
Bytes bigEndianBytes(const std::vector<T>& values) {
    Bytes b = asBytes(values);
    if constexpr (std::endian::native == std::endian::little) {
        for (std::size_t i = 0; i < b.size(); i += sizeof(T)) {
            std::reverse(b.begin() + static_cast<std::ptrdiff_t>(i),
                         b.begin() + static_cast<std::ptrdiff_t>(i + sizeof(T)));
        }
    }
    return b;
}

// magic, version, length field, the dict text padded with spaces to `total` header bytes, data.
Bytes npyBytes(int major, const std::string& dict, const Bytes& data, std::size_t pad = 0) {
    Bytes out = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<std::uint8_t>(major), 0};
    std::string text = dict + std::string(pad, ' ') + "\n";
    const std::size_t n = text.size();
    out.push_back(static_cast<std::uint8_t>(n & 0xFF));
    out.push_back(static_cast<std::uint8_t>((n >> 8) & 0xFF));
    if (major >= 2) {
        out.push_back(static_cast<std::uint8_t>((n >> 16) & 0xFF));
        out.push_back(static_cast<std::uint8_t>((n >> 24) & 0xFF));
    }
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// 8-byte little-endian length, the JSON as given, then the data area.
Bytes safetensorsBytes(const std::string& json, const Bytes& data, std::uint64_t length = 0) {
    const std::uint64_t n = length != 0 ? length : json.size();
    Bytes out;
    for (int i = 0; i < 8; ++i) {
        out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    }
    out.insert(out.end(), json.begin(), json.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

std::size_t layerValues(const AttentionShape& s) {
    return static_cast<std::size_t>(s.heads) * static_cast<std::size_t>(s.tokens) *
           static_cast<std::size_t>(s.tokens);
}

// Reads every value of every layer (touching all mapped bytes); false on any error.
bool readAllLayers(AttentionSource& source, double* sum = nullptr) {
    const AttentionShape s = source.shape();
    double total = 0;
    for (int l = 0; l < s.layers; ++l) {
        Result<LayerView> view = source.layer(l);
        if (!view) {
            return false;
        }
        const std::size_t n = layerValues(s);
        for (std::size_t i = 0; i < n; ++i) {
            total += view->dtype == DType::Float32 ? static_cast<double>(view->f32()[i])
                                                   : view->f64()[i];
        }
    }
    if (sum != nullptr) {
        *sum = total;
    }
    return true;
}

// Checks every value of the source against expected [L * H * T * T] values, exactly.
template <typename T>
void checkValues(AttentionSource& source, const std::vector<T>& expected, DType dtype) {
    const AttentionShape s = source.shape();
    const std::size_t n = layerValues(s);
    HW_CHECK_EQ(static_cast<std::size_t>(s.layers) * n, expected.size());
    for (int l = 0; l < s.layers; ++l) {
        Result<LayerView> view = source.layer(l);
        HW_CHECK_MSG(view.ok(), (view.ok() ? "" : view.error().describe()));
        if (!view) {
            return;
        }
        HW_CHECK(view->dtype == dtype);
        HW_CHECK(view->owner != nullptr);
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T got = dtype == DType::Float32 ? static_cast<T>(view->f32()[i])
                                                  : static_cast<T>(view->f64()[i]);
            mismatches += got == expected[static_cast<std::size_t>(l) * n + i] ? 0u : 1u;
        }
        HW_CHECK_EQ(mismatches, std::size_t{0});
    }
}

// Two reads of the same layer share memory exactly when the layer is a view into the mapping.
bool isZeroCopy(AttentionSource& source) {
    Result<LayerView> a = source.layer(0);
    Result<LayerView> b = source.layer(0);
    return a && b && a->data == b->data;
}

Result<std::unique_ptr<AttentionSource>> openBytes(const TempDir& dir, const std::string& name,
                                                   const Bytes& bytes,
                                                   const AttentionFileOptions& options = {}) {
    const std::string path = dir.file(name);
    if (!writeRaw(path, bytes)) {
        return makeError(ErrorCode::FileWrite, "test could not write " + path);
    }
    return openAttentionFile(path, options);
}

// ---- .npy --------------------------------------------------------------------------------------

HW_TEST(npy_round_trip_all_ranks_and_dtypes) {
    TempDir dir;
    HW_CHECK(dir.ok());
    const std::vector<std::vector<std::int64_t>> shapes = {{3, 2, 5, 5}, {2, 5, 5}, {5, 5}};
    for (const auto& shape : shapes) {
        std::size_t n = 1;
        for (std::int64_t d : shape) {
            n *= static_cast<std::size_t>(d);
        }
        for (DType dtype : {DType::Float32, DType::Float64}) {
            const std::string path = dir.file("rt.npy");
            const std::vector<float> f = floatValues(n);
            const std::vector<double> d = doubleValues(n);
            const void* data = dtype == DType::Float32 ? static_cast<const void*>(f.data())
                                                       : static_cast<const void*>(d.data());
            Status written = writeNpy(path, dtype, shape, data);
            HW_CHECK_MSG(written.ok(), (written ? "" : written.error().describe()));

            const Bytes bytes = readRaw(path);
            Result<NpyHeader> header = parseNpyHeader(bytes.data(), bytes.size());
            HW_CHECK(header.ok());
            if (!header) {
                continue;
            }
            HW_CHECK_EQ(header->dataOffset % 64, std::size_t{0});  // numpy's alignment
            HW_CHECK_EQ(header->dataBytes, n * dtypeSize(dtype));
            HW_CHECK_EQ(bytes.size(), header->dataOffset + header->dataBytes);
            HW_CHECK(header->shape == shape);
            HW_CHECK(header->dtype == dtype);
            HW_CHECK(!header->bigEndian);

            Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path);
            HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
            if (!source) {
                continue;
            }
            AttentionSource& s = *source.value();
            const AttentionShape expected{
                shape.size() == 4 ? static_cast<int>(shape[0]) : 1,
                shape.size() >= 3 ? static_cast<int>(shape[shape.size() - 3]) : 1, 5};
            HW_CHECK_EQ(s.shape().layers, expected.layers);
            HW_CHECK_EQ(s.shape().heads, expected.heads);
            HW_CHECK_EQ(s.shape().tokens, expected.tokens);
            HW_CHECK_EQ(s.name(), std::string("rt.npy"));
            HW_CHECK(s.warnings().empty());
            if (dtype == DType::Float32) {
                checkValues(s, f, dtype);
            } else {
                checkValues(s, d, dtype);
            }
            HW_CHECK(isZeroCopy(s));
            HW_CHECK(!s.layer(-1).ok());
            HW_CHECK(s.layer(s.shape().layers).error().code == ErrorCode::InvalidArgument);
        }
    }
    // A layer outlives its source: the view keeps the mapping alive.
    const std::vector<float> f = floatValues(2 * 4 * 4);
    HW_CHECK(writeNpy(dir.file("keep.npy"), DType::Float32, {2, 4, 4}, f.data()).ok());
    LayerView kept;
    {
        Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(dir.file("keep.npy"));
        HW_CHECK(source.ok());
        if (source) {
            Result<LayerView> v = source.value()->layer(0);
            HW_CHECK(v.ok());
            if (v) {
                kept = v.value();
            }
        }
    }
    HW_CHECK(kept.data != nullptr);
    if (kept.data != nullptr) {
        HW_CHECK_EQ(kept.f32()[31], f[31]);
    }
    HW_CHECK(dir.entries().size() == 2);  // rt.npy, keep.npy: no temporary files left
}

HW_TEST(npy_big_endian_hand_written) {
    TempDir dir;
    // Keys in another order, no trailing comma, double quotes: still a valid Python dict.
    const std::vector<double> d = doubleValues(2 * 2 * 3 * 3);
    Result<std::unique_ptr<AttentionSource>> source =
        openBytes(dir, "be8.npy",
                  npyBytes(1, "{\"shape\": (2, 2, 3, 3), 'fortran_order': False, 'descr': '>f8'}",
                           bigEndianBytes(d), 5));
    HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
    if (source) {
        checkValues(*source.value(), d, DType::Float64);
        HW_CHECK(!isZeroCopy(*source.value()));  // converted into a buffer, one layer at a time
    }

    const std::vector<float> f = floatValues(3 * 4 * 4);
    source = openBytes(dir, "be4.npy",
                       npyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (3, 4, 4), }",
                                bigEndianBytes(f)));
    HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
    if (source) {
        HW_CHECK_EQ(source.value()->shape().heads, 3);
        checkValues(*source.value(), f, DType::Float32);
    }
}

HW_TEST(npy_versions_whitespace_and_python2_longs) {
    TempDir dir;
    const std::vector<float> f = floatValues(4 * 4);
    for (int major : {2, 3}) {
        Result<std::unique_ptr<AttentionSource>> source = openBytes(
            dir, "v" + std::to_string(major) + ".npy",
            npyBytes(major, "{ 'descr' :'<f4' ,\t'shape':( 4 ,4, ) ,'fortran_order':False,\n}",
                     asBytes(f), 7));
        HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
        if (source) {
            checkValues(*source.value(), f, DType::Float32);
        }
    }
    const Bytes v2 =
        npyBytes(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (4L, 4L), }", asBytes(f));
    Result<NpyHeader> header = parseNpyHeader(v2.data(), v2.size());
    HW_CHECK(header.ok());
    if (header) {
        HW_CHECK_EQ(header->majorVersion, 2);
        HW_CHECK((header->shape == std::vector<std::int64_t>{4, 4}));
        HW_CHECK_EQ(header->dataOffset, v2.size() - 64);  // 16 float32 values follow
    }
    // A 0-d array and (3,) parse; they are just not attention.
    const Bytes scalar = npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': ()}",
                                  asBytes(std::vector<double>{1.5}));
    header = parseNpyHeader(scalar.data(), scalar.size());
    HW_CHECK(header.ok() && header->shape.empty() && header->dataBytes == 8);
    Result<std::unique_ptr<AttentionSource>> source = openBytes(dir, "scalar.npy", scalar);
    HW_CHECK(!source.ok() && source.error().code == ErrorCode::Unsupported);
    // Version 4.0 does not exist.
    Bytes v4 = v2;
    v4[6] = 4;
    header = parseNpyHeader(v4.data(), v4.size());
    HW_CHECK(!header.ok() && header.error().code == ErrorCode::Unsupported);
    // Trailing bytes after the data are tolerated with a warning.
    Bytes trailing =
        npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4)}", asBytes(f));
    trailing.push_back(0);
    source = openBytes(dir, "trailing.npy", trailing);
    HW_CHECK(source.ok() && source.value()->warnings().size() == 1);
}

HW_TEST(npy_misaligned_data_is_copied) {
    TempDir dir;
    const std::vector<float> f = floatValues(2 * 3 * 3);
    // Header text of 44 bytes puts the data at byte 54, which is not a multiple of 4.
    const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 3)}";
    const Bytes bytes = npyBytes(1, dict, asBytes(f), 0);
    const std::size_t offset = 10 + dict.size() + 1;
    HW_CHECK(offset % 4 != 0);
    Result<std::unique_ptr<AttentionSource>> source = openBytes(dir, "odd.npy", bytes);
    HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
    if (source) {
        checkValues(*source.value(), f, DType::Float32);
        Result<LayerView> view = source.value()->layer(0);
        HW_CHECK(view.ok() && reinterpret_cast<std::uintptr_t>(view->data) % alignof(float) == 0);
    }
}

HW_TEST(npy_fortran_order_and_dtypes_refused) {
    TempDir dir;
    const std::vector<float> f = floatValues(3 * 4 * 4);
    Result<std::unique_ptr<AttentionSource>> source = openBytes(
        dir, "fortran.npy",
        npyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4, 4), }", asBytes(f)));
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK(source.error().code == ErrorCode::Unsupported);
        HW_CHECK(contains(source.error().message, "np.ascontiguousarray"));
        HW_CHECK(contains(source.error().message, "fortran.npy"));
    }
    // With at most one dimension longer than 1 the layouts coincide, so it is accepted.
    const Bytes oneD = npyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 16)}",
                                asBytes(floatValues(16)));
    Result<NpyHeader> header = parseNpyHeader(oneD.data(), oneD.size());
    HW_CHECK(header.ok() && header->fortranOrder);

    for (const char* descr : {"<f2", "<i8", "|O", "<c8", "|u1", "<f16", "f4"}) {
        const Bytes bytes = npyBytes(
            1, std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (4, 4)}",
            Bytes(256, 0));
        source = openBytes(dir, "dtype.npy", bytes);
        HW_CHECK_MSG(!source.ok() && source.error().code == ErrorCode::Unsupported, descr);
        if (!source) {
            HW_CHECK_MSG(contains(source.error().message, "arr.astype(np.float32)"),
                         source.error().message);
        }
    }
    source = openBytes(dir, "struct.npy",
                       npyBytes(1,
                                "{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, "
                                "'shape': (4, 4)}",
                                Bytes(128, 0)));
    HW_CHECK(!source.ok() && source.error().code == ErrorCode::Unsupported);
}

HW_TEST(npy_shape_errors_name_the_file) {
    TempDir dir;
    auto open = [&](const std::string& shape, std::size_t values) {
        return openBytes(
            dir, "shape.npy",
            npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + "}",
                     asBytes(floatValues(values))));
    };
    Result<std::unique_ptr<AttentionSource>> s = open("(2, 5, 7)", 70);
    HW_CHECK(!s.ok());
    if (!s) {
        HW_CHECK(s.error().code == ErrorCode::InvalidAttention);
        HW_CHECK_MSG(
            contains(s.error().message, "expected square [T, T] attention matrices, got [2, 5, 7]"),
            s.error().message);
        HW_CHECK(contains(s.error().message, "shape.npy"));
    }
    s = open("(5,)", 5);
    HW_CHECK(!s.ok());
    if (!s) {
        HW_CHECK(s.error().code == ErrorCode::Unsupported);
        HW_CHECK_MSG(
            contains(s.error().message, "[5] (rank 1)") &&
                contains(s.error().message, "[layers, heads, T, T], [heads, T, T], [T, T]") &&
                contains(s.error().message, "shape.npy"),
            s.error().message);
    }
    s = open("(2, 2, 2, 2, 2, 2)", 64);
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::Unsupported);
    s = open("(3, 1, 1)", 3);
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::InvalidAttention);  // T = 1
    s = open("(0, 4, 4)", 0);
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::InvalidAttention);  // no heads
    s = open("(2, 1, 3, 4, 4)", 96);  // [L, 1, H, T, T]: stacked output_attentions, batch of one
    HW_CHECK(s.ok() && s.value()->shape().layers == 2 && s.value()->shape().heads == 3);

    // Truncated data: the message states both sizes.
    s = open("(2, 4, 4)", 31);
    HW_CHECK(!s.ok());
    if (!s) {
        HW_CHECK(s.error().code == ErrorCode::FileFormat);
        HW_CHECK_MSG(
            contains(s.error().message, "truncated: expected 128 bytes of data, found 124"),
            s.error().message);
        HW_CHECK(contains(s.error().message, "shape.npy"));
    }
}

HW_TEST(npy_absurd_headers) {
    // Each is a complete, small file whose header lies.
    const std::vector<std::string> dicts = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,)}",  // 2^62
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 2)}",      // 2^41 total
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576, 2)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 4)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), 'extra': 1}",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4, 4)}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (4, 4)}",
        "{'descr': '<f4', 'shape': (4, 4)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [4, 4]}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4)} x",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (4, 4)}",
        "['descr', '<f4']",
        "",
    };
    for (const std::string& dict : dicts) {
        const Bytes bytes = npyBytes(1, dict, Bytes(64, 0));
        Result<NpyHeader> header = parseNpyHeader(bytes.data(), bytes.size());
        HW_CHECK_MSG(!header.ok(), dict);
        if (!header) {
            HW_CHECK_MSG(header.error().code == ErrorCode::FileFormat, dict);
        }
    }
    // A header length beyond the end of the file, in both length-field sizes.
    Bytes bytes =
        npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}", Bytes(16, 0));
    bytes[8] = 0xFF;
    bytes[9] = 0xFF;
    HW_CHECK(!parseNpyHeader(bytes.data(), bytes.size()).ok());
    bytes = npyBytes(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}", Bytes(16, 0));
    bytes[11] = 0xFF;
    HW_CHECK(!parseNpyHeader(bytes.data(), bytes.size()).ok());
    HW_CHECK(!parseNpyHeader(nullptr, 0).ok());
}

HW_TEST(npy_write_rejects_bad_arguments) {
    TempDir dir;
    const float value = 1;
    HW_CHECK(writeNpy(dir.file("a.npy"), DType::Float32, {-1, 2}, &value).error().code ==
             ErrorCode::InvalidArgument);
    HW_CHECK(writeNpy(dir.file("a.npy"), DType::Float32, {2, 2}, nullptr).error().code ==
             ErrorCode::InvalidArgument);
    HW_CHECK(
        writeNpy(dir.file("a.npy"), DType::Float32, {std::int64_t{1} << 62}, &value).error().code ==
        ErrorCode::InvalidArgument);
    HW_CHECK(dir.entries().empty());
    // A 0-d array is a valid .npy file of one value.
    const double scalar = 2.5;
    HW_CHECK(writeNpy(dir.file("scalar.npy"), DType::Float64, {}, &scalar).ok());
    const Bytes bytes = readRaw(dir.file("scalar.npy"));
    Result<NpyHeader> header = parseNpyHeader(bytes.data(), bytes.size());
    HW_CHECK(header.ok() && header->shape.empty() && header->dataBytes == 8);
}

// ---- .safetensors ------------------------------------------------------------------------------

HW_TEST(safetensors_round_trip_header) {
    TempDir dir;
    const std::vector<float> attn = floatValues(2 * 3 * 4 * 4);
    const std::vector<std::int64_t> ids = {5, 6, 7, 8};
    const Bytes attnBytes = asBytes(attn);
    const Bytes idBytes = asBytes(ids);
    const Bytes flag = {1};
    const std::string path = dir.file("rt.safetensors");
    Status written =
        writeSafetensors(path,
                         {{"input_ids", SafetensorsDType::I64, {4}, idBytes},
                          {"attention", SafetensorsDType::F32, {2, 3, 4, 4}, attnBytes},
                          {"flag", SafetensorsDType::Bool, {}, flag},
                          {"empty", SafetensorsDType::F16, {0, 3}, {}}},
                         {{"model", "test"}, {"prompt", "Hello, \"world\""}});
    HW_CHECK_MSG(written.ok(), (written ? "" : written.error().describe()));

    const Bytes bytes = readRaw(path);
    Result<SafetensorsHeader> header = parseSafetensorsHeader(bytes.data(), bytes.size());
    HW_CHECK_MSG(header.ok(), (header ? "" : header.error().describe()));
    if (!header) {
        return;
    }
    HW_CHECK_EQ(header->dataStart % 8, std::size_t{0});
    HW_CHECK_EQ(header->tensors.size(), std::size_t{4});
    HW_CHECK_EQ(header->tensors[0].name, std::string("attention"));  // sorted by name
    HW_CHECK_EQ(header->tensors[3].name, std::string("input_ids"));
    HW_CHECK_EQ(header->metadata.at("prompt"), std::string("Hello, \"world\""));
    HW_CHECK_EQ(header->metadata.at("model"), std::string("test"));
    HW_CHECK_EQ(header->dataSize, attnBytes.size() + idBytes.size() + flag.size());
    const SafetensorsTensor* ids2 = header->find("input_ids");
    HW_CHECK(ids2 != nullptr && header->find("nope") == nullptr);
    if (ids2 != nullptr) {
        HW_CHECK(ids2->dtype == SafetensorsDType::I64 && ids2->dtypeName == "I64");
        HW_CHECK_EQ(ids2->begin % 8, std::size_t{0});  // aligned for its dtype
        HW_CHECK(std::memcmp(bytes.data() + header->dataStart + ids2->begin, ids.data(), 32) == 0);
        HW_CHECK_EQ(ids2->describe(), std::string("input_ids I64 [4]"));
    }
    const SafetensorsTensor* empty = header->find("empty");
    HW_CHECK(empty != nullptr && empty->byteSize() == 0 && empty->shape.size() == 2);

    // The attention tensor is found automatically: the I64, BOOL and empty tensors are ignored.
    Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path);
    HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
    if (source) {
        HW_CHECK_EQ(source.value()->shape().layers, 2);
        HW_CHECK_EQ(source.value()->shape().heads, 3);
        HW_CHECK_EQ(source.value()->shape().tokens, 4);
        checkValues(*source.value(), attn, DType::Float32);
        HW_CHECK(isZeroCopy(*source.value()));
    }

    // Writer refusals leave no file behind.
    HW_CHECK(
        writeSafetensors(dir.file("bad.safetensors"), {{"a", SafetensorsDType::F32, {2}, flag}})
            .error()
            .code == ErrorCode::InvalidArgument);
    HW_CHECK(writeSafetensors(dir.file("bad.safetensors"), {{"a", SafetensorsDType::U8, {1}, flag},
                                                            {"a", SafetensorsDType::U8, {1}, flag}})
                 .error()
                 .code == ErrorCode::InvalidArgument);
    HW_CHECK(writeSafetensors(dir.file("bad.safetensors"),
                              {{"__metadata__", SafetensorsDType::U8, {1}, flag}})
                 .error()
                 .code == ErrorCode::InvalidArgument);
    HW_CHECK(!std::filesystem::exists(dir.file("bad.safetensors")));
}

HW_TEST(safetensors_single_tensor_all_ranks) {
    TempDir dir;
    const std::vector<std::vector<std::int64_t>> shapes = {{3, 2, 4, 4}, {2, 4, 4}, {4, 4}};
    for (const auto& shape : shapes) {
        std::size_t n = 1;
        for (std::int64_t d : shape) {
            n *= static_cast<std::size_t>(d);
        }
        const std::vector<double> d = doubleValues(n);
        const Bytes bytes = asBytes(d);
        const std::string path = dir.file("single.safetensors");
        HW_CHECK(writeSafetensors(path, {{"attn", SafetensorsDType::F64, shape, bytes}}).ok());
        Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path);
        HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
        if (source) {
            checkValues(*source.value(), d, DType::Float64);
            HW_CHECK(isZeroCopy(*source.value()));
        }
        // By name too.
        source = openAttentionFile(path, {"attn"});
        HW_CHECK(source.ok());
    }
}

HW_TEST(safetensors_per_layer_series) {
    TempDir dir;
    // 11 layers: "attention.10" sorts before "attention.2" by name; layer order must be numeric.
    constexpr int kLayers = 11;
    const std::size_t perLayer = 2 * 3 * 3;
    const std::vector<float> all = floatValues(kLayers * perLayer);
    std::vector<Bytes> layerBytes;
    for (int l = 0; l < kLayers; ++l) {
        const auto first =
            all.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(l) * perLayer);
        layerBytes.push_back(
            asBytes(std::vector<float>(first, first + static_cast<std::ptrdiff_t>(perLayer))));
    }
    const std::vector<std::int64_t> tokens = {1, 2, 3};
    const Bytes tokenBytes = asBytes(tokens);

    struct Naming {
        std::string prefix, suffix, option;
    };
    for (const Naming& naming :
         {Naming{"attention.", "", "attention"}, Naming{"layers.", ".attn", "layers.*.attn"},
          Naming{"attn", "", "attn"},
          Naming{"blocks.", ".self_attn.probs", "blocks.*.self_attn.probs"}}) {
        std::vector<SafetensorsTensorData> tensors;
        for (int l = 0; l < kLayers; ++l) {
            tensors.push_back({naming.prefix + std::to_string(l) + naming.suffix,
                               SafetensorsDType::F32,
                               {2, 3, 3},
                               layerBytes[static_cast<std::size_t>(l)]});
        }
        tensors.push_back({"tokens", SafetensorsDType::I64, {3}, tokenBytes});
        const std::string path = dir.file("series.safetensors");
        HW_CHECK(writeSafetensors(path, tensors).ok());
        for (const std::string& option : {std::string(), naming.option}) {
            Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path, {option});
            HW_CHECK_MSG(source.ok(), naming.prefix << " option '" << option << "': "
                                                    << (source ? "" : source.error().describe()));
            if (source) {
                HW_CHECK_EQ(source.value()->shape().layers, kLayers);
                HW_CHECK_EQ(source.value()->shape().heads, 2);
                HW_CHECK_EQ(source.value()->shape().tokens, 3);
                checkValues(*source.value(), all, DType::Float32);
                HW_CHECK(isZeroCopy(*source.value()));
            }
        }
        // One layer by its own name.
        Result<std::unique_ptr<AttentionSource>> one =
            openAttentionFile(path, {naming.prefix + "3" + naming.suffix});
        HW_CHECK(one.ok() && one.value()->shape().layers == 1);
    }

    // A gap in the numbering, given by name: a clear error.
    std::vector<SafetensorsTensorData> gap = {
        {"attention.0", SafetensorsDType::F32, {2, 3, 3}, layerBytes[0]},
        {"attention.2", SafetensorsDType::F32, {2, 3, 3}, layerBytes[2]}};
    HW_CHECK(writeSafetensors(dir.file("gap.safetensors"), gap).ok());
    Result<std::unique_ptr<AttentionSource>> source =
        openAttentionFile(dir.file("gap.safetensors"), {"attention"});
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK_MSG(contains(source.error().message, "no layer 1") &&
                         contains(source.error().message, "gap.safetensors"),
                     source.error().message);
    }
    // Automatically, the two unrelated tensors are ambiguous, and both are listed.
    source = openAttentionFile(dir.file("gap.safetensors"));
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK(source.error().code == ErrorCode::InvalidArgument);
        HW_CHECK_MSG(contains(source.error().message, "attention.0 F32 [2, 3, 3]") &&
                         contains(source.error().message, "attention.2 F32 [2, 3, 3]"),
                     source.error().message);
    }
    // Layers of different shapes, given by name.
    const Bytes small = asBytes(floatValues(2 * 2 * 2));
    HW_CHECK(writeSafetensors(dir.file("mixed.safetensors"),
                              {{"a.0", SafetensorsDType::F32, {2, 3, 3}, layerBytes[0]},
                               {"a.1", SafetensorsDType::F32, {2, 2, 2}, small}})
                 .ok());
    source = openAttentionFile(dir.file("mixed.safetensors"), {"a"});
    HW_CHECK(!source.ok() && contains(source.error().message, "differ"));
    // [1, H, T, T] per layer (a batch of one) is accepted.
    HW_CHECK(writeSafetensors(dir.file("batch.safetensors"),
                              {{"a.0", SafetensorsDType::F32, {1, 2, 3, 3}, layerBytes[0]},
                               {"a.1", SafetensorsDType::F32, {1, 2, 3, 3}, layerBytes[1]}})
                 .ok());
    source = openAttentionFile(dir.file("batch.safetensors"));
    HW_CHECK(source.ok() && source.value()->shape().layers == 2 &&
             source.value()->shape().heads == 2);
}

HW_TEST(safetensors_selection_errors) {
    TempDir dir;
    const Bytes a = asBytes(floatValues(16));
    const Bytes ids = asBytes(std::vector<std::int64_t>{1, 2});
    const std::string path = dir.file("two.safetensors");
    HW_CHECK(writeSafetensors(path, {{"first", SafetensorsDType::F32, {4, 4}, a},
                                     {"second", SafetensorsDType::F32, {4, 4}, a},
                                     {"ids", SafetensorsDType::I64, {2}, ids}})
                 .ok());
    Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path);
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK(source.error().code == ErrorCode::InvalidArgument);
        HW_CHECK_MSG(contains(source.error().message, "first F32 [4, 4]") &&
                         contains(source.error().message, "second F32 [4, 4]") &&
                         contains(source.error().message, "two.safetensors") &&
                         !contains(source.error().message, "ids I64"),
                     source.error().message);
    }
    HW_CHECK(openAttentionFile(path, {"second"}).ok());
    source = openAttentionFile(path, {"third"});
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK(source.error().code == ErrorCode::InvalidArgument);
        HW_CHECK_MSG(contains(source.error().message, "ids I64 [2]") &&
                         contains(source.error().message, "'third'"),
                     source.error().message);
    }
    source = openAttentionFile(path, {"ids"});  // named, but not attention
    HW_CHECK(!source.ok() && source.error().code == ErrorCode::Unsupported);

    // Nothing attention-like: lists what is there.
    HW_CHECK(writeSafetensors(path, {{"w", SafetensorsDType::F32, {2, 8}, a},
                                     {"ids", SafetensorsDType::I64, {2}, ids}})
                 .ok());
    source = openAttentionFile(path);
    HW_CHECK(!source.ok() && contains(source.error().message, "w F32 [2, 8]"));
    // One tensor of the wrong shape: the specific error.
    HW_CHECK(writeSafetensors(path, {{"w", SafetensorsDType::F32, {2, 8}, a}}).ok());
    source = openAttentionFile(path);
    HW_CHECK(!source.ok());
    if (!source) {
        HW_CHECK_MSG(contains(source.error().message,
                              "expected square [T, T] attention matrices, got [2, 8]"),
                     source.error().message);
    }
    // No tensors at all.
    HW_CHECK(writeSafetensors(path, {}, {{"k", "v"}}).ok());
    source = openAttentionFile(path);
    HW_CHECK(!source.ok() && contains(source.error().message, "no tensors"));
}

// IEEE half and bfloat16 bit patterns and their exact float32 values.
HW_TEST(safetensors_f16_bf16_conversion_exact) {
    TempDir dir;
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<std::pair<std::uint16_t, float>> half = {
        {0x3C00, 1.0f},
        {0xC000, -2.0f},
        {0x3555, 0.333251953125f},           // 1365/4096
        {0x0001, std::ldexp(1.0f, -24)},     // smallest subnormal
        {0x03FF, std::ldexp(1023.0f, -24)},  // largest subnormal
        {0x0400, std::ldexp(1.0f, -14)},     // smallest normal
        {0x7BFF, 65504.0f},                  // largest finite
        {0xFC00, -inf},
        {0x8000, -0.0f},
    };
    const std::vector<std::pair<std::uint16_t, float>> bf16 = {
        {0x3F80, 1.0f},
        {0xC000, -2.0f},
        {0x3EAB, 0.333984375f},             // (1 + 43/128) / 4
        {0x0001, std::ldexp(1.0f, -133)},   // smallest subnormal
        {0x0080, std::ldexp(1.0f, -126)},   // smallest normal
        {0x7F7F, std::ldexp(255.0f, 120)},  // largest finite: (1 + 127/128) 2^127
        {0x7F80, inf},
        {0xBF40, -0.75f},
        {0x8000, -0.0f},
    };
    for (bool isBf16 : {false, true}) {
        const auto& table = isBf16 ? bf16 : half;
        Bytes bytes;
        for (const auto& [bits, value] : table) {
            bytes.push_back(static_cast<std::uint8_t>(bits & 0xFF));
            bytes.push_back(static_cast<std::uint8_t>(bits >> 8));
        }
        const std::string path = dir.file("half.safetensors");
        HW_CHECK(
            writeSafetensors(
                path,
                {{"a", isBf16 ? SafetensorsDType::BF16 : SafetensorsDType::F16, {3, 3}, bytes}})
                .ok());
        Result<std::unique_ptr<AttentionSource>> source = openAttentionFile(path);
        HW_CHECK_MSG(source.ok(), (source ? "" : source.error().describe()));
        if (!source) {
            continue;
        }
        Result<LayerView> view = source.value()->layer(0);
        HW_CHECK(view.ok() && view->dtype == DType::Float32);
        if (!view) {
            continue;
        }
        for (std::size_t i = 0; i < table.size(); ++i) {
            // Bit-exact, so -0 is told from +0.
            HW_CHECK_MSG(std::bit_cast<std::uint32_t>(view->f32()[i]) ==
                             std::bit_cast<std::uint32_t>(table[i].second),
                         (isBf16 ? "bf16 " : "f16 ")
                             << std::hex << table[i].first << ": " << view->f32()[i]
                             << " != " << table[i].second);
        }
    }
    // NaN stays NaN.
    const Bytes nan = {0x00, 0x7E, 0x00, 0x7E, 0x00, 0x7E, 0x00, 0x7E};
    HW_CHECK(
        writeSafetensors(dir.file("nan.safetensors"), {{"a", SafetensorsDType::F16, {2, 2}, nan}})
            .ok());
    Result<std::unique_ptr<AttentionSource>> source =
        openAttentionFile(dir.file("nan.safetensors"));
    HW_CHECK(source.ok());
    if (source) {
        Result<LayerView> view = source.value()->layer(0);
        HW_CHECK(view.ok() && std::isnan(view->f32()[3]));
    }
}

HW_TEST(safetensors_absurd_headers) {
    const Bytes data16(16, 0);
    struct Case {
        const char* what;
        Bytes bytes;
    };
    const std::vector<Case> cases = {
        {"shape 2^62",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,16]}})",
             data16)},
        {"shape overflow",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,16]}})",
             data16)},
        {"shape 2^64",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,16]}})",
             data16)},
        {"negative dim",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", data16)},
        {"float dim",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4.0],"data_offsets":[0,16]}})", data16)},
        {"offsets beyond file",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})", data16)},
        {"offsets huge",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[18446744073709551600,18446744073709551615]}})",
             data16)},
        {"offsets reversed",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[16,0]}})", data16)},
        {"size mismatch",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", data16)},
        {"overlap",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
             data16)},
        {"contained",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"U8","shape":[1],"data_offsets":[15,16]}})",
             data16)},
        {"duplicate name",
         safetensorsBytes(
             R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
             data16)},
        {"header length > file", safetensorsBytes(R"({})", data16, 1000)},
        {"header length > 100 MB", safetensorsBytes(R"({})", data16, 200'000'000)},
        {"header length 2^63", safetensorsBytes(R"({})", data16, std::uint64_t{1} << 63)},
        {"not an object", safetensorsBytes(R"({"a":1})", data16)},
        {"not JSON", safetensorsBytes(R"({"a":)", data16)},
        {"array at top", safetensorsBytes(R"([{"a":1}])", data16)},
        {"deep nesting", safetensorsBytes(std::string(5000, '[') + std::string(5000, ']'), data16)},
        {"deep object",
         safetensorsBytes("{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}", data16)},
        {"metadata not strings", safetensorsBytes(R"({"__metadata__":{"k":1}})", data16)},
        {"missing dtype", safetensorsBytes(R"({"a":{"shape":[4],"data_offsets":[0,16]}})", data16)},
        {"three offsets",
         safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8,16]}})", data16)},
        {"invalid UTF-8",
         safetensorsBytes("{\"\xff\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                          data16)},
        {"empty", Bytes{}},
        {"length only", safetensorsBytes("", {})},
    };
    for (const Case& c : cases) {
        Result<SafetensorsHeader> header = parseSafetensorsHeader(c.bytes.data(), c.bytes.size());
        HW_CHECK_MSG(!header.ok(), c.what);
        if (!header) {
            HW_CHECK_MSG(header.error().code == ErrorCode::FileFormat,
                         c.what << ": " << header.error().describe());
        }
    }
    const Bytes unknown =
        safetensorsBytes(R"({"a":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}})", data16);
    Result<SafetensorsHeader> header = parseSafetensorsHeader(unknown.data(), unknown.size());
    HW_CHECK(!header.ok() && header.error().code == ErrorCode::Unsupported);

    // Tolerated: unused bytes between and after tensors, space padding, unknown keys, empty
    // tensors.
    const Bytes holes = safetensorsBytes(
        R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[1,3],"extra":true},"e":{"dtype":"F32","shape":[0,5],"data_offsets":[2,2]}}   )",
        data16);
    header = parseSafetensorsHeader(holes.data(), holes.size());
    HW_CHECK_MSG(header.ok(), (header ? "" : header.error().describe()));
}

HW_TEST(format_detection_by_magic) {
    TempDir dir;
    const std::vector<float> f = floatValues(16);
    // A .npy file named .safetensors, and the other way round: the bytes decide.
    HW_CHECK(writeNpy(dir.file("really_npy.safetensors"), DType::Float32, {4, 4}, f.data()).ok());
    HW_CHECK(openAttentionFile(dir.file("really_npy.safetensors")).ok());
    HW_CHECK(writeSafetensors(dir.file("really_st.npy"),
                              {{"a", SafetensorsDType::F32, {4, 4}, asBytes(f)}})
                 .ok());
    HW_CHECK(openAttentionFile(dir.file("really_st.npy")).ok());

    Result<std::unique_ptr<AttentionSource>> s =
        openBytes(dir, "text.npy", Bytes{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileFormat &&
             contains(s.error().message, "text.npy"));
    s = openBytes(dir, "empty.npy", Bytes{});
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileFormat &&
             contains(s.error().message, "empty"));
    s = openAttentionFile(dir.file("missing.npy"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileNotFound &&
             contains(s.error().message, "missing.npy"));
    // A folder is read as one file per layer; these files are not.
    s = openAttentionFile(dir.path());
    HW_CHECK(!s.ok() && contains(s.error().message, dir.path()));
}

// ---- corruption ---------------------------------------------------------------------------------

// Small valid files of every reading path: mapped float32, byte-swapped float64, a BF16 series, a
// mapped F32 tensor, an F16 tensor beside token ids. `option` is the tensor name to open with.
struct Sample {
    std::string name;
    Bytes bytes;
    std::string option;
    std::size_t headerEnd = 0;  // the header region: where corruption is applied
};

std::vector<Sample> smallSamples(const TempDir& dir) {
    std::vector<Sample> samples;
    samples.push_back(
        {"f4.npy",
         npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 3, 3), }",
                  asBytes(floatValues(36)), 12),
         "", 0});
    samples.push_back({"be8.npy",
                       npyBytes(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3, 3)}",
                                bigEndianBytes(doubleValues(18))),
                       "", 0});
    const Bytes ids = asBytes(std::vector<std::int64_t>{1, 2, 3});
    const Bytes f32 = asBytes(floatValues(2 * 2 * 3 * 3));
    const Bytes bf16a(36, 0x3F);  // the tensors only view their bytes: keep them alive
    const Bytes bf16b(36, 0x3E);
    const Bytes f16(18, 0x3C);
    const std::vector<std::pair<std::string, std::vector<SafetensorsTensorData>>> files = {
        {"series.safetensors",
         {{"attention.0", SafetensorsDType::BF16, {2, 3, 3}, bf16a},
          {"attention.1", SafetensorsDType::BF16, {2, 3, 3}, bf16b},
          {"ids", SafetensorsDType::I64, {3}, ids}}},
        {"f32.safetensors", {{"attention", SafetensorsDType::F32, {2, 2, 3, 3}, f32}}},
        {"f16.safetensors",
         {{"probs", SafetensorsDType::F16, {3, 3}, f16}, {"ids", SafetensorsDType::I64, {3}, ids}}},
    };
    for (const auto& [name, tensors] : files) {
        if (writeSafetensors(dir.file(name), tensors, {{"k", "v"}}).ok()) {
            samples.push_back({name, readRaw(dir.file(name)), "", 0});
        }
    }
    samples.push_back({"series-by-name.safetensors", samples[2].bytes, "attention", 0});
    for (Sample& sample : samples) {
        Result<NpyHeader> npy = parseNpyHeader(sample.bytes.data(), sample.bytes.size());
        Result<SafetensorsHeader> st =
            parseSafetensorsHeader(sample.bytes.data(), sample.bytes.size());
        sample.headerEnd = npy ? npy->dataOffset : st ? st->dataStart : 0;
    }
    return samples;
}

HW_TEST(every_truncation_is_an_error) {
    TempDir dir;
    const std::vector<Sample> samples = smallSamples(dir);
    HW_CHECK_EQ(samples.size(), std::size_t{6});
    for (const Sample& sample : samples) {
        HW_CHECK_MSG(sample.headerEnd > 0, sample.name);
        Result<std::unique_ptr<AttentionSource>> whole =
            openBytes(dir, sample.name, sample.bytes, {sample.option});
        HW_CHECK_MSG(whole.ok(), (whole ? "" : whole.error().describe()));
        for (std::size_t n = 0; n < sample.bytes.size(); ++n) {
            // In memory, in a buffer of exactly n bytes (ASan sees any read past it)...
            const Bytes prefix(sample.bytes.begin(),
                               sample.bytes.begin() + static_cast<std::ptrdiff_t>(n));
            HW_CHECK_MSG(!parseNpyHeader(prefix.data(), prefix.size()).ok(),
                         sample.name << " " << n);
            HW_CHECK_MSG(!parseSafetensorsHeader(prefix.data(), prefix.size()).ok() ||
                             sample.name.ends_with(".npy"),
                         sample.name << " " << n);
            // ...and as a file.
            Result<std::unique_ptr<AttentionSource>> s =
                openBytes(dir, "cut", prefix, {sample.option});
            HW_CHECK_MSG(!s.ok(), sample.name << " " << n);
        }
    }
}

// Corrupts the header region; every outcome must be an error or a source whose layers all read.
HW_TEST(random_header_corruption_never_crashes) {
    TempDir dir;
    const std::vector<Sample> samples = smallSamples(dir);
    HW_CHECK_EQ(samples.size(), std::size_t{6});
    const char interesting[] = {'0',  '9', ',', '(', ')',  '[', ']', '{', '}',  '"',
                                '\'', ':', '-', ' ', '\\', 'e', '.', 'L', '\0', '\x7f'};
    Rng rng(20240611);
    std::map<std::string, int> opened;
    int rejected = 0;
    for (int round = 0; round < 6000; ++round) {  // 1000 per sample
        const Sample& sample = samples[static_cast<std::size_t>(round) % samples.size()];
        if (sample.headerEnd == 0) {
            continue;
        }
        Bytes bytes = sample.bytes;
        const std::size_t edits = 1 + rng.below(3);
        for (std::size_t e = 0; e < edits; ++e) {
            const std::size_t at = rng.below(sample.headerEnd);
            const bool digit = bytes[at] >= '0' && bytes[at] <= '9';
            switch (rng.below(digit ? 4 : 3)) {
                case 0:
                    bytes[at] ^= static_cast<std::uint8_t>(1u << rng.below(8));
                    break;
                case 1:
                    bytes[at] = static_cast<std::uint8_t>(rng.next());
                    break;
                case 2:
                    bytes[at] =
                        static_cast<std::uint8_t>(interesting[rng.below(sizeof(interesting))]);
                    break;
                default:  // another digit: shapes, offsets and lengths that still parse
                    bytes[at] = static_cast<std::uint8_t>('0' + rng.below(10));
                    break;
            }
        }
        // In memory, in an exact-size buffer: whatever parses must lie inside it.
        if (Result<NpyHeader> h = parseNpyHeader(bytes.data(), bytes.size())) {
            HW_CHECK(h->dataOffset + h->dataBytes <= bytes.size());
        }
        if (Result<SafetensorsHeader> h = parseSafetensorsHeader(bytes.data(), bytes.size())) {
            for (const SafetensorsTensor& t : h->tensors) {
                HW_CHECK(t.begin <= t.end && h->dataStart + t.end <= bytes.size());
            }
        }
        // Through a mapped file, reading every value of every layer.
        Result<std::unique_ptr<AttentionSource>> s =
            openBytes(dir, "fuzz-" + sample.name, bytes, {sample.option});
        if (!s) {
            HW_CHECK(!s.error().message.empty());
            ++rejected;
            continue;
        }
        const AttentionShape shape = s.value()->shape();
        HW_CHECK(shape.layers >= 1 && shape.heads >= 1 && shape.tokens >= 2);
        HW_CHECK(static_cast<std::size_t>(shape.layers) * layerValues(shape) <= bytes.size());
        HW_CHECK(readAllLayers(*s.value()));
        ++opened[sample.name];
    }
    // Both outcomes must be exercised, for every sample, or the test proves little.
    // (Most single-byte changes break a header; about 1 in 100 leaves a valid one.)
    for (const Sample& sample : samples) {
        HW_CHECK_MSG(opened[sample.name] >= 2, sample.name << " opened " << opened[sample.name]);
    }
    HW_CHECK_MSG(rejected > 5000, "rejected " << rejected);
}

// ---- files --------------------------------------------------------------------------------------

HW_TEST(mapped_file_basics) {
    TempDir dir;
    HW_CHECK(writeRaw(dir.file("empty"), {}));
    Result<std::shared_ptr<const MappedFile>> f = MappedFile::open(dir.file("empty"));
    HW_CHECK(f.ok() && f.value()->size() == 0 && f.value()->data() == nullptr);

    HW_CHECK(writeRaw(dir.file("abc"), {'a', 'b', 'c'}));
    f = MappedFile::open(dir.file("abc"));
    HW_CHECK(f.ok() && f.value()->size() == 3 && f.value()->data()[2] == 'c');
    HW_CHECK(f.ok() && f.value()->checkUnchanged().ok());

    f = MappedFile::open(dir.file("nope"));
    HW_CHECK(!f.ok() && f.error().code == ErrorCode::FileNotFound);
    if (!f) {
        HW_CHECK(contains(f.error().message, dir.file("nope")));
        HW_CHECK(contains(f.error().detail, std::strerror(ENOENT)));
    }
    f = MappedFile::open(dir.path());
    HW_CHECK(!f.ok() && f.error().code == ErrorCode::FileRead &&
             contains(f.error().message, "folder"));
    f = MappedFile::open("/dev/null");
    HW_CHECK(!f.ok() && f.error().code == ErrorCode::FileRead);
    // A FIFO with no writer: refused at once, not a hang.
    HW_CHECK(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
    f = MappedFile::open(dir.file("fifo"));
    HW_CHECK(!f.ok() && f.error().code == ErrorCode::FileRead);
    Result<std::unique_ptr<AttentionSource>> s = openAttentionFile(dir.file("fifo"));
    HW_CHECK(!s.ok() && contains(s.error().message, "not a regular file"));
}

HW_TEST(file_truncated_while_open_is_an_error) {
    TempDir dir;
    const std::vector<float> f = floatValues(4 * 2 * 32 * 32);
    const std::string path = dir.file("shrinks.npy");
    HW_CHECK(writeNpy(path, DType::Float32, {4, 2, 32, 32}, f.data()).ok());
    Result<std::unique_ptr<AttentionSource>> s = openAttentionFile(path);
    HW_CHECK(s.ok());
    if (!s) {
        return;
    }
    HW_CHECK(s.value()->layer(3).ok());
    // What np.save to the same path does: truncate in place, then write.
    HW_CHECK(::truncate(path.c_str(), 100) == 0);
    Result<LayerView> layer = s.value()->layer(3);
    HW_CHECK(!layer.ok());
    if (!layer) {
        HW_CHECK(layer.error().code == ErrorCode::FileRead);
        HW_CHECK(contains(layer.error().message, "shrinks.npy"));
    }
}

HW_TEST(write_file_atomically) {
    TempDir dir;
    const std::string target = dir.file("out.bin");
    auto writeText = [](const std::string& text) {
        return [text](std::FILE* f) { return writeAll(f, text.data(), text.size()); };
    };
    HW_CHECK(writeFileAtomically(target, writeText("first")).ok());
    HW_CHECK(readRaw(target) == (Bytes{'f', 'i', 'r', 's', 't'}));
    HW_CHECK(::chmod(target.c_str(), 0604) == 0);
    HW_CHECK(writeFileAtomically(target, writeText("second")).ok());
    HW_CHECK(readRaw(target).size() == 6);
    struct stat st {};
    HW_CHECK(::stat(target.c_str(), &st) == 0 && (st.st_mode & 07777) == 0604);  // mode kept

    // The writer fails half-way: the old file stays, the partial file goes.
    Status s = writeFileAtomically(target, [](std::FILE* f) -> Status {
        if (Status ok = writeAll(f, "par", 3); !ok) {
            return ok;
        }
        return makeError(ErrorCode::FileWrite, "Simulated failure.", "disk full");
    });
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite &&
             contains(s.error().message, target));
    HW_CHECK(readRaw(target).size() == 6);
    // An exception in the writer is caught, too.
    s = writeFileAtomically(target, [](std::FILE*) -> Status { throw std::runtime_error("boom"); });
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::Internal);
    HW_CHECK(readRaw(target).size() == 6);
    // writeAll's refusal reads as one sentence once the path is put in front.
    std::FILE* readOnly = std::fopen(target.c_str(), "rb");
    HW_CHECK(readOnly != nullptr);
    if (readOnly != nullptr) {
        Status refused = writeAll(readOnly, "x", 1);
        HW_CHECK(!refused.ok() && refused.error().code == ErrorCode::FileWrite);
        if (!refused) {
            HW_CHECK_EQ(refused.error().message, std::string(std::strerror(EBADF)) + ".");
        }
        std::fclose(readOnly);
    }
    HW_CHECK(dir.entries().size() == 1);  // no temporary files left

    // A folder that does not exist.
    s = writeFileAtomically(dir.file("no/such/folder/out.bin"), writeText("x"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite);
    if (!s) {
        HW_CHECK_MSG(contains(s.error().message, std::strerror(ENOENT)), s.error().message);
        HW_CHECK(contains(s.error().message, "no/such/folder/out.bin"));
    }
    // A "folder" that is a regular file: refused even for root; the file stays intact.
    s = writeFileAtomically(target + "/inside.bin", writeText("x"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite);
    if (!s) {
        HW_CHECK_MSG(contains(s.error().message, std::strerror(ENOTDIR)), s.error().message);
    }
    HW_CHECK(readRaw(target).size() == 6);
    // The target is a folder: rename fails, the folder survives.
    HW_CHECK(::mkdir(dir.file("adir").c_str(), 0700) == 0);
    s = writeFileAtomically(dir.file("adir"), writeText("x"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite);
    HW_CHECK(std::filesystem::is_directory(dir.file("adir")));
    HW_CHECK(dir.entries().size() == 2);

    // A read-only folder (root ignores permissions, so only as another user).
    if (::geteuid() != 0) {
        HW_CHECK(::chmod(dir.path().c_str(), 0500) == 0);
        s = writeFileAtomically(target, writeText("third"));
        HW_CHECK(!s.ok() && s.error().code == ErrorCode::FileWrite);
        if (!s) {
            HW_CHECK_MSG(contains(s.error().message, std::strerror(EACCES)), s.error().message);
        }
        HW_CHECK(::chmod(dir.path().c_str(), 0700) == 0);
        HW_CHECK(readRaw(target).size() == 6);
    } else {
        std::fprintf(stderr,
                     "  note: running as root, so the read-only-folder case is not tested "
                     "(chmod does not stop root); the not-a-folder case covers refusal\n");
    }
}

// ---- numpy itself -------------------------------------------------------------------------------

// ---- .npz and per-layer folders
// ------------------------------------------------------------------

HW_TEST(npz_and_folders_give_the_values_of_the_npy) {
    if (::access("/usr/bin/python3", X_OK) != 0 ||
        std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    // [3, 2, 6, 6] values; every arrangement a user may save them in.
    const std::string script = R"PY(
import sys, os, numpy as np
d = sys.argv[1]
v = lambda n: ((np.arange(n) % 16384) / 1024.0 - 3.0)
a = v(3 * 2 * 6 * 6).reshape(3, 2, 6, 6).astype(np.float32)
np.save(d + '/a.npy', a)
np.savez(d + '/stored.npz', attention=a)
np.savez_compressed(d + '/compressed.npz', attention=a)
np.savez_compressed(d + '/named.npz', attention=a, ids=np.arange(6), other=a[0])
np.savez_compressed(d + '/series.npz', **{'layer_%d' % l: a[l] for l in range(3)})
np.savez_compressed(d + '/be.npz', attention=a.astype('>f8'))
np.savez(d + '/positional.npz', *[a[l] for l in range(3)])
os.mkdir(d + '/per')
for l in range(3):
    np.save(d + '/per/layer_%02d.npy' % l, a[l])
open(d + '/per/tokens.json', 'w').write('{}')
os.mkdir(d + '/mixed')
np.save(d + '/mixed/l0.npy', a[0])
np.savez_compressed(d + '/mixed/l1.npz', a[1])
from_t = a[2].astype(np.float64)
np.save(d + '/mixed/l2.npy', from_t)
os.mkdir(d + '/uneven')
np.save(d + '/uneven/layer_0.npy', a[0])
np.save(d + '/uneven/layer_1.npy', a[1][:, :5, :5])
os.mkdir(d + '/unnumbered')
np.save(d + '/unnumbered/first.npy', a[0])
np.save(d + '/unnumbered/second.npy', a[1])
os.mkdir(d + '/empty')
)PY";
    HW_CHECK(writeRaw(dir.file("script.py"), Bytes(script.begin(), script.end())));
    const int status = std::system(
        ("/usr/bin/python3 '" + dir.file("script.py") + "' '" + dir.path() + "'").c_str());
    HW_CHECK_MSG(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                 "python exited with status " << status);
    const std::vector<float> expected = floatValues(3 * 2 * 6 * 6);
    for (const char* name : {"a.npy", "stored.npz", "compressed.npz", "series.npz",
                             "positional.npz", "per", "mixed"}) {
        Result<std::unique_ptr<AttentionSource>> s = openAttentionFile(dir.file(name));
        HW_CHECK_MSG(s.ok(), name << ": " << (s ? "" : s.error().describe()));
        if (s) {
            const AttentionShape shape = s.value()->shape();
            HW_CHECK_MSG(shape.layers == 3 && shape.heads == 2 && shape.tokens == 6, name);
            if (std::string(name) == "mixed") {
                // layer 2 is float64 there
                for (int l = 0; l < 3; ++l) {
                    Result<LayerView> v = s.value()->layer(l);
                    HW_CHECK(v.ok());
                    if (v) {
                        const double first = v->dtype == DType::Float32
                                                 ? static_cast<double>(v->f32()[0])
                                                 : v->f64()[0];
                        HW_CHECK_EQ(
                            first, static_cast<double>(expected[static_cast<std::size_t>(l) * 72]));
                    }
                }
            } else {
                checkValues(*s.value(), expected, DType::Float32);
            }
            HW_CHECK(s.value()->checkIntact().ok());
        }
    }
    // Big-endian float64, compressed.
    Result<std::unique_ptr<AttentionSource>> be = openAttentionFile(dir.file("be.npz"));
    HW_CHECK_MSG(be.ok(), (be ? "" : be.error().describe()));
    if (be) {
        checkValues(*be.value(), std::vector<double>(expected.begin(), expected.end()),
                    DType::Float64);
    }
    // Several candidates: chosen by name, else a message listing them.
    Result<std::unique_ptr<AttentionSource>> named = openAttentionFile(dir.file("named.npz"));
    HW_CHECK_MSG(!named.ok() && named.error().code == ErrorCode::InvalidArgument &&
                     contains(named.error().message, "attention") &&
                     contains(named.error().message, "other"),
                 (named ? std::string("opened") : named.error().describe()));
    AttentionFileOptions byName;
    byName.tensorName = "attention";
    named = openAttentionFile(dir.file("named.npz"), byName);
    HW_CHECK(named.ok());
    if (named) {
        checkValues(*named.value(), expected, DType::Float32);
    }
    // Folders that are not one file per layer.
    Result<std::unique_ptr<AttentionSource>> f = openAttentionFile(dir.file("uneven"));
    HW_CHECK_MSG(!f.ok() && f.error().code == ErrorCode::InvalidAttention &&
                     contains(f.error().message, "layer_1.npy"),
                 (f ? std::string("opened") : f.error().describe()));
    f = openAttentionFile(dir.file("unnumbered"));
    HW_CHECK_MSG(!f.ok() && f.error().code == ErrorCode::InvalidArgument &&
                     contains(f.error().message, "layer_0.npy"),
                 (f ? std::string("opened") : f.error().describe()));
    f = openAttentionFile(dir.file("empty"));
    HW_CHECK_MSG(!f.ok() && contains(f.error().message, "no .npy, .npz or .safetensors"),
                 (f ? std::string("opened") : f.error().describe()));
}

// ---- token sidecar
// -------------------------------------------------------------------------------

HW_TEST(token_sidecar_round_trip_and_refusals) {
    TempDir dir;
    HW_CHECK(tokenSidecarPath("/x/run.npy") == "/x/run.tokens.json");
    HW_CHECK(tokenSidecarPath("/x/run.layers.npz") == "/x/run.layers.tokens.json");
    HW_CHECK(tokenSidecarPath(dir.path()) == dir.path() + "/tokens.json");
    TokenSidecar t;
    t.tokens = {"<s>", " Grüße", "\n", "\"q\"", "日本"};
    t.ids = {1, 2, 3, 4, 5};
    t.model = "org/name";
    t.text = "Grüße\n\"q\"日本";
    const std::string path = dir.file("run.tokens.json");
    HW_CHECK(writeTokenSidecar(path, t).ok());
    Result<TokenSidecar> back = readTokenSidecar(path);
    HW_CHECK_MSG(back.ok(), (back ? "" : back.error().describe()));
    if (back) {
        HW_CHECK(back->tokens == t.tokens && back->ids == t.ids && back->model == t.model &&
                 back->text == t.text);
    }
    // Labels only (what a user writes by hand) and unknown members are fine.
    Result<TokenSidecar> minimal = parseTokenSidecar(
        R"({"format": "headwave-tokens", "version": 1, "tokens": ["a", "b"], "extra": 3})", "m");
    HW_CHECK(minimal.ok() && minimal->tokens.size() == 2 && minimal->ids.empty());
    const std::pair<const char*, const char*> bad[] = {
        {"not json", "not a JSON object"},
        {"[]", "not a JSON object"},
        {R"({"format": "other", "version": 1, "tokens": []})", "\"format\""},
        {R"({"format": "headwave-tokens", "tokens": []})", "\"version\""},
        {R"({"format": "headwave-tokens", "version": 1})", "\"tokens\""},
        {R"({"format": "headwave-tokens", "version": 1, "tokens": ["a", 2]})", "token 1"},
        {R"({"format": "headwave-tokens", "version": 1, "tokens": ["a"], "ids": [1, 2]})",
         "1 tokens but 2 ids"},
        {R"({"format": "headwave-tokens", "version": 1, "tokens": ["a"], "ids": ["x"]})", "id 0"},
        {R"({"format": "headwave-tokens", "version": 2, "tokens": ["a"]})", "version 2"},
        {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"
         "]"
         "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
         "nests"},
    };
    for (const auto& [json, expected] : bad) {
        Result<TokenSidecar> r = parseTokenSidecar(json, "bad.tokens.json");
        HW_CHECK_MSG(!r.ok() && contains(r.error().message, expected) &&
                         contains(r.error().message, "bad.tokens.json"),
                     json << " -> " << (r ? std::string("parsed") : r.error().message));
    }
    Result<TokenSidecar> missing = readTokenSidecar(dir.file("none.tokens.json"));
    HW_CHECK(!missing.ok() && missing.error().code == ErrorCode::FileNotFound);
}

HW_TEST(numpy_interoperability) {
    if (::access("/usr/bin/python3", X_OK) != 0 ||
        std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
        HW_SKIP("/usr/bin/python3 with numpy is not available");
    }
    TempDir dir;
    // numpy writes: C order float32 4-D, big-endian float64, format 2.0, float16 (refused).
    // numpy reads: our writeNpy output, checked value by value.
    const std::vector<float> ours = floatValues(2 * 3 * 3);
    HW_CHECK(writeNpy(dir.file("ours.npy"), DType::Float32, {2, 3, 3}, ours.data()).ok());
    const std::string script = R"PY(
import sys, numpy as np
d = sys.argv[1]
v = lambda n: ((np.arange(n) % 16384) / 1024.0 - 3.0)
np.save(d + '/np_f4.npy', v(2*3*4*4).reshape(2, 3, 4, 4).astype(np.float32))
np.save(d + '/np_be8.npy', v(3*5*5).reshape(3, 5, 5).astype('>f8'))
with open(d + '/np_v2.npy', 'wb') as f:
    np.lib.format.write_array(f, v(36).reshape(6, 6).astype(np.float32), version=(2, 0))
np.save(d + '/np_f2.npy', v(16).reshape(4, 4).astype(np.float16))
np.save(d + '/np_fortran.npy', np.asfortranarray(v(2*4*4).reshape(2, 4, 4).astype(np.float32)))
a = np.load(d + '/ours.npy')
assert a.dtype == np.float32 and a.shape == (2, 3, 3), (a.dtype, a.shape)
assert (a.ravel() == v(18).astype(np.float32)).all()
)PY";
    HW_CHECK(writeRaw(dir.file("script.py"), Bytes(script.begin(), script.end())));
    const int status = std::system(
        ("/usr/bin/python3 '" + dir.file("script.py") + "' '" + dir.path() + "'").c_str());
    HW_CHECK_MSG(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                 "python exited with status " << status);

    Result<std::unique_ptr<AttentionSource>> s = openAttentionFile(dir.file("np_f4.npy"));
    HW_CHECK_MSG(s.ok(), (s ? "" : s.error().describe()));
    if (s) {
        checkValues(*s.value(), floatValues(2 * 3 * 4 * 4), DType::Float32);
        HW_CHECK(isZeroCopy(*s.value()));
    }
    s = openAttentionFile(dir.file("np_be8.npy"));
    HW_CHECK_MSG(s.ok(), (s ? "" : s.error().describe()));
    if (s) {
        std::vector<double> expected(75);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            expected[i] = valueAt(i);
        }
        checkValues(*s.value(), expected, DType::Float64);
    }
    s = openAttentionFile(dir.file("np_v2.npy"));
    HW_CHECK_MSG(s.ok(), (s ? "" : s.error().describe()));
    if (s) {
        checkValues(*s.value(), floatValues(36), DType::Float32);
    }
    s = openAttentionFile(dir.file("np_f2.npy"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::Unsupported);
    s = openAttentionFile(dir.file("np_fortran.npy"));
    HW_CHECK(!s.ok() && s.error().code == ErrorCode::Unsupported);
}

}  // namespace

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
