// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a results file (.hwrun, an .npz archive: ZIP and ZIP64 records, .npy members, the
// JSON meta), as readRunFile opens it for the CLI's report/compare/merge and the app.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/run/results_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string path = fuzz::writeInput("run.hwrun", data, size);
    Result<std::shared_ptr<const RunResult>> run = readRunFile(path);
    if (!run) {
        fuzz::require(!run.error().message.empty());
        return 0;
    }
    const RunResult& r = **run;
    fuzz::require(r.sequenceIndex.size() == r.tokens.size());
    const std::size_t cells = static_cast<std::size_t>(r.sequences()) *
                              static_cast<std::size_t>(r.model.layers) *
                              static_cast<std::size_t>(r.model.heads) * r.layout.size();
    fuzz::require(r.metrics.size() == cells);
    double sum = 0;
    for (double v : r.metrics) {
        sum += v;
    }
    volatile double sink = sum;
    (void)sink;
    return 0;
}
