// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/job_runner.h"

#include <algorithm>
#include <exception>

namespace headwave {

JobProgress::JobProgress(std::uint64_t id, const std::string& kind,
                         const std::function<void(const JobUpdate&)>& sink)
    : m_sink(sink), m_throttle([this](const Progress& p) {
          m_update.fraction = p.fraction;
          m_update.stage = p.stage;
          m_update.done = p.done;
          m_update.total = p.total;
          m_update.secondsLeft = p.secondsLeft;
          if (m_sink) {
              m_sink(m_update);
          }
      }) {
    m_update.id = id;
    m_update.kind = kind;
}

void JobProgress::report(double fraction, const std::string& stage) {
    m_throttle.report({.fraction = fraction, .stage = stage});
}

void JobProgress::report(const Progress& p) {
    m_throttle.report(p);
}

ProgressCallback JobProgress::callback(double from, double to) {
    return [this, from, to](const Progress& p) {
        Progress mapped = p;
        mapped.fraction = from + (to - from) * p.fraction;
        report(mapped);
    };
}

JobRunner::JobRunner(std::function<void(const JobUpdate&)> onUpdate)
    : m_onUpdate(std::move(onUpdate)), m_thread([this](std::stop_token stop) { loop(stop); }) {}

JobRunner::~JobRunner() {
    {
        std::lock_guard lock(m_mutex);
        m_pending.clear();
        m_runningStop.request_stop();
    }
    m_thread.request_stop();
    m_wake.notify_all();
    // jthread joins in its destructor.
}

std::uint64_t JobRunner::submit(const std::string& kind, Work work, JobPolicy policy) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = m_nextId++;
        if (policy == JobPolicy::LatestWins) {
            m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                           [&](const Job& j) {
                                               return j.kind == kind &&
                                                      j.policy == JobPolicy::LatestWins;
                                           }),
                            m_pending.end());
            if (m_running && m_runningKind == kind) {
                m_runningStop.request_stop();
            }
        }
        m_pending.push_back(Job{id, kind, std::move(work), policy});
    }
    m_wake.notify_all();
    return id;
}

void JobRunner::cancel(const std::string& kind) {
    std::lock_guard lock(m_mutex);
    m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                   [&](const Job& j) { return j.kind == kind; }),
                    m_pending.end());
    if (m_running && m_runningKind == kind) {
        m_runningStop.request_stop();
    }
    if (!m_running && m_pending.empty()) {
        m_idle.notify_all();
    }
}

void JobRunner::cancelAll() {
    std::lock_guard lock(m_mutex);
    m_pending.clear();
    if (m_running) {
        m_runningStop.request_stop();
    } else {
        m_idle.notify_all();
    }
}

void JobRunner::waitIdle() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return !m_running && m_pending.empty(); });
}

void JobRunner::loop(std::stop_token stop) {
    while (true) {
        Job job;
        std::stop_source jobStop;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, stop, [&] { return !m_pending.empty(); });
            if (stop.stop_requested()) {
                return;
            }
            job = std::move(m_pending.front());
            m_pending.pop_front();
            m_running = true;
            m_runningKind = job.kind;
            m_runningStop = std::stop_source();
            jobStop = m_runningStop;
        }
        JobProgress progress(job.id, job.kind, m_onUpdate);
        try {
            job.work(jobStop.get_token(), progress);
        } catch (...) {
            // Jobs report their errors as values; anything thrown is contained here so the
            // worker thread survives.
        }
        JobUpdate done = progress.m_update;
        done.finished = true;
        done.cancelled = jobStop.stop_requested();
        if (m_onUpdate) {
            m_onUpdate(done);
        }
        ++m_completed;
        {
            std::lock_guard lock(m_mutex);
            m_running = false;
            m_runningKind.clear();
            if (m_pending.empty()) {
                m_idle.notify_all();
            }
        }
    }
}

}  // namespace headwave
