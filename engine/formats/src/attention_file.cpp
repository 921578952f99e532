// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/formats/attention_file.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "headwave/core/mapped_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/npz_archive.h"
#include "headwave/formats/safetensors_reader.h"

namespace headwave {

namespace {

// How the values of a layer are stored in the file.
enum class Encoding { F32, F64, F16, BF16 };

std::size_t encodingSize(Encoding e) {
    switch (e) {
        case Encoding::F32:
            return 4;
        case Encoding::F64:
            return 8;
        case Encoding::F16:
        case Encoding::BF16:
            return 2;
    }
    return 4;
}

// Where the layers of a file are and how to decode them.
struct Layout {
    AttentionShape shape;
    Encoding encoding = Encoding::F32;
    bool bigEndian = false;                 // stored byte order (only .npy can be big-endian)
    std::vector<std::size_t> layerOffsets;  // [layers]: byte offset of layer l from file start
    // [layers]: the tensor holding layer l (for .npz: the member; offsets are then from the start
    // of the member's data, its SafetensorsHeader standing in with dataStart 0).
    std::vector<const SafetensorsTensor*> layerTensors;
};

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(shape[i]);
    }
    return text + "]";
}

// "The file is ..." -> "the file is ...", to follow "Could not read ... from 'x': ".
std::string lowerFirst(std::string text) {
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) != 0 &&
        std::islower(static_cast<unsigned char>(text[1])) != 0) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    return text;
}

Error fileError(ErrorCode code, const std::string& path, const std::string& what,
                std::string detail = {}) {
    return makeError(code, "Could not read attention from '" + path + "': " + what + ".",
                     std::move(detail));
}

// A parser's error, with the file named.
Error inFile(const std::string& path, const Error& error) {
    return fileError(error.code, path, lowerFirst(error.message), error.detail);
}

constexpr const char* kAcceptedShapes =
    "[layers, heads, T, T], [heads, T, T], [T, T] or [layers, 1, heads, T, T]";

// The attention shape of one array holding all layers; `what` is "the array" or "tensor 'x'".
Result<AttentionShape> wholeShape(const std::string& path, const std::string& what,
                                  const std::vector<std::int64_t>& s) {
    std::int64_t layers = 1;
    std::int64_t heads = 1;
    if (s.size() == 4) {
        layers = s[0];
        heads = s[1];
    } else if (s.size() == 3) {
        heads = s[0];
    } else if (s.size() == 5 && s[1] == 1) {
        // torch.stack(output_attentions) for a batch of one sequence.
        layers = s[0];
        heads = s[2];
    } else if (s.size() != 2) {
        return fileError(ErrorCode::Unsupported, path,
                         what + " has shape " + shapeText(s) + " (rank " +
                             std::to_string(s.size()) + "); expected attention shaped " +
                             kAcceptedShapes);
    }
    const std::int64_t queries = s[s.size() - 2];
    const std::int64_t keys = s[s.size() - 1];
    if (queries != keys) {
        return fileError(ErrorCode::InvalidAttention, path,
                         "expected square [T, T] attention matrices, got " + shapeText(s));
    }
    if (layers < 1 || heads < 1) {
        return fileError(ErrorCode::InvalidAttention, path,
                         what + " has no layers or no heads: shape " + shapeText(s));
    }
    if (queries < 2) {
        return fileError(ErrorCode::InvalidAttention, path,
                         "attention needs at least 2 tokens (T >= 2), got shape " + shapeText(s));
    }
    // The analysis indexes heads as int (layer * heads + head) and T*T values per head.
    if (queries > INT_MAX || layers > INT_MAX / heads || queries > (INT_MAX / queries)) {
        return fileError(ErrorCode::Unsupported, path,
                         what + " is too large (shape " + shapeText(s) + ")");
    }
    return AttentionShape{static_cast<int>(layers), static_cast<int>(heads),
                          static_cast<int>(queries)};
}

// The shape of one layer of a per-layer series: [H, T, T] or [1, H, T, T].
std::optional<std::vector<std::int64_t>> layerShape(const std::vector<std::int64_t>& s) {
    if (s.size() == 3) {
        return s;
    }
    if (s.size() == 4 && s[0] == 1) {
        return std::vector<std::int64_t>(s.begin() + 1, s.end());
    }
    return std::nullopt;
}

bool isFloat(SafetensorsDType d) {
    return d == SafetensorsDType::F32 || d == SafetensorsDType::F64 || d == SafetensorsDType::F16 ||
           d == SafetensorsDType::BF16;
}

