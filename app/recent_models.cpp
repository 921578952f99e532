// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recent_models.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace headwave {

namespace {

const QString kKey = QStringLiteral("model/recent");

QString normalise(const QString& dir) {
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

}  // namespace

QStringList RecentModels::list() const {
    return QSettings().value(kKey).toStringList();
}

void RecentModels::store(const QStringList& list) {
    QSettings().setValue(kKey, list.mid(0, kMax));
}

void RecentModels::add(const QString& dir) {
    const QString d = normalise(dir);
    QStringList l = list();
    l.removeAll(d);
    l.prepend(d);
    store(l);
}

void RecentModels::remove(const QString& dir) {
    QStringList l = list();
    l.removeAll(normalise(dir));
    store(l);
}

void RecentModels::clear() {
    store({});
}

QStringList RecentModels::removeMissing() {
    QStringList kept;
    QStringList gone;
    for (const QString& d : list()) {
        (QFileInfo(d).isDir() ? kept : gone).push_back(d);
    }
    if (!gone.isEmpty()) {
        store(kept);
    }
    return gone;
}

}  // namespace headwave
