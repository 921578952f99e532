// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_app.h"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <utility>

#include "commands.h"
#include "figures_options.h"
#include "headwave/core/error.h"
#include "validators.h"

namespace headwave::cli {

namespace {

const char* kVersionLine = "headwave-cli " HEADWAVE_VERSION;

// Every command but the hidden generator, in definition order.
std::vector<const CLI::App*> visibleCommands(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (!c->get_group().empty()) {
            out.push_back(c);
        }
    }
    return out;
}

// The options of a command as the user sees them (the help flag and positionals apart).
std::vector<const CLI::Option*> namedOptions(const CLI::App& c) {
    std::vector<const CLI::Option*> out;
    for (const CLI::Option* o : c.get_options()) {
        if ((!o->get_lnames().empty() || !o->get_snames().empty()) && o != c.get_help_ptr() &&
            o != c.get_version_ptr()) {
            out.push_back(o);
        }
    }
    return out;
}

std::vector<const CLI::Option*> positionals(const CLI::App& c) {
    std::vector<const CLI::Option*> out;
    for (const CLI::Option* o : c.get_options()) {
        if (o->get_lnames().empty() && o->get_snames().empty()) {
            out.push_back(o);
        }
    }
    return out;
}

// "-m, --model".
std::string optionNames(const CLI::Option& o) {
    std::string names;
    for (const std::string& s : o.get_snames()) {
        names += (names.empty() ? "-" : ", -") + s;
    }
    for (const std::string& l : o.get_lnames()) {
        names += (names.empty() ? "--" : ", --") + l;
    }
    return names;
}

bool takesValue(const CLI::Option& o) {
    return o.get_type_size() != 0;
}

// The value's name without CLI11's decorations ("DIR", "mean|last|rows").
std::string valueName(const CLI::Option& o) {
    std::string t = o.get_type_name();
    const auto space = t.find(' ');  // validators append " [a - b]"
    return space == std::string::npos ? t : t.substr(0, space);
}

std::string positionalName(const CLI::Option& o) {
    std::string name = valueName(o);
    if (name.empty()) {
        name = o.get_name();
    }
    return o.get_expected_max() > 1 ? name + "..." : name;
}

// ---- roff -----------------------------------------------------------------------------------

std::string roff(const std::string& text) {
    std::string out;
    bool lineStart = true;
    for (char c : text) {
        if (lineStart && (c == '.' || c == '\'')) {
            out += "\\&";
        }
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
        lineStart = c == '\n';
    }
    return out;
}

void manOptions(std::ostringstream& m, const CLI::App& c) {
    for (const CLI::Option* o : namedOptions(c)) {
        if (takesValue(*o)) {
            m << ".TP\n.BI \"" << roff(optionNames(*o)) << " \" \"" << roff(valueName(*o)) << "\"";
        } else {
            m << ".TP\n.B " << roff(optionNames(*o));
        }
        m << "\n" << roff(o->get_description());
        if (o->get_required()) {
            m << " (required)";
        } else if (!o->get_default_str().empty() && takesValue(*o)) {
            m << " (default " << roff(o->get_default_str()) << ")";
        }
        m << ".\n";
    }
}

// program: "headwave-cli analyze" or "headwave-figures".
void manSynopsisLine(std::ostringstream& m, const std::string& program, const CLI::App& c) {
    m << ".B " << program << "\n";
    for (const CLI::Option* o : namedOptions(c)) {
        if (o->get_required()) {
            m << ".B "
              << roff(o->get_lnames().empty() ? "-" + o->get_snames().front()
                                              : "--" + o->get_lnames().front())
              << "\n.I " << roff(valueName(*o)) << "\n";
        }
    }
    m << ".RI [ options ]\n";
    for (const CLI::Option* p : positionals(c)) {
        m << ".I " << roff(positionalName(*p)) << "\n";
    }
}

const char* kManDescription = R"(.B headwave-cli
computes, without a display, every number of the Headwave desktop app: for each attention head
of a transformer model, the attention profile, its Hann-windowed power spectrum and the shares
of the low, mid and high frequency bands, spectral selectivity, positional and spectral entropy,
the Daubechies-2 wavelet decomposition with wavelet and window entropies, local share,
reconstruction error and scale sensitivity under sequence rescaling; over a corpus, per-head
means and spreads and the position\(enspectrum correlation rho (Ruscio, Nanni and Silvestri,
ACL 2025). Models are Hugging Face folders on local disk; nothing is downloaded. The same engine
runs the app, so a text analysed here gives the numbers the app shows.
.PP
Every option and every output column is defined, with its formula and unit, in
/usr/share/doc/headwave/docs/method.md. Each command prints its options with
.BR \-\-help ;
this page, the help and the options reference of command-line.md are generated from the same
definitions.
)";

const char* kManTail = R"(.SH ENVIRONMENT
.TP
.B HEADWAVE_SPM_SHIM
path of libheadwave_spm.so, the SentencePiece loader for tokenizer.model files.
.TP
.B OMP_WAIT_POLICY
.B train
sets it to PASSIVE for itself unless it is set (OpenMP's spinning slows training on a busy
machine).
.SH EXAMPLES
.nf
headwave-cli info --model pythia-160m
headwave-cli analyze --model pythia-160m --corpus wiki.txt --sequences 500 \e
    --min-tokens 128 --max-tokens 512 --out pythia.hwrun
headwave-cli analyze --model pythia-160m --text "Once upon a time" --out text.hwrun
headwave-cli rescale --model pythia-160m --text-file story.txt --head 3:5 --alpha 0.5
headwave-cli report pythia.hwrun
headwave-cli figures pythia.hwrun --out figures --format pdf,png --dpi 300
.fi
.SH SEE ALSO
.BR headwave (1),
.BR headwave-figures (1);
the user guide, the command line and the method (docs/user-guide.md, docs/command-line.md,
docs/method.md) in /usr/share/doc/headwave.
)";

