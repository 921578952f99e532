// headwave: the desktop visualiser. `headwave [--model DIR] [--lang CODE] [--benchmark-startup]`;
// without --model it opens the demo (app/demo.h) and analyses its text.
#include <unistd.h>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QSettings>
#include <QTimer>
#include <QWindow>
#include <algorithm>
#include <cstdio>

#include "app/engine_controller.h"
#include "app/main_window.h"
#include "app/translations.h"

namespace {

// Milliseconds since the process started (before main: the dynamic loader mapping Qt and the
// engine), from /proc; 10 ms resolution (clock ticks). -1 when unavailable.
double msSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray s = stat.readAll();
    // Field 22 (starttime) counts after the ')' that ends the command name.
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20) {
        return -1;
    }
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double start = fields[19].toDouble() / ticks;
    const double now = uptime.readAll().split(' ').front().toDouble();
    return (now - start) * 1000.0;
}

// --benchmark-startup: prints the time to a usable window (shown and exposed), then, when the
// demo opens (no --model), keeps the event loop running until its analysis is on screen and prints
// that time and the longest the GUI thread went without serving a 5 ms timer meanwhile (the
// model, libtorch with it, loads on the engine thread: the window must stay responsive). Quits.
class StartupProbe : public QObject {
public:
    // Expose events go to the native window (QWindow), not to the widget: create it first.
    StartupProbe(headwave::MainWindow* window, const QElapsedTimer& sinceMain)
        : m_window(window), m_sinceMain(sinceMain) {
        window->winId();
        window->windowHandle()->installEventFilter(this);
        connect(window->engine(), &headwave::EngineController::analysisReady, this,
                [this] { analysed(); });
        connect(window->engine(), &headwave::EngineController::failed, this,
                [](const QString& message) {
                    std::printf("startup: failed: %s\n", qPrintable(message));
                    std::fflush(stdout);
                    QTimer::singleShot(0, qApp, &QCoreApplication::quit);
                });
        m_tick.setInterval(5);
        connect(&m_tick, &QTimer::timeout, this, [this] {
            m_longestStallMs =
                std::max(m_longestStallMs, static_cast<double>(m_sinceTick.nsecsElapsed()) / 1e6);
            m_sinceTick.restart();
        });
    }

    // Whether to wait for the first analysis after the window is exposed.
    void setWaitForAnalysis(bool wait) { m_waitForAnalysis = wait; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_window->windowHandle() && event->type() == QEvent::Expose && !m_exposed &&
            m_window->windowHandle()->isExposed()) {
            m_exposed = true;
            const double mainMs = static_cast<double>(m_sinceMain.nsecsElapsed()) / 1e6;
            std::printf(
                "startup: main() to window exposed %.1f ms; process start to window "
                "exposed %.0f ms\n",
                mainMs, msSinceProcessStart());
            std::fflush(stdout);
            if (!m_waitForAnalysis || m_analysed) {
                QTimer::singleShot(0, qApp, &QCoreApplication::quit);
            } else {
                m_sinceTick.start();
                m_tick.start();
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void analysed() {
        if (m_analysed) {
            return;
        }
        m_analysed = true;
        // The snapshot reaches the views in the same event; print after they have painted.
        QTimer::singleShot(0, this, [this] {
            std::printf(
                "startup: main() to demo analysed %.1f ms; longest GUI stall meanwhile %.1f "
                "ms\n",
                static_cast<double>(m_sinceMain.nsecsElapsed()) / 1e6, m_longestStallMs);
            std::fflush(stdout);
            if (m_exposed) {
                QTimer::singleShot(0, qApp, &QCoreApplication::quit);
            }
        });
    }

    headwave::MainWindow* m_window;
    const QElapsedTimer& m_sinceMain;
    QTimer m_tick;
    QElapsedTimer m_sinceTick;
    double m_longestStallMs = 0;
    bool m_exposed = false;
    bool m_analysed = false;
    bool m_waitForAnalysis = false;
};

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Headwave"));
    QApplication::setApplicationName(QStringLiteral("Headwave"));
    QApplication::setApplicationVersion(QStringLiteral(HEADWAVE_VERSION));

    // The language must be known before any translated text is created (the parser's help too).
    QString lang = QSettings().value(QStringLiteral("ui/language")).toString();
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--lang") == 0) {
            lang = QString::fromLocal8Bit(argv[i + 1]);
        }
    }
    headwave::installTranslations(app, lang);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "How transformer attention heads handle position."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption model(QStringLiteral("model"),
                             QApplication::translate("main", "Open the model folder DIR."),
                             QStringLiteral("DIR"));
    QCommandLineOption language(
        QStringLiteral("lang"),
        QApplication::translate("main", "Use the language CODE (en, it; default: the system's)."),
        QStringLiteral("CODE"));
    QCommandLineOption startup(
        QStringLiteral("benchmark-startup"),
        QApplication::translate("main",
                                "Print the time to a usable window (and, with the demo, to its "
                                "analysis on screen) and quit."));
    parser.addOption(model);
    parser.addOption(language);
    parser.addOption(startup);
    parser.process(app);

    headwave::MainWindow window;
    std::unique_ptr<StartupProbe> probe;
    if (parser.isSet(startup)) {
        probe = std::make_unique<StartupProbe>(&window, sinceMain);
    }
    window.show();
    QString dir = parser.value(model);
    if (dir.isEmpty() && window.openDemo()) {
        if (probe) {
            probe->setWaitForAnalysis(true);
        }
        // No --model: the demo (final RoPE checkpoint, its text analysed); the previous session's
        // model is one click away in File > Recent models.
        return QApplication::exec();
    }
    if (dir.isEmpty() && !parser.isSet(startup)) {
        // No demo installed: the last model of the previous session, when it is still there.
        const QString last = QSettings().value(QStringLiteral("model/last")).toString();
        if (!last.isEmpty() && QDir(last).exists()) {
            dir = last;
        }
    }
    if (!dir.isEmpty()) {
        window.openModel(dir);
    }
    return QApplication::exec();
}
