// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's lessons and presenter mode (app/main_window.h): a step is applied through the
// state's intents, never by replaying clicks, so every path to a step shows the same state.
#include <qcustomplot.h>

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPainter>
#include <QPdfWriter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSaveFile>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTextDocument>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <map>

#include "app/demo.h"
#include "app/export/figure_exporter.h"
#include "app/lesson_panel.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "app/settings_panel.h"
#include "app/theme.h"

namespace headwave {

namespace {

const QString kLessonDirKey = QStringLiteral("lesson/lastDir");

bool validHead(const AnalysisSnapshot* a, int layer, int head) {
    return a != nullptr && a->metrics && layer >= 0 && head >= 0 &&
           layer < a->metrics->shape.layers && head < a->metrics->shape.heads;
}

MethodSettings stepSettings(const LessonStep& step) {
    if (step.settingsJson.isEmpty()) {
        return {};
    }
    auto parsed = MethodSettings::fromJson(step.settingsJson.toStdString());
    return parsed ? parsed.value() : MethodSettings{};
}

// The method settings that differ from the defaults, as a compact JSON object (empty: none).
QString settingsDiff(const MethodSettings& s) {
    const QJsonObject now = QJsonDocument::fromJson(QByteArray::fromStdString(s.toJson())).object();
    const QJsonObject defaults =
        QJsonDocument::fromJson(QByteArray::fromStdString(MethodSettings{}.toJson())).object();
    QJsonObject diff;
    for (auto it = now.begin(); it != now.end(); ++it) {
        if (defaults.value(it.key()) != it.value()) {
            diff[it.key()] = it.value();
        }
    }
    return diff.isEmpty() ? QString()
                          : QString::fromUtf8(QJsonDocument(diff).toJson(QJsonDocument::Compact));
}

QString sourceKey(const LessonSource& source, const QString& dir, const QString& text,
                  const MethodSettings& settings) {
    return QStringLiteral("%1\n%2\n%3\n%4")
        .arg(static_cast<int>(source.kind))
        .arg(dir, text, QString::fromStdString(settings.toJson()));
}

// What presenter mode changed on a plot, to put back when it ends. Keyed by address (each object
// is saved the first time it is seen), guarded by QPointer (a view may rebuild its series and
// labels meanwhile).
struct TextLook {
    QPointer<QObject> object;  // an axis, a text element, a legend or its item, a text item
    QFont font;
    QFont second;  // an axis's label font (the first is its tick labels')
};
struct LineLook {
    QPointer<QCPAbstractPlottable> plottable;
    double width = 0;
    double marker = 0;
};
struct PlotLook {
    QPointer<QCustomPlot> plot;
    std::map<const void*, TextLook> texts;
    std::map<const void*, LineLook> lines;
};
std::map<const void*, PlotLook>& savedLooks() {
    static std::map<const void*, PlotLook> looks;
    return looks;
}

QFont atLeast(QFont font, double points) {
    if (QFontInfo(font).pointSizeF() < points) {
        font.setPointSizeF(points);
    }
    return font;
}

// Every text of a plot: its current font(s) and how to set them.
void forEachPlotText(QCustomPlot* plot,
                     const std::function<void(QObject*, QFont&, QFont&)>& visit) {
    for (QCPAxis* axis : plot->findChildren<QCPAxis*>()) {
        QFont tick = axis->tickLabelFont();
        QFont label = axis->labelFont();
        visit(axis, tick, label);
        axis->setTickLabelFont(tick);
        axis->setLabelFont(label);
    }
    for (QCPTextElement* text : plot->findChildren<QCPTextElement*>()) {
        QFont font = text->font();
        QFont unused;
        visit(text, font, unused);
        text->setFont(font);
    }
    for (QCPLegend* legend : plot->findChildren<QCPLegend*>()) {
        QFont font = legend->font();
        QFont unused;
        visit(legend, font, unused);
        legend->setFont(font);
        for (int i = 0; i < legend->itemCount(); ++i) {
            QCPAbstractLegendItem* item = legend->item(i);
            if (item == nullptr) {  // a legend wrapped into a grid has empty cells
                continue;
            }
            QFont itemFont = item->font();
            visit(item, itemFont, unused);
            item->setFont(itemFont);
        }
    }
    for (QCPItemText* text : plot->findChildren<QCPItemText*>()) {
        QFont font = text->font();
        QFont unused;
        visit(text, font, unused);
        text->setFont(font);
    }
}

}  // namespace

void MainWindow::createLessonDock() {
    m_lessonPanel = new LessonPanel(this);
    m_lessonPanel->setObjectName(QStringLiteral("lessonPanel"));
    m_lessonDock =
        addDock(m_lessonPanel, tr("Lesson"), QStringLiteral("lessonDock"), Qt::RightDockWidgetArea);
    m_lessonDock->hide();
    connect(m_lessonPanel, &LessonPanel::stepRequested, this, &MainWindow::showLessonStep);
    connect(m_lessonPanel, &LessonPanel::addStateRequested, this, [this] {
        m_lessonPanel->addStep(stateAsLessonStep());
        m_lessonDock->show();
    });
    connect(m_lessonPanel, &LessonPanel::saveRequested, this, &MainWindow::chooseLessonToSave);
    connect(m_state, &AppState::changed, this, &MainWindow::continueLessonStep);
}

void MainWindow::createLessonActions(QMenu* file, QMenu* view) {
    if (file != nullptr) {
        QAction* open = file->addAction(tr("Open &lesson…"), this, &MainWindow::chooseLessonToOpen);
        open->setObjectName(QStringLiteral("openLessonAction"));
        QAction* save = file->addAction(tr("Save lesson…"), this, &MainWindow::chooseLessonToSave);
        save->setObjectName(QStringLiteral("saveLessonAction"));
        QAction* handout =
            file->addAction(tr("Export &handout…"), this, &MainWindow::chooseHandoutToSave);
        handout->setObjectName(QStringLiteral("exportHandoutAction"));
        handout->setStatusTip(tr("A PDF with a page per step: its figure and its explanation"));
        return;
    }
    QAction* next = view->addAction(tr("Next lesson step"), this, [this] {
        if (m_lessonPanel->hasLesson()) {
            showLessonStep(m_lessonPanel->current() + 1);
        }
    });
    next->setObjectName(QStringLiteral("nextStepAction"));
    next->setShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Space)});
    QAction* previous = view->addAction(tr("Previous lesson step"), this, [this] {
        if (m_lessonPanel->hasLesson()) {
            showLessonStep(m_lessonPanel->current() - 1);
        }
    });
    previous->setObjectName(QStringLiteral("previousStepAction"));
    previous->setShortcut(QKeySequence(Qt::Key_PageUp));
    // Only with a lesson open: otherwise Space stays the key that presses a focused button.
    for (QAction* a : {next, previous}) {
        a->setEnabled(m_lessonPanel->hasLesson());
        connect(m_lessonPanel, &LessonPanel::lessonChanged, a,
                [this, a] { a->setEnabled(m_lessonPanel->hasLesson()); });
    }
    m_presenterAction = view->addAction(tr("&Presenter mode"));
    m_presenterAction->setObjectName(QStringLiteral("presenterAction"));
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_presenterAction, &QAction::toggled, this, &MainWindow::setPresenterMode);
}