// The exit status of each error class, the same for every command and front end (error.h).
std::vector<std::pair<ErrorClass, const char*>> exitClasses() {
    return {
        {ErrorClass::Failure,
         "an input could not be used (a missing, unreadable, damaged or unsupported file, "
         "attention that is not post-softmax, a corpus or text with nothing to analyse, runs that "
         "are not shards of one run, heads a run did not keep) or an output could not be "
         "written; the message says which and what to do"},
        {ErrorClass::Usage,
         "a usage error: an unknown command or option, a missing or malformed value, a setting "
         "out of its range, options that exclude each other, an output that exists without "
         "--force"},
        {ErrorClass::OutOfMemory, "not enough memory for the model, the text or the run"},
        {ErrorClass::Internal, "an internal error (a bug: please report it with the message)"},
        {ErrorClass::Interrupted,
         "interrupted (Ctrl-C or SIGTERM): nothing half-written is left; a second Ctrl-C ends at "
         "once"},
    };
}

void manExitStatus(std::ostringstream& m) {
    m << ".SH EXIT STATUS\nThe same in every command (and for every front end's errors):\n";
    m << ".TP\n.B 0\nsuccess.\n";
    for (const auto& [cls, text] : exitClasses()) {
        m << ".TP\n.B " << exitStatus(cls) << "\n" << roff(text) << ".\n";
    }
}

// ---- markdown ------------------------------------------------------------------------------

std::string mdCell(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string codeNames(const CLI::Option& o) {
    std::string names;
    for (const std::string& s : o.get_snames()) {
        names += (names.empty() ? "`-" : ", `-") + s + "`";
    }
    for (const std::string& l : o.get_lnames()) {
        names += (names.empty() ? "`--" : ", `--") + l + "`";
    }
    return names;
}

}  // namespace

