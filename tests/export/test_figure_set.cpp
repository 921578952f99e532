// SPDX-License-Identifier: GPL-3.0-or-later
// Figure sets (app/export/figure_set): complete, with a manifest listing every file; the data of
// the uncertainty scatter equals the per-head means of the results; no overwrite without asking;
// and `headwave-cli figures` end to end on a real results file (stories260K, skipped without
// ../shared), whose CSV round-trips to the numbers read back from the .hwrun.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "../widgets/synthetic_snapshot.h"
#include "app/export/export_actions.h"
#include "app/export/figure_set.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/run/results_file.h"
#include "headwave/run/snapshots.h"
#include "widgets/spectrum_view.h"

using namespace headwave;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The tables of a figure's CSV: name ("# plot N: NAME") -> rows of numbers.
QMap<QString, QList<QList<double>>> csvTables(const QString& text) {
    QMap<QString, QList<QList<double>>> tables;
    QString current;
    bool header = false;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("# plot "))) {
            current = line.section(QStringLiteral(": "), 1);
            header = true;
            continue;
        }
        if (line.startsWith(QLatin1Char('#')) || line.isEmpty() || current.isEmpty()) {
            continue;
        }
        if (header) {  // the column names
            header = false;
            continue;
        }
        QList<double> row;
        for (const QString& f : line.split(QLatin1Char(','))) {
            row << (f == QLatin1String("nan") ? std::nan("") : f.toDouble());
        }
        tables[current] << row;
    }
    return tables;
}

// Every file in the folder is in the manifest and every manifest file is in the folder.
void checkManifest(const QString& folder, int& figures) {
    const QJsonObject manifest =
        QJsonDocument::fromJson(readAll(QDir(folder).filePath(QStringLiteral("manifest.json"))))
            .object();
    QSet<QString> listed = {QStringLiteral("manifest.json"), QStringLiteral("manifest.md")};
    const QJsonArray list = manifest.value(QStringLiteral("figures")).toArray();
    figures = static_cast<int>(list.size());
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        QVERIFY(!o.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("description")).toString().isEmpty());
        for (const QJsonValue& f : o.value(QStringLiteral("files")).toArray()) {
            listed.insert(f.toString());
            QVERIFY2(QFileInfo(QDir(folder).filePath(f.toString())).size() > 0,
                     qPrintable(f.toString()));
        }
    }
    const QStringList present = QDir(folder).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(QSet<QString>(present.begin(), present.end()), listed);
    const QString md = QString::fromUtf8(readAll(QDir(folder).filePath("manifest.md")));
    for (const QString& f : listed) {
        if (!f.startsWith(QStringLiteral("manifest"))) {
            QVERIFY2(md.contains(f), qPrintable(f));
        }
    }
}

}  // namespace

class TestFigureSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void completeSetWithManifestAndExactData() {
        QTemporaryDir dir;
        const auto snap = synthetic::corpusSnapshot();
        FigureSetOptions o;
        o.formats = {FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png};
        o.figure.dpi = 100;
        o.pinned = {{1, 1}, {2, 3}};
        o.about.insert(QStringLiteral("source"), QStringLiteral("synthetic"));
        const FigureSetResult r = writeFigureSet(snap, dir.path(), o);
        QCOMPARE(r.error, QString());
        int figures = 0;
        checkManifest(dir.path(), figures);
        // The paper's figures and the rest: grid, one band figure per layer, two scatters (per
        // head and per sequence), scale sensitivity, wavelet entropy, and for the two pinned heads
        // (the synthetic run has every head's spectrum) the overlay plus a spectrum and a
        // scalogram each.
        QCOMPARE(figures, 1 + synthetic::kLayers + 2 + 1 + 1 + 1 + 2 * 2);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("scalogram_L2H3.svg"))));
        for (const char* name : {"fig1_local_global_grid.pdf", "fig2_fig3_band_shares_layer2.svg",
                                 "uncertainty_scatter.png", "scale_sensitivity_per_alpha.pdf",
                                 "wavelet_entropy_per_scale.png"}) {
            QVERIFY2(QFile::exists(dir.filePath(QString::fromLatin1(name))), name);
        }
        // The scatter's data are the per-head means of the run, to the last bit.
        const auto tables =
            csvTables(QString::fromUtf8(readAll(dir.filePath("uncertainty_scatter.csv"))));
        const RunResult& run = *snap->run;
        const auto hp = static_cast<std::size_t>(run.layout.index("positional_entropy"));
        const auto hs = static_cast<std::size_t>(run.layout.index("spectral_entropy"));
        for (int l = 0; l < synthetic::kLayers; ++l) {
            const auto rows = tables.value(QStringLiteral("Layer %1").arg(l));
            QCOMPARE(rows.size(), synthetic::kHeads);
            for (int h = 0; h < synthetic::kHeads; ++h) {
                QCOMPARE(rows[h][0], run.summary->mean(l, h, hp));
                QCOMPARE(rows[h][1], run.summary->mean(l, h, hs));
            }
        }
    }

    void singleSequenceDrawsSpectraAndScalogramsOfPinnedHeads() {
        QTemporaryDir dir;
        FigureSetOptions o;
        o.formats = {FigureFormat::Png};
        o.figure.dpi = 72;
        const auto snap = synthetic::snapshot();
        const auto pinned = defaultPinnedHeads(*snap);
        QVERIFY(!pinned.empty());
        const FigureSetResult r = writeFigureSet(snap, dir.path(), o);
        QCOMPARE(r.error, QString());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("spectra_pinned.png"))));
        for (const auto& [l, h] : pinned) {
            QVERIFY(
                QFile::exists(dir.filePath(QStringLiteral("spectrum_L%1H%2.png").arg(l).arg(h))));
            QVERIFY(
                QFile::exists(dir.filePath(QStringLiteral("scalogram_L%1H%2.png").arg(l).arg(h))));
        }
        int figures = 0;
        checkManifest(dir.path(), figures);
        // The head with the largest low-band share is the first pinned head.
        double best = -1;
        std::pair<int, int> arg;
        for (int l = 0; l < synthetic::kLayers; ++l) {
            for (int h = 0; h < synthetic::kHeads; ++h) {
                if (snap->metrics->at(l, h).bandLow > best) {
                    best = snap->metrics->at(l, h).bandLow;
                    arg = {l, h};
                }
            }
        }
        QCOMPARE(pinned.front(), arg);
    }

    void refusesToOverwriteUnlessAsked() {
        QTemporaryDir dir;
        FigureSetOptions o;
        o.formats = {FigureFormat::Png};
        o.figure.dpi = 72;
        const auto snap = synthetic::snapshot();
        QCOMPARE(writeFigureSet(snap, dir.path(), o).error, QString());
        const QString grid = dir.filePath(QStringLiteral("fig1_local_global_grid.png"));
        {
            QFile f(grid);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("mine");
        }
        const FigureSetResult again = writeFigureSet(snap, dir.path(), o);
        QVERIFY(again.error.contains(QStringLiteral("already exists")));
        QCOMPARE(readAll(grid), QByteArray("mine"));
        o.overwrite = true;
        QCOMPARE(writeFigureSet(snap, dir.path(), o).error, QString());
        QVERIFY(readAll(grid).startsWith("\x89PNG"));
        // Nothing to draw, a bad head, bad options: clear messages.
        QVERIFY(!writeFigureSet(nullptr, dir.path(), o).error.isEmpty());
        o.pinned = {{9, 0}};
        QVERIFY(writeFigureSet(snap, dir.path(), o).error.contains(QStringLiteral("not in this")));
    }

    void windowExportActionsWriteWhatTheyShow() {
        QWidget window;
        SpectrumView spectrum(&window);
        spectrum.resize(600, 400);
        const auto snap = synthetic::snapshot();
        spectrum.setSnapshot(snap);
        spectrum.setSelectedHead(1, 1);
        window.show();
        ExportActions actions(&window);
        actions.addView(&spectrum, QStringLiteral("Spectrum"));
        QSignalSpy exported(&actions, &ExportActions::exported);
        QSignalSpy failed(&actions, &ExportActions::failed);
        QTemporaryDir dir;
        // Nothing to export before a snapshot: a clear message, no file.
        QVERIFY(!actions
                     .exportDataTo(&spectrum, QStringLiteral("Spectrum"),
                                   dir.filePath(QStringLiteral("early.csv")))
                     .isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("early.csv"))));
        QVERIFY(actions.exportAttentionTo(dir.filePath(QStringLiteral("a.npy")))
                    .contains(QStringLiteral("select a head")));
        actions.setSnapshot(snap);
        // The attention matrix as .npy: float32 [T, T], the same values.
        auto attention = std::make_shared<HeadAttention>();
        attention->layer = 1;
        attention->head = 1;
        attention->tokens = 3;
        attention->probs = {1.0f, 0.0f, 0.0f, 0.25f, 0.75f, 0.0f, 0.125f, 0.375f, 0.5f};
        actions.setAttention(attention);
        const QString npy = dir.filePath(QStringLiteral("a.npy"));
        QCOMPARE(actions.exportAttentionTo(npy), QString());
        auto file = MappedFile::open(npy.toStdString());
        QVERIFY(file.ok());
        auto header = parseNpyHeader((*file)->data(), (*file)->size());
        QVERIFY(header.ok());
        QCOMPARE(header->shape, (std::vector<std::int64_t>{3, 3}));
        const auto* values = reinterpret_cast<const float*>((*file)->data() + header->dataOffset);
        for (int i = 0; i < 9; ++i) {
            QCOMPARE(values[i], attention->probs[static_cast<std::size_t>(i)]);
        }
        // Data and a figure set; the set is not replaced without asking.
        const QString json = dir.filePath(QStringLiteral("spectrum.json"));
        QCOMPARE(actions.exportDataTo(&spectrum, QStringLiteral("Spectrum"), json), QString());
        QVERIFY(QJsonDocument::fromJson(readAll(json))
                    .object()
                    .value(QStringLiteral("about"))
                    .toObject()
                    .contains(QStringLiteral("settings")));
        const QString set = dir.filePath(QStringLiteral("set"));
        QCOMPARE(actions.exportFigureSetTo(set, false), QString());
        QVERIFY(actions.exportFigureSetTo(set, false).contains(QStringLiteral("already exists")));
        QCOMPARE(actions.exportFigureSetTo(set, true), QString());
        QCOMPARE(exported.count(), 3);
        QVERIFY(QFile::exists(set + QStringLiteral("/manifest.json")));
    }

    void cliFiguresOfARealRun() {
        const QString shared = QStringLiteral(HEADWAVE_SHARED_DIR);
        const QString model = shared + QStringLiteral("/models/stories260K");
        const QString corpus = shared + QStringLiteral("/text/tinyshakespeare.txt");
        if (!QFile::exists(model + QStringLiteral("/config.json")) || !QFile::exists(corpus)) {
            QSKIP("../shared/models/stories260K or ../shared/text is not there");
        }
        QTemporaryDir dir;
        const QString cli = QStringLiteral(HEADWAVE_CLI);
        const QString run = dir.filePath(QStringLiteral("r.hwrun"));
        QProcess p;
        p.start(cli, {QStringLiteral("analyze"), QStringLiteral("--model"), model,
                      QStringLiteral("--corpus"), corpus, QStringLiteral("--sequences"),
                      QStringLiteral("4"), QStringLiteral("--min-tokens"), QStringLiteral("64"),
                      QStringLiteral("--max-tokens"), QStringLiteral("128"),
                      QStringLiteral("--keep-heads"), QStringLiteral("1:2,3:4"),
                      QStringLiteral("--out"), run, QStringLiteral("--quiet")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = dir.filePath(QStringLiteral("figs"));
        const QStringList args = {QStringLiteral("figures"),    run,
                                  QStringLiteral("--out"),      out,
                                  QStringLiteral("--format"),   QStringLiteral("pdf,png"),
                                  QStringLiteral("--dpi"),      QStringLiteral("150"),
                                  QStringLiteral("--width-mm"), QStringLiteral("85")};
        p.start(cli, args);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        int figures = 0;
        checkManifest(out, figures);
        // The kept heads have spectra and scalograms.
        QVERIFY(QFile::exists(out + QStringLiteral("/spectrum_L1H2.pdf")));
        QVERIFY(QFile::exists(out + QStringLiteral("/scalogram_L3H4.png")));
        // 85 mm at 150 dpi.
        QCOMPARE(QImage(out + QStringLiteral("/uncertainty_scatter.png")).width(),
                 static_cast<int>(std::lround(85.0 / 25.4 * 150)));
        // The CSV holds the results file's numbers.
        auto back = readRunFile(run.toStdString());
        QVERIFY(back.ok());
        const RunResult& r = **back;
        const auto tables = csvTables(QString::fromUtf8(readAll(out + "/uncertainty_scatter.csv")));
        const auto hp = static_cast<std::size_t>(r.layout.index("positional_entropy"));
        for (int l = 0; l < r.model.layers; ++l) {
            const auto rows = tables.value(QStringLiteral("Layer %1").arg(l));
            QCOMPARE(rows.size(), r.model.heads);
            for (int h = 0; h < r.model.heads; ++h) {
                QCOMPARE(rows[h][0], r.summary->mean(l, h, hp));
            }
        }
        // Again without --force: refused, with the exit status of a usage error (2) as in every
        // command (docs/command-line.md, "Exit status"), files untouched.
        const QByteArray before = readAll(out + QStringLiteral("/manifest.json"));
        p.start(cli, args);
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--force"));
        QCOMPARE(readAll(out + QStringLiteral("/manifest.json")), before);
    }
};

QTEST_MAIN(TestFigureSet)
#include "test_figure_set.moc"
