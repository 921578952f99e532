// SPDX-License-Identifier: GPL-3.0-or-later
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
                if (QCPAbstractLegendItem* item = legend->item(i)) {  // a wrapped grid has gaps
                    item->setTextColor(ink);
                }
            }
        }
    }
    if (plot->legend) {
        for (int i = 0; i < plot->legend->itemCount(); ++i) {
            if (QCPAbstractLegendItem* item = plot->legend->item(i)) {
                item->setTextColor(ink);
            }
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

namespace {

// How far apart (pixels) neighbouring labels a and b are too close, for overlappingTickLabels.
bool tooClose(const QSizeF& a, const QSizeF& b, double distance, double angleToAxis) {
    constexpr double kGap = 2.0;
    const double along = distance * std::abs(std::cos(angleToAxis));
    const double across = distance * std::abs(std::sin(angleToAxis));
    return along < (a.width() + b.width()) / 2 + kGap &&
           across < (a.height() + b.height()) / 2 + kGap;
}

QSizeF labelSize(const QFontMetrics& fm, const QString& text) {
    return fm.boundingRect(QRect(), 0, text).size();
}

bool isTextAxis(const QCPAxis* axis) {
    return !axis->ticker().dynamicCast<QCPAxisTickerText>().isNull();
}

// The full text behind a shown one: a text other than the one last set here was set by the view
// since, and is the new full text.
QString fullText(QObject* owner, const char* fullKey, const char* shownKey, const QString& shown) {
    if (shown != owner->property(shownKey).toString()) {
        owner->setProperty(fullKey, shown);
    }
    return owner->property(fullKey).toString();
}

// The text wrapped to width in at most two lines, the second elided (and a single word longer
// than the line): a label that takes more room would squeeze the axes that it labels.
QString wrapAndElide(const QString& text, const QFont& font, int width) {
    const QFontMetrics fm(font);
    if (fm.horizontalAdvance(text) <= width) {
        return text;
    }
    QStringList lines = wrapText(text, font, width).split(QLatin1Char('\n'));
    if (lines.size() > 2) {
        lines = QStringList{lines[0], QStringList(lines.mid(1)).join(QLatin1Char(' '))};
    }
    for (QString& line : lines) {
        line = fm.elidedText(line, Qt::ElideRight, width);
    }
    return lines.join(QLatin1Char('\n'));
}

// The axis label fitted to the axis rect's length (the full label kept as a property): wrapped
// onto a second line (figures), or elided on one (a view on screen, whose panels must not lose
// height to a second line); whether it changed.
bool fitAxisLabel(QCPAxis* axis, bool wrap) {
    const QString full = fullText(axis, "headwaveFullLabel", "headwaveShownLabel", axis->label());
    const int length = axis->orientation() == Qt::Horizontal ? axis->axisRect()->width()
                                                             : axis->axisRect()->height();
    if (length <= 0) {
        return false;
    }
    const QString shown =
        wrap ? wrapAndElide(full, axis->labelFont(), length)
             : QFontMetrics(axis->labelFont()).elidedText(full, Qt::ElideRight, length);
    axis->setProperty("headwaveShownLabel", shown);
    if (shown != axis->label()) {
        axis->setLabel(shown);
        return true;
    }
    return false;
}

// Fewer ticks (or upright text labels) until the labels fit; whether anything changed.
bool fitTickLabels(QCPAxis* axis) {
    if (!axis->tickLabels() || axis->axisRect()->width() <= 0) {
        return false;
    }
    bool changed = false;
    if (isTextAxis(axis) && axis->orientation() == Qt::Horizontal) {
        // Flat when the labels fit side by side, else upright.
        const double flat = axis->tickLabelRotation();
        axis->setTickLabelRotation(0);
        axis->axisRect()->update(QCPLayoutElement::upPreparation);
        const double wanted = overlappingTickLabels(axis).isEmpty() ? 0 : 90;
        axis->setTickLabelRotation(wanted);
        changed = wanted != flat;
    } else if (!isTextAxis(axis)) {
        const int before = axis->ticker()->tickCount();
        for (int count = 6; count >= 2; --count) {
            axis->ticker()->setTickCount(count);
            axis->axisRect()->update(QCPLayoutElement::upPreparation);
            if (overlappingTickLabels(axis).isEmpty()) {
                break;
            }
        }
        changed = axis->ticker()->tickCount() != before;
    }
    return fitAxisLabel(axis, false) || changed;
}

}  // namespace

QString overlappingTickLabels(const QCPAxis* axis) {
    if (!axis->tickLabels() || !axis->visible()) {
        return {};
    }
    const QVector<double>& ticks = axis->tickVector();
    const QVector<QString>& labels = axis->tickVectorLabels();
    const QFontMetrics fm(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    // The angle between the text's direction and the axis.
    constexpr double kDegree = 3.14159265358979323846 / 180.0;
    const double angle = (axis->tickLabelRotation() - (horizontal ? 0.0 : 90.0)) * kDegree;
    const QCPRange range = axis->range();
    int previous = -1;
    for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
        if (!range.contains(ticks[i]) || labels[i].isEmpty()) {
            continue;
        }
        if (previous >= 0) {
            const double distance =
                std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[previous]));
            if (tooClose(labelSize(fm, labels[previous]), labelSize(fm, labels[i]), distance,
                         angle)) {
                return labels[previous] + QStringLiteral(" / ") + labels[i];
            }
        }
        previous = i;
    }
    return {};
}

