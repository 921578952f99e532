// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace headwave::cli {

ProgressBar::ProgressBar(bool quiet, LogLines log)
    : m_enabled(!quiet),
      m_tty(isatty(STDERR_FILENO) != 0),
      m_log(log),
      m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
    finish();
}

void ProgressBar::show(const Progress& p, const std::string& item) {
    if (!m_enabled || (!m_tty && m_log == LogLines::None)) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    const bool final = p.fraction >= 1.0;
    // In a log: the first report that names its item (the count is known), then every 30 s.
    const bool firstCounted = p.total > 0 && !m_counted;
    if (!m_tty && now - m_last < std::chrono::seconds(30) && !final && !firstCounted) {
        return;
    }
    m_counted = m_counted || p.total > 0;
    m_last = now;
    double left = p.secondsLeft;
    if (left < 0 && p.fraction > 0.01) {
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        left = elapsed * (1.0 - p.fraction) / p.fraction;
    }
    const std::string where = !item.empty() && p.total > 0
                                  ? item + " " + std::to_string(std::min(p.done + 1, p.total)) +
                                        "/" + std::to_string(p.total)
                                  : std::string();
    const std::string time =
        left >= 0 ? "~" + std::to_string(static_cast<long>(left + 0.5)) + " s left" : "";
    const int percent = static_cast<int>(std::clamp(p.fraction, 0.0, 1.0) * 100.0);
    if (m_tty) {
        const int width = 30;
        const int filled = static_cast<int>(std::clamp(p.fraction, 0.0, 1.0) * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        std::fprintf(stderr, "\r[%s] %3d%%  %s  %s  %s\x1b[K", bar.c_str(), percent, where.c_str(),
                     p.stage.c_str(), time.c_str());
        m_open = true;
    } else {
        std::fprintf(stderr, "progress: %d%%  %s  %s  %s\n", percent, where.c_str(),
                     p.stage.c_str(), time.c_str());
    }
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (m_open) {
        std::fprintf(stderr, "\n");
        std::fflush(stderr);
        m_open = false;
    }
}

}  // namespace headwave::cli
