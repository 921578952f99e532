// SPDX-License-Identifier: GPL-3.0-or-later
// Figures for papers: renders any view (every QCustomPlot inside it, at its place) at a physical
// size in a publication style, as vector PDF/SVG or raster PNG/TIFF at a chosen DPI, and the data
// behind it as CSV/JSON. Files are written atomically (QSaveFile): an error or a cancel leaves no
// partial file and an existing file intact.
//
//   FigureOptions o;                      // 85 mm x 60 mm, 300 dpi, publication style
//   QString error = exportFigure(spectrumView, "fig2.pdf", FigureFormat::Pdf, o);
//   if (!error.isEmpty()) { ... }         // a translated sentence: what happened, what to do
#pragma once

#include <QColor>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>

class QCustomPlot;
class QPaintDevice;
class QWidget;

namespace headwave {

enum class FigureFormat { Pdf, Svg, Png, Tiff };

// "pdf" -> Pdf ...; false for an unknown name.
bool parseFigureFormat(const QString& name, FigureFormat& format);
QString figureFormatSuffix(FigureFormat format);  // "pdf", "svg", "png", "tif"

struct FigureOptions {
    double widthMm = 85.0;   // physical width; 85 mm = one journal column, 175 mm = two
    double heightMm = 60.0;  // physical height
    int dpi = 300;           // raster resolution, dots per inch, 72..1200 (vector: unused)
    // Publication style, independent of the interface theme: black ink on white, this font, line
    // widths scaled. Off: the view as it looks on screen (theme colours, screen fonts).
    bool publicationStyle = true;
    QString fontFamily;          // empty: the application's default sans-serif family
    double fontPointSize = 8.0;  // tick labels; axis labels and titles use the same size
    double lineWidthPt = 1.0;    // data lines, in points (1 pt = 1/72 inch)
    // Plot titles in the publication style (a paper's caption usually says what a figure shows).
    bool titles = false;
    // The selected head marked as on screen (a frame, a ring). Off: a figure carries no interface
    // state (no selection frame, no hover).
    bool markSelectedHead = false;

    static constexpr double kOneColumnMm = 85.0;
    static constexpr double kTwoColumnMm = 175.0;
    static constexpr int kMinDpi = 72;
    static constexpr int kMaxDpi = 1200;
};

// An empty string when the options are usable, else a translated sentence saying what to change.
QString validateFigureOptions(const FigureOptions& options);

// The logical layout size of a figure in points (1/72 inch): QCustomPlot lays the plots out at this
// size, so fonts given in points come out at their physical size in every format.
QSizeF figureSizePoints(const FigureOptions& options);
// Pixel size of a raster export: round(mm / 25.4 * dpi).
QSize figurePixelSize(const FigureOptions& options);

// The QCustomPlots of a view that are shown, in reading order (top to bottom, left to right).
QList<QCustomPlot*> figurePlots(QWidget* view);

// Renders the view's plots on a device whose logical units are points (PDF and SVG at 72 dpi;
// for a raster image, `scale` = dpi / 72), each plot where it sits in the view, scaled to the
// canvas of figureSizePoints(options). Applies and then restores the publication style.
void renderFigure(QWidget* view, QPaintDevice* device, const FigureOptions& options,
                  bool vectorized, double scale = 1.0);

// The figure as an image at options.dpi (the preview and the clipboard use it), DPI stored in it.
QImage renderFigureImage(QWidget* view, const FigureOptions& options);

// Writes the figure. Returns an empty string on success, else a translated message (the path and
// the system's reason: folder missing or not writable, disk full). Atomic.
QString exportFigure(QWidget* view, const QString& path, FigureFormat format,
                     const FigureOptions& options);

// Copies renderFigureImage to the clipboard.
void copyFigureToClipboard(QWidget* view, const FigureOptions& options);

// The data behind a view: every plottable of every plot, with its axes' labels (which carry the
// units) — graphs and curves as (x, y[, error]) rows, bars as (key, value), colour maps as (x, y,
// value) cells with the colour scale's label. `about` goes into the header: the view's title, the
// run's settings and identity. CSV: '#' header lines, then one table per plottable separated by a
// blank line. JSON: {"about": ..., "series": [{"plot", "name", "columns", "rows"}]}.
enum class DataFormat { Csv, Json };
QString exportViewData(QWidget* view, const QString& path, DataFormat format,
                       const QJsonObject& about);
// The same as text (for tests and the clipboard).
QByteArray viewDataText(QWidget* view, DataFormat format, const QJsonObject& about);

// Atomically writes bytes to path (QSaveFile); an empty string or a translated error.
QString writeFileAtomic(const QString& path, const QByteArray& bytes);

}  // namespace headwave
