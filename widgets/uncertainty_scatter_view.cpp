// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/uncertainty_scatter_view.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/plot_style.h"

namespace headwave {

namespace {

// Margin around the points, as a fraction of their extent.
constexpr double kPadding = 0.06;

bool runColumns(const RunResult& run, int layers, int heads, int& hp, int& hs) {
    hp = run.layout.index(metricFamily("positional_entropy"));
    hs = run.layout.index(metricFamily("spectral_entropy"));
    const std::size_t expected = static_cast<std::size_t>(run.sequences()) *
                                 static_cast<std::size_t>(layers) *
                                 static_cast<std::size_t>(heads) * run.layout.size();
    return hp >= 0 && hs >= 0 && run.model.layers == layers && run.model.heads == heads &&
           run.sequences() > 0 && run.metrics.size() == expected;
}

QString rhoReason(const AnalysisSnapshot& s) {
    const CorpusSummary* summary = s.run ? s.run->summary.get() : nullptr;
    if (!summary) {
        return {};
    }
    switch (summary->rhoModelStatus) {
        case CorrelationStatus::TooFewPairs:
            return UncertaintyScatterView::tr(" (fewer than 2 sequences)");
        case CorrelationStatus::ZeroVariance:
            return UncertaintyScatterView::tr(" (an entropy does not vary)");
        case CorrelationStatus::Ok:
            break;
    }
    return {};
}

}  // namespace

UncertaintyScatterView::UncertaintyScatterView(QWidget* parent) : HeadView(parent) {
    m_perSequenceBox = new QCheckBox(tr("Per sequence"), this);
    m_perSequenceBox->setObjectName(QStringLiteral("perSequenceBox"));
    m_perSequenceBox->setToolTip(tr("One point per head and sequence of the corpus run"));
    connect(m_perSequenceBox, &QCheckBox::toggled, this, &UncertaintyScatterView::setPerSequence);

    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 16);
    m_plot->axisRect()->setupFullAxesBox(true);
    m_plot->xAxis2->setTickLabels(false);
    m_plot->yAxis2->setTickLabels(false);
    m_plot->xAxis->setLabel(tr("Positional entropy H\u209A (nats)"));
    m_plot->yAxis->setLabel(tr("Spectral entropy H\u209B (nats)"));
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0,
        new QCPTextElement(m_plot, tr("Position\u2013spectrum trade-off"),
                           QFont(font().family(), -1, QFont::Bold)));

    m_scale = new QCPColorScale(m_plot);
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("Layer"));
    m_plot->plotLayout()->addElement(1, 1, m_scale);  // row 2 once rho is inserted
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_scale->axis()->setTicker(ticker);

    m_plot->addLayer(QStringLiteral("selection"), m_plot->layer(QStringLiteral("main")),
                     QCustomPlot::limAbove);
    m_selection = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_selection->setLayer(QStringLiteral("selection"));
    m_selection->setLineStyle(QCPCurve::lsNone);
    m_selection->removeFromLegend();

    // Rho in its own row under the title, outside the axes: it covers no point and no tick label
    // at any size (fitPlotText wraps it in figures). Kept in figures without titles.
    m_rhoLabel = new QCPTextElement(m_plot, QString(), font());
    m_rhoLabel->setProperty("headwaveAnnotation", true);
    m_rhoLabel->setMargins(QMargins(2, 0, 2, 2));
    m_plot->plotLayout()->insertRow(1);
    m_plot->plotLayout()->addElement(1, 0, m_rhoLabel);
    // The title and rho rows as high as their text: the rest of the height goes to the data.
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);

    connect(m_plot, &QCustomPlot::mousePress, this, &UncertaintyScatterView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &UncertaintyScatterView::onMouseMove);

    auto* controls = new QHBoxLayout;
    controls->addStretch(1);
    controls->addWidget(m_perSequenceBox);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    setColorMap(m_colorMap);
}

UncertaintyScatterView::~UncertaintyScatterView() = default;

bool UncertaintyScatterView::perSequenceAvailable() const {
    int hp = 0;
    int hs = 0;
    return snapshot() && snapshot()->run && layers() > 0 &&
           runColumns(*snapshot()->run, layers(), heads(), hp, hs);
}

