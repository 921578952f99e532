// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/export/figure_exporter.h"

#include <qcustomplot.h>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPdfWriter>
#include <QSaveFile>
#include <QStorageInfo>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>
#include <vector>

#include "widgets/head_view.h"
#include "widgets/plot_style.h"

namespace headwave {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("headwave::FigureExporter", text);
}

constexpr double kMmPerInch = 25.4;
constexpr double kPointsPerInch = 72.0;

// Black on white, whatever the interface theme.
QPalette publicationPalette() {
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Text, Qt::black);
    return p;
}

// Applies the publication style to one plot and puts everything back on destruction: fonts, pens
// and item colours are recorded before they change; colours that follow the theme are restored by
// re-applying the view's palette.
class PublicationStyle {
public:
    PublicationStyle(QCustomPlot* plot, const QPalette& screen, const FigureOptions& o)
        : m_plot(plot), m_screen(screen) {
        QFont font = plot->font();
        font.setFamily(o.fontFamily.isEmpty() ? QStringLiteral("DejaVu Sans") : o.fontFamily);
        font.setPointSizeF(o.fontPointSize);
        font.setBold(false);
        applyPlotPalette(plot, publicationPalette());
        const double axisWidth = std::max(0.5, 0.6 * o.lineWidthPt);
        auto styleAxis = [&](QCPAxis* a) {
            m_axes.push_back({a, a->tickLabelFont(), a->labelFont(), a->basePen(), a->tickPen(),
                              a->subTickPen()});
            a->setTickLabelFont(font);
            a->setLabelFont(font);
            QPen pen = a->basePen();
            pen.setWidthF(axisWidth);
            a->setBasePen(pen);
            pen = a->tickPen();
            pen.setWidthF(axisWidth);
            a->setTickPen(pen);
            pen = a->subTickPen();
            pen.setWidthF(axisWidth);
            a->setSubTickPen(pen);
        };
        auto styleLegend = [&](QCPLegend* legend) {
            m_legends.push_back(
                {legend, legend->font(), legend->iconSize(), legend->iconTextPadding()});
            legend->setFont(font);
            // A compact legend: swatches of about the text's height, right beside their labels.
            const int em = static_cast<int>(std::lround(o.fontPointSize));
            legend->setIconSize(QSize(2 * em, em));
            legend->setIconTextPadding(std::max(2, em / 2));
            for (int i = 0; i < legend->itemCount(); ++i) {
                if (QCPAbstractLegendItem* item = legend->item(i)) {  // a wrapped grid has gaps
                    m_legendItems.push_back({item, item->font()});
                    item->setFont(font);
                }
            }
        };
        for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
            if (auto* rect = qobject_cast<QCPAxisRect*>(e)) {
                for (QCPAxis* a : rect->axes()) {
                    styleAxis(a);
                }
                for (QCPLayoutElement* inset : rect->insetLayout()->elements(false)) {
                    if (auto* legend = qobject_cast<QCPLegend*>(inset)) {
                        styleLegend(legend);
                    }
                }
            } else if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
                styleAxis(scale->axis());
            } else if (auto* legend = qobject_cast<QCPLegend*>(e)) {
                styleLegend(legend);
            } else if (auto* text = qobject_cast<QCPTextElement*>(e)) {
                m_texts.push_back({text, text->font(), text->text(), text->margins()});
                // An annotation (rho) in the layout is kept and set like the tick labels.
                const bool annotation = text->property("headwaveAnnotation").toBool();
                QFont title = font;
                title.setBold(!annotation);
                text->setFont(title);
                if (!o.titles && !annotation) {
                    // No title: its row takes no room (the layout's spacing only).
                    // An empty text is still a line high in its font: a tiny font.
                    text->setText(QString());
                    text->setMargins(QMargins());
                    QFont none = title;
                    none.setPointSizeF(1.0);
                    text->setFont(none);
                }
            }
        }
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable* p = plot->plottable(i);
            m_pens.push_back({p, p->pen()});
            if (qobject_cast<QCPGraph*>(p) != nullptr || qobject_cast<QCPCurve*>(p) != nullptr) {
                QPen pen = p->pen();
                if (pen.style() != Qt::NoPen) {
                    pen.setWidthF(o.lineWidthPt);
                    p->setPen(pen);
                }
            } else if (qobject_cast<QCPErrorBars*>(p) != nullptr) {
                QPen pen = p->pen();
                pen.setWidthF(std::max(0.5, 0.75 * o.lineWidthPt));
                p->setPen(pen);
            }
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            if (auto* text = qobject_cast<QCPItemText*>(plot->item(i))) {
                m_items.push_back({text, text->font(), text->color()});
                QFont f = font;
                f.setPointSizeF(text->font().pointSizeF() > 0 &&
                                        text->font().pointSizeF() < plot->font().pointSizeF()
                                    ? o.fontPointSize * 0.9
                                    : o.fontPointSize);
                f.setBold(text->font().bold());
                text->setFont(f);
                // Text drawn in the theme's ink becomes black; coloured labels keep their colour.
                if (text->color() == screen.color(QPalette::WindowText) ||
                    text->color() == screen.color(QPalette::Text)) {
                    text->setColor(Qt::black);
                }
            }
        }
    }

    ~PublicationStyle() {
        for (const auto& a : m_axes) {
            a.axis->setTickLabelFont(a.tickFont);
            a.axis->setLabelFont(a.labelFont);
            a.axis->setBasePen(a.base);
            a.axis->setTickPen(a.tick);
            a.axis->setSubTickPen(a.subTick);
        }
        for (const auto& l : m_legends) {
            l.legend->setFont(l.font);
            l.legend->setIconSize(l.iconSize);
            l.legend->setIconTextPadding(l.iconTextPadding);
        }
        for (const auto& l : m_legendItems) {
            l.item->setFont(l.font);
        }
        for (const auto& t : m_texts) {
            t.text->setFont(t.font);
            t.text->setText(t.string);
            t.text->setMargins(t.margins);
        }
        for (const auto& p : m_pens) {
            p.plottable->setPen(p.pen);
        }
        for (const auto& i : m_items) {
            i.item->setFont(i.font);
            i.item->setColor(i.color);
        }
        applyPlotPalette(m_plot, m_screen);
    }

    PublicationStyle(const PublicationStyle&) = delete;
    PublicationStyle& operator=(const PublicationStyle&) = delete;

