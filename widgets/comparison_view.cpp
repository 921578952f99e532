// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/comparison_view.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "widgets/color_maps.h"
#include "widgets/metric_text.h"
#include "widgets/plot_style.h"

namespace headwave {

namespace {

constexpr int kBands = 3;

QString bandName(int band) {
    switch (band) {
        case 0:
            return ComparisonView::tr("Low band");
        case 1:
            return ComparisonView::tr("Mid band");
        default:
            return ComparisonView::tr("High band");
    }
}

void setupGridAxes(QCustomPlot* plot) {
    plot->axisRect()->setupFullAxesBox(true);
    plot->xAxis->setLabel(ComparisonView::tr("Head"));
    plot->yAxis->setLabel(ComparisonView::tr("Layer"));
    plot->yAxis->setRangeReversed(true);  // layer 0 at the top, as in the head grid
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
    keepIntegerTicksFitted(plot, {plot->xAxis, plot->yAxis});
}

// The plot's legend in a row of its own under the axis rects (entries side by side or one per
// line), so that it never covers data.
void legendBelow(QCustomPlot* plot, bool sideBySide) {
    if (QCPLayout* inset = plot->legend->layout(); inset != nullptr) {
        inset->take(plot->legend);
        inset->simplify();
    }
    auto* row = new QCPLayoutGrid;
    const int at = plot->plotLayout()->rowCount();
    plot->plotLayout()->addElement(at, 0, row);
    row->setMargins(QMargins(5, 0, 5, 5));
    row->addElement(0, 0, plot->legend);
    // No wrapping: a wrapped grid keeps holes when entries are removed.
    plot->legend->setWrap(0);
    plot->legend->setFillOrder(sideBySide ? QCPLegend::foColumnsFirst : QCPLegend::foRowsFirst);
    plot->legend->setVisible(true);
    plot->plotLayout()->setRowStretchFactor(at, 0.001);
}

// A layer above the data with its own paint buffer, for what a selection moves (frames, rings):
// a selection redraws that layer alone (QCPLayer::replot), not the 2 x 1024 points under it.
QCPLayer* addSelectionLayer(QCustomPlot* plot) {
    plot->addLayer(QStringLiteral("selection"), plot->layer(QStringLiteral("main")),
                   QCustomPlot::limAbove);
    QCPLayer* layer = plot->layer(QStringLiteral("selection"));
    layer->setMode(QCPLayer::lmBuffered);
    return layer;
}

// A title row above the plot's axis rects.
void addTitle(QCustomPlot* plot, const QString& text) {
    plot->plotLayout()->insertRow(0);
    auto* title = new QCPTextElement(plot, text);
    plot->plotLayout()->addElement(0, 0, title);
}

}  // namespace

ComparisonView::ComparisonView(QWidget* parent) : QWidget(parent) {
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("comparisonBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(6);
    // A warning's colours, readable in the light and the dark theme alike.
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff3cd; color: #533f03; border: 1px solid #e0b84c; }"));
    m_banner->setVisible(false);

    m_metricBox = new QComboBox(this);
    m_metricBox->setObjectName(QStringLiteral("comparisonMetricBox"));
    connect(m_metricBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0) {
            setMetric(m_metricBox->itemData(i).toString());
        }
    });

    m_gridRow = new QWidget(this);
    new QGridLayout(m_gridRow);
    m_gridRow->layout()->setContentsMargins(0, 0, 0, 0);
    // Empty until a comparison arrives: without a minimum the splitter would give it no height.
    m_gridRow->setMinimumHeight(200);

