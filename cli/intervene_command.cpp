// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli intervene: ablate or band-filter heads inside the forward and measure the
// next-token NLL the model loses (Session::intervene, Session::sweep; docs/method.md,
// "Interventions").
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/dsp/dwt.h"
#include "headwave/run/session.h"
#include "interrupt.h"
#include "options.h"
#include "progress_bar.h"

namespace headwave::cli {

namespace {

struct InterveneOptions {
    std::string model;
    TextOptions input;
    std::string corpus;
    int sequences = 50;
    int minTokens = 64;
    int maxTokens = 256;
    std::string ablate, meanAblate, bandFilter;
    std::string sweep;
    std::string meanCorpus;
    bool json = false;
    std::string out;
    bool force = false;
    bool quiet = false;
    int threads = 0;
    MethodOptions method;
};

int run(const InterveneOptions& o) {
    MethodSettings settings;
    if (Status s = o.method.apply(settings); !s) {
        return fail(s.error());
    }
    const bool haveIds = o.input.idsOption->count() > 0;
    const int inputs = (o.input.given() ? 1 : 0) + (haveIds ? 1 : 0) + (o.corpus.empty() ? 0 : 1);
    if (inputs != 1) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Give the input once: --text STRING, --text-file PATH, --ids 1,2,3 "
                              "or --corpus PATH."));
    }
    if (!o.sweep.empty() && o.sweep != "heads") {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "--sweep takes 'heads' (every head alone); got '" + o.sweep + "'."));
    }
    if (!o.out.empty() && !o.force && std::filesystem::exists(o.out)) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "'" + o.out + "' already exists; use --force to replace it."));
    }
    SessionOptions options;
    options.threads = o.threads;
    Session session(options);
    InterruptGuard& interrupt = *InterruptGuard::global();
    if (auto card = session.openModel(o.model, interrupt.token(), {}, !haveIds); !card) {
        return fail(card.error());
    }
    printWarnings(session.modelCard()->info.warnings);
    std::vector<std::vector<int>> sequences;
    if (!o.corpus.empty()) {
        auto ids =
            session.corpusIds(o.corpus, o.sequences, o.minTokens, o.maxTokens, interrupt.token());
        if (!ids) {
            return fail(ids.error());
        }
        sequences = std::move(ids).value();
    } else {
        Result<TokenizedText> text = makeError(ErrorCode::Internal, "no input");
        if (haveIds) {
            auto ids = parseIntegers("--ids", o.input.ids);
            if (!ids) {
                return fail(ids.error());
            }
            text = session.fromIds(ids.value());
        } else {
            auto read = o.input.read();
            if (!read) {
                return fail(read.error());
            }
            text = session.tokenize(read.value(), !o.input.noSpecial);
        }
        if (!text) {
            return fail(text.error());
        }
        sequences.push_back(text->ids());
    }
    std::size_t shortest = sequences.front().size();
    for (const auto& s : sequences) {
        shortest = std::min(shortest, s.size());
    }
    auto level = resolveWaveletLevel(settings, static_cast<int>(shortest));
    const int J = level ? level.value() : dwtMaxLevel(static_cast<int>(shortest));
    const ModelConfig& config = session.modelCard()->config;

    // Mean ablation's reference: --mean-corpus, else the corpus itself, else the text.
    std::shared_ptr<const HeadMeans> means;
    auto needMeans = [&]() -> Status {
        const std::string& reference = !o.meanCorpus.empty() ? o.meanCorpus : o.corpus;
        if (!reference.empty()) {
            auto m = session.headMeans(reference, o.sequences, o.minTokens, o.maxTokens,
                                       interrupt.token());
            if (!m) {
                return m.error();
            }
            means = m.value();
            return {};
        }
        auto m = meanHeadOutputs(*session.model(), sequences, interrupt.token());
        if (!m) {
            return m.error();
        }
        means = std::make_shared<const HeadMeans>(std::move(m).value());
        return {};
    };

    ProgressBar bar(o.quiet || o.json);
    nlohmann::json j;
    j["model"] = session.modelCard()->info.name;
    j["sequences"] = sequences.size();
    j["level"] = J;
    if (o.sweep == "heads") {
        InterventionKind kind = InterventionKind::ZeroAblate;
        std::set<int> scales;
        if (!o.meanAblate.empty()) {
            kind = InterventionKind::MeanAblate;
        } else if (!o.bandFilter.empty()) {
            kind = InterventionKind::BandFilter;
            auto spec = parseInterventions("", "", "0:0=" + o.bandFilter, config, J);
            if (!spec) {
                return fail(spec.error());
            }
            scales = spec->heads.front().scales;
        }
        if (kind == InterventionKind::MeanAblate) {
            if (Status s = needMeans(); !s) {
                return fail(s.error());
            }
        }
        auto r = session.sweep(sequences, kind, scales, settings, means.get(), true,
                               interrupt.token(), [&](const Progress& p) { bar.show(p, "layer"); });
        bar.finish();
        if (!r) {
            return fail(r.error());
        }
        j["baseline_nll"] = r->baselineNll;
        j["sweep"] = kind == InterventionKind::ZeroAblate   ? "zero"
                     : kind == InterventionKind::MeanAblate ? "mean"
                                                            : "band-filter";
        j["delta_nll"] = r->delta;
        j["delta_nll_local"] = r->deltaLocal;
        j["delta_nll_global"] = r->deltaGlobal;
        j["local_positions"] = r->localPositions;
        j["global_positions"] = r->globalPositions;
        j["local_window"] = settings.localWindow;
        if (!o.out.empty()) {
            std::ostringstream csv;
            csv << "layer,head,delta_nll,delta_nll_local,delta_nll_global\n";
            csv.precision(17);
            for (std::size_t l = 0; l < r->delta.size(); ++l) {
                for (std::size_t h = 0; h < r->delta[l].size(); ++h) {
                    csv << l << ',' << h << ',' << r->delta[l][h] << ',' << r->deltaLocal[l][h]
                        << ',' << r->deltaGlobal[l][h] << '\n';
                }
            }
            const std::string text = csv.str();
            if (Status s = writeFileAtomically(
                    o.out, [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
                !s) {
                return fail(s.error());
            }
        }
        if (o.json) {
            std::cout << j.dump() << '\n';
        } else {
            std::printf(
                "%s: baseline NLL %.6f nats over %zu sequences; Delta NLL per head "
                "(rows = layers):\n",
                session.modelCard()->info.name.c_str(), r->baselineNll, sequences.size());
            for (const auto& row : r->delta) {
                for (double v : row) {
                    std::printf(" %+.4f", v);
                }
                std::printf("\n");
            }
        }
        return kExitOk;
    }
    auto spec = parseInterventions(o.ablate, o.meanAblate, o.bandFilter, config, J);
    if (!spec) {
        return fail(spec.error());
    }
    if (spec->needsMeans()) {
        if (Status s = needMeans(); !s) {
            return fail(s.error());
        }
    }
    auto r = session.intervene(sequences, spec.value(), settings, means.get(), interrupt.token(),
                               [&](const Progress& p) { bar.show(p, "sequence"); });
    bar.finish();
    if (!r) {
        return fail(r.error());
    }
    j["baseline_nll"] = r->baselineNll;
    j["intervened_nll"] = r->intervenedNll;
    j["delta_nll"] = r->intervenedNll - r->baselineNll;
    j["baseline"] = r->baseline;
    j["intervened"] = r->intervened;
    nlohmann::json buckets = nlohmann::json::object();
    for (const auto& b : r->buckets) {
        buckets[b.name] = {{"positions", b.positions}, {"mean_delta_nll", b.meanDelta}};
    }
    j["buckets"] = buckets;
    j["local_window"] = settings.localWindow;
    nlohmann::json changes = nlohmann::json::array();
    for (const PredictionChange& c : r->topChanges) {
        changes.push_back({{"sequence", c.sequence},
                           {"position", c.position},
                           {"token", c.token},
                           {"p_before", c.before},
                           {"p_after", c.after}});
    }
    j["top_changes"] = changes;
    if (!o.out.empty()) {
        const std::string text = j.dump(1) + "\n";
        if (Status s = writeFileAtomically(
                o.out, [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
            !s) {
            return fail(s.error());
        }
    }
    if (o.json) {
        std::cout << j.dump() << '\n';
        return kExitOk;
    }
    std::printf("%s: next-token NLL %.6f -> %.6f nats (Delta %+.6f) over %zu sequences\n",
                session.modelCard()->info.name.c_str(), r->baselineNll, r->intervenedNll,
                r->intervenedNll - r->baselineNll, sequences.size());
    for (const auto& b : r->buckets) {
        std::printf("  evidence %-6s %6d positions, mean Delta NLL %+.6f\n", b.name.c_str(),
                    b.positions, b.meanDelta);
    }
    return kExitOk;
}

}  // namespace

void addIntervene(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<InterveneOptions>();
    CLI::App* c = app.add_subcommand(
        "intervene", "Ablate or band-filter heads inside the forward; the next-token NLL lost.");
    c->footer(
        "Heads are LAYER:HEAD (0-based), comma-separated; LAYER:* is every head of a layer.\n"
        "--band-filter L:H,...=SCALES zeroes db2 scales of each query row of the heads' attention\n"
        "(cA, cDk with 1 = finest, cDa-cDb, details) and renormalises. NLL in nats, mean over\n"
        "every predicted position (docs/method.md, \"Interventions\"). --sweep heads runs every\n"
        "head alone (zero ablation, or the kind of --mean-ablate / --band-filter=SCALES given\n"
        "with any head) and prints the [layers, heads] Delta NLL map; --out writes it as CSV.\n"
        "Needs a causal language model.");
    c->add_option("-m,--model", o->model,
                  "the model folder, or a Hugging Face id org/name[@revision] from the local cache")
        ->type_name("DIR|ID")
        ->required();
    o->input.add(*c, /*ids=*/true, /*special=*/true);
    c->add_option("-c,--corpus", o->corpus, "a corpus (text, .jsonl) packed into sequences")
        ->type_name("PATH");
    c->add_option("--sequences", o->sequences, "sequences of the corpus")
        ->type_name("N")
        ->check(wholeNumber(1, 1000000))
        ->capture_default_str();
    c->add_option("--min-tokens", o->minTokens, "tokens per corpus sequence, at least")
        ->type_name("N")
        ->check(wholeNumber(2, 1 << 20))
        ->capture_default_str();
    c->add_option("--max-tokens", o->maxTokens, "tokens per corpus sequence, at most")
        ->type_name("N")
        ->check(wholeNumber(2, 1 << 20))
        ->capture_default_str();
    c->add_option("--ablate", o->ablate, "heads whose output is set to 0")->type_name("L:H,...");
    c->add_option("--mean-ablate", o->meanAblate,
                  "heads whose output is replaced by its mean over a reference corpus")
        ->type_name("L:H,...");
    c->add_option("--mean-corpus", o->meanCorpus,
                  "the reference corpus of --mean-ablate (default: --corpus, else the text)")
        ->type_name("PATH");
    c->add_option("--band-filter", o->bandFilter,
                  "heads whose attention rows lose these db2 scales")
        ->type_name("L:H,...=SCALES");
    c->add_option("--sweep", o->sweep, "every head alone: 'heads'")->type_name("heads");
    c->add_flag("--json", o->json, "one JSON object on standard output");
    c->add_option("-o,--out", o->out, "also write the result (JSON; the sweep as CSV)")
        ->type_name("FILE");
    c->add_flag("-f,--force", o->force, "replace an existing --out file");
    c->add_flag("-q,--quiet", o->quiet, "no progress bar");
    c->add_option("-j,--threads", o->threads, "cores (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    o->method.add(*c, /*alphas=*/false);
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
