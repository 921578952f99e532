// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-figures: the figure set of a results file, headless (no display needed). Run directly
// or as `headwave-cli figures`, which starts this program (it keeps the CLI free of Qt). Its
// options are cli/figures_options.h, shared with headwave-cli.
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
#include "cli/figures_options.h"
#include "cli/validators.h"
#include "headwave/core/error.h"
#include "headwave/run/results_file.h"
#include "headwave/run/snapshots.h"

using namespace headwave;

namespace {

// The offscreen platform's notices (no size hints, no runtime folder) say nothing to a user.
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains(QLatin1String("propagateSizeHints")) ||
        message.contains(QLatin1String("XDG_RUNTIME_DIR"))) {
        return;
    }
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

int fail(const QString& message, ErrorCode code) {
    std::fprintf(stderr, "headwave-figures: %s\n", qPrintable(message));
    return exitStatus(code);
}

// The parsed options as the figure set's settings; an error message when a value is not usable.
QString toSetOptions(const cli::FiguresOptions& o, FigureSetOptions& options) {
    options.formats.clear();
    for (const QString& f :
         QString::fromStdString(o.format).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        FigureFormat format;
        if (!parseFigureFormat(f, format)) {
            return QStringLiteral("Unknown format '%1'; use pdf, svg, png or tif.").arg(f);
        }
        options.formats.push_back(format);
    }
    options.figure.dpi = o.dpi;
    options.figure.widthMm = o.widthMm;
    options.figure.fontFamily = QString::fromStdString(o.fontFamily);
    options.figure.fontPointSize = o.fontSize;
    options.figure.lineWidthPt = o.lineWidth;
    options.figure.publicationStyle = !o.screenStyle;
    options.overwrite = o.force;
    for (const QString& h :
         QString::fromStdString(o.heads).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList lh = h.split(QLatin1Char(':'));
        bool okL = false;
        bool okH = false;
        const int l = lh.size() == 2 ? lh[0].toInt(&okL) : -1;
        const int hh = lh.size() == 2 ? lh[1].toInt(&okH) : -1;
        if (!okL || !okH || l < 0 || hh < 0) {
            return QStringLiteral(
                       "--heads takes LAYER:HEAD pairs separated by commas, both "
                       "0-based (e.g. 0:3,5:1); got '%1'.")
                .arg(h);
        }
        options.pinned.emplace_back(l, hh);
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    // The command line first, with the definitions headwave-cli's `figures` uses.
    CLI::App parser(cli::FiguresOptions::kDescription, "headwave-figures");
    cli::configureApp(parser);
    parser.allow_extras(false);
    parser.set_version_flag("-V,--version", "headwave-figures " HEADWAVE_VERSION,
                            "print the version and exit");
    parser.footer(cli::FiguresOptions::kFooter);
    cli::FiguresOptions o;
    o.add(parser);
    try {
        parser.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return parser.exit(e);
        }
        std::fprintf(stderr,
                     "headwave-figures: %s\nRun 'headwave-figures --help' for the options.\n",
                     e.what());
        return exitStatus(ErrorCode::InvalidArgument);
    }
    // No display needed: render offscreen unless a platform was chosen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    qInstallMessageHandler(quietHandler);
    QApplication app(argc, argv);
    FigureSetOptions options;
    if (const QString error = toSetOptions(o, options); !error.isEmpty()) {
        return fail(error, ErrorCode::InvalidArgument);
    }
    const QString run = QString::fromStdString(o.run);
    const QString out = QString::fromStdString(o.out);
    auto result = readRunFile(run.toStdString());
    if (!result) {
        return fail(QString::fromStdString(result.error().describe()), result.error().code);
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
        return fail(written.error, written.errorCode);
    }
    int files = 0;
    for (const FigureSetEntry& e : written.entries) {
        files += static_cast<int>(e.files.size());
    }
    std::printf("%d figures (%d files) and the manifest -> %s\n",
                static_cast<int>(written.entries.size()), files,
                qPrintable(QDir::toNativeSeparators(out)));
    return 0;
}
