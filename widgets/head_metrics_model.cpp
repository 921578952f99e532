// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/head_metrics_model.h"

#include <QLocale>
#include <cmath>
#include <limits>

#include "widgets/metric_text.h"

namespace headwave {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double at(const std::vector<double>& v, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < v.size() ? v[static_cast<std::size_t>(i)] : kNaN;
}

// The columns shown before a snapshot: the catalogue's single metrics (a series's columns depend on
// the settings and the wavelet level).
MetricLayout singleMetricsLayout() {
    MethodSettings none;
    none.entropyWindows.clear();
    none.alphas.clear();
    return MetricLayout(none, -1);
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
    m_layout = m_snapshot ? MetricLayout(m_snapshot->settings, m_snapshot->metrics->level)
                          : singleMetricsLayout();
    m_columns = {
        {Source::Layer, -1, QStringLiteral("layer"), tr("Layer"), tr("Layer index, from 0")},
        {Source::Head, -1, QStringLiteral("head"), tr("Head"),
         tr("Head index within the layer, from 0")},
    };
    for (std::size_t c = 0; c < m_layout.size(); ++c) {
        m_columns.push_back({Source::Metric, static_cast<int>(c),
                             QString::fromStdString(m_layout.column(c).key),
                             metricColumnHeader(m_layout, c), metricColumnToolTip(m_layout, c)});
    }
    if (!m_rho.empty()) {
        m_columns.push_back({Source::Rho, -1, QString::fromUtf8(kRhoKey),
                             tr("\u03C1 (H\u209A, H\u209B)"),
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

int HeadMetricsModel::columnOf(std::string_view key) const {
    const QString k = QString::fromUtf8(key);
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c].key == k) {
            return static_cast<int>(c);
        }
    }
    return -1;
}

QString HeadMetricsModel::key(int column) const {
    return column >= 0 && column < columnCount() ? m_columns[static_cast<std::size_t>(column)].key
                                                 : QString();
}

double HeadMetricsModel::value(int row, int column) const {
    if (!m_snapshot || row < 0 || row >= rowCount() || column < 0 || column >= columnCount()) {
        return kNaN;
    }
    const Column& c = m_columns[static_cast<std::size_t>(column)];
    switch (c.source) {
        case Source::Layer:
            return layerOf(row);
        case Source::Head:
            return headOf(row);
        case Source::Metric: {
            const MetricColumn& mc = m_layout.column(static_cast<std::size_t>(c.metric));
            return mc.family->value(m_snapshot->metrics->heads[static_cast<std::size_t>(row)],
                                    mc.position);
        }
        case Source::Rho:
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
    const Source source = m_columns[static_cast<std::size_t>(column)].source;
    switch (role) {
        case kValueRole:
            return v;
        case Qt::DisplayRole:
            if (source == Source::Layer || source == Source::Head) {
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
    if (role == kKeyRole) {
        return c.key;
    }
    return {};
}

}  // namespace headwave
