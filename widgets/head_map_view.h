// SPDX-License-Identifier: GPL-3.0-or-later
// The head map (docs/method.md, "The head map"): every head of the shown analysis placed by the
// first two principal components of its standardised spectral signature, coloured by its k-means
// class, with the selected head ringed; beside it the heads most similar to the selected one.
// A click on a point or a similar head selects that head. The map is the engine's
// (Session::headMap); the view draws it and asks for another k with classesRequested.
//
//   HeadMapView view;
//   view.setSnapshot(snapshot);     // the analysis whose heads the map shows (source 0)
//   view.setHeadMap(map);           // std::shared_ptr<const HeadMap>; null: nothing to draw
//   connect(&view, &HeadView::headSelected, ...);
//   connect(&view, &HeadMapView::classesRequested, ...);   // 0 = by silhouette
#pragma once

#include <memory>
#include <vector>

#include "headwave/dsp/head_map.h"
#include "widgets/head_view.h"

class QComboBox;
class QCPCurve;
class QCustomPlot;
class QLabel;
class QListWidget;
class QMouseEvent;
class QResizeEvent;
class QSplitter;
class QTabWidget;

namespace headwave {

class HeadMapView : public HeadView {
    Q_OBJECT
public:
    explicit HeadMapView(QWidget* parent = nullptr);
    ~HeadMapView() override;

    void setHeadMap(std::shared_ptr<const HeadMap> map);
    const std::shared_ptr<const HeadMap>& headMap() const { return m_map; }
    // Shows the number of classes the map was asked for (0: by silhouette), without a signal.
    void setRequestedClasses(int k);

    QCustomPlot* plot() const { return m_plot; }
    // The points of class c (QCPCurve's t = the head's index in the map), and the ring.
    QCPCurve* classCurve(int c) const;
    int classCurves() const { return static_cast<int>(m_curves.size()); }
    QCPCurve* selectionCurve() const { return m_selection; }
    QListWidget* similarList() const { return m_similar; }
    // The map and the list as tabs (a narrow view), or null when they are side by side.
    QTabWidget* tabs() const;
    QComboBox* classesBox() const { return m_classes; }

    // The map's head index of the point nearest to a widget-relative pixel of plot(), within
    // about one line height; -1 when none is that close.
    int headAt(const QPointF& pixel) const;

Q_SIGNALS:
    // The user chose another number of classes (0: by silhouette).
    void classesRequested(int k);

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    // Title, legend and the similar heads follow the view's width: the title wraps, the legend
    // wraps into rows, and the map and the list become tabs in a narrow dock.
    void fitToWidth();
    void rebuild();
    void updateSelection();
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    int selectedIndex() const;  // the selected head's index in the map, or -1

    std::shared_ptr<const HeadMap> m_map;
    std::vector<QCPCurve*> m_curves;  // [k]
    QCustomPlot* m_plot = nullptr;
    QCPCurve* m_selection = nullptr;
    QComboBox* m_classes = nullptr;
    QSplitter* m_splitter = nullptr;  // the map and the list side by side (a wide view)
    QTabWidget* m_tabs = nullptr;     // ... or as tabs (a narrow one)
    QWidget* m_side = nullptr;        // the list and its title
    QString m_title;                  // unwrapped
    QLabel* m_similarTitle = nullptr;
    QListWidget* m_similar = nullptr;
};

}  // namespace headwave
