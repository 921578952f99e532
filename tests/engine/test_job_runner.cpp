// SPDX-License-Identifier: GPL-3.0-or-later
// The engine worker: latest wins per kind, explicit cancellation, throttled progress, shutdown
// with a running job. Run under ThreadSanitizer by the TSan configuration.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "check.h"
#include "headwave/run/job_runner.h"

using namespace headwave;
using namespace std::chrono_literals;

namespace {

// A job that works in small steps until stopped or done, like a forward pass polling per layer.
JobRunner::Work steps(int count, std::atomic<int>& finishedNormally, std::atomic<int>& stopped,
                      int value, std::atomic<int>* lastValue = nullptr) {
    return [count, &finishedNormally, &stopped, value, lastValue](std::stop_token stop,
                                                                  JobProgress& p) {
        for (int i = 0; i < count; ++i) {
            if (stop.stop_requested()) {
                ++stopped;
                return;
            }
            p.report(static_cast<double>(i) / count, "step");
            std::this_thread::sleep_for(1ms);
        }
        ++finishedNormally;
        if (lastValue != nullptr) {
            lastValue->store(value);
        }
    };
}

}  // namespace

HW_TEST(latest_wins_per_kind) {
    std::atomic<int> done{0};
    std::atomic<int> stopped{0};
    std::atomic<int> last{-1};
    JobRunner runner;
    for (int i = 0; i < 20; ++i) {
        runner.submit("rescale", steps(50, done, stopped, i, &last));
        std::this_thread::sleep_for(2ms);
    }
    runner.waitIdle();
    // Only the newest request runs to the end; the ones that had started were stopped and the
    // others never ran.
    HW_CHECK_EQ(last.load(), 19);
    HW_CHECK_EQ(done.load(), 1);
    HW_CHECK(stopped.load() >= 1);

    // A burst (a slider dragged fast): the pending requests replace each other, so only the
    // running one and the newest run at all.
    const auto before = runner.completed();
    done = 0;
    for (int i = 0; i < 20; ++i) {
        runner.submit("rescale", steps(50, done, stopped, 100 + i, &last));
    }
    runner.waitIdle();
    HW_CHECK_EQ(last.load(), 119);
    HW_CHECK_EQ(done.load(), 1);
    HW_CHECK_MSG(runner.completed() - before <= 2, "ran " << runner.completed() - before);
}

HW_TEST(kinds_do_not_replace_each_other) {
    std::atomic<int> done{0};
    std::atomic<int> stopped{0};
    JobRunner runner;
    runner.submit("analysis", steps(20, done, stopped, 0));
    runner.submit("rescale", steps(20, done, stopped, 1));
    runner.submit("figure", steps(20, done, stopped, 2));
    runner.waitIdle();
    HW_CHECK_EQ(done.load(), 3);
    HW_CHECK_EQ(stopped.load(), 0);
}

HW_TEST(loading_is_cancelled_only_explicitly) {
    std::atomic<int> done{0};
    std::atomic<int> stopped{0};
    JobRunner runner;
    runner.submit("load", steps(30, done, stopped, 0), JobPolicy::CancelExplicitly);
    runner.submit("load", steps(30, done, stopped, 1), JobPolicy::CancelExplicitly);
    runner.waitIdle();
    HW_CHECK_EQ(done.load(), 2);

    runner.submit("load", steps(1000, done, stopped, 2), JobPolicy::CancelExplicitly);
    std::this_thread::sleep_for(20ms);
    runner.cancel("load");
    runner.waitIdle();
    HW_CHECK_EQ(done.load(), 2);
    HW_CHECK_EQ(stopped.load(), 1);
}

HW_TEST(progress_is_throttled_and_ends_with_a_final_update) {
    std::mutex m;
    std::vector<JobUpdate> updates;
    JobRunner runner([&](const JobUpdate& u) {
        std::lock_guard lock(m);
        updates.push_back(u);
    });
    runner.submit("analysis", [](std::stop_token, JobProgress& p) {
        const auto start = std::chrono::steady_clock::now();
        int i = 0;
        while (std::chrono::steady_clock::now() - start < 300ms) {
            p.report(0.001 * (i++ % 1000), "forward");  // thousands of calls
        }
        p.report(1.0, "done");
    });
    runner.waitIdle();
    std::lock_guard lock(m);
    // 300 ms at <= 20 Hz: at most ~7 throttled updates, plus the stage change and the end.
    HW_CHECK_MSG(updates.size() >= 3 && updates.size() <= 10, "updates: " << updates.size());
    HW_CHECK(updates.back().finished && !updates.back().cancelled);
    HW_CHECK_EQ(updates.back().stage, std::string("done"));
}

HW_TEST(a_throwing_job_does_not_kill_the_worker) {
    std::atomic<int> done{0};
    std::atomic<int> stopped{0};
    JobRunner runner;
    runner.submit("analysis", [](std::stop_token, JobProgress&) { throw std::runtime_error("x"); });
    runner.submit("other", steps(3, done, stopped, 0));
    runner.waitIdle();
    HW_CHECK_EQ(done.load(), 1);
}

HW_TEST(destruction_stops_a_running_job) {
    std::atomic<int> done{0};
    std::atomic<int> stopped{0};
    const auto start = std::chrono::steady_clock::now();
    {
        JobRunner runner;
        runner.submit("analysis", steps(100000, done, stopped, 0));
        runner.submit("analysis2", steps(100000, done, stopped, 0));
        std::this_thread::sleep_for(20ms);
    }
    HW_CHECK(std::chrono::steady_clock::now() - start < 2s);
    HW_CHECK_EQ(done.load(), 0);
    HW_CHECK_EQ(stopped.load(), 1);  // the pending one never started
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
