// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/band_power_view.h"

#include <qcustomplot.h>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/plot_style.h"

namespace headwave {

namespace {

constexpr double kBarWidth = 0.7;  // in head units

// The three band shares, low to high, as the catalogue declares them.
constexpr std::array<const MetricFamily*, 3> kBands = {
    &metricFamily("band_low"), &metricFamily("band_mid"), &metricFamily("band_high")};

double share(const HeadMetrics& m, int band) {
    return kBands[static_cast<std::size_t>(band)]->value(m);
}

QSharedPointer<QCPAxisTickerFixed> integerTicker() {
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return ticker;
}

void setupRect(QCPAxisRect* rect, const QString& x, const QString& y) {
    rect->axis(QCPAxis::atBottom)->setLabel(x);
    rect->axis(QCPAxis::atLeft)->setLabel(y);
    rect->axis(QCPAxis::atBottom)->setTicker(integerTicker());
    rect->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    // A little above 100 % so the selection frame's top edge is not hidden by the axis box.
    rect->axis(QCPAxis::atLeft)->setRange(0, 103);
}

}  // namespace

BandPowerView::BandPowerView(QWidget* parent) : HeadView(parent) {
    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 22);

    QCPLayoutGrid* layout = m_plot->plotLayout();
    m_headsRect = m_plot->axisRect();
    layout->take(m_headsRect);
    // The legend starts as an inset of the axis rect (not in the main layout).
    m_headsRect->insetLayout()->take(m_plot->legend);
    layout->simplify();
    const QFont bold(font().family(), -1, QFont::Bold);
    m_headsTitle = new QCPTextElement(m_plot, QString(), bold);
    m_layersTitle = new QCPTextElement(m_plot, QString(), bold);
    m_layersRect = new QCPAxisRect(m_plot);
    layout->addElement(0, 0, m_headsTitle);
    layout->addElement(1, 0, m_headsRect);
    layout->addElement(2, 0, m_layersTitle);
    layout->addElement(3, 0, m_layersRect);
    layout->addElement(4, 0, m_plot->legend);
    for (int row : {0, 2, 4}) {
        layout->setRowStretchFactor(row, 0.001);
    }
    auto* group = new QCPMarginGroup(m_plot);
    m_headsRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_layersRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(3);

    // Short axis labels: two panels stacked in a dock, each lower than a long rotated label.
    setupRect(m_headsRect, tr("Head"), tr("Share (%)"));
    setupRect(m_layersRect, tr("Layer"), tr("Share (%)"));
    // Ticks as dense as the panels' size allows (the dock is small: two panels stacked).
    keepIntegerTicksFitted(
        m_plot, {m_headsRect->axis(QCPAxis::atLeft), m_layersRect->axis(QCPAxis::atLeft)});
    // The titles wrapped to the plot's width.
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] {
        const int width = m_plot->viewport().width() - 8;
        m_headsTitle->setText(wrapText(m_headsText, m_headsTitle->font(), width));
        m_layersTitle->setText(wrapText(m_layersText, m_layersTitle->font(), width));
    });

    QCPBars* below = nullptr;
    for (int b = 0; b < 3; ++b) {
        auto* bars =
            new QCPBars(m_headsRect->axis(QCPAxis::atBottom), m_headsRect->axis(QCPAxis::atLeft));
        bars->setWidth(kBarWidth);
        bars->setBrush(bandColor(b));
        bars->setPen(QPen(bandColor(b).darker(130), 0));
        bars->setStackingGap(0);
        if (below) {
            bars->moveAbove(below);
        }
        below = bars;
        m_bars[static_cast<std::size_t>(b)] = bars;

        auto* line = m_plot->addGraph(m_layersRect->axis(QCPAxis::atBottom),
                                      m_layersRect->axis(QCPAxis::atLeft));
        line->setPen(QPen(bandColor(b), 2));
        line->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, bandColor(b), fontMetrics().height() * 0.45));
        line->removeFromLegend();
        m_lines[static_cast<std::size_t>(b)] = line;
        auto* errors = new QCPErrorBars(m_layersRect->axis(QCPAxis::atBottom),
                                        m_layersRect->axis(QCPAxis::atLeft));
        errors->setDataPlottable(line);
        errors->setPen(QPen(bandColor(b), 1));
        errors->setWhiskerWidth(fontMetrics().averageCharWidth());
        errors->removeFromLegend();
        m_errors[static_cast<std::size_t>(b)] = errors;
    }

    m_headFrame = new QCPItemRect(m_plot);
    m_headFrame->setClipAxisRect(m_headsRect);
    m_headFrame->topLeft->setAxes(m_headsRect->axis(QCPAxis::atBottom),
                                  m_headsRect->axis(QCPAxis::atLeft));
    m_headFrame->bottomRight->setAxes(m_headsRect->axis(QCPAxis::atBottom),
                                      m_headsRect->axis(QCPAxis::atLeft));
    m_headFrame->setBrush(Qt::NoBrush);
    m_layerMarker = new QCPItemStraightLine(m_plot);
    m_layerMarker->setClipAxisRect(m_layersRect);
    m_layerMarker->point1->setAxes(m_layersRect->axis(QCPAxis::atBottom),
                                   m_layersRect->axis(QCPAxis::atLeft));
    m_layerMarker->point2->setAxes(m_layersRect->axis(QCPAxis::atBottom),
                                   m_layersRect->axis(QCPAxis::atLeft));

    connect(m_plot, &QCustomPlot::mousePress, this, &BandPowerView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &BandPowerView::onMouseMove);

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(4, 4, 4, 4);
    box->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    rebuild();
}

