// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/head_grid_view.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/metric_text.h"
#include "widgets/plot_style.h"

namespace headwave {

namespace {

// The catalogue's families the colour-by list offers, in catalogue order.
std::vector<const MetricFamily*> gridFamilies() {
    std::vector<const MetricFamily*> families;
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.uses.headGrid) {
            families.push_back(&f);
        }
    }
    return families;
}

QString rhoKey() {
    return QString::fromUtf8(kRhoKey);
}

}  // namespace

HeadGridView::HeadGridView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);

    m_metricBox = new QComboBox(this);
    m_metricBox->setObjectName(QStringLiteral("metricBox"));
    // The catalogue's grid metrics; rho is added while a corpus run is shown (updateMetricItems).
    for (const MetricFamily* f : gridFamilies()) {
        m_metricBox->addItem(metricFirstColumnHeader(*f), QString::fromUtf8(f->key));
    }
    m_metric = m_metricBox->itemData(0).toString();
    m_family = findMetricFamily(m_metric.toStdString());
    m_colorBox = new QComboBox(this);
    m_colorBox->setObjectName(QStringLiteral("colorMapBox"));
    for (int i = 0; i < kColorMapCount; ++i) {
        m_colorBox->addItem(colorMapName(static_cast<ColorMap>(i)), i);
    }
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMetric(m_metricBox->itemData(i).toString()); });
    connect(m_colorBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setColorMap(static_cast<ColorMap>(i)); });

    m_plot = new QCustomPlot(this);
    m_plot->setFocusPolicy(Qt::NoFocus);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(240, 200);
    m_plot->axisRect()->setupFullAxesBox(true);
    m_plot->xAxis->setLabel(tr("Head"));
    m_plot->yAxis->setLabel(tr("Layer"));
    // Layer 0 at the top, as in a table: the Up key moves towards it.
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setTicker(ticker);

    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);  // cells span their centre ± 0.5
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    m_frame = new QCPItemRect(m_plot);
    m_frame->setPen(QPen(Qt::white, 2.5));
    m_frame->setBrush(Qt::NoBrush);
    m_frame->setVisible(false);

    connect(m_plot, &QCustomPlot::mousePress, this, &HeadGridView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HeadGridView::onMouseMove);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Colour by"), this));
    controls->addWidget(m_metricBox, 1);
    controls->addWidget(m_colorBox);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);

    setColorMap(m_colorMap);
    rebuild();
}

HeadGridView::~HeadGridView() = default;

void HeadGridView::setMetrics(std::shared_ptr<const SequenceMetrics> metrics) {
    m_rho.clear();
    m_layout = {};
    updateMetricItems();
    setMetricsOnly(std::move(metrics));
}

void HeadGridView::setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot) {
    m_rho.clear();
    m_layout = {};
    if (snapshot && snapshot->metrics) {
        const CorpusSummary* summary = snapshot->run ? snapshot->run->summary.get() : nullptr;
        if (summary && summary->rhoHead.size() == snapshot->metrics->heads.size()) {
            m_rho = summary->rhoHead;
        }
        m_layout = MetricLayout(snapshot->settings, snapshot->metrics->level);
    }
    updateMetricItems();
    setMetricsOnly(snapshot ? snapshot->metrics : nullptr);
}

bool HeadGridView::isMetricAvailable(const QString& key) const {
    if (key == QLatin1String(kHeadMapClassKey)) {
        return !m_classes.empty();
    }
    return key == rhoKey() ? !m_rho.empty() : m_metricBox->findData(key) >= 0;
}

void HeadGridView::setHeadClasses(std::vector<int> classes, int k) {
    m_classes = std::move(classes);
    m_classCount = m_classes.empty() ? 0 : k;
    const QString key = QLatin1String(kHeadMapClassKey);
    const int item = m_metricBox->findData(key);
    if (!m_classes.empty() && item < 0) {
        m_metricBox->addItem(tr("Head-map class"), key);
    } else if (m_classes.empty() && item >= 0) {
        if (m_metric == key) {
            const QSignalBlocker block(m_metricBox);
            m_metricBox->setCurrentIndex(0);
            m_metric = m_metricBox->itemData(0).toString();
            m_family = findMetricFamily(m_metric.toStdString());
        }
        m_metricBox->removeItem(item);
    }
    if (m_metric == key || (m_classes.empty() && item >= 0)) {
        rebuild();
    }
}