private:
    struct Axis {
        QCPAxis* axis;
        QFont tickFont, labelFont;
        QPen base, tick, subTick;
    };
    struct Legend {
        QCPLegend* legend;
        QFont font;
        QSize iconSize;
        int iconTextPadding;
    };
    struct LegendItem {
        QCPAbstractLegendItem* item;
        QFont font;
    };
    struct Text {
        QCPTextElement* text;
        QFont font;
        QString string;
        QMargins margins;
    };
    struct Pen {
        QCPAbstractPlottable* plottable;
        QPen pen;
    };
    struct Item {
        QCPItemText* item;
        QFont font;
        QColor color;
    };
    QCustomPlot* m_plot;
    QPalette m_screen;
    std::vector<Axis> m_axes;
    std::vector<Legend> m_legends;
    std::vector<LegendItem> m_legendItems;
    std::vector<Text> m_texts;
    std::vector<Pen> m_pens;
    std::vector<Item> m_items;
};

// The text of a plot fitted to the figure's size (fitPlotText, at the publication fonts), and put
// back on destruction: axis labels, tick label rotation, tick counts and steps, text ticks and
// text elements, so that a view on screen is as it was.
class FittedText {
public:
    FittedText(QCustomPlot* plot, const QSize& size) : m_plot(plot) {
        for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
            if (auto* rect = qobject_cast<QCPAxisRect*>(e)) {
                for (QCPAxis* a : rect->axes()) {
                    record(a);
                }
            } else if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
                record(scale->axis());
            } else if (auto* text = qobject_cast<QCPTextElement*>(e)) {
                m_texts.push_back({text, text->text()});
            }
        }
        const QRect viewport = plot->viewport();
        plot->setViewport(QRect(QPoint(0, 0), size));
        for (int pass = 0; pass < 6; ++pass) {
            layOut();
            if (!fitPlotText(plot)) {
                break;
            }
        }
        plot->setViewport(viewport);
    }

    ~FittedText() {
        for (const auto& a : m_axes) {
            // What the view itself changed while drawing (its own fitting: another ticker, another
            // label) is the view's state and stays; what the fitting here changed is put back.
            if (a.axis->label() == a.axis->property("headwaveShownLabel").toString()) {
                a.axis->setLabel(a.label);
            }
            if (a.axis->ticker() != a.ticker) {
                continue;
            }
            a.axis->setTickLabelRotation(a.rotation);
            a.axis->ticker()->setTickCount(a.tickCount);
            if (auto fixed = a.axis->ticker().dynamicCast<QCPAxisTickerFixed>()) {
                fixed->setTickStep(a.step);
            } else if (auto text = a.axis->ticker().dynamicCast<QCPAxisTickerText>()) {
                text->setTicks(a.ticks);
            }
        }
        for (const auto& t : m_texts) {
            t.element->setText(t.text);
        }
        layOut();
    }

    FittedText(const FittedText&) = delete;
    FittedText& operator=(const FittedText&) = delete;

