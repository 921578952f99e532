// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/export/figure_set.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

#include "widgets/band_power_view.h"
#include "widgets/color_maps.h"
#include "widgets/head_grid_view.h"
#include "widgets/plot_style.h"
#include "widgets/scalogram_view.h"
#include "widgets/spectrum_view.h"
#include "widgets/uncertainty_scatter_view.h"

namespace headwave {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("headwave::FigureSet", text);
}

// Mean and sample standard deviation of the finite values.
std::pair<double, double> meanStd(const std::vector<double>& v) {
    double sum = 0;
    int n = 0;
    for (double x : v) {
        if (std::isfinite(x)) {
            sum += x;
            ++n;
        }
    }
    if (n == 0) {
        return {std::nan(""), std::nan("")};
    }
    const double mean = sum / n;
    double ss = 0;
    for (double x : v) {
        if (std::isfinite(x)) {
            ss += (x - mean) * (x - mean);
        }
    }
    return {mean, n > 1 ? std::sqrt(ss / (n - 1)) : 0.0};
}

// A figure being made: the widget to render, its height relative to the width, and the entry.
struct Figure {
    std::unique_ptr<QWidget> widget;
    double aspect = 0.7;  // height / width
    bool wide = false;    // needs two columns: at least kTwoColumnMm wide
    FigureSetEntry entry;
};

// Lays a view out at about the figure's size in screen pixels, without showing it on screen.
void prepare(QWidget* w, const FigureOptions& o, double aspect) {
    const double widthPx = o.widthMm / 25.4 * 96.0 * 1.6;  // room for screen-sized fonts
    w->setAttribute(Qt::WA_DontShowOnScreen, true);
    w->resize(static_cast<int>(widthPx), static_cast<int>(widthPx * aspect));
    w->show();
    QCoreApplication::processEvents();
}

