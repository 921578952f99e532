// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/lesson_panel.h"

#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace headwave {

LessonPanel::LessonPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("lessonPosition"));
    m_position->setWordWrap(true);
    m_explanation = new QTextBrowser(this);
    m_explanation->setObjectName(QStringLiteral("lessonExplanation"));
    m_explanation->setOpenExternalLinks(true);
    m_question = new QLabel(this);
    m_question->setObjectName(QStringLiteral("lessonQuestion"));
    m_question->setWordWrap(true);
    m_question->setTextFormat(Qt::PlainText);

    auto* nav = new QHBoxLayout;
    m_back = new QPushButton(tr("◀ Back"), this);
    m_back->setObjectName(QStringLiteral("lessonBack"));
    m_back->setToolTip(tr("The previous step (Page Up)"));
    m_next = new QPushButton(tr("Next ▶"), this);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_next->setToolTip(tr("The next step (Page Down, Space)"));
    nav->addWidget(m_back);
    nav->addWidget(m_next);
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_current > 0) {
            commitEdits();
            Q_EMIT stepRequested(m_current - 1);
        }
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_current + 1 < static_cast<int>(m_lesson.steps.size())) {
            commitEdits();
            Q_EMIT stepRequested(m_current + 1);
        }
    });

    // The teacher's tools: record the app's state as a step, edit, reorder, save.
    m_recording = new QWidget(this);
    m_recording->setObjectName(QStringLiteral("lessonRecording"));
    auto* rec = new QVBoxLayout(m_recording);
    rec->setContentsMargins(0, 0, 0, 0);
    auto* recButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add this state as a step"), m_recording);
    add->setObjectName(QStringLiteral("lessonAddStep"));
    add->setToolTip(
        tr("The source, text, heads, alpha, settings and views shown now become a "
           "new step after this one"));
    connect(add, &QPushButton::clicked, this, &LessonPanel::addStateRequested);
    m_edit = new QPushButton(tr("Edit text"), m_recording);
    m_edit->setObjectName(QStringLiteral("lessonEdit"));
    m_edit->setCheckable(true);
    connect(m_edit, &QPushButton::toggled, this, &LessonPanel::setEditing);
    auto* up = new QPushButton(tr("Earlier"), m_recording);
    up->setObjectName(QStringLiteral("lessonMoveUp"));
    connect(up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    auto* down = new QPushButton(tr("Later"), m_recording);
    down->setObjectName(QStringLiteral("lessonMoveDown"));
    connect(down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    auto* remove = new QPushButton(tr("Remove"), m_recording);
    remove->setObjectName(QStringLiteral("lessonRemove"));
    connect(remove, &QPushButton::clicked, this, &LessonPanel::removeCurrent);
    auto* save = new QPushButton(tr("Save lesson…"), m_recording);
    save->setObjectName(QStringLiteral("lessonSave"));
    connect(save, &QPushButton::clicked, this, &LessonPanel::saveRequested);
    for (QPushButton* b : {add, m_edit, up, down, remove, save}) {
        recButtons->addWidget(b);
    }
    rec->addLayout(recButtons);
    m_editor = new QWidget(m_recording);
    auto* editor = new QVBoxLayout(m_editor);
    editor->setContentsMargins(0, 0, 0, 0);
    m_stepTitle = new QLineEdit(m_editor);
    m_stepTitle->setObjectName(QStringLiteral("lessonStepTitleEdit"));
    m_stepTitle->setPlaceholderText(tr("Step title"));
    m_explanationEdit = new QPlainTextEdit(m_editor);
    m_explanationEdit->setObjectName(QStringLiteral("lessonExplanationEdit"));
    m_explanationEdit->setPlaceholderText(tr("Explanation (Markdown)"));
    m_questionEdit = new QLineEdit(m_editor);
    m_questionEdit->setObjectName(QStringLiteral("lessonQuestionEdit"));
    m_questionEdit->setPlaceholderText(tr("Question for the class (optional)"));
    editor->addWidget(m_stepTitle);
    editor->addWidget(m_explanationEdit);
    editor->addWidget(m_questionEdit);
    rec->addWidget(m_editor);
    m_editor->hide();

    layout->addWidget(m_title);
    layout->addWidget(m_position);
    layout->addWidget(m_explanation, 1);
    layout->addWidget(m_question);
    layout->addLayout(nav);
    layout->addWidget(m_recording);
    refresh();
}

void LessonPanel::setLesson(const Lesson& lesson, const QString& path) {
    m_lesson = lesson;
    m_path = path;
    m_current = m_lesson.steps.empty() ? -1 : 0;
    refresh();
}

void LessonPanel::setCurrent(int index) {
    if (index < 0 || index >= static_cast<int>(m_lesson.steps.size())) {
        return;
    }
    m_current = index;
    refresh();
}

void LessonPanel::addStep(const LessonStep& step) {
    commitEdits();
    const int at = m_current + 1;
    m_lesson.steps.insert(m_lesson.steps.begin() + at, step);
    m_current = at;
    refresh();
}

void LessonPanel::removeCurrent() {
    if (m_current < 0) {
        return;
    }
    m_lesson.steps.erase(m_lesson.steps.begin() + m_current);
    m_current = std::min(m_current, static_cast<int>(m_lesson.steps.size()) - 1);
    refresh();
}

void LessonPanel::moveCurrent(int delta) {
    commitEdits();
    const int to = m_current + delta;
    if (m_current < 0 || to < 0 || to >= static_cast<int>(m_lesson.steps.size())) {
        return;
    }
    std::swap(m_lesson.steps[static_cast<std::size_t>(m_current)],
              m_lesson.steps[static_cast<std::size_t>(to)]);
    m_current = to;
    refresh();
}

void LessonPanel::commitEdits() {
    if (!m_editing || m_current < 0) {
        return;
    }
    LessonStep& s = m_lesson.steps[static_cast<std::size_t>(m_current)];
    s.title = m_stepTitle->text();
    s.explanation = m_explanationEdit->toPlainText();
    s.question = m_questionEdit->text();
}

QString LessonPanel::save(const QString& path) {
    commitEdits();
    if (m_lesson.title.isEmpty()) {
        m_lesson.title = tr("Untitled lesson");
    }
    const QString error = writeLesson(m_lesson, path);
    if (error.isEmpty()) {
        m_path = path;
    }
    refresh();
    return error;
}

void LessonPanel::setPresenter(bool on) {
    m_recording->setVisible(!on);
}

void LessonPanel::setEditing(bool on) {
    if (!on) {
        commitEdits();
    }
    m_editing = on;
    m_editor->setVisible(on);
    refresh();
}

void LessonPanel::refresh() {
    const int n = static_cast<int>(m_lesson.steps.size());
    m_title->setText(m_lesson.steps.empty() && m_lesson.title.isEmpty()
                         ? tr("No lesson open. Open one from File > Open lesson…, or record one: "
                              "set up the views and press \"Add this state as a step\".")
                         : m_lesson.title);
    m_back->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < n);
    Q_EMIT lessonChanged();
    if (m_current < 0) {
        m_position->clear();
        m_explanation->clear();
        m_question->clear();
        m_question->hide();
        return;
    }
    const LessonStep& s = m_lesson.steps[static_cast<std::size_t>(m_current)];
    m_position->setText(s.title.isEmpty()
                            ? tr("Step %1 of %2").arg(m_current + 1).arg(n)
                            : tr("Step %1 of %2: %3").arg(m_current + 1).arg(n).arg(s.title));
    m_explanation->setMarkdown(s.explanation);
    m_question->setText(tr("Question: %1").arg(s.question));
    m_question->setVisible(!s.question.isEmpty());
    if (m_editing) {
        m_stepTitle->setText(s.title);
        m_explanationEdit->setPlainText(s.explanation);
        m_questionEdit->setText(s.question);
    }
}

}  // namespace headwave
