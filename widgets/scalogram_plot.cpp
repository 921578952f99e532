// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/scalogram_plot.h"

#include "widgets/plot_style.h"

#include <qcustomplot.h>
#include <QFontMetrics>
#include <algorithm>
#include <cmath>
#include <limits>

namespace headwave {

namespace {

// A logarithmic scale shows this many decades below its maximum (the floor of log10(c^2 + 1e-20)
// is -20, which would squeeze every real coefficient into the top of the scale).
constexpr double kLogDecades = 8.0;

// Full row labels wider than this share of the rect's outer width give way to short ones.
constexpr double kMaxLabelShare = 0.35;

QString number(double v) {
    return QString::number(v, 'g', 3);
}

}  // namespace

ScalogramPlot::ScalogramPlot(QCustomPlot* plot, QCPAxisRect* rect, QCPColorScale* scale)
    : m_plot(plot), m_rect(rect) {
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    m_map = new QCPColorMap(x, y);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);  // cell t spans t +- 0.5
    m_map->setColorScale(scale);
    m_map->removeFromLegend();  // the colour scale says what it shows
    x->grid()->setVisible(false);
    y->grid()->setVisible(false);
    y->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_afterLayout =
        QObject::connect(plot, &QCustomPlot::afterLayout, plot, [this] { fitLabels(); });
    clear();
}

ScalogramPlot::~ScalogramPlot() {
    QObject::disconnect(m_afterLayout);
}

void ScalogramPlot::setShortRowLabels(bool always) {
    m_alwaysShort = always;
    if (always && !m_short) {
        m_short = true;
        setRowTicker();
    }
}

void ScalogramPlot::setScaleAxisLabels(const QString& full, const QString& compact) {
    m_fullAxisLabel = full;
    m_compactAxisLabel = compact;
    m_rect->axis(QCPAxis::atLeft)->setLabel(m_short ? compact : full);
}

