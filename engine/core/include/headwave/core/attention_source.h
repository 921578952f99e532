// SPDX-License-Identifier: GPL-3.0-or-later
// Where attention comes from: a file, a model, or a synthetic generator. The engine consumes it one
// layer at a time, so a 32-layer model at T = 2048 never needs its 17 GB of attention at once.
//
//   auto source = openAttentionFile("run.npy");   // Result<std::unique_ptr<AttentionSource>>
//   for (int l = 0; l < source->shape().layers; ++l) {
//       Result<LayerView> layer = source->layer(l);   // [heads, T, T] row-major
//       ...
//   }
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/core/warning.h"

namespace headwave {

enum class DType { Float32, Float64 };

inline std::size_t dtypeSize(DType t) {
    return t == DType::Float32 ? 4 : 8;
}

struct AttentionShape {
    int layers = 0;
    int heads = 0;
    int tokens = 0;  // T: queries = keys = T
};

// One layer's post-softmax attention: [heads, T (query), T (key)], row-major, native-endian,
// aligned for its dtype. The pointed-to memory stays valid while `owner` is alive (a mapping or a
// buffer).
struct LayerView {
    DType dtype = DType::Float32;
    const void* data = nullptr;  // [heads, T, T]
    std::shared_ptr<const void> owner;

    const float* f32() const { return static_cast<const float*>(data); }
    const double* f64() const { return static_cast<const double*>(data); }
};

class AttentionSource {
public:
    virtual ~AttentionSource() = default;

    // Shape of every layer. Constant over the source's life.
    virtual AttentionShape shape() const = 0;

    // A name for messages ("run.npy", "stories260K").
    virtual std::string name() const = 0;

    // Layer l in [0, layers). May map, read or compute it; an IO or format problem is an Error that
    // names the source and the layer.
    virtual Result<LayerView> layer(int l) = 0;

    // Problems that were repaired or tolerated while opening (e.g. trailing bytes), for the user.
    virtual std::vector<Warning> warnings() const { return {}; }

    // Whether the layers handed out so far were read intact: call it after the last read of a
    // layer's values. A layer handed out as a view of a memory-mapped file loses pages when
    // another program truncates the file after layer() returned; reads of them then see zeros
    // (MappedFile's SIGBUS guard) and this reports it, naming the file. Sources that compute or
    // copy their layers are always intact; a wrapping source forwards it.
    virtual Status checkIntact() const { return {}; }
};

}  // namespace headwave