private:
    void record(QCPAxis* a) {
        Axis r{a, a->ticker(), a->label(), a->tickLabelRotation(), a->ticker()->tickCount(), 0, {}};
        if (auto fixed = a->ticker().dynamicCast<QCPAxisTickerFixed>()) {
            r.step = fixed->tickStep();
        } else if (auto text = a->ticker().dynamicCast<QCPAxisTickerText>()) {
            r.ticks = text->ticks();
        }
        m_axes.push_back(std::move(r));
    }
    // QCustomPlot's own layout passes (what replot and toPainter run first).
    void layOut() {
        m_plot->plotLayout()->update(QCPLayoutElement::upPreparation);
        m_plot->plotLayout()->update(QCPLayoutElement::upMargins);
        m_plot->plotLayout()->update(QCPLayoutElement::upLayout);
    }

    struct Axis {
        QCPAxis* axis;
        QSharedPointer<QCPAxisTicker> ticker;
        QString label;
        double rotation;
        int tickCount;
        double step;
        QMap<double, QString> ticks;
    };
    struct Text {
        QCPTextElement* element;
        QString text;
    };
    QCustomPlot* m_plot;
    std::vector<Axis> m_axes;
    std::vector<Text> m_texts;
};

QRect plotRect(QWidget* view, QCustomPlot* plot) {
    if (plot == view) {
        return QRect(QPoint(0, 0), plot->size());
    }
    return QRect(plot->mapTo(view, QPoint(0, 0)), plot->size());
}

QString fileError(const QString& path, QString reason) {
    // Image writers report a failed write without its cause: name the likely one.
    const QStorageInfo disk(QFileInfo(path).absolutePath());
    if (disk.isValid() && disk.bytesAvailable() < (1 << 20)) {
        reason = tr("the disk is full (%1 KB free)").arg(disk.bytesAvailable() / 1024);
    } else if (reason.isEmpty() || reason == QLatin1String("Unknown error")) {
        reason = tr("the write failed");
    }
    return tr("Could not write '%1': %2. Choose a folder you can write to, with free space; "
              "an existing file of that name was left as it was.")
        .arg(QDir::toNativeSeparators(path), reason);
}

QString csvField(const QString& s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n'))) {
        QString q = s;
        q.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + q + QLatin1Char('"');
    }
    return s;
}

QString number(double v) {
    if (std::isnan(v)) {
        return QStringLiteral("nan");
    }
    if (std::isinf(v)) {
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    }
    return QString::number(v, 'g', 17);
}

QString axisName(const QCPAxis* axis, const char* fallback) {
    // The full label when the view shows it wrapped or shortened (plot_style's fitting).
    QString label = axis != nullptr ? axis->label() : QString();
    if (axis != nullptr && !label.isEmpty() &&
        label == axis->property("headwaveShownLabel").toString()) {
        label = axis->property("headwaveFullLabel").toString();
    }
    label = label.simplified();
    return label.isEmpty() ? QString::fromLatin1(fallback) : label;
}

struct Series {
    int plot = 0;
    QString name;
    QStringList columns;
    std::vector<std::vector<double>> rows;
};