namespace {

// A fixed-step axis (integer ticks): the smallest 1, 2 or 5 times a power of ten of the step the
// view gave it whose labels do not overlap. A step other than the one last set here was set by
// the view since, and is the new base.
bool thinFixedTicks(QCPAxis* axis, const QSharedPointer<QCPAxisTickerFixed>& ticker) {
    const double before = ticker->tickStep();
    if (!axis->property("headwaveShownStep").isValid() ||
        axis->property("headwaveShownStep").toDouble() != before) {
        axis->setProperty("headwaveBaseStep", before);
    }
    const double base = axis->property("headwaveBaseStep").toDouble();
    bool fits = false;
    for (double decade = 1; decade <= 1e6 && !fits; decade *= 10) {
        for (double m : {1.0, 2.0, 5.0}) {
            ticker->setTickStep(base * m * decade);
            axis->axisRect()->update(QCPLayoutElement::upPreparation);
            if (overlappingTickLabels(axis).isEmpty()) {
                fits = true;
                break;
            }
        }
    }
    axis->setProperty("headwaveShownStep", ticker->tickStep());
    return ticker->tickStep() != before;
}

QString joinedTicks(const QMap<double, QString>& ticks) {
    QStringList parts;
    for (auto it = ticks.cbegin(); it != ticks.cend(); ++it) {
        parts << QString::number(it.key()) + QLatin1Char('=') + it.value();
    }
    return parts.join(QChar(0x1F));
}

// A text axis: every k-th of the labels the view gave it for the smallest k whose labels do not
// overlap. Ticks other than those last set here were set by the view since, and are the new
// full list.
bool thinTextTicks(QCPAxis* axis, const QSharedPointer<QCPAxisTickerText>& ticker) {
    const QString current = joinedTicks(ticker->ticks());
    if (current != axis->property("headwaveShownTicks").toString()) {
        QVariantList keys;
        QStringList labels;
        for (auto it = ticker->ticks().cbegin(); it != ticker->ticks().cend(); ++it) {
            keys << it.key();
            labels << it.value();
        }
        axis->setProperty("headwaveTextTicks", keys);
        axis->setProperty("headwaveTextLabels", labels);
    }
    const QVariantList keys = axis->property("headwaveTextTicks").toList();
    const QStringList labels = axis->property("headwaveTextLabels").toStringList();
    for (qsizetype k = 1; k <= std::max<qsizetype>(1, keys.size()); ++k) {
        ticker->clear();
        for (qsizetype i = 0; i < keys.size() && i < labels.size(); i += k) {
            ticker->addTick(keys[i].toDouble(), labels[i]);
        }
        axis->axisRect()->update(QCPLayoutElement::upPreparation);
        if (overlappingTickLabels(axis).isEmpty()) {
            break;
        }
    }
    const QString shown = joinedTicks(ticker->ticks());
    axis->setProperty("headwaveShownTicks", shown);
    return shown != current;
}

bool fitAxisText(QCPAxis* axis) {
    if (!axis->visible() || axis->axisRect()->width() <= 0 || axis->axisRect()->height() <= 0) {
        return false;
    }
    bool changed = false;
    if (axis->tickLabels()) {
        if (auto text = axis->ticker().dynamicCast<QCPAxisTickerText>()) {
            if (axis->orientation() == Qt::Horizontal) {
                const double before = axis->tickLabelRotation();
                axis->setTickLabelRotation(0);
                axis->axisRect()->update(QCPLayoutElement::upPreparation);
                if (!overlappingTickLabels(axis).isEmpty()) {
                    axis->setTickLabelRotation(90);
                    axis->axisRect()->update(QCPLayoutElement::upPreparation);
                }
                changed = axis->tickLabelRotation() != before;
            }
            changed = thinTextTicks(axis, text) || changed;
        } else if (auto fixed = axis->ticker().dynamicCast<QCPAxisTickerFixed>()) {
            changed = thinFixedTicks(axis, fixed);
        } else {
            const int before = axis->ticker()->tickCount();
            for (int count = std::min(before, 6); count >= 1; --count) {
                axis->ticker()->setTickCount(count);
                axis->axisRect()->update(QCPLayoutElement::upPreparation);
                if (overlappingTickLabels(axis).isEmpty()) {
                    break;
                }
            }
            changed = axis->ticker()->tickCount() != before;
        }
    }
    return fitAxisLabel(axis, true) || changed;
}

}  // namespace

bool fitPlotText(QCustomPlot* plot) {
    bool changed = false;
    const QCPAxisRect* main = plot->axisRectCount() > 0 ? plot->axisRect(0) : nullptr;
    for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(element)) {
            for (QCPAxis* axis : rect->axes()) {
                changed = fitAxisText(axis) || changed;
            }
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            changed = fitAxisText(scale->axis()) || changed;
        } else if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            const QString full =
                fullText(text, "headwaveFullText", "headwaveShownText", text->text());
            // The width of the column the element shares with the plot's axes, else the plot's.
            int width = plot->viewport().width();
            if (main != nullptr && main->outerRect().width() > 0 &&
                std::abs(main->outerRect().left() - text->outerRect().left()) < 2) {
                width = main->outerRect().width();
            }
            width -= text->margins().left() + text->margins().right() + 4;
            const QString shown = full.isEmpty() ? full : wrapAndElide(full, text->font(), width);
            text->setProperty("headwaveShownText", shown);
            if (shown != text->text()) {
                text->setText(shown);
                changed = true;
            }
        }
    }
    return changed;
}

void keepAxisTextReadable(QCustomPlot* plot, const QList<QCPAxis*>& axes) {
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot, axes] {
        bool changed = false;
        for (QCPAxis* axis : axes) {
            changed = fitTickLabels(axis) || changed;
        }
        if (changed) {
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
}

}  // namespace headwave
