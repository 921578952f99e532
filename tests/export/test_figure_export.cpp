// SPDX-License-Identifier: GPL-3.0-or-later
// Figure export of the views (app/export): physical size and DPI, PDF and PNG showing the same
// picture (the PDF rendered by poppler's pdftoppm), SVG with its text as text, the data behind a
// view round-tripping exactly, and atomic writes: an unwritable path or a full disk gives a clear
// error and leaves the existing file intact.
#include <qcustomplot.h>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "../widgets/synthetic_snapshot.h"
#include "app/export/export_dialog.h"
#include "app/export/figure_exporter.h"
#include "widgets/band_power_view.h"
#include "widgets/scalogram_view.h"
#include "widgets/spectrum_view.h"

using namespace headwave;

namespace {

// Mean absolute difference of two images in grey levels (0..255), both scaled to w x h with
// smoothing (so anti-aliasing and sub-pixel text placement do not count).
double meanDifference(const QImage& a, const QImage& b, int w = 100, int h = 70) {
    const QImage x = a.convertToFormat(QImage::Format_Grayscale8)
                         .scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QImage y = b.convertToFormat(QImage::Format_Grayscale8)
                         .scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double sum = 0;
    for (int r = 0; r < h; ++r) {
        const uchar* p = x.constScanLine(r);
        const uchar* q = y.constScanLine(r);
        for (int c = 0; c < w; ++c) {
            sum += std::abs(static_cast<int>(p[c]) - static_cast<int>(q[c]));
        }
    }
    return sum / (w * h);
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveExportTest"));
        QSettings().clear();
    }

    void dialogPreviewsAndExportsWhatItShows() {
        SpectrumView view;
        view.resize(640, 420);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(1, 1);
        view.show();
        ExportDialog dialog(&view);
        dialog.show();
        FigureOptions o;
        o.widthMm = FigureOptions::kTwoColumnMm;
        o.heightMm = 100;
        o.dpi = 200;
        dialog.setOptions(o, FigureFormat::Png);
        QCOMPARE(dialog.options().widthMm, FigureOptions::kTwoColumnMm);
        QCOMPARE(dialog.format(), FigureFormat::Png);
        // The preview has the figure's aspect ratio (175 x 100 mm).
        auto* preview = dialog.findChild<QLabel*>(QStringLiteral("exportPreview"));
        QVERIFY(preview != nullptr);
        const QPixmap pm = preview->pixmap();
        pm.save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/export_preview.png"));
        QVERIFY(!pm.isNull());
        QVERIFY(std::abs(static_cast<double>(pm.width()) / pm.height() - 1.75) < 0.02);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("d.png"));
        QCOMPARE(dialog.exportTo(path), QString());
        QVERIFY(dialog.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/export_dialog.png")));
        QCOMPARE(QImage(path).size(), figurePixelSize(o));
        // The options are remembered for the next dialog.
        FigureFormat f = FigureFormat::Pdf;
        const FigureOptions saved = ExportDialog::savedOptions(&f);
        QCOMPARE(saved.widthMm, FigureOptions::kTwoColumnMm);
        QCOMPARE(saved.dpi, 200);
        QCOMPARE(f, FigureFormat::Png);
    }

