#include "widgets/scalogram_plot.h"

#include <qcustomplot.h>
#include <algorithm>
#include <cmath>
#include <limits>

namespace headwave {

namespace {

// A logarithmic scale shows this many decades below its maximum (the floor of log10(c^2 + 1e-20)
// is -20, which would squeeze every real coefficient into the top of the scale).
constexpr double kLogDecades = 8.0;

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
    x->grid()->setVisible(false);
    y->grid()->setVisible(false);
    y->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    clear();
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
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int s = 0; s < rows; ++s) {
            ticker->addTick(s, rowLabel(s, level));
        }
        m_rect->axis(QCPAxis::atLeft)->setTicker(ticker);
        m_level = level;
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
    if (!coefficientAt(pixel, s, k)) {
        return {};
    }
    const std::vector<double>& c = m_coefficients[static_cast<std::size_t>(s)];
    const auto len = static_cast<long long>(c.size());
    // Coefficient k covers the positions t with floor(t len / T) = k.
    const long long first = (k * static_cast<long long>(m_tokens) + len - 1) / len;
    const long long last = ((k + 1) * static_cast<long long>(m_tokens) + len - 1) / len - 1;
    const double v = c[static_cast<std::size_t>(k)];
    return tr("%1, coefficient %2 of %3 (positions %4\u2013%5)\nc = %6\n%7 = %8")
        .arg(arrayName(s, static_cast<int>(m_coefficients.size()) - 1))
        .arg(k)
        .arg(len)
        .arg(first)
        .arg(last)
        .arg(QString::number(v, 'g', 4), valueLabel(m_value),
             QString::number(cellValue(v, m_value), 'g', 4));
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
