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
#include <cstdio>

#include "app/main_window.h"
#include "app/translations.h"

namespace {

// Milliseconds since the process started (before main: the dynamic loader mapping Qt and
// libtorch), from /proc; 10 ms resolution (clock ticks). -1 when unavailable.
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

// Prints the start-up time once the window is shown and exposed, then quits.
class StartupProbe : public QObject {
public:
    // Expose events go to the native window (QWindow), not to the widget: create it first.
    StartupProbe(QWidget* window, const QElapsedTimer& sinceMain)
        : m_window(window), m_sinceMain(sinceMain) {
        window->winId();
        window->windowHandle()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_window->windowHandle() && event->type() == QEvent::Expose && !m_done &&
            m_window->windowHandle()->isExposed()) {
            m_done = true;
            const double mainMs = static_cast<double>(m_sinceMain.nsecsElapsed()) / 1e6;
            std::printf(
                "startup: main() to window exposed %.1f ms; process start to window "
                "exposed %.0f ms\n",
                mainMs, msSinceProcessStart());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget* m_window;
    const QElapsedTimer& m_sinceMain;
    bool m_done = false;
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
        QApplication::translate("main", "Print the time to a usable window and quit."));
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
    if (dir.isEmpty() && !parser.isSet(startup) && window.openDemo()) {
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