void MainWindow::chooseLessonToOpen() {
    QString dir = QSettings().value(kLessonDirKey).toString();
    if (dir.isEmpty()) {
        dir = lessonsFolder();
    }
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open lesson"), dir, tr("Headwave lessons (*.json)"));
    if (!path.isEmpty()) {
        openLesson(path);
    }
}

void MainWindow::chooseLessonToSave() {
    QString path = m_lessonPanel->path();
    if (path.isEmpty() || path.startsWith(lessonsFolder())) {
        path = QDir(QSettings().value(kLessonDirKey, QDir::homePath()).toString())
                   .filePath(QStringLiteral("lesson.json"));
    }
    path = QFileDialog::getSaveFileName(this, tr("Save lesson"), path,
                                        tr("Headwave lessons (*.json)"));
    if (path.isEmpty()) {
        return;
    }
    QSettings().setValue(kLessonDirKey, QFileInfo(path).absolutePath());
    const QString error = m_lessonPanel->save(path);
    if (!error.isEmpty()) {
        onFailed(error, {}, true);
    } else {
        m_log->add(LogPanel::Info,
                   tr("Saved the lesson to %1.").arg(QDir::toNativeSeparators(path)));
    }
}

bool MainWindow::openLesson(const QString& path) {
    LessonRead read = readLesson(path);
    if (!read.lesson) {
        onFailed(read.error, {}, true);
        return false;
    }
    const QStringList missing = missingLessonModels(*read.lesson, demoFolder());
    if (!missing.isEmpty()) {
        onFailed(tr("The lesson \"%1\" needs models that are not on this machine.")
                     .arg(read.lesson->title),
                 missing.join(QLatin1Char('\n')), true);
        for (const QString& m : missing) {
            m_log->add(LogPanel::Error, m);
        }
        return false;
    }
    QSettings().setValue(kLessonDirKey, QFileInfo(path).absolutePath());
    m_lessonPanel->setLesson(*read.lesson, path);
    m_lessonDock->show();
    m_lessonDock->raise();
    m_log->add(LogPanel::Info, tr("Opened the lesson \"%1\" (%2 steps).")
                                   .arg(read.lesson->title)
                                   .arg(read.lesson->steps.size()));
    showLessonStep(0);
    return true;
}

