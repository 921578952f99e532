// headwave-figures: the figure set of a results file, headless (no display needed). Run directly
// or as `headwave-cli figures`, which starts this program (it keeps the CLI free of Qt).
//
//   headwave-figures RUN.hwrun --out DIR --format pdf,svg,png --dpi 300 --width-mm 85
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>
#include <cstdio>
#include <cstdlib>

#include "app/export/figure_set.h"
#include "headwave/run/results_file.h"
#include "headwave/run/snapshots.h"

using namespace headwave;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char* kUsage =
    "Usage: headwave-cli figures RUN --out DIR [options]\n"
    "\n"
    "Writes the figure set of a results file (.hwrun) into DIR: the paper's figures and more,\n"
    "each with the data behind it (CSV) and a manifest (manifest.json, manifest.md).\n"
    "\n"
    "Options:\n"
    "  --out DIR            the folder (created if missing)\n"
    "  --format F,...       pdf, svg, png, tif (default pdf,svg,png)\n"
    "  --dpi N              raster resolution, 72..1200 (default 300)\n"
    "  --width-mm W         figure width in mm (default 85, one column; 175 = two columns)\n"
    "  --heads L:H,...      heads whose spectra and scalograms are drawn (default: the run's\n"
    "                       kept heads; they need --keep-heads at analysis time)\n"
    "  --font-family NAME   publication font (default DejaVu Sans)\n"
    "  --font-size PT       font size in points (default 8)\n"
    "  --line-width PT      data line width in points (default 1)\n"
    "  --screen-style       keep the interface colours instead of the publication style\n"
    "  --force              replace existing figures in DIR\n";

// The offscreen platform's notices (no size hints, no runtime folder) say nothing to a user.
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains(QLatin1String("propagateSizeHints")) ||
        message.contains(QLatin1String("XDG_RUNTIME_DIR"))) {
        return;
    }
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

int fail(const QString& message, int code = kExitFailure) {
    std::fprintf(stderr, "headwave-cli figures: %s\n", qPrintable(message));
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    // No display needed: render offscreen unless a platform was chosen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    qInstallMessageHandler(quietHandler);
    QApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.contains(QStringLiteral("--help")) ||
        args.contains(QStringLiteral("-h"))) {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? kExitUsage : kExitOk;
    }
    QString run;
    QString out;
    FigureSetOptions options;
    const QStringList valued = {QStringLiteral("--out"),       QStringLiteral("--format"),
                                QStringLiteral("--dpi"),       QStringLiteral("--width-mm"),
                                QStringLiteral("--heads"),     QStringLiteral("--font-family"),
                                QStringLiteral("--font-size"), QStringLiteral("--line-width")};
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--force")) {
            options.overwrite = true;
            continue;
        }
        if (a == QLatin1String("--screen-style")) {
            options.figure.publicationStyle = false;
            continue;
        }
        if (valued.contains(a)) {
            if (i + 1 >= args.size()) {
                return fail(QStringLiteral("%1 needs a value.").arg(a), kExitUsage);
            }
            const QString v = args[++i];
            bool ok = true;
            if (a == QLatin1String("--out")) {
                out = v;
            } else if (a == QLatin1String("--format")) {
                options.formats.clear();
                for (const QString& f : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                    FigureFormat format;
                    if (!parseFigureFormat(f, format)) {
                        return fail(
                            QStringLiteral("Unknown format '%1'; use pdf, svg, png or tif.").arg(f),
                            kExitUsage);
                    }
                    options.formats.push_back(format);
                }
            } else if (a == QLatin1String("--dpi")) {
                options.figure.dpi = v.toInt(&ok);
            } else if (a == QLatin1String("--width-mm")) {
                options.figure.widthMm = v.toDouble(&ok);
            } else if (a == QLatin1String("--font-family")) {
                options.figure.fontFamily = v;
            } else if (a == QLatin1String("--font-size")) {
                options.figure.fontPointSize = v.toDouble(&ok);
            } else if (a == QLatin1String("--line-width")) {
                options.figure.lineWidthPt = v.toDouble(&ok);
            } else if (a == QLatin1String("--heads")) {
                for (const QString& h : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                    const QStringList lh = h.split(QLatin1Char(':'));
                    bool okL = false;
                    bool okH = false;
                    if (lh.size() != 2) {
                        ok = false;
                        break;
                    }
                    const int l = lh[0].toInt(&okL);
                    const int hh = lh[1].toInt(&okH);
                    if (!okL || !okH) {
                        ok = false;
                        break;
                    }
                    options.pinned.emplace_back(l, hh);
                }
            }
            if (!ok) {
                return fail(QStringLiteral("'%1' is not a valid value for %2.").arg(v, a),
                            kExitUsage);
            }
            continue;
        }
        if (a.startsWith(QLatin1String("--"))) {
            return fail(QStringLiteral("Unknown option '%1'; see --help.").arg(a), kExitUsage);
        }
        if (!run.isEmpty()) {
            return fail(QStringLiteral("Give one results file; got '%1' and '%2'.").arg(run, a),
                        kExitUsage);
        }
        run = a;
    }
    if (run.isEmpty() || out.isEmpty()) {
        return fail(QStringLiteral("Give a results file and --out DIR; see --help."), kExitUsage);
    }
    auto result = readRunFile(run.toStdString());
    if (!result) {
        return fail(QString::fromStdString(result.error().describe()));
    }
    const RunResult& r = **result;
    QJsonObject about;
    about.insert(QStringLiteral("source"), QFileInfo(run).fileName());
    about.insert(QStringLiteral("model"), QString::fromStdString(r.model.name));
    about.insert(QStringLiteral("architecture"), QString::fromStdString(r.model.architecture));
    about.insert(QStringLiteral("positional"), QString::fromStdString(r.model.positional));
    about.insert(QStringLiteral("config_hash"), QString::fromStdString(r.model.configHash));
    about.insert(QStringLiteral("corpus_hash"), QString::fromStdString(r.corpus.hash));
    about.insert(QStringLiteral("sequences"), r.sequences());
    about.insert(
        QStringLiteral("settings"),
        QJsonDocument::fromJson(QByteArray::fromStdString(r.settings.method.toJson())).object());
    options.about = about;
    auto snapshot = snapshotFromRun(result.value());
    const FigureSetResult written = writeFigureSet(snapshot, out, options);
    if (!written.error.isEmpty()) {
        return fail(written.error);
    }
    int files = 0;
    for (const FigureSetEntry& e : written.entries) {
        files += static_cast<int>(e.files.size());
    }
    std::printf("%d figures (%d files) and the manifest -> %s\n",
                static_cast<int>(written.entries.size()), files,
                qPrintable(QDir::toNativeSeparators(out)));
    return kExitOk;
}