    m_bandPlot = new QCustomPlot(this);
    m_bandPlot->setMinimumSize(260, 220);
    m_bandPlot->plotLayout()->clear();
    for (int b = 0; b < kBands; ++b) {
        auto* rect = new QCPAxisRect(m_bandPlot);
        m_bandPlot->plotLayout()->addElement(b, 0, rect);
        rect->axis(QCPAxis::atLeft)->setLabel(bandName(b) + QStringLiteral(" (%)"));
        m_bandRects.push_back(rect);
    }
    m_bandRects.back()->axis(QCPAxis::atBottom)->setLabel(tr("Layer"));
    addTitle(m_bandPlot, tr("Band shares per layer (mean over the layer's heads)"));
    // Whole layers when every source has the reference's shape; relative depth otherwise.
    connect(m_bandPlot, &QCustomPlot::afterLayout, this, [this] {
        const bool relative =
            m_comparison && m_comparison->matching == HeadMatching::ByRelativeDepth;
        for (QCPAxisRect* rect : m_bandRects) {
            QCPAxis* x = rect->axis(QCPAxis::atBottom);
            if (!relative) {
                fitIntegerTicks(x);
            } else if (x->ticker().dynamicCast<QCPAxisTickerFixed>()) {
                x->setTicker(QSharedPointer<QCPAxisTicker>::create());
            }
        }
    });
    m_bandPlot->legend = new QCPLegend;
    legendBelow(m_bandPlot, true);
    m_bandPlot->legend->setLayer(QStringLiteral("legend"));  // once it belongs to the plot
    std::vector<QCPAxis*> bandAxes;
    for (QCPAxisRect* rect : m_bandRects) {
        bandAxes.push_back(rect->axis(QCPAxis::atLeft));
    }
    keepVerticalTickCountFitted(m_bandPlot, QList<QCPAxis*>(bandAxes.begin(), bandAxes.end()));

    m_scatterPlot = new QCustomPlot(this);
    m_scatterPlot->setMinimumSize(260, 220);
    m_scatterPlot->xAxis->setLabel(tr("Positional entropy H_p (nats)"));
    m_scatterPlot->yAxis->setLabel(tr("Spectral entropy H_s (nats)"));
    legendBelow(m_scatterPlot, false);
    addTitle(m_scatterPlot, tr("Uncertainty scatter, one point per head"));
    m_scatterSelection = m_scatterPlot->addGraph();
    m_scatterSelection->setLineStyle(QCPGraph::lsNone);
    m_scatterSelection->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::red, 2.0), Qt::NoBrush, 14));
    m_scatterSelection->setName(tr("Selected head"));
    // The rings on top of every source's points, whichever graphs are added later.
    m_scatterSelection->setLayer(addSelectionLayer(m_scatterPlot));
    connect(m_scatterPlot, &QCustomPlot::mousePress, this, &ComparisonView::onScatterPress);

    m_spectrumPlot = new QCustomPlot(this);
    m_spectrumPlot->setMinimumSize(260, 220);
    m_spectrumPlot->xAxis->setLabel(tr("Normalised frequency r (1 = Nyquist)"));
    m_spectrumPlot->yAxis->setLabel(tr("Power |X[k]|²"));
    m_spectrumPlot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_spectrumPlot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    legendBelow(m_spectrumPlot, false);
    addTitle(m_spectrumPlot, tr("Spectrum of the selected head in each source"));

    for (QCustomPlot* p : {m_bandPlot, m_scatterPlot, m_spectrumPlot}) {
        applyPlotPalette(p, palette());
    }

    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Colour by"), this));
    controls->addWidget(m_metricBox, 1);

    auto* plots = new QSplitter(Qt::Horizontal, this);
    plots->addWidget(m_bandPlot);
    plots->addWidget(m_scatterPlot);
    plots->addWidget(m_spectrumPlot);
    auto* rows = new QSplitter(Qt::Vertical, this);
    rows->addWidget(m_gridRow);
    rows->addWidget(plots);
    rows->addWidget(m_table);
    rows->setChildrenCollapsible(false);
    rows->setStretchFactor(0, 3);
    rows->setStretchFactor(1, 3);
    rows->setStretchFactor(2, 1);
    rows->setSizes({420, 380, 110});  // the grids first: a 32-layer model needs the height

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addLayout(controls);
    layout->addWidget(rows, 1);
    rebuild();
}

ComparisonView::~ComparisonView() = default;

