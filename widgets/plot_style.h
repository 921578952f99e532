// Plot styling shared by the views: QCustomPlot coloured from the widget's QPalette (the app's
// light or dark theme), a colour-blind-safe qualitative series palette and the band colours.
//
//   applyPlotPalette(m_plot, palette());   // in the constructor and on QEvent::PaletteChange
#pragma once

#include <QColor>
#include <QPalette>

class QCustomPlot;

namespace headwave {

// Background, axes, tick labels, grid, legend, titles and colour scales of every axis rect and
// layout element of the plot, from the palette (Base behind the data, WindowText for ink).
void applyPlotPalette(QCustomPlot* plot, const QPalette& palette);

// The i-th colour of the Okabe-Ito palette (Okabe and Ito 2008; distinguishable with colour-vision
// deficiency), cycling; black is left out so it reads on light and dark backgrounds.
QColor seriesColor(int i);

// The colours of the low, mid and high bands (band = 0, 1, 2), the same in every view.
QColor bandColor(int band);

}  // namespace headwave
