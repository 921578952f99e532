// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/engine_messages.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/engine_controller.h"

namespace headwave {

QString stageText(const JobUpdate& u) {
    const std::string& stage = u.stage;
    if (u.kind == kJobCorpus && u.total > 0) {
        const int sequence = std::min(u.done + 1, std::max(u.total, 1));
        return u.secondsLeft >= 0
                   ? EngineController::tr("Sequence %1 of %2, about %3 s left")
                         .arg(sequence)
                         .arg(u.total)
                         .arg(std::ceil(u.secondsLeft), 0, 'f', 0)
                   : EngineController::tr("Sequence %1 of %2").arg(sequence).arg(u.total);
    }
    if (u.kind == kJobTimeline && u.total > 0) {
        return EngineController::tr("Model %1 of %2")
            .arg(std::min(u.done + 1, u.total))
            .arg(u.total);
    }
    if (stage == "heads" && u.kind == kJobHeadMap) {
        return EngineController::tr("Mapping the heads…");
    }
    if (stage == "weights") {
        return EngineController::tr("Loading the weights…");
    }
    if (stage == "tokenizer") {
        return EngineController::tr("Loading the tokenizer…");
    }
    if (stage == "tokenize") {
        return EngineController::tr("Tokenising…");
    }
    if (stage == "layers") {
        return u.kind == kJobAnalyze ? EngineController::tr("Analysing the layers…")
                                     : EngineController::tr("Running the model…");
    }
    if (stage == "details") {
        return EngineController::tr("Computing the spectra and scalograms…");
    }
    if (stage == "open") {
        return EngineController::tr("Opening the results file…");
    }
    if (stage == "save") {
        return EngineController::tr("Saving the results file…");
    }
    if (stage.rfind("rescaled ", 0) == 0) {
        return EngineController::tr("Running the model on the text rescaled by \u03B1 = %1…")
            .arg(QString::fromStdString(stage.substr(9)));
    }
    return QString::fromStdString(stage);
}

QString warningText(const Warning& w) {
    if (w.code == WarningCode::InputCut && w.values.size() == 2) {
        return EngineController::tr(
                   "The text has %1 tokens; only the first %2 (the model's context) were "
                   "analysed.")
            .arg(w.values[0])
            .arg(w.values[1]);
    }
    return QString::fromStdString(w.text());
}

}  // namespace headwave
