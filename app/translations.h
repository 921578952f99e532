// SPDX-License-Identifier: GPL-3.0-or-later
// The app's translations: headwave_<lang>.qm embedded as resources (translations/, built by Qt's
// LinguistTools) plus Qt's own qtbase_<lang>.qm when installed.
//
//   installTranslations(app, "it");   // "" = the system locale's language
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace headwave {

// The languages the app is translated into ("en", "it").
QStringList availableLanguages();
// A language's own name ("English", "Italiano").
QString languageName(const QString& code);

// Installs the translators for `language` ("" or "system": the system locale) and returns the
// language actually used ("en" when there is no translation for it). Call before creating widgets.
QString installTranslations(QCoreApplication& app, const QString& language);

}  // namespace headwave
