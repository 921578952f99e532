// SPDX-License-Identifier: GPL-3.0-or-later
// Lessons (app/lesson.h) on the real main window, offscreen, with the shipped demo: every shipped
// lesson reads and every step applies to the state it describes whatever was done before (steps
// in a random order, with the user's own clicks in between); recording, saving and reopening
// round-trips; malformed files and missing models get a message that says what is wrong; presenter
// mode keeps every text at or above 18 pt and restores the normal layout.
#include <qcustomplot.h>

#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFontInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <algorithm>

#include "app/app_state.h"
#include "app/demo.h"
#include "app/lesson.h"
#include "app/lesson_panel.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "headwave/dsp/method_settings.h"

using namespace headwave;

namespace {

QStringList shippedLessons(const QString& language) {
    QDir dir(QDir(lessonsFolder()).filePath(language));
    QStringList files;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        files << dir.filePath(name);
    }
    return files;
}

bool busy(MainWindow& w) {
    using S = AppState::Part::State;
    const AppState::Data& d = w.state()->data();
    return w.lessonStepPending() || d.pending.intent != AppState::Intent::None ||
           d.attentionPart.state == S::Busy || d.rescalePart.state == S::Busy;
}

bool settle(MainWindow& w, int timeoutMs = 120000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (!busy(w)) {
            QTest::qWait(50);
            if (!busy(w)) {
                return true;
            }
        }
        QTest::qWait(10);
    }
    return false;
}

// Empty when the window shows what the step describes, else what differs.
QString differs(MainWindow& w, const Lesson& lesson, const LessonStep& step) {
    const AppState::Data& d = w.state()->data();
    if (!d.analysis) {
        return QStringLiteral("nothing is shown");
    }
    if (step.source.kind == LessonSource::Kind::Teaching) {
        if (d.analysis->kind != AnalysisKind::TeachingPatterns) {
            return QStringLiteral("not the teaching patterns");
        }
    } else {
        const QString want = QDir::cleanPath(step.source.resolve(demoFolder(), lesson.folder));
        const QString shown = d.analysisModel
                                  ? QDir::cleanPath(QString::fromStdString(d.analysisModel->dir))
                                  : QString();
        if (d.analysis->kind != AnalysisKind::Text || shown != want) {
            return QStringLiteral("shows %1, the step %2").arg(shown, want);
        }
    }
    if (d.layer != step.layer || d.head != step.head) {
        return QStringLiteral("head %1:%2, the step %3:%4")
            .arg(d.layer)
            .arg(d.head)
            .arg(step.layer)
            .arg(step.head);
    }
    if (d.alpha != step.alpha) {
        return QStringLiteral("alpha %1, the step %2").arg(d.alpha).arg(step.alpha);
    }
    if (d.pinned.size() != step.pinned.size()) {
        return QStringLiteral("%1 pinned heads, the step %2")
            .arg(d.pinned.size())
            .arg(step.pinned.size());
    }
    for (std::size_t i = 0; i < d.pinned.size(); ++i) {
        if (d.pinned[i].layer != step.pinned[i].layer || d.pinned[i].head != step.pinned[i].head) {
            return QStringLiteral("other pinned heads");
        }
    }
    MethodSettings want;
    if (!step.settingsJson.isEmpty()) {
        want = MethodSettings::fromJson(step.settingsJson.toStdString()).value();
    }
    if (d.settings.toJson() != want.toJson()) {
        return QStringLiteral("settings %1, the step's %2")
            .arg(QString::fromStdString(d.settings.toJson()),
                 QString::fromStdString(want.toJson()));
    }
    for (const QString& name : lessonViewNames()) {
        const bool shown = !w.viewDock(name)->isHidden();
        if (shown != step.views.contains(name)) {
            return QStringLiteral("the view %1 is %2").arg(name, shown ? "shown" : "hidden");
        }
    }
    if (w.emphasisedView() != step.emphasis) {
        return QStringLiteral("emphasis %1, the step %2").arg(w.emphasisedView(), step.emphasis);
    }
    const LessonPanel* panel = w.lessonPanel();
    if (panel->explanation()->toMarkdown().trimmed().isEmpty() != step.explanation.isEmpty()) {
        return QStringLiteral("the panel does not show the step's explanation");
    }
    return {};
}

