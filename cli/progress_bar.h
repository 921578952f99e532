// SPDX-License-Identifier: GPL-3.0-or-later
// The one progress display of headwave-cli: a live bar on a terminal (stderr), and in a log (stderr
// not a terminal, as under Slurm) no bar and no carriage returns: for long commands a plain status
// line when the item count is first known and then at most every 30 s. --quiet shows nothing.
//
//   ProgressBar bar(quiet, ProgressBar::LogLines::Every30s);
//   engineCall(..., [&](const Progress& p) { bar.show(p, "sequence"); });
//   bar.finish();
#pragma once

#include <chrono>
#include <string>

#include "headwave/core/progress.h"

namespace headwave::cli {

class ProgressBar {
public:
    enum class LogLines { None, Every30s };

    explicit ProgressBar(bool quiet, LogLines log = LogLines::None);
    ~ProgressBar();  // finishes the bar's line

    // p.done/p.total name the item ("sequence 3/40"); p.stage is shown after it.
    void show(const Progress& p, const std::string& item = {});
    // Ends the bar's line on a terminal (call before printing anything else to stderr).
    void finish();

    bool onTerminal() const { return m_tty; }

private:
    bool m_enabled;
    bool m_tty;
    LogLines m_log;
    bool m_open = false;
    bool m_counted = false;  // a report with items (total > 0) was shown
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace headwave::cli
