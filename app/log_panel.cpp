// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/log_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStyle>
#include <QTime>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace headwave {

LogPanel::LogPanel(QWidget* parent) : QWidget(parent) {
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("logTree"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels({tr("Time"), tr("Kind"), tr("Message")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    auto* clearButton = new QPushButton(tr("Clear"), this);
    connect(clearButton, &QPushButton::clicked, this, &LogPanel::clear);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);
}

void LogPanel::add(Level level, const QString& message, const QString& detail) {
    QString kind;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (level) {
        case Info:
            kind = tr("Info");
            break;
        case Warning:
            kind = tr("Warning");
            icon = QStyle::SP_MessageBoxWarning;
            break;
        case Error:
            kind = tr("Error");
            icon = QStyle::SP_MessageBoxCritical;
            break;
    }
    auto* item = new QTreeWidgetItem(
        {QLocale().toString(QTime::currentTime(), QLocale::LongFormat), kind, message});
    item->setIcon(1, style()->standardIcon(icon));
    const QString tip = detail.isEmpty() ? message : message + QStringLiteral("\n\n") + detail;
    item->setToolTip(2, tip);
    m_tree->addTopLevelItem(item);
    while (m_tree->topLevelItemCount() > kMaxEntries) {
        delete m_tree->takeTopLevelItem(0);
    }
    m_tree->scrollToItem(item);
    Q_EMIT entryAdded(level, message);
}

void LogPanel::clear() {
    m_tree->clear();
}

int LogPanel::count() const {
    return m_tree->topLevelItemCount();
}

QString LogPanel::message(int i) const {
    const QTreeWidgetItem* item = m_tree->topLevelItem(i);
    return item ? item->text(2) : QString();
}

}  // namespace headwave