std::vector<Series> collectSeries(QWidget* view) {
    std::vector<Series> out;
    const QList<QCustomPlot*> plots = figurePlots(view);
    for (int pi = 0; pi < plots.size(); ++pi) {
        QCustomPlot* plot = plots[pi];
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable* p = plot->plottable(i);
            Series s;
            s.plot = pi;
            s.name = p->name().isEmpty() ? QStringLiteral("series %1").arg(i + 1) : p->name();
            const QString x = axisName(p->keyAxis(), "x");
            const QString y = axisName(p->valueAxis(), "y");
            if (auto* g = qobject_cast<QCPGraph*>(p)) {
                s.columns = {x, y};
                for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
                    s.rows.push_back({it->key, it->value});
                }
            } else if (auto* c = qobject_cast<QCPCurve*>(p)) {
                s.columns = {x, y};
                for (auto it = c->data()->constBegin(); it != c->data()->constEnd(); ++it) {
                    s.rows.push_back({it->key, it->value});
                }
            } else if (auto* b = qobject_cast<QCPBars*>(p)) {
                s.columns = {x, y};
                for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it) {
                    s.rows.push_back({it->key, it->value});
                }
            } else if (auto* e = qobject_cast<QCPErrorBars*>(p)) {
                auto* data = e->dataPlottable();
                s.columns = {x, y, tr("error minus"), tr("error plus")};
                if (data != nullptr) {
                    s.name = data->name() + QStringLiteral(" ") + tr("(error bars)");
                    auto* iface = data->interface1D();
                    for (int k = 0;
                         k < e->dataCount() && iface != nullptr && k < iface->dataCount(); ++k) {
                        const QCPErrorBarsData& d = e->data()->at(k);
                        s.rows.push_back({iface->dataMainKey(k), iface->dataMainValue(k),
                                          d.errorMinus, d.errorPlus});
                    }
                }
            } else if (auto* m = qobject_cast<QCPColorMap*>(p)) {
                const QString z = m->colorScale() != nullptr
                                      ? axisName(m->colorScale()->axis(), "value")
                                      : QStringLiteral("value");
                s.columns = {x, y, z};
                QCPColorMapData* d = m->data();  // cell() is not const in QCustomPlot 2.1
                for (int yi = 0; yi < d->valueSize(); ++yi) {
                    for (int xi = 0; xi < d->keySize(); ++xi) {
                        double kx = 0;
                        double vy = 0;
                        d->cellToCoord(xi, yi, &kx, &vy);
                        s.rows.push_back({kx, vy, d->cell(xi, yi)});
                    }
                }
            } else {
                continue;
            }
            out.push_back(std::move(s));
        }
    }
    return out;
}

}  // namespace

bool parseFigureFormat(const QString& name, FigureFormat& format) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("pdf")) {
        format = FigureFormat::Pdf;
    } else if (n == QLatin1String("svg")) {
        format = FigureFormat::Svg;
    } else if (n == QLatin1String("png")) {
        format = FigureFormat::Png;
    } else if (n == QLatin1String("tif") || n == QLatin1String("tiff")) {
        format = FigureFormat::Tiff;
    } else {
        return false;
    }
    return true;
}

QString figureFormatSuffix(FigureFormat format) {
    switch (format) {
        case FigureFormat::Pdf:
            return QStringLiteral("pdf");
        case FigureFormat::Svg:
            return QStringLiteral("svg");
        case FigureFormat::Png:
            return QStringLiteral("png");
        case FigureFormat::Tiff:
            return QStringLiteral("tif");
    }
    return {};
}

QString validateFigureOptions(const FigureOptions& o) {
    if (!(o.widthMm >= 10.0 && o.widthMm <= 1000.0) ||
        !(o.heightMm >= 10.0 && o.heightMm <= 1000.0)) {
        return tr("A figure must be 10 to 1000 mm wide and high; got %1 x %2 mm.")
            .arg(o.widthMm)
            .arg(o.heightMm);
    }
    if (o.dpi < FigureOptions::kMinDpi || o.dpi > FigureOptions::kMaxDpi) {
        return tr("The resolution must be %1 to %2 dpi; got %3.")
            .arg(FigureOptions::kMinDpi)
            .arg(FigureOptions::kMaxDpi)
            .arg(o.dpi);
    }
    if (!(o.fontPointSize >= 4.0 && o.fontPointSize <= 48.0)) {
        return tr("The font size must be 4 to 48 points; got %1.").arg(o.fontPointSize);
    }
    if (!(o.lineWidthPt >= 0.1 && o.lineWidthPt <= 10.0)) {
        return tr("The line width must be 0.1 to 10 points; got %1.").arg(o.lineWidthPt);
    }
    return {};
}

QSizeF figureSizePoints(const FigureOptions& o) {
    return QSizeF(o.widthMm / kMmPerInch * kPointsPerInch,
                  o.heightMm / kMmPerInch * kPointsPerInch);
}

QSize figurePixelSize(const FigureOptions& o) {
    return QSize(static_cast<int>(std::lround(o.widthMm / kMmPerInch * o.dpi)),
                 static_cast<int>(std::lround(o.heightMm / kMmPerInch * o.dpi)));
}

