// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/empty_state.h"

#include <QEvent>
#include <QPainter>

namespace {

EmptyState* overlayOf(const QWidget* view) {
    return view->findChild<EmptyState*>(QStringLiteral("emptyState"), Qt::FindDirectChildrenOnly);
}

}  // namespace

EmptyState::EmptyState(QWidget* view) : QWidget(view) {
    setObjectName(QStringLiteral("emptyState"));
    setAutoFillBackground(false);
    view->installEventFilter(this);
    setGeometry(view->rect());
}

void EmptyState::set(QWidget* view, const QString& text) {
    EmptyState* overlay = overlayOf(view);
    if (text.isEmpty()) {
        if (overlay) {
            overlay->m_text.clear();
            overlay->hide();
        }
        return;
    }
    if (!overlay) {
        overlay = new EmptyState(view);
    }
    overlay->m_text = text;
    overlay->setToolTip(text);
    overlay->setGeometry(view->rect());
    overlay->raise();
    overlay->show();
    overlay->update();
}

QString EmptyState::text(const QWidget* view) {
    const EmptyState* overlay = overlayOf(view);
    return overlay && !overlay->isHidden() ? overlay->m_text : QString();
}

bool EmptyState::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize) {
        setGeometry(parentWidget()->rect());
    } else if (watched == parentWidget() && event->type() == QEvent::ChildAdded && isVisible()) {
        raise();  // a child the view adds later stays below the message
    }
    return QWidget::eventFilter(watched, event);
}

void EmptyState::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    QFont font = p.font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    p.setFont(font);
    p.setPen(palette().color(QPalette::PlaceholderText));
    const int margin = qMax(12, width() / 10);
    p.drawText(rect().adjusted(margin, margin, -margin, -margin),
               Qt::AlignCenter | Qt::TextWordWrap, m_text);
}
