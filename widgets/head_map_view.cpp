// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/head_map_view.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/plot_style.h"

namespace headwave {

namespace {

// Margin around the points, as a fraction of their extent.
constexpr double kPadding = 0.08;
constexpr int kLayerRole = Qt::UserRole;
constexpr int kHeadRole = Qt::UserRole + 1;
constexpr int kSourceRole = Qt::UserRole + 2;

}  // namespace

HeadMapView::HeadMapView(QWidget* parent) : HeadView(parent) {
    m_classes = new QComboBox(this);
    m_classes->setObjectName(QStringLiteral("headMapClasses"));
    m_classes->addItem(tr("By silhouette"), 0);
    for (int k = 2; k <= HeadMapOptions::kMaxAuto; ++k) {
        m_classes->addItem(QString::number(k), k);
    }
    m_classes->setToolTip(
        tr("Classes of k-means; by silhouette: the k of 2 to 8 whose classes are best separated"));
    connect(m_classes, &QComboBox::currentIndexChanged, this,
            [this](int i) { Q_EMIT classesRequested(m_classes->itemData(i).toInt()); });

    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 46, fontMetrics().height() * 12);
    m_plot->axisRect()->setupFullAxesBox(true);
    m_plot->xAxis2->setTickLabels(false);
    m_plot->yAxis2->setTickLabels(false);
    m_plot->xAxis->setLabel(tr("PC1"));
    m_plot->yAxis->setLabel(tr("PC2"));
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, tr("Head map"), QFont(font().family(), -1, QFont::Bold)));
    // The legend in a row of its own under the points, so that it covers none.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setMargins(QMargins(4, 2, 4, 2));
    m_plot->legend->setBorderPen(Qt::NoPen);

    m_plot->addLayer(QStringLiteral("selection"), m_plot->layer(QStringLiteral("main")),
                     QCustomPlot::limAbove);
    m_selection = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_selection->setLayer(QStringLiteral("selection"));
    m_selection->setLineStyle(QCPCurve::lsNone);
    m_selection->setName(tr("Selected head"));

    connect(m_plot, &QCustomPlot::mousePress, this, &HeadMapView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HeadMapView::onMouseMove);

    m_similarTitle = new QLabel(tr("Similar heads"), this);
    m_similarTitle->setWordWrap(true);
    m_similar = new QListWidget(this);
    m_similar->setObjectName(QStringLiteral("similarHeads"));
    m_similar->setToolTip(
        tr("The heads nearest to the selected one in the standardised features (distance in "
           "standard deviations); click one to select it"));
    connect(m_similar, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (item->data(kSourceRole).toInt() == 0) {
            selectByUser(item->data(kLayerRole).toInt(), item->data(kHeadRole).toInt());
        }
    });

    m_side = new QWidget(this);
    auto* side = m_side;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_similarTitle);
    sideLayout->addWidget(m_similar, 1);
    side->setMinimumWidth(fontMetrics().averageCharWidth() * 30);
    side->setMinimumHeight(fontMetrics().height() * 6);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_plot);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    // In a narrow dock the map and the list are tabs, each with the whole dock.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("headMapTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->hide();

    auto* controls = new QHBoxLayout;
    auto* classesLabel = new QLabel(tr("Classes:"), this);
    classesLabel->setBuddy(m_classes);
    controls->addStretch(1);
    controls->addWidget(classesLabel);
    controls->addWidget(m_classes);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_tabs, 1);

    applyPlotPalette(m_plot, palette());
    rebuild();
}

HeadMapView::~HeadMapView() = default;

void HeadMapView::setHeadMap(std::shared_ptr<const HeadMap> map) {
    m_map = std::move(map);
    rebuild();
}

QTabWidget* HeadMapView::tabs() const {
    return m_tabs->isHidden() ? nullptr : m_tabs;
}

void HeadMapView::setRequestedClasses(int k) {
    const int i = m_classes->findData(k);
    if (i >= 0 && i != m_classes->currentIndex()) {
        const QSignalBlocker block(m_classes);
        m_classes->setCurrentIndex(i);
    }
}

QCPCurve* HeadMapView::classCurve(int c) const {
    return c >= 0 && c < static_cast<int>(m_curves.size()) ? m_curves[static_cast<std::size_t>(c)]
                                                           : nullptr;
}

