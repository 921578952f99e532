// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/formats/safetensors_reader.h"

#include <algorithm>
#include <array>
#include <exception>
#include <limits>
#include <new>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "headwave/core/json_nesting.h"
#include "headwave/core/mapped_file.h"

namespace headwave {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonDepth = 8;  // a valid header nests 3 deep: {name: {shape: [..]}}

struct DTypeInfo {
    SafetensorsDType dtype;
    const char* name;
    std::size_t size;
};

constexpr std::array<DTypeInfo, 13> kDTypes = {{
    {SafetensorsDType::Bool, "BOOL", 1},
    {SafetensorsDType::U8, "U8", 1},
    {SafetensorsDType::I8, "I8", 1},
    {SafetensorsDType::U16, "U16", 2},
    {SafetensorsDType::I16, "I16", 2},
    {SafetensorsDType::F16, "F16", 2},
    {SafetensorsDType::BF16, "BF16", 2},
    {SafetensorsDType::U32, "U32", 4},
    {SafetensorsDType::I32, "I32", 4},
    {SafetensorsDType::F32, "F32", 4},
    {SafetensorsDType::U64, "U64", 8},
    {SafetensorsDType::I64, "I64", 8},
    {SafetensorsDType::F64, "F64", 8},
}};

const DTypeInfo& info(SafetensorsDType dtype) {
    for (const DTypeInfo& i : kDTypes) {
        if (i.dtype == dtype) {
            return i;
        }
    }
    return kDTypes[9];  // unreachable: every enumerator is in the table
}

Error headerError(const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat, "The safetensors header is not valid: " + what + ".",
                     std::move(detail));
}

// A JSON integer in [0, 2^63): nlohmann keeps non-negative integers as number_unsigned.
bool asIndex(const json& value, std::uint64_t& out) {
    if (!value.is_number_unsigned()) {
        return false;
    }
    out = value.get<std::uint64_t>();
    return out <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

bool checkedMul(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    return !__builtin_mul_overflow(a, b, &out);
}

Result<SafetensorsTensor> parseTensor(const std::string& name, const json& entry,
                                      std::size_t dataSize) {
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object()) {
        return headerError(where + " is not an object");
    }
    const auto dtypeIt = entry.find("dtype");
    const auto shapeIt = entry.find("shape");
    const auto offsetsIt = entry.find("data_offsets");
    if (dtypeIt == entry.end() || shapeIt == entry.end() || offsetsIt == entry.end()) {
        return headerError(where + " lacks \"dtype\", \"shape\" or \"data_offsets\"");
    }
    if (!dtypeIt->is_string()) {
        return headerError(where + " has a \"dtype\" that is not a string");
    }
    SafetensorsTensor tensor;
    tensor.name = name;
    tensor.dtypeName = dtypeIt->get<std::string>();
    const std::optional<SafetensorsDType> dtype = parseSafetensorsDType(tensor.dtypeName);
    if (!dtype) {
        return makeError(ErrorCode::Unsupported,
                         "The safetensors tensor '" + name + "' has the dtype '" +
                             tensor.dtypeName.substr(0, 32) + "', which Headwave does not read.");
    }
    tensor.dtype = *dtype;

    if (!shapeIt->is_array() || shapeIt->size() > 64) {
        return headerError(where + " has a \"shape\" that is not a list of at most 64 dimensions");
    }
    std::uint64_t elements = 1;
    bool overflow = false;
    for (const json& d : *shapeIt) {
        std::uint64_t dim = 0;
        if (!asIndex(d, dim)) {
            return headerError(where + " has a dimension that is not a non-negative integer",
                               "shape " + shapeIt->dump());
        }
        tensor.shape.push_back(static_cast<std::int64_t>(dim));
        // Keep going after an overflow: a zero dimension later still makes the tensor empty.
        overflow = overflow || !checkedMul(elements, dim, elements);
    }
    if (std::find(tensor.shape.begin(), tensor.shape.end(), 0) != tensor.shape.end()) {
        elements = 0;
        overflow = false;
    }
    std::uint64_t bytes = 0;
    if (overflow || !checkedMul(elements, safetensorsDTypeSize(tensor.dtype), bytes)) {
        return headerError(where + " has an absurd shape", "shape " + shapeIt->dump());
    }

    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    if (!offsetsIt->is_array() || offsetsIt->size() != 2 || !asIndex((*offsetsIt)[0], begin) ||
        !asIndex((*offsetsIt)[1], end)) {
        return headerError(where + " has \"data_offsets\" that are not two non-negative integers");
    }
    if (begin > end || end > dataSize) {
        return headerError(where + " lies outside the data area",
                           "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                               "], data area " + std::to_string(dataSize) + " bytes");
    }
    if (end - begin != bytes) {
        return headerError(where + " occupies " + std::to_string(end - begin) +
                               " bytes, but its shape and dtype need " + std::to_string(bytes),
                           "shape " + shapeIt->dump() + ", dtype " + tensor.dtypeName);
    }
    tensor.begin = static_cast<std::size_t>(begin);
    tensor.end = static_cast<std::size_t>(end);
    return tensor;
}