QString ComparisonView::sourceLabel(int source) const {
    return QString::fromStdString(m_comparison->sources[static_cast<std::size_t>(source)].label);
}

QCPGraph* ComparisonView::bandGraph(int source, int band) const {
    if (source < 0 || static_cast<std::size_t>(source) >= m_bandGraphs.size()) {
        return nullptr;
    }
    return m_bandGraphs[static_cast<std::size_t>(source)][static_cast<std::size_t>(band)];
}

QCPGraph* ComparisonView::scatterGraph(int source) const {
    return source >= 0 && static_cast<std::size_t>(source) < m_scatterGraphs.size()
               ? m_scatterGraphs[static_cast<std::size_t>(source)]
               : nullptr;
}

QCPGraph* ComparisonView::spectrumGraph(int source) const {
    return source >= 0 && static_cast<std::size_t>(source) < m_spectrumGraphs.size()
               ? m_spectrumGraphs[static_cast<std::size_t>(source)]
               : nullptr;
}

std::vector<std::pair<QString, QCustomPlot*>> ComparisonView::figures() const {
    std::vector<std::pair<QString, QCustomPlot*>> out;
    const int sources = m_comparison ? static_cast<int>(m_comparison->sources.size()) : 0;
    for (int i = 0; i < gridCount(); ++i) {
        out.emplace_back(i < sources ? QStringLiteral("grid_%1").arg(i)
                                     : QStringLiteral("difference_%1").arg(i - sources + 1),
                         gridPlot(i));
    }
    out.emplace_back(QStringLiteral("band_shares"), m_bandPlot);
    out.emplace_back(QStringLiteral("uncertainty_scatter"), m_scatterPlot);
    out.emplace_back(QStringLiteral("spectrum"), m_spectrumPlot);
    return out;
}

void ComparisonView::setComparison(ComparisonPtr comparison) {
    m_comparison = std::move(comparison);
    if (m_comparison && (m_layer >= m_comparison->layers || m_head >= m_comparison->heads)) {
        m_layer = m_head = -1;
    }
    if (m_comparison && m_layer < 0) {
        m_layer = 0;
        m_head = 0;
    }
    {
        const QSignalBlocker block(m_metricBox);
        m_metricBox->clear();
        if (m_comparison) {
            for (const ComparisonMetric& m : m_comparison->metrics) {
                const MetricFamily* f = findMetricFamily(m.key);
                m_metricBox->addItem(
                    f ? metricFirstColumnHeader(*f) : QString::fromStdString(m.key),
                    QString::fromStdString(m.key));
            }
            int i = m_metricBox->findData(m_metric);
            if (i < 0) {
                i = 0;
                m_metric = m_metricBox->itemData(0).toString();
            }
            m_metricBox->setCurrentIndex(i);
        }
    }
    rebuild();
}

void ComparisonView::setMetric(const QString& key) {
    if (!m_comparison || m_comparison->metricIndex(key.toStdString()) < 0) {
        return;
    }
    m_metric = key;
    const int i = m_metricBox->findData(key);
    if (m_metricBox->currentIndex() != i) {
        const QSignalBlocker block(m_metricBox);
        m_metricBox->setCurrentIndex(i);
    }
    rebuildGrids();
    updateSelection();
    replotAll();
}

void ComparisonView::setSelectedHead(int layer, int head) {
    if (!m_comparison || layer < 0 || head < 0 || layer >= m_comparison->layers ||
        head >= m_comparison->heads) {
        return;
    }
    m_layer = layer;
    m_head = head;
    updateSelection();
}

void ComparisonView::replotAll() {
    for (const Grid& g : m_grids) {
        g.plot->replot(QCustomPlot::rpImmediateRefresh);
    }
    m_bandPlot->replot(QCustomPlot::rpImmediateRefresh);
    m_scatterPlot->replot(QCustomPlot::rpImmediateRefresh);
    m_spectrumPlot->replot(QCustomPlot::rpImmediateRefresh);
}

