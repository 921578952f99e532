// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli rescale: the rescaling experiment of one head of a text, as the app's rescaling view
// shows it (Session::rescale: the same S(alpha) as a saved text or a corpus run holds).
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "headwave/run/session.h"
#include "interrupt.h"
#include "options.h"

namespace headwave::cli {

namespace {

struct RescaleOptions {
    std::string model;
    TextOptions text;
    std::string head;
    double alpha = 0.5;
    bool json = false;
    int threads = 0;
    MethodOptions method;
};

void printProfile(const char* name, const std::vector<double>& values) {
    std::printf("%s:", name);
    for (double v : values) {
        std::printf(" %.17g", v);
    }
    std::printf("\n");
}

int run(const RescaleOptions& o) {
    MethodSettings settings;
    if (Status s = o.method.apply(settings); !s) {
        return fail(s.error());
    }
    auto heads = parseHeads("--head", o.head);
    if (!heads) {
        return fail(heads.error());
    }
    if (heads->size() != 1) {
        return fail(makeError(
            ErrorCode::InvalidArgument,
            "--head takes one LAYER:HEAD (e.g. 2:5, both 0-based); got '" + o.head + "'."));
    }
    const HeadRef head = heads->front();
    SessionOptions options;
    options.threads = o.threads;
    Session session(options);
    InterruptGuard& interrupt = *InterruptGuard::global();
    if (auto card = session.openModel(o.model, interrupt.token()); !card) {
        return fail(card.error());
    }
    printWarnings(session.modelCard()->info.warnings);
    auto text = o.text.read();
    if (!text) {
        return fail(text.error());
    }
    auto analysis = session.analyzeText(text.value(), settings, interrupt.token());
    if (!analysis) {
        return fail(analysis.error());
    }
    for (const Warning& w : (*analysis)->warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    auto r = session.rescale(**analysis, head.layer, head.head, o.alpha, interrupt.token());
    if (!r) {
        return fail(r.error());
    }
    const RescaleSnapshot& s = **r;
    const int level = (*analysis)->metrics->level;
    if (o.json) {
        nlohmann::json j;
        j["model"] = (*analysis)->sourceName;
        j["layer"] = s.layer;
        j["head"] = s.head;
        j["alpha"] = s.alpha;
        j["tokens"] = s.tokens;
        j["subsampled_tokens"] = s.subsampledTokens;
        j["level"] = level;
        j["subsampling"] = toString(settings.subsampling);
        j["sensitivity"] = s.sensitivity;
        j["original"] = s.original;
        j["stretched"] = s.stretched;
        std::cout << j.dump() << '\n';
        return kExitOk;
    }
    std::printf("%s, layer %d head %d: S(%g) = %.17g (%d of %d tokens, %s, J = %d)\n",
                (*analysis)->sourceName.c_str(), s.layer, s.head, s.alpha, s.sensitivity,
                s.subsampledTokens, s.tokens, toString(settings.subsampling), level);
    printProfile("original", s.original);
    printProfile("stretched", s.stretched);
    return kExitOk;
}

}  // namespace

void addRescale(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<RescaleOptions>();
    CLI::App* c = app.add_subcommand("rescale",
                                     "The rescaling experiment of one head, as the app's "
                                     "rescaling view shows it.");
    c->footer(
        "The model is run again on the text subsampled by alpha (--subsampling strided|prefix),\n"
        "the head's profile is stretched back to the text's length, and both are decomposed with\n"
        "db2 to give the scale sensitivity S(alpha) = 1 - cos(c, c_alpha) (docs/method.md).\n"
        "Prints S(alpha), the original and the stretched profiles; --json prints one JSON object\n"
        "instead.");
    c->add_option("-m,--model", o->model,
                  "the model folder, or a Hugging Face id org/name[@revision] from the local cache")
        ->type_name("DIR|ID")
        ->required();
    o->text.add(*c);
    c->add_option("--head", o->head, "the head: layer L, head H (both 0-based)")
        ->type_name("L:H")
        ->required();
    c->add_option("-a,--alpha", o->alpha, "the rescaling factor in (0, 1]")
        ->type_name("A")
        ->capture_default_str();
    c->add_flag("--json", o->json, "one JSON object on standard output");
    c->add_option("-j,--threads", o->threads, "cores (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    o->method.add(*c, /*alphas=*/false);
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
