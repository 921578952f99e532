// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/rescaling_view.h"

#include <qcustomplot.h>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QStyleOptionSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/empty_state.h"
#include "widgets/plot_style.h"
#include "widgets/scalogram_plot.h"

namespace headwave {

namespace {

int sliderValue(double alpha) {
    return static_cast<int>(std::lround(alpha * 100.0));
}

// The labels under the slider, each centred on its tick (QSlider draws ticks but no text).
class AlphaScale : public QWidget {
public:
    AlphaScale(QSlider* slider, QWidget* parent) : QWidget(parent), m_slider(slider) {
        setObjectName(QStringLiteral("alphaScale"));
        setMinimumHeight(fontMetrics().height());
    }

protected:
    void paintEvent(QPaintEvent* /*event*/) override {
        QPainter p(this);
        QStyleOptionSlider opt;
        opt.initFrom(m_slider);
        opt.orientation = Qt::Horizontal;
        opt.minimum = m_slider->minimum();
        opt.maximum = m_slider->maximum();
        opt.sliderPosition = m_slider->minimum();
        opt.sliderValue = m_slider->minimum();
        opt.tickPosition = m_slider->tickPosition();
        const QRect groove = m_slider->style()->subControlRect(QStyle::CC_Slider, &opt,
                                                               QStyle::SC_SliderGroove, m_slider);
        const QRect handle = m_slider->style()->subControlRect(QStyle::CC_Slider, &opt,
                                                               QStyle::SC_SliderHandle, m_slider);
        const int span = groove.width() - handle.width();
        const int offset = m_slider->mapTo(parentWidget(), QPoint(0, 0)).x() - x();
        // The paper's alphas first; another label only where it does not overlap one drawn.
        std::vector<double> order = RescalingView::markedAlphas();
        std::stable_partition(order.begin(), order.end(),
                              [](double a) { return a == 0.5 || a == 0.25; });
        std::vector<std::pair<int, int>> drawn;  // [left, right) of each label
        const int gap = fontMetrics().averageCharWidth();
        for (double a : order) {
            const int pos =
                QStyle::sliderPositionFromValue(opt.minimum, opt.maximum, sliderValue(a), span);
            const int cx = offset + groove.x() + pos + handle.width() / 2;
            // The paper's alphas in bold.
            QFont f = font();
            f.setBold(a == 0.5 || a == 0.25);
            p.setFont(f);
            p.setPen(palette().color(QPalette::WindowText));
            const QString text = QString::number(a, 'f', 2);
            const int w = QFontMetrics(f).horizontalAdvance(text);
            const int left = std::clamp(cx - w / 2, 0, std::max(0, width() - w));
            const bool overlaps = std::any_of(drawn.begin(), drawn.end(), [&](const auto& d) {
                return left < d.second + gap && left + w + gap > d.first;
            });
            if (overlaps) {
                continue;
            }
            drawn.emplace_back(left, left + w);
            p.drawText(QRect(left, 0, w, height()), Qt::AlignCenter, text);
        }
    }

private:
    QSlider* m_slider;
};

}  // namespace

RescalingView::RescalingView(QWidget* parent) : QWidget(parent) {
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("alphaSlider"));
    m_slider->setRange(sliderValue(kMinAlpha), sliderValue(kMaxAlpha));
    m_slider->setSingleStep(1);  // 0.01
    m_slider->setPageStep(5);
    m_slider->setTickInterval(5);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTracking(true);  // valueChanged while dragging, not only on release
    m_slider->setValue(sliderValue(0.5));
    m_slider->setToolTip(
        tr("Subsampling factor \u03B1: the model is re-run on \u230A\u03B1T\u230B "
           "tokens"));
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        updateValueLabel();
        if (!m_updating) {
            Q_EMIT alphaChanged(value / 100.0);
        }
    });
    m_value = new QLabel(this);
    m_value->setObjectName(QStringLiteral("alphaValue"));
    m_value->setMinimumWidth(fontMetrics().horizontalAdvance(
        QStringLiteral("\u03B1 = 0.00  (m = 0000 of 0000 tokens)  ")));

    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 22);
    // Profiles as one polyline each instead of T separate antialiased segments: the difference
    // between ~150 ms and a few ms per replot at T = 1024 (the slider needs >= 10 updates/s).
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    QCPLayoutGrid* layout = m_plot->plotLayout();
    m_profileRect = m_plot->axisRect();
    layout->take(m_profileRect);
    layout->simplify();
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), -1, QFont::Bold));
    layout->addElement(0, 0, m_title);
    layout->addElement(1, 0, m_profileRect);
    // The two scalograms in a nested grid, so the colour scale beside it spans both.
    auto* scalograms = new QCPLayoutGrid;
    layout->addElement(2, 0, scalograms);
    m_originalRect = new QCPAxisRect(m_plot);
    m_stretchedRect = new QCPAxisRect(m_plot);
    scalograms->addElement(0, 0, m_originalRect);
    scalograms->addElement(1, 0, m_stretchedRect);
    scalograms->setRowSpacing(0);
    m_scale = new QCPColorScale(m_plot);
    m_scale->setType(QCPAxis::atRight);
    layout->addElement(2, 1, m_scale);
    layout->setRowStretchFactor(0, 0.01);
    layout->setRowStretchFactor(1, 1);
    layout->setRowStretchFactor(2, 2);
    layout->setColumnStretchFactor(1, 0.01);
    auto* columns = new QCPMarginGroup(m_plot);
    for (QCPAxisRect* r : {m_profileRect, m_originalRect, m_stretchedRect}) {
        r->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
    }

    QCPAxis* px = m_profileRect->axis(QCPAxis::atBottom);
    QCPAxis* py = m_profileRect->axis(QCPAxis::atLeft);
    py->setLabel(tr("Profile a(t)"));
    m_original = m_plot->addGraph(px, py);
    m_original->setName(tr("Original"));
    m_original->setPen(QPen(seriesColor(0), 2));
    m_stretched = m_plot->addGraph(px, py);
    // Solid, as phFastPolylines draws only solid lines in one call.
    m_stretched->setPen(QPen(seriesColor(1), 1.5));
    // Short, to fit a narrow dock: m is in the title and under the slider.
    m_stretched->setName(tr("Stretched"));
    // The legend as a row under the title, where it hides no data.
    m_plot->legend->setVisible(true);
    m_profileRect->insetLayout()->take(m_plot->legend);
    m_profileRect->insetLayout()->simplify();
    layout->insertRow(1);
    layout->addElement(1, 0, m_plot->legend);
    layout->setRowStretchFactor(1, 0.01);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setMargins(QMargins(0, 0, 0, 0));

    m_originalRect->axis(QCPAxis::atLeft)->setLabel(tr("Original"));
    m_stretchedRect->axis(QCPAxis::atLeft)->setLabel(tr("Stretched"));
    m_originalRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    m_stretchedRect->axis(QCPAxis::atBottom)->setLabel(tr("Position t (token index)"));
    m_originalScalogram = std::make_unique<ScalogramPlot>(m_plot, m_originalRect, m_scale);
    m_stretchedScalogram = std::make_unique<ScalogramPlot>(m_plot, m_stretchedRect, m_scale);
    // Two small scalograms beside the slider: rows named cD1 ... cA_J, the bands in the tooltips.
    m_originalScalogram->setShortRowLabels(true);
    m_stretchedScalogram->setShortRowLabels(true);
    m_originalScalogram->linkRowLabels(m_stretchedScalogram.get());
    m_stretchedScalogram->linkRowLabels(m_originalScalogram.get());
    keepIntegerTicksFitted(m_plot, {px});
    keepVerticalTickCountFitted(m_plot, {py});
    // The title wrapped to the width of its column (the plot's, less the colour scale's).
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] {
        const int scale = m_scale->outerRect().width() > 0 ? m_scale->outerRect().width()
                                                           : fontMetrics().averageCharWidth() * 8;
        m_title->setText(
            wrapText(m_titleText, m_title->font(), m_plot->viewport().width() - scale - 8));
    });

    connect(m_plot, &QCustomPlot::mouseMove, this, &RescalingView::onMouseMove);

    auto* controls = new QGridLayout;
    controls->addWidget(new QLabel(tr("\u03B1"), this), 0, 0);
    controls->addWidget(m_slider, 0, 1);
    controls->addWidget(new AlphaScale(m_slider, this), 1, 1);
    // The value under the scale: the slider keeps the whole width of a narrow dock.
    controls->addWidget(m_value, 2, 1);
    controls->setColumnStretch(1, 1);
    controls->setVerticalSpacing(0);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(4, 4, 4, 4);
    box->addLayout(controls);
    box->addWidget(m_plot, 1);

    applyPlotPalette(m_plot, palette());
    setColorMap(ColorMap::Viridis);
    rebuild();
}

