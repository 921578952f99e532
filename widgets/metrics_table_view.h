// SPDX-License-Identifier: GPL-3.0-or-later
// Every per-head number of the snapshot in a sortable table (HeadMetricsModel behind a numeric
// QSortFilterProxyModel): selecting a row selects the head; Ctrl+C or "Copy" puts the selected
// rows (or all rows when none is selected) on the clipboard as tab-separated text with a header,
// in the order shown, with every value in its exact shortest form.
//
//   MetricsTableView table;
//   table.setSnapshot(snapshot);
//   connect(&table, &HeadView::headSelected, ...);
#pragma once

#include "widgets/head_view.h"

class QAction;
class QSortFilterProxyModel;
class QTableView;

namespace headwave {

class HeadMetricsModel;

class MetricsTableView : public HeadView {
    Q_OBJECT
public:
    explicit MetricsTableView(QWidget* parent = nullptr);
    ~MetricsTableView() override;

    QTableView* tableView() const { return m_table; }
    HeadMetricsModel* model() const { return m_model; }
    QSortFilterProxyModel* proxyModel() const { return m_proxy; }
    QAction* copyAction() const { return m_copy; }

    // Tab-separated text: a header line, then the selected rows (all rows when selectedOnly is
    // false or nothing is selected) in the table's current order.
    QString tableText(bool selectedOnly = true) const;
    // Puts tableText() on the clipboard.
    void copy();
    void copyAll();

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onCurrentRowChanged();

    HeadMetricsModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QAction* m_copy = nullptr;
    QAction* m_copyAll = nullptr;
    bool m_updating = false;  // selecting a row from setSelectedHead: no headSelected
};

}  // namespace headwave