void ComparisonView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_spectrumPlot != nullptr) {
        for (const auto& [stem, plot] : figures()) {
            applyPlotPalette(plot, palette());
        }
        replotAll();
    }
}

void ComparisonView::replotSelection() {
    for (const Grid& g : m_grids) {
        g.frame->layer()->replot();
    }
    m_scatterSelection->layer()->replot();
    m_spectrumPlot->replot(QCustomPlot::rpImmediateRefresh);
}

void ComparisonView::rebuild() {
    updateBanner();
    rebuildGrids();
    rebuildBands();
    rebuildScatter();
    rebuildTable();
    updateSelection();
    replotAll();
}

void ComparisonView::clearGrids() {
    for (Grid& g : m_grids) {
        delete g.plot;
    }
    m_grids.clear();
}

void ComparisonView::updateBanner() {
    if (!m_comparison) {
        m_banner->setVisible(false);
        return;
    }
    QStringList lines;
    if (m_comparison->settingsDiffer()) {
        QStringList fields;
        for (const SettingDifference& d : m_comparison->settingDifferences) {
            QStringList values;
            for (std::size_t s = 0; s < d.values.size(); ++s) {
                values << QStringLiteral("%1 %2").arg(sourceLabel(static_cast<int>(s)),
                                                      QString::fromStdString(d.values[s]));
            }
            fields << QStringLiteral("%1 (%2)").arg(QString::fromStdString(d.key),
                                                    values.join(QStringLiteral(", ")));
        }
        lines << tr("These sources were analysed with different settings, so their numbers are "
                    "not directly comparable: %1.")
                     .arg(fields.join(QStringLiteral("; ")));
    }
    if (m_comparison->matching == HeadMatching::ByRelativeDepth) {
        lines << tr(
            "The sources have different shapes, so heads are matched by relative depth: layer l of "
            "the first source (L₁ layers) meets layer round(l (L − 1) / (L₁ − 1)) of a source with "
            "L layers, and heads likewise when their counts differ.");
    }
    m_banner->setText(lines.join(QLatin1Char('\n')));
    QStringList notes;  // which source has which shape, in the engine's words
    for (const std::string& note : m_comparison->notes) {
        notes << QString::fromStdString(note);
    }
    m_banner->setToolTip(notes.join(QLatin1Char('\n')));
    m_banner->setVisible(!lines.isEmpty());
}

