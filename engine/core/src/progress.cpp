// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/core/progress.h"

#include <algorithm>
#include <utility>

namespace headwave {

ProgressThrottle::ProgressThrottle(ProgressCallback sink, bool estimateTime)
    : m_sink(std::move(sink)), m_estimate(estimateTime), m_start(Clock::now()) {}

void ProgressThrottle::report(Progress p) {
    if (!m_sink) {
        return;
    }
    const auto now = Clock::now();
    const bool final = p.fraction >= 1.0;
    if (m_any && !final && now - m_last < kInterval) {
        return;
    }
    m_any = true;
    m_last = now;
    p.fraction = std::clamp(p.fraction, 0.0, 1.0);
    if (m_estimate && p.secondsLeft < 0 && p.fraction > 0.01) {
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        p.secondsLeft = elapsed * (1.0 - p.fraction) / p.fraction;
    }
    m_sink(p);
}

}  // namespace headwave