void HeadMapView::snapshotChanged() {
    updateSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeadMapView::selectionChanged() {
    updateSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeadMapView::paletteChanged() {
    applyPlotPalette(m_plot, palette());
    rebuild();
}

int HeadMapView::selectedIndex() const {
    return m_map && hasSelection() ? m_map->find(0, selectedLayer(), selectedHead()) : -1;
}

void HeadMapView::rebuild() {
    for (QCPCurve* c : m_curves) {
        m_plot->removePlottable(c);
    }
    m_curves.clear();
    const HeadMap* map = m_map.get();
    if (!map || map->size() == 0) {
        m_plot->xAxis->setLabel(tr("PC1"));
        m_plot->yAxis->setLabel(tr("PC2"));
        m_title = tr("Head map");
        updateSelection();
        fitToWidth();
        return;
    }
    m_plot->xAxis->setLabel(
        tr("PC1 (%1 % of the variance)").arg(100.0 * map->explained[0], 0, 'f', 1));
    m_plot->yAxis->setLabel(
        tr("PC2 (%1 % of the variance)").arg(100.0 * map->explained[1], 0, 'f', 1));
    double silhouette = std::numeric_limits<double>::quiet_NaN();
    for (const HeadMapK& t : map->tried) {
        if (t.k == map->k) {
            silhouette = t.silhouette;
        }
    }
    m_title = map->kChosen ? tr("%1 heads, k = %2 by silhouette (%3)")
                                 .arg(map->size())
                                 .arg(map->k)
                                 .arg(silhouette, 0, 'f', 2)
                           : tr("%1 heads, k = %2 (silhouette %3)")
                                 .arg(map->size())
                                 .arg(map->k)
                                 .arg(silhouette, 0, 'f', 2);

    const QColor ink = palette().color(QPalette::WindowText);
    QColor outline = ink;
    outline.setAlphaF(0.6f);
    const double size = fontMetrics().height() * 0.6;
    std::vector<int> count(static_cast<std::size_t>(map->k), 0);
    for (int c : map->classes) {
        ++count[static_cast<std::size_t>(c)];
    }
    for (int c = 0; c < map->k; ++c) {
        auto* curve = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        curve->setLineStyle(QCPCurve::lsNone);
        curve->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(outline, 1), seriesColor(c), size));
        const int members = count[static_cast<std::size_t>(c)];
        curve->setName(tr("Class %1 (%2)")
                           .arg(c)
                           .arg(members == 1 ? tr("1 head") : tr("%1 heads").arg(members)));
        QVector<double> t;
        QVector<double> xs;
        QVector<double> ys;
        for (std::size_t i = 0; i < map->size(); ++i) {
            if (map->classes[i] == c) {
                t.push_back(static_cast<double>(i));
                xs.push_back(map->pc(i, 0));
                ys.push_back(map->pc(i, 1));
            }
        }
        curve->setData(t, xs, ys, true);
        m_curves.push_back(curve);
    }
    double x0 = std::numeric_limits<double>::infinity();
    double x1 = -x0;
    double y0 = x0;
    double y1 = -x0;
    for (std::size_t i = 0; i < map->size(); ++i) {
        x0 = std::min(x0, map->pc(i, 0));
        x1 = std::max(x1, map->pc(i, 0));
        y0 = std::min(y0, map->pc(i, 1));
        y1 = std::max(y1, map->pc(i, 1));
    }
    const double dx = std::max(x1 - x0, 1e-3) * kPadding;
    const double dy = std::max(y1 - y0, 1e-3) * kPadding;
    m_plot->xAxis->setRange(x0 - dx, x1 + dx);
    m_plot->yAxis->setRange(y0 - dy, y1 + dy);
    m_plot->xAxis2->setRange(m_plot->xAxis->range());
    m_plot->yAxis2->setRange(m_plot->yAxis->range());
    // The ring last in the legend, below the classes.
    m_selection->removeFromLegend();
    m_selection->addToLegend();
    updateSelection();
    fitToWidth();
}

void HeadMapView::resizeEvent(QResizeEvent* event) {
    HeadView::resizeEvent(event);
    fitToWidth();
}

