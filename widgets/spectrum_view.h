// SPDX-License-Identifier: GPL-3.0-or-later
// The power spectrum of the selected head against normalised frequency r (1 = Nyquist), with the
// low/mid/high bands shaded and labelled with the head's shares; a logarithmic power axis; heads
// can be pinned to overlay their spectra in distinct colours.
//
//   SpectrumView view;
//   view.setSnapshot(snapshot);
//   view.setSelectedHead(1, 3);
//   view.pinHead(1, 3);          // keep its spectrum while another head is selected
#pragma once

#include <array>
#include <vector>

#include "widgets/head_view.h"

class QCheckBox;
class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QPushButton;

namespace headwave {

class SpectrumView : public HeadView {
    Q_OBJECT
public:
    explicit SpectrumView(QWidget* parent = nullptr);
    ~SpectrumView() override;

    void setLogScale(bool log);
    bool logScale() const { return m_log; }

    // Pinned heads stay drawn (in their own colour, in the legend) while another head is
    // selected; they survive new snapshots while the head exists.
    void pinHead(int layer, int head);
    void unpinHead(int layer, int head);
    void clearPins();
    const std::vector<HeadRef>& pinnedHeads() const { return m_pins; }

    QCustomPlot* plot() const { return m_plot; }
    // The selected head's spectrum (nullptr-free; empty when nothing is selected).
    QCPGraph* currentGraph() const { return m_current; }
    // The graph of a pinned head, or nullptr.
    QCPGraph* pinnedGraph(int layer, int head) const;
    // Band b (0 = low, 1 = mid, 2 = high): its shading and its label.
    QCPItemRect* bandRect(int band) const { return m_bandRects[static_cast<std::size_t>(band)]; }
    QCPItemText* bandLabel(int band) const { return m_bandLabels[static_cast<std::size_t>(band)]; }
    QString title() const;

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;

private:
    void rebuild();
    void updateButtons();
    void setGraphData(QCPGraph* graph, const HeadDetail& detail) const;

    bool m_log = false;
    std::vector<HeadRef> m_pins;
    std::vector<QCPGraph*> m_pinGraphs;  // [m_pins.size()]
    QCheckBox* m_logBox = nullptr;
    QPushButton* m_pinButton = nullptr;
    QPushButton* m_clearButton = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPGraph* m_current = nullptr;
    std::array<QCPItemRect*, 3> m_bandRects{};
    std::array<QCPItemText*, 3> m_bandLabels{};
};

}  // namespace headwave
