// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/theme.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace headwave {

namespace {

struct SystemLook {
    bool saved = false;
    QString style;
    QPalette palette;
};

SystemLook& systemLook() {
    static SystemLook look;
    return look;
}

}  // namespace

QPalette lightPalette() {
    QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette p = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return p;
}

QPalette darkPalette() {
    // Greys rather than black (less halation); text #e6e6e6 on #2b2b2b is 11:1, disabled text
    // #8c8c8c on it 4.6:1; links and highlight in a blue that keeps 4.5:1 with white text.
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1f, 0x1f, 0x1f);
    const QColor alternate(0x26, 0x26, 0x26);
    const QColor button(0x35, 0x35, 0x35);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x8c, 0x8c, 0x8c);
    const QColor highlight(0x2f, 0x6f, 0xb3);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x3c));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xdb));
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4a, 0x4a));
    return p;
}

void applyTheme(Theme theme) {
    SystemLook& look = systemLook();
    if (!look.saved) {
        look.saved = true;
        look.style = QApplication::style()->name();
        look.palette = QApplication::palette();
    }
    switch (theme) {
        case Theme::System:
            QApplication::setStyle(look.style);
            QApplication::setPalette(look.palette);
            break;
        case Theme::Light:
            QApplication::setStyle(QStringLiteral("Fusion"));
            QApplication::setPalette(lightPalette());
            break;
        case Theme::Dark:
            QApplication::setStyle(QStringLiteral("Fusion"));
            QApplication::setPalette(darkPalette());
            break;
    }
}

namespace {

void styleAxis(QCPAxis* axis, const QColor& ink, const QColor& grid) {
    const QPen pen(ink, 0);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
    axis->setSubTickPen(pen);
    axis->setTickLabelColor(ink);
    axis->setLabelColor(ink);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
}

}  // namespace

void applyPlotTheme(QCustomPlot* plot, const QPalette& palette) {
    const QColor ink = palette.color(QPalette::WindowText);
    QColor grid = ink;
    grid.setAlphaF(0.25f);
    plot->setBackground(palette.color(QPalette::Base));
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis* axis : rect->axes()) {
            styleAxis(axis, ink, grid);
        }
    }
    // Colour scales sit in the top-level layout; empty cells are null.
    QCPLayout* layout = plot->plotLayout();
    for (int i = 0; i < layout->elementCount(); ++i) {
        if (auto* scale = qobject_cast<QCPColorScale*>(layout->elementAt(i))) {
            styleAxis(scale->axis(), ink, grid);
        }
    }
}

QString themeKey(Theme theme) {
    switch (theme) {
        case Theme::Light:
            return QStringLiteral("light");
        case Theme::Dark:
            return QStringLiteral("dark");
        case Theme::System:
            break;
    }
    return QStringLiteral("system");
}

Theme themeFromKey(const QString& key) {
    if (key == QLatin1String("light")) {
        return Theme::Light;
    }
    if (key == QLatin1String("dark")) {
        return Theme::Dark;
    }
    return Theme::System;
}

}  // namespace headwave
