// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace headwave {

QStringList availableLanguages() {
    return {QStringLiteral("en"), QStringLiteral("it")};
}

QString languageName(const QString& code) {
    if (code == QLatin1String("it")) {
        return QStringLiteral("Italiano");
    }
    return QStringLiteral("English");
}

QString installTranslations(QCoreApplication& app, const QString& language) {
    QString code = language;
    if (code.isEmpty() || code == QLatin1String("system")) {
        code = QLocale::languageToCode(QLocale().language(), QLocale::ISO639Part1);
    }
    if (!availableLanguages().contains(code)) {
        code = QStringLiteral("en");
    }
    // Owned by the application: translators must live as long as it does.
    auto* own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/headwave_%1.qm").arg(code))) {
        QCoreApplication::installTranslator(own);
    } else {
        delete own;
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    return code;
}

}  // namespace headwave