void HeadGridView::updateMetricItems() {
    // A series is named by its first column when the settings are known ("Scale sensitivity
    // α = 0.5"), else as "first α".
    const std::vector<const MetricFamily*> families = gridFamilies();
    for (std::size_t i = 0; i < families.size(); ++i) {
        const int column = m_layout.index(*families[i]);
        m_metricBox->setItemText(
            static_cast<int>(i),
            column >= 0 ? metricColumnHeader(m_layout, static_cast<std::size_t>(column))
                        : metricFirstColumnHeader(*families[i]));
    }
    const int rho = static_cast<int>(families.size());
    if (!m_rho.empty() && m_metricBox->itemData(rho).toString() != rhoKey()) {
        m_metricBox->insertItem(rho, tr("\u03C1(H\u209A, H\u209B) over sequences"), rhoKey());
    } else if (m_rho.empty() && m_metricBox->itemData(rho).toString() == rhoKey()) {
        if (m_metric == rhoKey()) {
            m_metric = m_metricBox->itemData(0).toString();
            m_family = families.front();
            const QSignalBlocker block(m_metricBox);
            m_metricBox->setCurrentIndex(0);
        }
        m_metricBox->removeItem(rho);
    }
}

double HeadGridView::cellValue(int layer, int head) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (m_family != nullptr) {
        const double v = m_family->value(m_metrics->at(layer, head));  // a series: its first column
        return std::isfinite(v) ? v : nan;
    }
    const std::size_t i = static_cast<std::size_t>(layer * m_metrics->shape.heads + head);
    if (m_metric == QLatin1String(kHeadMapClassKey)) {
        return i < m_classes.size() ? m_classes[i] : nan;
    }
    const double v = i < m_rho.size() ? m_rho[i] : nan;
    return std::isfinite(v) ? v : nan;
}

void HeadGridView::setMetricsOnly(std::shared_ptr<const SequenceMetrics> metrics) {
    m_metrics = std::move(metrics);
    if (!m_metrics || m_layer >= m_metrics->shape.layers || m_head >= m_metrics->shape.heads) {
        m_layer = -1;
        m_head = -1;
    }
    rebuild();
}

void HeadGridView::setMetric(const QString& key) {
    if (!isMetricAvailable(key)) {
        return;
    }
    m_metric = key;
    m_family = key == rhoKey() || key == QLatin1String(kHeadMapClassKey)
                   ? nullptr
                   : findMetricFamily(key.toStdString());
    const int index = m_metricBox->findData(key);
    if (m_metricBox->currentIndex() != index) {
        m_metricBox->setCurrentIndex(index);  // re-enters through the combo box's signal
        return;
    }
    rebuild();
}

void HeadGridView::setColorMap(ColorMap map) {
    m_colorMap = map;
    const int index = static_cast<int>(map);
    if (m_colorBox->currentIndex() != index) {
        m_colorBox->setCurrentIndex(index);
        return;
    }
    if (m_metric == QLatin1String(kHeadMapClassKey)) {
        rebuild();  // the classes keep the head map's colours
        return;
    }
    m_map->setGradient(colorGradient(map));
    m_plot->replot();
}

void HeadGridView::setSelectedHead(int layer, int head) {
    if (!m_metrics || layer < 0 || head < 0 || layer >= m_metrics->shape.layers ||
        head >= m_metrics->shape.heads) {
        return;
    }
    m_layer = layer;
    m_head = head;
    updateSelectionFrame();
    m_plot->replot();
}

void HeadGridView::rebuild() {
    const int layers = m_metrics ? m_metrics->shape.layers : 0;
    const int heads = m_metrics ? m_metrics->shape.heads : 0;
    const bool valid = layers > 0 && heads > 0 &&
                       m_metrics->heads.size() ==
                           static_cast<std::size_t>(layers) * static_cast<std::size_t>(heads);
    if (!valid) {
        m_map->data()->clear();
        m_map->setVisible(false);
        m_frame->setVisible(false);
        m_plot->xAxis->setRange(-0.5, 0.5);
        m_plot->yAxis->setRange(-0.5, 0.5);
        m_plot->replot();
        return;
    }
    m_map->setVisible(true);
    // Cell (key = head, value = layer); cell centres at integer coordinates.
    m_map->data()->setSize(heads, layers);
    // QCPColorMap widens the range by half a cell on each side, except along a dimension of
    // size 1, which it draws exactly over the range: give that one the cell's full extent, or a
    // one-layer model (the teaching patterns) draws nothing.
    const auto cellRange = [](int n) { return n > 1 ? QCPRange(0, n - 1) : QCPRange(-0.5, 0.5); };
    m_map->data()->setRange(cellRange(heads), cellRange(layers));
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < heads; ++h) {
            const double v = cellValue(l, h);
            m_map->data()->setCell(h, l, v);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    } else if (hi - lo < 1e-12) {
        // A constant metric: widen so the gradient's middle colour shows it.
        lo -= 0.5;
        hi += 0.5;
    }
    if (m_metric == QLatin1String(kHeadMapClassKey) && m_classCount > 1) {
        // Classes: one step per class in the head map's colours (level c at c / (k - 1)).
        QCPColorGradient steps;
        steps.clearColorStops();
        for (int c = 0; c < m_classCount; ++c) {
            steps.setColorStopAt(static_cast<double>(c) / (m_classCount - 1), seriesColor(c));
        }
        steps.setLevelCount(m_classCount);
        m_map->setGradient(steps);
        lo = 0;
        hi = m_classCount - 1;
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();  // a tick per class
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_scale->axis()->setTicker(ticker);
    } else {
        m_map->setGradient(colorGradient(m_colorMap));
        if (m_scale->axis()->ticker().dynamicCast<QCPAxisTickerFixed>()) {
            m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
        }
        if (m_family == nullptr) {
            // Rho, a correlation: the whole [-1, 1], so a diverging map puts 0 at its middle
            // colour.
            lo = -1;
            hi = 1;
        }
    }
    m_map->setDataRange(QCPRange(lo, hi));
    m_scale->axis()->setLabel(m_metricBox->itemText(m_metricBox->findData(m_metric)));
    m_plot->xAxis->setRange(-0.5, heads - 0.5);
    m_plot->yAxis->setRange(-0.5, layers - 0.5);
    updateSelectionFrame();
    m_plot->replot();
}