void HeadMapView::fitToWidth() {
    const int chars = fontMetrics().averageCharWidth();
    // The list beside the plot when both fit (the plot at least 60 characters wide), else the
    // two as tabs.
    const bool wide = width() >= chars * 92;
    if (wide && m_splitter->isHidden()) {
        m_splitter->insertWidget(0, m_plot);
        m_splitter->insertWidget(1, m_side);
        m_plot->show();  // the tabs hid the page that was not current
        m_side->show();
        m_splitter->setSizes({3 * width() / 4, width() / 4});
        m_tabs->hide();
        m_splitter->show();
    } else if (!wide && m_tabs->isHidden()) {
        m_tabs->addTab(m_plot, tr("Map"));
        m_tabs->addTab(m_side, tr("Similar heads"));
        m_splitter->hide();
        m_tabs->show();
    }
    const int plotWidth = wide ? m_splitter->sizes().value(0) : width();
    if (auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0))) {
        title->setText(wrapText(m_title, title->font(), std::max(plotWidth - 2 * chars, chars)));
    }
    // The legend in as many columns as fit, in rows.
    QCPLegend* legend = m_plot->legend;
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i))) {
            widest = std::max(
                widest, QFontMetrics(item->font()).horizontalAdvance(item->plottable()->name()));
        }
    }
    const int itemWidth =
        widest + legend->iconSize().width() + legend->iconTextPadding() + 2 * chars;
    legend->setWrap(std::max(1, (plotWidth - 2 * chars) / std::max(itemWidth, 1)));
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeadMapView::updateSelection() {
    m_selection->data()->clear();
    m_similar->clear();
    const int i = selectedIndex();
    const double size = fontMetrics().height() * 1.2;
    m_selection->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                                 QPen(palette().color(QPalette::WindowText), 2),
                                                 Qt::NoBrush, size));
    if (i < 0) {
        m_similarTitle->setText(m_map ? tr("Similar heads: select a head") : tr("Similar heads"));
        return;
    }
    const auto I = static_cast<std::size_t>(i);
    m_selection->setData(QVector<double>{0.0}, QVector<double>{m_map->pc(I, 0)},
                         QVector<double>{m_map->pc(I, 1)}, true);
    m_similarTitle->setText(tr("Similar to L%1 H%2 (class %3); distance in standard deviations")
                                .arg(selectedLayer())
                                .arg(selectedHead())
                                .arg(m_map->classes[I]));
    const bool manySources = m_map->sources.size() > 1;
    for (int r = 0; r < m_map->neighbourCount; ++r) {
        const auto j = static_cast<std::size_t>(m_map->neighbour(I, r));
        const HeadMapHead& h = m_map->heads[j];
        QString text = tr("L%1 H%2 \u00B7 class %3 \u00B7 %4")
                           .arg(h.layer)
                           .arg(h.head)
                           .arg(m_map->classes[j])
                           .arg(m_map->distance(I, r), 0, 'f', 2);
        if (manySources) {
            text = QString::fromStdString(m_map->sources[static_cast<std::size_t>(h.source)]) +
                   QStringLiteral(" ") + text;
        }
        auto* item = new QListWidgetItem(text, m_similar);
        item->setData(kLayerRole, h.layer);
        item->setData(kHeadRole, h.head);
        item->setData(kSourceRole, h.source);
        item->setIcon([&] {
            const int side = fontMetrics().height() * 2 / 3;
            QPixmap swatch(side, side);
            swatch.fill(seriesColor(m_map->classes[j]));
            return QIcon(swatch);
        }());
    }
}

int HeadMapView::headAt(const QPointF& pixel) const {
    if (!m_map || !m_plot->axisRect()->rect().contains(pixel.toPoint())) {
        return -1;
    }
    const double radius = fontMetrics().height();
    double best = radius * radius;
    int found = -1;
    for (std::size_t i = 0; i < m_map->size(); ++i) {
        const double dx = m_plot->xAxis->coordToPixel(m_map->pc(i, 0)) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(m_map->pc(i, 1)) - pixel.y();
        const double d2 = dx * dx + dy * dy;
        if (d2 <= best) {
            best = d2;
            found = static_cast<int>(i);
        }
    }
    return found;
}

void HeadMapView::onMousePress(QMouseEvent* event) {
    const int i = event->button() == Qt::LeftButton ? headAt(event->position()) : -1;
    if (i >= 0) {
        const HeadMapHead& h = m_map->heads[static_cast<std::size_t>(i)];
        if (h.source == 0) {
            selectByUser(h.layer, h.head);
        }
    }
}

void HeadMapView::onMouseMove(QMouseEvent* event) {
    const int i = headAt(event->position());
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const auto I = static_cast<std::size_t>(i);
    const HeadMapHead& h = m_map->heads[I];
    QString text =
        tr("Layer %1, head %2, class %3").arg(h.layer).arg(h.head).arg(m_map->classes[I]);
    if (m_map->sources.size() > 1) {
        text = QString::fromStdString(m_map->sources[static_cast<std::size_t>(h.source)]) +
               QStringLiteral(": ") + text;
    }
    text +=
        tr("\nPC1 = %1, PC2 = %2").arg(m_map->pc(I, 0), 0, 'f', 2).arg(m_map->pc(I, 1), 0, 'f', 2);
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

}  // namespace headwave
