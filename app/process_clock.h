// SPDX-License-Identifier: GPL-3.0-or-later
// Milliseconds since this process started, for the start-up probes (`headwave
// --benchmark-startup` and its peer bench/bare_window.cpp): includes what happens before main(),
// the dynamic loader mapping the libraries and their static initialisers. From /proc, 10 ms
// resolution (clock ticks); -1 when unavailable. Qt Core only.
#pragma once

#include <unistd.h>
#include <QByteArray>
#include <QFile>
#include <QList>

namespace headwave {

inline double msSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray s = stat.readAll();
    // Field 22 (starttime) counts after the ')' that ends the command name.
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20) {
        return -1;
    }
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double start = fields[19].toDouble() / ticks;
    const double now = uptime.readAll().split(' ').front().toDouble();
    return (now - start) * 1000.0;
}

}  // namespace headwave
