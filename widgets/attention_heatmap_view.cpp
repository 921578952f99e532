// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/attention_heatmap_view.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace headwave {

namespace {

// At most this many token labels per axis; beyond it every k-th token is labelled.
constexpr int kMaxLabels = 48;
// The lower end of the logarithmic colour range: attention weights below it look like it.
constexpr double kLogFloor = 1e-4;

QSharedPointer<QCPAxisTickerText> tokenTicker(const HeadAttention& a, int step) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int t = 0; t < a.tokens; t += step) {
        ticker->addTick(t, AttentionHeatmapView::tokenLabel(a.texts[static_cast<std::size_t>(t)]));
    }
    return ticker;
}

}  // namespace

QString AttentionHeatmapView::tokenLabel(const std::string& text) {
    QString s = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    s.replace(QLatin1Char('\n'), QChar(0x21B5));  // ↵
    s.replace(QLatin1Char('\t'), QChar(0x21E5));  // ⇥
    if (s.startsWith(QLatin1Char(' '))) {
        s[0] = QChar(0x2423);  // ␣ marks a word start
    }
    if (s.isEmpty()) {
        s = QStringLiteral("\u2205");  // ∅
    }
    return s;
}

AttentionHeatmapView::AttentionHeatmapView(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(tr("Select a head in the head grid."), this);
    m_title->setObjectName(QStringLiteral("heatmapTitle"));
    m_logBox = new QCheckBox(tr("Log colour"), this);
    m_logBox->setObjectName(QStringLiteral("logColorBox"));
    connect(m_logBox, &QCheckBox::toggled, this, &AttentionHeatmapView::setLogColor);

    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(240, 200);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setupFullAxesBox(true);
    m_plot->xAxis->setLabel(tr("Key token"));
    m_plot->yAxis->setLabel(tr("Query token"));
    m_plot->yAxis->setRangeReversed(true);  // the first query at the top, as in a matrix
    m_plot->xAxis->setTickLabelRotation(90);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    // The top axis carries no labels of its own: keep the full box but not its ticks' text.
    m_plot->xAxis2->setTickLabels(false);
    m_plot->yAxis2->setTickLabels(false);

    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);  // cells span their centre ± 0.5
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("Attention weight"));
    m_map->setColorScale(m_scale);
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionHeatmapView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_plot, &QWidget::customContextMenuRequested, this,
            &AttentionHeatmapView::showContextMenu);
    // Zoom and resizing change the room per token: relabel after each layout.
    connect(m_plot, &QCustomPlot::afterLayout, this, &AttentionHeatmapView::updateLabelStep);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_title, 1);
    controls->addWidget(m_logBox);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);

    setColorMap(m_colorMap);
    rebuild();
}

AttentionHeatmapView::~AttentionHeatmapView() = default;

void AttentionHeatmapView::setAttention(std::shared_ptr<const HeadAttention> attention) {
    if (attention != m_attention) {
        m_attention = std::move(attention);
        m_message.clear();
        rebuild();
    }
}

void AttentionHeatmapView::setMessage(const QString& message) {
    if (m_attention || message != m_message) {
        m_attention.reset();
        m_message = message;
        rebuild();
    }
}

QString AttentionHeatmapView::message() const {
    return m_attention ? QString() : m_title->text();
}

void AttentionHeatmapView::resetZoom() {
    if (const HeadAttention* a = m_attention.get(); a != nullptr && a->tokens > 0) {
        m_plot->xAxis->setRange(-0.5, a->tokens - 0.5);
        m_plot->yAxis->setRange(-0.5, a->tokens - 0.5);
        m_plot->replot();
    }
}

void AttentionHeatmapView::showContextMenu(const QPoint& pos) {
    QMenu menu(this);
    QAction* reset = menu.addAction(tr("Reset zoom"), this, &AttentionHeatmapView::resetZoom);
    reset->setObjectName(QStringLiteral("resetZoomAction"));
    reset->setEnabled(m_attention != nullptr);
    menu.exec(m_plot->mapToGlobal(pos));
}

void AttentionHeatmapView::setLogColor(bool log) {
    m_log = log;
    if (m_logBox->isChecked() != log) {
        m_logBox->setChecked(log);  // re-enters through toggled
        return;
    }
    rebuild();
}

void AttentionHeatmapView::setColorMap(ColorMap map) {
    m_colorMap = map;
    m_map->setGradient(colorGradient(map));
    m_plot->replot();
}