CliDefinition makeCli() {
    CliDefinition d;
    d.app = std::make_unique<CLI::App>(
        "Frequency and wavelet analysis of attention heads: the engine of Headwave, without a "
        "display.",
        "headwave-cli");
    CLI::App& app = *d.app;
    configureApp(app);
    app.set_version_flag("-V,--version", kVersionLine, "print the version and exit");
    app.footer(
        "Run 'headwave-cli COMMAND --help' for a command's options. Exit status: 0 success, 1 an\n"
        "input or output failed, 2 a usage error, 3 out of memory, 4 an internal error, 130\n"
        "interrupted. Documentation: docs/command-line.md, man headwave-cli.");
    addAnalyzeAttention(app, d.commands);
    addAttention(app, d.commands);
    addInfo(app, d.commands);
    addModels(app, d.commands);
    addRunCommands(app, d.commands);
    addHeads(app, d.commands);
    addRescale(app, d.commands);
    addIntervene(app, d.commands);
    addTrain(app, d.commands);
    addTimeline(app, d.commands);
    addFigures(app, d.commands);
    addHandout(app, d.commands);
    for (Command& c : d.commands) {
        configureApp(*c.app);
        c.app->group("Commands");
    }
    return d;
}

int reportParseError(const CLI::App& app, const CLI::ParseError& e) {
    if (e.get_exit_code() == 0 || e.get_name() == "CallForHelp" ||
        e.get_name() == "CallForAllHelp" || e.get_name() == "CallForVersion") {
        return const_cast<CLI::App&>(app).exit(e);
    }
    // The innermost command being parsed names the message.
    std::string where = "headwave-cli";
    for (const CLI::App* c : app.get_subcommands()) {
        where += " " + c->get_name();
    }
    std::string what = e.what();
    if (!what.empty() && what.back() != '.') {
        what += '.';
    }
    std::cerr << where << ": " << what << "\nRun '" << where << " --help' for the options.\n";
    return 2;
}

std::string manPage(const CLI::App& app) {
    std::ostringstream m;
    m << ".TH HEADWAVE-CLI 1 \"\" \"Headwave " HEADWAVE_VERSION "\" \"User Commands\"\n";
    m << ".\\\" Generated by `headwave-cli __generate man` from the command line's definitions.\n";
    m << ".SH NAME\nheadwave-cli \\- analyse how the attention heads of a language model handle "
         "position\n";
    m << ".SH SYNOPSIS\n.B headwave-cli\n.I command\n.RI [ options ]\n.br\n.B headwave-cli\n.I "
         "command\n.B \\-\\-help\n.br\n.B headwave-cli \\-\\-version\n";
    m << ".SH DESCRIPTION\n" << kManDescription;
    m << ".SH COMMANDS\n";
    for (const CLI::App* c : visibleCommands(app)) {
        m << ".SS " << c->get_name() << "\n";
        manSynopsisLine(m, "headwave-cli " + c->get_name(), *c);
        m << ".PP\n" << roff(c->get_description()) << "\n";
        if (!c->get_footer().empty()) {
            m << ".PP\n" << roff(c->get_footer()) << "\n";
        }
        manOptions(m, *c);
    }
    manExitStatus(m);
    m << kManTail;
    return m.str();
}

std::string figuresManPage() {
    CLI::App figures(FiguresOptions::kDescription, "headwave-figures");
    configureApp(figures);
    FiguresOptions options;
    options.add(figures);
    std::ostringstream m;
    m << ".TH HEADWAVE-FIGURES 1 \"\" \"Headwave " HEADWAVE_VERSION "\" \"User Commands\"\n";
    m << ".\\\" Generated by `headwave-cli __generate figures-man` from the options' definitions "
         "(cli/figures_options.h).\n";
    m << ".SH NAME\nheadwave-figures \\- the figure set of a Headwave results file, without a "
         "display\n";
    m << ".SH SYNOPSIS\n";
    manSynopsisLine(m, "headwave-figures", figures);
    m << ".br\n.B headwave-cli figures\n.RI [ options ]\n.I RUN\n";
    m << ".SH DESCRIPTION\n" << roff(FiguresOptions::kFooter) << "\n";
    m << ".SH OPTIONS\n";
    manOptions(m, figures);
    manExitStatus(m);
    m << ".SH SEE ALSO\n.BR headwave-cli (1),\n.BR headwave (1)\n";
    return m.str();
}

