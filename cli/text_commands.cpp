// headwave-cli analyze --text / --text-file and headwave-cli rescale: one text, analysed and
// rescaled by the engine's session exactly as the app does it (the same results file as the app's
// Save results, the same S(alpha) as its rescaling view).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.h"
#include "commands.h"
#include "headwave/run/session.h"
#include "interrupt.h"
#include "model_input.h"

namespace headwave::cli {

namespace {

namespace fs = std::filesystem;

const char* kRescaleHelp =
    "Usage: headwave-cli rescale --model DIR (--text STRING | --text-file PATH) --head L:H\n"
    "                            [--alpha A] [--json] [method options]\n"
    "\n"
    "The rescaling experiment of one head, as the app's rescaling slider shows it: the model is\n"
    "run again on the text subsampled by alpha (--subsampling strided|prefix), the head's profile\n"
    "is stretched back to the text's length, and both are decomposed with db2 to give the scale\n"
    "sensitivity S(alpha) = 1 - cos(c, c_alpha) (docs/method.md). Prints S(alpha), the original\n"
    "and the stretched profiles; --json prints one JSON object instead.\n"
    "\n"
    "Options:\n"
    "  --model DIR               model folder (config.json, model.safetensors, tokenizer)\n"
    "  --text STRING             the text\n"
    "  --text-file PATH          the text from a file ('-' for standard input)\n"
    "  --head L:H                the head: layer L, head H (0-based)\n"
    "  --alpha A                 the rescaling factor in (0, 1] (default 0.5)\n"
    "  --json                    one JSON object on standard output\n"
    "  --threads N               cores (default: all; a short text runs on one, as in the app)\n"
    "\n";

int fail(const Error& e) {
    std::cerr << "headwave-cli: " << e.message << '\n';
    if (!e.detail.empty()) {
        std::cerr << "  detail: " << e.detail << '\n';
    }
    return e.code == ErrorCode::Cancelled         ? kExitInterrupted
           : e.code == ErrorCode::InvalidArgument ? kExitUsage
                                                  : kExitFailure;
}

Result<HeadRef> parseHead(const std::string& text) {
    HeadRef h;
    char colon = 0;
    std::istringstream in(text);
    if (!(in >> h.layer >> colon >> h.head) || colon != ':' || h.layer < 0 || h.head < 0 ||
        in.peek() != std::char_traits<char>::eof()) {
        return makeError(ErrorCode::InvalidArgument,
                         "--head takes LAYER:HEAD (e.g. 2:5, both 0-based); got '" + text + "'.");
    }
    return h;
}

// The session with the model of --model and the analysed text of --text / --text-file.
struct AnalysedText {
    std::unique_ptr<Session> session;
    AnalysisPtr analysis;
};

Result<AnalysedText> analyseText(const Arguments& args, const SessionOptions& options,
                                 const MethodSettings& settings, std::stop_token stop) {
    AnalysedText out;
    out.session = std::make_unique<Session>(options);
    if (auto card = out.session->openModel(args.value("model"), stop); !card) {
        return card.error();
    }
    auto text = readTextOption(args);
    if (!text) {
        return text.error();
    }
    auto analysis = out.session->analyzeText(text.value(), settings, stop);
    if (!analysis) {
        return analysis.error();
    }
    for (const Warning& w : (*analysis)->warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    out.analysis = std::move(analysis).value();
    return out;
}

void printProfile(const char* name, const std::vector<double>& values) {
    std::printf("%s:", name);
    for (double v : values) {
        std::printf(" %.17g", v);
    }
    std::printf("\n");
}

}  // namespace

int analyzeTextCommand(const Arguments& args, const RunSettings& settings, const std::string& out) {
    for (const char* corpusOnly :
         {"corpus", "sequences", "min-tokens", "max-tokens", "corpus-format", "sample", "seed",
          "shard", "keep-heads", "keep-sequences", "sequence-workers"}) {
        if (args.has(corpusOnly)) {
            return fail(makeError(ErrorCode::InvalidArgument,
                                  std::string("--") + corpusOnly +
                                      " applies to corpus runs (--corpus); --text analyses one "
                                      "text."));
        }
    }
    SessionOptions options;
    options.threads = settings.threads;
    options.checks = settings.checks;
    InterruptGuard& interrupt = *InterruptGuard::global();
    auto text = analyseText(args, options, settings.method, interrupt.token());
    if (!text) {
        return fail(text.error());
    }
    Status saved =
        text->session->saveResults(*text->analysis, out, std::nullopt, interrupt.token());
    if (!saved) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no results file was written.\n";
            return kExitInterrupted;
        }
        return fail(saved.error());
    }
    const SequenceMetrics& m = *text->analysis->metrics;
    std::printf("%s: 1 text of %d tokens, %d layers x %d heads, J = %d -> %s\n",
                text->analysis->sourceName.c_str(), m.shape.tokens, m.shape.layers, m.shape.heads,
                m.level, out.c_str());
    return kExitOk;
}

