// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/timeline_view.h"

#include <qcustomplot.h>
#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/metric_text.h"
#include "widgets/plot_style.h"

namespace headwave {

namespace {

constexpr const MetricFamily& kSpectralEntropy = metricFamily("spectral_entropy");
constexpr const MetricFamily& kSelectivity = metricFamily("selectivity");
constexpr const MetricFamily& kSensitivity = metricFamily("scale_sensitivity_a{alpha}");
constexpr std::array<const MetricFamily*, 3> kBands = {
    &metricFamily("band_low"), &metricFamily("band_mid"), &metricFamily("band_high")};

// The label of a twin's category: its positional scheme, else its folder's name.
QString categoryOf(const TimelineRow& row) {
    return QString::fromStdString(row.positional.empty() ? row.name : row.positional);
}

}  // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 50, fontMetrics().height() * 26);

    QCPLayoutGrid* layout = m_plot->plotLayout();
    QCPAxisRect* first = m_plot->axisRect();
    layout->take(first);
    first->insetLayout()->take(m_plot->legend);
    layout->simplify();
    const QFont bold(font().family(), -1, QFont::Bold);
    m_title = new QCPTextElement(m_plot, QString(), bold);
    layout->addElement(0, 0, m_title);
    auto* grid = new QCPLayoutGrid;
    layout->addElement(1, 0, grid);
    layout->addElement(2, 0, m_plot->legend);
    layout->setRowStretchFactor(0, 0.001);
    layout->setRowStretchFactor(2, 0.001);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(5);

    const QString yLabels[4] = {metricFamilyHeader(kSpectralEntropy),
                                metricFamilyHeader(kSelectivity), tr("Band share (%)"),
                                metricFamilyHeader(kSensitivity)};
    auto* group = new QCPMarginGroup(m_plot);
    for (int p = 0; p < 4; ++p) {
        QCPAxisRect* r = p == 0 ? first : new QCPAxisRect(m_plot);
        grid->addElement(p / 2, p % 2, r);
        r->axis(QCPAxis::atLeft)->setLabel(yLabels[p]);
        r->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        m_rects[static_cast<std::size_t>(p)] = r;
    }

    auto addGraph = [this](int panel, const QColor& color, const QString& name) {
        QCPAxisRect* r = m_rects[static_cast<std::size_t>(panel)];
        QCPGraph* g = m_plot->addGraph(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
        g->setPen(QPen(color, 2));
        g->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, color, fontMetrics().height() * 0.45));
        g->setName(name);
        return g;
    };
    auto addErrors = [this](QCPGraph* g, const QColor& color) {
        auto* e = new QCPErrorBars(g->keyAxis(), g->valueAxis());
        e->setDataPlottable(g);
        e->setPen(QPen(color, 1));
        e->setWhiskerWidth(fontMetrics().averageCharWidth());
        e->removeFromLegend();
        return e;
    };
    m_entropy = addGraph(0, seriesColor(0), metricText(kSpectralEntropy.label));
    m_entropy->removeFromLegend();
    m_entropyErrors = addErrors(m_entropy, seriesColor(0));
    m_selectivity = addGraph(1, seriesColor(1), metricText(kSelectivity.label));
    m_selectivity->removeFromLegend();
    m_selectivityErrors = addErrors(m_selectivity, seriesColor(1));
    m_bands[0] = addGraph(2, bandColor(0), tr("Low band"));
    m_bands[1] = addGraph(2, bandColor(1), tr("Mid band"));
    m_bands[2] = addGraph(2, bandColor(2), tr("High band"));

    // Readable at any size: ticks that do not overlap, labels elided, the legend wrapped to
    // as many items a row as the width holds.
    QList<QCPAxis*> axes;
    for (QCPAxisRect* r : m_rects) {
        axes << r->axis(QCPAxis::atBottom) << r->axis(QCPAxis::atLeft);
    }
    keepAxisTextReadable(m_plot, axes);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        int widest = 1;
        for (int i = 0; i < m_plot->legend->itemCount(); ++i) {
            if (const QCPAbstractLegendItem* item = m_plot->legend->item(i); item != nullptr) {
                widest = std::max(widest, item->minimumOuterSizeHint().width());
            }
        }
        const int wrap = std::max(1, (m_plot->width() - 20) / widest);
        if (wrap != m_plot->legend->wrap()) {
            m_plot->legend->setWrap(wrap);
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(4, 4, 4, 4);
    box->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    rebuild();
}

TimelineView::~TimelineView() = default;

void TimelineView::setRows(std::shared_ptr<const std::vector<TimelineRow>> rows) {
    m_rows = std::move(rows);
    rebuild();
}

void TimelineView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPlotPalette(m_plot, palette());
        m_plot->replot();
    }
}