void MainWindow::showLessonStep(int index) {
    const Lesson& lesson = m_lessonPanel->lesson();
    if (index < 0 || index >= static_cast<int>(lesson.steps.size())) {
        return;
    }
    m_lessonPanel->setCurrent(index);
    const LessonStep step = lesson.steps[static_cast<std::size_t>(index)];
    const MethodSettings settings = stepSettings(step);
    if (settings.toJson() != m_state->data().settings.toJson()) {
        m_settings->setSettings(settings);  // silent: the panel shows them, the state holds them
        m_state->setSettings(settings);
    }
    m_state->setAlpha(step.alpha);
    applyLessonViews(step);

    const QString demo = demoFolder();
    const QString dir = step.source.resolve(demo, lesson.folder);
    const bool teaching = step.source.kind == LessonSource::Kind::Teaching;
    QString text = step.text;
    if (text.isEmpty() && !teaching) {
        text = demoFirstParagraph(demo);
    }
    const QString key = sourceKey(step.source, dir, text, settings);
    m_lessonPending = step;
    const AppState::Data& d = m_state->data();
    if (key == m_lessonKey && d.shownSerial == m_lessonShownSerial && d.analysis &&
        d.pending.intent == AppState::Intent::None) {
        finishLessonStep();  // the lesson's analysis is still the one shown
        return;
    }
    if (!teaching && !QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json")))) {
        m_lessonPending.reset();
        onFailed(tr("Step %1 of the lesson needs %2, which is not on this machine (%3).")
                     .arg(index + 1)
                     .arg(step.source.describe(), QDir::toNativeSeparators(dir)),
                 {}, false);
        return;
    }
    m_lessonKey.clear();
    m_lessonPendingKey = key;
    m_lessonStarting = true;
    if (teaching) {
        m_state->showTeachingPatterns();
    } else {
        replaceText(text);
        m_state->openModelAndAnalyze(dir, text);
    }
    m_lessonStarting = false;
    m_lessonSerial = m_state->lastSerial();
}

void MainWindow::continueLessonStep(const AppState::Data& d) {
    if (m_presenter) {
        applyPresenterStyle();  // views rebuild their graphs as data arrives
    }
    if (!m_lessonPending || m_lessonStarting) {
        return;
    }
    if (d.pending.intent != AppState::Intent::None && d.pending.serial == m_lessonSerial) {
        return;  // the step's source is on its way
    }
    if (d.shownSerial == m_lessonSerial) {
        m_lessonKey = m_lessonPendingKey;
        m_lessonShownSerial = m_lessonSerial;
        finishLessonStep();
    } else {
        m_lessonPending.reset();  // failed (the message says why) or superseded by the user
    }
}