    void pngHasTheRequestedPixelsAndDpi() {
        SpectrumView view;
        view.resize(640, 420);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(1, 1);
        view.show();
        QTemporaryDir dir;
        FigureOptions o;
        o.widthMm = FigureOptions::kOneColumnMm;
        o.heightMm = 60;
        for (int dpi : {72, 300, 600}) {
            o.dpi = dpi;
            const QString path = dir.filePath(QStringLiteral("f%1.png").arg(dpi));
            QCOMPARE(exportFigure(&view, path, FigureFormat::Png, o), QString());
            QImage img(path);
            QVERIFY(!img.isNull());
            // 85 mm = 3.3465 in: 241 px at 72 dpi, 1004 at 300, 2008 at 600.
            QCOMPARE(img.width(), static_cast<int>(std::lround(85.0 / 25.4 * dpi)));
            QCOMPARE(img.height(), static_cast<int>(std::lround(60.0 / 25.4 * dpi)));
            // PNG stores dots per metre as an integer: within one dot per metre of the request.
            QVERIFY(std::abs(img.dotsPerMeterX() - dpi / 0.0254) <= 1.0);
            QVERIFY(std::abs(img.dotsPerMeterY() - dpi / 0.0254) <= 1.0);
        }
        // TIFF too.
        o.dpi = 150;
        const QString tif = dir.filePath(QStringLiteral("f.tif"));
        QCOMPARE(exportFigure(&view, tif, FigureFormat::Tiff, o), QString());
        QImageReader reader(tif);
        QCOMPARE(reader.format(), QByteArray("tiff"));
        QCOMPARE(reader.size(), figurePixelSize(o));
        // The view is drawn back in its screen style afterwards: the publication fonts are gone.
        QVERIFY(view.findChild<QCustomPlot*>()->xAxis->labelFont().pointSizeF() !=
                    o.fontPointSize ||
                view.findChild<QCustomPlot*>()->xAxis->labelFont().family() !=
                    QStringLiteral("DejaVu Sans"));
    }

    // A figure carries no interface state: the band view's selection frame is drawn only when the
    // export asks to mark the selected head, and the view on screen keeps its frame either way.
    void selectionFrameOnlyWhenAsked() {
        BandPowerView view;
        view.resize(700, 520);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(0, 1);
        view.show();
        FigureOptions o;
        o.dpi = 150;
        const QImage plain = renderFigureImage(&view, o);
        QVERIFY(view.selectionMarked());
        FigureOptions marked = o;
        marked.markSelectedHead = true;
        const QImage framed = renderFigureImage(&view, marked);
        QVERIFY(view.selectionMarked());
        QCOMPARE(plain.size(), framed.size());
        // The frame is a 2-pixel black rectangle around one bar: few pixels, but some.
        int differing = 0;
        for (int y = 0; y < plain.height(); ++y) {
            for (int x = 0; x < plain.width(); ++x) {
                differing += plain.pixel(x, y) != framed.pixel(x, y) ? 1 : 0;
            }
        }
        QVERIFY2(differing > 50, qPrintable(QString::number(differing)));
        // Drawn twice without the mark: the same picture (nothing of the mark is left behind).
        QCOMPARE(renderFigureImage(&view, o), plain);
    }

