// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/scalogram_view.h"

#include <qcustomplot.h>
#include <QToolTip>
#include <QVBoxLayout>

#include "widgets/plot_style.h"
#include "widgets/scalogram_plot.h"

namespace headwave {

ScalogramView::ScalogramView(QWidget* parent) : HeadView(parent) {
    m_plot = new QCustomPlot(this);
    // Lines as one polyline, not one antialiased segment per point (much faster for long T).
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 16);

    // Rows: title, profile (small), scalogram with its colour scale on the right.
    QCPLayoutGrid* layout = m_plot->plotLayout();
    m_scalogramRect = m_plot->axisRect();
    layout->take(m_scalogramRect);
    layout->simplify();
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), -1, QFont::Bold));
    layout->addElement(0, 0, m_title);
    m_profileRect = new QCPAxisRect(m_plot);
    layout->addElement(1, 0, m_profileRect);
    layout->addElement(2, 0, m_scalogramRect);
    m_scale = new QCPColorScale(m_plot);
    m_scale->setType(QCPAxis::atRight);
    layout->addElement(2, 1, m_scale);
    layout->setRowStretchFactor(0, 0.01);
    layout->setRowStretchFactor(1, 1);
    layout->setRowStretchFactor(2, 2.5);
    layout->setColumnStretchFactor(1, 0.01);
    // Profile and scalogram share the position axis: align their left edges and the scale's
    // top and bottom with the scalogram's.
    auto* columns = new QCPMarginGroup(m_plot);
    m_profileRect->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
    m_scalogramRect->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
    auto* rows = new QCPMarginGroup(m_plot);
    m_scalogramRect->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, rows);

    QCPAxis* px = m_profileRect->axis(QCPAxis::atBottom);
    QCPAxis* py = m_profileRect->axis(QCPAxis::atLeft);
    py->setLabel(tr("Profile a(t)"));
    px->setTickLabels(false);
    py->ticker()->setTickCount(3);
    m_profile = m_plot->addGraph(px, py);
    m_profile->setPen(QPen(seriesColor(0), 1.5));
    m_profile->setLineStyle(QCPGraph::lsStepCenter);
    connect(m_scalogramRect->axis(QCPAxis::atBottom),
            qOverload<const QCPRange&>(&QCPAxis::rangeChanged), px,
            qOverload<const QCPRange&>(&QCPAxis::setRange));

    m_scalogramRect->axis(QCPAxis::atBottom)->setLabel(tr("Position t (token index)"));
    m_scalogram = std::make_unique<ScalogramPlot>(m_plot, m_scalogramRect, m_scale);
    // With short row labels the axis says how a name maps to a band (each row's in its tooltip).
    m_scalogram->setScaleAxisLabels(
        tr("Scale (approx. band of normalised frequency r)"),
        tr("Scale (cDj: r \u2208 [2\u207B\u02B2, 2\u00B9\u207B\u02B2])"));
    keepIntegerTicksFitted(m_plot, {px});
    // The title wrapped to the width of its column (the plot's, less the colour scale's).
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] {
        const int scale = m_scale->outerRect().width() > 0 ? m_scale->outerRect().width()
                                                           : fontMetrics().averageCharWidth() * 8;
        m_title->setText(
            wrapText(m_titleText, m_title->font(), m_plot->viewport().width() - scale - 8));
    });

    connect(m_plot, &QCustomPlot::mouseMove, this, &ScalogramView::onMouseMove);

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(4, 4, 4, 4);
    box->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    setColorMap(m_colorMap);
    rebuild();
}

ScalogramView::~ScalogramView() = default;

QCPColorMap* ScalogramView::colorMap() const {
    return m_scalogram->colorMap();
}

QString ScalogramView::title() const {
    return m_titleText;
}

void ScalogramView::setColorMap(ColorMap map) {
    m_colorMap = map;
    m_scale->setGradient(colorGradient(map));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ScalogramView::snapshotChanged() {
    rebuild();
}

void ScalogramView::selectionChanged() {
    rebuild();
}

void ScalogramView::paletteChanged() {
    applyPlotPalette(m_plot, palette());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ScalogramView::rebuild() {
    const AnalysisSnapshot* s = snapshot().get();
    const HeadDetail* d =
        s && hasSelection() ? s->detail(selectedLayer(), selectedHead()) : nullptr;
    const QString base = tr("DWT scalogram (db2)");
    const ScalogramValue value = s ? s->settings.scalogram : ScalogramValue::Power;
    m_scale->axis()->setLabel(ScalogramPlot::valueLabel(value));
    if (!d || d->coefficients.empty() || d->profile.empty()) {
        m_scalogram->clear();
        m_profile->data()->clear();
        m_titleText = (!s || !s->metrics ? tr("%1 \u2014 no analysis yet").arg(base)
                       : !hasSelection() ? tr("%1 \u2014 select a head").arg(base)
                                         : tr("%1 \u2014 layer %2, head %3: not in this result "
                                              "(a corpus run keeps no coefficients)")
                                               .arg(base)
                                               .arg(selectedLayer())
                                               .arg(selectedHead()));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int T = static_cast<int>(d->profile.size());
    m_titleText = (tr("%1\nlayer %2, head %3, J = %4, T = %5")
                       .arg(base)
                       .arg(selectedLayer())
                       .arg(selectedHead())
                       .arg(static_cast<int>(d->coefficients.size()) - 1)
                       .arg(T));
    m_scalogram->setCoefficients(d->coefficients, T, value);

    QVector<double> keys(T);
    QVector<double> values(T);
    double hi = 0;
    for (int t = 0; t < T; ++t) {
        keys[t] = t;
        values[t] = d->profile[static_cast<std::size_t>(t)];
        hi = std::max(hi, values[t]);
    }
    m_profile->setData(keys, values, true);
    m_profileRect->axis(QCPAxis::atLeft)->setRange(0, hi > 0 ? hi * 1.1 : 1);
    m_profileRect->axis(QCPAxis::atBottom)->setRange(-0.5, T - 0.5);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ScalogramView::onMouseMove(QMouseEvent* event) {
    const QString tip = m_scalogram->toolTipAt(event->position());
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), tip, m_plot);
}

}  // namespace headwave