Encoding encodingOf(SafetensorsDType d) {
    switch (d) {
        case SafetensorsDType::F64:
            return Encoding::F64;
        case SafetensorsDType::F16:
            return Encoding::F16;
        case SafetensorsDType::BF16:
            return Encoding::BF16;
        default:
            return Encoding::F32;
    }
}

// IEEE binary16 -> binary32, exact for every value (subnormals, infinities, NaN payloads).
float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1Fu;
    const std::uint32_t mantissa = h & 0x3FFu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24, exactly representable in float.
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 31) {
        return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));
    }
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(std::uint16_t b) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

// memcpy (any alignment), then reverse each item's bytes if the file's order is not ours.
void copyValues(const std::uint8_t* from, void* to, std::size_t bytes, std::size_t item,
                bool nativeOrder) {
    std::memcpy(to, from, bytes);
    if (!nativeOrder) {
        auto* p = static_cast<unsigned char*>(to);
        for (std::size_t i = 0; i < bytes; i += item) {
            std::reverse(p + i, p + i + item);
        }
    }
}

// One layer [heads, T, T] of values stored at `bytes`: a view when they are native, aligned
// float32/64 (kept alive by owner), else decoded into a buffer. `unchanged` reports a file
// truncated while it was read; `where` and l name the layer in messages.
Result<LayerView> decodeLayer(const std::uint8_t* bytes, const AttentionShape& s, Encoding encoding,
                              bool bigEndian, std::shared_ptr<const void> owner,
                              const std::function<Status()>& unchanged, const std::string& where,
                              int l) {
    const std::size_t count = static_cast<std::size_t>(s.heads) *
                              static_cast<std::size_t>(s.tokens) *
                              static_cast<std::size_t>(s.tokens);
    const bool nativeOrder = bigEndian == (std::endian::native == std::endian::big);
    const std::size_t item = encodingSize(encoding);
    const bool aligned = reinterpret_cast<std::uintptr_t>(bytes) % item == 0;
    if ((encoding == Encoding::F32 || encoding == Encoding::F64) && nativeOrder && aligned) {
        LayerView view;
        view.dtype = encoding == Encoding::F32 ? DType::Float32 : DType::Float64;
        view.data = bytes;
        view.owner = std::move(owner);
        return view;
    }
    try {
        if (encoding == Encoding::F64) {
            auto buffer = std::make_shared<std::vector<double>>(count);
            copyValues(bytes, buffer->data(), count * 8, 8, nativeOrder);
            if (Status ok = unchanged(); !ok) {
                return ok.error();  // truncated while copied: zeros were read
            }
            return LayerView{DType::Float64, buffer->data(), buffer};
        }
        auto buffer = std::make_shared<std::vector<float>>(count);
        float* out = buffer->data();
        if (encoding == Encoding::F32) {
            copyValues(bytes, out, count * 4, 4, nativeOrder);
        } else {
            // safetensors is little-endian by definition.
            const bool bf16 = encoding == Encoding::BF16;
            for (std::size_t i = 0; i < count; ++i) {
                const auto v = static_cast<std::uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
                out[i] = bf16 ? bfloat16ToFloat(v) : halfToFloat(v);
            }
        }
        if (Status ok = unchanged(); !ok) {
            return ok.error();  // truncated while copied: zeros were read
        }
        return LayerView{DType::Float32, out, buffer};
    } catch (const std::bad_alloc&) {
        return makeError(
            ErrorCode::OutOfMemory,
            "Out of memory while reading layer " + std::to_string(l) + " of '" + where + "'.",
            std::to_string(count) + " values");
    }
}

// Reads one layer into an owned buffer, decoding and byte-swapping as needed.
class FileAttentionSource final : public AttentionSource {
public:
    FileAttentionSource(std::shared_ptr<const MappedFile> file, Layout layout,
                        std::vector<Warning> warnings)
        : m_file(std::move(file)),
          m_name(std::filesystem::path(m_file->path()).filename().string()),
          m_layout(std::move(layout)),
          m_warnings(std::move(warnings)) {}

    AttentionShape shape() const override { return m_layout.shape; }
    std::string name() const override { return m_name; }
    std::vector<Warning> warnings() const override { return m_warnings; }
    // Native float32/64 layers are views of the mapping (below): truncated after they were
    // handed out, they read zeros, which this reports.
    Status checkIntact() const override { return m_file->checkUnchanged(); }