std::unique_ptr<QCustomPlot> scaleSensitivityPlot(const AnalysisSnapshot& s) {
    auto plot = std::make_unique<QCustomPlot>();
    const SequenceMetrics& m = *s.metrics;
    const int L = m.shape.layers;
    const int H = m.shape.heads;
    plot->legend->setVisible(true);
    for (std::size_t a = 0; a < s.settings.alphas.size(); ++a) {
        QVector<double> x;
        QVector<double> y;
        QVector<double> e;
        for (int l = 0; l < L; ++l) {
            std::vector<double> v;
            for (int h = 0; h < H; ++h) {
                const auto& ss = m.at(l, h).scaleSensitivity;
                v.push_back(a < ss.size() ? ss[a] : std::nan(""));
            }
            const auto [mean, sd] = meanStd(v);
            x.push_back(l);
            y.push_back(mean);
            e.push_back(sd);
        }
        QCPGraph* g = plot->addGraph();
        g->setName(QStringLiteral("\u03B1 = %1").arg(s.settings.alphas[a]));
        g->setPen(QPen(seriesColor(static_cast<int>(a)), 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        g->setData(x, y);
        auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->setDataPlottable(g);
        bars->setData(e);
        bars->setPen(QPen(seriesColor(static_cast<int>(a)), 1));
        bars->removeFromLegend();
        bars->setName(g->name());
    }
    plot->xAxis->setLabel(tr("Layer"));
    plot->yAxis->setLabel(tr("S(\u03B1), mean \u00B1 std"));
    // The legend in one row above the data, not over it.
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->xAxis->setRange(-0.5, L - 0.5);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(L > 16 ? 4 : 1);
    plot->xAxis->setTicker(ticker);
    plot->rescaleAxes();
    plot->xAxis->setRange(-0.5, L - 0.5);
    const QCPRange yr = plot->yAxis->range();
    plot->yAxis->setRange(std::min(0.0, yr.lower), yr.upper + 0.05 * yr.size());
    applyPlotPalette(plot.get(), plot->palette());
    return plot;
}

std::unique_ptr<QCustomPlot> waveletEntropyPlot(const AnalysisSnapshot& s) {
    auto plot = std::make_unique<QCustomPlot>();
    const SequenceMetrics& m = *s.metrics;
    const int L = m.shape.layers;
    const int H = m.shape.heads;
    const int S = m.level + 1;
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setName(tr("Wavelet entropy"));
    map->data()->setSize(S, L);
    map->data()->setRange(QCPRange(0, S - 1), QCPRange(0, L - 1));
    for (int l = 0; l < L; ++l) {
        for (int sc = 0; sc < S; ++sc) {
            std::vector<double> v;
            for (int h = 0; h < H; ++h) {
                const auto& e = m.at(l, h).scaleEntropy;
                v.push_back(static_cast<std::size_t>(sc) < e.size()
                                ? e[static_cast<std::size_t>(sc)]
                                : std::nan(""));
            }
            map->data()->setCell(sc, l, meanStd(v).first);
        }
    }
    auto* scale = new QCPColorScale(plot.get());
    plot->plotLayout()->addElement(0, 1, scale);
    map->setColorScale(scale);
    map->setGradient(colorGradient(ColorMap::Viridis));
    map->rescaleDataRange(true);
    // Short enough for the bar at 50 mm; the manifest says it is the mean over heads.
    scale->axis()->setLabel(tr("Entropy (nats)"));
    map->setInterpolate(false);
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    ticks->addTick(0, QStringLiteral("cA%1").arg(m.level));
    for (int sc = 1; sc < S; ++sc) {
        ticks->addTick(sc, QStringLiteral("cD%1").arg(m.level + 1 - sc));
    }
    plot->xAxis->setTicker(ticks);
    // cA_J .. cD_1 are explained in the manifest's description.
    plot->xAxis->setLabel(tr("Scale"));
    plot->yAxis->setLabel(tr("Layer"));
    plot->xAxis->setRange(-0.5, S - 0.5);
    plot->yAxis->setRange(-0.5, L - 0.5);
    auto* group = new QCPMarginGroup(plot.get());
    plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    applyPlotPalette(plot.get(), plot->palette());
    return plot;
}

QString headName(int layer, int head) {
    return QStringLiteral("L%1H%2").arg(layer).arg(head);
}

}  // namespace

std::vector<std::pair<int, int>> defaultPinnedHeads(const AnalysisSnapshot& s) {
    std::vector<std::pair<int, int>> out;
    if (!s.metrics) {
        return out;
    }
    if (s.run && !s.run->kept.empty()) {
        for (const KeptHead& k : s.run->kept) {
            const std::pair<int, int> h{k.layer, k.head};
            if (std::find(out.begin(), out.end(), h) == out.end()) {
                out.push_back(h);
            }
        }
        return out;
    }
    const SequenceMetrics& m = *s.metrics;
    for (int band = 0; band < 3; ++band) {
        double best = -1;
        std::pair<int, int> arg{-1, -1};
        for (int l = 0; l < m.shape.layers; ++l) {
            for (int h = 0; h < m.shape.heads; ++h) {
                const HeadMetrics& x = m.at(l, h);
                const double v = band == 0 ? x.bandLow : band == 1 ? x.bandMid : x.bandHigh;
                if (std::isfinite(v) && v > best) {
                    best = v;
                    arg = {l, h};
                }
            }
        }
        if (arg.first >= 0 && std::find(out.begin(), out.end(), arg) == out.end()) {
            out.push_back(arg);
        }
    }
    return out;
}

namespace {

using HeadList = std::vector<std::pair<int, int>>;  // (layer, head)

// Why nothing can be drawn (no results, no format, invalid figure options), or empty.
QString checkRequest(const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                     const FigureSetOptions& options) {
    if (!snapshot || !snapshot->metrics || snapshot->metrics->heads.empty()) {
        return tr(
            "There are no results to draw; analyse a text or open a results file "
            "first.");
    }
    if (options.formats.isEmpty()) {
        return tr("Choose at least one figure format (pdf, svg, png or tif).");
    }
    return validateFigureOptions(options.figure);
}

// The first pinned head that is not in the model, as an error, or empty.
QString checkPinnedHeads(const HeadList& pinned, int L, int H) {
    for (const auto& [l, h] : pinned) {
        if (l < 0 || l >= L || h < 0 || h >= H) {
            return tr("Head %1 is not in this model (%2 layers x %3 heads); heads are "
                      "numbered from 0.")
                .arg(headName(l, h))
                .arg(L)
                .arg(H);
        }
    }
    return {};
}

// Heads asked for by name whose spectra and scalograms cannot be drawn (a run that did not keep
// them), as an error naming them and the heads that can be drawn, or empty.
QString checkDrawable(const AnalysisSnapshot& s, const HeadList& pinned, const HeadList& drawable) {
    QStringList missing;
    for (const auto& p : pinned) {
        if (std::find(drawable.begin(), drawable.end(), p) == drawable.end()) {
            missing << headName(p.first, p.second);
        }
    }
    if (missing.isEmpty()) {
        return {};
    }
    QStringList kept;
    const int L = s.metrics->shape.layers;
    const int H = s.metrics->shape.heads;
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            const HeadDetail* d = s.detail(l, h);
            if (d != nullptr && !d->power.empty()) {
                kept << headName(l, h);
            }
        }
    }
    return tr("The run did not keep the profile of %1, so its spectrum and scalogram cannot be "
              "drawn; analyse the corpus again with --keep-heads, or choose among the kept heads "
              "(%2).")
        .arg(missing.join(QStringLiteral(", ")),
             kept.isEmpty() ? tr("none") : kept.join(QStringLiteral(", ")));
}