void ComparisonView::rebuildGrids() {
    const int sources = m_comparison ? static_cast<int>(m_comparison->sources.size()) : 0;
    const int wanted = sources > 0 ? 2 * sources - 1 : 0;
    if (gridCount() != wanted) {
        clearGrids();
        for (int i = 0; i < wanted; ++i) {
            Grid g;
            g.plot = new QCustomPlot(m_gridRow);
            g.plot->setMinimumSize(220, 200);
            setupGridAxes(g.plot);
            addTitle(g.plot, QString());
            g.map = new QCPColorMap(g.plot->xAxis, g.plot->yAxis);
            g.map->setInterpolate(false);
            g.map->setTightBoundary(false);
            auto* scale = new QCPColorScale(g.plot);
            g.plot->plotLayout()->addElement(1, 1, scale);
            g.map->setColorScale(scale);
            auto* group = new QCPMarginGroup(g.plot);
            g.plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
            scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
            g.frame = new QCPItemRect(g.plot);
            g.frame->setLayer(addSelectionLayer(g.plot));
            g.frame->setPen(QPen(i < sources ? Qt::white : Qt::black, 2.5));
            g.frame->setBrush(Qt::NoBrush);
            applyPlotPalette(g.plot, palette());
            QCustomPlot* plot = g.plot;
            connect(plot, &QCustomPlot::mousePress, this,
                    [this, plot](QMouseEvent* e) { onGridPress(plot, e); });
            // Two sources: A, B and B − A in a row. More: the sources in a row, each difference
            // under its source.
            auto* grid = static_cast<QGridLayout*>(m_gridRow->layout());
            if (sources <= 2 || i < sources) {
                grid->addWidget(g.plot, 0, i);
            } else {
                grid->addWidget(g.plot, 1, i - sources + 1);
            }
            g.plot->show();  // now, not at the layout's queued show: a grab right after sees it
            m_grids.push_back(g);
        }
    }
    if (!m_comparison) {
        return;
    }
    const int metric = m_comparison->metricIndex(m_metric.toStdString());
    if (metric < 0) {
        return;
    }
    const ComparisonMetric& m = m_comparison->metrics[static_cast<std::size_t>(metric)];
    const int layers = m_comparison->layers;
    const int heads = m_comparison->heads;
    const auto cellRange = [](int n) { return n > 1 ? QCPRange(0, n - 1) : QCPRange(-0.5, 0.5); };
    const MetricFamily* family = findMetricFamily(m.key);
    const QString header =
        family ? metricFirstColumnHeader(*family) : QString::fromStdString(m.label);
    for (int i = 0; i < wanted; ++i) {
        const bool difference = i >= sources;
        const int source = difference ? i - sources + 1 : i;
        const std::vector<double>& values =
            difference ? m_comparison->difference(metric, source) : m_comparison->grid(metric, i);
        Grid& g = m_grids[static_cast<std::size_t>(i)];
        g.map->data()->setSize(heads, layers);
        g.map->data()->setRange(cellRange(heads), cellRange(layers));
        for (int l = 0; l < layers; ++l) {
            for (int h = 0; h < heads; ++h) {
                g.map->data()->setCell(h, l, values[static_cast<std::size_t>(l * heads + h)]);
            }
        }
        if (difference) {
            // Diverging about 0, symmetric, so white is "no difference".
            const double r = m.maxAbsDifference > 0 ? m.maxAbsDifference : 1.0;
            g.map->setGradient(colorGradient(ColorMap::Diverging));
            g.map->setDataRange(QCPRange(-r, r));
        } else {
            // One colour scale for every source.
            const bool valid = std::isfinite(m.low) && m.high > m.low;
            g.map->setGradient(colorGradient(ColorMap::Viridis));
            g.map->setDataRange(valid ? QCPRange(m.low, m.high)
                                      : QCPRange(std::isfinite(m.low) ? m.low - 0.5 : 0,
                                                 std::isfinite(m.low) ? m.low + 0.5 : 1));
        }
        auto* title = qobject_cast<QCPTextElement*>(g.plot->plotLayout()->element(0, 0));
        // A source of another shape is drawn on A's grid: say whose heads the cells are.
        const AttentionShape& shape =
            m_comparison->sources[static_cast<std::size_t>(source)].analysis->metrics->shape;
        const bool matched = source > 0 && (shape.layers != layers || shape.heads != heads);
        const QString name = matched ? tr("%1 (heads matched by depth)").arg(sourceLabel(source))
                                     : sourceLabel(source);
        title->setText(difference ? tr("%1 − %2: %3").arg(name, sourceLabel(0), header)
                                  : tr("%1: %2").arg(name, header));
        g.plot->xAxis->setRange(-0.5, heads - 0.5);
        g.plot->yAxis->setRange(-0.5, layers - 0.5);
    }
}

