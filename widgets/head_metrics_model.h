// SPDX-License-Identifier: GPL-3.0-or-later
// Every per-head scalar of an AnalysisSnapshot as a table model: one row per head (layer-major),
// columns layer, head, every column of the metric catalogue for the snapshot's settings (as
// MetricLayout orders them: metrics.csv's order) and, for a corpus run, rho per head. Headers
// carry units; kKeyRole gives a column's key ("layer", "head", the catalogue's keys, "rho").
// DisplayRole is formatted text; kValueRole is the number (for numeric sorting and copying).
//
//   HeadMetricsModel model;
//   model.setSnapshot(snapshot);
//   double hs = model.value(model.rowOf(2, 5), model.columnOf("spectral_entropy"));
#pragma once

#include <QAbstractTableModel>
#include <memory>
#include <string_view>
#include <vector>

#include "headwave/run/snapshots.h"

namespace headwave {

class HeadMetricsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The number behind a cell (double; NaN when missing).
    static constexpr int kValueRole = Qt::UserRole + 1;
    // headerData: the column's key (QString), as metrics.csv names it.
    static constexpr int kKeyRole = Qt::UserRole + 2;

    explicit HeadMetricsModel(QObject* parent = nullptr);
    ~HeadMetricsModel() override;

    void setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The value of a cell (NaN when missing); layer and head as doubles.
    double value(int row, int column) const;
    // The header text of a column with its unit ("Spectral entropy (nats)").
    QString header(int column) const;
    // The column with this key ("layer", "head", a catalogue column's key such as
    // "window_entropy_w32", "rho"), or -1.
    int columnOf(std::string_view key) const;
    // The key of a column, or an empty string.
    QString key(int column) const;
    int rowOf(int layer, int head) const;
    int layerOf(int row) const;
    int headOf(int row) const;

    // A value as copied text: the shortest round-trip form, "nan" / "inf" / "-inf" otherwise.
    static QString exactText(double v);

private:
    enum class Source { Layer, Head, Metric, Rho };
    struct Column {
        Source source;
        int metric;  // Source::Metric: the column of m_layout
        QString key;
        QString header;   // with unit
        QString toolTip;  // what it means
    };
    void buildColumns();

    std::shared_ptr<const AnalysisSnapshot> m_snapshot;
    MetricLayout m_layout;  // the snapshot's settings and level
    std::vector<Column> m_columns;
    std::vector<double> m_rho;  // [layers * heads] from the corpus summary, or empty
};

}  // namespace headwave
