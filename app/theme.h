// SPDX-License-Identifier: GPL-3.0-or-later
// View > Theme: the system palette, or Fusion with a light or a dark palette. The dark palette
// keeps text contrast at or above WCAG AA (4.5:1) on its backgrounds; views re-colour their plots
// on the palette change event.
//
//   applyTheme(Theme::Dark);
#pragma once

#include <QPalette>
#include <QString>

class QCustomPlot;

namespace headwave {

enum class Theme { System, Light, Dark };

// Applies the theme to the whole application. The first call remembers the system palette and
// style, so System restores them.
void applyTheme(Theme theme);
QPalette darkPalette();
QPalette lightPalette();

// Colours a plot that does not follow the palette by itself (background, axes, ticks, grid,
// colour scales) after the palette; only elements that exist are touched.
void applyPlotTheme(QCustomPlot* plot, const QPalette& palette);

QString themeKey(Theme theme);  // "system", "light", "dark" (QSettings)
Theme themeFromKey(const QString& key);

}  // namespace headwave
