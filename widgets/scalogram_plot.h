// SPDX-License-Identifier: GPL-3.0-or-later
// Draws a db2 DWT scalogram into one axis rect of a QCustomPlot: one row per coefficient array
// (cA_J at the bottom, cD_1 at the top), each coefficient spread over the positions it covers,
// rows labelled with the array and its approximate normalised-frequency band. Used by
// ScalogramView and, twice, by RescalingView; not a widget of its own.
//
// The labels follow the plot's size after every layout: where the full row labels would take
// more than ~35 % of the rect's width (or always, with setShortRowLabels) the rows show only the
// array's name (cD1 ... cA6) and the band moves to the tooltip; where the rows are lower than a
// line of text, only every k-th row is labelled (cD1 always, cA_J when k allows); the position
// ticks are spaced so
// that their labels do not overlap.
//
//   ScalogramPlot scalogram(plot, plot->axisRect(), colorScale);
//   scalogram.setCoefficients(detail.coefficients, T, ScalogramValue::Power);
//   plot->replot();
#pragma once

#include <QCoreApplication>
#include <QMetaObject>
#include <QString>
#include <vector>

#include "headwave/dsp/method_settings.h"

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QPointF;
struct QCPRange;

namespace headwave {

class ScalogramPlot {
    Q_DECLARE_TR_FUNCTIONS(ScalogramPlot)

public:
    // The colour map is created in rect (its bottom and left axes) and coloured through scale.
    ScalogramPlot(QCustomPlot* plot, QCPAxisRect* rect, QCPColorScale* scale);
    ~ScalogramPlot();
    ScalogramPlot(const ScalogramPlot&) = delete;
    ScalogramPlot& operator=(const ScalogramPlot&) = delete;

    // Only the arrays' names as row labels, whatever the width (a small plot).
    void setShortRowLabels(bool always);
    // The left axis's label with full row labels and with short ones (which can say how the
    // names map to bands).
    void setScaleAxisLabels(const QString& full, const QString& compact);
    // Label the same rows as other (two scalograms one above the other): the rows' height is
    // the smaller of the two.
    void linkRowLabels(const ScalogramPlot* other) { m_partner = other; }
    // Whether the rows are labelled with only the arrays' names (after the last layout).
    bool hasShortRowLabels() const { return m_short; }

    // coefficients: [J + 1][len_s], cA_J, cD_J, ..., cD_1 (docs/method.md §6). Cell (t, s) shows
    // coefficient floor(t * len_s / T) of array s, so coefficient k covers the T / len_s
    // positions [k T / len_s, (k + 1) T / len_s). Sets the rows' labels, the axis ranges and the
    // map's data range (0 .. max for power and magnitude). Empty or malformed input clears.
    void setCoefficients(const std::vector<std::vector<double>>& coefficients, int tokens,
                         ScalogramValue value);
    void clear();

    QCPColorMap* colorMap() const { return m_map; }
    bool isEmpty() const { return m_tokens == 0; }
    // The finite range of the drawn cells (for a colour scale shared by several scalograms).
    QCPRange cellRange() const;

    // Scale s and coefficient k under a widget-relative pixel of the plot; false outside.
    bool coefficientAt(const QPointF& pixel, int& scale, int& k) const;
    // A tooltip for the pixel ("cD2, coefficient 5 of 18, positions 18-21: c = ...", then the
    // row's band), over a row's label the row's name and band; otherwise empty.
    QString toolTipAt(const QPointF& pixel) const;

    // The colour value of a coefficient: c^2, |c| or log10(c^2 + 1e-20) (docs/method.md §7).
    static double cellValue(double c, ScalogramValue value);
    // The colour scale's label ("Power |c|\u00B2").
    static QString valueLabel(ScalogramValue value);
    // A row's name: "cA4" for scale 0, "cD<j>" with j = J + 1 - s otherwise.
    static QString arrayName(int scale, int level);
    // A row's label: the name and the approximate band of r (1 = Nyquist): detail level j covers
    // [2^-j, 2^(1-j)], the approximation [0, 2^-J].
    static QString rowLabel(int scale, int level);
    // The band alone: "r \u2208 [0.25, 0.5]".
    static QString bandText(int scale, int level);

private:
    // After a layout: short or full row labels, which rows labelled, the position ticks.
    void fitLabels();
    void setRowTicker();

    QCustomPlot* m_plot;
    QCPAxisRect* m_rect;
    QCPColorMap* m_map;
    std::vector<std::vector<double>> m_coefficients;  // [J + 1][len_s], for tooltips
    ScalogramValue m_value = ScalogramValue::Power;
    int m_tokens = 0;
    int m_level = -1;  // J of the current row labels
    bool m_alwaysShort = false;
    bool m_short = false;  // the current row labels are the arrays' names only
    int m_every = 1;       // every m_every-th row labelled (counted from cD1)
    const ScalogramPlot* m_partner = nullptr;
    QString m_fullAxisLabel;
    QString m_compactAxisLabel;
    QMetaObject::Connection m_afterLayout;
    double m_lo = 0;
    double m_hi = 1;
};

}  // namespace headwave