    Result<LayerView> layer(int l) override {
        const AttentionShape& s = m_layout.shape;
        if (l < 0 || l >= s.layers) {
            return makeError(ErrorCode::InvalidArgument,
                             "Layer " + std::to_string(l) + " does not exist in '" +
                                 m_file->path() + "' (it has " + std::to_string(s.layers) +
                                 " layers).");
        }
        if (Status ok = m_file->checkUnchanged(); !ok) {
            return ok.error();
        }
        // [heads, T, T] values; bounded by the file size, which was checked at open.
        const std::uint8_t* bytes =
            m_file->data() + m_layout.layerOffsets[static_cast<std::size_t>(l)];
        return decodeLayer(
            bytes, s, m_layout.encoding, m_layout.bigEndian, m_file,
            [&] { return m_file->checkUnchanged(); }, m_file->path(), l);
    }

private:
    std::shared_ptr<const MappedFile> m_file;
    std::string m_name;
    Layout m_layout;
    std::vector<Warning> m_warnings;
};

Result<std::unique_ptr<AttentionSource>> makeSource(std::shared_ptr<const MappedFile> file,
                                                    Layout layout, std::vector<Warning> warnings) {
    try {
        return std::unique_ptr<AttentionSource>(
            new FileAttentionSource(std::move(file), std::move(layout), std::move(warnings)));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while opening an attention file.");
    }
}

Result<std::unique_ptr<AttentionSource>> openNpy(std::shared_ptr<const MappedFile> file) {
    const std::string& path = file->path();
    Result<NpyHeader> header = parseNpyHeader(file->data(), file->size());
    if (!header) {
        return inFile(path, header.error());
    }
    Result<AttentionShape> shape = wholeShape(path, "the array", header->shape);
    if (!shape) {
        return shape.error();
    }
    Layout layout;
    layout.shape = shape.value();
    layout.encoding = header->dtype == DType::Float32 ? Encoding::F32 : Encoding::F64;
    layout.bigEndian = header->bigEndian;
    const std::size_t layerBytes =
        header->dataBytes / static_cast<std::size_t>(layout.shape.layers);
    for (int l = 0; l < layout.shape.layers; ++l) {
        layout.layerOffsets.push_back(header->dataOffset +
                                      static_cast<std::size_t>(l) * layerBytes);
    }
    std::vector<Warning> warnings;
    if (header->trailingBytes > 0) {
        warnings.push_back({WarningCode::TrailingBytes,
                            "'" + path + "' has " + std::to_string(header->trailingBytes) +
                                " unexpected bytes after the array data; they were ignored."});
    }
    return makeSource(std::move(file), std::move(layout), std::move(warnings));
}

// ---- safetensors: which tensor(s) --------------------------------------------------------------

// A set of per-layer tensors "<prefix><l><suffix>", l = 0..L-1.
struct Series {
    std::string pattern;                           // prefix + "*" + suffix, for messages
    std::vector<const SafetensorsTensor*> layers;  // [L]
};

std::string listTensors(const std::vector<const SafetensorsTensor*>& tensors) {
    constexpr std::size_t kShown = 20;
    std::string text;
    for (std::size_t i = 0; i < tensors.size() && i < kShown; ++i) {
        text += (i > 0 ? ", " : "") + tensors[i]->describe();
    }
    if (tensors.size() > kShown) {
        text += " and " + std::to_string(tensors.size() - kShown) + " more";
    }
    return text.empty() ? "none" : text;
}

std::vector<const SafetensorsTensor*> allTensors(const SafetensorsHeader& header) {
    std::vector<const SafetensorsTensor*> all;
    for (const SafetensorsTensor& t : header.tensors) {
        all.push_back(&t);
    }
    return all;
}

