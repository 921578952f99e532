// SPDX-License-Identifier: GPL-3.0-or-later
// A transformer language model that gives every layer's post-softmax attention, one layer at a
// time. The interface has no torch types: the libtorch implementation lives in one translation
// unit behind loadAttentionModel, so the rest of the engine (and its tests) can use fakes.
//
//   auto model = loadAttentionModel("models/stories260K");
//   auto pass = (*model)->begin({1, 403, 407});
//   while ((*pass)->layersDone() < (*model)->config().layers) {
//       Result<LayerAttention> a = (*pass)->nextLayer();   // a->probs: [heads, T, T]
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/model/model_config.h"

namespace headwave {

struct LayerAttention {
    int layer = 0;
    int heads = 0;
    int tokens = 0;
    const float* probs = nullptr;  // [heads, T (query), T (key)], rows sum to 1; valid until the
                                   // pass's next call
};

// The model's output for the sequence: logits [T, vocab] (causal LMs) or the encoder's last
// hidden state [T, hidden] (BERT, T5 encoder).
struct ModelOutput {
    std::vector<float> values;  // [rows, cols] row-major
    int rows = 0;
    int cols = 0;
    bool hiddenState = false;
};

// One forward pass over one sequence, advanced layer by layer.
// Edits inside the forward, for interventions (headwave/run/interventions.h). Each is called for
// every layer the pass computes from the time it is set; an empty function changes nothing.
struct ForwardHooks {
    // Layer `layer`'s attention [heads, T, T] (rows = queries), after the softmax and before it
    // weights the values; may be changed in place (what the values are then weighted with, and
    // what nextLayer() reports).
    std::function<void(int layer, float* probs, int heads, int tokens)> attention;
    // Layer `layer`'s head outputs [T, heads * headDim]: the attention-weighted values of head h
    // in columns h*headDim .. (h+1)*headDim-1, before the output projection; may be changed in
    // place.
    std::function<void(int layer, float* context, int tokens, int heads, int headDim)> headOutputs;
};

class ForwardPass {
public:
    virtual ~ForwardPass() = default;
    // The hooks applied to the layers computed from now on (replacing earlier ones).
    virtual void setHooks(ForwardHooks hooks) { m_hooks = std::move(hooks); }
    // An independent pass at the same point (layersDone() equal), continuing from a copy of this
    // one's state: the layers below are not computed again. Hooks are not copied. Unsupported
    // unless the implementation can.
    virtual Result<std::unique_ptr<ForwardPass>> fork() const {
        return makeError(ErrorCode::Unsupported, "This forward pass cannot be forked.");
    }
    virtual int layersDone() const = 0;
    // Computes the next layer; its attention is valid until the next call.
    virtual Result<LayerAttention> nextLayer() = 0;
    // After the last layer: the final norm and output head.
    virtual Result<ModelOutput> output() = 0;

protected:
    ForwardHooks m_hooks;
};

struct ModelInfo {
    std::string name;  // folder name
    std::uint64_t parameters = 0;
    std::uint64_t fileBytes = 0;
    std::string storedDtype;  // "F32", "BF16", "F16"
    std::string configHash;   // FNV-1a 64 of config.json's bytes, hex
    std::vector<Warning> warnings;
};

class AttentionModel {
public:
    virtual ~AttentionModel() = default;
    virtual const ModelConfig& config() const = 0;
    virtual const ModelInfo& info() const = 0;

    // Starts a pass over token ids (each in [0, vocab)). Errors: empty input, ids out of range,
    // more tokens than the context (callers cut and warn first), not enough memory for T.
    virtual Result<std::unique_ptr<ForwardPass>> begin(const std::vector<int>& ids) = 0;

    // Intra-op threads of the passes the calling thread runs from now on (libtorch's thread
    // count is per thread). Passes may run concurrently on distinct threads: a model is
    // read-only once loaded, each pass owns its buffers.
    virtual void setThreadsForCallingThread(int threads) { (void)threads; }
};

struct LoadOptions {
    int threads = 0;                     // libtorch intra-op threads; 0 = all cores
    std::uint64_t memoryLimitBytes = 0;  // refuse models needing more; 0 = MemAvailable
};

// Opens a Hugging Face model folder (config.json + safetensors). Weights are memory-mapped; a
// model that cannot fit in memory is refused before anything is loaded, with the amount needed.
Result<std::unique_ptr<AttentionModel>> loadAttentionModel(const std::string& dir,
                                                           const LoadOptions& options = {});

// The libtorch behind loadAttentionModel, for an About box or a bug report: its version ("1.13.0",
// from the headers the libtorch code was compiled against: Debian's libtorch pins that version by
// its soname) and whether it is in this process yet. The app loads libtorch at its first model
// (torch_plugin.h); before that, `version` is the one this build was configured with, or empty
// when unknown, and `loaded` is false. Never loads libtorch itself.
struct TorchRuntime {
    std::string version;
    bool loaded = false;
};
TorchRuntime torchRuntime();

// InvalidAttention when a head of this layer has a NaN or infinite attention value (weights that
// hold NaN or infinity, an overflow in half precision), naming the layer and the first such head;
// the query row and key column are in the detail. One pass over [heads, T, T]. runModel and
// ModelAttentionSource check every layer with it, so no front end writes or analyses such
// attention.
Status checkFiniteAttention(const LayerAttention& attention);

// Runs a whole pass, handing each layer's attention to onLayer (which may return an error to
// stop), polling the stop token between layers. A layer with non-finite attention ends the pass
// with checkFiniteAttention's error before onLayer sees it.
Result<ModelOutput> runModel(AttentionModel& model, const std::vector<int>& ids,
                             const std::function<Status(const LayerAttention&)>& onLayer,
                             std::stop_token stop = {},
                             const std::function<void(int done, int layers)>& progress = {});

// The attention of one sequence as an AttentionSource for the analyzer. Layers are computed on
// demand in order; asking for an earlier layer restarts the pass. Holds one layer at a time.
class ModelAttentionSource : public AttentionSource {
public:
    ModelAttentionSource(AttentionModel& model, std::vector<int> ids, std::string name);
    AttentionShape shape() const override;
    std::string name() const override { return m_name; }
    Result<LayerView> layer(int l) override;

private:
    AttentionModel& m_model;
    std::vector<int> m_ids;
    std::string m_name;
    std::unique_ptr<ForwardPass> m_pass;
};

// Bytes of memory available to this process now (MemAvailable of /proc/meminfo, bounded by a
// cgroup limit when one is set).
std::uint64_t availableMemoryBytes();

}  // namespace headwave
