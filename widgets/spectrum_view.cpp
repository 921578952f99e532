// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/spectrum_view.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/plot_style.h"

namespace headwave {

namespace {

// Above the highest value on the linear axis: room for the band labels at the top.
constexpr double kLinearHeadroom = 1.3;
// Decades above the highest and below the lowest positive value on the logarithmic axis.
constexpr double kLogHeadroom = 20.0;
constexpr double kLogFootroom = 0.5;
// Fill opacity of the band shading: light enough for the curves to read on both themes.
constexpr float kBandAlpha = 0.13f;

QString headName(int layer, int head) {
    return SpectrumView::tr("Layer %1, head %2").arg(layer).arg(head);
}

}  // namespace

SpectrumView::SpectrumView(QWidget* parent) : HeadView(parent) {
    m_logBox = new QCheckBox(tr("Logarithmic power"), this);
    m_logBox->setObjectName(QStringLiteral("logScaleBox"));
    connect(m_logBox, &QCheckBox::toggled, this, &SpectrumView::setLogScale);
    m_pinButton = new QPushButton(tr("Pin head"), this);
    m_pinButton->setObjectName(QStringLiteral("pinButton"));
    m_pinButton->setToolTip(tr("Keep this head's spectrum drawn while other heads are selected"));
    connect(m_pinButton, &QPushButton::clicked, this, [this] {
        if (!hasSelection()) {
            return;
        }
        const HeadRef ref{selectedLayer(), selectedHead()};
        if (std::find(m_pins.begin(), m_pins.end(), ref) != m_pins.end()) {
            unpinHead(ref.layer, ref.head);
        } else {
            pinHead(ref.layer, ref.head);
        }
    });
    m_clearButton = new QPushButton(tr("Clear pins"), this);
    m_clearButton->setObjectName(QStringLiteral("clearPinsButton"));
    connect(m_clearButton, &QPushButton::clicked, this, &SpectrumView::clearPins);

    m_plot = new QCustomPlot(this);
    // Lines as one polyline, not one antialiased segment per point (much faster for long T).
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 14);
    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), -1, QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_plot->xAxis->setLabel(tr("Normalised frequency r (1 = Nyquist)"));
    m_plot->yAxis->setLabel(tr("Power |X[k]|\u00B2"));
    m_plot->xAxis->setRange(0, 1);
    m_plot->axisRect()->setupFullAxesBox(true);
    m_plot->xAxis2->setTickLabels(false);
    m_plot->yAxis2->setTickLabels(false);

    // The legend of pinned heads sits under the plot, in as many columns as fit.
    m_plot->legend->setVisible(false);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(4);

    m_plot->addLayer(QStringLiteral("bands"), m_plot->layer(QStringLiteral("grid")),
                     QCustomPlot::limBelow);
    for (int b = 0; b < 3; ++b) {
        auto* rect = new QCPItemRect(m_plot);
        rect->setLayer(QStringLiteral("bands"));
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        QColor fill = bandColor(b);
        fill.setAlphaF(kBandAlpha);
        rect->setBrush(fill);
        rect->setPen(Qt::NoPen);
        rect->setSelectable(false);
        m_bandRects[static_cast<std::size_t>(b)] = rect;
        auto* label = new QCPItemText(m_plot);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        label->setTextAlignment(Qt::AlignCenter);
        label->setPadding(QMargins(2, 2, 2, 2));
        label->setSelectable(false);
        m_bandLabels[static_cast<std::size_t>(b)] = label;
    }

    // The selected head is drawn over the pinned ones.
    m_plot->addLayer(QStringLiteral("selected"), m_plot->layer(QStringLiteral("main")),
                     QCustomPlot::limAbove);
    m_current = m_plot->addGraph();
    m_current->setLayer(QStringLiteral("selected"));
    m_current->setPen(QPen(seriesColor(0), 2));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_logBox);
    controls->addStretch(1);
    controls->addWidget(m_pinButton);
    controls->addWidget(m_clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    rebuild();
}

