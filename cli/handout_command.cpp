// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli handout: runs the app, installed beside headwave-cli, as `headwave --lesson LESSON
// --handout OUT` (offscreen when there is no display), which applies every step of the lesson and
// draws its figures with Qt (so headwave-cli itself links no Qt). docs/lessons.md, "Handouts".
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"

namespace headwave::cli {

namespace {

struct Handout {
    std::string lesson;
    std::string out;
};

int run(const Handout& h) {
    std::string self(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", self.data(), self.size() - 1);
    self.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    const std::string program = self.substr(0, self.rfind('/') + 1) + "headwave";
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
        setenv("QT_QPA_PLATFORM", "offscreen", 0);  // a server, a batch job: no window needed
    }
    std::vector<std::string> arguments{program, "--lesson", h.lesson, "--handout", h.out};
    std::vector<char*> child;
    for (std::string& a : arguments) {
        child.push_back(a.data());
    }
    child.push_back(nullptr);
    std::cout.flush();
    execv(program.c_str(), child.data());
    std::cerr << "headwave-cli: cannot start '" << program
              << "', which draws the handout; build it (the desktop app) or reinstall Headwave.\n";
    return 1;
}

}  // namespace

void addHandout(CLI::App& app, std::vector<Command>& commands) {
    auto h = std::make_shared<Handout>();
    CLI::App* c = app.add_subcommand(
        "handout",
        "Write a lesson's handout: a PDF with a page per step, its figure (the emphasised view "
        "through the figure export) and its explanation and question (docs/lessons.md).");
    c->add_option("lesson", h->lesson, "The lesson file (JSON, format headwave-lesson).")
        ->required()
        ->type_name("LESSON");
    c->add_option("-o,--out", h->out, "The PDF to write (replaced atomically).")
        ->required()
        ->type_name("FILE");
    c->footer(
        "Example:\n  headwave-cli handout resources/lessons/en/02-bands.json --out bands.pdf\n"
        "Drawn by headwave(1), offscreen when there is no display.");
    commands.push_back({c, [h] { return run(*h); }});
}

}  // namespace headwave::cli
