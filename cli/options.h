// SPDX-License-Identifier: GPL-3.0-or-later
// What every headwave-cli command shares: the option groups declared once (the method's settings,
// the input text, threads), the exit status of an error (one table for every command), the error
// printer, and reading '-' as standard input. Options are CLI11 definitions: `--help`, the man
// page, the bash completion and the options reference of docs/command-line.md are generated from
// them (cli/cli_app.h), so they cannot disagree.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/run/analysis_run.h"
#include "validators.h"

namespace headwave::cli {

// Exit status by error class (docs/command-line.md, "Exit status"); exitStatus() in
// headwave/core/error.h gives the status of an engine error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;

// Prints "headwave-cli: <message>" (and the detail) on stderr; returns the error's exit status.
int fail(const Error& e);
// Prints each as "headwave-cli: warning: <text>" on stderr (a model's loading warnings, a run's).
void printWarnings(const std::vector<Warning>& warnings);

// The method's settings (docs/method.md) as options, in their own help group. Values are kept as
// given and checked by apply(), so every message names the option and what it accepts.
struct MethodOptions {
    std::string profile, window, padding, bandEdges, level, waveletEntropy, scalogram,
        entropyWindows, localWindow, alphas, subsampling, rho;
    // Whether --alphas and --subsampling are offered (not where they would do nothing).
    void add(CLI::App& command, bool alphas = true, bool subsampling = true);
    Status apply(MethodSettings& settings) const;
};

// The attention checks (--renormalise-rows, --row-sum-tolerance).
struct CheckOptions {
    bool renormaliseRows = false;
    double rowSumTolerance = AttentionChecks{}.rowSumTolerance;
    void add(CLI::App& command);
    AttentionChecks checks() const;
};

// A text given as --text STRING or --text-file PATH ('-' = standard input), and for commands
// that take them, token ids (--ids 1,2,3).
struct TextOptions {
    std::string text, textFile, ids;
    bool noSpecial = false;
    CLI::Option* textOption = nullptr;
    CLI::Option* textFileOption = nullptr;
    CLI::Option* idsOption = nullptr;
    void add(CLI::App& command, bool ids = false, bool special = false);
    bool given() const;
    // The text of --text or --text-file (exactly one).
    Result<std::string> read() const;
};

// A file's contents, or standard input's for '-'.
Result<std::string> readFileOrStdin(const std::string& path, const std::string& what);

// Parsers of list values, with messages naming the option.
Result<std::vector<double>> parseNumbers(const std::string& option, const std::string& text);
Result<std::vector<int>> parseIntegers(const std::string& option, const std::string& text);
// "L:H" pairs separated by commas.
Result<std::vector<HeadRef>> parseHeads(const std::string& option, const std::string& text);

}  // namespace headwave::cli
