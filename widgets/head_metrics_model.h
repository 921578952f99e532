// Every per-head scalar of an AnalysisSnapshot as a table model: one row per head (layer-major),
// columns layer, head, the docs/method.md metrics, wavelet entropy per scale, window entropy per
// window, scale sensitivity per alpha and, for a corpus run, rho per head. Headers carry units.
// DisplayRole is formatted text; kValueRole is the number (for numeric sorting and copying).
//
//   HeadMetricsModel model;
//   model.setSnapshot(snapshot);
//   double hs = model.value(model.rowOf(2, 5), model.columnOf(HeadMetricsModel::SpectralEntropy));
#pragma once

#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "headwave/run/snapshots.h"

namespace headwave {

class HeadMetricsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The number behind a cell (double; NaN when missing).
    static constexpr int kValueRole = Qt::UserRole + 1;

    enum Kind {
        Layer,
        Head,
        BandLow,
        BandMid,
        BandHigh,
        Selectivity,
        SpectralEntropy,
        PositionalEntropy,
        LocalShare,
        LocalGlobalRatio,
        ReconErrorF32,
        ReconErrorF64,
        WaveletEntropy,    // index = scale s (0 = cA_J ... J = cD_1)
        WindowEntropy,     // index into settings.entropyWindows
        ScaleSensitivity,  // index into settings.alphas
        Rho,               // corpus runs only
    };

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
    // The first column of a kind (with its index for per-scale/window/alpha kinds), or -1.
    int columnOf(Kind kind, int index = 0) const;
    int rowOf(int layer, int head) const;
    int layerOf(int row) const;
    int headOf(int row) const;

    // A value as copied text: the shortest round-trip form, "nan" / "inf" / "-inf" otherwise.
    static QString exactText(double v);

private:
    struct Column {
        Kind kind;
        int index;
        QString header;   // with unit
        QString toolTip;  // what it means
    };
    void buildColumns();

    std::shared_ptr<const AnalysisSnapshot> m_snapshot;
    std::vector<Column> m_columns;
    std::vector<double> m_rho;  // [layers * heads] from the corpus summary, or empty
};

}  // namespace headwave