    void pdfAndPngShowTheSamePicture() {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftoppm.isEmpty()) {
            QSKIP("pdftoppm (poppler-utils) is not installed; scripts/setup-debian.sh installs it");
        }
        ScalogramView view;  // two plots: the profile above the scalogram
        view.resize(700, 520);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(2, 1);
        view.show();
        QTemporaryDir dir;
        dir.setAutoRemove(qEnvironmentVariableIsEmpty("HEADWAVE_KEEP_EXPORTS"));
        qInfo("exports in %s", qPrintable(dir.path()));
        FigureOptions o;
        o.widthMm = 120;
        o.heightMm = 90;
        o.dpi = 100;
        const QString pdf = dir.filePath(QStringLiteral("s.pdf"));
        const QString png = dir.filePath(QStringLiteral("s.png"));
        QCOMPARE(exportFigure(&view, pdf, FigureFormat::Pdf, o), QString());
        QCOMPARE(exportFigure(&view, png, FigureFormat::Png, o), QString());
        QVERIFY(readAll(pdf).startsWith("%PDF-"));
        // Fonts are embedded (a FontFile2 stream for TrueType) and text is text (a text object).
        const QByteArray pdfBytes = readAll(pdf);
        QVERIFY(pdfBytes.contains("/FontFile2") || pdfBytes.contains("/FontFile"));
        QProcess p;
        p.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("100"), QStringLiteral("-png"),
                           QStringLiteral("-singlefile"), pdf, dir.filePath(QStringLiteral("r"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QImage fromPdf(dir.filePath(QStringLiteral("r.png")));
        const QImage fromPng(png);
        QVERIFY(!fromPdf.isNull() && !fromPng.isNull());
        // The same page size within a pixel (pdftoppm rounds up).
        QVERIFY(std::abs(fromPdf.width() - fromPng.width()) <= 1);
        QVERIFY(std::abs(fromPdf.height() - fromPng.height()) <= 1);
        const double same = meanDifference(fromPdf, fromPng);
        // A different picture at the same size: another head (a recency profile, not a tone).
        view.setSelectedHead(0, 3);
        const QString other = dir.filePath(QStringLiteral("o.png"));
        QCOMPARE(exportFigure(&view, other, FigureFormat::Png, o), QString());
        const double different = meanDifference(QImage(other), fromPng);
        qInfo("mean grey difference: PDF vs PNG %.2f, another head %.2f", same, different);
        // Anti-aliasing, line rasterisation and font hinting differ between poppler and Qt's
        // raster engine: a few grey levels on average at this blur (measured 4.0). Another head's
        // picture differs more than twice as much (measured 10.2).
        QVERIFY2(same < 5.0, qPrintable(QString::number(same)));
        QVERIFY2(different > 2.0 * same, qPrintable(QString::number(different)));
    }

    void svgParsesAndKeepsTextAsText() {
        SpectrumView view;
        view.resize(640, 420);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(1, 1);
        view.show();
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("s.svg"));
        FigureOptions o;
        o.widthMm = 85;
        o.heightMm = 60;
        QCOMPARE(exportFigure(&view, svg, FigureFormat::Svg, o), QString());
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        // 85 mm x 60 mm at 72 units per inch.
        QVERIFY(std::abs(renderer.viewBoxF().width() - 85.0 / 25.4 * 72.0) < 0.01);
        const QString text = QString::fromUtf8(readAll(svg));
        QVERIFY(text.contains(QStringLiteral("<text")));
        QVERIFY(text.contains(QStringLiteral("width=\"85")) ||
                text.contains(QStringLiteral("width=\"84.")));
        // The axis labels are there as text (XML-escaped as QSvgGenerator writes them), every
        // word of them: a label longer than its axis is wrapped onto a second line.
        auto* plot = view.findChild<QCustomPlot*>();
        for (const QString& label : {plot->xAxis->label(), plot->yAxis->label()}) {
            for (const QString& word : label.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                QVERIFY2(text.contains(word.toHtmlEscaped()) || text.contains(word),
                         qPrintable(label + QStringLiteral(": ") + word));
            }
        }
    }

