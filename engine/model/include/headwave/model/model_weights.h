// SPDX-License-Identifier: GPL-3.0-or-later
// The tensors of a model folder: model.safetensors or a sharded set with
// model.safetensors.index.json, memory-mapped, looked up by name (with the prefix spellings that
// released checkpoints use). No tensor is copied here.
//
//   auto w = ModelWeights::open("models/pythia-160m");
//   const WeightTensor* t = w->find("gpt_neox.embed_in.weight");
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/safetensors_reader.h"

namespace headwave {

struct WeightTensor {
    std::string name;
    SafetensorsDType dtype = SafetensorsDType::F32;
    std::vector<std::int64_t> shape;
    const std::uint8_t* data = nullptr;  // into the mapping of `file`
    std::size_t bytes = 0;
    std::shared_ptr<const MappedFile> file;

    std::int64_t elements() const;
    std::string describe() const;  // "name F32 [64, 64]"
};

// Elements of a floating-point tensor (F16, BF16, F32, F64) that are NaN or infinite, read from
// its bytes (an exponent of all ones); 0 for other dtypes. One pass, no copy.
std::int64_t nonFiniteElements(const WeightTensor& t);

class ModelWeights {
public:
    // dir: the model folder. Errors: no weights (pytorch_model.bin alone gets a message explaining
    // that pickles are not executed and how to convert), an index naming missing shards, corrupt
    // or truncated files (from the safetensors parser), the same tensor in two shards.
    static Result<std::unique_ptr<ModelWeights>> open(const std::string& dir);

    const WeightTensor* find(const std::string& name) const;
    const std::map<std::string, WeightTensor>& tensors() const { return m_tensors; }

    std::uint64_t fileBytes() const { return m_fileBytes; }
    std::uint64_t parameters() const;
    // The dtype most of the parameters are stored in ("F32", "BF16", ...).
    std::string dominantDtype() const;
    const std::vector<std::string>& files() const { return m_files; }

    // FileRead when a weight file was truncated on disk since it was mapped (MappedFile): its
    // tensors are no longer what was loaded.
    Status checkUnchanged() const;

private:
    std::map<std::string, WeightTensor> m_tensors;
    std::vector<std::string> m_files;
    std::uint64_t m_fileBytes = 0;
};

}  // namespace headwave
