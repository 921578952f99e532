// SPDX-License-Identifier: GPL-3.0-or-later
#include "interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "headwave/core/mapped_file.h"

namespace headwave::cli {

struct InterruptGuard::Impl {
    std::stop_source source;
    std::atomic<bool> interrupted{false};
    sigset_t previous{};
    std::thread watcher;
};

InterruptGuard::InterruptGuard() : m_impl(new Impl) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);  // used by the destructor to wake the watcher
    pthread_sigmask(SIG_BLOCK, &set, &m_impl->previous);
    Impl* impl = m_impl;
    m_impl->watcher = std::thread([impl, set] {
        int sig = 0;
        while (sigwait(&set, &sig) == 0) {
            if (sig == SIGUSR1) {
                return;
            }
            if (impl->interrupted.exchange(true)) {
                // The second Ctrl-C: the user does not want to wait for a clean stop. End at
                // once, leaving no temporary file of a write in progress behind.
                removeUnfinishedFiles();
                static const char kMessage[] = "\nheadwave-cli: stopped at once.\n";
                (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
                ::_exit(130);
            }
            static const char kFirst[] =
                "\nheadwave-cli: stopping (press Ctrl-C again to stop at once)...\n";
            (void)!::write(STDERR_FILENO, kFirst, sizeof kFirst - 1);
            impl->source.request_stop();
        }
    });
}

InterruptGuard::~InterruptGuard() {
    pthread_kill(m_impl->watcher.native_handle(), SIGUSR1);
    m_impl->watcher.join();
    pthread_sigmask(SIG_SETMASK, &m_impl->previous, nullptr);
    delete m_impl;
}

namespace {
InterruptGuard* g_guard = nullptr;
}

InterruptGuard* InterruptGuard::global() {
    return g_guard;
}

void InterruptGuard::setGlobal(InterruptGuard* guard) {
    g_guard = guard;
}

std::stop_token InterruptGuard::token() const {
    return m_impl->source.get_token();
}

bool InterruptGuard::interrupted() const {
    return m_impl->interrupted.load();
}

bool InterruptGuard::settleInterrupted() {
    sigset_t pending;
    sigemptyset(&pending);
    if (sigpending(&pending) == 0 &&
        (sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1)) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        const timespec now{};
        if (sigtimedwait(&set, nullptr, &now) > 0) {
            m_impl->interrupted.store(true);
            m_impl->source.request_stop();
        }
    }
    return m_impl->interrupted.load();
}

}  // namespace headwave::cli
