#include "widgets/plot_style.h"

#include <qcustomplot.h>
#include <array>

namespace headwave {

namespace {

void styleAxis(QCPAxis* axis, const QColor& ink, const QColor& grid) {
    const QPen pen(ink, 0);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
    axis->setSubTickPen(pen);
    axis->setTickLabelColor(ink);
    axis->setLabelColor(ink);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    axis->grid()->setSubGridPen(Qt::NoPen);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

}  // namespace

void applyPlotPalette(QCustomPlot* plot, const QPalette& palette) {
    const QColor ink = palette.color(QPalette::WindowText);
    const QColor base = palette.color(QPalette::Base);
    QColor grid = ink;
    grid.setAlphaF(0.25f);
    plot->setBackground(base);
    for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(element)) {
            rect->setBackground(Qt::NoBrush);
            for (QCPAxis* axis : rect->axes()) {
                styleAxis(axis, ink, grid);
            }
            // Insets (legends placed inside the rect) are not among the layout's elements.
            for (QCPLayoutElement* inset : rect->insetLayout()->elements(false)) {
                if (auto* legend = qobject_cast<QCPLegend*>(inset)) {
                    legend->setBrush(base);
                    legend->setBorderPen(QPen(grid, 0));
                    legend->setTextColor(ink);
                }
            }
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            styleAxis(scale->axis(), ink, grid);
        } else if (auto* legend = qobject_cast<QCPLegend*>(element)) {
            // A legend in the layout (outside the axes) has no frame: it needs none.
            legend->setBrush(Qt::NoBrush);
            legend->setBorderPen(Qt::NoPen);
            legend->setTextColor(ink);
        } else if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            text->setTextColor(ink);
        }
    }
    // Legend items were created with the old text colour.
    for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
        if (auto* legend = qobject_cast<QCPLegend*>(element)) {
            for (int i = 0; i < legend->itemCount(); ++i) {
                legend->item(i)->setTextColor(ink);
            }
        }
    }
    if (plot->legend) {
        for (int i = 0; i < plot->legend->itemCount(); ++i) {
            plot->legend->item(i)->setTextColor(ink);
        }
    }
}

QColor seriesColor(int i) {
    // Okabe-Ito without black, strongest contrasts first.
    static constexpr std::array<QRgb, 7> kColors = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                                    0xE69F00, 0x56B4E9, 0xF0E442};
    const auto n = static_cast<int>(kColors.size());
    return QColor(kColors[static_cast<std::size_t>(((i % n) + n) % n)]);
}

QColor bandColor(int band) {
    // Low = blue, mid = bluish green, high = vermillion (Okabe-Ito): a cool-to-warm order.
    switch (band) {
        case 0:
            return QColor(0x0072B2);
        case 1:
            return QColor(0x009E73);
        default:
            return QColor(0xD55E00);
    }
}

}  // namespace headwave
