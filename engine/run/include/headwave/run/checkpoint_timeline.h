// SPDX-License-Identifier: GPL-3.0-or-later
// Several model folders analysed on one text, one row each: a training timeline (checkpoints of
// one run, ordered by step) or a positional comparison (twins that differ only in the positional
// scheme). Each row holds the paper's Table 4/5 quantities -- spectral entropy, selectivity, band
// shares, scale sensitivity at each alpha, mean over heads -- plus their spread across heads,
// which shows whether heads separate into bands as training proceeds. Every metric of the catalogue
// (metric_catalogue.h) is summarised; the rows name none. Plain C++; the models are opened with
// loadAttentionModel (link headwave_torch).
//
//   TimelineSettings s;                 // alphas 0.5, 0.25; sequences of 128..256 tokens
//   auto rows = computeTimeline({"demo/rope/step-0000", "demo/rope/step-0512"}, "text.txt", s);
//   const Summary& hs = (*rows)[1].summary(metricFamily("spectral_entropy"));  // hs.mean, hs.std
//   (*rows)[1].summary(metricFamily("scale_sensitivity_a{alpha}"), 1);          // the second alpha
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/core/progress.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/statistics.h"

namespace headwave {

struct TimelineSettings {
    MethodSettings
        method;           // docs/method.md defaults; method.alphas = the scale-sensitivity factors
    int minTokens = 128;  // the text is packed into sequences of minTokens..maxTokens tokens;
    int maxTokens = 256;  // maxTokens is lowered to a model's context when that is shorter
    int maxSequences = 64;
    int threads = 0;  // 0 = all cores
    // When set, the text itself (textPath then only names it in messages).
    std::shared_ptr<const std::string> text;
};

struct TimelineRow {
    std::string dir;         // as given
    std::string name;        // the folder's name
    std::string positional;  // "RoPE", "ALiBi", ...
    int step = -1;           // training step from config.json's headwave_training; -1 if absent
    int sequences = 0;
    int heads = 0;  // layers x heads

    // Every column of the run (the catalogue for the settings: layout.settings().alphas are the
    // scale-sensitivity factors) over the heads of all layers, each head's value being its mean
    // over the sequences: mean, std, IQR, count (Summary of statistics.h). [layout.size()]
    MetricLayout layout;
    std::vector<Summary> columns;
    double rho = 0;  // position-spectrum correlation of the model (NaN below 2 sequences)

    // Per head, [layers * heads] in layer-major order (each a mean over the sequences).
    std::vector<double> headSpectralEntropy;  // nats
    std::vector<double> headLowShare;         // fractions
    std::vector<double> headMidShare;
    std::vector<double> headHighShare;
    // Heads whose largest band share is the low, mid or high band: how the heads divide the
    // spectrum between them.
    int lowHeads = 0;
    int midHeads = 0;
    int highHeads = 0;

    // The summary of a family's column (position: the scale, window or alpha index); every field
    // NaN (count 0) when the row has no such column. Inline: views use rows without the models.
    const Summary& summary(const MetricFamily& family, std::size_t position = 0) const {
        static const Summary none = [] {
            Summary s;
            s.mean = s.std = s.q1 = s.q3 = s.iqr = std::numeric_limits<double>::quiet_NaN();
            return s;
        }();
        const int i = layout.index(family, position);
        return i >= 0 && static_cast<std::size_t>(i) < columns.size()
                   ? columns[static_cast<std::size_t>(i)]
                   : none;
    }
};

// Analyses every folder on the text at textPath (a corpus file, packed as settings say). Rows are
// in the order given. Errors name the folder (not a model, no tokenizer, text too short for
// minTokens). Stop is polled between layers. Progress: stage "model", done/total count the
// folders (done = the index of the folder being analysed).
Result<std::vector<TimelineRow>> computeTimeline(const std::vector<std::string>& dirs,
                                                 const std::string& textPath,
                                                 const TimelineSettings& settings = {},
                                                 std::stop_token stop = {},
                                                 const ProgressCallback& progress = {});

}  // namespace headwave
