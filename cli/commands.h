// The headwave-cli subcommands. Each takes the arguments after its name and returns the process
// exit code: 0 success, 1 failure (a message on stderr), 2 usage error, 130 interrupted.
#pragma once

#include <string>
#include <vector>

#include "arguments.h"
#include "headwave/run/analysis_run.h"

namespace headwave::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

int analyzeAttentionCommand(const std::vector<std::string>& args);
int attentionCommand(const std::vector<std::string>& args);
int infoCommand(const std::vector<std::string>& args);
int analyzeCommand(const std::vector<std::string>& args);
// analyze --text / --text-file: one text through the session, written to `out`.
int analyzeTextCommand(const Arguments& args, const RunSettings& settings, const std::string& out);
int reportCommand(const std::vector<std::string>& args);
int compareCommand(const std::vector<std::string>& args);
int mergeCommand(const std::vector<std::string>& args);
int trainCommand(const std::vector<std::string>& args);
int timelineCommand(const std::vector<std::string>& args);
int rescaleCommand(const std::vector<std::string>& args);

}  // namespace headwave::cli
