// SPDX-License-Identifier: GPL-3.0-or-later
// The Log dock: warnings and non-blocking errors with the time they happened, newest last; the
// technical detail of an entry is its tooltip. Keeps the last kMaxEntries entries.
//
//   LogPanel log;
//   log.add(LogPanel::Warning, tr("Two rows were renormalised."));
#pragma once

#include <QWidget>

class QTreeWidget;

namespace headwave {

class LogPanel : public QWidget {
    Q_OBJECT
public:
    enum Level { Info, Warning, Error };
    static constexpr int kMaxEntries = 1000;

    explicit LogPanel(QWidget* parent = nullptr);

    void add(Level level, const QString& message, const QString& detail = {});
    void clear();
    int count() const;
    // The message of entry i (0 = oldest).
    QString message(int i) const;

    QTreeWidget* tree() const { return m_tree; }

Q_SIGNALS:
    void entryAdded(int level, const QString& message);

private:
    QTreeWidget* m_tree = nullptr;
};

}  // namespace headwave