// Spectra and scalograms need a head's intermediate arrays: one sequence has them for every
// head; a run only for the heads whose profile it kept.
HeadList drawableHeads(const AnalysisSnapshot& s, const HeadList& pinned) {
    HeadList drawable;
    for (const auto& [l, h] : pinned) {
        const HeadDetail* d = s.detail(l, h);
        if (d != nullptr && !d->power.empty()) {
            drawable.emplace_back(l, h);
        }
    }
    return drawable;
}

void addFigure(std::vector<Figure>& figures, std::unique_ptr<QWidget> w, double aspect,
               QString name, QString title, QString description, bool wide = false) {
    Figure f;
    f.widget = std::move(w);
    f.aspect = aspect;
    f.wide = wide;
    f.entry.name = std::move(name);
    f.entry.title = std::move(title);
    f.entry.description = std::move(description);
    figures.push_back(std::move(f));
}

// Fig. 1: the local/global ratio of every head, on a logarithmic scale.
void addLocalGlobalGrid(std::vector<Figure>& figures, const AnalysisSnapshot& s) {
    const SequenceMetrics& m = *s.metrics;
    auto grid = std::make_unique<HeadGridView>();
    grid->setMetrics(s.metrics);
    grid->setMetric(QString::fromUtf8(metricFamily("local_global_ratio").key));
    grid->setColorMap(ColorMap::Diverging);
    grid->setSelectedHead(-1, -1);
    // The ratio spans orders of magnitude: a logarithmic scale centred on 1 (as much local
    // as global attention), symmetric so that white means 1.
    double extreme = 1.0;
    for (const HeadMetrics& x : m.heads) {
        if (std::isfinite(x.localGlobalRatio) && x.localGlobalRatio > 0) {
            extreme = std::max({extreme, x.localGlobalRatio, 1.0 / x.localGlobalRatio});
        }
    }
    grid->colorMap()->setDataScaleType(QCPAxis::stLogarithmic);
    grid->colorMap()->setDataRange(QCPRange(1.0 / extreme, extreme));
    if (grid->colorMap()->colorScale() != nullptr) {
        grid->colorMap()->colorScale()->axis()->setTicker(
            QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    const int L = m.shape.layers;
    const int H = m.shape.heads;
    addFigure(figures, std::move(grid), std::clamp(0.35 + 0.6 * L / std::max(1, H), 0.5, 1.2),
              QStringLiteral("fig1_local_global_grid"),
              tr("Local/global ratio of every head (layers x heads), the paper's Fig. 1"),
              tr("Cell colour (logarithmic, white = 1): local share / (1 - local share), where "
                 "the local share is the mean attention mass within the local window; > 1 means "
                 "mostly local. Layers down, heads across."));
}

// Figs. 2 and 3: the band shares of each layer's heads, one figure per layer.
void addBandShares(std::vector<Figure>& figures,
                   const std::shared_ptr<const AnalysisSnapshot>& snapshot) {
    for (int l = 0; l < snapshot->metrics->shape.layers; ++l) {
        auto band = std::make_unique<BandPowerView>();
        band->setSnapshot(snapshot);
        band->setSelectedHead(l, 0);
        addFigure(
            figures, std::move(band), 0.95, QStringLiteral("fig2_fig3_band_shares_layer%1").arg(l),
            tr("Band shares of the heads of layer %1 (Fig. 2) and across layers (Fig. 3)").arg(l),
            tr("Top: stacked shares of spectral power in the low, mid and high bands of each head "
               "of the layer. Bottom: the mean band shares of each layer with +- std (over heads, "
               "or over the run's per-head means)."),
            true);
    }
}

// Positional against spectral entropy per head and, for a run that has them, per sequence.
void addUncertaintyScatters(std::vector<Figure>& figures,
                            const std::shared_ptr<const AnalysisSnapshot>& snapshot) {
    auto scatter = std::make_unique<UncertaintyScatterView>();
    scatter->setSnapshot(snapshot);
    scatter->setSelectedHead(-1, -1);
    const bool perSequence = snapshot->run != nullptr && scatter->perSequenceAvailable();
    addFigure(figures, std::move(scatter), 0.75, QStringLiteral("uncertainty_scatter"),
              tr("Positional against spectral entropy, one point per head, with rho"),
              tr("x: positional entropy of the normalised profile (nats); y: spectral entropy of "
                 "the normalised power spectrum (nats); colour: layer; rho: Pearson "
                 "correlation."));
    if (perSequence) {
        auto perSeq = std::make_unique<UncertaintyScatterView>();
        perSeq->setSnapshot(snapshot);
        perSeq->setPerSequence(true);
        perSeq->setSelectedHead(-1, -1);
        addFigure(figures, std::move(perSeq), 0.75,
                  QStringLiteral("uncertainty_scatter_per_sequence"),
                  tr("Positional against spectral entropy, one point per head and sequence"),
                  tr("As uncertainty_scatter, with a point for every head of every sequence."));
    }
}

// The per-layer wavelet summaries: scale sensitivity per alpha (when computed), entropy per
// scale.
void addWaveletSummaries(std::vector<Figure>& figures, const AnalysisSnapshot& s) {
    if (!s.settings.alphas.empty()) {
        addFigure(figures, scaleSensitivityPlot(s), 0.6,
                  QStringLiteral("scale_sensitivity_per_alpha"),
                  tr("Scale sensitivity per alpha, mean +- std over the heads of each layer"),
                  tr("S(alpha) compares a head's wavelet decomposition on the sequence with that "
                     "on the sequence subsampled by alpha and stretched back (docs/method.md); 0 = "
                     "scale-invariant."));
    }
    addFigure(figures, waveletEntropyPlot(s), 0.6, QStringLiteral("wavelet_entropy_per_scale"),
              tr("Wavelet entropy per scale and layer, mean over heads"),
              tr("Entropy (nats) of the normalised squared db2 coefficients at each scale, cA_J "
                 "(coarsest) to cD_1 (finest), averaged over the heads of each layer."));
}

// The drawable heads' spectra overlaid, then each one's spectrum and scalogram.
void addHeadFigures(std::vector<Figure>& figures,
                    const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                    const HeadList& drawable) {
    if (drawable.empty()) {
        return;
    }
    auto spectra = std::make_unique<SpectrumView>();
    spectra->setSnapshot(snapshot);
    spectra->setLogScale(true);  // the DC peak would flatten everything else
    for (const auto& [l, h] : drawable) {
        spectra->pinHead(l, h);
    }
    spectra->setSelectedHead(drawable.front().first, drawable.front().second);
    addFigure(figures, std::move(spectra), 0.6, QStringLiteral("spectra_pinned"),
              tr("Power spectra of the pinned heads, overlaid"),
              tr("Power |X[k]|^2 of the Hann-windowed, zero-padded profile against normalised "
                 "frequency r (1 = Nyquist); shaded: the low, mid and high bands."),
              true);
    for (const auto& [l, h] : drawable) {
        auto spectrum = std::make_unique<SpectrumView>();
        spectrum->setSnapshot(snapshot);
        spectrum->setLogScale(true);
        spectrum->setSelectedHead(l, h);
        addFigure(figures, std::move(spectrum), 0.6,
                  QStringLiteral("spectrum_%1").arg(headName(l, h)),
                  tr("Power spectrum of layer %1, head %2 with its band shares").arg(l).arg(h),
                  tr("As spectra_pinned, for one head; the band shares are written in each band."));
        auto scalogram = std::make_unique<ScalogramView>();
        scalogram->setSnapshot(snapshot);
        scalogram->setSelectedHead(l, h);
        addFigure(figures, std::move(scalogram), 0.8,
                  QStringLiteral("scalogram_%1").arg(headName(l, h)),
                  tr("DWT scalogram (db2) of layer %1, head %2").arg(l).arg(h),
                  tr("Top: the normalised profile a(t). Bottom: squared db2 coefficients by scale "
                     "(rows, each with its approximate band of r) and position."),
                  true);
    }
}

// Every figure of the set, in the manifest's order, each view ready to lay out.
std::vector<Figure> makeFigures(const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                                const HeadList& drawable) {
    std::vector<Figure> figures;
    addLocalGlobalGrid(figures, *snapshot);
    addBandShares(figures, snapshot);
    addUncertaintyScatters(figures, snapshot);
    addWaveletSummaries(figures, *snapshot);
    addHeadFigures(figures, snapshot, drawable);
    return figures;
}

// Creates the folder when missing; an error when it cannot, or empty.
QString createFolder(const QDir& dir, const QString& folder) {
    if (!dir.exists() && !QDir().mkpath(folder)) {
        return tr("Could not create the folder '%1'. Choose a folder you can write to.")
            .arg(QDir::toNativeSeparators(folder));
    }
    return {};
}

// Each figure's files: one per format, then its data as CSV.
void nameFiles(std::vector<Figure>& figures, const QList<FigureFormat>& formats) {
    for (Figure& f : figures) {
        for (FigureFormat format : formats) {
            f.entry.files << f.entry.name + QLatin1Char('.') + figureFormatSuffix(format);
        }
        f.entry.files << f.entry.name + QStringLiteral(".csv");
    }
}

// Unless replacing is allowed, the first file of the set (manifests included) that exists
// already, as an error, or empty: checked before anything is written.
QString refuseOverwrite(const QDir& dir, const std::vector<Figure>& figures, bool overwrite) {
    QStringList all;
    for (const Figure& f : figures) {
        all << f.entry.files;
    }
    all << QStringLiteral("manifest.json") << QStringLiteral("manifest.md");
    if (!overwrite) {
        for (const QString& name : all) {
            if (QFileInfo::exists(dir.filePath(name))) {
                return tr("'%1' already exists. Choose an empty folder, or allow replacing the "
                          "figures (--force on the command line).")
                    .arg(QDir::toNativeSeparators(dir.filePath(name)));
            }
        }
    }
    return {};
}

// Lays out one figure at its physical size and writes it in every format with its CSV; an
// error, or empty.
QString writeFigure(Figure& f, const QDir& dir, const FigureSetOptions& options) {
    FigureOptions o = options.figure;
    if (f.wide) {
        o.widthMm = std::max(o.widthMm, FigureOptions::kTwoColumnMm);
    }
    o.heightMm = std::max(20.0, o.widthMm * f.aspect);
    f.entry.widthMm = o.widthMm;
    f.entry.heightMm = o.heightMm;
    prepare(f.widget.get(), o, f.aspect);
    for (FigureFormat format : options.formats) {
        const QString path =
            dir.filePath(f.entry.name + QLatin1Char('.') + figureFormatSuffix(format));
        if (QString e = exportFigure(f.widget.get(), path, format, o); !e.isEmpty()) {
            return e;
        }
    }
    QJsonObject about = options.about;
    about.insert(QStringLiteral("figure"), f.entry.name);
    about.insert(QStringLiteral("shows"), f.entry.title);
    return exportViewData(f.widget.get(), dir.filePath(f.entry.name + ".csv"), DataFormat::Csv,
                          about);
}

// Writes the figures in order, each view freed once written; `entries` gets each written one.
QString writeFigures(std::vector<Figure>& figures, const QDir& dir, const FigureSetOptions& options,
                     const std::function<void(int, int)>& progress,
                     std::vector<FigureSetEntry>& entries) {
    const int total = static_cast<int>(figures.size());
    int done = 0;
    for (Figure& f : figures) {
        if (QString e = writeFigure(f, dir, options); !e.isEmpty()) {
            return e;
        }
        f.widget.reset();
        entries.push_back(f.entry);
        if (progress) {
            progress(++done, total);
        }
    }
    return {};
}

// The manifest, as JSON and as a Markdown table; written last, its presence says the set is
// complete.
QString writeManifest(const std::vector<FigureSetEntry>& entries, const QDir& dir,
                      const FigureSetOptions& options) {
    QJsonObject manifest;
    manifest.insert(QStringLiteral("generator"), QStringLiteral("Headwave"));
    manifest.insert(QStringLiteral("created"),
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    manifest.insert(QStringLiteral("about"), options.about);
    QJsonObject size;
    size.insert(QStringLiteral("width_mm"), options.figure.widthMm);
    size.insert(QStringLiteral("dpi"), options.figure.dpi);
    size.insert(QStringLiteral("publication_style"), options.figure.publicationStyle);
    manifest.insert(QStringLiteral("figure"), size);
    QJsonArray list;
    QString md =
        tr("# Figure set\n\nMade by Headwave. Every figure comes in each format with "
           "the data behind it (CSV, with units and settings in its header).\n\n");
    md += QStringLiteral("| %1 | %2 | %3 |\n|---|---|---|\n")
              .arg(tr("figure"), tr("what it shows"), tr("files"));
    for (const FigureSetEntry& e : entries) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), e.name);
        o.insert(QStringLiteral("title"), e.title);
        o.insert(QStringLiteral("description"), e.description);
        o.insert(QStringLiteral("files"), QJsonArray::fromStringList(e.files));
        o.insert(QStringLiteral("width_mm"), e.widthMm);
        o.insert(QStringLiteral("height_mm"), e.heightMm);
        list.append(o);
        md += QStringLiteral("| %1 | %2 %3 | %4 |\n")
                  .arg(e.name, e.title, e.description, e.files.join(QStringLiteral(", ")));
    }
    manifest.insert(QStringLiteral("figures"), list);
    if (QString e = writeFileAtomic(dir.filePath(QStringLiteral("manifest.md")), md.toUtf8());
        !e.isEmpty()) {
        return e;
    }
    return writeFileAtomic(dir.filePath(QStringLiteral("manifest.json")),
                           QJsonDocument(manifest).toJson(QJsonDocument::Indented));
}

}  // namespace

