// SPDX-License-Identifier: GPL-3.0-or-later
// The Lesson dock: the lesson's current step (its title, its explanation rendered from Markdown,
// its question), Back and Next, and the teacher's recording tools (add the app's state as a step,
// edit the step's text, move it, remove it, save the lesson). It shows and edits the lesson; the
// main window applies a step to the app (MainWindow::showLessonStep) when stepRequested() asks.
//
//   LessonPanel panel;
//   panel.setLesson(lesson, path);
//   connect(&panel, &LessonPanel::stepRequested, window, &MainWindow::showLessonStep);
#pragma once

#include <QWidget>

#include "app/lesson.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace headwave {

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void setLesson(const Lesson& lesson, const QString& path);
    const Lesson& lesson() const { return m_lesson; }
    QString path() const { return m_path; }
    bool hasLesson() const { return !m_lesson.steps.empty(); }
    int current() const { return m_current; }
    // Shows step i's text (no signal); the window applies its state.
    void setCurrent(int index);

    // Recording: the step is inserted after the current one and becomes current.
    void addStep(const LessonStep& step);
    void removeCurrent();
    void moveCurrent(int delta);  // -1: earlier, +1: later
    // The title, explanation and question typed in the editor, into the current step.
    void commitEdits();
    // Writes the lesson (with the editor's text) to path; the error sentence, empty on success.
    QString save(const QString& path);

    // Presenter mode: the explanation in a projector-sized font.
    void setPresenter(bool on);

    // The editor (Edit text): shown and filled from the current step while on.
    void setEditing(bool on);

    QTextBrowser* explanation() const { return m_explanation; }
    QLabel* question() const { return m_question; }

Q_SIGNALS:
    void stepRequested(int index);
    void addStateRequested();
    void saveRequested();
    // The lesson or its current step changed (opened, recorded, edited, moved).
    void lessonChanged();

private:
    void refresh();

    Lesson m_lesson;
    QString m_path;
    int m_current = -1;
    bool m_editing = false;
    QLabel* m_title = nullptr;
    QLabel* m_position = nullptr;
    QTextBrowser* m_explanation = nullptr;
    QLabel* m_question = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QWidget* m_recording = nullptr;
    QPushButton* m_edit = nullptr;
    QWidget* m_editor = nullptr;
    QLineEdit* m_stepTitle = nullptr;
    QPlainTextEdit* m_explanationEdit = nullptr;
    QLineEdit* m_questionEdit = nullptr;
};

}  // namespace headwave
