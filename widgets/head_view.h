// SPDX-License-Identifier: GPL-3.0-or-later
// The common base of the analysis views: holds the immutable AnalysisSnapshot and the selected
// head, and carries the linked-selection API every view shares. Subclasses draw in the hooks.
//
//   SpectrumView view;                      // a HeadView
//   view.setSnapshot(snapshot);             // std::shared_ptr<const AnalysisSnapshot>; null clears
//   view.setSelectedHead(2, 5);             // from another view: no headSelected
//   connect(&view, &HeadView::headSelected, ...);   // the user picked a head in this view
#pragma once

#include <QWidget>
#include <memory>

#include "headwave/run/snapshots.h"

namespace headwave {

class HeadView : public QWidget {
    Q_OBJECT
public:
    explicit HeadView(QWidget* parent = nullptr);
    ~HeadView() override;

    // A null snapshot clears the view. The selection is kept when the head still exists.
    void setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot);
    const std::shared_ptr<const AnalysisSnapshot>& snapshot() const { return m_snapshot; }

    // Selects a head without emitting headSelected (linked selection from other views). A head
    // outside the snapshot is ignored; (-1, -1) clears the selection.
    void setSelectedHead(int layer, int head);
    int selectedLayer() const { return m_layer; }
    int selectedHead() const { return m_head; }
    bool hasSelection() const { return m_layer >= 0 && m_head >= 0; }
    // Whether the selection is drawn (a frame, a ring, a marker). Figure export turns it off: a
    // publication figure carries no interface state unless asked to mark the selected head.
    void setSelectionMarked(bool marked);
    bool selectionMarked() const { return m_selectionMarked; }

    // The snapshot's shape; 0 without a usable snapshot.
    int layers() const;
    int heads() const;
    int tokens() const;
    // The metrics of a head (nullptr outside the snapshot).
    const HeadMetrics* metricsOf(int layer, int head) const;

Q_SIGNALS:
    void headSelected(int layer, int head);

protected:
    // Called after the snapshot changed (the selection is already adjusted).
    virtual void snapshotChanged() {}
    // Called after the selected head changed, by the user or through setSelectedHead.
    virtual void selectionChanged() {}
    // Called when the widget's palette changed (the app switched theme): re-colour the plots.
    virtual void paletteChanged() {}

    // The user picked a head in this view: selects it and emits headSelected (only on change).
    void selectByUser(int layer, int head);

    void changeEvent(QEvent* event) override;

private:
    bool valid(int layer, int head) const;
    bool m_selectionMarked = true;

    std::shared_ptr<const AnalysisSnapshot> m_snapshot;
    int m_layer = -1;
    int m_head = -1;
};

}  // namespace headwave
