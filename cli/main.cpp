// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli: Headwave's analysis from the command line (no display, no Qt). The commands and
// their options are CLI11 definitions (cli/cli_app.h), from which --help, the man page, the bash
// completion and docs/command-line.md's options reference are generated.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "cli_app.h"
#include "headwave/core/error.h"
#include "interrupt.h"

namespace {

using namespace headwave::cli;

// `headwave-cli __generate man|figures-man|bash|markdown`: the documents generated from the
// definitions (the build installs them; the tests compare them with the committed copies).
int generate(const CliDefinition& cli, const std::string& what) {
    if (what == "man") {
        std::cout << manPage(*cli.app);
    } else if (what == "figures-man") {
        std::cout << figuresManPage();
    } else if (what == "bash") {
        std::cout << bashCompletion(*cli.app);
    } else if (what == "markdown") {
        std::cout << optionsMarkdown(*cli.app);
    } else {
        std::cerr << "headwave-cli __generate: man, figures-man, bash or markdown.\n";
        return 2;
    }
    return 0;
}

// Arguments CLI11 left over (unknown options, a stray word), in the project's words; 0 when none.
int reportUnknown(const CliDefinition& cli) {
    const CLI::App* command = nullptr;
    for (const Command& c : cli.commands) {
        if (c.app->parsed()) {
            command = c.app;
        }
    }
    if (command == nullptr) {
        const std::vector<std::string> rest = cli.app->remaining();
        if (rest.empty()) {
            std::cerr << cli.app->help();
            return 2;
        }
        std::cerr << "headwave-cli: unknown "
                  << (rest.front().rfind('-', 0) == 0 ? "option" : "command") << " '"
                  << rest.front() << "'.\n\n"
                  << cli.app->help();
        return 2;
    }
    const std::vector<std::string> rest = command->remaining();
    if (rest.empty()) {
        return 0;
    }
    const std::string& first = rest.front();
    std::cerr << "headwave-cli " << command->get_name() << ": "
              << (first.rfind("--", 0) == 0 || (first.size() == 2 && first[0] == '-')
                      ? "Unknown option " + first.substr(0, first.find('=')) + "."
                      : "Unexpected argument '" + first + "'.")
              << "\nRun 'headwave-cli " << command->get_name() << " --help' for the options.\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // Training runs many short OpenMP regions (libtorch's and OpenBLAS's); libgomp's default
    // spin-waiting between them made a training step 4-10x slower whenever another process used
    // the cores (measured: 238 vs 2209 tokens/s under load 5 on 2 cores). libgomp reads
    // OMP_WAIT_POLICY only when it loads, so `train` re-executes itself once with passive waiting
    // unless the user chose a policy.
    if (argc > 1 && std::strcmp(argv[1], "train") == 0 &&
        std::getenv("OMP_WAIT_POLICY") == nullptr) {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        execv("/proc/self/exe", argv);  // returns only on failure: then train with the default
    }
    // Ctrl-C and SIGTERM become a stop request from here on: commands stop cleanly and write
    // nothing partial, whatever they are doing when the signal comes; a second one ends at once.
    InterruptGuard guard;
    InterruptGuard::setGlobal(&guard);
    CliDefinition cli = makeCli();
    if (argc > 2 && std::strcmp(argv[1], "__generate") == 0) {
        return generate(cli, argv[2]);
    }
    try {
        cli.app->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return reportParseError(*cli.app, e);
    }
    if (int unknown = reportUnknown(cli); unknown != 0 || argc < 2) {
        return unknown != 0 ? unknown : 2;
    }
    try {
        for (const Command& c : cli.commands) {
            if (c.app->parsed()) {
                const int status = c.run();
                // A command that failed because of Ctrl-C (its input cut short, a read
                // cancelled) reports the interruption, whatever error it met.
                if (status != 0 && guard.settleInterrupted()) {
                    return headwave::exitStatus(headwave::ErrorCode::Cancelled);
                }
                return status;
            }
        }
    } catch (const std::exception& e) {
        // Engine calls return errors as values; this catches what should never escape (a bug or
        // an allocation failure outside the engine) so that it is reported, not a crash.
        std::cerr << "headwave-cli: internal error: " << e.what() << '\n';
        return headwave::exitStatus(headwave::ErrorCode::Internal);
    }
    return 2;
}