void AttentionHeatmapView::rebuild() {
    const HeadAttention* a = m_attention.get();
    const bool valid = a && a->tokens > 0 &&
                       a->probs.size() == static_cast<std::size_t>(a->tokens) *
                                              static_cast<std::size_t>(a->tokens) &&
                       a->texts.size() == static_cast<std::size_t>(a->tokens);
    if (!valid) {
        m_map->data()->clear();
        m_map->setVisible(false);
        m_title->setText(m_message.isEmpty() ? tr("Select a head in the head grid.") : m_message);
        m_plot->replot();
        return;
    }
    const int T = a->tokens;
    m_map->setVisible(true);
    m_title->setText(tr("Layer %1, head %2 \u2014 %3 tokens").arg(a->layer).arg(a->head).arg(T));
    // Cell (key = key token, value = query token), centres at integer positions.
    m_map->data()->setSize(T, T);
    m_map->data()->setRange(QCPRange(0, T - 1), QCPRange(0, T - 1));
    double hi = 0;
    for (int q = 0; q < T; ++q) {
        for (int k = 0; k < T; ++k) {
            const double v = static_cast<double>(
                a->probs[static_cast<std::size_t>(q) * static_cast<std::size_t>(T) +
                         static_cast<std::size_t>(k)]);
            hi = std::max(hi, v);
            const bool hidden = m_log && !(v > 0);
            m_map->data()->setCell(k, q, hidden ? std::numeric_limits<double>::quiet_NaN() : v);
        }
    }
    if (m_log) {
        m_map->setDataScaleType(QCPAxis::stLogarithmic);
        m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        m_map->setDataRange(QCPRange(kLogFloor, std::max(hi, 2 * kLogFloor)));
    } else {
        m_map->setDataScaleType(QCPAxis::stLinear);
        m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
        m_map->setDataRange(QCPRange(0, hi > 0 ? hi : 1));
    }
    m_labelStep = 0;
    m_plot->xAxis->setRange(-0.5, T - 0.5);
    m_plot->yAxis->setRange(-0.5, T - 0.5);
    updateLabelStep();
    m_plot->replot();
}

// Labels every k-th token so that labels never overlap: k from the pixels a token takes on the
// shorter axis at the current zoom (one line of text per label), and at most kMaxLabels labels.
void AttentionHeatmapView::updateLabelStep() {
    const HeadAttention* a = m_attention.get();
    if (a == nullptr || a->tokens <= 0) {
        return;
    }
    const QRect r = m_plot->axisRect()->rect();
    const double visible =
        std::max(1.0, std::min(m_plot->xAxis->range().size(), m_plot->yAxis->range().size()));
    const int pixels = r.height() > 0 && r.width() > 0 ? std::min(r.width(), r.height())
                                                       : std::min(width(), height()) / 2;
    // (Below a pixel per token in a long sequence: a token's share of a pixel, not one pixel,
    // or the labels of a 528-token heatmap overlap.)
    const double perToken = std::max(1e-3, pixels / visible);
    // A label's line of text in the tick label font and a gap of four pixels per label.
    const int line = QFontMetrics(m_plot->xAxis->tickLabelFont()).height() + 4;
    const int byFont = static_cast<int>(std::ceil(line / perToken));
    const int step = std::max({1, byFont, (a->tokens + kMaxLabels - 1) / kMaxLabels});
    // New labels change the margins and so the room; a step a little smaller than the one in
    // use is not taken (its labels would fit only in the room they leave), so the labelling
    // settles instead of alternating between two steps.
    if (step == m_labelStep || (step < m_labelStep && step * 5 > m_labelStep * 4)) {
        return;
    }
    m_labelStep = step;
    const auto ticker = tokenTicker(*a, step);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setTicker(ticker);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AttentionHeatmapView::onMouseMove(QMouseEvent* event) {
    const HeadAttention* a = m_attention.get();
    if (!a || !m_map->visible() || !m_plot->axisRect()->rect().contains(event->pos())) {
        QToolTip::hideText();
        return;
    }
    const int k = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(event->position().x())));
    const int q = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(event->position().y())));
    if (k < 0 || q < 0 || k >= a->tokens || q >= a->tokens) {
        QToolTip::hideText();
        return;
    }
    const double v = static_cast<double>(
        a->probs[static_cast<std::size_t>(q) * static_cast<std::size_t>(a->tokens) +
                 static_cast<std::size_t>(k)]);
    QToolTip::showText(
        event->globalPosition().toPoint(),
        tr("Query %1 \u201c%2\u201d \u2192 key %3 \u201c%4\u201d\nWeight: %5")
            .arg(q)
            .arg(tokenLabel(a->texts[static_cast<std::size_t>(q)]))
            .arg(k)
            .arg(tokenLabel(a->texts[static_cast<std::size_t>(k)]), QString::number(v, 'g', 4)),
        m_plot);
}

}  // namespace headwave