FigureSetResult writeFigureSet(const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                               const QString& folder, const FigureSetOptions& options,
                               const std::function<void(int, int)>& progress) {
    FigureSetResult result;
    auto failed = [&result](QString error, ErrorCode code) {
        result.error = std::move(error);
        result.errorCode = code;
        return !result.error.isEmpty();
    };
    if (failed(checkRequest(snapshot, options), snapshot && snapshot->metrics
                                                    ? ErrorCode::InvalidArgument
                                                    : ErrorCode::InvalidInput)) {
        return result;
    }
    const AnalysisSnapshot& s = *snapshot;
    const HeadList pinned = options.pinned.empty() ? defaultPinnedHeads(s) : options.pinned;
    if (failed(checkPinnedHeads(pinned, s.metrics->shape.layers, s.metrics->shape.heads),
               ErrorCode::InvalidArgument)) {
        return result;
    }
    const HeadList drawable = drawableHeads(s, pinned);
    if (!options.pinned.empty() &&
        failed(checkDrawable(s, pinned, drawable), ErrorCode::InvalidInput)) {
        return result;  // heads asked for by name that cannot be drawn: say so, draw nothing
    }
    std::vector<Figure> figures = makeFigures(snapshot, drawable);

    // Every file name first: refuse to overwrite unless asked, before writing anything.
    const QDir dir(folder);
    if (failed(createFolder(dir, folder), ErrorCode::FileWrite)) {
        return result;
    }
    nameFiles(figures, options.formats);
    if (failed(refuseOverwrite(dir, figures, options.overwrite), ErrorCode::InvalidArgument)) {
        return result;
    }
    if (failed(writeFigures(figures, dir, options, progress, result.entries),
               ErrorCode::FileWrite)) {
        return result;
    }
    failed(writeManifest(result.entries, dir, options), ErrorCode::FileWrite);
    return result;
}

}  // namespace headwave