void MainWindow::finishLessonStep() {
    const LessonStep step = *m_lessonPending;
    m_lessonPending.reset();
    const AnalysisSnapshot* a = m_state->data().analysis.get();
    if (!validHead(a, step.layer, step.head)) {
        m_log->add(LogPanel::Warning,
                   tr("The lesson's step selects head %1:%2, which this analysis does not have.")
                       .arg(step.layer)
                       .arg(step.head));
    } else {
        m_state->selectHead(step.layer, step.head);
    }
    std::vector<HeadRef> pinned;
    for (const HeadRef& p : step.pinned) {
        if (validHead(a, p.layer, p.head)) {
            pinned.push_back(p);
        }
    }
    m_state->setPinned(std::move(pinned));
}

QDockWidget* MainWindow::viewDock(const QString& name) const {
    if (!lessonViewNames().contains(name)) {
        return nullptr;
    }
    return findChild<QDockWidget*>(name + QStringLiteral("Dock"));
}

void MainWindow::applyLessonViews(const LessonStep& step) {
    m_emphasis = step.emphasis;
    for (const QString& name : lessonViewNames()) {
        QDockWidget* dock = viewDock(name);
        if (dock == nullptr) {
            continue;
        }
        const bool shown = step.views.isEmpty() || step.views.contains(name);
        dock->setVisible(shown);
        if (shown) {
            dock->raise();
        }
    }
    if (QDockWidget* emphasised = viewDock(step.emphasis)) {
        emphasised->raise();
    }
    m_timelineDock->hide();
    styleEmphasis();
    if (m_presenter) {
        arrangePresenterDocks();
    }
}

void MainWindow::arrangePresenterDocks() {
    // The lesson on the right at full height, 30 % of the width; the step's views on the left as
    // tabs, the emphasised one in front: one view at a time at the full height of a projector.
    // restoreState() undoes it.
    addDockWidget(Qt::RightDockWidgetArea, m_lessonDock);
    m_lessonDock->show();
    QList<QDockWidget*> views;
    for (const QString& name : lessonViewNames()) {
        QDockWidget* dock = viewDock(name);
        if (dock != nullptr && !dock->isHidden()) {
            views.insert(name == m_emphasis ? 0 : views.size(), dock);
        }
    }
    for (qsizetype i = 0; i < views.size(); ++i) {
        if (i == 0) {
            addDockWidget(Qt::LeftDockWidgetArea, views[0]);
        } else {
            tabifyDockWidget(views[0], views[i]);  // side by side they would not fit at 720 px
        }
    }
    if (!views.isEmpty()) {
        views[0]->raise();
    }
    sizePresenterDocks();
}

void MainWindow::sizePresenterDocks() {
    resizeDocks({m_lessonDock}, {std::max(360, width() * 3 / 10)}, Qt::Horizontal);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (m_presenter) {
        sizePresenterDocks();
    }
}

void MainWindow::styleEmphasis() {
    // The emphasised view's title is highlighted: where the class should look. A style sheet
    // sets the fonts of the dock and its view from itself, so in presenter mode it carries the
    // presenter size.
    for (const QString& name : lessonViewNames()) {
        QDockWidget* dock = viewDock(name);
        if (dock == nullptr) {
            continue;
        }
        const bool emphasised = name == m_emphasis;
        QString sheet;
        if (emphasised) {
            sheet = QStringLiteral(
                "QDockWidget::title { background: palette(highlight); color: "
                "palette(highlighted-text); padding: 4px; }");
            if (m_presenter) {
                sheet += QStringLiteral(" QDockWidget, QDockWidget * { font-size: %1pt; }")
                             .arg(QFontInfo(font()).pointSizeF());
            }
        }
        dock->setStyleSheet(sheet);
        dock->setProperty("emphasised", emphasised);
    }
}

