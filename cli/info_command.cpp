// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli info --model DIR: the model card, as text or JSON.
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

struct InfoOptions {
    std::string model;
    bool json = false;
};

int run(const InfoOptions& o) {
    Session session;
    auto card = session.openModel(o.model, InterruptGuard::global()->token(), {},
                                  /*requireTokenizer=*/false);
    if (!card) {
        return fail(card.error());
    }
    const ModelConfig& c = (*card)->config;
    const ModelInfo& i = (*card)->info;
    if (o.json) {
        nlohmann::json j;
        j["model"] = i.name;
        j["folder"] = (*card)->dir;
        j["source"] = (*card)->source;
        j["architecture"] = toString(c.architecture);
        j["model_type"] = c.modelType;
        j["layers"] = c.layers;
        j["heads"] = c.heads;
        j["kv_heads"] = c.kvHeads;
        j["head_dim"] = c.headDim;
        j["hidden"] = c.hidden;
        j["parameters"] = i.parameters;
        j["stored_dtype"] = i.storedDtype;
        j["file_bytes"] = i.fileBytes;
        j["positional"] = toString(c.positional);
        j["causal"] = c.causal;
        j["context"] = c.maxPositions;
        j["vocab"] = c.vocab;
        j["config_hash"] = i.configHash;
        if ((*card)->tokenizerKind.empty()) {
            j["tokenizer"] = nullptr;
            j["tokenizer_problem"] = (*card)->tokenizerProblem;
        } else {
            j["tokenizer"] = {{"kind", (*card)->tokenizerKind},
                              {"tokens", (*card)->tokenizerVocab}};
        }
        j["warnings"] = warningTexts(i.warnings);
        std::cout << j.dump(2) << '\n';
        return kExitOk;
    }
    std::printf("model:        %s\n", i.name.c_str());
    if ((*card)->source != (*card)->dir) {
        std::printf("folder:       %s\n", (*card)->dir.c_str());
    }
    std::printf("architecture: %s\n", toString(c.architecture));
    std::printf("layers:       %d\n", c.layers);
    std::printf("heads:        %d query, %d key/value (head dim %d)\n", c.heads, c.kvHeads,
                c.headDim);
    std::printf("parameters:   %.3f M\n", static_cast<double>(i.parameters) / 1e6);
    std::printf("stored as:    %s (%.1f MB)\n", i.storedDtype.c_str(),
                static_cast<double>(i.fileBytes) / 1e6);
    std::printf("positional:   %s\n", toString(c.positional));
    std::printf("attention:    %s\n", c.causal ? "causal" : "bidirectional");
    std::printf("context:      %d tokens\n", c.maxPositions);
    if (!(*card)->tokenizerKind.empty()) {
        std::printf("tokenizer:    %s, %d tokens\n", (*card)->tokenizerKind.c_str(),
                    (*card)->tokenizerVocab);
    } else {
        std::printf("tokenizer:    none (%s)\n", (*card)->tokenizerProblem.c_str());
    }
    for (const Warning& w : i.warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    return kExitOk;
}

}  // namespace

void addInfo(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<InfoOptions>();
    CLI::App* c = app.add_subcommand(
        "info",
        "The model card: architecture, layers, heads, parameters, dtype, positional "
        "scheme, context, tokenizer.");
    c->add_option("-m,--model", o->model,
                  "the model folder, or a Hugging Face id org/name[@revision] from the local cache")
        ->type_name("DIR|ID")
        ->required();
    c->add_flag("--json", o->json, "one JSON object on standard output");
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