// Groups tensors by every way of reading one decimal number out of their name; keeps the groups
// whose numbers are exactly 0..n-1, once each. Leading zeros are allowed ("layer_07").
std::vector<Series> findSeries(const SafetensorsHeader& header) {
    using Key = std::pair<std::string, std::string>;  // prefix, suffix
    std::map<Key, std::map<std::uint64_t, std::vector<const SafetensorsTensor*>>> groups;
    for (const SafetensorsTensor& t : header.tensors) {
        const std::string& n = t.name;
        for (std::size_t i = 0; i < n.size();) {
            if (std::isdigit(static_cast<unsigned char>(n[i])) == 0) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < n.size() && std::isdigit(static_cast<unsigned char>(n[j])) != 0) {
                ++j;
            }
            if (j - i <= 9) {  // no layer count has more digits; keeps the value in range
                const std::uint64_t index = std::stoull(n.substr(i, j - i));
                groups[{n.substr(0, i), n.substr(j)}][index].push_back(&t);
            }
            i = j;
        }
    }
    std::vector<Series> series;
    std::set<std::vector<const SafetensorsTensor*>> seen;
    for (const auto& [key, byIndex] : groups) {
        Series s{key.first + "*" + key.second, {}};
        bool complete = true;
        std::uint64_t expected = 0;
        for (const auto& [index, members] : byIndex) {
            if (index != expected++ || members.size() != 1) {
                complete = false;
                break;
            }
            s.layers.push_back(members.front());
        }
        if (complete && seen.insert(s.layers).second) {
            series.push_back(std::move(s));
        }
    }
    return series;
}

// The series matching prefix + digits + suffix exactly; an error when it has gaps or duplicates.
Result<std::optional<Series>> seriesMatching(const std::string& path,
                                             const SafetensorsHeader& header,
                                             const std::string& prefix, const std::string& suffix) {
    std::map<std::uint64_t, std::vector<const SafetensorsTensor*>> byIndex;
    for (const SafetensorsTensor& t : header.tensors) {
        const std::string& n = t.name;
        if (n.size() <= prefix.size() + suffix.size() || n.compare(0, prefix.size(), prefix) != 0 ||
            n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0) {
            continue;
        }
        const std::string digits =
            n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
        if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            })) {
            continue;
        }
        byIndex[std::stoull(digits)].push_back(&t);
    }
    if (byIndex.empty()) {
        return std::optional<Series>();
    }
    Series s{prefix + "*" + suffix, {}};
    std::uint64_t expected = 0;
    for (const auto& [index, members] : byIndex) {
        if (members.size() != 1) {
            return fileError(ErrorCode::FileFormat, path,
                             "layer " + std::to_string(index) + " of the series '" + s.pattern +
                                 "' appears more than once: " + listTensors(members));
        }
        if (index != expected) {
            return fileError(ErrorCode::FileFormat, path,
                             "the series '" + s.pattern + "' has no layer " +
                                 std::to_string(expected) + " (layers must be numbered 0..L-1)");
        }
        ++expected;
        s.layers.push_back(members.front());
    }
    return std::optional<Series>(std::move(s));
}

// Whether a tensor could be attention on its own (used only to pick automatically).
bool looksLikeAttention(const SafetensorsTensor& t) {
    if (!isFloat(t.dtype)) {
        return false;
    }
    const auto& s = t.shape;
    const bool rankOk =
        s.size() == 2 || s.size() == 3 || s.size() == 4 || (s.size() == 5 && s[1] == 1);
    return rankOk && s[s.size() - 1] == s[s.size() - 2] && s.back() >= 2 &&
           std::find(s.begin(), s.end(), 0) == s.end();
}

bool looksLikeSeries(const Series& s) {
    if (s.layers.size() < 2) {
        return false;
    }
    const SafetensorsTensor& first = *s.layers.front();
    const std::optional<std::vector<std::int64_t>> shape = layerShape(first.shape);
    if (!isFloat(first.dtype) || !shape || (*shape)[0] < 1 || (*shape)[1] != (*shape)[2] ||
        (*shape)[1] < 2) {
        return false;
    }
    return std::all_of(s.layers.begin(), s.layers.end(), [&](const SafetensorsTensor* t) {
        return t->dtype == first.dtype && t->shape == first.shape;
    });
}

Result<Layout> singleTensorLayout(const std::string& path, const SafetensorsHeader& header,
                                  const SafetensorsTensor& t) {
    const std::string what = "tensor '" + t.name + "'";
    if (!isFloat(t.dtype)) {
        return fileError(
            ErrorCode::Unsupported, path,
            what + " has dtype " + t.dtypeName + "; attention must be F32, F64, F16 or BF16");
    }
    Result<AttentionShape> shape = wholeShape(path, what, t.shape);
    if (!shape) {
        return shape.error();
    }
    Layout layout;
    layout.shape = shape.value();
    layout.encoding = encodingOf(t.dtype);
    const std::size_t layerBytes = t.byteSize() / static_cast<std::size_t>(layout.shape.layers);
    for (int l = 0; l < layout.shape.layers; ++l) {
        layout.layerOffsets.push_back(header.dataStart + t.begin +
                                      static_cast<std::size_t>(l) * layerBytes);
        layout.layerTensors.push_back(&t);
    }
    return layout;
}