QList<QCustomPlot*> figurePlots(QWidget* view) {
    QList<QCustomPlot*> plots;
    if (auto* self = qobject_cast<QCustomPlot*>(view)) {
        plots.push_back(self);
    }
    for (QCustomPlot* p : view->findChildren<QCustomPlot*>()) {
        if (p->isVisibleTo(view) && p->width() > 0 && p->height() > 0) {
            plots.push_back(p);
        }
    }
    std::stable_sort(plots.begin(), plots.end(), [view](QCustomPlot* a, QCustomPlot* b) {
        const QRect ra = plotRect(view, a);
        const QRect rb = plotRect(view, b);
        return ra.top() != rb.top() ? ra.top() < rb.top() : ra.left() < rb.left();
    });
    return plots;
}

void renderFigure(QWidget* view, QPaintDevice* device, const FigureOptions& o, bool vectorized,
                  double scale) {
    const QList<QCustomPlot*> plots = figurePlots(view);
    if (plots.isEmpty()) {
        return;
    }
    QRect bounds;
    for (QCustomPlot* p : plots) {
        bounds = bounds.united(plotRect(view, p));
    }
    const QSizeF canvas = figureSizePoints(o);
    const double sx = canvas.width() / std::max(1, bounds.width());
    const double sy = canvas.height() / std::max(1, bounds.height());

    // No interface state in a figure unless asked: the views' selection marks off while drawing.
    QList<HeadView*> headViews = view->findChildren<HeadView*>();
    if (auto* self = qobject_cast<HeadView*>(view)) {
        headViews.push_back(self);
    }
    std::vector<std::pair<HeadView*, bool>> marked;
    for (HeadView* h : headViews) {
        marked.emplace_back(h, h->selectionMarked());
        h->setSelectionMarked(o.markSelectedHead);
    }

    QCPPainter painter(device);
    painter.setMode(QCPPainter::pmVectorized, vectorized);
    painter.setMode(QCPPainter::pmNoCaching, true);
    painter.setMode(QCPPainter::pmNonCosmetic, true);  // hairlines would vanish at 1200 dpi
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.scale(scale, scale);
    const QColor paper =
        o.publicationStyle ? QColor(Qt::white) : view->palette().color(QPalette::Base);
    painter.fillRect(QRectF(QPointF(0, 0), canvas), paper);
    for (QCustomPlot* p : plots) {
        const QRect r = plotRect(view, p);
        const QRectF target((r.left() - bounds.left()) * sx, (r.top() - bounds.top()) * sy,
                            r.width() * sx, r.height() * sy);
        std::unique_ptr<PublicationStyle> style;
        if (o.publicationStyle) {
            style = std::make_unique<PublicationStyle>(p, view->palette(), o);
        }
        const QSize size(static_cast<int>(std::lround(target.width())),
                         static_cast<int>(std::lround(target.height())));
        auto fitted = std::make_unique<FittedText>(p, size);
        painter.save();
        painter.translate(target.topLeft());
        p->toPainter(&painter, size.width(), size.height());
        painter.restore();
        fitted.reset();
        style.reset();
        p->replot(QCustomPlot::rpQueuedReplot);
    }
    painter.end();
    for (const auto& [h, was] : marked) {
        h->setSelectionMarked(was);
    }
}

QImage renderFigureImage(QWidget* view, const FigureOptions& o) {
    const QSize px = figurePixelSize(o);
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    // Painted at 72 logical dpi (one unit = one point, as in PDF and SVG), scaled to the pixels.
    const int dpm72 = static_cast<int>(std::lround(kPointsPerInch / kMmPerInch * 1000.0));
    image.setDotsPerMeterX(dpm72);
    image.setDotsPerMeterY(dpm72);
    image.fill(Qt::white);
    renderFigure(view, &image, o, false, static_cast<double>(o.dpi) / kPointsPerInch);
    const int dpm = static_cast<int>(std::lround(o.dpi / kMmPerInch * 1000.0));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    return image;
}

