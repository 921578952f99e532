// headwave: the desktop visualiser. `headwave [--model DIR]`.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>

#include "app/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Headwave"));
    QApplication::setApplicationName(QStringLiteral("Headwave"));
    QApplication::setApplicationVersion(QStringLiteral(HEADWAVE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "How transformer attention heads handle position."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption model(QStringLiteral("model"),
                             QApplication::translate("main", "Open the model folder DIR."),
                             QStringLiteral("DIR"));
    parser.addOption(model);
    parser.process(app);

    headwave::MainWindow window;
    window.show();
    QString dir = parser.value(model);
    if (dir.isEmpty()) {
        // The last model of the previous session, when it is still there.
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