Result<Layout> seriesLayout(const std::string& path, const SafetensorsHeader& header,
                            const Series& series) {
    const SafetensorsTensor& first = *series.layers.front();
    for (const SafetensorsTensor* t : series.layers) {
        if (!isFloat(t->dtype)) {
            return fileError(ErrorCode::Unsupported, path,
                             "tensor '" + t->name + "' has dtype " + t->dtypeName +
                                 "; attention must be F32, F64, F16 or BF16");
        }
        if (!layerShape(t->shape)) {
            return fileError(ErrorCode::Unsupported, path,
                             "tensor '" + t->name + "' has shape " + shapeText(t->shape) +
                                 "; each layer of a per-layer series must be [heads, T, T] or "
                                 "[1, heads, T, T]");
        }
        if (t->dtype != first.dtype || t->shape != first.shape) {
            return fileError(ErrorCode::FileFormat, path,
                             "the layers of '" + series.pattern + "' differ: " + first.describe() +
                                 " but " + t->describe());
        }
    }
    // [L, H, T, T]
    const std::vector<std::int64_t> one = layerShape(first.shape).value_or(first.shape);
    std::vector<std::int64_t> whole = {static_cast<std::int64_t>(series.layers.size())};
    whole.insert(whole.end(), one.begin(), one.end());
    Result<AttentionShape> shape = wholeShape(path, "the series '" + series.pattern + "'", whole);
    if (!shape) {
        return shape.error();
    }
    Layout layout;
    layout.shape = shape.value();
    layout.encoding = encodingOf(first.dtype);
    for (const SafetensorsTensor* t : series.layers) {
        layout.layerOffsets.push_back(header.dataStart + t->begin);
        layout.layerTensors.push_back(t);
    }
    return layout;
}

Result<Layout> chooseByName(const std::string& path, const SafetensorsHeader& header,
                            const std::string& name) {
    if (const SafetensorsTensor* t = header.find(name)) {
        return singleTensorLayout(path, header, *t);
    }
    std::optional<Series> found;
    const std::size_t star = name.find('*');
    if (star != std::string::npos) {
        Result<std::optional<Series>> s =
            seriesMatching(path, header, name.substr(0, star), name.substr(star + 1));
        if (!s) {
            return s.error();
        }
        found = std::move(s).value();
    } else {
        Result<std::optional<Series>> dotted = seriesMatching(path, header, name + ".", "");
        Result<std::optional<Series>> plain = seriesMatching(path, header, name, "");
        if (!dotted) {
            return dotted.error();
        }
        if (!plain) {
            return plain.error();
        }
        if (dotted.value() && plain.value()) {
            return fileError(ErrorCode::InvalidArgument, path,
                             "both '" + name + ".0', ... and '" + name +
                                 "0', ... exist; choose one with the pattern '" + name +
                                 ".*' or '" + name + "*'");
        }
        found = dotted.value() ? std::move(dotted).value() : std::move(plain).value();
    }
    if (!found) {
        return fileError(ErrorCode::InvalidArgument, path,
                         "there is no tensor or per-layer series named '" + name +
                             "'; the file holds " + listTensors(allTensors(header)));
    }
    return seriesLayout(path, header, *found);
}

Result<Layout> chooseAutomatically(const std::string& path, const SafetensorsHeader& header) {
    if (header.tensors.size() == 1) {
        return singleTensorLayout(path, header, header.tensors.front());
    }
    if (header.tensors.empty()) {
        return fileError(ErrorCode::FileFormat, path, "the safetensors file holds no tensors");
    }
    std::vector<Series> series;
    std::set<const SafetensorsTensor*> inSeries;
    for (Series& s : findSeries(header)) {
        if (looksLikeSeries(s)) {
            inSeries.insert(s.layers.begin(), s.layers.end());
            series.push_back(std::move(s));
        }
    }
    std::vector<const SafetensorsTensor*> singles;
    for (const SafetensorsTensor& t : header.tensors) {
        if (looksLikeAttention(t) && inSeries.count(&t) == 0) {
            singles.push_back(&t);
        }
    }
    if (series.size() + singles.size() == 1) {
        return series.empty() ? singleTensorLayout(path, header, *singles.front())
                              : seriesLayout(path, header, series.front());
    }
    if (series.empty() && singles.empty()) {
        return fileError(ErrorCode::Unsupported, path,
                         "no tensor looks like attention (floating point, shaped " +
                             std::string(kAcceptedShapes) +
                             ", or per-layer tensors 'name.0', 'name.1', ... shaped "
                             "[heads, T, T]); the file holds " +
                             listTensors(allTensors(header)));
    }
    std::string choices;
    for (const Series& s : series) {
        choices += (choices.empty() ? "" : ", ") + ("the series '" + s.pattern + "' (" +
                                                    std::to_string(s.layers.size()) + " layers)");
    }
    for (const SafetensorsTensor* t : singles) {
        choices += (choices.empty() ? "" : ", ") + t->describe();
    }
    return fileError(ErrorCode::InvalidArgument, path,
                     "it holds more than one attention-like tensor (" + choices +
                         "); choose one by its tensor name (a series by its pattern, e.g. "
                         "'layers.*.attn')");
}

