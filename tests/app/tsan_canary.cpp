// SPDX-License-Identifier: GPL-3.0-or-later
// The TSan stage's canary: two deliberate data races that ThreadSanitizer must report with
// tests/sanitizers/tsan.supp in force. Its Qt suppressions name Qt-internal functions; TSan
// matches a suppression against every frame of a report's stacks, so a suppression that appeared
// in the stacks of Headwave's own code on the GUI thread would hide its races. These two cases
// put the racing access where the engine bridge's GUI-side code runs: in a test slot, and in a
// queued call delivered by the event loop (as EngineController's wake-up is). CTest expects the
// report (tsan.canary.*); if a suppression ever hid it, the canary fails.
#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

namespace {
int g_value = 0;  // deliberately unsynchronised
}

class TsanCanary : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE void readValue() {
        m_read = g_value;
        m_done = true;
    }

private Q_SLOTS:
    void raceInSlot() {
        std::thread writer([] { g_value = 1; });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        m_read = g_value;
        writer.join();
    }

    void raceInQueuedDelivery() {
        std::thread writer([this] {
            QMetaObject::invokeMethod(this, "readValue", Qt::QueuedConnection);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            g_value = 2;
        });
        QTRY_VERIFY(m_done);
        writer.join();
    }

private:
    int m_read = 0;
    bool m_done = false;
};

QTEST_GUILESS_MAIN(TsanCanary)
#include "tsan_canary.moc"
