// SPDX-License-Identifier: GPL-3.0-or-later
// The metric catalogue's consumers among the views: the head grid's colour-by list offers exactly
// the families marked headGrid, in catalogue order, each item's data its key (plus rho for a corpus
// run), and colours by each; the metrics table has a column for every column of the snapshot's
// MetricLayout, its header's kKeyRole the key (besides layer, head and rho). A view that drops or
// reorders a metric fails here; the engine's consumers are checked in
// tests/engine/test_metric_catalogue.cpp.
#include <qcustomplot.h>
#include <QComboBox>
#include <QStringList>
#include <QTest>
#include <cmath>
#include <memory>

#include "synthetic_snapshot.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_metrics_model.h"
#include "widgets/metric_text.h"

using namespace headwave;
using synthetic::kHeads;
using synthetic::kLayers;

namespace {

QStringList itemKeys(const QComboBox& box) {
    QStringList keys;
    for (int i = 0; i < box.count(); ++i) {
        keys << box.itemData(i).toString();
    }
    return keys;
}

// The families the grid must offer, in catalogue order.
std::vector<const MetricFamily*> gridFamilies() {
    std::vector<const MetricFamily*> out;
    for (const MetricFamily& f : kMetricCatalogue) {
        if (f.uses.headGrid) {
            out.push_back(&f);
        }
    }
    return out;
}

bool sameOrBothUndefined(double shown, double expected) {
    return shown == expected || (std::isnan(shown) && !std::isfinite(expected));
}

}  // namespace

class TestMetricCatalogueViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gridOffersEveryGridMetric();
    void tableHasEveryColumn();
};

void TestMetricCatalogueViews::gridOffersEveryGridMetric() {
    const auto single = synthetic::snapshot();
    const auto corpus = synthetic::corpusSnapshot();
    const std::vector<const MetricFamily*> families = gridFamilies();
    QVERIFY(!families.empty());
    QStringList expected;
    for (const MetricFamily* f : families) {
        expected << QString::fromUtf8(f->key);
    }
    const MetricLayout layout(single->settings, single->metrics->level);

    HeadGridView grid;
    auto* box = grid.findChild<QComboBox*>(QStringLiteral("metricBox"));
    QVERIFY(box);
    // Metrics alone (no settings), a sequence's snapshot, a corpus run's (with rho).
    for (int pass = 0; pass < 3; ++pass) {
        if (pass == 0) {
            grid.setMetrics(single->metrics);
        } else {
            grid.setSnapshot(pass == 1 ? single : corpus);
        }
        QStringList keys = expected;
        if (pass == 2) {
            keys << QString::fromUtf8(kRhoKey);
        }
        QCOMPARE(itemKeys(*box), keys);
        for (std::size_t i = 0; i < families.size(); ++i) {
            const MetricFamily& f = *families[i];
            const int column = layout.index(f);
            QVERIFY(column >= 0);
            // Named by the catalogue: a series by its first column once the settings are known.
            QCOMPARE(box->itemText(static_cast<int>(i)),
                     pass == 0 ? metricFirstColumnHeader(f)
                               : metricColumnHeader(layout, static_cast<std::size_t>(column)));
            grid.setMetric(expected[static_cast<int>(i)]);
            QCOMPARE(grid.currentMetric(), expected[static_cast<int>(i)]);
            QCOMPARE(box->currentIndex(), static_cast<int>(i));
            for (int l = 0; l < kLayers; ++l) {
                for (int h = 0; h < kHeads; ++h) {
                    QVERIFY(sameOrBothUndefined(grid.colorMap()->data()->cell(h, l),
                                                f.value(single->metrics->at(l, h))));
                }
            }
        }
    }
}

void TestMetricCatalogueViews::tableHasEveryColumn() {
    for (const auto& s : {synthetic::snapshot(), synthetic::corpusSnapshot()}) {
        HeadMetricsModel model;
        model.setSnapshot(s);
        const MetricLayout layout(s->settings, s->metrics->level);
        QStringList expected{QStringLiteral("layer"), QStringLiteral("head")};
        for (const MetricColumn& c : layout.columns()) {
            expected << QString::fromStdString(c.key);
        }
        if (s->run) {
            expected << QString::fromUtf8(kRhoKey);
        }
        QStringList keys;
        for (int c = 0; c < model.columnCount(); ++c) {
            keys << model.headerData(c, Qt::Horizontal, HeadMetricsModel::kKeyRole).toString();
        }
        QCOMPARE(keys, expected);
        // Every family has its columns, with the catalogue's header and the head's values.
        for (const MetricFamily& f : kMetricCatalogue) {
            QVERIFY2(layout.index(f) >= 0, f.key.data());
        }
        for (std::size_t c = 0; c < layout.size(); ++c) {
            const MetricColumn& mc = layout.column(c);
            const int column = model.columnOf(mc.key);
            QCOMPARE(column, static_cast<int>(c) + 2);
            QCOMPARE(model.header(column), metricColumnHeader(layout, c));
            QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString(),
                     metricColumnToolTip(layout, c));
            for (int row = 0; row < model.rowCount(); ++row) {
                const double expectedValue =
                    mc.family->value(s->metrics->heads[static_cast<std::size_t>(row)], mc.position);
                const double shown = model.value(row, column);
                QVERIFY(shown == expectedValue || (std::isnan(shown) && std::isnan(expectedValue)));
            }
        }
    }
}

QTEST_MAIN(TestMetricCatalogueViews)
#include "test_metric_catalogue_views.moc"
