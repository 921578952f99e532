// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/color_maps.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QMap>
#include <array>

namespace headwave {

namespace {

// Nine evenly spaced samples (positions 0, 1/8, ..., 1) of matplotlib's 256-entry tables; linear
// interpolation between them stays within a few 1/255 steps of the full tables.
constexpr std::array<const char*, 9> kViridis = {"#440154", "#472c7a", "#3b528b",
                                                 "#2c728e", "#21918c", "#28ae80",
                                                 "#5ec962", "#addc30", "#fde725"};
constexpr std::array<const char*, 9> kMagma = {"#000004", "#1c1044", "#4f127b",
                                               "#812581", "#b5367a", "#e55064",
                                               "#fb8761", "#fec287", "#fcfdbf"};
constexpr std::array<const char*, 9> kCividis = {"#00224e", "#123570", "#3b496c",
                                                 "#575d6d", "#707173", "#8a8678",
                                                 "#a59c74", "#c3b369", "#fee838"};
// ColorBrewer RdBu, 11 classes, reversed so that low values are blue.
constexpr std::array<const char*, 11> kRdBu = {"#053061", "#2166ac", "#4393c3", "#92c5de",
                                               "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582",
                                               "#d6604d", "#b2182b", "#67001f"};

template <std::size_t N>
QCPColorGradient fromStops(const std::array<const char*, N>& stops) {
    QMap<double, QColor> map;
    for (std::size_t i = 0; i < N; ++i) {
        map.insert(static_cast<double>(i) / static_cast<double>(N - 1), QColor(stops[i]));
    }
    QCPColorGradient g;
    g.setColorStops(map);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setLevelCount(256);
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(200, 200, 200));
    return g;
}

}  // namespace

QCPColorGradient colorGradient(ColorMap map) {
    switch (map) {
        case ColorMap::Viridis:
            return fromStops(kViridis);
        case ColorMap::Magma:
            return fromStops(kMagma);
        case ColorMap::Cividis:
            return fromStops(kCividis);
        case ColorMap::Diverging:
            return fromStops(kRdBu);
    }
    return fromStops(kViridis);
}

QString colorMapName(ColorMap map) {
    switch (map) {
        case ColorMap::Viridis:
            return QCoreApplication::translate("headwave", "Viridis");
        case ColorMap::Magma:
            return QCoreApplication::translate("headwave", "Magma");
        case ColorMap::Cividis:
            return QCoreApplication::translate("headwave", "Cividis");
        case ColorMap::Diverging:
            return QCoreApplication::translate("headwave", "Diverging (RdBu)");
    }
    return {};
}

}  // namespace headwave