QString exportFigure(QWidget* view, const QString& path, FigureFormat format,
                     const FigureOptions& o) {
    if (QString bad = validateFigureOptions(o); !bad.isEmpty()) {
        return bad;
    }
    if (figurePlots(view).isEmpty()) {
        return tr(
            "This view has nothing to export yet; analyse a text or open a results file "
            "first.");
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fileError(path, file.errorString());
    }
    const QString title = view->windowTitle().isEmpty() ? view->objectName() : view->windowTitle();
    switch (format) {
        case FigureFormat::Pdf: {
            QPdfWriter writer(&file);
            writer.setCreator(QStringLiteral("Headwave"));
            writer.setTitle(title);
            writer.setResolution(static_cast<int>(kPointsPerInch));
            writer.setPageMargins(QMarginsF(0, 0, 0, 0));
            writer.setPageSize(QPageSize(QSizeF(o.widthMm, o.heightMm), QPageSize::Millimeter,
                                         QString(), QPageSize::ExactMatch));
            renderFigure(view, &writer, o, true);
            break;
        }
        case FigureFormat::Svg: {
            const QSizeF pt = figureSizePoints(o);
            QSvgGenerator svg;
            svg.setOutputDevice(&file);
            svg.setResolution(static_cast<int>(kPointsPerInch));
            svg.setSize(QSize(static_cast<int>(std::ceil(pt.width())),
                              static_cast<int>(std::ceil(pt.height()))));
            svg.setViewBox(QRectF(QPointF(0, 0), pt));
            svg.setTitle(title);
            svg.setDescription(tr("Made with Headwave"));
            renderFigure(view, &svg, o, true);
            break;
        }
        case FigureFormat::Png:
        case FigureFormat::Tiff: {
            const QImage image = renderFigureImage(view, o);
            QImageWriter writer(&file, format == FigureFormat::Png ? "png" : "tiff");
            if (format == FigureFormat::Tiff) {
                writer.setCompression(1);  // lossless LZW
            }
            if (!writer.write(image)) {
                file.cancelWriting();
                return fileError(path, writer.errorString());
            }
            break;
        }
    }
    if (file.error() != QFileDevice::NoError) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fileError(path, reason);
    }
    if (!file.commit()) {
        return fileError(path, file.errorString());
    }
    return {};
}

void copyFigureToClipboard(QWidget* view, const FigureOptions& options) {
    QApplication::clipboard()->setImage(renderFigureImage(view, options));
}

QByteArray viewDataText(QWidget* view, DataFormat format, const QJsonObject& about) {
    const std::vector<Series> series = collectSeries(view);
    if (format == DataFormat::Json) {
        QJsonObject root;
        root.insert(QStringLiteral("about"), about);
        QJsonArray all;
        for (const Series& s : series) {
            QJsonObject o;
            o.insert(QStringLiteral("plot"), s.plot);
            o.insert(QStringLiteral("name"), s.name);
            o.insert(QStringLiteral("columns"), QJsonArray::fromStringList(s.columns));
            QJsonArray rows;
            for (const auto& r : s.rows) {
                QJsonArray row;
                for (double v : r) {
                    // JSON has no NaN or infinity: they are written as null.
                    row.append(std::isfinite(v) ? QJsonValue(v) : QJsonValue());
                }
                rows.append(row);
            }
            o.insert(QStringLiteral("rows"), rows);
            all.append(o);
        }
        root.insert(QStringLiteral("series"), all);
        return QJsonDocument(root).toJson(QJsonDocument::Indented);
    }
    QString out;
    out += QStringLiteral("# Headwave: the data behind a figure\n");
    for (auto it = about.constBegin(); it != about.constEnd(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isObject()) {
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        } else if (v.isArray()) {
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        } else {
            text = v.toVariant().toString();
        }
        out += QStringLiteral("# %1: %2\n").arg(it.key(), text.replace(QLatin1Char('\n'), ' '));
    }
    out += QStringLiteral("# columns are named by the axis they are drawn on, with its unit\n");
    bool first = true;
    for (const Series& s : series) {
        if (!first) {
            out += QLatin1Char('\n');
        }
        first = false;
        out += QStringLiteral("# plot %1: %2\n").arg(s.plot + 1).arg(s.name);
        QStringList header;
        for (const QString& c : s.columns) {
            header << csvField(c);
        }
        out += header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (const auto& r : s.rows) {
            QStringList fields;
            for (double v : r) {
                fields << number(v);
            }
            out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

QString exportViewData(QWidget* view, const QString& path, DataFormat format,
                       const QJsonObject& about) {
    if (figurePlots(view).isEmpty()) {
        return tr(
            "This view has no data to export yet; analyse a text or open a results file "
            "first.");
    }
    return writeFileAtomic(path, viewDataText(view, format, about));
}

QString writeFileAtomic(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fileError(path, file.errorString());
    }
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fileError(path, reason);
    }
    if (!file.commit()) {
        return fileError(path, file.errorString());
    }
    return {};
}

}  // namespace headwave