BandPowerView::~BandPowerView() = default;

int BandPowerView::shownLayer() const {
    if (layers() == 0) {
        return -1;
    }
    return hasSelection() ? selectedLayer() : 0;
}

QString BandPowerView::headsTitle() const {
    return m_headsText;
}

QString BandPowerView::layersTitle() const {
    return m_layersText;
}

QString BandPowerView::bandToolTip(int band) const {
    const AnalysisSnapshot* s = snapshot().get();
    const MethodSettings settings = s ? s->settings : MethodSettings{};
    const QString low = QString::number(settings.bandLowEdge, 'g', 3);
    const QString high = QString::number(settings.bandHighEdge, 'g', 3);
    const QString range = band == 0   ? tr("r < %1").arg(low)
                          : band == 1 ? tr("%1 \u2264 r < %2").arg(low, high)
                                      : tr("r \u2265 %1").arg(high);
    return tr("%1 band: %2 (normalised frequency, 1 = Nyquist); share of the head's spectral "
              "power, in %")
        .arg(m_bars[static_cast<std::size_t>(std::clamp(band, 0, 2))]->name(), range);
}

void BandPowerView::snapshotChanged() {
    rebuild();
}

void BandPowerView::selectionChanged() {
    rebuildHeads();  // the shown layer may have changed
    updateLayerMarker();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BandPowerView::paletteChanged() {
    applyPlotPalette(m_plot, palette());
    rebuild();
}

void BandPowerView::rebuild() {
    // Short names that fit a narrow dock; the band edges are in the legend's tooltips.
    m_bars[0]->setName(tr("Low"));
    m_bars[1]->setName(tr("Mid"));
    m_bars[2]->setName(tr("High"));
    rebuildHeads();
    rebuildLayers();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BandPowerView::rebuildHeads() {
    const int layer = shownLayer();
    const int H = heads();
    const QColor ink = palette().color(QPalette::WindowText);
    if (layer < 0 || H == 0) {
        for (QCPBars* b : m_bars) {
            b->data()->clear();
        }
        m_headFrame->setVisible(false);
        m_headsText = tr("Band power per head \u2014 no analysis yet");
        m_headsRect->axis(QCPAxis::atBottom)->setRange(-0.5, 0.5);
        return;
    }
    const bool corpus = snapshot()->run != nullptr;
    m_headsText = corpus ? tr("Layer %1: band power per head (mean over %2 sequences)")
                               .arg(layer)
                               .arg(snapshot()->run->sequences())
                         : tr("Layer %1: band power per head").arg(layer);
    QVector<double> keys(H);
    for (int h = 0; h < H; ++h) {
        keys[h] = h;
    }
    for (int b = 0; b < 3; ++b) {
        QVector<double> values(H);
        for (int h = 0; h < H; ++h) {
            const double v = 100.0 * share(*metricsOf(layer, h), b);
            values[h] = std::isfinite(v) ? v : 0.0;
        }
        m_bars[static_cast<std::size_t>(b)]->setData(keys, values, true);
    }
    m_headsRect->axis(QCPAxis::atBottom)->setRange(-0.5, H - 0.5);
    m_headFrame->setVisible(hasSelection() && selectionMarked());
    if (hasSelection()) {
        const double half = 0.5 * kBarWidth + 0.08;
        m_headFrame->topLeft->setCoords(selectedHead() - half, 100.0);
        m_headFrame->bottomRight->setCoords(selectedHead() + half, 0.0);
        m_headFrame->setPen(QPen(ink, 2));
    }
}

void BandPowerView::rebuildLayers() {
    const AnalysisSnapshot* s = snapshot().get();
    const int L = layers();
    const int H = heads();
    if (L == 0 || H == 0) {
        for (int b = 0; b < 3; ++b) {
            m_lines[static_cast<std::size_t>(b)]->data()->clear();
            m_errors[static_cast<std::size_t>(b)]->data()->clear();
        }
        m_layerMarker->setVisible(false);
        m_layersText = tr("Band power per layer \u2014 no analysis yet");
        m_layersRect->axis(QCPAxis::atBottom)->setRange(-0.5, 0.5);
        return;
    }
    // A corpus run: the summary's layer profile (mean and population std over the heads' corpus
    // means, docs/method.md "Layer profile"). One sequence: the same over the heads' values.
    const CorpusSummary* summary = s->run ? s->run->summary.get() : nullptr;
    bool fromSummary = summary && summary->layers == L;
    std::array<int, 3> columns{};
    for (std::size_t b = 0; b < 3 && fromSummary; ++b) {
        columns[b] = summary->layout.index(*kBands[b]);
        fromSummary = columns[b] >= 0 &&
                      static_cast<std::size_t>(columns[b]) < summary->columns.size() &&
                      summary->columns[static_cast<std::size_t>(columns[b])].layerMean.size() ==
                          static_cast<std::size_t>(L);
    }
    m_layersText =
        (fromSummary ? tr("Per layer: mean \u00B1 std over the heads' means (%1 sequences)")
                           .arg(summary->sequences)
                     : tr("Per layer: mean \u00B1 std over heads"));
    QVector<double> keys(L);
    for (int l = 0; l < L; ++l) {
        keys[l] = l;
    }
    for (int b = 0; b < 3; ++b) {
        QVector<double> mean(L);
        QVector<double> sd(L);
        for (int l = 0; l < L; ++l) {
            if (fromSummary) {
                const ColumnSummary& c =
                    summary
                        ->columns[static_cast<std::size_t>(columns[static_cast<std::size_t>(b)])];
                mean[l] = 100.0 * c.layerMean[static_cast<std::size_t>(l)];
                sd[l] = 100.0 * c.layerStd[static_cast<std::size_t>(l)];
                continue;
            }
            // Population std, as the corpus summary's layer profile; NaN-skipping.
            double sum = 0;
            double sum2 = 0;
            int n = 0;
            for (int h = 0; h < H; ++h) {
                const double v = share(*metricsOf(l, h), b);
                if (std::isfinite(v)) {
                    sum += v;
                    sum2 += v * v;
                    ++n;
                }
            }
            const double m = n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
            mean[l] = 100.0 * m;
            sd[l] = n > 0 ? 100.0 * std::sqrt(std::max(0.0, sum2 / n - m * m)) : 0.0;
        }
        m_lines[static_cast<std::size_t>(b)]->setData(keys, mean, true);
        m_errors[static_cast<std::size_t>(b)]->setData(sd);
    }
    m_layersRect->axis(QCPAxis::atBottom)->setRange(-0.5, L - 0.5);
    updateLayerMarker();
}

void BandPowerView::updateLayerMarker() {
    const int layer = shownLayer();
    m_layerMarker->setVisible(layer >= 0);
    m_layerMarker->point1->setCoords(layer, 0);
    m_layerMarker->point2->setCoords(layer, 1);
    QColor marker = palette().color(QPalette::WindowText);
    marker.setAlphaF(0.5f);
    m_layerMarker->setPen(QPen(marker, 1, Qt::DashLine));
}

bool BandPowerView::headAt(const QPointF& pixel, int& head) const {
    if (shownLayer() < 0 || !m_headsRect->rect().contains(pixel.toPoint())) {
        return false;
    }
    const double x = m_headsRect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x());
    const auto h = static_cast<int>(std::lround(x));
    if (h < 0 || h >= heads() || std::abs(x - h) > 0.5 * kBarWidth) {
        return false;
    }
    head = h;
    return true;
}

bool BandPowerView::layerAt(const QPointF& pixel, int& layer) const {
    if (layers() == 0 || !m_layersRect->rect().contains(pixel.toPoint())) {
        return false;
    }
    const auto l = static_cast<int>(
        std::lround(m_layersRect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x())));
    if (l < 0 || l >= layers()) {
        return false;
    }
    layer = l;
    return true;
}