void ComparisonView::rebuildBands() {
    for (QCPAxisRect* rect : m_bandRects) {
        for (QCPGraph* graph : rect->graphs()) {
            m_bandPlot->removeGraph(graph);
        }
    }
    m_bandGraphs.clear();
    if (!m_comparison) {
        return;
    }
    const bool relative = m_comparison->matching == HeadMatching::ByRelativeDepth;
    m_bandRects.back()
        ->axis(QCPAxis::atBottom)
        ->setLabel(relative ? tr("Relative depth") : tr("Layer"));
    for (std::size_t s = 0; s < m_comparison->sources.size(); ++s) {
        std::vector<QCPGraph*> graphs;
        const std::vector<double>& depth = m_comparison->relativeDepth[s];
        QVector<double> x(static_cast<qsizetype>(depth.size()));
        for (std::size_t l = 0; l < depth.size(); ++l) {
            x[static_cast<qsizetype>(l)] = relative ? depth[l] : static_cast<double>(l);
        }
        for (int b = 0; b < kBands; ++b) {
            QCPAxisRect* rect = m_bandRects[static_cast<std::size_t>(b)];
            QCPGraph* g =
                m_bandPlot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            const std::vector<double>& mean =
                m_comparison->bandMean[s][static_cast<std::size_t>(b)];
            QVector<double> y(static_cast<qsizetype>(mean.size()));
            for (std::size_t l = 0; l < mean.size(); ++l) {
                y[static_cast<qsizetype>(l)] = 100.0 * mean[l];  // a fraction, drawn in %
            }
            g->setData(x, y, true);
            g->setPen(QPen(seriesColor(static_cast<int>(s)), 2.0));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
            g->setName(sourceLabel(static_cast<int>(s)));
            if (b > 0) {
                g->removeFromLegend();
            }
            graphs.push_back(g);
        }
        m_bandGraphs.push_back(std::move(graphs));
    }
    for (QCPAxisRect* rect : m_bandRects) {
        for (QCPAxis* axis : rect->axes()) {
            axis->rescale();
        }
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        y->setRange(y->range().lower - 2, y->range().upper + 2);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        const double pad = relative ? 0.03 : 0.5;
        x->setRange(x->range().lower - pad, x->range().upper + pad);
    }
}

void ComparisonView::rebuildScatter() {
    for (QCPGraph* g : m_scatterGraphs) {
        m_scatterPlot->removeGraph(g);
    }
    m_scatterGraphs.clear();
    if (!m_comparison) {
        return;
    }
    for (std::size_t s = 0; s < m_comparison->sources.size(); ++s) {
        const SequenceMetrics& metrics = *m_comparison->sources[s].analysis->metrics;
        QVector<double> x, y;
        for (const HeadMetrics& h : metrics.heads) {
            x.push_back(h.positionalEntropy);
            y.push_back(h.spectralEntropy);
        }
        QCPGraph* g = m_scatterPlot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        QColor c = seriesColor(static_cast<int>(s));
        QColor fill = c;
        fill.setAlpha(110);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, fill, 6));
        g->setData(x, y);  // not sorted: one point per head, in head order
        g->setName(sourceLabel(static_cast<int>(s)));
        m_scatterGraphs.push_back(g);
    }
    m_scatterPlot->rescaleAxes();
    for (QCPAxis* axis : {m_scatterPlot->xAxis, m_scatterPlot->yAxis}) {
        const double pad = 0.05 * std::max(axis->range().size(), 1e-3);
        axis->setRange(axis->range().lower - pad, axis->range().upper + pad);
    }
}

void ComparisonView::rebuildTable() {
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    if (!m_comparison || m_comparison->tables.empty()) {
        return;
    }
    const Table& t = m_comparison->tables.front();
    m_table->setColumnCount(static_cast<int>(t.header.size()));
    QStringList header;
    for (const std::string& h : t.header) {
        header << QString::fromStdString(h);
    }
    m_table->setHorizontalHeaderLabels(header);
    m_table->setRowCount(static_cast<int>(t.rows.size()));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            m_table->setItem(static_cast<int>(r), static_cast<int>(c),
                             new QTableWidgetItem(QString::fromStdString(t.rows[r][c])));
        }
    }
    m_table->setToolTip(QString::fromStdString(t.note));
    m_table->resizeColumnsToContents();
}