int rescaleCommand(const std::vector<std::string>& argv) {
    std::set<std::string> valued = methodOptionNames();
    valued.insert({"model", "text", "text-file", "head", "alpha", "threads"});
    auto parsed = Arguments::parse(argv, valued, {"help", "json"});
    if (!parsed) {
        std::cerr << "headwave-cli rescale: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const Arguments& args = parsed.value();
    if (args.has("help")) {
        std::cout << kRescaleHelp << methodOptionsHelp();
        return kExitOk;
    }
    if (!args.has("model") || !args.has("head")) {
        std::cerr << "headwave-cli rescale: --model, --text (or --text-file) and --head are "
                     "required.\n\n"
                  << kRescaleHelp;
        return kExitUsage;
    }
    MethodSettings settings;
    if (Status s = applyMethodOptions(args, settings); !s) {
        return fail(s.error());
    }
    auto head = parseHead(args.value("head"));
    if (!head) {
        return fail(head.error());
    }
    auto alpha = args.doubleValue("alpha", 0.5);
    if (!alpha) {
        return fail(alpha.error());
    }
    auto threads = args.intValue("threads", 0, 0, 1024);
    if (!threads) {
        return fail(threads.error());
    }
    SessionOptions options;
    options.threads = threads.value();
    InterruptGuard& interrupt = *InterruptGuard::global();
    auto text = analyseText(args, options, settings, interrupt.token());
    if (!text) {
        return fail(text.error());
    }
    auto r = text->session->rescale(*text->analysis, head->layer, head->head, alpha.value(),
                                    interrupt.token());
    if (!r) {
        return fail(r.error());
    }
    const RescaleSnapshot& s = **r;
    if (args.has("json")) {
        nlohmann::json j;
        j["model"] = text->analysis->sourceName;
        j["layer"] = s.layer;
        j["head"] = s.head;
        j["alpha"] = s.alpha;
        j["tokens"] = s.tokens;
        j["subsampled_tokens"] = s.subsampledTokens;
        j["level"] = text->analysis->metrics->level;
        j["subsampling"] = toString(settings.subsampling);
        j["sensitivity"] = s.sensitivity;
        j["original"] = s.original;
        j["stretched"] = s.stretched;
        std::cout << j.dump() << '\n';
        return kExitOk;
    }
    std::printf("%s, layer %d head %d: S(%g) = %.17g (%d of %d tokens, %s, J = %d)\n",
                text->analysis->sourceName.c_str(), s.layer, s.head, s.alpha, s.sensitivity,
                s.subsampledTokens, s.tokens, toString(settings.subsampling),
                text->analysis->metrics->level);
    printProfile("original", s.original);
    printProfile("stretched", s.stretched);
    return kExitOk;
}

}  // namespace headwave::cli
