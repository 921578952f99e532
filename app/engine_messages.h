// SPDX-License-Identifier: GPL-3.0-or-later
// The app's wording of what the engine reports: a job's progress stage and a warning, in the
// user's language (EngineController's translation context).
#pragma once

#include <QString>

#include "headwave/core/warning.h"
#include "headwave/run/job_runner.h"

namespace headwave {

// The translated text of a job's progress: the session's stage keys, or for corpus runs and
// timelines the item counts.
QString stageText(const JobUpdate& update);

// A warning in the user's language where the app words it itself, else the engine's sentence.
QString warningText(const Warning& warning);

}  // namespace headwave