void BandPowerView::onMousePress(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        return;
    }
    int index = 0;
    if (headAt(event->position(), index)) {
        selectByUser(shownLayer(), index);
    } else if (layerAt(event->position(), index)) {
        selectByUser(index, hasSelection() ? selectedHead() : 0);
    }
}

int BandPowerView::legendBandAt(const QPointF& pixel) const {
    for (int i = 0; i < m_plot->legend->itemCount(); ++i) {
        auto* item = qobject_cast<QCPPlottableLegendItem*>(m_plot->legend->item(i));
        if (item && item->outerRect().contains(pixel.toPoint())) {
            for (int b = 0; b < 3; ++b) {
                if (item->plottable() == m_bars[static_cast<std::size_t>(b)]) {
                    return b;
                }
            }
        }
    }
    return -1;
}

void BandPowerView::onMouseMove(QMouseEvent* event) {
    const int band = legendBandAt(event->position());
    if (band >= 0) {
        QToolTip::showText(event->globalPosition().toPoint(), bandToolTip(band), m_plot);
        return;
    }
    int head = 0;
    if (!headAt(event->position(), head)) {
        QToolTip::hideText();
        return;
    }
    const HeadMetrics& m = *metricsOf(shownLayer(), head);
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("Layer %1, head %2\nlow %3 %, mid %4 %, high %5 %")
                           .arg(shownLayer())
                           .arg(head)
                           .arg(100 * share(m, 0), 0, 'f', 1)
                           .arg(100 * share(m, 1), 0, 'f', 1)
                           .arg(100 * share(m, 2), 0, 'f', 1),
                       m_plot);
}

}  // namespace headwave
