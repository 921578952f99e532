// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli figures: checks the call with the figure set's own option definitions
// (figures_options.h), then runs headwave-figures, installed beside headwave-cli, which draws the
// figures with Qt (so headwave-cli itself links no Qt).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "figures_options.h"

namespace headwave::cli {

namespace {

struct Figures {
    FiguresOptions options;
    std::vector<std::string> arguments;  // as given after `figures`
};

int run(const Figures& f) {
    std::string self(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", self.data(), self.size() - 1);
    self.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    const std::string program = self.substr(0, self.rfind('/') + 1) + "headwave-figures";
    std::vector<char*> child{const_cast<char*>(program.c_str())};
    for (const std::string& a : f.arguments) {
        child.push_back(const_cast<char*>(a.c_str()));
    }
    child.push_back(nullptr);
    std::cout.flush();
    execv(program.c_str(), child.data());
    std::cerr << "headwave-cli: cannot start '" << program
              << "', which draws the figures; build it (it is part of the desktop app's build) "
                 "or reinstall Headwave.\n";
    return 1;
}

}  // namespace

void addFigures(CLI::App& app, std::vector<Command>& commands) {
    auto f = std::make_shared<Figures>();
    CLI::App* c = app.add_subcommand("figures", FiguresOptions::kDescription);
    c->footer(std::string(FiguresOptions::kFooter) + "\nDrawn by headwave-figures(1).");
    f->options.add(*c);
    // The arguments are passed on as parsed: headwave-figures parses them with the same
    // definitions.
    commands.push_back(
        {c, [f, c] {
             f->arguments.clear();
             for (const CLI::Option* o : c->get_options()) {
                 if (o->count() == 0 || o == c->get_help_ptr()) {
                     continue;
                 }
                 const bool positional = o->get_lnames().empty() && o->get_snames().empty();
                 const std::vector<std::string> values = o->results();
                 if (positional) {
                     f->arguments.insert(f->arguments.end(), values.begin(), values.end());
                 } else if (o->get_type_size() == 0) {
                     f->arguments.push_back("--" + o->get_lnames().front());
                 } else {
                     for (const std::string& v : values) {
                         f->arguments.push_back("--" + o->get_lnames().front());
                         f->arguments.push_back(v);
                     }
                 }
             }
             return run(*f);
         }});
}

}  // namespace headwave::cli
