// SPDX-License-Identifier: GPL-3.0-or-later
// The head map view: fed a hand-made HeadMap, the points of each class are exactly the map's
// coordinates, the ring is on the selected head, the axes carry the explained variance, the
// similar heads list the map's neighbours; a click on a point or a list entry selects that head,
// the classes box asks for another k. Then the engine's map of the synthetic snapshot, saved as a
// screenshot (HEADWAVE_SCREENSHOT_DIR/head_map.png) for a human to look at.
#include <qcustomplot.h>
#include <QComboBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <memory>

#include "headwave/dsp/head_map.h"
#include "synthetic_snapshot.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_map_view.h"
#include "widgets/plot_style.h"

using namespace headwave;
using synthetic::kHeads;
using synthetic::kLayers;

namespace {

// Heads (l, h) of the synthetic snapshot's shape; head i at (i, -i / 2), class i % 3; each head's
// neighbours are the next two heads.
std::shared_ptr<HeadMap> handMadeMap() {
    auto map = std::make_shared<HeadMap>();
    map->sources = {"synthetic"};
    const int n = kLayers * kHeads;
    for (int l = 0; l < kLayers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            map->heads.push_back({0, l, h});
        }
    }
    for (int i = 0; i < n; ++i) {
        map->coordinates.push_back(i);
        map->coordinates.push_back(-0.5 * i);
        map->classes.push_back(i % 3);
        map->silhouette.push_back(0.5);
    }
    map->explained = {0.625, 0.25};
    map->k = 3;
    map->kChosen = true;
    map->tried = {{2, 0.3, 10.0}, {3, 0.5, 5.0}};
    map->neighbourCount = 2;
    for (int i = 0; i < n; ++i) {
        map->neighbours.push_back((i + 1) % n);
        map->neighbours.push_back((i + 2) % n);
        map->distances.push_back(1.0 + 0.01 * i);
        map->distances.push_back(2.0 + 0.01 * i);
    }
    return map;
}

}  // namespace

class TestHeadMapView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsTheMapsValues();
    void clicksSelect();
    void engineMapScreenshot();
    void headGridColouredByClass();
};

void TestHeadMapView::drawsTheMapsValues() {
    HeadMapView view;
    view.setSnapshot(synthetic::snapshot());
    const auto map = handMadeMap();
    view.setHeadMap(map);
    view.setSelectedHead(1, 2);  // head index 6

    QCOMPARE(view.classCurves(), 3);
    int points = 0;
    for (int c = 0; c < 3; ++c) {
        const QCPCurve* curve = view.classCurve(c);
        QVERIFY(curve);
        for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it) {
            const auto i = static_cast<std::size_t>(it->t);
            QCOMPARE(map->classes[i], c);
            QCOMPARE(it->key, map->pc(i, 0));
            QCOMPARE(it->value, map->pc(i, 1));
            ++points;
        }
        QVERIFY(curve->name().startsWith(QStringLiteral("Class %1 (4 heads)").arg(c)));
    }
    QCOMPARE(points, kLayers * kHeads);
    QCOMPARE(view.selectionCurve()->data()->size(), 1);
    QCOMPARE(view.selectionCurve()->data()->constBegin()->key, 6.0);
    QCOMPARE(view.selectionCurve()->data()->constBegin()->value, -3.0);
    QVERIFY(view.plot()->xAxis->label().contains(QStringLiteral("62.5 %")));
    QVERIFY(view.plot()->yAxis->label().contains(QStringLiteral("25.0 %")));
    QCOMPARE(view.plot()->legend->itemCount(), 4);  // 3 classes and the ring

    // Similar heads of head 6: heads 7 (1, 3) and 8 (2, 0), nearest first.
    QListWidget* list = view.similarList();
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(0)->text().startsWith(QStringLiteral("L1 H3")));
    QVERIFY(list->item(0)->text().contains(QStringLiteral("1.06")));
    QVERIFY(list->item(1)->text().startsWith(QStringLiteral("L2 H0")));

    // A null map clears the points, the ring and the list.
    view.setHeadMap(nullptr);
    QCOMPARE(view.classCurves(), 0);
    QCOMPARE(view.selectionCurve()->data()->size(), 0);
    QCOMPARE(view.similarList()->count(), 0);
}

