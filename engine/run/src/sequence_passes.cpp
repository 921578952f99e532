// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequence_passes.h"

#include <algorithm>
#include <thread>

#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/scale_sensitivity.h"

namespace headwave::passes {

namespace {

// Times the layers an inner source computes (the forward pass) and shows each to a hook; only
// layers 0..layers-1 are exposed (a rescaled pass for one head stops at its layer).
class TimedSource : public AttentionSource {
public:
    TimedSource(AttentionSource& inner, int layers, double& forwardSeconds, LayerHook hook)
        : m_inner(inner), m_layers(layers), m_forward(forwardSeconds), m_hook(std::move(hook)) {}
    AttentionShape shape() const override {
        AttentionShape s = m_inner.shape();
        s.layers = std::min(s.layers, m_layers);
        return s;
    }
    std::string name() const override { return m_inner.name(); }
    std::vector<Warning> warnings() const override { return m_inner.warnings(); }
    Status checkIntact() const override { return m_inner.checkIntact(); }
    Result<LayerView> layer(int l) override {
        const auto t0 = Clock::now();
        auto v = m_inner.layer(l);
        m_forward += secondsSince(t0);
        if (v && m_hook) {
            m_hook(l, v.value());
        }
        return v;
    }

private:
    AttentionSource& m_inner;
    int m_layers;
    double& m_forward;
    LayerHook m_hook;
};

}  // namespace

ModelIdentity identifyModel(const AttentionModel& model) {
    const ModelConfig& cfg = model.config();
    const ModelInfo& info = model.info();
    ModelIdentity id;
    id.name = info.name;
    id.architecture = cfg.modelType;
    id.positional = toString(cfg.positional);
    id.layers = cfg.layers;
    id.heads = cfg.heads;
    id.kvHeads = cfg.kvHeads;
    id.parameters = info.parameters;
    id.dtype = info.storedDtype;
    id.configHash = info.configHash;
    return id;
}

int singlePassThreads(const ModelConfig& config, int tokens, int cores) {
    const long long activations =
        static_cast<long long>(tokens) * static_cast<long long>(config.hidden);
    if (activations < 65536) {
        return 1;
    }
    return cores > 0 ? cores : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

Result<SequenceMetrics> analyzeModelPass(AttentionModel& model, const std::vector<int>& ids,
                                         const std::string& name, const MethodSettings& method,
                                         int level, const AnalyzerOptions& options,
                                         const LayerHook& onLayer, PassTimes& times,
                                         std::stop_token stop, const ProgressCallback& progress) {
    ModelAttentionSource source(model, ids, name);
    double forward = 0;
    TimedSource timed(source, model.config().layers, forward, onLayer);
    const auto start = Clock::now();
    SequenceAnalyzer analyzer(method, level, options);
    auto metrics = analyzer.run(timed, stop, progress);
    times.forward += forward;
    times.analysis += secondsSince(start) - forward;
    return metrics;
}

Result<RescaledPass> rescaledPass(AttentionModel& model, const std::vector<int>& ids,
                                  const std::string& name, double alpha,
                                  const MethodSettings& method, AnalyzerOptions options, int layers,
                                  PassTimes& times, std::stop_token stop,
                                  const ProgressCallback& progress) {
    const int T = static_cast<int>(ids.size());
    auto idx = subsampleIndices(T, alpha, method.subsampling);
    if (!idx) {
        return idx.error();
    }
    std::vector<int> sub;
    sub.reserve(idx->size());
    for (int i : idx.value()) {
        sub.push_back(ids[static_cast<std::size_t>(i)]);
    }
    RescaledPass out;
    out.subsampledTokens = static_cast<int>(sub.size());
    ModelAttentionSource small(model, sub, name + " x" + formatShortest(alpha));
    double forward = 0;
    TimedSource timed(small, layers, forward, LayerHook{});
    const auto start = Clock::now();
    // The short sequence may be shallower than J: its profile is stretched back to T before the
    // decomposition, so any length >= 2 works.
    options.profilesOnly = true;
    SequenceAnalyzer analyzer(method, 0, options);
    auto profiles = analyzer.run(timed, stop, progress);
    if (!profiles) {
        times.forward += forward;
        return profiles.error();
    }
    out.stretched.reserve(profiles->profiles.size());
    for (const std::vector<double>& p : profiles->profiles) {
        out.stretched.push_back(stretchProfile(p.data(), out.subsampledTokens, T));
    }
    times.forward += forward;
    times.analysis += secondsSince(start) - forward;
    return out;
}

std::vector<float> headMatrix(const LayerView& view, int head, int tokens) {
    const std::size_t n = static_cast<std::size_t>(tokens) * static_cast<std::size_t>(tokens);
    const std::size_t offset = static_cast<std::size_t>(head) * n;
    if (view.dtype == DType::Float32) {
        return std::vector<float>(view.f32() + offset, view.f32() + offset + n);
    }
    std::vector<float> out(n);
    const double* p = view.f64() + offset;
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = static_cast<float>(p[i]);
    }
    return out;
}

}  // namespace headwave::passes
