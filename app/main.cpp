// SPDX-License-Identifier: GPL-3.0-or-later
// headwave: the desktop visualiser. `headwave [--model DIR] [--lesson FILE] [--lang CODE]
// [--benchmark-startup] [PATH]` (PATH: a model folder or a .hwrun file); with neither it opens the
// demo (app/demo.h) and analyses its text.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <QWindow>
#include <algorithm>
#include <cstdio>

#include "app/engine_controller.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "app/process_clock.h"
#include "app/translations.h"
#include "headwave/model/hub_cache.h"

namespace {

using headwave::msSinceProcessStart;

// --benchmark-startup: prints the time to a usable window (shown and exposed), then, when
// something opens at start (the demo, a results file, a model folder), keeps the event loop
// running until it is on screen and prints that time and the longest the GUI thread went without
// serving a 5 ms timer meanwhile (the model, libtorch with it, loads on the engine thread: the
// window must stay responsive); a failure is printed instead. Then quits.
class StartupProbe : public QObject {
public:
    enum class WaitFor { Nothing, Analysis, Model };

    // Expose events go to the native window (QWindow), not to the widget: create it first.
    StartupProbe(headwave::MainWindow* window, const QElapsedTimer& sinceMain)
        : m_window(window), m_sinceMain(sinceMain) {
        window->winId();
        window->windowHandle()->installEventFilter(this);
        connect(window->engine(), &headwave::EngineController::analysisReady, this, [this] {
            if (m_waitFor == WaitFor::Analysis) {
                ready("first analysis on screen");
            }
        });
        connect(window->engine(), &headwave::EngineController::modelLoaded, this, [this] {
            if (m_waitFor == WaitFor::Model) {
                ready("model loaded");
            }
        });
        connect(window->engine(), &headwave::EngineController::failed, this,
                [this](const QString& message) {
                    std::printf("startup: failed: %s\n", qPrintable(message));
                    std::fflush(stdout);
                    m_waitFor = WaitFor::Nothing;
                    QTimer::singleShot(0, qApp, &QCoreApplication::quit);
                });
        m_tick.setInterval(5);
        connect(&m_tick, &QTimer::timeout, this, [this] {
            m_longestStallMs =
                std::max(m_longestStallMs, static_cast<double>(m_sinceTick.nsecsElapsed()) / 1e6);
            m_sinceTick.restart();
        });
    }

    void setWaitFor(WaitFor what) { m_waitFor = what; }

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
            if (m_waitFor == WaitFor::Nothing || m_ready) {
                QTimer::singleShot(0, qApp, &QCoreApplication::quit);
            } else {
                m_sinceTick.start();
                m_tick.start();
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void ready(const char* what) {
        if (m_ready) {
            return;
        }
        m_ready = true;
        // The result reaches the views in the same event; print after they have painted.
        QTimer::singleShot(0, this, [this, what] {
            std::printf("startup: main() to %s %.1f ms; longest GUI stall meanwhile %.1f ms\n",
                        what, static_cast<double>(m_sinceMain.nsecsElapsed()) / 1e6,
                        m_longestStallMs);
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
    bool m_ready = false;
    WaitFor m_waitFor = WaitFor::Nothing;
};

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Headwave"));
    QApplication::setApplicationName(QStringLiteral("Headwave"));
    QApplication::setApplicationVersion(QStringLiteral(HEADWAVE_VERSION));
    headwave::MainWindow::setApplicationIdentity();

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
    QCommandLineOption lesson(
        QStringLiteral("lesson"),
        QApplication::translate("main",
                                "Open the lesson FILE at its first step (docs/lessons.md)."),
        QStringLiteral("FILE"));
    QCommandLineOption handout(
        QStringLiteral("handout"),
        QApplication::translate("main",
                                "With --lesson: write the lesson's handout (a PDF, a page per "
                                "step) to FILE and quit."),
        QStringLiteral("FILE"));
    parser.addOption(model);
    parser.addOption(lesson);
    parser.addOption(handout);
    parser.addOption(language);
    parser.addOption(startup);
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QApplication::translate(
            "main",
            "A model folder, a .hwrun results file, or attention to open (.npy, .npz, "
            ".safetensors, or a folder of per-layer files)."),
        QStringLiteral("[PATH]"));
    parser.process(app);

    headwave::MainWindow window;
    std::unique_ptr<StartupProbe> probe;
    if (parser.isSet(startup)) {
        probe = std::make_unique<StartupProbe>(&window, sinceMain);
    }
    window.show();
    QString dir = parser.value(model);
    QString results;
    QString attention;
    if (dir.isEmpty() && !parser.positionalArguments().isEmpty()) {
        // headwave PATH (the desktop file's %f, a file manager's "Open with"): a folder is a
        // model, anything else a results file (which says what is wrong with it when it is not).
        const QString path = parser.positionalArguments().front();
        // A Hugging Face id (org/name[@revision]) that is no file here is a model from the cache.
        const bool hubId =
            !QFileInfo::exists(path) && headwave::parseHubReference(path.toStdString());
        if (headwave::isAttentionPath(path)) {
            attention = path;
        } else {
            (QFileInfo(path).isDir() || hubId ? dir : results) = path;
        }
    }
    if (parser.isSet(lesson)) {
        // A lesson sets its own source at every step; it failing says why (and names missing
        // models), leaving the window empty rather than on something the lesson did not ask for.
        const bool opened = window.openLesson(parser.value(lesson));
        if (probe) {
            // A lesson that cannot open shows why and waits for nothing more.
            probe->setWaitFor(opened ? StartupProbe::WaitFor::Analysis
                                     : StartupProbe::WaitFor::Nothing);
        }
        if (parser.isSet(handout)) {
            // The error box of a lesson that cannot open is not waited for: say it and stop.
            if (!opened) {
                std::fprintf(
                    stderr, "headwave: the lesson cannot be opened: %s\n",
                    qPrintable(window.logPanel()->message(window.logPanel()->count() - 1)));
                return 1;
            }
            const QString error = window.exportHandout(parser.value(handout));
            if (!error.isEmpty()) {
                std::fprintf(stderr, "headwave: %s\n", qPrintable(error));
                return 1;
            }
            std::printf("%s\n", qPrintable(parser.value(handout)));
            return 0;
        }
        return QApplication::exec();
    }
    if (!attention.isEmpty()) {
        if (probe) {
            probe->setWaitFor(StartupProbe::WaitFor::Analysis);
        }
        window.openAttention(attention);
        return QApplication::exec();
    }
    if (!results.isEmpty()) {
        if (probe) {
            probe->setWaitFor(StartupProbe::WaitFor::Analysis);
        }
        window.openResults(results);
        return QApplication::exec();
    }
    if (dir.isEmpty() && window.openDemo()) {
        // No model: the demo (final RoPE checkpoint, its text analysed); the previous session's
        // model is one click away in File > Recent models.
        if (probe) {
            probe->setWaitFor(StartupProbe::WaitFor::Analysis);
        }
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
        if (probe) {
            probe->setWaitFor(StartupProbe::WaitFor::Model);
        }
        window.openModel(dir);
    }
    return QApplication::exec();
}
