// SPDX-License-Identifier: GPL-3.0-or-later
// The whole command line of headwave-cli as CLI11 definitions, built in one place. Parsing,
// `--help`, the man page (headwave-cli.1, headwave-figures.1), the bash completion and the options
// reference of docs/command-line.md are all generated from these definitions (the hidden
// `headwave-cli __generate` command writes them; the build and the tests use it), so none of them
// can disagree about an option.
//
//   auto cli = makeCli();
//   cli.app->parse(argc, argv);            // throws CLI::ParseError
//   for (auto& c : cli.commands) if (c.app->parsed()) return c.run();
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace headwave::cli {

// One command: its CLI11 definition and what runs it once the command line is parsed.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

struct CliDefinition {
    std::unique_ptr<CLI::App> app;
    std::vector<Command> commands;
};

// headwave-cli with every command.
CliDefinition makeCli();

// Generated documents (`headwave-cli __generate man|figures-man|bash|markdown`).
std::string manPage(const CLI::App& app);
std::string figuresManPage();
std::string bashCompletion(const CLI::App& app);
std::string optionsMarkdown(const CLI::App& app);

// The printed form of a parse error (e.g. "headwave-cli analyze: Unknown option --bogus."), and
// its exit status (0 for --help and --version, 2 otherwise).
int reportParseError(const CLI::App& app, const CLI::ParseError& e);

}  // namespace headwave::cli
