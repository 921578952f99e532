// SPDX-License-Identifier: GPL-3.0-or-later
// Plot styling shared by the views: QCustomPlot coloured from the widget's QPalette (the app's
// light or dark theme), a colour-blind-safe qualitative series palette and the band colours.
//
//   applyPlotPalette(m_plot, palette());   // in the constructor and on QEvent::PaletteChange
#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

class QCPAxis;
class QCustomPlot;
class QFont;

namespace headwave {

// Background, axes, tick labels, grid, legend, titles and colour scales of every axis rect and
// layout element of the plot, from the palette (Base behind the data, WindowText for ink).
void applyPlotPalette(QCustomPlot* plot, const QPalette& palette);

// The i-th colour of the Okabe-Ito palette (Okabe and Ito 2008; distinguishable with colour-vision
// deficiency), cycling; black is left out so it reads on light and dark backgrounds.
QColor seriesColor(int i);

// The colours of the low, mid and high bands (band = 0, 1, 2), the same in every view.
QColor bandColor(int band);

// Integer ticks on an axis, spaced so that their labels cannot overlap: the step is the smallest
// 1, 2 or 5 times a power of ten (at least 1) that puts neighbouring ticks the widest label plus
// two characters (a vertical axis: one and a half lines) apart at the axis rect's laid-out size.
// Returns whether the step changed (the rect's tick vectors are then recomputed).
bool fitIntegerTicks(QCPAxis* axis);

// Calls fitIntegerTicks on the axes after every layout of the plot, so their ticks follow the
// plot's size (a dock resized, a longer sequence).
void keepIntegerTicksFitted(QCustomPlot* plot, const QList<QCPAxis*>& axes);

// After every layout of the plot, sets the tick count of the vertical axes (any ticker) to what
// their height holds at two lines per tick, at least 2: a small plot keeps readable labels.
void keepVerticalTickCountFitted(QCustomPlot* plot, const QList<QCPAxis*>& axes);

// After every layout of the plot, keeps the text of each axis readable at the plot's size: the
// tick labels of a numeric axis never overlap (fewer ticks until they fit), those of a text axis
// (QCPAxisTickerText) lie flat when they fit side by side and stand upright when they do not,
// and the axis label is elided to the axis rect's length (the full label is kept).
void keepAxisTextReadable(QCustomPlot* plot, const QList<QCPAxis*>& axes);

// The first two neighbouring tick labels of the axis that overlap as laid out, as "a / b"; empty
// when none do. Each label is the rectangle of its text in the tick label font, rotated by the
// axis's tick label rotation about its tick, with a 2-pixel gap required between neighbours.
QString overlappingTickLabels(const QCPAxis* axis);

// Fits the text of every axis of the plot (colour scales included) and of its text elements to
// their laid-out size, for figures at any width: numeric tick labels thinned until neighbours do
// not overlap (fewer ticks, or a larger step on a fixed-step axis), text tick labels flat when they
// fit, else upright, else every second (third, ...) one; axis labels and text elements wrapped to
// their length (the full text kept in the "headwaveFullLabel" / "headwaveFullText" property).
// Figure export calls it at the figure's size, after the publication fonts are set; lay the plot
// out again afterwards. Returns whether anything changed.
bool fitPlotText(QCustomPlot* plot);

// The text broken at spaces into lines at most width pixels wide in font; its own line breaks are
// kept, a single word wider than width stays whole. For titles, which QCustomPlot neither wraps
// nor elides.
QString wrapText(const QString& text, const QFont& font, int width);

}  // namespace headwave
