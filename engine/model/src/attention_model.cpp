// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/model/attention_model.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace headwave {

Status checkFiniteAttention(const LayerAttention& a) {
    const auto T = static_cast<std::size_t>(std::max(a.tokens, 0));
    const std::size_t perHead = T * T;
    for (int h = 0; h < a.heads; ++h) {
        const float* p = a.probs + static_cast<std::size_t>(h) * perHead;
        // Exponent bits all ones = NaN or infinity; an integer test, so the loop vectorises (a
        // float comparison with NaN would need -ffast-math to do so, which breaks std::isnan).
        bool bad = false;
        for (std::size_t i = 0; i < perHead; ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, p + i, sizeof bits);
            bad |= (bits & 0x7F800000u) == 0x7F800000u;
        }
        if (!bad) {
            continue;
        }
        std::size_t i = 0;
        while (i < perHead && std::isfinite(p[i])) {
            ++i;
        }
        return makeError(
            ErrorCode::InvalidAttention,
            "Layer " + std::to_string(a.layer) + ", head " + std::to_string(h) +
                " of the model gives attention that is not finite (NaN or infinity): its weights "
                "hold NaN or infinite values, or a half-precision value overflowed. Check the "
                "checkpoint ('headwave-cli info' lists tensors with such values).",
            "query " + std::to_string(i / T) + ", key " + std::to_string(i % T) + ": " +
                (std::isnan(p[i]) ? "NaN" : "infinity"));
    }
    return {};
}

Result<ModelOutput> runModel(AttentionModel& model, const std::vector<int>& ids,
                             const std::function<Status(const LayerAttention&)>& onLayer,
                             std::stop_token stop,
                             const std::function<void(int done, int layers)>& progress) {
    auto pass = model.begin(ids);
    if (!pass) {
        return pass.error();
    }
    const int layers = model.config().layers;
    for (int l = 0; l < layers; ++l) {
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "The forward pass was cancelled.");
        }
        auto a = (*pass)->nextLayer();
        if (!a) {
            return a.error();
        }
        if (Status finite = checkFiniteAttention(a.value()); !finite) {
            return finite.error();
        }
        if (onLayer) {
            if (Status s = onLayer(a.value()); !s) {
                return s.error();
            }
        }
        if (progress) {
            progress(l + 1, layers);
        }
    }
    return (*pass)->output();
}

ModelAttentionSource::ModelAttentionSource(AttentionModel& model, std::vector<int> ids,
                                           std::string name)
    : m_model(model), m_ids(std::move(ids)), m_name(std::move(name)) {}

AttentionShape ModelAttentionSource::shape() const {
    return {m_model.config().layers, m_model.config().heads, static_cast<int>(m_ids.size())};
}

Result<LayerView> ModelAttentionSource::layer(int l) {
    if (l < 0 || l >= m_model.config().layers) {
        return makeError(ErrorCode::InvalidArgument,
                         "Layer " + std::to_string(l) + " does not exist in '" + m_name + "'.");
    }
    if (!m_pass || m_pass->layersDone() > l) {
        auto pass = m_model.begin(m_ids);
        if (!pass) {
            return pass.error();
        }
        m_pass = std::move(pass.value());
    }
    while (m_pass->layersDone() < l) {
        auto skipped = m_pass->nextLayer();
        if (!skipped) {
            return skipped.error();
        }
    }
    auto a = m_pass->nextLayer();
    if (!a) {
        return a.error();
    }
    if (Status finite = checkFiniteAttention(a.value()); !finite) {
        return finite.error();
    }
    LayerView v;
    v.dtype = DType::Float32;
    v.data = a->probs;
    return v;
}

std::uint64_t availableMemoryBytes() {
    std::uint64_t available = 0;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t value = 0;
    std::string unit;
    while (meminfo >> key >> value) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") {
            available = value * 1024;
            break;
        }
    }
    if (available == 0) {
        const long pages = sysconf(_SC_AVPHYS_PAGES);
        const long size = sysconf(_SC_PAGESIZE);
        if (pages > 0 && size > 0) {
            available = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size);
        }
    }
    // A cgroup v2 memory limit (containers, Slurm jobs) bounds what this process may use.
    std::ifstream maxFile("/sys/fs/cgroup/memory.max");
    std::ifstream currentFile("/sys/fs/cgroup/memory.current");
    std::string maxText;
    std::uint64_t current = 0;
    if (maxFile >> maxText && maxText != "max" && currentFile >> current) {
        std::uint64_t limit = 0;
        std::istringstream(maxText) >> limit;
        if (limit > current) {
            available = std::min(available, limit - current);
        }
    }
    return available == 0 ? std::numeric_limits<std::uint64_t>::max() : available;
}

}  // namespace headwave