Result<SafetensorsHeader> parseHeaderJson(const char* text, std::size_t n, std::size_t dataStart,
                                          std::size_t dataSize) {
    // nlohmann keeps the last of duplicate keys; a file whose tensors are named twice is corrupt.
    std::set<std::string> names;
    bool duplicate = false;
    std::string duplicateName;
    const json::parser_callback_t noteKeys = [&](int depth, json::parse_event_t event,
                                                 json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 && parsed.is_string()) {
            if (!names.insert(parsed.get<std::string>()).second && !duplicate) {
                duplicate = true;
                duplicateName = parsed.get<std::string>();
            }
        }
        return true;
    };
    json root = json::parse(text, text + n, noteKeys, /*allow_exceptions=*/true);
    if (duplicate) {
        return headerError("the name '" + duplicateName + "' appears twice");
    }
    if (!root.is_object()) {
        return headerError("it is not a JSON object");
    }

    SafetensorsHeader header;
    header.dataStart = dataStart;
    header.dataSize = dataSize;
    for (const auto& [name, entry] : root.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) {
                return headerError("\"__metadata__\" is not an object");
            }
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string()) {
                    return headerError("\"__metadata__\" value '" + key + "' is not a string");
                }
                header.metadata.emplace(key, value.get<std::string>());
            }
            continue;
        }
        Result<SafetensorsTensor> tensor = parseTensor(name, entry, dataSize);
        if (!tensor) {
            return tensor.error();
        }
        header.tensors.push_back(std::move(tensor).value());
    }

    // Overlap: order by position; every non-empty tensor must start at or after the furthest end
    // seen so far. Empty tensors occupy no bytes and overlap nothing.
    std::vector<const SafetensorsTensor*> byOffset;
    byOffset.reserve(header.tensors.size());
    for (const SafetensorsTensor& t : header.tensors) {
        byOffset.push_back(&t);
    }
    std::sort(byOffset.begin(), byOffset.end(),
              [](const SafetensorsTensor* a, const SafetensorsTensor* b) {
                  return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
              });
    std::size_t furthestEnd = 0;
    const SafetensorsTensor* furthest = nullptr;
    for (const SafetensorsTensor* t : byOffset) {
        if (t->begin == t->end) {
            continue;
        }
        if (furthest != nullptr && t->begin < furthestEnd) {
            return headerError("tensors '" + furthest->name + "' and '" + t->name + "' overlap",
                               "[" + std::to_string(furthest->begin) + ", " +
                                   std::to_string(furthest->end) + ") and [" +
                                   std::to_string(t->begin) + ", " + std::to_string(t->end) + ")");
        }
        if (t->end > furthestEnd) {
            furthestEnd = t->end;
            furthest = t;
        }
    }

    std::sort(
        header.tensors.begin(), header.tensors.end(),
        [](const SafetensorsTensor& a, const SafetensorsTensor& b) { return a.name < b.name; });
    return header;
}

}  // namespace

const char* safetensorsDTypeName(SafetensorsDType dtype) {
    return info(dtype).name;
}

std::size_t safetensorsDTypeSize(SafetensorsDType dtype) {
    return info(dtype).size;
}

std::optional<SafetensorsDType> parseSafetensorsDType(std::string_view name) {
    for (const DTypeInfo& i : kDTypes) {
        if (name == i.name) {
            return i.dtype;
        }
    }
    return std::nullopt;
}

std::uint64_t SafetensorsTensor::elementCount() const {
    // The byte range was checked against the shape, so this cannot overflow.
    return byteSize() / safetensorsDTypeSize(dtype);
}

std::string SafetensorsTensor::describe() const {
    std::string text = name + " " + dtypeName + " [";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(shape[i]);
    }
    return text + "]";
}

const SafetensorsTensor* SafetensorsHeader::find(std::string_view name) const {
    const auto it =
        std::lower_bound(tensors.begin(), tensors.end(), name,
                         [](const SafetensorsTensor& t, std::string_view n) { return t.name < n; });
    return it != tensors.end() && it->name == name ? &*it : nullptr;
}

