// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/token_strip.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/attention_heatmap_view.h"

namespace headwave {

// Paints the chips of its TokenStrip and reports the pointer; all state lives in the strip.
class TokenCanvas : public QWidget {
public:
    explicit TokenCanvas(TokenStrip* strip) : QWidget(nullptr), m_strip(strip) {
        setMouseTracking(true);
    }

protected:
    void paintEvent(QPaintEvent* event) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QPalette& pal = m_strip->palette();
        p.fillRect(rect(), pal.color(QPalette::Base));
        const int pad = fontMetrics().averageCharWidth() / 2;
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.8);
        const double radius = fontMetrics().height() / 5.0;
        for (int i = 0; i < m_strip->tokenCount(); ++i) {
            const QRect r = m_strip->tokenRect(i);
            if (!r.intersects(event->rect().adjusted(-r.width(), 0, r.width(), 0))) {
                continue;
            }
            const QColor fill = m_strip->tokenColor(i);
            QColor border = pal.color(QPalette::WindowText);
            border.setAlphaF(i == m_strip->m_hovered ? 0.9f : 0.25f);
            p.setPen(QPen(border, i == m_strip->m_hovered ? 2 : 1));
            p.setBrush(fill);
            p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
            // Text that stays readable on a light and on a strongly tinted chip.
            const bool dark = fill.lightnessF() < 0.5f;
            p.setPen(dark ? QColor(Qt::white) : QColor(Qt::black));
            p.setFont(font());
            p.drawText(r.adjusted(pad, 0, -pad, 0), Qt::AlignCenter, m_strip->tokenText(i));
            // Every tenth index under its chip.
            if (i % 10 == 0) {
                p.setFont(small);
                p.setPen(pal.color(QPalette::PlaceholderText));
                p.drawText(QRect(r.left(), r.bottom() + 2, r.width() + 40, fontMetrics().height()),
                           Qt::AlignLeft | Qt::AlignTop, QString::number(i));
            }
        }
    }

    void mouseMoveEvent(QMouseEvent* event) override {
        m_strip->hover(m_strip->tokenAt(event->position().toPoint()),
                       event->globalPosition().toPoint());
    }

    void leaveEvent(QEvent* /*event*/) override { m_strip->hover(-1, {}); }

private:
    TokenStrip* m_strip;
};

TokenStrip::TokenStrip(QWidget* parent) : HeadView(parent) {
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("tokenCaption"));
    m_tintBox = new QCheckBox(tr("Tint by the head's profile a(t)"), this);
    m_tintBox->setObjectName(QStringLiteral("tintBox"));
    m_tintBox->setChecked(m_tinted);
    m_tintBox->setToolTip(
        tr("Colour each token by the attention it receives from the selected head"));
    connect(m_tintBox, &QCheckBox::toggled, this, &TokenStrip::setTinted);

    m_canvas = new TokenCanvas(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(false);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::StyledPanel);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_caption, 1);
    controls->addWidget(m_tintBox);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_scroll);
    layout->addStretch(1);
    relayout();
}

TokenStrip::~TokenStrip() = default;

void TokenStrip::setTinted(bool tinted) {
    m_tinted = tinted;
    if (m_tintBox->isChecked() != tinted) {
        m_tintBox->setChecked(tinted);  // re-enters through toggled
        return;
    }
    updateCaption();
    m_canvas->update();
}

QString TokenStrip::tokenText(int index) const {
    return index >= 0 && index < tokenCount() ? m_labels[static_cast<std::size_t>(index)]
                                              : QString();
}

QRect TokenStrip::tokenRect(int index) const {
    return index >= 0 && index < tokenCount() ? m_rects[static_cast<std::size_t>(index)] : QRect();
}

int TokenStrip::tokenAt(const QPoint& canvasPos) const {
    // Chips are laid out left to right: binary search on their right edges.
    const auto it = std::lower_bound(m_rects.begin(), m_rects.end(), canvasPos.x(),
                                     [](const QRect& r, int x) { return r.right() < x; });
    if (it == m_rects.end() || !it->contains(canvasPos)) {
        return -1;
    }
    return static_cast<int>(it - m_rects.begin());
}

