// SPDX-License-Identifier: GPL-3.0-or-later
// A view's empty state: while there is nothing to draw, a sentence saying what to do covers the
// view instead of axes with made-up ranges (0–5, a colour bar 0–6) that look like data.
//
//   EmptyState::set(spectrumView, tr("Type a text and press Analyze…"));  // shown
//   EmptyState::set(spectrumView, {});                                      // hidden
#pragma once

#include <QString>
#include <QWidget>

class EmptyState : public QWidget {
    Q_OBJECT
public:
    // Shows `text` over the whole of `view` (created as its child on first use, kept on top and
    // sized with it); an empty text hides it.
    static void set(QWidget* view, const QString& text);
    // What `view` shows as its empty state; empty when it shows its data.
    static QString text(const QWidget* view);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    explicit EmptyState(QWidget* view);
    QString m_text;
};