void TimelineView::rebuild() {
    const std::vector<TimelineRow> empty;
    const std::vector<TimelineRow>& rows = m_rows ? *m_rows : empty;
    // Checkpoints of one run: every row has a step and they share one positional scheme. Twins
    // (different schemes, usually the same step) are categories.
    m_timeline = !rows.empty() && std::all_of(rows.begin(), rows.end(), [&](const TimelineRow& r) {
        return r.step >= 0 && r.positional == rows.front().positional;
    });
    m_labels.clear();

    // One graph per alpha of the first row (every row of one computation has the same alphas).
    const std::vector<double> alphas =
        rows.empty() ? std::vector<double>{} : rows.front().layout.settings().alphas;
    while (m_sensitivity.size() > alphas.size()) {
        m_plot->removeGraph(m_sensitivity.back());
        m_sensitivity.pop_back();
    }
    while (m_sensitivity.size() < alphas.size()) {
        const int i = static_cast<int>(m_sensitivity.size());
        QCPAxisRect* r = m_rects[3];
        QCPGraph* g = m_plot->addGraph(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
        const QColor color = seriesColor(i + 2);
        g->setPen(QPen(color, 2));
        g->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, color, fontMetrics().height() * 0.45));
        m_sensitivity.push_back(g);
    }
    for (std::size_t a = 0; a < alphas.size(); ++a) {
        m_sensitivity[a]->setName(tr("α = %1").arg(alphas[a]));
    }

    QVector<double> x;
    QVector<double> entropy, entropyStd, selectivity, selectivityStd;
    std::array<QVector<double>, 3> bands;
    std::vector<QVector<double>> sensitivity(alphas.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TimelineRow& r = rows[i];
        x << (m_timeline ? r.step : static_cast<double>(i));
        m_labels << (m_timeline ? QString::number(r.step) : categoryOf(r));
        entropy << r.summary(kSpectralEntropy).mean;
        entropyStd << r.summary(kSpectralEntropy).std;
        selectivity << r.summary(kSelectivity).mean;
        selectivityStd << r.summary(kSelectivity).std;
        for (std::size_t b = 0; b < 3; ++b) {
            bands[b] << 100.0 * r.summary(*kBands[b]).mean;
        }
        for (std::size_t a = 0; a < alphas.size(); ++a) {
            sensitivity[a] << r.summary(kSensitivity, a).mean;
        }
    }
    // Categories are not ordered: points without connecting lines.
    const auto lineStyle = m_timeline ? QCPGraph::lsLine : QCPGraph::lsNone;
    auto setData = [&](QCPGraph* g, const QVector<double>& values) {
        g->setData(x, values, true);
        g->setLineStyle(lineStyle);
    };
    setData(m_entropy, entropy);
    m_entropyErrors->setData(entropyStd);
    setData(m_selectivity, selectivity);
    m_selectivityErrors->setData(selectivityStd);
    for (std::size_t b = 0; b < 3; ++b) {
        setData(m_bands[b], bands[b]);
    }
    for (std::size_t a = 0; a < alphas.size(); ++a) {
        setData(m_sensitivity[a], sensitivity[a]);
    }

    for (QCPAxisRect* r : m_rects) {
        QCPAxis* axis = r->axis(QCPAxis::atBottom);
        if (m_timeline) {
            axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
            axis->setLabel(tr("Training step"));
            axis->setTickLabelRotation(0);
        } else {
            // The scheme's first word ("sinusoidal absolute" -> "sinusoidal", "none (causal
            // mask only)" -> "none"): flat side by side where they fit, upright where not.
            QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
            for (int i = 0; i < m_labels.size(); ++i) {
                ticker->addTick(i, m_labels[i].section(QLatin1Char(' '), 0, 0));
            }
            axis->setTicker(ticker);
            axis->setLabel(tr("Positional scheme"));
        }
        if (x.isEmpty()) {
            axis->setRange(0, 1);
        } else if (m_timeline) {
            const double span = std::max(x.back() - x.front(), 1.0);
            axis->setRange(x.front() - 0.05 * span, x.back() + 0.05 * span);
        } else {
            axis->setRange(-0.5, static_cast<double>(x.size()) - 0.5);
        }
        r->axis(QCPAxis::atLeft)->rescale(true);
        QCPRange y = r->axis(QCPAxis::atLeft)->range();
        if (r == m_rects[1] || r == m_rects[0]) {
            // Error bars reach beyond the means: widen by the largest std.
            const QVector<double>& sd = r == m_rects[0] ? entropyStd : selectivityStd;
            double m = 0;
            for (double s : sd) {
                if (std::isfinite(s)) {
                    m = std::max(m, s);
                }
            }
            y = QCPRange(y.lower - m, y.upper + m);
        }
        const double pad = std::max(0.05 * y.size(), 1e-3);
        r->axis(QCPAxis::atLeft)->setRange(y.lower - pad, y.upper + pad);
    }
    m_rects[2]->axis(QCPAxis::atLeft)->setRange(0, 100);
    // Room for the categories' labels upright side by side in each of the two columns (a
    // y axis's labels and title, then a line of text per category).
    const QFontMetrics fm(font());
    const int categories = m_timeline ? 0 : static_cast<int>(rows.size());
    const int left = 2 * fm.height() + 7 * fm.averageCharWidth() + 12;
    const int wanted = 2 * (left + categories * (fm.height() + 6)) + 16;
    // ... and, in each of the two rows, a panel of six lines above the labels standing upright.
    int labelDepth = fm.height();
    for (const QString& label : m_labels) {
        labelDepth =
            std::max(labelDepth, fm.horizontalAdvance(label.section(QLatin1Char(' '), 0, 0)));
    }
    const int tall = 4 * fm.height() + 2 * (8 * fm.height() + labelDepth);
    m_plot->setMinimumSize(std::max(fm.averageCharWidth() * 50, wanted),
                           std::max(fm.height() * 26, tall));
    m_title->setText(rows.empty() ? tr("No models compared yet: Demo > Training timeline")
                     : m_timeline
                         ? tr("Training timeline: heads over %1 checkpoints").arg(rows.size())
                         : tr("Positional schemes: %1 models").arg(rows.size()));
    m_plot->replot();
}

}  // namespace headwave
