// Turning --text / --text-file / --ids into the tokens a model reads, through the engine's
// session, for the commands that run models.
#pragma once

#include <string>
#include <vector>

#include "arguments.h"
#include "headwave/run/session.h"

namespace headwave::cli {

// Reads --text STRING, --text-file PATH (a UTF-8 file; '-' for standard input) or --ids 1,2,3
// (exactly one of them) into tokens of the session's model (special tokens unless
// --no-special), cut to the model's context with a warning. Refuses empty input.
Result<TokenizedText> readModelInput(const Arguments& args, const Session& session);

// The text of --text or --text-file (exactly one), without tokenising it.
Result<std::string> readTextOption(const Arguments& args);

}  // namespace headwave::cli