SpectrumView::~SpectrumView() {
    // The layout deletes what it holds; a legend taken out of it (no pins) is deleted here.
    QCPLayoutGrid* layout = m_plot->plotLayout();
    if (!(layout->rowCount() > 2 && layout->element(2, 0) == m_plot->legend)) {
        delete m_plot->legend;
        m_plot->legend = nullptr;
    }
}

void SpectrumView::setLogScale(bool log) {
    m_log = log;
    if (m_logBox->isChecked() != log) {
        m_logBox->setChecked(log);  // re-enters through toggled
        return;
    }
    rebuild();
}

void SpectrumView::pinHead(int layer, int head) {
    const HeadRef ref{layer, head};
    if (!metricsOf(layer, head) || std::find(m_pins.begin(), m_pins.end(), ref) != m_pins.end()) {
        return;
    }
    m_pins.push_back(ref);
    rebuild();
}

void SpectrumView::unpinHead(int layer, int head) {
    const auto it = std::find(m_pins.begin(), m_pins.end(), HeadRef{layer, head});
    if (it == m_pins.end()) {
        return;
    }
    m_pins.erase(it);
    rebuild();
}

void SpectrumView::clearPins() {
    m_pins.clear();
    rebuild();
}

QCPGraph* SpectrumView::pinnedGraph(int layer, int head) const {
    const auto it = std::find(m_pins.begin(), m_pins.end(), HeadRef{layer, head});
    if (it == m_pins.end()) {
        return nullptr;
    }
    return m_pinGraphs[static_cast<std::size_t>(it - m_pins.begin())];
}

QString SpectrumView::title() const {
    return m_title->text();
}

void SpectrumView::snapshotChanged() {
    // Pins of heads that no longer exist are dropped.
    std::erase_if(m_pins, [this](const HeadRef& r) { return !metricsOf(r.layer, r.head); });
    rebuild();
}

void SpectrumView::selectionChanged() {
    rebuild();
}

void SpectrumView::paletteChanged() {
    applyPlotPalette(m_plot, palette());
    rebuild();
}

void SpectrumView::setGraphData(QCPGraph* graph, const HeadDetail& detail) const {
    const std::size_t n = std::min(detail.frequency.size(), detail.power.size());
    QVector<double> keys(static_cast<qsizetype>(n));
    QVector<double> values(static_cast<qsizetype>(n));
    for (std::size_t k = 0; k < n; ++k) {
        keys[static_cast<qsizetype>(k)] = detail.frequency[k];
        const double p = detail.power[k];
        // A logarithmic axis has no place for 0: such bins are gaps, not a line to -infinity.
        values[static_cast<qsizetype>(k)] =
            m_log && !(p > 0) ? std::numeric_limits<double>::quiet_NaN() : p;
    }
    graph->setData(keys, values, true);
}

void SpectrumView::updateButtons() {
    const bool pinned =
        hasSelection() && std::find(m_pins.begin(), m_pins.end(),
                                    HeadRef{selectedLayer(), selectedHead()}) != m_pins.end();
    m_pinButton->setText(pinned ? tr("Unpin head") : tr("Pin head"));
    m_pinButton->setEnabled(hasSelection());
    m_clearButton->setEnabled(!m_pins.empty());
}