void HeadGridView::updateSelectionFrame() {
    const bool visible = m_metrics && m_layer >= 0 && m_head >= 0;
    m_frame->setVisible(visible);
    if (visible) {
        m_frame->topLeft->setCoords(m_head - 0.5, m_layer - 0.5);
        m_frame->bottomRight->setCoords(m_head + 0.5, m_layer + 0.5);
    }
}

void HeadGridView::select(int layer, int head) {
    if (!m_metrics) {
        return;
    }
    layer = std::clamp(layer, 0, m_metrics->shape.layers - 1);
    head = std::clamp(head, 0, m_metrics->shape.heads - 1);
    if (layer == m_layer && head == m_head) {
        return;
    }
    m_layer = layer;
    m_head = head;
    updateSelectionFrame();
    m_plot->replot();
    Q_EMIT headSelected(layer, head);
}

bool HeadGridView::headAt(const QPointF& plotPixel, int& layer, int& head) const {
    if (!m_metrics || !m_plot->axisRect()->rect().contains(plotPixel.toPoint())) {
        return false;
    }
    const double x = m_plot->xAxis->pixelToCoord(plotPixel.x());
    const double y = m_plot->yAxis->pixelToCoord(plotPixel.y());
    const int h = static_cast<int>(std::lround(x));
    const int l = static_cast<int>(std::lround(y));
    if (h < 0 || l < 0 || h >= m_metrics->shape.heads || l >= m_metrics->shape.layers) {
        return false;
    }
    layer = l;
    head = h;
    return true;
}

QPointF HeadGridView::cellCenter(int layer, int head) const {
    return {m_plot->xAxis->coordToPixel(head), m_plot->yAxis->coordToPixel(layer)};
}

void HeadGridView::onMousePress(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    int layer = 0;
    int head = 0;
    if (event->button() == Qt::LeftButton && headAt(event->position(), layer, head)) {
        select(layer, head);
    }
}

void HeadGridView::onMouseMove(QMouseEvent* event) {
    int layer = 0;
    int head = 0;
    if (!headAt(event->position(), layer, head)) {
        QToolTip::hideText();
        return;
    }
    const double v = cellValue(layer, head);
    const QString value = std::isnan(v) ? tr("n/a") : QString::number(v, 'g', 4);
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("Layer %1, head %2\n%3: %4")
                           .arg(layer)
                           .arg(head)
                           .arg(m_metricBox->itemText(m_metricBox->findData(m_metric)), value),
                       m_plot);
}

void HeadGridView::keyPressEvent(QKeyEvent* event) {
    if (!m_metrics) {
        QWidget::keyPressEvent(event);
        return;
    }
    // With nothing selected, the first arrow key selects head 0 of layer 0.
    const int layer = std::max(m_layer, 0);
    const int head = std::max(m_head, 0);
    const bool none = m_layer < 0 || m_head < 0;
    switch (event->key()) {
        case Qt::Key_Left:
            select(layer, none ? 0 : head - 1);
            break;
        case Qt::Key_Right:
            select(layer, none ? 0 : head + 1);
            break;
        case Qt::Key_Up:
            select(none ? 0 : layer - 1, head);
            break;
        case Qt::Key_Down:
            select(none ? 0 : layer + 1, head);
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

}  // namespace headwave