const std::vector<double>* TokenStrip::profile() const {
    if (!m_tinted || !hasSelection() || !snapshot()) {
        return nullptr;
    }
    const HeadDetail* d = snapshot()->detail(selectedLayer(), selectedHead());
    if (!d || d->profile.size() != static_cast<std::size_t>(tokenCount())) {
        return nullptr;
    }
    return &d->profile;
}

QColor TokenStrip::tokenColor(int index) const {
    const QColor base = palette().color(QPalette::Base);
    const std::vector<double>* a = profile();
    if (!a || index < 0 || index >= tokenCount()) {
        return palette().color(QPalette::AlternateBase);
    }
    const double hi = *std::max_element(a->begin(), a->end());
    const double v = (*a)[static_cast<std::size_t>(index)];
    const double f = hi > 0 && std::isfinite(v) ? std::clamp(v / hi, 0.0, 1.0) : 0.0;
    const QColor tint = palette().color(QPalette::Highlight);
    auto mix = [f](int b, int t) { return static_cast<int>(std::lround(b + f * (t - b))); };
    return QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()),
                  mix(base.blue(), tint.blue()));
}

QString TokenStrip::toolTipFor(int index) const {
    if (index < 0 || index >= tokenCount() || !snapshot()) {
        return {};
    }
    const Token& t = snapshot()->tokens[static_cast<std::size_t>(index)];
    QString text =
        tr("Token %1 (id %2)\n\u201C%3\u201D").arg(index).arg(t.id).arg(tokenText(index));
    if (t.special) {
        text += tr(" (special)");
    }
    if (const std::vector<double>* a = profile()) {
        text += tr("\na(t) = %1 (layer %2, head %3)")
                    .arg(QString::number((*a)[static_cast<std::size_t>(index)], 'g', 4))
                    .arg(selectedLayer())
                    .arg(selectedHead());
    }
    return text;
}

void TokenStrip::scrollToToken(int index) {
    const QRect r = tokenRect(index);
    if (r.isValid()) {
        m_scroll->ensureVisible(r.center().x(), r.center().y(), r.width(), 0);
    }
}

void TokenStrip::hover(int index, const QPoint& globalPos) {
    if (index == m_hovered) {
        return;
    }
    m_hovered = index;
    m_canvas->update();
    if (index >= 0) {
        QToolTip::showText(globalPos, toolTipFor(index), m_canvas, tokenRect(index));
    } else {
        QToolTip::hideText();
    }
    Q_EMIT tokenHovered(index);
}

void TokenStrip::snapshotChanged() {
    m_hovered = -1;
    relayout();
}

void TokenStrip::selectionChanged() {
    updateCaption();
    m_canvas->update();
}

void TokenStrip::paletteChanged() {
    m_canvas->update();
}

void TokenStrip::relayout() {
    m_labels.clear();
    m_rects.clear();
    const QFontMetrics fm = m_canvas->fontMetrics();
    const int pad = fm.averageCharWidth() / 2;
    const int gap = std::max(2, fm.averageCharWidth() / 3);
    const int height = fm.height() + 2 * pad;
    int x = gap;
    if (snapshot()) {
        for (const Token& t : snapshot()->tokens) {
            const QString label = AttentionHeatmapView::tokenLabel(t.text);
            const int width = std::max(fm.horizontalAdvance(label) + 3 * pad, height);
            m_labels.push_back(label);
            m_rects.emplace_back(x, gap, width, height);
            x += width + gap;
        }
    }
    // Room for the index row under the chips.
    const int canvasHeight = gap + height + 2 + fm.height();
    m_canvas->setFixedSize(std::max(x, 1), canvasHeight);
    m_scroll->setFixedHeight(canvasHeight + m_scroll->horizontalScrollBar()->sizeHint().height() +
                             2 * m_scroll->frameWidth());
    updateCaption();
    m_canvas->update();
}

void TokenStrip::updateCaption() {
    if (tokenCount() == 0) {
        m_caption->setText(snapshot() && snapshot()->run
                               ? tr("A corpus run: no single token sequence")
                               : tr("No tokens"));
        return;
    }
    m_caption->setText(profile() ? tr("%1 tokens, tinted by layer %2, head %3")
                                       .arg(tokenCount())
                                       .arg(selectedLayer())
                                       .arg(selectedHead())
                                 : tr("%1 tokens").arg(tokenCount()));
}

}  // namespace headwave
