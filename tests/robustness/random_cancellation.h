// SPDX-License-Identifier: GPL-3.0-or-later
// The fault tests' cancellation storm, shared by test_faults (a stand-in model) and
// test_run_faults (stories260K): reference runs, then `runs` runs stopped at random points —
// even runs from another thread after a random delay (0 to the length of a reference run), odd
// runs from the progress callback after 1..maxReports reports — with one or two sequence workers.
// Each run must end Cancelled, or complete and equal bit for bit to the reference run with the
// same number of workers; afterwards the model must still analyse. Checks with HW_CHECK; prints the
// counts.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "headwave/run/analysis_run.h"

namespace headwave::test {

inline void cancelAtRandomPoints(AttentionModel& model, const Tokenizer& tokenizer,
                                 const std::string& corpus, const RunSettings& settings,
                                 int maxReports, int runs = 300) {
    // The length of a whole run bounds the random delays (the shortest of three: a busy machine
    // makes single runs long), and the progress reports of a whole run bound the report at which
    // odd runs stop (so that they stop inside the run, not after it, whatever the throttle).
    long runUs = 0;
    int fullReports = 0;
    for (int k = 0; k < 3; ++k) {
        int reports = 0;
        const auto t0 = std::chrono::steady_clock::now();
        auto timed = runAnalysis(model, tokenizer, corpus, settings, {},
                                 [&](const Progress&) { ++reports; });
        const long us = static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                              std::chrono::steady_clock::now() - t0)
                                              .count());
        HW_CHECK_MSG(timed.ok(), (timed.ok() ? "" : timed.error().describe()));
        runUs = k == 0 ? us : std::min(runUs, us);
        fullReports = k == 0 ? reports : std::min(fullReports, reports);
    }
    const int lastReport = std::max(1, std::min(maxReports, fullReports - 1));
    // One reference per sequence-worker count: with libtorch, how a pass's threads split the
    // work changes float32 sums, so a run is compared with the reference of its own layout.
    std::vector<std::vector<double>> want(2);
    for (int w = 1; w <= 2; ++w) {
        RunSettings s = settings;
        s.sequenceWorkers = w;
        auto reference = runAnalysis(model, tokenizer, corpus, s);
        HW_CHECK_MSG(reference.ok(), (reference.ok() ? "" : reference.error().describe()));
        if (!reference.ok()) {
            return;
        }
        want[static_cast<std::size_t>(w - 1)] = (*reference)->metrics;
    }
    std::mt19937 rng(20240601);
    int cancelled = 0;
    int finished = 0;
    for (int i = 0; i < runs; ++i) {
        std::stop_source stop;
        RunSettings s = settings;
        s.sequenceWorkers = 1 + i % 2;
        std::thread stopper;
        int reports = 0;
        int stopAfter = -1;
        if (i % 2 == 0) {
            const long delayUs = std::uniform_int_distribution<long>(0, runUs)(rng);
            stopper = std::thread([&stop, delayUs] {
                std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                stop.request_stop();
            });
        } else {
            stopAfter = std::uniform_int_distribution<int>(1, lastReport)(rng);
        }
        auto r = runAnalysis(model, tokenizer, corpus, s, stop.get_token(), [&](const Progress&) {
            if (++reports == stopAfter) {
                stop.request_stop();
            }
        });
        if (stopper.joinable()) {
            stopper.join();
        }
        if (r.ok()) {
            ++finished;  // not stopped in time: complete and exactly its reference
            const std::vector<double>& ref = want[static_cast<std::size_t>(i % 2)];
            HW_CHECK((*r)->metrics.size() == ref.size() &&
                     std::memcmp((*r)->metrics.data(), ref.data(), ref.size() * sizeof(double)) ==
                         0);
        } else {
            ++cancelled;
            HW_CHECK_MSG(r.error().code == ErrorCode::Cancelled, r.error().describe());
        }
    }
    std::fprintf(
        stderr, "  %d runs: %d cancelled, %d finished first (a run: %ld us, %d progress reports)\n",
        runs, cancelled, finished, runUs, fullReports);
    HW_CHECK(cancelled > runs / 3);
    auto again = runAnalysis(model, tokenizer, corpus, settings);  // still usable
    HW_CHECK(again.ok() && (*again)->metrics.size() == want[0].size());
}

}  // namespace headwave::test
