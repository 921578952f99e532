// SPDX-License-Identifier: GPL-3.0-or-later
// Ctrl-C (SIGINT) and SIGTERM as a stop token: a dedicated thread waits for the signal with
// sigwait (so no work happens in a signal handler) and requests stop; the command then stops
// cleanly and writes nothing partial. A second signal ends the program at once (exit 130), after
// removing the temporary files of writes in progress.
#pragma once

#include <stop_token>

namespace headwave::cli {

class InterruptGuard {
public:
    InterruptGuard();   // blocks SIGINT/SIGTERM in this and later threads, starts the watcher
    ~InterruptGuard();  // stops the watcher and restores the signal mask
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    std::stop_token token() const;
    bool interrupted() const;
    // interrupted(), counting a signal that came but that the watcher has not taken yet (it is
    // taken now, so that it cannot end the program when the mask is restored): main() asks this
    // before it chooses the exit status, so that a command that failed because it was
    // interrupted (its input cut short, say) exits with 130, whatever it reported.
    bool settleInterrupted();

    // The process-wide guard that main() installs first thing, so that Ctrl-C is handled from the
    // start (also while a model loads); nullptr outside headwave-cli.
    static InterruptGuard* global();
    static void setGlobal(InterruptGuard* guard);

private:
    struct Impl;
    Impl* m_impl;
};

}  // namespace headwave::cli