LessonStep MainWindow::stateAsLessonStep() const {
    const AppState::Data& d = m_state->data();
    LessonStep s;
    const QString demo = demoFolder();
    if (d.analysis && d.analysis->kind == AnalysisKind::TeachingPatterns) {
        s.source.kind = LessonSource::Kind::Teaching;
    } else {
        const auto& card = d.analysisModel ? d.analysisModel : d.model;
        const QString dir =
            card ? QDir::cleanPath(QFileInfo(QString::fromStdString(card->dir)).absoluteFilePath())
                 : QString();
        bool found = false;
        for (int step : demoSteps()) {
            if (!demo.isEmpty() && dir == QDir::cleanPath(demoCheckpoint(demo, step))) {
                s.source.kind = LessonSource::Kind::Checkpoint;
                s.source.step = step;
                found = true;
            }
        }
        for (const QString& scheme : demoSchemes()) {
            if (!found && !demo.isEmpty() && dir == QDir::cleanPath(demoTwin(demo, scheme))) {
                s.source.kind = LessonSource::Kind::Twin;
                s.source.scheme = scheme;
                found = true;
            }
        }
        if (!found) {
            s.source.kind = LessonSource::Kind::Model;
            s.source.path = dir;
        }
        s.text = m_text->toPlainText();
        if (s.text == demoFirstParagraph(demo)) {
            s.text.clear();  // the demo's text: the lesson stays small and language-neutral
        }
    }
    s.layer = std::max(0, d.layer);
    s.head = std::max(0, d.head);
    s.pinned = d.pinned;
    s.alpha = d.alpha;
    s.settingsJson = settingsDiff(d.settings);
    for (const QString& name : lessonViewNames()) {
        if (QDockWidget* dock = viewDock(name); dock != nullptr && !dock->isHidden()) {
            s.views << name;
        }
    }
    if (s.views.contains(m_emphasis)) {
        s.emphasis = m_emphasis;
    }
    return s;
}

// ---- presenter mode ---------------------------------------------------------------------------

void MainWindow::setPresenterMode(bool on) {
    if (on == m_presenter) {
        return;
    }
    if (m_presenterAction != nullptr) {
        const QSignalBlocker quiet(m_presenterAction);
        m_presenterAction->setChecked(on);
    }
    if (on) {
        m_presenterSavedState = saveState(kPresenterStateVersion);
        m_presenterSavedGeometry = saveGeometry();
        m_presenterSavedFont = font();
        m_presenterSavedShown.clear();
        for (QDockWidget* dock : m_docks) {
            if (!dock->isHidden()) {
                m_presenterSavedShown << dock;
            }
        }
        m_presenter = true;
        // High contrast: black on white, whatever the theme.
        applyTheme(Theme::Light);
        QPalette contrast = lightPalette();
        for (auto role : {QPalette::Window, QPalette::Base, QPalette::Button}) {
            contrast.setColor(role, Qt::white);
        }
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
            contrast.setColor(role, Qt::black);
        }
        QApplication::setPalette(contrast);
        QFont big = font();
        big.setPointSizeF(std::max(big.pointSizeF(), kPresenterPointSize));
        setFont(big);
        // Only the step's views and the lesson: the side docks and the rest go.
        for (QDockWidget* dock : m_docks) {
            const bool view =
                lessonViewNames().contains(dock->objectName().chopped(4));  // "<name>Dock"
            if (!view && dock != m_lessonDock) {
                dock->hide();
            }
        }
        if (m_lessonPanel->hasLesson()) {
            applyLessonViews(
                m_lessonPanel->lesson().steps[static_cast<std::size_t>(m_lessonPanel->current())]);
        }
        m_lessonPanel->setPresenter(true);
        statusBar()->hide();
        arrangePresenterDocks();
        applyPresenterStyle();
    } else {
        m_presenter = false;
        m_lessonPanel->setPresenter(false);
        applyTheme(m_theme);
        setFont(m_presenterSavedFont);
        styleEmphasis();
        // Every plot back as it was.
        for (auto& [key, look] : savedLooks()) {
            if (!look.plot) {
                continue;
            }
            forEachPlotText(look.plot, [&look = look](QObject* o, QFont& font, QFont& second) {
                const auto it = look.texts.find(o);
                if (it != look.texts.end() && it->second.object) {
                    font = it->second.font;
                    second = it->second.second;
                }
            });
            for (auto& [lineKey, l] : look.lines) {
                if (!l.plottable) {
                    continue;
                }
                QPen pen = l.plottable->pen();
                pen.setWidthF(l.width);
                l.plottable->setPen(pen);
                if (auto* graph = qobject_cast<QCPGraph*>(l.plottable.data())) {
                    QCPScatterStyle style = graph->scatterStyle();
                    style.setSize(l.marker);
                    graph->setScatterStyle(style);
                }
            }
            look.plot->replot();
        }
        savedLooks().clear();
        statusBar()->show();
        restoreGeometry(m_presenterSavedGeometry);
        if (!restoreState(m_presenterSavedState, kPresenterStateVersion)) {
            m_log->add(LogPanel::Warning, tr("The layout before presenter mode could not be "
                                             "restored; View > Reset layout brings the default."));
        }
        // restoreState() places the docks but leaves those hidden meanwhile hidden.
        for (QDockWidget* dock : m_docks) {
            dock->setVisible(m_presenterSavedShown.contains(dock));
        }
        restylePlots();
    }
}

