// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/model/model_weights.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace headwave {

namespace fs = std::filesystem;

namespace {

// Elements of `bytes` (little-endian words of type Word) whose exponent bits are all ones: NaN
// or infinity. memcpy, not a cast: a tensor's data may be misaligned in the file.
template <typename Word>
std::int64_t countAllOnesExponent(const std::uint8_t* data, std::size_t bytes, Word exponentMask) {
    std::int64_t count = 0;
    const std::size_t n = bytes / sizeof(Word);
    for (std::size_t i = 0; i < n; ++i) {
        Word w;
        std::memcpy(&w, data + i * sizeof(Word), sizeof(Word));
        count += (w & exponentMask) == exponentMask ? 1 : 0;
    }
    return count;
}

}  // namespace

std::int64_t nonFiniteElements(const WeightTensor& t) {
    switch (t.dtype) {
        case SafetensorsDType::F16:
            return countAllOnesExponent<std::uint16_t>(t.data, t.bytes, 0x7C00u);
        case SafetensorsDType::BF16:
            return countAllOnesExponent<std::uint16_t>(t.data, t.bytes, 0x7F80u);
        case SafetensorsDType::F32:
            return countAllOnesExponent<std::uint32_t>(t.data, t.bytes, 0x7F800000u);
        case SafetensorsDType::F64:
            return countAllOnesExponent<std::uint64_t>(t.data, t.bytes, 0x7FF0000000000000ull);
        default:
            return 0;
    }
}

std::int64_t WeightTensor::elements() const {
    std::int64_t n = 1;
    for (std::int64_t d : shape) {
        n *= d;
    }
    return n;
}

std::string WeightTensor::describe() const {
    std::string s = name + " " + safetensorsDTypeName(dtype) + " [";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return s + "]";
}

namespace {

Status addFile(const fs::path& path, std::map<std::string, WeightTensor>& tensors,
               std::uint64_t& bytes) {
    auto mapped = MappedFile::open(path.string());
    if (!mapped) {
        return mapped.error();
    }
    const auto& file = mapped.value();
    auto header = parseSafetensorsHeader(file->data(), file->size());
    if (!header) {
        Error e = header.error();
        e.message = "'" + path.string() + "' is not a valid safetensors file: " + e.message;
        return e;
    }
    // The header was read from the mapping: a truncation meanwhile read zeros (see MappedFile).
    if (Status s = file->checkUnchanged(); !s) {
        return s;
    }
    bytes += file->size();
    for (const SafetensorsTensor& t : header->tensors) {
        WeightTensor w;
        w.name = t.name;
        w.dtype = t.dtype;
        w.shape = t.shape;
        w.data = file->data() + header->dataStart + t.begin;
        w.bytes = t.end - t.begin;
        w.file = file;
        if (!tensors.emplace(t.name, std::move(w)).second) {
            return makeError(ErrorCode::FileFormat,
                             "The tensor '" + t.name + "' appears in more than one weight file ('" +
                                 path.string() + "' and another shard).");
        }
    }
    return {};
}

}  // namespace

Status ModelWeights::checkUnchanged() const {
    const MappedFile* last = nullptr;
    for (const auto& [name, tensor] : m_tensors) {
        // Tensors of one file are usually neighbours in name order; a repeat check is cheap.
        if (tensor.file.get() != last) {
            last = tensor.file.get();
            if (Status s = last->checkUnchanged(); !s) {
                return s;
            }
        }
    }
    return {};
}

Result<std::unique_ptr<ModelWeights>> ModelWeights::open(const std::string& dirName) {
    const fs::path dir(dirName);
    auto weights = std::make_unique<ModelWeights>();
    const fs::path single = dir / "model.safetensors";
    const fs::path index = dir / "model.safetensors.index.json";
    std::error_code ec;
    if (fs::exists(single, ec)) {
        if (Status s = addFile(single, weights->m_tensors, weights->m_fileBytes); !s) {
            return s.error();
        }
        weights->m_files.push_back(single.string());
    } else if (fs::exists(index, ec)) {
        std::ifstream in(index, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("weight_map") ||
            !j["weight_map"].is_object()) {
            return makeError(ErrorCode::FileFormat,
                             "'" + index.string() +
                                 "' is not a valid safetensors index (no \"weight_map\" object).");
        }
        std::set<std::string> shards;
        for (const auto& [name, shard] : j["weight_map"].items()) {
            if (!shard.is_string()) {
                return makeError(ErrorCode::FileFormat, "'" + index.string() + "': the shard of '" +
                                                            name + "' is not a file name.");
            }
            const std::string file = shard.get<std::string>();
            if (file.empty() || file.find('/') != std::string::npos || file == "..") {
                return makeError(ErrorCode::FileFormat, "'" + index.string() +
                                                            "': the shard name '" + file +
                                                            "' is not a plain file name.");
            }
            shards.insert(file);
        }
        for (const std::string& shard : shards) {
            const fs::path p = dir / shard;
            if (!fs::exists(p, ec)) {
                return makeError(ErrorCode::FileNotFound,
                                 "The weight shard '" + p.string() + "' named in '" +
                                     index.string() + "' is missing; download the whole model.");
            }
            if (Status s = addFile(p, weights->m_tensors, weights->m_fileBytes); !s) {
                return s.error();
            }
            weights->m_files.push_back(p.string());
        }
        for (const auto& [name, shard] : j["weight_map"].items()) {
            if (weights->m_tensors.count(name) == 0) {
                return makeError(ErrorCode::FileFormat,
                                 "'" + index.string() + "' lists the tensor '" + name + "' in '" +
                                     shard.get<std::string>() +
                                     "', but that file does not contain it.");
            }
        }
    } else if (fs::exists(dir / "pytorch_model.bin", ec) ||
               fs::exists(dir / "pytorch_model.bin.index.json", ec)) {
        return makeError(
            ErrorCode::Unsupported,
            "'" + dirName +
                "' has only pytorch_model.bin weights. Those are Python pickles, which can run "
                "arbitrary code when loaded, so Headwave does not open them. Convert the folder "
                "to safetensors, e.g. in Python: AutoModel.from_pretrained(dir)"
                ".save_pretrained(dir, safe_serialization=True).");
    } else {
        return makeError(ErrorCode::FileNotFound,
                         "'" + dirName +
                             "' has no model.safetensors (or model.safetensors.index.json with "
                             "shards); is it a Hugging Face model folder?");
    }
    return weights;
}

const WeightTensor* ModelWeights::find(const std::string& name) const {
    auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

std::uint64_t ModelWeights::parameters() const {
    std::uint64_t n = 0;
    for (const auto& [name, t] : m_tensors) {
        n += static_cast<std::uint64_t>(t.elements());
    }
    return n;
}

std::string ModelWeights::dominantDtype() const {
    std::map<std::string, std::uint64_t> count;
    for (const auto& [name, t] : m_tensors) {
        count[safetensorsDTypeName(t.dtype)] += static_cast<std::uint64_t>(t.elements());
    }
    std::string best;
    std::uint64_t most = 0;
    for (const auto& [dtype, n] : count) {
        if (n > most) {
            most = n;
            best = dtype;
        }
    }
    return best;
}

}  // namespace headwave
