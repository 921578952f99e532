// SPDX-License-Identifier: GPL-3.0-or-later
// Attention exported from any framework, one file per sequence, analysed as a run: every head of
// every file, the per-head summary over the files, written as metrics.csv (one row per sequence,
// layer and head), heads.csv (per-head mean and std over sequences, rho) and summary.json. What
// `headwave-cli analyze-attention` does; the files' columns are those of docs/results-format.md.
//
//   AttentionFilesSettings s;
//   s.outDir = "results/example";
//   auto r = analyzeAttentionFiles({"a.npy", "b.npy"}, s, stop, onProgress);
//   r->summary->rhoModel;
#pragma once

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/progress.h"
#include "headwave/core/warning.h"
#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/formats/attention_file.h"

namespace headwave {

// Attention from a file or folder with the labels of its tokens: the token sidecar
// (headwave/formats/token_sidecar.h) named explicitly, else the one beside it when there is one.
struct ExternalAttentionOptions {
    AttentionFileOptions file;
    std::string tokensPath;  // a sidecar to use; empty = tokenSidecarPath(path) when it exists
};

struct ExternalAttention {
    std::shared_ptr<AttentionSource> source;
    std::vector<std::string> tokens;  // [T] labels from the sidecar; empty without one
    std::vector<std::int64_t> ids;    // [T] token ids from the sidecar, or empty
    std::string sidecarPath;          // the sidecar read, or empty
    std::string model;                // the sidecar's "model", or empty
};

// Errors: those of openAttentionFile; an explicit sidecar that is missing; a sidecar that is not
// valid or whose token count differs from the attention's T (InvalidInput, naming both files).
Result<ExternalAttention> openExternalAttention(const std::string& path,
                                                const ExternalAttentionOptions& options = {});

struct AttentionFilesSettings {
    // Rescaled attention cannot come from a file of one sequence: no scale-sensitivity columns
    // unless asked for explicitly (they stay NaN).
    MethodSettings method = [] {
        MethodSettings m;
        m.alphas.clear();
        return m;
    }();
    AttentionChecks checks;
    AttentionFileOptions file;
    int threads = 0;      // threads for the heads of a layer; 0 = every core
    std::string outDir;   // created when missing
    bool force = false;   // replace existing output files
    std::string version;  // the program's version, recorded in summary.json
};

struct AttentionFilesResult {
    std::shared_ptr<const CorpusSummary> summary;
    AttentionShape shape;              // of the first file (every file has its layers and heads)
    int level = 0;                     // the wavelet depth J, fixed by the shortest file
    std::vector<std::string> sources;  // [files] each file's name, in order
    std::vector<Warning> warnings;     // Warning::sequence = the file's index
    std::string metricsPath;
    std::string headsPath;
    std::string summaryPath;
};

// Opens every file or folder first (shapes must agree; the shortest fixes J; a token sidecar beside
// a file must match its T), then analyses them in order,
// streaming metrics.csv into a temporary file renamed into place only when every file succeeded:
// an error or a stop leaves no output behind. Progress: stage = the file, done/total = files.
Result<AttentionFilesResult> analyzeAttentionFiles(const std::vector<std::string>& paths,
                                                   const AttentionFilesSettings& settings,
                                                   std::stop_token stop = {},
                                                   const ProgressCallback& progress = {});

}  // namespace headwave