void SpectrumView::rebuild() {
    updateButtons();
    for (QCPGraph* g : m_pinGraphs) {
        m_plot->removeGraph(g);
    }
    m_pinGraphs.clear();
    m_current->data()->clear();

    const QColor ink = palette().color(QPalette::WindowText);
    const AnalysisSnapshot* s = snapshot().get();
    const HeadDetail* current =
        hasSelection() && s ? s->detail(selectedLayer(), selectedHead()) : nullptr;
    if (!s || !s->metrics) {
        m_title->setText(tr("Power spectrum \u2014 no analysis yet"));
    } else if (!hasSelection()) {
        m_title->setText(tr("Power spectrum \u2014 select a head"));
    } else if (!current) {
        m_title->setText(
            tr("Power spectrum \u2014 %1: not in this result (a corpus run keeps no spectra)")
                .arg(headName(selectedLayer(), selectedHead())));
    } else {
        m_title->setText(
            tr("Power spectrum \u2014 %1").arg(headName(selectedLayer(), selectedHead())));
    }

    // Bands: [0, low edge), [low edge, high edge), [high edge, 1].
    const MethodSettings settings = s ? s->settings : MethodSettings{};
    const std::array<double, 4> edges = {0.0, settings.bandLowEdge, settings.bandHighEdge, 1.0};
    const HeadMetrics* m = hasSelection() ? metricsOf(selectedLayer(), selectedHead()) : nullptr;
    const std::array<QString, 3> names = {tr("Low"), tr("Mid"), tr("High")};
    for (std::size_t b = 0; b < 3; ++b) {
        m_bandRects[b]->topLeft->setCoords(edges[b], 0.0);
        m_bandRects[b]->bottomRight->setCoords(edges[b + 1], 1.0);
        const double share = !m       ? std::numeric_limits<double>::quiet_NaN()
                             : b == 0 ? m->bandLow
                             : b == 1 ? m->bandMid
                                      : m->bandHigh;
        m_bandLabels[b]->position->setCoords(0.5 * (edges[b] + edges[b + 1]), 0.02);
        m_bandLabels[b]->setText(std::isfinite(share)
                                     ? tr("%1\n%2 %").arg(names[b]).arg(100.0 * share, 0, 'f', 1)
                                     : names[b]);
        m_bandLabels[b]->setColor(ink);
        m_bandLabels[b]->setFont(font());
    }

    double hi = 0;
    double loPositive = std::numeric_limits<double>::infinity();
    auto extend = [&](const HeadDetail& d) {
        for (double p : d.power) {
            if (std::isfinite(p)) {
                hi = std::max(hi, p);
                if (p > 0) {
                    loPositive = std::min(loPositive, p);
                }
            }
        }
    };
    if (current) {
        setGraphData(m_current, *current);
        m_current->setName(tr("%1 (selected)").arg(headName(selectedLayer(), selectedHead())));
        extend(*current);
    }
    for (std::size_t i = 0; i < m_pins.size(); ++i) {
        const HeadRef& r = m_pins[i];
        QCPGraph* g = m_plot->addGraph();
        g->setPen(QPen(seriesColor(static_cast<int>(i) + 1), 1.5));
        g->setName(headName(r.layer, r.head));
        if (const HeadDetail* d = s ? s->detail(r.layer, r.head) : nullptr) {
            setGraphData(g, *d);
            extend(*d);
        }
        m_pinGraphs.push_back(g);
    }
    // Legend: the selected head first, then the pins in pinning order.
    m_plot->legend->clearItems();
    if (!m_pins.empty() && current) {
        m_current->addToLegend();
    }
    for (QCPGraph* g : m_pinGraphs) {
        g->addToLegend();
    }
    // An empty legend still caps its layout column at its own (tiny) maximum width, squeezing
    // the plot: it leaves the layout while there is nothing to list.
    const bool legend = !m_pins.empty();
    QCPLayoutGrid* layout = m_plot->plotLayout();
    const bool inLayout = layout->rowCount() > 2 && layout->element(2, 0) == m_plot->legend;
    if (legend && !inLayout) {
        layout->addElement(2, 0, m_plot->legend);
        layout->setRowStretchFactor(2, 0.001);
    } else if (!legend && inLayout) {
        layout->take(m_plot->legend);
        layout->simplify();
    }
    m_plot->legend->setVisible(legend);
    m_plot->legend->setTextColor(ink);
    for (int i = 0; i < m_plot->legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem* item = m_plot->legend->item(i)) {
            item->setTextColor(ink);
        }
    }
    m_current->setVisible(current != nullptr);

    if (m_log) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        if (std::isfinite(loPositive) && hi > 0) {
            m_plot->yAxis->setRange(loPositive * kLogFootroom, hi * kLogHeadroom);
        } else {
            m_plot->yAxis->setRange(1e-6, 1);
        }
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        m_plot->yAxis->setRange(0, hi > 0 ? hi * kLinearHeadroom : 1);
    }
    m_plot->yAxis2->setScaleType(m_plot->yAxis->scaleType());
    m_plot->yAxis2->setTicker(m_plot->yAxis->ticker());
    m_plot->yAxis2->setRange(m_plot->yAxis->range());
    m_plot->xAxis->setRange(0, 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace headwave