void TestHeadMapView::clicksSelect() {
    HeadMapView view;
    view.setSnapshot(synthetic::snapshot());
    view.setHeadMap(handMadeMap());
    view.setSelectedHead(0, 0);
    view.resize(800, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    QSignalSpy selected(&view, &HeadView::headSelected);

    // A click on head 5's point (1, 1) at (5, -2.5).
    const QPoint pixel(static_cast<int>(view.plot()->xAxis->coordToPixel(5.0)),
                       static_cast<int>(view.plot()->yAxis->coordToPixel(-2.5)));
    QCOMPARE(view.headAt(pixel), 5);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixel);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toInt(), 1);
    QCOMPARE(selected.at(0).at(1).toInt(), 1);
    QCOMPARE(view.selectedLayer(), 1);

    // The list now shows head 5's neighbours; clicking the second selects head 7 (1, 3).
    QListWidget* list = view.similarList();
    QCOMPARE(list->count(), 2);
    const QRect second = list->visualItemRect(list->item(1));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(selected.count(), 2);
    QCOMPARE(selected.at(1).at(0).toInt(), 1);
    QCOMPARE(selected.at(1).at(1).toInt(), 3);

    // Linked selection from another view emits nothing.
    view.setSelectedHead(2, 2);
    QCOMPARE(selected.count(), 2);

    // The classes box asks for k; setRequestedClasses shows it without a signal.
    QSignalSpy classes(&view, &HeadMapView::classesRequested);
    view.classesBox()->setCurrentIndex(view.classesBox()->findData(4));
    QCOMPARE(classes.count(), 1);
    QCOMPARE(classes.at(0).at(0).toInt(), 4);
    view.setRequestedClasses(0);
    QCOMPARE(classes.count(), 1);
    QCOMPARE(view.classesBox()->currentData().toInt(), 0);
}

void TestHeadMapView::engineMapScreenshot() {
    const auto snapshot = synthetic::snapshot();
    auto map = computeHeadMap({headMapSource(*snapshot, "synthetic")}, {});
    QVERIFY(map.ok());
    HeadMapView view;
    view.setSnapshot(snapshot);
    view.setHeadMap(std::make_shared<const HeadMap>(*map));
    view.setSelectedHead(1, 2);
    view.resize(900, 520);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    // Every head drawn once, at its coordinates.
    int points = 0;
    for (int c = 0; c < view.classCurves(); ++c) {
        for (auto it = view.classCurve(c)->data()->constBegin();
             it != view.classCurve(c)->data()->constEnd(); ++it) {
            QCOMPARE(it->key, map->pc(static_cast<std::size_t>(it->t), 0));
            ++points;
        }
    }
    QCOMPARE(points, kLayers * kHeads);
    QCOMPARE(view.similarList()->count(), 10);  // the default 10 of the 11 other heads
    QVERIFY(view.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/head_map.png")));
}

void TestHeadMapView::headGridColouredByClass() {
    HeadGridView grid;
    grid.setSnapshot(synthetic::snapshot());
    const QString key = QLatin1String(HeadGridView::kHeadMapClassKey);
    QVERIFY(!grid.isMetricAvailable(key));
    const auto map = handMadeMap();
    grid.setHeadClasses(map->classes, map->k);
    QVERIFY(grid.isMetricAvailable(key));
    grid.setMetric(key);
    QCOMPARE(grid.currentMetric(), key);
    // Each cell holds its head's class, in the head map's colour for that class.
    for (int l = 0; l < kLayers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            const int c = map->classes[static_cast<std::size_t>(l * kHeads + h)];
            QCOMPARE(grid.colorMap()->data()->cell(h, l), static_cast<double>(c));
            QCPColorGradient gradient = grid.colorMap()->gradient();
            QCOMPARE(QColor::fromRgb(gradient.color(c, grid.colorMap()->dataRange())),
                     seriesColor(c));
        }
    }
    // Without a map the item goes and the grid returns to the first metric.
    grid.setHeadClasses({}, 0);
    QVERIFY(!grid.isMetricAvailable(key));
    QVERIFY(grid.currentMetric() != key);
}

QTEST_MAIN(TestHeadMapView)
#include "test_head_map_view.moc"