Result<std::unique_ptr<AttentionSource>> openSafetensors(std::shared_ptr<const MappedFile> file,
                                                         const AttentionFileOptions& options) {
    const std::string& path = file->path();
    Result<SafetensorsHeader> header = parseSafetensorsHeader(file->data(), file->size());
    if (!header) {
        return inFile(path, header.error());
    }
    Result<Layout> layout = options.tensorName.empty()
                                ? chooseAutomatically(path, header.value())
                                : chooseByName(path, header.value(), options.tensorName);
    if (!layout) {
        return layout.error();
    }
    return makeSource(std::move(file), std::move(layout).value(), {});
}

// ---- .npz: np.savez / np.savez_compressed ------------------------------------------------------

// Layers from the members of an .npz archive. A member is read (and, compressed, inflated) when
// one of its layers is first asked for and kept until a layer of another member is: one member's
// data at a time, so a per-layer series of compressed members needs one layer's memory.
class NpzAttentionSource final : public AttentionSource {
public:
    NpzAttentionSource(std::shared_ptr<const NpzReader> reader, SafetensorsHeader members,
                       Layout layout, std::map<std::string, bool> bigEndian)
        : m_reader(std::move(reader)),
          m_name(std::filesystem::path(m_reader->path()).filename().string()),
          m_members(std::move(members)),
          m_layout(std::move(layout)),
          m_bigEndian(std::move(bigEndian)) {}

    AttentionShape shape() const override { return m_layout.shape; }
    std::string name() const override { return m_name; }
    Status checkIntact() const override { return m_reader->checkUnchanged(); }

    Result<LayerView> layer(int l) override {
        const AttentionShape& s = m_layout.shape;
        if (l < 0 || l >= s.layers) {
            return makeError(ErrorCode::InvalidArgument,
                             "Layer " + std::to_string(l) + " does not exist in '" +
                                 m_reader->path() + "' (it has " + std::to_string(s.layers) +
                                 " layers).");
        }
        const std::string& member = m_layout.layerTensors[static_cast<std::size_t>(l)]->name;
        NpzArray array;
        {
            std::lock_guard lock(m_mutex);
            if (!m_current || m_current->name != member) {
                m_current.reset();  // the previous member's buffer goes before the next is made
                Result<NpzArray> read = m_reader->array(member);
                if (!read) {
                    return fileError(
                        read.error().code, m_reader->path(),
                        "layer " + std::to_string(l) + ": " + lowerFirst(read.error().message),
                        read.error().detail);
                }
                m_current = std::move(read).value();
            }
            array = *m_current;
        }
        const std::uint8_t* bytes = array.data + m_layout.layerOffsets[static_cast<std::size_t>(l)];
        return decodeLayer(
            bytes, s, m_layout.encoding, m_bigEndian.at(member), array.owner,
            [&] { return m_reader->checkUnchanged(); }, m_reader->path(), l);
    }

private:
    std::shared_ptr<const NpzReader> m_reader;
    std::string m_name;
    SafetensorsHeader m_members;  // the tensors m_layout points to
    Layout m_layout;
    std::map<std::string, bool> m_bigEndian;  // member -> stored big-endian
    std::mutex m_mutex;
    std::optional<NpzArray> m_current;
};

