// SPDX-License-Identifier: GPL-3.0-or-later
// "Export figure set": the paper's figures and more for one result, each in every requested
// format with the data behind it (CSV), and a manifest (manifest.json, manifest.md) listing each
// file and what it shows. Used by the app and by the headless `headwave-figures` program that
// `headwave-cli figures` runs.
//
//   FigureSetOptions o;
//   o.formats = {FigureFormat::Pdf, FigureFormat::Png};
//   auto written = writeFigureSet(snapshot, "figures/", o);   // the manifest's entries or an error
#pragma once

#include "headwave/core/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "app/export/figure_exporter.h"
#include "headwave/run/snapshots.h"

namespace headwave {

struct FigureSetOptions {
    QList<FigureFormat> formats = {FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png};
    FigureOptions figure;    // size, DPI, publication style (height is per figure, see below)
    bool overwrite = false;  // false: refuse when any file of the set already exists
    // Heads whose spectra and scalograms are drawn (layer, head). Empty: for one sequence, the
    // heads with the largest low, mid and high band share; for a run, its kept heads.
    std::vector<std::pair<int, int>> pinned;
    QJsonObject about;  // source, model, settings: written into every CSV header and the manifest
};

struct FigureSetEntry {
    QString name;         // "fig1_local_global_grid"
    QString title;        // one line: what it shows
    QString description;  // how to read it (axes, units, normalisation)
    QStringList files;    // file names inside the folder (figures and data)
    double widthMm = 0;   // the figure's physical size
    double heightMm = 0;
};

// Writes the set into `folder` (created if missing). Every file is written atomically; the
// manifest last. On an error nothing is half-written, files written before the error stay, and
// the message says what happened and what to do. `progress` (optional) gets (done, total).
struct FigureSetResult {
    QString error;  // empty on success
    // The error's class, for a program's exit status: InvalidArgument (a request that cannot be
    // met: options, heads), InvalidInput (no results to draw), FileWrite (the folder or a file).
    ErrorCode errorCode = ErrorCode::Internal;
    std::vector<FigureSetEntry> entries;
};
FigureSetResult writeFigureSet(const std::shared_ptr<const AnalysisSnapshot>& snapshot,
                               const QString& folder, const FigureSetOptions& options,
                               const std::function<void(int, int)>& progress = {});

// The heads drawn when FigureSetOptions::pinned is empty (see there).
std::vector<std::pair<int, int>> defaultPinnedHeads(const AnalysisSnapshot& snapshot);

}  // namespace headwave