void MainWindow::applyPresenterStyle() {
    // Thick lines, large markers and axis text at the presenter size. The first time a plot, an
    // axis or a series is seen its look is kept, so leaving presenter mode restores it.
    for (QCustomPlot* plot : findChildren<QCustomPlot*>()) {
        PlotLook& look = savedLooks()[plot];
        look.plot = plot;
        forEachPlotText(plot, [&look](QObject* o, QFont& font, QFont& second) {
            look.texts.try_emplace(o, TextLook{o, font, second});
            font = atLeast(font, kPresenterPointSize);
            second = atLeast(second, kPresenterPointSize);
        });
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable* p = plot->plottable(i);
            auto* graph = qobject_cast<QCPGraph*>(p);
            look.lines.try_emplace(
                p, LineLook{p, p->pen().widthF(), graph ? graph->scatterStyle().size() : 0.0});
            QPen pen = p->pen();
            if (pen.style() != Qt::NoPen) {
                pen.setWidthF(std::max(pen.widthF(), 3.0));
                p->setPen(pen);
            }
            if (graph != nullptr && graph->scatterStyle().shape() != QCPScatterStyle::ssNone) {
                QCPScatterStyle style = graph->scatterStyle();
                style.setSize(std::max(style.size(), 11.0));
                graph->setScatterStyle(style);
            }
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

}  // namespace headwave

// ---- handouts ---------------------------------------------------------------------------------

namespace headwave {

QString MainWindow::exportHandout(const QString& path) {
    if (!m_lessonPanel->hasLesson()) {
        return tr("Open a lesson first (File > Open lesson…).");
    }
    const Lesson lesson = m_lessonPanel->lesson();
    const int back = m_lessonPanel->current();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return tr("Cannot write the handout %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    }
    constexpr int kDpi = 300;
    QPdfWriter pdf(&file);
    pdf.setResolution(kDpi);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageMargins(QMarginsF(20, 18, 20, 18), QPageLayout::Millimeter);
    pdf.setTitle(lesson.title);
    pdf.setCreator(QStringLiteral("Headwave"));
    QPainter painter(&pdf);
    const double width = painter.viewport().width();
    const QByteArray layout = saveState(kPresenterStateVersion);
    const double pxPerMm = kDpi / 25.4;
    QString error;
    for (std::size_t i = 0; i < lesson.steps.size() && error.isEmpty(); ++i) {
        const LessonStep& step = lesson.steps[i];
        if (i > 0) {
            pdf.newPage();
        }
        // The step's state, through the same path as the lesson panel; then its figure.
        showLessonStep(static_cast<int>(i));
        QElapsedTimer clock;
        clock.start();
        auto busy = [this] {
            using S = AppState::Part::State;
            const AppState::Data& d = m_state->data();
            return m_lessonPending.has_value() || d.pending.intent != AppState::Intent::None ||
                   d.attentionPart.state == S::Busy || d.rescalePart.state == S::Busy;
        };
        while (busy() && clock.elapsed() < 300000) {
            QEventLoop wait;  // the engine answers on its own thread; sleep in the event loop
            QTimer::singleShot(20, &wait, &QEventLoop::quit);
            wait.exec();
        }
        QCoreApplication::processEvents();
        if (busy()) {
            error = tr("Step %1 of the lesson did not finish within 5 minutes; the handout was "
                       "not written.")
                        .arg(i + 1);
            break;
        }
        QString viewName = step.emphasis;
        if (viewName.isEmpty()) {
            viewName = step.views.isEmpty() ? QStringLiteral("spectrum") : step.views.front();
        }
        QDockWidget* dock = viewDock(viewName);
        double y = 0;
        QTextDocument heading;
        heading.documentLayout()->setPaintDevice(&pdf);
        heading.setTextWidth(width);
        heading.setHtml(QStringLiteral("<p style='color:#555'>%1 — %2</p><h2>%3</h2>")
                            .arg(lesson.title.toHtmlEscaped(),
                                 tr("Step %1 of %2").arg(i + 1).arg(lesson.steps.size()),
                                 step.title.toHtmlEscaped()));
        heading.drawContents(&painter);
        y += heading.size().height();
        // The emphasised view at one-column width, through the figure export (publication style).
        FigureOptions options;
        options.widthMm = FigureOptions::kOneColumnMm;
        // The view's own proportions (a view of two plots is taller), within 50..130 mm.
        QWidget* view = dock->widget();
        options.heightMm =
            std::clamp(options.widthMm * view->height() / std::max(1, view->width()), 50.0, 130.0);
        const QImage figure = renderFigureImage(view, options);
        const QRectF target(0, y, options.widthMm * pxPerMm, options.heightMm * pxPerMm);
        painter.drawImage(target, figure);
        restoreState(layout, kPresenterStateVersion);
        y += target.height() + 4 * pxPerMm;
        QTextDocument text;
        text.documentLayout()->setPaintDevice(&pdf);
        text.setTextWidth(width);
        QString markdown = step.explanation;
        if (!step.question.isEmpty()) {
            markdown += QStringLiteral("\n\n**%1** %2").arg(tr("Question:"), step.question);
        }
        text.setMarkdown(markdown);
        painter.save();
        painter.translate(0, y);
        text.drawContents(&painter, QRectF(0, 0, width, painter.viewport().height() - y));
        painter.restore();
    }
    painter.end();
    showLessonStep(back);
    if (!error.isEmpty()) {
        file.cancelWriting();
        return error;
    }
    if (!file.commit()) {
        return tr("Cannot write the handout %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    }
    return {};
}

void MainWindow::chooseHandoutToSave() {
    if (!m_lessonPanel->hasLesson()) {
        onFailed(tr("Open a lesson first (File > Open lesson…)."), {}, false);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export handout"),
        QDir(QSettings().value(kLessonDirKey, QDir::homePath()).toString())
            .filePath(QFileInfo(m_lessonPanel->path()).completeBaseName() + QStringLiteral(".pdf")),
        tr("PDF (*.pdf)"));
    if (path.isEmpty()) {
        return;
    }
    const QString error = exportHandout(path);
    if (!error.isEmpty()) {
        onFailed(error, {}, true);
    } else {
        m_log->add(LogPanel::Info, tr("Wrote the handout %1.").arg(QDir::toNativeSeparators(path)));
    }
}

}  // namespace headwave
