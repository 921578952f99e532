// SPDX-License-Identifier: GPL-3.0-or-later
// bench_bare_window: the start-up peer of `headwave --benchmark-startup` (bench_app startup): a
// QMainWindow with a menu bar, three docks and a QCustomPlot of 512 points, the same toolkit with
// none of Headwave. Prints the same start-up line once the window is exposed, then quits.
#include <qcustomplot.h>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>
#include <QWindow>
#include <cmath>
#include <cstdio>

#include "app/process_clock.h"

namespace {

using headwave::msSinceProcessStart;

class Probe : public QObject {
public:
    Probe(QWindow* window, const QElapsedTimer& sinceMain)
        : m_window(window), m_sinceMain(sinceMain) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_window && event->type() == QEvent::Expose && !m_done &&
            m_window->isExposed()) {
            m_done = true;
            std::printf(
                "startup: main() to window exposed %.1f ms; process start to window exposed "
                "%.0f ms\n",
                static_cast<double>(m_sinceMain.nsecsElapsed()) / 1e6, msSinceProcessStart());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWindow* m_window;
    const QElapsedTimer& m_sinceMain;
    bool m_done = false;
};

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QMainWindow window;
    window.menuBar()->addMenu(QStringLiteral("&File"))->addAction(QStringLiteral("&Quit"));
    auto* plot = new QCustomPlot(&window);
    QVector<double> x(512);
    QVector<double> y(512);
    for (int i = 0; i < 512; ++i) {
        x[i] = i;
        y[i] = std::sin(i / 20.0);
    }
    plot->addGraph()->setData(x, y);
    plot->rescaleAxes();
    window.setCentralWidget(plot);
    for (const char* name : {"Grid", "Spectrum", "Metrics"}) {
        auto* dock = new QDockWidget(QString::fromLatin1(name), &window);
        dock->setWidget(new QLabel(QString::fromLatin1(name), dock));
        window.addDockWidget(Qt::RightDockWidgetArea, dock);
    }
    window.resize(1280, 800);
    window.winId();
    Probe probe(window.windowHandle(), sinceMain);
    window.windowHandle()->installEventFilter(&probe);
    window.show();
    return QApplication::exec();
}