RescalingView::~RescalingView() = default;

std::vector<double> RescalingView::markedAlphas() {
    return {0.10, 0.25, 0.50, 1.00};
}

QCPColorMap* RescalingView::originalScalogram() const {
    return m_originalScalogram->colorMap();
}

QCPColorMap* RescalingView::stretchedScalogram() const {
    return m_stretchedScalogram->colorMap();
}

QString RescalingView::title() const {
    return m_titleText;
}

QString RescalingView::valueText() const {
    return m_value->text();
}

double RescalingView::alpha() const {
    return m_slider->value() / 100.0;
}

void RescalingView::setAlpha(double alpha) {
    m_updating = true;
    m_slider->setValue(sliderValue(std::clamp(alpha, kMinAlpha, kMaxAlpha)));
    m_updating = false;
}

void RescalingView::setColorMap(ColorMap map) {
    m_scale->setGradient(colorGradient(map));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RescalingView::setRescale(std::shared_ptr<const RescaleSnapshot> rescale) {
    if (rescale != m_rescale) {
        m_rescale = std::move(rescale);
        m_message.clear();
        rebuild();
    }
}

void RescalingView::setBusyNote(const QString& note) {
    if (note != m_busyNote) {
        m_busyNote = note;
        rebuild();
    }
}

void RescalingView::setMessage(const QString& message) {
    if (m_rescale || message != m_message) {
        m_rescale.reset();
        m_message = message;
        rebuild();
    }
}

void RescalingView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPlotPalette(m_plot, palette());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void RescalingView::updateValueLabel() {
    const RescaleSnapshot* r = m_rescale.get();
    const int T = r ? r->tokens : 0;
    // m for the slider's alpha, as docs/method.md takes it: floor(alpha T).
    const auto m = static_cast<int>(std::floor(alpha() * T + 1e-9));
    m_value->setText(
        T > 0 ? tr("\u03B1 = %1  (m = %2 of %3 tokens)").arg(alpha(), 0, 'f', 2).arg(m).arg(T)
              : tr("\u03B1 = %1").arg(alpha(), 0, 'f', 2));
}

void RescalingView::rebuild() {
    updateValueLabel();
    const RescaleSnapshot* r = m_rescale.get();
    const int T = r ? r->tokens : 0;
    const bool valid = r && T > 0 && r->original.size() == static_cast<std::size_t>(T) &&
                       r->stretched.size() == static_cast<std::size_t>(T);
    if (!valid) {
        m_original->data()->clear();
        m_stretched->data()->clear();
        m_originalScalogram->clear();
        m_stretchedScalogram->clear();
        m_titleText = m_message.isEmpty() ? tr("Rescaling \u2014 select a head and move the slider")
                                          : m_message;
        // No axes with made-up ranges under the sentence.
        EmptyState::set(m_plot, m_titleText);
        m_tokens = -1;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    EmptyState::set(m_plot, {});
    const QString s = std::isfinite(r->sensitivity)
                          ? tr("S(\u03B1) = %1").arg(r->sensitivity, 0, 'f', 4)
                          : tr("S(\u03B1) undefined (a profile without energy)");
    m_titleText = (tr("Layer %1, head %2, \u03B1 = %3 (m = %4 of %5 tokens):\n%6 (1 \u2212 cos)")
                       .arg(r->layer)
                       .arg(r->head)
                       .arg(r->alpha, 0, 'f', 2)
                       .arg(r->subsampledTokens)
                       .arg(T)
                       .arg(s));
    if (!m_busyNote.isEmpty()) {
        m_titleText += QLatin1Char('\n') + m_busyNote;
    }

    QVector<double> keys(T);
    QVector<double> original(T);
    QVector<double> stretched(T);
    double hi = 0;
    for (int t = 0; t < T; ++t) {
        keys[t] = t;
        original[t] = r->original[static_cast<std::size_t>(t)];
        stretched[t] = r->stretched[static_cast<std::size_t>(t)];
        hi = std::max({hi, original[t], stretched[t]});
    }
    m_original->setData(keys, original, true);
    m_stretched->setData(keys, stretched, true);
    m_profileRect->axis(QCPAxis::atLeft)->setRange(0, hi > 0 ? hi * 1.1 : 1);
    if (T != m_tokens) {
        m_profileRect->axis(QCPAxis::atBottom)->setRange(-0.5, T - 0.5);
        m_tokens = T;
    }

    const ScalogramValue value = ScalogramValue::Power;
    m_originalScalogram->setCoefficients(r->originalCoefficients, T, value);
    m_stretchedScalogram->setCoefficients(r->stretchedCoefficients, T, value);
    // One colour scale for both, so equal colours mean equal power.
    QCPRange range = m_originalScalogram->cellRange();
    range.expand(m_stretchedScalogram->cellRange());
    m_scale->setDataRange(range);
    m_scale->axis()->setLabel(ScalogramPlot::valueLabel(value));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RescalingView::onMouseMove(QMouseEvent* event) {
    QString tip = m_originalScalogram->toolTipAt(event->position());
    if (tip.isEmpty()) {
        tip = m_stretchedScalogram->toolTipAt(event->position());
    }
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), tip, m_plot);
}

}  // namespace headwave
