// SPDX-License-Identifier: GPL-3.0-or-later
// The analysed tokens as a horizontal, scrollable strip of chips (whitespace made visible: "␣"
// starts a word, "↵" a newline), optionally tinted by the selected head's profile a(t), the
// attention each key token receives. Hovering shows the token's index, id and text and emits
// tokenHovered (-1 when the pointer leaves).
//
//   TokenStrip strip;
//   strip.setSnapshot(snapshot);            // snapshot->tokens
//   strip.setSelectedHead(1, 3);            // tint by that head's profile
#pragma once

#include <QColor>
#include <QRect>
#include <vector>

#include "widgets/head_view.h"

class QCheckBox;
class QLabel;
class QScrollArea;

namespace headwave {

class TokenStrip : public HeadView {
    Q_OBJECT
public:
    explicit TokenStrip(QWidget* parent = nullptr);
    ~TokenStrip() override;

    // Tint the chips by the selected head's profile (on by default).
    void setTinted(bool tinted);
    bool tinted() const { return m_tinted; }

    int tokenCount() const { return static_cast<int>(m_labels.size()); }
    // The chip's text ("␣upon").
    QString tokenText(int index) const;
    // The tooltip of a token: index, id, text and, when tinted, a(t).
    QString toolTipFor(int index) const;
    // The token under a point of canvas() (-1 when none) and a chip's rectangle on canvas().
    int tokenAt(const QPoint& canvasPos) const;
    QRect tokenRect(int index) const;
    // The chip's fill: the base colour mixed with the highlight colour by a(t) / max a.
    QColor tokenColor(int index) const;
    // The widget the chips are drawn on (inside the scroll area).
    QWidget* canvas() const { return m_canvas; }
    void scrollToToken(int index);

Q_SIGNALS:
    void tokenHovered(int index);

protected:
    void snapshotChanged() override;
    void selectionChanged() override;
    void paletteChanged() override;

private:
    friend class TokenCanvas;

    void relayout();
    void updateCaption();
    const std::vector<double>* profile() const;
    void hover(int index, const QPoint& globalPos);

    bool m_tinted = true;
    std::vector<QString> m_labels;  // [T]
    std::vector<QRect> m_rects;     // [T], canvas coordinates
    int m_hovered = -1;
    QLabel* m_caption = nullptr;
    QCheckBox* m_tintBox = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_canvas = nullptr;
};

}  // namespace headwave
