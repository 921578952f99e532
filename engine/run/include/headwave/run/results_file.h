// SPDX-License-Identifier: GPL-3.0-or-later
// The results file of an analysis run (".hwrun"): a NumPy .npz archive (uncompressed), so it
// reopens in the CLI and the app and reads from Python with numpy alone:
//
//   r = np.load("run.hwrun")                 # no pickles: allow_pickle=False works
//   meta = json.loads(str(r["meta"]))        # settings, model, corpus, columns (key, unit)
//   m = r["metrics"]                         # float64 [sequences, layers, heads, columns]
//   col = [c["key"] for c in meta["columns"]].index("spectral_entropy")
//   m[..., col].mean(axis=0)                 # per-head mean over sequences
//
// Members (format_version 1):
//   format          string "headwave-run"
//   format_version  int64 [1]
//   meta            JSON string (see docs/results-format.md)
//   sequence_index  int64 [S]   packed index of each sequence in the corpus
//   tokens          int64 [S]   token count of each sequence
//   token_ids       int32 [sum tokens]  the sequences' ids, concatenated
//   metrics         float64 [S, L, H, C]  per-head-per-sequence metrics (NaN = undefined)
//   head_mean, head_std   float64 [L, H, C]  over sequences (population std)
//   rho_head        float64 [L, H]; rho_layer float64 [L]
//   attention_s{S}_l{L}_h{H}  float32 [T, T]; profile_s{S}_l{L}_h{H} float64 [T]  (kept heads)
// Written atomically; byte-identical for identical runs (no timestamps).
#pragma once

#include <memory>
#include <string>

#include "headwave/run/analysis_run.h"

namespace headwave {

inline constexpr const char* kRunFormat = "headwave-run";
inline constexpr int kRunFormatVersion = 1;

Status writeRunFile(const std::string& path, const RunResult& result);

// The `meta` member of the results file of this run: a JSON string (docs/results-format.md).
std::string runMetaJson(const RunResult& result);

// Opens a results file. An old, newer or foreign file (another .npz, a text file) gets a clear
// message naming the file and what it is.
Result<std::shared_ptr<const RunResult>> readRunFile(const std::string& path);

}  // namespace headwave
