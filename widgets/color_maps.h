// SPDX-License-Identifier: GPL-3.0-or-later
// Colour maps for the views: viridis (the default), magma and cividis for sequential metrics and
// a diverging map for ratios and correlations, as QCustomPlot gradients.
//
//   QCPColorGradient g = colorGradient(ColorMap::Viridis);
//   colorMap->setGradient(g);
#pragma once

#include <QString>
#include <QStringList>

class QCPColorGradient;

namespace headwave {

enum class ColorMap {
    Viridis,    // perceptually uniform, sequential (matplotlib, van der Walt and Smith 2015)
    Magma,      // perceptually uniform, sequential, dark to light
    Cividis,    // sequential, readable with colour-vision deficiency (Nuñez et al. 2018)
    Diverging,  // ColorBrewer RdBu (Brewer 2002), blue low, white middle, red high
};

inline constexpr int kColorMapCount = 4;

// The gradient of a map; NaN cells are drawn in a neutral grey.
QCPColorGradient colorGradient(ColorMap map);

// A translated name for menus ("Viridis").
QString colorMapName(ColorMap map);

}  // namespace headwave