// The user's own clicks between steps: another head, another alpha, another source.
void wander(MainWindow& w, QRandomGenerator& random) {
    switch (random.bounded(4)) {
        case 0:
            w.selectHead(random.bounded(4), random.bounded(6));
            break;
        case 1:
            w.setAlpha(0.1 + 0.1 * random.bounded(9));
            break;
        case 2:
            w.showTeachingPatterns();
            break;
        default:
            w.state()->setPinned({HeadRef{3, 5}});
            break;
    }
}

}  // namespace

class TestLessons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveLessonTest"));
        QSettings().clear();
        QVERIFY2(!demoFolder().isEmpty(), "resources/demo of the source tree");
        QVERIFY2(!lessonsFolder().isEmpty(), "resources/lessons of the source tree");
    }

    // Every shipped lesson reads, names only models that are here, and the Italian lessons
    // describe the same states as the English ones (only the words differ).
    void shippedLessonsRead() {
        const QStringList en = shippedLessons(QStringLiteral("en"));
        const QStringList it = shippedLessons(QStringLiteral("it"));
        QCOMPARE(en.size(), 7);
        QCOMPARE(it.size(), en.size());
        for (int i = 0; i < en.size(); ++i) {
            const LessonRead e = readLesson(en[i]);
            QVERIFY2(e.lesson, qPrintable(e.error));
            const LessonRead t = readLesson(it[i]);
            QVERIFY2(t.lesson, qPrintable(t.error));
            QCOMPARE(QFileInfo(en[i]).fileName(), QFileInfo(it[i]).fileName());
            QVERIFY(missingLessonModels(*e.lesson, demoFolder()).isEmpty());
            QCOMPARE(e.lesson->language, QStringLiteral("en"));
            QCOMPARE(t.lesson->language, QStringLiteral("it"));
            QCOMPARE(e.lesson->steps.size(), t.lesson->steps.size());
            for (std::size_t s = 0; s < e.lesson->steps.size(); ++s) {
                LessonStep a = e.lesson->steps[s];
                LessonStep b = t.lesson->steps[s];
                QVERIFY2(!a.explanation.isEmpty() && !b.explanation.isEmpty(), "explained");
                QCOMPARE(a.question.isEmpty(), b.question.isEmpty());
                a.title = b.title;
                a.explanation = b.explanation;
                a.question = b.question;
                QVERIFY2(a == b, qPrintable(en[i]));
            }
            // What is written reads back the same (the format round-trips).
            const LessonRead again = parseLesson(e.lesson->toJson().toUtf8(), e.lesson->folder);
            QVERIFY2(again.lesson, qPrintable(again.error));
            QVERIFY(again.lesson->steps == e.lesson->steps);
        }
    }

    void malformedLessonsAreNamed() {
        const struct {
            const char* json;
            const char* says;
        } cases[] = {
            {"{ not json", "malformed"},
            {"[1, 2]", "one JSON object"},
            {R"({"format": "other", "version": 1})", "headwave-lesson"},
            {R"({"format": "headwave-lesson", "version": 2, "title": "x", "steps": []})",
             "version 2"},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": []})", "steps"},
            {R"({"format": "headwave-lesson", "version": 1, "steps": [{}]})", "title"},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [{}]})",
             "step 1"},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}}, {"source": {"kind": "movie"}}]})",
             "step 2: unknown source kind \"movie\""},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "checkpoint", "step": 100}}]})",
             "no checkpoint at step 100"},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "twin", "scheme": "xpos"}}]})",
             "no twin \"xpos\""},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}, "alpha": 0}]})",
             "\"alpha\""},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}, "head": [1]}]})",
             "\"head\""},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}, "views": ["heatmap", "radar"]}]})",
             "unknown view \"radar\""},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}, "views": ["heatmap"], "emphasis": "spectrum"}]})",
             "\"spectrum\" is not among"},
            {R"({"format": "headwave-lesson", "version": 1, "title": "x", "steps": [
                {"source": {"kind": "teaching"}, "settings": {"window": "kaiser"}}]})",
             "settings"},
        };
        for (const auto& c : cases) {
            const LessonRead r = parseLesson(QByteArray(c.json), QDir::tempPath());
            QVERIFY2(!r.lesson, c.json);
            QVERIFY2(
                r.error.contains(QString::fromUtf8(c.says)),
                qPrintable(QStringLiteral("%1 -> %2").arg(QString::fromUtf8(c.json), r.error)));
        }
        const LessonRead none = readLesson(QStringLiteral("/no/such/lesson.json"));
        QVERIFY(!none.lesson);
        QVERIFY(none.error.contains(QStringLiteral("/no/such/lesson.json")));
    }

    // A lesson is an untrusted file: every truncation and random byte corruption of a shipped one
    // reads or gives a message, never a crash, and what reads is a lesson of at least one step.
    void truncatedAndCorruptedLessons() {
        QFile file(QDir(lessonsFolder()).filePath(QStringLiteral("it/02-bands.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray good = file.readAll();
        int refused = 0;
        for (qsizetype n = 0; n < good.size(); ++n) {
            const LessonRead r = parseLesson(good.left(n), QDir::tempPath());
            QVERIFY(r.lesson.has_value() != !r.error.isEmpty());
            refused += r.lesson ? 0 : 1;
        }
        // Only the whole object is a lesson (the trailing newline may go).
        QCOMPARE(refused, static_cast<int>(good.trimmed().size()));
        QRandomGenerator random(22);
        for (int i = 0; i < 2000; ++i) {
            QByteArray bad = good;
            for (int k = 0; k < 1 + static_cast<int>(random.bounded(4)); ++k) {
                bad[random.bounded(static_cast<int>(bad.size()))] =
                    static_cast<char>(random.bounded(256));
            }
            const LessonRead r = parseLesson(bad, QDir::tempPath());
            QVERIFY(r.lesson.has_value() != !r.error.isEmpty());
            QVERIFY(!r.lesson || !r.lesson->steps.empty());
        }
    }

    // A lesson naming a model that is not here: the file reads, opening it names the model.
    void missingModelIsNamed() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "headwave-lesson", "version": 1, "title": "Elsewhere",
            "steps": [{"source": {"kind": "teaching"}},
                      {"source": {"kind": "model", "path": "models/gpt-tiny"}}]})");
        file.close();
        const LessonRead r = readLesson(path);
        QVERIFY2(r.lesson, qPrintable(r.error));
        const QStringList missing = missingLessonModels(*r.lesson, demoFolder());
        QCOMPARE(missing.size(), 1);
        QVERIFY2(missing[0].contains(QStringLiteral("Step 2")) &&
                     missing[0].contains(dir.filePath(QStringLiteral("models/gpt-tiny"))),
                 qPrintable(missing[0]));

        MainWindow w;
        w.show();
        QVERIFY(!w.openLesson(path));
        bool named = false;
        for (int i = 0; i < w.logPanel()->count(); ++i) {
            named = named || w.logPanel()->message(i).contains(QStringLiteral("gpt-tiny"));
        }
        QVERIFY2(named, "the log names the missing model");
        QVERIFY(w.errorBox() != nullptr);
        QVERIFY(w.errorBox()->text().contains(QStringLiteral("Elsewhere")));
        QVERIFY(w.errorBox()->detailedText().contains(QStringLiteral("gpt-tiny")));
        w.errorBox()->close();
    }

    // Every step of every shipped English lesson, in a random order, with the user's clicks in
    // between: the state afterwards is the step's (HEADWAVE_LESSON_SEED changes the order).
    void everyStepAppliesInAnyOrder() {
        const quint32 seed = qEnvironmentVariableIsSet("HEADWAVE_LESSON_SEED")
                                 ? qEnvironmentVariable("HEADWAVE_LESSON_SEED").toUInt()
                                 : 22u;
        QRandomGenerator random(seed);
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        int applied = 0;
        for (const QString& path : shippedLessons(QStringLiteral("en"))) {
            QVERIFY(w.openLesson(path));
            QVERIFY(settle(w));
            const Lesson lesson = w.lessonPanel()->lesson();
            QString why = differs(w, lesson, lesson.steps[0]);
            QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("%1 step 1: %2").arg(path, why)));
            std::vector<int> order;
            for (int i = 0; i < static_cast<int>(lesson.steps.size()); ++i) {
                order.push_back(i);
                order.push_back(i);  // each step twice: once after another, once after itself
            }
            for (std::size_t k = 0; k < order.size(); ++k) {
                std::swap(order[k], order[random.bounded(static_cast<quint32>(order.size()))]);
            }
            for (int i : order) {
                if (random.bounded(3) == 0) {
                    wander(w, random);
                    if (random.bounded(2) == 0) {
                        QVERIFY(settle(w));
                    }
                }
                w.showLessonStep(i);
                QVERIFY(settle(w));
                why = differs(w, lesson, lesson.steps[static_cast<std::size_t>(i)]);
                QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("%1 step %2 (seed %3): %4")
                                                       .arg(QFileInfo(path).fileName())
                                                       .arg(i + 1)
                                                       .arg(seed)
                                                       .arg(why)));
                ++applied;
            }
        }
        qInfo("%d steps applied and checked", applied);
    }

    // Page Down and Space go forward, Page Up back; without a lesson the keys are left alone.
    void keysMoveBetweenSteps() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.findChild<QAction*>(QStringLiteral("nextStepAction"))->isEnabled());
        QVERIFY(
            w.openLesson(QDir(lessonsFolder()).filePath(QStringLiteral("en/06-training.json"))));
        QVERIFY(w.findChild<QAction*>(QStringLiteral("nextStepAction"))->isEnabled());
        QCOMPARE(w.lessonPanel()->current(), 0);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QCOMPARE(w.lessonPanel()->current(), 1);
        QTest::keyClick(&w, Qt::Key_Space);
        QCOMPARE(w.lessonPanel()->current(), 2);
        QTest::keyClick(&w, Qt::Key_PageUp);
        QCOMPARE(w.lessonPanel()->current(), 1);
        QVERIFY(settle(w));
        const QString why =
            differs(w, w.lessonPanel()->lesson(), w.lessonPanel()->lesson().steps[1]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    // Record a lesson from the app's state, edit, reorder, save, reopen: the same steps, and
    // each applies to the state it was recorded from.
    void recordSaveReopen() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(
            w.openLesson(QDir(lessonsFolder()).filePath(QStringLiteral("en/05-rescaling.json"))));
        QVERIFY(settle(w));
        w.showLessonStep(1);  // alpha 0.25, layer 2 head 0
        QVERIFY(settle(w));
        const LessonStep described = w.lessonPanel()->lesson().steps[1];
        LessonStep recorded = w.stateAsLessonStep();
        recorded.title = described.title;
        recorded.explanation = described.explanation;
        recorded.question = described.question;
        QVERIFY2(recorded == described, qPrintable(recorded.settingsJson));

        // A new lesson: two states recorded through the panel's buttons, edited, reordered.
        Lesson fresh;
        fresh.title = QStringLiteral("Recorded");
        w.lessonPanel()->setLesson(fresh, {});
        w.showTeachingPatterns();
        QVERIFY(settle(w));
        w.selectHead(0, 2);
        w.state()->setPinned({HeadRef{0, 4}});
        QVERIFY(settle(w));
        auto* add = w.lessonPanel()->findChild<QPushButton*>(QStringLiteral("lessonAddStep"));
        QVERIFY(add != nullptr);
        add->click();
        w.lessonPanel()->setEditing(true);
        w.lessonPanel()
            ->findChild<QLineEdit*>(QStringLiteral("lessonStepTitleEdit"))
            ->setText(QStringLiteral("Periodic"));
        w.lessonPanel()
            ->findChild<QPlainTextEdit*>(QStringLiteral("lessonExplanationEdit"))
            ->setPlainText(QStringLiteral("A peak at r = 2/p."));
        w.lessonPanel()
            ->findChild<QLineEdit*>(QStringLiteral("lessonQuestionEdit"))
            ->setText(QStringLiteral("Which p?"));
        w.lessonPanel()->setEditing(false);
        w.openDemo(demoTwin(demoFolder(), QStringLiteral("alibi")));
        QVERIFY(settle(w));
        w.selectHead(3, 1);
        w.setAlpha(0.7);
        QVERIFY(settle(w));
        add->click();
        QCOMPARE(w.lessonPanel()->lesson().steps.size(), std::size_t{2});
        w.lessonPanel()->findChild<QPushButton*>(QStringLiteral("lessonMoveUp"))->click();
        const Lesson made = w.lessonPanel()->lesson();
        QCOMPARE(made.steps[0].source.kind, LessonSource::Kind::Twin);
        QCOMPARE(made.steps[0].source.scheme, QStringLiteral("alibi"));
        QCOMPARE(made.steps[1].title, QStringLiteral("Periodic"));
        QCOMPARE(made.steps[1].question, QStringLiteral("Which p?"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("recorded.json"));
        QVERIFY(w.lessonPanel()->save(path).isEmpty());
        const LessonRead back = readLesson(path);
        QVERIFY2(back.lesson, qPrintable(back.error));
        QVERIFY(back.lesson->steps == made.steps);
        QCOMPARE(back.lesson->title, QStringLiteral("Recorded"));

        // Reopened in another window, each step shows the state it was recorded from.
        MainWindow other;
        other.resize(1280, 800);
        other.show();
        QVERIFY(other.openLesson(path));
        QVERIFY(settle(other));
        QString why = differs(other, *back.lesson, back.lesson->steps[0]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(other.state()->data().layer, 3);
        other.showLessonStep(1);
        QVERIFY(settle(other));
        why = differs(other, *back.lesson, back.lesson->steps[1]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(other.state()->data().head, 2);
    }

    // The handout: a page per step, each with its figure (an image through the figure export),
    // the step's title and question in the text, every font embedded (poppler-utils).
    void handout() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty()) {
            QSKIP("poppler-utils (pdfinfo, pdfimages, pdffonts, pdftotext) is not installed");
        }
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(
            w.openLesson(QDir(lessonsFolder()).filePath(QStringLiteral("en/05-rescaling.json"))));
        QVERIFY(settle(w));
        const Lesson lesson = w.lessonPanel()->lesson();
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("handout.pdf"));
        const QString error = w.exportHandout(pdf);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(w.lessonPanel()->current(), 0);  // back where the teacher was
        auto run = [](const QString& program, const QStringList& args) {
            QProcess p;
            p.start(program, args);
            p.waitForFinished(60000);
            return QString::fromUtf8(p.readAllStandardOutput());
        };
        const QString info = run(QStringLiteral("pdfinfo"), {pdf});
        const int pages =
            QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info).captured(1).toInt();
        QVERIFY2(pages >= 1 && pages <= static_cast<int>(lesson.steps.size()), qPrintable(info));
        QCOMPARE(pages, static_cast<int>(lesson.steps.size()));
        // pdfimages -list: one figure on every page.
        QSet<int> withFigure;
        for (const QString& line : run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf})
                                       .split(QLatin1Char('\n'))
                                       .mid(2)) {
            const QStringList cols = line.simplified().split(QLatin1Char(' '));
            if (cols.size() > 3 && cols[2] == QLatin1String("image")) {
                withFigure.insert(cols[0].toInt());
            }
        }
        QCOMPARE(withFigure.size(), pages);
        // Every font embedded: pdffonts' "emb" column says yes on every row.
        const QStringList fonts = run(QStringLiteral("pdffonts"), {pdf})
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                      .mid(2);
        QVERIFY(!fonts.isEmpty());
        for (const QString& font : fonts) {
            QVERIFY2(QRegularExpression(
                         QStringLiteral("\\s+yes\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+$"))
                         .match(font)
                         .hasMatch(),
                     qPrintable(font));
        }
        for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
            const QString page =
                run(QStringLiteral("pdftotext"),
                    {QStringLiteral("-f"), QString::number(i + 1), QStringLiteral("-l"),
                     QString::number(i + 1), pdf, QStringLiteral("-")})
                    .simplified();
            QVERIFY2(page.contains(lesson.steps[i].title), qPrintable(page));
            if (!lesson.steps[i].question.isEmpty()) {
                QVERIFY2(page.contains(lesson.steps[i].question.left(30)), qPrintable(page));
            }
        }
    }

    // Presenter mode at 1280x720 and 1920x1080: every visible text at 18 pt or more, only the
    // step's views and the lesson, screenshots in /tmp; off again, the layout is as it was.
    void presenterMode() {
        for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
            MainWindow w;
            w.resize(size);
            w.show();
            QVERIFY(
                w.openLesson(QDir(lessonsFolder()).filePath(QStringLiteral("en/02-bands.json"))));
            QVERIFY(settle(w));
            w.showLessonStep(1);
            QVERIFY(settle(w));
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            const QFont normalFont = w.font();
            QStringList visibleBefore;
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                if (!d->isHidden()) {
                    visibleBefore << d->objectName();
                }
            }
            w.findChild<QAction*>(QStringLiteral("presenterAction"))->trigger();
            QVERIFY(w.presenterMode());
            w.resize(size);  // a projector's screen (the normal layout may need more)
            QTest::qWait(200);
            QCOMPARE(w.size(), size);
            QStringList small;
            for (QWidget* widget : w.findChildren<QWidget*>()) {
                if (!widget->isVisible()) {
                    continue;
                }
                const double pt = QFontInfo(widget->font()).pointSizeF();
                if (pt < MainWindow::kPresenterPointSize - 0.01) {
                    small << QStringLiteral("%1 (%2) %3 pt")
                                 .arg(widget->objectName(), widget->metaObject()->className())
                                 .arg(pt);
                }
            }
            for (QCustomPlot* plot : w.findChildren<QCustomPlot*>()) {
                if (!plot->isVisible()) {
                    continue;
                }
                const QString where = plot->parent()->objectName();
                auto check = [&](const QFont& font, const QString& what) {
                    if (QFontInfo(font).pointSizeF() < MainWindow::kPresenterPointSize - 0.01) {
                        small << QStringLiteral("%1 %2 %3 pt")
                                     .arg(where, what)
                                     .arg(QFontInfo(font).pointSizeF());
                    }
                };
                for (QCPAxis* axis : plot->findChildren<QCPAxis*>()) {
                    if (axis->visible() && axis->tickLabels()) {
                        check(axis->tickLabelFont(), QStringLiteral("tick labels"));
                    }
                    if (axis->visible() && !axis->label().isEmpty()) {
                        check(axis->labelFont(), QStringLiteral("axis label"));
                    }
                }
                for (QCPTextElement* text : plot->findChildren<QCPTextElement*>()) {
                    if (text->visible() && !text->text().isEmpty()) {
                        check(text->font(), QStringLiteral("title ") + text->text());
                    }
                }
                for (QCPLegend* legend : plot->findChildren<QCPLegend*>()) {
                    for (int i = 0; legend->visible() && i < legend->itemCount(); ++i) {
                        check(legend->item(i)->font(), QStringLiteral("legend"));
                    }
                }
                for (QCPItemText* text : plot->findChildren<QCPItemText*>()) {
                    if (text->visible()) {
                        check(text->font(), QStringLiteral("label ") + text->text());
                    }
                }
            }
            QVERIFY2(small.isEmpty(), qPrintable(small.join(QStringLiteral("; "))));
            const LessonStep& step = w.lessonPanel()->lesson().steps[1];
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                const QString name = d->objectName().chopped(4);
                const bool wanted = step.views.contains(name) || d == w.lessonDock();
                QVERIFY2(d->isHidden() != wanted, qPrintable(d->objectName()));
            }
            const QString shot =
                QStringLiteral("/tmp/presenter_%1x%2.png").arg(size.width()).arg(size.height());
            QVERIFY(w.grab().save(shot));

            w.setPresenterMode(false);
            QTest::qWait(100);
            QCOMPARE(w.font(), normalFont);
            QStringList visibleAfter;
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                if (!d->isHidden()) {
                    visibleAfter << d->objectName();
                }
            }
            visibleAfter.sort();  // re-adding a dock moves it among the window's children
            visibleBefore.sort();
            QCOMPARE(visibleAfter, visibleBefore);
            QVERIFY(!w.presenterMode());
        }
    }
};

QTEST_MAIN(TestLessons)
#include "test_lessons.moc"