Result<SafetensorsHeader> parseSafetensorsHeader(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < 8) {
        return makeError(ErrorCode::FileFormat,
                         "Not a safetensors file: it is shorter than the 8-byte header length.",
                         "file size " + std::to_string(size) + " bytes");
    }
    std::uint64_t headerLength = 0;
    for (std::size_t i = 8; i-- > 0;) {
        headerLength = (headerLength << 8) | data[i];
    }
    if (headerLength > kSafetensorsMaxHeaderBytes) {
        return makeError(ErrorCode::FileFormat,
                         "Not a valid safetensors file: the header length is absurd.",
                         "header length " + std::to_string(headerLength) + " bytes, limit " +
                             std::to_string(kSafetensorsMaxHeaderBytes));
    }
    if (headerLength > size - 8) {
        return makeError(ErrorCode::FileFormat,
                         "The safetensors file is truncated inside its header.",
                         "header length " + std::to_string(headerLength) + " bytes, " +
                             std::to_string(size - 8) + " follow");
    }
    const auto n = static_cast<std::size_t>(headerLength);
    const char* text = reinterpret_cast<const char*>(data + 8);
    if (n == 0 || text[0] != '{') {
        return headerError("it does not start with '{'");
    }
    if (!jsonNestingWithin(std::string_view(text, n), kMaxJsonDepth)) {
        return headerError("it nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    try {
        return parseHeaderJson(text, n, 8 + n, size - 8 - n);
    } catch (const json::exception& e) {
        return headerError("it is not valid JSON", e.what());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory,
                         "Out of memory while reading a safetensors header.");
    } catch (const std::exception& e) {
        return headerError("it could not be read", e.what());
    }
}

Status writeSafetensors(const std::string& path, const std::vector<SafetensorsTensorData>& tensors,
                        const std::map<std::string, std::string>& metadata) {
    auto invalid = [&](const std::string& what) -> Status {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not write '" + path + "': " + what + ".");
    };
    std::set<std::string> names;
    for (const SafetensorsTensorData& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__") {
            return invalid("a tensor name is empty or \"__metadata__\"");
        }
        if (!names.insert(t.name).second) {
            return invalid("the tensor name '" + t.name + "' appears twice");
        }
        std::uint64_t elements = 1;
        for (std::int64_t d : t.shape) {
            if (d < 0 || !checkedMul(elements, static_cast<std::uint64_t>(d), elements)) {
                return invalid("tensor '" + t.name + "' has an invalid shape");
            }
        }
        std::uint64_t bytes = 0;
        if (!checkedMul(elements, safetensorsDTypeSize(t.dtype), bytes) ||
            bytes != t.bytes.size()) {
            return invalid("tensor '" + t.name + "' has " + std::to_string(t.bytes.size()) +
                           " bytes, its shape and dtype need " + std::to_string(bytes));
        }
    }

    // Decreasing itemsize, then name: with the 8-aligned header every tensor is aligned.
    std::vector<const SafetensorsTensorData*> order;
    order.reserve(tensors.size());
    for (const SafetensorsTensorData& t : tensors) {
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(),
              [](const SafetensorsTensorData* a, const SafetensorsTensorData* b) {
                  const std::size_t sa = safetensorsDTypeSize(a->dtype);
                  const std::size_t sb = safetensorsDTypeSize(b->dtype);
                  return sa != sb ? sa > sb : a->name < b->name;
              });

    std::string headerText;
    try {
        json root = json::object();
        if (!metadata.empty()) {
            root["__metadata__"] = metadata;
        }
        std::size_t offset = 0;
        for (const SafetensorsTensorData* t : order) {
            root[t->name] = {{"dtype", safetensorsDTypeName(t->dtype)},
                             {"shape", t->shape},
                             {"data_offsets", {offset, offset + t->bytes.size()}}};
            offset += t->bytes.size();
        }
        headerText = root.dump();  // throws on a name or value that is not UTF-8
    } catch (const json::exception& e) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not write '" + path + "': a name or metadata value is not UTF-8.",
                         e.what());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while writing '" + path + "'.");
    }
    headerText.append((8 - headerText.size() % 8) % 8, ' ');
    std::uint8_t length[8] = {};
    for (std::size_t i = 0; i < 8; ++i) {
        length[i] =
            static_cast<std::uint8_t>(static_cast<std::uint64_t>(headerText.size()) >> (8 * i));
    }

    return writeFileAtomically(path, [&](std::FILE* file) -> Status {
        if (Status s = writeAll(file, length, sizeof(length)); !s) {
            return s;
        }
        if (Status s = writeAll(file, headerText.data(), headerText.size()); !s) {
            return s;
        }
        for (const SafetensorsTensorData* t : order) {
            if (Status s = writeAll(file, t->bytes.data(), t->bytes.size()); !s) {
                return s;
            }
        }
        return {};
    });
}

}  // namespace headwave
