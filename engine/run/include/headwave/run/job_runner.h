// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's single worker thread: a queue of jobs, "latest wins" per kind (a new request of a
// kind replaces a pending one of that kind and asks a running one to stop), cancellation by stop
// token, and progress throttled to about 20 Hz. Jobs return nothing: they publish their immutable
// results through callbacks they capture (the app's bridge turns those into Qt signals).
//
//   JobRunner runner;
//   runner.submit("rescale", [=](std::stop_token stop, JobProgress& p) {
//       p.report(0.5, "forward");
//       if (stop.stop_requested()) return;
//       publish(std::make_shared<const Result>(...));
//   });
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "headwave/core/progress.h"

namespace headwave {

enum class JobPolicy {
    LatestWins,        // a newer job of the same kind replaces and stops this one
    CancelExplicitly,  // runs to the end unless cancel() names its kind (loading a model)
};

struct JobUpdate {
    std::uint64_t id = 0;
    std::string kind;
    double fraction = 0;  // [0, 1]
    std::string stage;
    int done = 0;             // Progress::done: items finished (sequences, models, layers)
    int total = 0;            // items in all; 0 when not counted
    double secondsLeft = -1;  // estimate; -1 = unknown
    bool finished = false;    // the job's function returned
    bool cancelled = false;   // ... after a stop request
};

// Handed to a job: report() is cheap to call often; a ProgressThrottle delivers at most one update
// per 50 ms (and always the first and the final one; the runner adds one when the job ends).
class JobProgress {
public:
    JobProgress(const JobProgress&) = delete;
    JobProgress& operator=(const JobProgress&) = delete;

    void report(double fraction, const std::string& stage);
    void report(const Progress& p);
    // For engine calls that take a ProgressCallback: their fraction in [0, 1] is mapped onto
    // [from, to] of this job. The callback refers to this object: use it within the job only.
    ProgressCallback callback(double from = 0, double to = 1);

private:
    friend class JobRunner;
    JobProgress(std::uint64_t id, const std::string& kind,
                const std::function<void(const JobUpdate&)>& sink);
    JobUpdate m_update;  // the latest update delivered (or the job's identity before any)
    std::function<void(const JobUpdate&)> m_sink;
    ProgressThrottle m_throttle;
};

class JobRunner {
public:
    using Work = std::function<void(std::stop_token, JobProgress&)>;

    // onUpdate is called on the worker thread (throttled progress, and once when a job ends).
    explicit JobRunner(std::function<void(const JobUpdate&)> onUpdate = {});
    ~JobRunner();  // stops the running job, drops pending ones, joins the thread
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    std::uint64_t submit(const std::string& kind, Work work,
                         JobPolicy policy = JobPolicy::LatestWins);

    // Drops pending jobs of the kind and asks a running one to stop.
    void cancel(const std::string& kind);
    void cancelAll();

    // Blocks until the queue is empty and nothing runs (tests, shutdown).
    void waitIdle();

    std::uint64_t completed() const { return m_completed.load(); }

private:
    struct Job {
        std::uint64_t id;
        std::string kind;
        Work work;
        JobPolicy policy;
    };
    void loop(std::stop_token stop);

    std::function<void(const JobUpdate&)> m_onUpdate;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_pending;
    bool m_running = false;
    std::string m_runningKind;
    std::stop_source m_runningStop;
    std::uint64_t m_nextId = 1;
    std::atomic<std::uint64_t> m_completed{0};
    std::jthread m_thread;  // last: started after every other member exists
};

}  // namespace headwave
