// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace headwave {

QString demoFolder() {
    QStringList candidates;
    const QString env = qEnvironmentVariable("HEADWAVE_DEMO");
    if (!env.isEmpty()) {
        candidates << env;
    }
    if (QCoreApplication::instance()) {
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .filePath(QStringLiteral("../share/headwave/demo"));
    }
    candidates << QStringLiteral(HEADWAVE_SOURCE_DEMO_DIR);
    for (const QString& c : candidates) {
        if (QFileInfo(c).isDir()) {
            return QDir::cleanPath(QFileInfo(c).absoluteFilePath());
        }
    }
    return {};
}

const QList<int>& demoSteps() {
    static const QList<int> steps{0, 64, 128, 256, 512};
    return steps;
}

const QStringList& demoSchemes() {
    static const QStringList schemes{QStringLiteral("none"), QStringLiteral("learned"),
                                     QStringLiteral("sinusoidal"), QStringLiteral("alibi"),
                                     QStringLiteral("rope")};
    return schemes;
}

QString demoCheckpoint(const QString& demo, int step) {
    return QDir(demo).filePath(QStringLiteral("rope/step-%1").arg(step, 4, 10, QLatin1Char('0')));
}

QString demoTwin(const QString& demo, const QString& scheme) {
    return QDir(demo).filePath(scheme + QStringLiteral("/step-0512"));
}

QString demoTextPath(const QString& demo) {
    return QDir(demo).filePath(QStringLiteral("text.txt"));
}

QString demoFirstParagraph(const QString& demo) {
    QFile file(demoTextPath(demo));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return {};
    }
    const QString text = QString::fromUtf8(file.readAll());
    const QStringList paragraphs =
        text.split(QRegularExpression(QStringLiteral("\\n\\s*\\n")), Qt::SkipEmptyParts);
    return paragraphs.isEmpty() ? QString() : paragraphs.front().trimmed();
}

}  // namespace headwave
