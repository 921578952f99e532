#include "widgets/plot_style.h"

#include <qcustomplot.h>
#include <QFontMetrics>
#include <QStringList>
#include <algorithm>
#include <array>
#include <cmath>

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

bool fitIntegerTicks(QCPAxis* axis) {
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const double pixels = horizontal ? axis->axisRect()->width() : axis->axisRect()->height();
    const QCPRange range = axis->range();
    if (pixels <= 0 || range.size() <= 0) {
        return false;
    }
    const QFontMetrics fm(axis->tickLabelFont());
    // Across: the widest label and two characters; up: a line and a half.
    const double label =
        horizontal
            ? std::max(fm.horizontalAdvance(QString::number(std::floor(range.lower), 'f', 0)),
                       fm.horizontalAdvance(QString::number(std::floor(range.upper), 'f', 0))) +
                  2 * fm.averageCharWidth()
            : 1.5 * fm.height();
    const double needed = label * range.size() / pixels;
    double step = 1;
    for (double decade = 1; step < needed; decade *= 10) {
        for (double m : {1.0, 2.0, 5.0}) {
            step = m * decade;
            if (step >= needed) {
                break;
            }
        }
    }
    const auto current = axis->ticker().dynamicCast<QCPAxisTickerFixed>();
    if (current && current->tickStep() == step) {
        return false;
    }
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(step);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    axis->setTicker(ticker);
    axis->axisRect()->update(QCPLayoutElement::upPreparation);  // the tick vectors, now
    return true;
}

void keepIntegerTicksFitted(QCustomPlot* plot, const QList<QCPAxis*>& axes) {
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [axes] {
        for (QCPAxis* axis : axes) {
            fitIntegerTicks(axis);
        }
    });
}

void keepVerticalTickCountFitted(QCustomPlot* plot, const QList<QCPAxis*>& axes) {
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [axes] {
        for (QCPAxis* axis : axes) {
            const int line = QFontMetrics(axis->tickLabelFont()).height();
            const int count = std::clamp(axis->axisRect()->height() / (2 * line), 2, 6);
            if (axis->ticker()->tickCount() != count) {
                axis->ticker()->setTickCount(count);
                axis->axisRect()->update(QCPLayoutElement::upPreparation);
            }
        }
    });
}

QString wrapText(const QString& text, const QFont& font, int width) {
    const QFontMetrics fm(font);
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        // "J = 4" or "1 \u2212 cos" stays on one line: an operator binds its neighbours.
        QStringList words;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const auto isOperator = [](const QString& w) {
                return w == QLatin1String("=") || w == QStringLiteral("\u2212") ||
                       w == QStringLiteral("\u00B1");
            };
            if (!words.isEmpty() &&
                (isOperator(word) || isOperator(words.last().section(QLatin1Char(' '), -1)))) {
                words.last() += QLatin1Char(' ') + word;
            } else {
                words.push_back(word);
            }
        }
        QString line;
        for (const QString& word : words) {
            const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (!line.isEmpty() && fm.horizontalAdvance(longer) > width) {
                lines.push_back(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.push_back(line);
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace headwave