void UncertaintyScatterView::setPerSequence(bool perSequence) {
    m_perSequence = perSequence;
    if (m_perSequenceBox->isChecked() != perSequence) {
        m_perSequenceBox->setChecked(perSequence);  // re-enters through toggled
        return;
    }
    rebuild();
}

void UncertaintyScatterView::setColorMap(ColorMap map) {
    m_colorMap = map;
    m_scale->setGradient(colorGradient(map));
    rebuild();
}

QCPCurve* UncertaintyScatterView::layerCurve(int layer) const {
    return layer >= 0 && layer < static_cast<int>(m_curves.size())
               ? m_curves[static_cast<std::size_t>(layer)]
               : nullptr;
}

void UncertaintyScatterView::snapshotChanged() {
    rebuild();
}

void UncertaintyScatterView::selectionChanged() {
    updateSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UncertaintyScatterView::paletteChanged() {
    applyPlotPalette(m_plot, palette());
    rebuild();
}

void UncertaintyScatterView::rebuild() {
    for (QCPCurve* c : m_curves) {
        m_plot->removePlottable(c);
    }
    m_curves.clear();
    m_points.clear();

    const AnalysisSnapshot* s = snapshot().get();
    const int L = layers();
    const int H = heads();
    const bool available = perSequenceAvailable();
    m_perSequenceBox->setEnabled(available);
    const bool perSequence = m_perSequence && available;
    const QColor ink = palette().color(QPalette::WindowText);
    m_rhoLabel->setTextColor(ink);
    if (L == 0 || H == 0) {
        m_rhoLabel->setText(tr("No analysis yet"));
        m_selection->data()->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }

    // Points in curve order: head h, or sequence q head h at q * H + h.
    if (perSequence) {
        const RunResult& run = *s->run;
        int hp = 0;
        int hs = 0;
        runColumns(run, L, H, hp, hs);
        for (int l = 0; l < L; ++l) {
            for (int q = 0; q < run.sequences(); ++q) {
                for (int h = 0; h < H; ++h) {
                    m_points.push_back({run.metric(q, l, h, static_cast<std::size_t>(hp)),
                                        run.metric(q, l, h, static_cast<std::size_t>(hs)), l, h,
                                        q});
                }
            }
        }
    } else {
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                const HeadMetrics& m = *metricsOf(l, h);
                m_points.push_back({m.positionalEntropy, m.spectralEntropy, l, h, -1});
            }
        }
    }

    const QCPRange layerRange(0, std::max(L - 1, 1));
    // Layers are discrete: one colour step per layer on the scale, the points in the same
    // colours (level i spans i +- 0.5 and has the gradient's colour at i / (L - 1)).
    QCPColorGradient gradient = colorGradient(m_colorMap);  // color() is not const
    QCPColorGradient stepped = gradient;
    stepped.setLevelCount(std::max(L, 2));
    m_scale->setGradient(stepped);
    m_scale->setDataRange(QCPRange(-0.5, L - 0.5));
    // Markers shrink with the number of points (a 32 x 32 model has 1024), so that a cloud stays
    // a cloud: about 30 / sqrt(n) pixels, between a fifth and half a text line.
    const double lineHeight = fontMetrics().height();
    const double size =
        std::clamp(30.0 / std::sqrt(static_cast<double>(std::max<std::size_t>(m_points.size(), 1))),
                   0.2 * lineHeight, 0.5 * lineHeight);
    double x0 = std::numeric_limits<double>::infinity();
    double x1 = -x0;
    double y0 = x0;
    double y1 = -x0;
    const std::size_t perLayer = m_points.size() / static_cast<std::size_t>(L);
    QColor outline = ink;
    outline.setAlphaF(perSequence ? 0.35f : 0.6f);
    for (int l = 0; l < L; ++l) {
        QColor color = QColor::fromRgb(gradient.color(l, layerRange));
        if (perSequence) {
            color.setAlphaF(0.6f);
        }
        auto* curve = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        curve->setLineStyle(QCPCurve::lsNone);
        // Filled circles (ssDisc would fill with the pen) with an ink outline, which keeps the
        // dark end of the map visible on a dark background.
        curve->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(outline, 1), color, size));
        curve->setName(tr("Layer %1").arg(l));
        curve->removeFromLegend();
        QVector<double> t;
        QVector<double> xs;
        QVector<double> ys;
        for (std::size_t i = 0; i < perLayer; ++i) {
            const Point& p = m_points[static_cast<std::size_t>(l) * perLayer + i];
            t.push_back(static_cast<double>(i));
            // Non-finite entropies have no place on the plot; QCPCurve skips NaN points.
            xs.push_back(std::isfinite(p.x) ? p.x : std::numeric_limits<double>::quiet_NaN());
            ys.push_back(std::isfinite(p.y) ? p.y : std::numeric_limits<double>::quiet_NaN());
            if (std::isfinite(p.x) && std::isfinite(p.y)) {
                x0 = std::min(x0, p.x);
                x1 = std::max(x1, p.x);
                y0 = std::min(y0, p.y);
                y1 = std::max(y1, p.y);
            }
        }
        curve->setData(t, xs, ys, true);
        m_curves.push_back(curve);
    }
    if (std::isfinite(x0)) {
        const double dx = std::max(x1 - x0, 1e-3) * kPadding;
        const double dy = std::max(y1 - y0, 1e-3) * kPadding;
        m_plot->xAxis->setRange(x0 - dx, x1 + dx);
        m_plot->yAxis->setRange(y0 - dy, y1 + dy);
    }
    m_plot->xAxis2->setRange(m_plot->xAxis->range());
    m_plot->yAxis2->setRange(m_plot->yAxis->range());

    const double rho = s->rho;
    const QString rhoText = std::isfinite(rho) ? tr("\u03C1 = %1").arg(rho, 0, 'f', 3)
                                               : tr("\u03C1 undefined") + rhoReason(*s);
    const QString scope = s->run
                              ? tr("model mean over layers, %1 sequences").arg(s->run->sequences())
                              : tr("over the %1 heads of this sequence").arg(L * H);
    m_rhoLabel->setText(tr("%1  (%2)").arg(rhoText, scope));
    updateSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UncertaintyScatterView::updateSelection() {
    m_selection->data()->clear();
    if (!hasSelection() || !selectionMarked()) {
        return;
    }
    QVector<double> t;
    QVector<double> xs;
    QVector<double> ys;
    for (const Point& p : m_points) {
        if (p.layer == selectedLayer() && p.head == selectedHead() && std::isfinite(p.x) &&
            std::isfinite(p.y)) {
            t.push_back(static_cast<double>(t.size()));
            xs.push_back(p.x);
            ys.push_back(p.y);
        }
    }
    m_selection->setData(t, xs, ys, true);
    const double size = fontMetrics().height() * (m_perSequence ? 0.8 : 1.1);
    m_selection->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                                 QPen(palette().color(QPalette::WindowText), 2),
                                                 Qt::NoBrush, size));
}