void ScalogramPlot::setRowTicker() {
    QCPAxis* y = m_rect->axis(QCPAxis::atLeft);
    if (!m_fullAxisLabel.isEmpty() || !m_compactAxisLabel.isEmpty()) {
        y->setLabel(m_short ? m_compactAxisLabel : m_fullAxisLabel);
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int rows = m_level + 1;
    for (int s = 0; s < rows; ++s) {
        // cD1 (the top row) always labelled, then every m_every-th row below it.
        const bool labelled = (rows - 1 - s) % m_every == 0;
        ticker->addTick(s, !labelled ? QString()
                           : m_short ? arrayName(s, m_level)
                                     : rowLabel(s, m_level));
    }
    y->setTicker(ticker);
}

void ScalogramPlot::fitLabels() {
    if (m_level < 0) {
        return;
    }
    QCPAxis* y = m_rect->axis(QCPAxis::atLeft);
    const QFontMetrics fm(y->tickLabelFont());
    const int rows = m_level + 1;
    bool shortLabels = m_alwaysShort;
    const int outer = m_rect->outerRect().width();
    if (!shortLabels && outer > 0) {
        int widest = 0;
        for (int s = 0; s < rows; ++s) {
            widest = std::max(widest, fm.horizontalAdvance(rowLabel(s, m_level)));
        }
        shortLabels = widest > kMaxLabelShare * outer;
    }
    int every = 1;
    int height = m_rect->height();
    if (m_partner && m_partner->m_rect->height() > 0) {
        height = std::min(height, m_partner->m_rect->height());
    }
    const double rowPixels = static_cast<double>(height) / rows;
    if (rowPixels > 0) {
        every = std::max(1, static_cast<int>(std::ceil(fm.height() * 1.1 / rowPixels)));
        // A step dividing J labels cA_J too; taken if it is at most twice the needed one.
        for (int k = every; k <= 2 * every && k <= m_level; ++k) {
            if (m_level % k == 0) {
                every = k;
                break;
            }
        }
    }
    if (shortLabels != m_short || every != m_every) {
        m_short = shortLabels;
        m_every = every;
        setRowTicker();
        // The left margin follows the labels' width: lay out again, now, as a figure export
        // draws right after this layout; and once more later, for a scalogram linked to this one.
        QCPLayoutGrid* layout = m_plot->plotLayout();
        layout->update(QCPLayoutElement::upPreparation);
        layout->update(QCPLayoutElement::upMargins);
        layout->update(QCPLayoutElement::upLayout);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    fitIntegerTicks(m_rect->axis(QCPAxis::atBottom));
}

void ScalogramPlot::clear() {
    m_coefficients.clear();
    m_tokens = 0;
    m_map->data()->clear();
    m_map->setVisible(false);
    m_lo = 0;
    m_hi = 1;
}

void ScalogramPlot::setCoefficients(const std::vector<std::vector<double>>& coefficients,
                                    int tokens, ScalogramValue value) {
    const bool valid = tokens > 0 && !coefficients.empty() &&
                       std::none_of(coefficients.begin(), coefficients.end(),
                                    [](const std::vector<double>& c) { return c.empty(); });
    if (!valid) {
        clear();
        return;
    }
    m_coefficients = coefficients;
    m_value = value;
    m_tokens = tokens;
    const int rows = static_cast<int>(coefficients.size());
    const int level = rows - 1;
    QCPColorMapData* data = m_map->data();
    if (data->keySize() != tokens || data->valueSize() != rows) {
        data->setSize(tokens, rows);
    }
    data->setRange(QCPRange(0, tokens - 1), QCPRange(0, std::max(rows - 1, 1)));
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (int s = 0; s < rows; ++s) {
        const std::vector<double>& c = coefficients[static_cast<std::size_t>(s)];
        const auto len = static_cast<long long>(c.size());
        for (int t = 0; t < tokens; ++t) {
            const auto k = static_cast<std::size_t>(t * len / tokens);  // floor(t len / T)
            const double v = cellValue(c[k], value);
            data->setCell(t, s, v);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    if (value == ScalogramValue::LogPower) {
        lo = std::max(lo, hi - kLogDecades);
    } else {
        lo = 0;  // power and magnitude: zero is "nothing here"
    }
    if (hi - lo < 1e-300) {
        hi = lo + 1;
    }
    m_lo = lo;
    m_hi = hi;
    m_map->setDataRange(QCPRange(lo, hi));
    m_map->setVisible(true);

    if (level != m_level) {
        m_level = level;
        setRowTicker();
    }
    m_rect->axis(QCPAxis::atBottom)->setRange(-0.5, tokens - 0.5);
    m_rect->axis(QCPAxis::atLeft)->setRange(-0.5, rows - 0.5);
}

QCPRange ScalogramPlot::cellRange() const {
    return QCPRange(m_lo, m_hi);
}

bool ScalogramPlot::coefficientAt(const QPointF& pixel, int& scale, int& k) const {
    if (isEmpty() || !m_rect->rect().contains(pixel.toPoint())) {
        return false;
    }
    const double x = m_rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x());
    const double y = m_rect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y());
    const auto t = static_cast<int>(std::lround(x));
    const auto s = static_cast<int>(std::lround(y));
    if (t < 0 || t >= m_tokens || s < 0 || s >= static_cast<int>(m_coefficients.size())) {
        return false;
    }
    const auto len = static_cast<long long>(m_coefficients[static_cast<std::size_t>(s)].size());
    scale = s;
    k = static_cast<int>(t * len / m_tokens);
    return true;
}

QString ScalogramPlot::toolTipAt(const QPointF& pixel) const {
    int s = 0;
    int k = 0;
    const int level = static_cast<int>(m_coefficients.size()) - 1;
    if (!coefficientAt(pixel, s, k)) {
        // Over the row labels (the rect's left margin): the row's name and band.
        const QRect rect = m_rect->rect();
        if (isEmpty() || pixel.y() < rect.top() || pixel.y() > rect.bottom() ||
            pixel.x() >= rect.left() || pixel.x() < m_rect->outerRect().left()) {
            return {};
        }
        const auto row =
            static_cast<int>(std::lround(m_rect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y())));
        if (row < 0 || row > level) {
            return {};
        }
        return tr("%1: approx. band %2 of the normalised frequency (1 = Nyquist)")
            .arg(arrayName(row, level), bandText(row, level));
    }
    const std::vector<double>& c = m_coefficients[static_cast<std::size_t>(s)];
    const auto len = static_cast<long long>(c.size());
    // Coefficient k covers the positions t with floor(t len / T) = k.
    const long long first = (k * static_cast<long long>(m_tokens) + len - 1) / len;
    const long long last = ((k + 1) * static_cast<long long>(m_tokens) + len - 1) / len - 1;
    const double v = c[static_cast<std::size_t>(k)];
    return tr("%1, coefficient %2 of %3 (positions %4\u2013%5)\nc = %6\n%7 = %8\nband %9")
        .arg(arrayName(s, level))
        .arg(k)
        .arg(len)
        .arg(first)
        .arg(last)
        .arg(QString::number(v, 'g', 4), valueLabel(m_value),
             QString::number(cellValue(v, m_value), 'g', 4), bandText(s, level));
}

double ScalogramPlot::cellValue(double c, ScalogramValue value) {
    switch (value) {
        case ScalogramValue::Power:
            return c * c;
        case ScalogramValue::Magnitude:
            return std::abs(c);
        case ScalogramValue::LogPower:
            return std::log10(c * c + 1e-20);
    }
    return c * c;
}

QString ScalogramPlot::valueLabel(ScalogramValue value) {
    switch (value) {
        case ScalogramValue::Power:
            return tr("Power |c|\u00B2");
        case ScalogramValue::Magnitude:
            return tr("Magnitude |c|");
        case ScalogramValue::LogPower:
            return tr("log\u2081\u2080 |c|\u00B2");
    }
    return {};
}

QString ScalogramPlot::arrayName(int scale, int level) {
    return scale == 0 ? QStringLiteral("cA%1").arg(level)
                      : QStringLiteral("cD%1").arg(level + 1 - scale);
}

QString ScalogramPlot::bandText(int scale, int level) {
    if (scale == 0) {
        return tr("r \u2208 [0, %1]").arg(number(std::ldexp(1.0, -level)));
    }
    const int j = level + 1 - scale;
    return tr("r \u2208 [%1, %2]").arg(number(std::ldexp(1.0, -j)), number(std::ldexp(1.0, 1 - j)));
}

QString ScalogramPlot::rowLabel(int scale, int level) {
    if (scale == 0) {
        return tr("%1  r \u2208 [0, %2]")
            .arg(arrayName(scale, level), number(std::ldexp(1.0, -level)));
    }
    const int j = level + 1 - scale;
    return tr("%1  r \u2208 [%2, %3]")
        .arg(arrayName(scale, level), number(std::ldexp(1.0, -j)), number(std::ldexp(1.0, 1 - j)));
}

}  // namespace headwave
