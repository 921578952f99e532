// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli attention: every layer's post-softmax attention of a model on one input, as .npy,
// so it can be checked against another implementation or taken to other tools. The pass is the
// session's (headwave/run/session.h), with the threads its analysis of the same text uses.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/token_sidecar.h"
#include "headwave/run/session.h"
#include "interrupt.h"
#include "options.h"
#include "progress_bar.h"

namespace headwave::cli {

namespace {

struct AttentionOptions {
    std::string model;
    TextOptions input;
    std::string out;
    std::string logits;
    int threads = 0;
    bool force = false;
    bool quiet = false;
};

// The input's tokens: --text / --text-file through the tokenizer, or --ids.
Result<TokenizedText> readInput(const AttentionOptions& o, const Session& session) {
    if (o.input.idsOption->count() > 0 && o.input.given()) {
        return makeError(ErrorCode::InvalidArgument,
                         "Give the input once: --text STRING, --text-file PATH or --ids 1,2,3.");
    }
    if (o.input.idsOption->count() > 0) {
        auto ids = parseIntegers("--ids", o.input.ids);
        if (!ids) {
            return ids.error();
        }
        return session.fromIds(ids.value());
    }
    auto text = o.input.read();
    if (!text) {
        return text.error();
    }
    return session.tokenize(text.value(), !o.input.noSpecial);
}

int run(const AttentionOptions& o) {
    if (!o.input.given() && o.input.idsOption->count() == 0) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Give the input as --text STRING, --text-file PATH or --ids 1,2,3."));
    }
    if (!o.force) {
        for (const std::string& p : {o.out, o.logits}) {
            if (!p.empty() && std::filesystem::exists(p)) {
                return fail(makeError(ErrorCode::InvalidArgument,
                                      "'" + p + "' already exists; use --force to replace it."));
            }
        }
    }
    SessionOptions options;
    options.threads = o.threads;
    Session session(options);
    InterruptGuard& interrupt = *InterruptGuard::global();
    const bool needTokenizer = o.input.idsOption->count() == 0;
    if (auto card = session.openModel(o.model, interrupt.token(), {}, needTokenizer); !card) {
        return fail(card.error());
    }
    printWarnings(session.modelCard()->info.warnings);
    const ModelConfig& config = session.modelCard()->config;
    auto input = readInput(o, session);
    if (!input) {
        return fail(input.error());
    }
    for (const Warning& w : input->warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    const std::vector<int> ids = input->ids();
    const auto T = static_cast<std::int64_t>(ids.size());
    auto header = npyHeaderBytes(DType::Float32, {config.layers, config.heads, T, T});
    if (!header) {
        return fail(header.error());
    }

    std::optional<Error> runError;
    ModelOutput output;
    ProgressBar bar(o.quiet);
    // The attention file is streamed layer by layer into a temporary file and renamed into place
    // only when every layer was written; the same pass (threads included) as the session's
    // analysis of this text, so the attention written here gives exactly its numbers.
    Status written = writeFileAtomically(o.out, [&](std::FILE* f) -> Status {
        if (Status s = writeAll(f, header->data(), header->size()); !s) {
            return s;
        }
        auto result = session.forward(
            ids,
            [&](const LayerAttention& a) {
                return writeAll(f, a.probs,
                                static_cast<std::size_t>(a.heads) *
                                    static_cast<std::size_t>(T * T) * sizeof(float));
            },
            interrupt.token(), [&](const Progress& p) { bar.show(p, "layer"); });
        if (!result) {
            runError = result.error();
            return result.error();
        }
        output = std::move(result.value());
        return {};
    });
    bar.finish();
    if (!written) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no output was written.\n";
            return exitStatus(ErrorCode::Cancelled);
        }
        return fail(runError ? *runError : written.error());
    }
    // The token labels beside the attention (docs/results-format.md, "Token sidecar"), so that
    // `headwave FILE.npy` and analyze-attention show the tokens.
    TokenSidecar sidecar;
    for (const Token& t : input->tokens) {
        sidecar.tokens.push_back(needTokenizer ? t.text : std::to_string(t.id));
        sidecar.ids.push_back(t.id);
    }
    sidecar.model = session.modelCard()->source;
    if (Status s = writeTokenSidecar(tokenSidecarPath(o.out), sidecar); !s) {
        return fail(s.error());
    }
    if (!o.logits.empty()) {
        Status s =
            writeNpy(o.logits, DType::Float32, {output.rows, output.cols}, output.values.data());
        if (!s) {
            return fail(s.error());
        }
    }
    std::printf("%s: %d layers x %d heads, %lld tokens -> %s (tokens: %s)%s%s\n",
                session.modelCard()->info.name.c_str(), config.layers, config.heads,
                static_cast<long long>(T), o.out.c_str(), tokenSidecarPath(o.out).c_str(),
                o.logits.empty() ? "" : ", ", o.logits.c_str());
    if (needTokenizer) {
        std::printf("tokens:");
        for (int id : ids) {
            std::printf(" %d", id);
        }
        std::printf("\n");
    }
    return kExitOk;
}

}  // namespace

void addAttention(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<AttentionOptions>();
    CLI::App* c = app.add_subcommand(
        "attention", "A model's post-softmax attention on one input, every layer, as .npy.");
    c->footer(
        "Writes float32 [layers, heads, T, T] (rows = queries), and the tokens beside it in\n"
        "FILE.tokens.json (the token sidecar of docs/results-format.md). --logits writes the "
        "output\n"
        "[T, vocab] (the last hidden state [T, hidden] for encoders: BERT, T5). A short input "
        "runs\n"
        "on one core, as its analysis does, so `analyze --text` gives exactly the numbers of this\n"
        "attention.");
    c->add_option(
         "-m,--model", o->model,
         "the model folder (config.json, model.safetensors, a tokenizer for --text), or a Hugging "
         "Face id org/name[@revision] from the local cache")
        ->type_name("DIR|ID")
        ->required();
    o->input.add(*c, /*ids=*/true, /*special=*/true);
    c->add_option("-o,--out", o->out, "the attention file (.npy)")
        ->type_name("FILE.npy")
        ->required();
    c->add_option("--logits", o->logits, "also write the model's output (.npy)")
        ->type_name("FILE.npy");
    c->add_option("-j,--threads", o->threads, "cores (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    c->add_flag("-f,--force", o->force, "replace existing files");
    c->add_flag("-q,--quiet", o->quiet, "no progress bar");
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