Result<std::unique_ptr<AttentionSource>> openNpz(const std::string& path,
                                                 const AttentionFileOptions& options) {
    Result<NpzReader> opened = NpzReader::open(path, options.npz);
    if (!opened) {
        return inFile(path, opened.error());
    }
    auto reader = std::make_shared<const NpzReader>(std::move(opened).value());
    if (reader->names().empty()) {
        return fileError(ErrorCode::FileFormat, path, "the .npz archive holds no arrays");
    }
    // The members as tensors (name, dtype, shape, bytes), so that the choice of the array or the
    // per-layer series is the one made for .safetensors files.
    SafetensorsHeader members;
    std::map<std::string, bool> bigEndian;
    for (const std::string& name : reader->names()) {
        Result<NpyHeader> header = reader->header(name);
        if (!header) {
            if (header.error().code == ErrorCode::Unsupported) {
                continue;  // not an array Headwave reads (e.g. an object array): never attention
            }
            return inFile(path, header.error());
        }
        SafetensorsTensor t;
        t.name = name;
        switch (header->element) {
            case NpyElement::Float32:
                t.dtype = SafetensorsDType::F32;
                break;
            case NpyElement::Float64:
                t.dtype = SafetensorsDType::F64;
                break;
            case NpyElement::Int32:
                t.dtype = SafetensorsDType::I32;
                break;
            default:
                t.dtype = SafetensorsDType::I64;
                break;
        }
        t.dtypeName = header->element == NpyElement::Unicode ? "U" : safetensorsDTypeName(t.dtype);
        t.shape = header->shape;
        t.begin = 0;  // offsets are from the member's first value (NpzArray::data)
        t.end = header->dataBytes;
        bigEndian[name] = header->bigEndian;
        members.tensors.push_back(std::move(t));
    }
    if (members.tensors.empty()) {
        return fileError(ErrorCode::Unsupported, path,
                         "the .npz archive holds no array of a type Headwave reads");
    }
    std::sort(
        members.tensors.begin(), members.tensors.end(),
        [](const SafetensorsTensor& a, const SafetensorsTensor& b) { return a.name < b.name; });
    Result<Layout> layout = options.tensorName.empty()
                                ? chooseAutomatically(path, members)
                                : chooseByName(path, members, options.tensorName);
    if (!layout) {
        return layout.error();
    }
    try {
        return std::unique_ptr<AttentionSource>(
            new NpzAttentionSource(std::move(reader), std::move(members), std::move(layout).value(),
                                   std::move(bigEndian)));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while opening an attention file.");
    }
}

// ---- a folder of per-layer files
// ------------------------------------------------------------------

// Layer l is layer 0 of file l.
class FolderAttentionSource final : public AttentionSource {
public:
    FolderAttentionSource(std::string name, std::vector<std::unique_ptr<AttentionSource>> files)
        : m_name(std::move(name)), m_files(std::move(files)) {
        m_shape = m_files.front()->shape();
        m_shape.layers = static_cast<int>(m_files.size());
    }

    AttentionShape shape() const override { return m_shape; }
    std::string name() const override { return m_name; }
    std::vector<Warning> warnings() const override {
        std::vector<Warning> all;
        for (const auto& f : m_files) {
            for (Warning& w : f->warnings()) {
                all.push_back(std::move(w));
            }
        }
        return all;
    }
    Status checkIntact() const override {
        for (const auto& f : m_files) {
            if (Status s = f->checkIntact(); !s) {
                return s;
            }
        }
        return {};
    }
    Result<LayerView> layer(int l) override {
        if (l < 0 || l >= m_shape.layers) {
            return makeError(ErrorCode::InvalidArgument,
                             "Layer " + std::to_string(l) + " does not exist in '" + m_name +
                                 "' (it has " + std::to_string(m_shape.layers) + " layers).");
        }
        return m_files[static_cast<std::size_t>(l)]->layer(0);
    }

private:
    std::string m_name;
    std::vector<std::unique_ptr<AttentionSource>> m_files;
    AttentionShape m_shape;
};

bool isAttentionFileName(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".npy" || ext == ".npz" || ext == ".safetensors";
}

