// SPDX-License-Identifier: GPL-3.0-or-later
// The headwave-cli commands: each adds its definition (a CLI11 subcommand with its options) to the
// app and what runs it to the list (cli/cli_app.cpp builds them all). A command's run returns the
// process's exit status (docs/command-line.md, "Exit status").
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "cli_app.h"

namespace headwave::cli {

void addAnalyzeAttention(CLI::App& app, std::vector<Command>& commands);
void addAttention(CLI::App& app, std::vector<Command>& commands);
void addHeads(CLI::App& app, std::vector<Command>& commands);
void addInfo(CLI::App& app, std::vector<Command>& commands);
void addModels(CLI::App& app, std::vector<Command>& commands);
// analyze, report, compare, merge
void addRunCommands(CLI::App& app, std::vector<Command>& commands);
void addRescale(CLI::App& app, std::vector<Command>& commands);
void addIntervene(CLI::App& app, std::vector<Command>& commands);
void addTrain(CLI::App& app, std::vector<Command>& commands);
void addTimeline(CLI::App& app, std::vector<Command>& commands);
void addFigures(CLI::App& app, std::vector<Command>& commands);
void addHandout(CLI::App& app, std::vector<Command>& commands);

}  // namespace headwave::cli
