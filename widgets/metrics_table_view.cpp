// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/metrics_table_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/head_metrics_model.h"

namespace headwave {

namespace {

// Sorts by the number behind a cell; missing values (NaN) after every number.
class NumericSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const double a = left.data(HeadMetricsModel::kValueRole).toDouble();
        const double b = right.data(HeadMetricsModel::kValueRole).toDouble();
        if (std::isnan(a) || std::isnan(b)) {
            return !std::isnan(a) && std::isnan(b);
        }
        return a < b;
    }
};

}  // namespace

MetricsTableView::MetricsTableView(QWidget* parent) : HeadView(parent) {
    m_model = new HeadMetricsModel(this);
    m_proxy = new NumericSortProxy(this);
    m_proxy->setSourceModel(m_model);

    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_table->setWordWrap(false);
    m_table->installEventFilter(this);

    m_copy = new QAction(tr("Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copy->setToolTip(tr("Copy the selected rows as tab-separated text"));
    connect(m_copy, &QAction::triggered, this, &MetricsTableView::copy);
    m_copyAll = new QAction(tr("Copy all rows"), this);
    connect(m_copyAll, &QAction::triggered, this, &MetricsTableView::copyAll);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addAction(m_copy);
    m_table->addAction(m_copyAll);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MetricsTableView::onCurrentRowChanged);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
}

MetricsTableView::~MetricsTableView() = default;

void MetricsTableView::snapshotChanged() {
    m_updating = true;
    m_model->setSnapshot(snapshot());
    m_updating = false;
    selectionChanged();
}

void MetricsTableView::selectionChanged() {
    const int row = m_model->rowOf(selectedLayer(), selectedHead());
    m_updating = true;
    if (row < 0) {
        m_table->clearSelection();
    } else {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    m_updating = false;
}

void MetricsTableView::onCurrentRowChanged() {
    if (m_updating) {
        return;
    }
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        return;
    }
    const int row = m_proxy->mapToSource(current).row();
    selectByUser(m_model->layerOf(row), m_model->headOf(row));
}

QString MetricsTableView::tableText(bool selectedOnly) const {
    std::vector<int> rows;  // proxy rows, in the order shown
    if (selectedOnly) {
        for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
            rows.push_back(index.row());
        }
        std::sort(rows.begin(), rows.end());
    }
    if (rows.empty()) {
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            rows.push_back(r);
        }
    }
    const int columns = m_model->columnCount();
    QStringList lines;
    QStringList cells;
    for (int c = 0; c < columns; ++c) {
        cells << m_model->header(c);
    }
    lines << cells.join(QLatin1Char('\t'));
    for (int r : rows) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        cells.clear();
        for (int c = 0; c < columns; ++c) {
            cells << HeadMetricsModel::exactText(m_model->value(source, c));
        }
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void MetricsTableView::copy() {
    QApplication::clipboard()->setText(tableText(true));
}

void MetricsTableView::copyAll() {
    QApplication::clipboard()->setText(tableText(false));
}

bool MetricsTableView::eventFilter(QObject* watched, QEvent* event) {
    // QTableView would copy only the current cell's text on Ctrl+C: copy the rows instead.
    if (watched == m_table && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
        copy();
        return true;
    }
    return HeadView::eventFilter(watched, event);
}

}  // namespace headwave
