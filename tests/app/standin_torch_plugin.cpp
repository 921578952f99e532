// SPDX-License-Identifier: GPL-3.0-or-later
// A stand-in for libheadwave_torch.so (headwave/model/torch_plugin.h) for builds without libtorch
// (the clang ThreadSanitizer build): the app's bridge loads it through headwave_torch_lazy exactly
// as it loads the real plugin ($HEADWAVE_TORCH_PLUGIN). Its model reads the folder's config.json
// with the engine's parser and gives deterministic, causal, row-stochastic attention derived from
// the token ids, layer and head; it has no weights and cannot train.
//
// Attention of layer l, head h, query i over key j <= i:
//   w(i, j) = 1 + ((31 * id[j] + 7 * l + 13 * h + (i - j)) mod 17),  p(i, j) = w(i, j) / sum_j w
// $HEADWAVE_STANDIN_LAYER_MS (default 0) sleeps that long per layer, so that a test can cancel or
// destroy the bridge while a pass runs.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "headwave/core/hash.h"
#include "headwave/model/torch_plugin.h"
#include "headwave/run/analysis_run.h"

namespace {

using namespace headwave;

int layerDelayMs() {
    const char* v = std::getenv("HEADWAVE_STANDIN_LAYER_MS");
    return v != nullptr ? std::max(0, std::atoi(v)) : 0;
}

class StandinPass : public ForwardPass {
public:
    StandinPass(const ModelConfig& config, std::vector<int> ids, int delayMs)
        : m_config(config), m_ids(std::move(ids)), m_delayMs(delayMs) {}

    int layersDone() const override { return m_done; }

    Result<LayerAttention> nextLayer() override {
        if (m_done >= m_config.layers) {
            return makeError(ErrorCode::Internal, "The stand-in pass has no more layers.");
        }
        if (m_delayMs > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(m_delayMs));
        }
        const int l = m_done;
        const int H = m_config.heads;
        const std::size_t T = m_ids.size();
        m_probs.assign(static_cast<std::size_t>(H) * T * T, 0.0f);  // [heads, T, T]
        for (int h = 0; h < H; ++h) {
            float* head = m_probs.data() + static_cast<std::size_t>(h) * T * T;
            for (std::size_t i = 0; i < T; ++i) {
                double sum = 0;
                for (std::size_t j = 0; j <= i; ++j) {
                    sum += weight(l, h, i, j);
                }
                for (std::size_t j = 0; j <= i; ++j) {
                    head[i * T + j] = static_cast<float>(weight(l, h, i, j) / sum);
                }
            }
        }
        ++m_done;
        LayerAttention a;
        a.layer = l;
        a.heads = H;
        a.tokens = static_cast<int>(T);
        a.probs = m_probs.data();
        return a;
    }

    Result<ModelOutput> output() override {
        if (m_done != m_config.layers) {
            return makeError(ErrorCode::Internal,
                             "The stand-in pass's output was asked for before its last layer.");
        }
        ModelOutput out;
        out.rows = static_cast<int>(m_ids.size());
        out.cols = m_config.vocab;
        out.values.resize(static_cast<std::size_t>(out.rows) * static_cast<std::size_t>(out.cols));
        for (std::size_t t = 0; t < m_ids.size(); ++t) {
            for (int v = 0; v < m_config.vocab; ++v) {
                const int k = (m_ids[t] * 7 + v * 3) % 11;
                out.values[t * static_cast<std::size_t>(out.cols) + static_cast<std::size_t>(v)] =
                    static_cast<float>(k) / 11.0f;
            }
        }
        return out;
    }

private:
    double weight(int l, int h, std::size_t i, std::size_t j) const {
        const long long k = 31LL * m_ids[j] + 7LL * l + 13LL * h + static_cast<long long>(i - j);
        return 1.0 + static_cast<double>(k % 17);
    }

    ModelConfig m_config;
    std::vector<int> m_ids;
    int m_delayMs = 0;
    int m_done = 0;
    std::vector<float> m_probs;  // [heads, T, T] of the last layer
};

class StandinModel : public AttentionModel {
public:
    StandinModel(ModelConfig config, ModelInfo info)
        : m_config(std::move(config)), m_info(std::move(info)) {}

    const ModelConfig& config() const override { return m_config; }
    const ModelInfo& info() const override { return m_info; }

    Result<std::unique_ptr<ForwardPass>> begin(const std::vector<int>& ids) override {
        if (ids.empty()) {
            return makeError(ErrorCode::InvalidArgument, "There are no tokens to run.");
        }
        if (m_config.maxPositions > 0 &&
            ids.size() > static_cast<std::size_t>(m_config.maxPositions)) {
            return makeError(ErrorCode::InvalidArgument,
                             std::to_string(ids.size()) +
                                 " tokens are more than the model's context of " +
                                 std::to_string(m_config.maxPositions) + ".");
        }
        for (int id : ids) {
            if (id < 0 || id >= m_config.vocab) {
                return makeError(ErrorCode::InvalidArgument,
                                 "Token id " + std::to_string(id) + " is outside the vocabulary.");
            }
        }
        return std::unique_ptr<ForwardPass>(
            std::make_unique<StandinPass>(m_config, ids, layerDelayMs()));
    }

private:
    ModelConfig m_config;
    ModelInfo m_info;
};

Result<std::unique_ptr<AttentionModel>> load(const std::string& dir, const LoadOptions&) {
    const std::string path = (std::filesystem::path(dir) / "config.json").string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::FileNotFound, "There is no config.json in '" + dir + "'.");
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    auto config = parseModelConfig(json, path);
    if (!config) {
        return config.error();
    }
    ModelInfo info;
    info.name = std::filesystem::path(dir).filename().string();
    info.storedDtype = "F32";
    info.configHash = fnv1aHex(json.data(), json.size());
    return std::unique_ptr<AttentionModel>(
        std::make_unique<StandinModel>(std::move(config.value()), std::move(info)));
}

Result<TrainResult> train(const TrainSettings&, const std::function<void(const TrainProgress&)>&,
                          std::stop_token) {
    return makeError(ErrorCode::Unsupported, "The stand-in model library cannot train.");
}

Result<TrainerForward> forward(const std::string&, const std::vector<int>&) {
    return makeError(ErrorCode::Unsupported, "The stand-in model library cannot train.");
}

}  // namespace

extern "C" const headwave::TorchPluginApi* headwave_torch_plugin_api() {
    static const headwave::TorchPluginApi api = [] {
        headwave::TorchPluginApi a;
        a.loadAttentionModel = &load;
        a.trainModel = &train;
        a.trainerForward = &forward;
        a.torchVersion = [] { return "stand-in"; };
        return a;
    }();
    return &api;
}