    void dataRoundTripsExactly() {
        SpectrumView view;
        view.resize(640, 420);
        const auto snap = synthetic::snapshot();
        view.setSnapshot(snap);
        view.setSelectedHead(2, 1);
        view.show();
        QJsonObject about;
        about.insert(QStringLiteral("view"), QStringLiteral("spectrum"));
        about.insert(
            QStringLiteral("settings"),
            QJsonDocument::fromJson(QByteArray::fromStdString(snap->settings.toJson())).object());
        const QString csv = QString::fromUtf8(viewDataText(&view, DataFormat::Csv, about));
        QVERIFY(csv.startsWith(QStringLiteral("# Headwave")));
        QVERIFY(csv.contains(QStringLiteral("# settings: {")));
        // The first table with as many rows as the head's spectrum is its power spectrum.
        const HeadDetail& d = *snap->detail(2, 1);
        const QStringList lines = csv.split(QLatin1Char('\n'));
        int header = -1;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines[i].startsWith(QStringLiteral("Normalised frequency")) ||
                lines[i].startsWith(QStringLiteral("\"Normalised frequency"))) {
                header = i;
                break;
            }
        }
        QVERIFY(header >= 0);
        QVERIFY(lines[header].contains(QStringLiteral("Power")));
        for (std::size_t k = 0; k < d.power.size(); ++k) {
            const QStringList f = lines[header + 1 + static_cast<int>(k)].split(QLatin1Char(','));
            QCOMPARE(f.size(), 2);
            // 17 significant digits: the same doubles.
            QCOMPARE(f[0].toDouble(), d.frequency[k]);
            QCOMPARE(f[1].toDouble(), d.power[k]);
        }
        const QJsonObject json =
            QJsonDocument::fromJson(viewDataText(&view, DataFormat::Json, about)).object();
        QCOMPARE(json.value(QStringLiteral("about")).toObject().value(QStringLiteral("view")),
                 QJsonValue(QStringLiteral("spectrum")));
        QVERIFY(!json.value(QStringLiteral("series")).toArray().isEmpty());
    }

    void unwritablePathGivesAClearErrorAndKeepsTheOldFile() {
        SpectrumView view;
        view.resize(640, 420);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(0, 0);
        view.show();
        QTemporaryDir dir;
        // A "folder" that is a file: nothing can be created inside it (also as root).
        const QString notAFolder = dir.filePath(QStringLiteral("plain-file"));
        {
            QFile f(notAFolder);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("keep me");
        }
        const QString bad = notAFolder + QStringLiteral("/figure.pdf");
        const QString error = exportFigure(&view, bad, FigureFormat::Pdf, FigureOptions{});
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(QStringLiteral("figure.pdf")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("Choose a folder")), qPrintable(error));
        QCOMPARE(readAll(notAFolder), QByteArray("keep me"));
        // Bad options are refused before anything is written.
        FigureOptions o;
        o.dpi = 5000;
        const QString path = dir.filePath(QStringLiteral("x.png"));
        QVERIFY(exportFigure(&view, path, FigureFormat::Png, o).contains(QStringLiteral("dpi")));
        QVERIFY(!QFile::exists(path));
    }

    void fullDiskLeavesTheExistingFileIntact() {
        QTemporaryDir dir;
        const QString mountPoint = dir.filePath(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(mountPoint));
        // A 256 KiB tmpfs: needs root (CI runs as root); skipped otherwise.
        if (QProcess::execute(QStringLiteral("mount"),
                              {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                               QStringLiteral("size=256k"), QStringLiteral("tmpfs"), mountPoint}) !=
            0) {
            QSKIP("cannot mount a small tmpfs here (needs root): the full-disk case is not run");
        }
        struct Unmount {
            QString dir;
            ~Unmount() { QProcess::execute(QStringLiteral("umount"), {dir}); }
        } unmount{mountPoint};

        SpectrumView view;
        view.resize(640, 420);
        view.setSnapshot(synthetic::snapshot());
        view.setSelectedHead(1, 1);
        view.show();
        const QString path = mountPoint + QStringLiteral("/figure.png");
        FigureOptions small;
        small.dpi = 72;
        QCOMPARE(exportFigure(&view, path, FigureFormat::Png, small), QString());
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());
        // A 1200-dpi, 175 mm figure needs megabytes: the disk is full half way.
        FigureOptions big;
        big.widthMm = FigureOptions::kTwoColumnMm;
        big.heightMm = 120;
        big.dpi = 1200;
        const QString error = exportFigure(&view, path, FigureFormat::Png, big);
        QVERIFY(!error.isEmpty());
        qInfo("full disk: %s", qPrintable(error));
        QCOMPARE(readAll(path), before);
        // No temporary file is left behind.
        QCOMPARE(QDir(mountPoint).entryList(QDir::Files | QDir::Hidden).size(), 1);
        // The data export too.
        const QString csvPath = mountPoint + QStringLiteral("/figure.png");
        QVERIFY(!writeFileAtomic(csvPath, QByteArray(1 << 20, 'x')).isEmpty());
        QCOMPARE(readAll(path), before);
    }
};

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
