// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/sequence_analyzer.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

namespace headwave {

SequenceAnalyzer::SequenceAnalyzer(MethodSettings settings, int level, AnalyzerOptions options)
    : m_settings(std::move(settings)), m_level(level), m_options(options) {}

Result<SequenceMetrics> SequenceAnalyzer::run(AttentionSource& source, std::stop_token stop,
                                              const ProgressCallback& progress) {
    const AttentionShape shape = source.shape();
    if (shape.layers < 1 || shape.heads < 1 || shape.tokens < 2) {
        return makeError(ErrorCode::InvalidAttention,
                         "'" + source.name() + "' has no attention to analyse (" +
                             std::to_string(shape.layers) + " layers, " +
                             std::to_string(shape.heads) + " heads, " +
                             std::to_string(shape.tokens) + " tokens; at least 2 are needed).");
    }
    Status valid = m_settings.validate();
    if (!valid) {
        return valid.error();
    }
    SequenceMetrics out;
    out.name = source.name();
    out.shape = shape;
    out.level = m_level;
    out.warnings = source.warnings();
    out.heads.resize(static_cast<std::size_t>(shape.layers * shape.heads));
    if (m_options.keepProfiles || m_options.profilesOnly) {
        out.profiles.resize(out.heads.size());
    }

    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const int threads = std::clamp(m_options.threads > 0 ? m_options.threads : static_cast<int>(hw),
                                   1, shape.heads);
    const auto T = static_cast<std::size_t>(shape.tokens);
    const std::size_t headElems = T * T;

    ProgressThrottle throttle(progress);

    for (int l = 0; l < shape.layers; ++l) {
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
        }
        Result<LayerView> layer = source.layer(l);
        if (!layer) {
            return layer.error();
        }
        const LayerView view = layer.value();

        std::atomic<int> next{0};
        std::mutex errorMutex;
        std::optional<Error> firstError;
        auto work = [&] {
            try {
                HeadAnalyzer analyzer(m_settings, m_level, m_options.checks);
                for (int h = next.fetch_add(1); h < shape.heads; h = next.fetch_add(1)) {
                    if (stop.stop_requested()) {
                        return;
                    }
                    const std::size_t offset = static_cast<std::size_t>(h) * headElems;
                    const auto index = static_cast<std::size_t>(l * shape.heads + h);
                    if (m_options.profilesOnly) {
                        auto p = view.dtype == DType::Float32
                                     ? analyzer.profile(view.f32() + offset, shape.tokens)
                                     : analyzer.profile(view.f64() + offset, shape.tokens);
                        if (!p) {
                            std::lock_guard lock(errorMutex);
                            if (!firstError) {
                                Error e = p.error();
                                e.message = "'" + source.name() + "', layer " + std::to_string(l) +
                                            ", head " + std::to_string(h) + ": " + e.message;
                                firstError = std::move(e);
                            }
                            next.store(shape.heads);
                            return;
                        }
                        out.profiles[index] = std::move(p.value());
                        continue;
                    }
                    HeadDetail detail;
                    HeadDetail* wantDetail = m_options.keepProfiles ? &detail : nullptr;
                    Result<HeadMetrics> m =
                        view.dtype == DType::Float32
                            ? analyzer.analyze(view.f32() + offset, shape.tokens, wantDetail)
                            : analyzer.analyze(view.f64() + offset, shape.tokens, wantDetail);
                    if (m && wantDetail != nullptr) {
                        out.profiles[index] = std::move(detail.profile);
                    }
                    if (!m) {
                        std::lock_guard lock(errorMutex);
                        if (!firstError) {
                            Error e = m.error();
                            e.message = "'" + source.name() + "', layer " + std::to_string(l) +
                                        ", head " + std::to_string(h) + ": " + e.message;
                            firstError = std::move(e);
                        }
                        next.store(shape.heads);
                        return;
                    }
                    out.heads[static_cast<std::size_t>(l * shape.heads + h)] = std::move(m.value());
                }
            } catch (const std::bad_alloc&) {
                std::lock_guard lock(errorMutex);
                if (!firstError) {
                    firstError = makeError(ErrorCode::OutOfMemory,
                                           "Not enough memory to analyse '" + source.name() + "'.");
                }
                next.store(shape.heads);
            } catch (const std::exception& e) {
                std::lock_guard lock(errorMutex);
                if (!firstError) {
                    firstError = makeError(
                        ErrorCode::Internal,
                        "Internal error while analysing '" + source.name() + "'.", e.what());
                }
                next.store(shape.heads);
            }
        };
        std::vector<std::jthread> pool;
        pool.reserve(static_cast<std::size_t>(threads - 1));
        for (int t = 1; t < threads; ++t) {
            pool.emplace_back(work);
        }
        work();
        pool.clear();  // joins

        // A layer that is a view of a mapped file may have lost pages to a truncation while the
        // heads read it (they read zeros): report the truncation rather than the zeroed rows, and
        // never keep numbers computed from lost pages (renormalised, zeroed rows pass the checks).
        if (Status intact = source.checkIntact(); !intact) {
            return intact.error();
        }
        if (firstError) {
            return *firstError;
        }
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
        }
        throttle.report({.fraction = static_cast<double>(l + 1) / static_cast<double>(shape.layers),
                         .stage = "layers",
                         .done = l + 1,
                         .total = shape.layers});
    }
    for (const HeadMetrics& m : out.heads) {
        if (m.repairedRows > 0) {
            std::int64_t total = 0;
            for (const HeadMetrics& k : out.heads) {
                total += k.repairedRows;
            }
            out.warnings.push_back({WarningCode::RowsRenormalised,
                                    std::to_string(total) +
                                        " attention rows did not sum to 1 and were renormalised."});
            break;
        }
    }
    return out;
}

}  // namespace headwave
