// SPDX-License-Identifier: GPL-3.0-or-later
// How the heads' spectra change across models analysed on one text
// (headwave/run/checkpoint_timeline.h): a training timeline (checkpoints, step >= 0) plotted
// against the training step -- the paper's Table 5 -- or a positional comparison (twins) drawn as
// one category per positional scheme -- its Table 4. Four panels in one QCustomPlot (so a figure
// export has all of them): spectral entropy mean +- std over the heads, selectivity mean +- std,
// the low/mid/high band shares (means) and the scale sensitivity at each alpha (means).
//
//   TimelineView view;
//   view.setRows(rows);   // std::shared_ptr<const std::vector<TimelineRow>>; null clears
#pragma once

#include <QStringList>
#include <QWidget>
#include <array>
#include <memory>
#include <vector>

#include "headwave/run/checkpoint_timeline.h"

class QCPAxisRect;
class QCPErrorBars;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;

namespace headwave {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    void setRows(std::shared_ptr<const std::vector<TimelineRow>> rows);
    const std::shared_ptr<const std::vector<TimelineRow>>& rows() const { return m_rows; }

    // True when the rows are checkpoints of one run (every step >= 0, one positional scheme): x
    // is the training step. Otherwise (twins) x is the row's index and the ticks are labelled with
    // categoryLabels(), the positional schemes.
    bool isTimeline() const { return m_timeline; }
    QStringList categoryLabels() const { return m_labels; }

    QCustomPlot* plot() const { return m_plot; }
    QCPAxisRect* rect(int panel) const { return m_rects[static_cast<std::size_t>(panel)]; }
    // Panel 0: spectral entropy (nats), mean (graph) and std (error bars) over the heads.
    QCPGraph* entropyGraph() const { return m_entropy; }
    QCPErrorBars* entropyErrors() const { return m_entropyErrors; }
    // Panel 1: selectivity (ratio), mean and std over the heads.
    QCPGraph* selectivityGraph() const { return m_selectivity; }
    QCPErrorBars* selectivityErrors() const { return m_selectivityErrors; }
    // Panel 2: band = 0 (low), 1 (mid), 2 (high): mean share over the heads, in %.
    QCPGraph* bandGraph(int band) const { return m_bands[static_cast<std::size_t>(band)]; }
    // Panel 3: one graph per alpha of the rows (rows.front().alphas), mean 1 - cos over heads.
    int sensitivityCount() const { return static_cast<int>(m_sensitivity.size()); }
    QCPGraph* sensitivityGraph(int i) const { return m_sensitivity[static_cast<std::size_t>(i)]; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();

    std::shared_ptr<const std::vector<TimelineRow>> m_rows;
    bool m_timeline = false;
    QStringList m_labels;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    std::array<QCPAxisRect*, 4> m_rects{};
    QCPGraph* m_entropy = nullptr;
    QCPErrorBars* m_entropyErrors = nullptr;
    QCPGraph* m_selectivity = nullptr;
    QCPErrorBars* m_selectivityErrors = nullptr;
    std::array<QCPGraph*, 3> m_bands{};
    std::vector<QCPGraph*> m_sensitivity;
};

}  // namespace headwave