Result<std::unique_ptr<AttentionSource>> openFolder(const std::string& path,
                                                    const AttentionFileOptions& options) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (it->is_regular_file(typeError) && isAttentionFileName(it->path())) {
            files.push_back(it->path());
        }
    }
    if (ec) {
        return fileError(ErrorCode::FileRead, path, "the folder cannot be listed", ec.message());
    }
    if (files.empty()) {
        return fileError(ErrorCode::FileNotFound, path,
                         "the folder holds no .npy, .npz or .safetensors file");
    }
    std::sort(files.begin(), files.end());
    if (files.size() == 1) {
        return openAttentionFile(files.front().string(), options);
    }
    // The files' names (without the extension, which may differ) as tensors: the per-layer
    // series among them, as for tensor names.
    SafetensorsHeader names;
    std::map<std::string, std::string> fileOfStem;
    for (const fs::path& f : files) {
        SafetensorsTensor t;
        t.name = f.stem().string();
        fileOfStem[t.name] = f.filename().string();
        names.tensors.push_back(std::move(t));
    }
    std::vector<Series> series = findSeries(names);
    series.erase(std::remove_if(series.begin(), series.end(),
                                [](const Series& s) { return s.layers.size() < 2; }),
                 series.end());
    // The longest series; two of that length are ambiguous.
    std::sort(series.begin(), series.end(),
              [](const Series& a, const Series& b) { return a.layers.size() > b.layers.size(); });
    if (series.empty() ||
        (series.size() > 1 && series[0].layers.size() == series[1].layers.size())) {
        std::string list;
        for (std::size_t i = 0; i < files.size() && i < 12; ++i) {
            list += (i > 0 ? ", " : "") + files[i].filename().string();
        }
        return fileError(ErrorCode::InvalidArgument, path,
                         series.empty()
                             ? "its " + std::to_string(files.size()) +
                                   " attention files are not one file per layer numbered 0, 1, "
                                   "... (" +
                                   list +
                                   "); open one file, or name them layer_0.npy, "
                                   "layer_1.npy, ..."
                             : "it holds more than one series of per-layer files ('" +
                                   series[0].pattern + "', '" + series[1].pattern +
                                   "'); keep one series per folder");
    }
    std::vector<std::unique_ptr<AttentionSource>> sources;
    for (const SafetensorsTensor* t : series.front().layers) {
        const std::string& fileName = fileOfStem[t->name];
        const std::string file = (fs::path(path) / fileName).string();
        Result<std::unique_ptr<AttentionSource>> one = openAttentionFile(file, options);
        if (!one) {
            return one.error();
        }
        const AttentionShape shape = one.value()->shape();
        if (shape.layers != 1) {
            return fileError(ErrorCode::InvalidAttention, path,
                             "'" + fileName + "' holds " + std::to_string(shape.layers) +
                                 " layers; each file of a per-layer folder holds one layer "
                                 "[heads, T, T]");
        }
        if (!sources.empty()) {
            const AttentionShape first = sources.front()->shape();
            if (shape.heads != first.heads || shape.tokens != first.tokens) {
                return fileError(ErrorCode::InvalidAttention, path,
                                 "its layers differ: '" +
                                     fileOfStem[series.front().layers.front()->name] + "' has " +
                                     std::to_string(first.heads) +
                                     " heads of T = " + std::to_string(first.tokens) + " but '" +
                                     fileName + "' has " + std::to_string(shape.heads) +
                                     " heads of T = " + std::to_string(shape.tokens));
            }
        }
        sources.push_back(std::move(one).value());
    }
    const std::string name = fs::path(path).filename().empty()
                                 ? fs::path(path).parent_path().filename().string()
                                 : fs::path(path).filename().string();
    return std::unique_ptr<AttentionSource>(new FolderAttentionSource(name, std::move(sources)));
}

}  // namespace

Result<std::unique_ptr<AttentionSource>> openAttentionFile(const std::string& path,
                                                           const AttentionFileOptions& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return openFolder(path, options);
    }
    Result<std::shared_ptr<const MappedFile>> mapped = MappedFile::open(path);
    if (!mapped) {
        return mapped.error();
    }
    std::shared_ptr<const MappedFile> file = std::move(mapped).value();
    const std::uint8_t* data = file->data();
    const std::size_t size = file->size();
    if (size == 0) {
        return fileError(ErrorCode::FileFormat, path, "the file is empty");
    }
    if (size >= 6 && data[0] == 0x93 && std::memcmp(data + 1, "NUMPY", 5) == 0) {
        return openNpy(std::move(file));
    }
    // ZIP: a local file header, or the end record of an empty archive.
    if (size >= 4 && data[0] == 'P' && data[1] == 'K' &&
        ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6))) {
        file.reset();
        return openNpz(path, options);
    }
    // safetensors: an 8-byte length, then a JSON object.
    if (size >= 9 && data[8] == '{') {
        return openSafetensors(std::move(file), options);
    }
    return fileError(
        ErrorCode::FileFormat, path,
        "it is neither a NumPy .npy or .npz nor a .safetensors file (unrecognised first bytes)");
}

}  // namespace headwave
