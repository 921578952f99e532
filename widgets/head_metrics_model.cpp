#include "widgets/head_metrics_model.h"

#include <QLocale>
#include <cmath>
#include <limits>

namespace headwave {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double at(const std::vector<double>& v, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < v.size() ? v[static_cast<std::size_t>(i)] : kNaN;
}

QString arrayName(int scale, int level) {
    return scale == 0 ? QStringLiteral("cA%1").arg(level)
                      : QStringLiteral("cD%1").arg(level + 1 - scale);
}

}  // namespace

HeadMetricsModel::HeadMetricsModel(QObject* parent) : QAbstractTableModel(parent) {
    buildColumns();
}

HeadMetricsModel::~HeadMetricsModel() = default;

void HeadMetricsModel::setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    if (m_snapshot && (!m_snapshot->metrics ||
                       m_snapshot->metrics->heads.size() !=
                           static_cast<std::size_t>(m_snapshot->metrics->shape.layers) *
                               static_cast<std::size_t>(m_snapshot->metrics->shape.heads))) {
        m_snapshot.reset();  // malformed: shown as empty
    }
    m_rho.clear();
    if (m_snapshot && m_snapshot->run && m_snapshot->run->summary &&
        m_snapshot->run->summary->rhoHead.size() == m_snapshot->metrics->heads.size()) {
        m_rho = m_snapshot->run->summary->rhoHead;
    }
    buildColumns();
    endResetModel();
}

void HeadMetricsModel::buildColumns() {
    m_columns = {
        {Layer, 0, tr("Layer"), tr("Layer index, from 0")},
        {Head, 0, tr("Head"), tr("Head index within the layer, from 0")},
        {BandLow, 0, tr("Low band (fraction)"), tr("Share of spectral power below the low edge")},
        {BandMid, 0, tr("Mid band (fraction)"), tr("Share of spectral power between the edges")},
        {BandHigh, 0, tr("High band (fraction)"),
         tr("Share of spectral power at or above the high edge")},
        {Selectivity, 0, tr("Selectivity (ratio)"),
         tr("max P / (sum P \u2212 max P), DC included")},
        {SpectralEntropy, 0, tr("Spectral entropy (nats)"),
         tr("Entropy of the normalised power spectrum")},
        {PositionalEntropy, 0, tr("Positional entropy (nats)"),
         tr("Entropy of the normalised attention profile")},
        {LocalShare, 0, tr("Local share (fraction)"),
         tr("Mean attention within the local window |i \u2212 j| \u2264 w")},
        {LocalGlobalRatio, 0, tr("Local/global (ratio)"),
         tr("Local share / (1 \u2212 local share)")},
        {ReconErrorF32, 0, tr("Recon. error f32 (rel. L2)"), tr("db2 round-trip error in float32")},
        {ReconErrorF64, 0, tr("Recon. error f64 (rel. L2)"), tr("db2 round-trip error in float64")},
    };
    if (!m_snapshot) {
        return;
    }
    const MethodSettings& settings = m_snapshot->settings;
    const int level = m_snapshot->metrics->level;
    for (int s = 0; s <= level; ++s) {
        m_columns.push_back(
            {WaveletEntropy, s, tr("Wavelet entropy %1 (nats)").arg(arrayName(s, level)),
             tr("Entropy of the squared db2 coefficients of %1").arg(arrayName(s, level))});
    }
    for (std::size_t w = 0; w < settings.entropyWindows.size(); ++w) {
        const int size = settings.entropyWindows[w];
        m_columns.push_back(
            {WindowEntropy, static_cast<int>(w),
             tr("Window entropy w = %1 (fraction of ln w)").arg(size),
             tr("Mean normalised entropy of %1-token windows (n/a when T < w)").arg(size)});
    }
    for (std::size_t a = 0; a < settings.alphas.size(); ++a) {
        const QString alpha = QString::number(settings.alphas[a], 'g', 6);
        m_columns.push_back({ScaleSensitivity, static_cast<int>(a),
                             tr("Scale sensitivity \u03B1 = %1 (1 \u2212 cos)").arg(alpha),
                             tr("Change of the db2 coefficients when the sequence is rescaled "
                                "by \u03B1 = %1")
                                 .arg(alpha)});
    }
    if (!m_rho.empty()) {
        m_columns.push_back({Rho, 0, tr("\u03C1 (H\u209A, H\u209B)"),
                             tr("Pearson correlation of positional and spectral entropy over "
                                "the run's sequences")});
    }
}

int HeadMetricsModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_snapshot) {
        return 0;
    }
    return static_cast<int>(m_snapshot->metrics->heads.size());
}

int HeadMetricsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int HeadMetricsModel::layerOf(int row) const {
    return m_snapshot ? row / m_snapshot->metrics->shape.heads : -1;
}

int HeadMetricsModel::headOf(int row) const {
    return m_snapshot ? row % m_snapshot->metrics->shape.heads : -1;
}

int HeadMetricsModel::rowOf(int layer, int head) const {
    if (!m_snapshot || layer < 0 || head < 0 || layer >= m_snapshot->metrics->shape.layers ||
        head >= m_snapshot->metrics->shape.heads) {
        return -1;
    }
    return layer * m_snapshot->metrics->shape.heads + head;
}

int HeadMetricsModel::columnOf(Kind kind, int index) const {
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c].kind == kind && m_columns[c].index == index) {
            return static_cast<int>(c);
        }
    }
    return -1;
}

double HeadMetricsModel::value(int row, int column) const {
    if (!m_snapshot || row < 0 || row >= rowCount() || column < 0 || column >= columnCount()) {
        return kNaN;
    }
    const Column& c = m_columns[static_cast<std::size_t>(column)];
    const HeadMetrics& m = m_snapshot->metrics->heads[static_cast<std::size_t>(row)];
    switch (c.kind) {
        case Layer:
            return layerOf(row);
        case Head:
            return headOf(row);
        case BandLow:
            return m.bandLow;
        case BandMid:
            return m.bandMid;
        case BandHigh:
            return m.bandHigh;
        case Selectivity:
            return m.selectivity;
        case SpectralEntropy:
            return m.spectralEntropy;
        case PositionalEntropy:
            return m.positionalEntropy;
        case LocalShare:
            return m.localShare;
        case LocalGlobalRatio:
            return m.localGlobalRatio;
        case ReconErrorF32:
            return m.reconErrorF32;
        case ReconErrorF64:
            return m.reconErrorF64;
        case WaveletEntropy:
            return at(m.scaleEntropy, c.index);
        case WindowEntropy:
            return at(m.windowEntropy, c.index);
        case ScaleSensitivity:
            return at(m.scaleSensitivity, c.index);
        case Rho:
            return at(m_rho, row);
    }
    return kNaN;
}

QString HeadMetricsModel::header(int column) const {
    return column >= 0 && column < columnCount()
               ? m_columns[static_cast<std::size_t>(column)].header
               : QString();
}

QString HeadMetricsModel::exactText(double v) {
    if (std::isnan(v)) {
        return QStringLiteral("nan");
    }
    if (std::isinf(v)) {
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    }
    // The C locale's shortest form that reads back as the same double.
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QVariant HeadMetricsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_snapshot) {
        return {};
    }
    const int column = index.column();
    const double v = value(index.row(), column);
    const Kind kind = m_columns[static_cast<std::size_t>(column)].kind;
    switch (role) {
        case kValueRole:
            return v;
        case Qt::DisplayRole:
            if (kind == Layer || kind == Head) {
                return QString::number(static_cast<int>(v));
            }
            if (std::isnan(v)) {
                return tr("n/a");
            }
            if (std::isinf(v)) {
                return v > 0 ? QStringLiteral("\u221E") : QStringLiteral("\u2212\u221E");
            }
            return QLocale().toString(v, 'g', 4);
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ToolTipRole:
            return tr("Layer %1, head %2\n%3: %4")
                .arg(layerOf(index.row()))
                .arg(headOf(index.row()))
                .arg(header(column), exactText(v));
        default:
            return {};
    }
}

QVariant HeadMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const Column& c = m_columns[static_cast<std::size_t>(section)];
    if (role == Qt::DisplayRole) {
        // The unit on a second line keeps the columns narrow.
        QString text = c.header;
        const auto unit = text.lastIndexOf(QStringLiteral(" ("));
        if (unit > 0) {
            text[unit] = QLatin1Char('\n');
        }
        return text;
    }
    if (role == Qt::ToolTipRole) {
        return c.toolTip;
    }
    return {};
}

}  // namespace headwave