void ComparisonView::updateSelection() {
    const bool valid = m_comparison && m_layer >= 0 && m_head >= 0;
    for (Grid& g : m_grids) {
        g.frame->setVisible(valid);
        if (valid) {
            g.frame->topLeft->setCoords(m_head - 0.5, m_layer - 0.5);
            g.frame->bottomRight->setCoords(m_head + 0.5, m_layer + 0.5);
        }
    }
    // One graph per source, made when the sources change and refilled on every selection (a
    // selection then costs no legend layout).
    const std::size_t sources = m_comparison ? m_comparison->sources.size() : 0;
    if (m_spectrumGraphs.size() != sources) {
        for (QCPGraph* g : m_spectrumGraphs) {
            m_spectrumPlot->removeGraph(g);
        }
        m_spectrumGraphs.clear();
        for (std::size_t s = 0; s < sources; ++s) {
            QCPGraph* g = m_spectrumPlot->addGraph();
            g->setPen(QPen(seriesColor(static_cast<int>(s)), 1.8));
            m_spectrumGraphs.push_back(g);
        }
    }
    m_scatterSelection->data()->clear();
    for (QCPGraph* g : m_spectrumGraphs) {
        g->data()->clear();
    }
    if (!valid) {
        return;
    }
    QVector<double> sx, sy;
    for (std::size_t s = 0; s < m_comparison->sources.size(); ++s) {
        const AnalysisSnapshot& a = *m_comparison->sources[s].analysis;
        const HeadRef at = m_comparison->matchedHead(static_cast<int>(s), m_layer, m_head);
        const HeadMetrics& hm = a.metrics->at(at.layer, at.head);
        sx.push_back(hm.positionalEntropy);
        sy.push_back(hm.spectralEntropy);
        QCPGraph* g = m_spectrumGraphs[s];
        g->setName(
            tr("%1, head %2:%3").arg(sourceLabel(static_cast<int>(s))).arg(at.layer).arg(at.head));
        if (const HeadDetail* d = a.detail(at.layer, at.head); d != nullptr) {
            QVector<double> x, y;
            for (std::size_t k = 0; k < d->power.size() && k < d->frequency.size(); ++k) {
                if (d->power[k] > 0) {  // a logarithmic axis cannot draw 0
                    x.push_back(d->frequency[k]);
                    y.push_back(d->power[k]);
                }
            }
            g->setData(x, y, true);
        } else {
            g->setName(g->name() + tr(" (no spectrum kept)"));
        }
    }
    m_scatterSelection->setData(sx, sy);
    m_spectrumPlot->rescaleAxes();
    m_spectrumPlot->xAxis->setRange(0, 1);
}

void ComparisonView::onGridPress(QCustomPlot* plot, QMouseEvent* event) {
    if (!m_comparison) {
        return;
    }
    const double x = plot->xAxis->pixelToCoord(event->position().x());
    const double y = plot->yAxis->pixelToCoord(event->position().y());
    const int head = static_cast<int>(std::lround(x));
    const int layer = static_cast<int>(std::lround(y));
    if (layer < 0 || head < 0 || layer >= m_comparison->layers || head >= m_comparison->heads) {
        return;
    }
    setSelectedHead(layer, head);
    replotSelection();
    Q_EMIT headSelected(layer, head);
}

void ComparisonView::onScatterPress(QMouseEvent* event) {
    if (!m_comparison) {
        return;
    }
    // The nearest point of the first source within 12 pixels selects its head.
    const QPointF p = event->position();
    double best = 12.0 * 12.0;
    int bestIndex = -1;
    const SequenceMetrics& m = *m_comparison->sources[0].analysis->metrics;
    for (std::size_t i = 0; i < m.heads.size(); ++i) {
        const double px = m_scatterPlot->xAxis->coordToPixel(m.heads[i].positionalEntropy);
        const double py = m_scatterPlot->yAxis->coordToPixel(m.heads[i].spectralEntropy);
        const double d = (px - p.x()) * (px - p.x()) + (py - p.y()) * (py - p.y());
        if (d < best) {
            best = d;
            bestIndex = static_cast<int>(i);
        }
    }
    if (bestIndex < 0) {
        return;
    }
    const int layer = bestIndex / m.shape.heads;
    const int head = bestIndex % m.shape.heads;
    setSelectedHead(layer, head);
    replotSelection();
    Q_EMIT headSelected(layer, head);
}

}  // namespace headwave
