// SPDX-License-Identifier: GPL-3.0-or-later
// The one progress type of the engine and the one throttle: every long operation (a sequence's
// layers, a corpus run, a timeline, a job on the app's worker) reports a Progress through a
// callback, and a ProgressThrottle passes at most about 20 reports a second to the front end.
// Progress is separate from cancellation (a std::stop_token).
//
//   ProgressThrottle throttle(onProgress);         // onProgress: ProgressCallback, may be empty
//   throttle.report({.fraction = 0.5, .stage = "forward", .done = 3, .total = 6});
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace headwave {

struct Progress {
    double fraction = 0;  // of the whole operation, in [0, 1]
    // What is being done, as a key a front end translates: "tokenize", "forward", "layers",
    // "rescaled 0.5", ...
    std::string stage;
    int done = 0;   // items finished (layers, sequences, models); 0-based index of the next
    int total = 0;  // items in all; 0 when not counted
    double secondsLeft = -1;  // estimate; -1 = unknown
};

using ProgressCallback = std::function<void(const Progress&)>;

// Passes a report on when it is the first, finishes (fraction >= 1) or comes at least kInterval
// after the previous one passed; drops it otherwise. With estimateTime, fills
// secondsLeft (when the report leaves it at -1) from the time since the throttle was made.
// Not thread-safe: one per reporting thread.
class ProgressThrottle {
public:
    static constexpr std::chrono::milliseconds kInterval{50};

    explicit ProgressThrottle(ProgressCallback sink = {}, bool estimateTime = false);

    void report(Progress p);
    // Whether anyone listens (reports to an empty throttle cost nothing).
    explicit operator bool() const { return static_cast<bool>(m_sink); }

private:
    using Clock = std::chrono::steady_clock;
    ProgressCallback m_sink;
    bool m_estimate;
    Clock::time_point m_start;
    Clock::time_point m_last{};
    bool m_any = false;
};

}  // namespace headwave
