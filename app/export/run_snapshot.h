// A corpus run as the views' snapshot: per-head means over the run's sequences, rho of the model,
// and the spectrum and db2 coefficients of every head whose profile the run kept (computed from
// the kept profile by the engine). Used by the figure set of a results file.
//
//   auto snapshot = snapshotFromRun(run);   // std::shared_ptr<const RunResult>
#pragma once

#include <memory>

#include "widgets/analysis_snapshot.h"

namespace headwave {

std::shared_ptr<AnalysisSnapshot> snapshotFromRun(std::shared_ptr<const RunResult> run,
                                                  std::uint64_t generation = 0);

}  // namespace headwave
