// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/head_view.h"

#include <QEvent>

namespace headwave {

HeadView::HeadView(QWidget* parent) : QWidget(parent) {}

HeadView::~HeadView() = default;

void HeadView::setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
    if (!valid(m_layer, m_head)) {
        m_layer = -1;
        m_head = -1;
    }
    snapshotChanged();
}

void HeadView::setSelectionMarked(bool marked) {
    if (marked != m_selectionMarked) {
        m_selectionMarked = marked;
        selectionChanged();
    }
}

void HeadView::setSelectedHead(int layer, int head) {
    if (layer == -1 && head == -1) {
        m_layer = -1;
        m_head = -1;
        selectionChanged();
        return;
    }
    if (!valid(layer, head) || (layer == m_layer && head == m_head)) {
        return;
    }
    m_layer = layer;
    m_head = head;
    selectionChanged();
}

void HeadView::selectByUser(int layer, int head) {
    if (!valid(layer, head) || (layer == m_layer && head == m_head)) {
        return;
    }
    m_layer = layer;
    m_head = head;
    selectionChanged();
    Q_EMIT headSelected(layer, head);
}

int HeadView::layers() const {
    return m_snapshot && m_snapshot->metrics ? m_snapshot->metrics->shape.layers : 0;
}

int HeadView::heads() const {
    return m_snapshot && m_snapshot->metrics ? m_snapshot->metrics->shape.heads : 0;
}

int HeadView::tokens() const {
    return m_snapshot && m_snapshot->metrics ? m_snapshot->metrics->shape.tokens : 0;
}

const HeadMetrics* HeadView::metricsOf(int layer, int head) const {
    if (!valid(layer, head)) {
        return nullptr;
    }
    return &m_snapshot->metrics->at(layer, head);
}

bool HeadView::valid(int layer, int head) const {
    if (!m_snapshot || !m_snapshot->metrics || layer < 0 || head < 0 || layer >= layers() ||
        head >= heads()) {
        return false;
    }
    // A malformed snapshot (too few heads) has no valid head at all.
    return m_snapshot->metrics->heads.size() ==
           static_cast<std::size_t>(layers()) * static_cast<std::size_t>(heads());
}

void HeadView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        paletteChanged();
    }
}

}  // namespace headwave
