// SPDX-License-Identifier: GPL-3.0-or-later
// Analyses every head of one sequence, layer by layer, on a few threads, with a stop token and a
// throttled progress callback. Only one layer of attention is held at a time.
//
//   SequenceAnalyzer analyzer(settings, level);
//   Result<SequenceMetrics> r = analyzer.run(source, stopToken, onProgress);
#pragma once

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/progress.h"
#include "headwave/dsp/head_metrics.h"

namespace headwave {

// Immutable once built: shared as std::shared_ptr<const SequenceMetrics>.
struct SequenceMetrics {
    std::string name;  // the source's name
    AttentionShape shape;
    int level = 0;                   // wavelet depth J used
    std::vector<HeadMetrics> heads;  // [layers * heads], index = layer * heads + head
    // [layers * heads][T] normalised profiles, when AnalyzerOptions::keepProfiles.
    std::vector<std::vector<double>> profiles;
    std::vector<Warning> warnings;

    const HeadMetrics& at(int layer, int head) const {
        return heads[static_cast<std::size_t>(layer * shape.heads + head)];
    }
};

struct AnalyzerOptions {
    int threads = 0;            // worker threads for the heads of a layer; 0 = all cores
    bool keepProfiles = false;  // fill SequenceMetrics::profiles
    bool profilesOnly = false;  // compute only the profiles (no metrics): rescaled runs
    AttentionChecks checks;
};

class SequenceAnalyzer {
public:
    SequenceAnalyzer(MethodSettings settings, int level, AnalyzerOptions options = {});

    // Runs every head of every layer. Polls the stop token between heads; returns
    // ErrorCode::Cancelled when stopped. progress is called from the calling thread after each
    // layer (stage "layers", done = layers finished; throttled, always for the last layer).
    Result<SequenceMetrics> run(AttentionSource& source, std::stop_token stop = {},
                                const ProgressCallback& progress = {});

private:
    MethodSettings m_settings;
    int m_level;
    AnalyzerOptions m_options;
};

}  // namespace headwave
