// SPDX-License-Identifier: GPL-3.0-or-later
// File > Recent models: the last kMax model folders opened, newest first, kept in QSettings
// ("model/recent"). Folders that no longer exist are removed when the list is read for the menu.
//
//   RecentModels recent;
//   recent.add("/models/stories260K");
//   QStringList gone = recent.removeMissing();   // tell the user
#pragma once

#include <QStringList>

namespace headwave {

class RecentModels {
public:
    static constexpr int kMax = 8;

    QStringList list() const;
    // Moves dir to the front (absolute, cleaned path); the oldest beyond kMax is dropped.
    void add(const QString& dir);
    void remove(const QString& dir);
    void clear();
    // Removes the folders that do not exist any more and returns them.
    QStringList removeMissing();

private:
    void store(const QStringList& list);
};

}  // namespace headwave