const UncertaintyScatterView::Point* UncertaintyScatterView::pointAt(const QPointF& pixel) const {
    if (!m_plot->axisRect()->rect().contains(pixel.toPoint())) {
        return nullptr;
    }
    const double radius = fontMetrics().height();
    double best = radius * radius;
    const Point* found = nullptr;
    for (const Point& p : m_points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            continue;
        }
        const double dx = m_plot->xAxis->coordToPixel(p.x) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(p.y) - pixel.y();
        const double d2 = dx * dx + dy * dy;
        if (d2 <= best) {
            best = d2;
            found = &p;
        }
    }
    return found;
}

bool UncertaintyScatterView::headAt(const QPointF& pixel, int& layer, int& head) const {
    const Point* p = pointAt(pixel);
    if (!p) {
        return false;
    }
    layer = p->layer;
    head = p->head;
    return true;
}

void UncertaintyScatterView::onMousePress(QMouseEvent* event) {
    int layer = 0;
    int head = 0;
    if (event->button() == Qt::LeftButton && headAt(event->position(), layer, head)) {
        selectByUser(layer, head);
    }
}

void UncertaintyScatterView::onMouseMove(QMouseEvent* event) {
    const Point* p = pointAt(event->position());
    if (!p) {
        QToolTip::hideText();
        return;
    }
    QString text =
        p->sequence >= 0
            ? tr("Layer %1, head %2, sequence %3").arg(p->layer).arg(p->head).arg(p->sequence)
            : tr("Layer %1, head %2").arg(p->layer).arg(p->head);
    text += tr("\nH\u209A = %1 nats, H\u209B = %2 nats").arg(p->x, 0, 'f', 3).arg(p->y, 0, 'f', 3);
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

}  // namespace headwave