std::string bashCompletion(const CLI::App& app) {
    std::ostringstream b;
    b << "# bash completion for headwave-cli, generated by `headwave-cli __generate bash` from "
         "the\n"
         "# command line's definitions.\n";
    b << "_headwave_cli() {\n";
    b << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
    b << "    local commands=\"";
    std::string sep;
    for (const CLI::App* c : visibleCommands(app)) {
        b << sep << c->get_name();
        sep = " ";
    }
    b << "\"\n";
    b << "    if [[ $COMP_CWORD -eq 1 ]]; then\n";
    b << "        COMPREPLY=($(compgen -W \"$commands --help --version\" -- \"$cur\"))\n";
    b << "        return\n    fi\n";
    b << "    local opts=\"\"\n    case ${COMP_WORDS[1]} in\n";
    for (const CLI::App* c : visibleCommands(app)) {
        b << "    " << c->get_name() << ")\n";
        std::string opts;
        std::string values;
        for (const CLI::Option* o : namedOptions(*c)) {
            std::string names;
            for (const std::string& s : o->get_snames()) {
                names += (names.empty() ? "-" : " -") + s;
            }
            for (const std::string& l : o->get_lnames()) {
                names += (names.empty() ? "--" : " --") + l;
            }
            opts += (opts.empty() ? "" : " ") + names;
            // Enumerated values ("mean|last|rows") are completed after their option.
            const std::string v = valueName(*o);
            if (v.find('|') != std::string::npos && v.find('.') == std::string::npos) {
                std::string words = v;
                std::replace(words.begin(), words.end(), '|', ' ');
                std::string pattern = names;
                std::replace(pattern.begin(), pattern.end(), ' ', '|');
                values += "            " + pattern + ") COMPREPLY=($(compgen -W \"" + words +
                          "\" -- \"$cur\")); return ;;\n";
            }
        }
        b << "        opts=\"" << opts << "\"\n";
        if (!values.empty()) {
            b << "        case $prev in\n" << values << "        esac\n";
        }
        b << "        ;;\n";
    }
    b << "    esac\n";
    b << "    if [[ $cur == -* ]]; then\n";
    b << "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n";
    b << "    else\n";
    b << "        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    b << "    fi\n";
    b << "}\n";
    b << "complete -o filenames -F _headwave_cli headwave-cli\n";
    return b.str();
}

std::string optionsMarkdown(const CLI::App& app) {
    std::ostringstream md;
    md << "<!-- Generated by `headwave-cli __generate markdown` from the command line's "
          "definitions; the test docs.generated checks that this section equals it. -->\n\n";
    for (const CLI::App* c : visibleCommands(app)) {
        md << "### `headwave-cli " << c->get_name() << "`\n\n" << c->get_description() << "\n\n";
        std::string usage = "headwave-cli " + c->get_name();
        for (const CLI::Option* o : namedOptions(*c)) {
            if (o->get_required()) {
                usage += " " +
                         (o->get_lnames().empty() ? "-" + o->get_snames().front()
                                                  : "--" + o->get_lnames().front()) +
                         " " + valueName(*o);
            }
        }
        usage += " [options]";
        for (const CLI::Option* p : positionals(*c)) {
            usage += " " + positionalName(*p);
        }
        md << "```\n" << usage << "\n```\n\n";
        md << "| option | value | default | meaning |\n|---|---|---|---|\n";
        for (const CLI::Option* o : namedOptions(*c)) {
            const std::string def = o->get_required() ? "required"
                                    : !takesValue(*o) ? ""
                                                      : o->get_default_str();
            md << "| " << codeNames(*o) << " | " << mdCell(takesValue(*o) ? valueName(*o) : "")
               << " | " << mdCell(def) << " | " << mdCell(o->get_description()) << " |\n";
        }
        md << "\n";
    }
    md << "### Exit status\n\nThe same in every command, `headwave-figures` and the errors of "
          "every "
          "front end (the class of each error code: [errors.md](errors.md)).\n\n"
          "| status | class | meaning |\n|---|---|---|\n| 0 | | success |\n";
    for (const auto& [cls, text] : exitClasses()) {
        md << "| " << exitStatus(cls) << " | " << errorClassName(cls) << " | " << mdCell(text)
           << " |\n";
    }
    return md.str();
}

}  // namespace headwave::cli
