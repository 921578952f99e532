// headwave-cli attention: every layer's post-softmax attention of a model on one input, as .npy,
// so it can be checked against another implementation or taken to other tools.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "arguments.h"
#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/formats/npy_reader.h"
#include "interrupt.h"
#include "model_input.h"

namespace headwave::cli {

namespace {

const char* kHelp =
    "Usage: headwave-cli attention --model DIR (--text STRING | --text-file PATH | --ids 1,2,3)\n"
    "                              --out FILE.npy [--logits FILE.npy] [--force]\n"
    "\n"
    "Runs a Hugging Face model folder on one input and writes every layer's post-softmax\n"
    "attention as float32 [layers, heads, T, T] (rows = queries). --logits writes the output\n"
    "[T, vocab] (the last hidden state [T, hidden] for encoders: BERT, T5).\n"
    "\n"
    "Options:\n"
    "  --model DIR      model folder (config.json, model.safetensors, tokenizer)\n"
    "  --text STRING    input text, tokenized with the folder's tokenizer\n"
    "  --text-file PATH input text from a file ('-' for standard input)\n"
    "  --ids LIST       input token ids instead of text\n"
    "  --no-special     do not add BOS/EOS (or CLS/SEP) to --text\n"
    "  --out FILE.npy   attention output\n"
    "  --logits FILE    model output\n"
    "  --threads N      cores (default: all; a short input runs on one, as in the app)\n"
    "  --force          replace existing files\n";

int fail(const Error& e) {
    std::cerr << "headwave-cli: " << e.message << '\n';
    if (!e.detail.empty()) {
        std::cerr << "  detail: " << e.detail << '\n';
    }
    return e.code == ErrorCode::Cancelled         ? kExitInterrupted
           : e.code == ErrorCode::InvalidArgument ? kExitUsage
                                                  : kExitFailure;
}

}  // namespace

int attentionCommand(const std::vector<std::string>& argv) {
    auto parsed =
        Arguments::parse(argv, {"model", "text", "text-file", "ids", "out", "logits", "threads"},
                         {"force", "no-special", "help", "quiet"});
    if (!parsed) {
        std::cerr << "headwave-cli attention: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const Arguments& args = parsed.value();
    if (args.has("help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!args.has("model") || !args.has("out")) {
        std::cerr << "headwave-cli attention: --model and --out are required.\n\n" << kHelp;
        return kExitUsage;
    }
    const std::string out = args.value("out");
    const std::string logitsOut = args.value("logits");
    if (!args.has("force")) {
        for (const std::string& p : {out, logitsOut}) {
            if (!p.empty() && std::filesystem::exists(p)) {
                return fail(makeError(ErrorCode::InvalidArgument,
                                      "'" + p + "' already exists; use --force to replace it."));
            }
        }
    }
    auto threads = args.intValue("threads", 0, 0, 1024);
    if (!threads) {
        return fail(threads.error());
    }
    SessionOptions options;
    options.threads = threads.value();
    Session session(options);
    if (auto card = session.openModel(args.value("model"), {}, {}, !args.has("ids")); !card) {
        return fail(card.error());
    }
    const ModelConfig& config = session.modelCard()->config;
    auto input = readModelInput(args, session);
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

    InterruptGuard& interrupt = *InterruptGuard::global();
    std::optional<Error> runError;
    ModelOutput output;
    // The attention file is streamed layer by layer into a temporary file and renamed into place
    // only when every layer was written.
    Status written = writeFileAtomically(out, [&](std::FILE* f) -> Status {
        if (Status s = writeAll(f, header->data(), header->size()); !s) {
            return s;
        }
        // The same pass (threads included) as the session's analysis of this text, so the
        // attention written here gives exactly the numbers `analyze --text` reports.
        auto result = session.forward(
            ids,
            [&](const LayerAttention& a) {
                return writeAll(f, a.probs,
                                static_cast<std::size_t>(a.heads) *
                                    static_cast<std::size_t>(T * T) * sizeof(float));
            },
            interrupt.token(),
            [&](const Progress& p) {
                if (!args.has("quiet")) {
                    std::fprintf(stderr, "layer %d/%d\r", p.done, p.total);
                }
            });
        if (!result) {
            runError = result.error();
            return result.error();
        }
        output = std::move(result.value());
        return {};
    });
    if (!args.has("quiet")) {
        std::fprintf(stderr, "\n");
    }
    if (!written) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no output was written.\n";
            return kExitInterrupted;
        }
        return fail(runError ? *runError : written.error());
    }
    if (!logitsOut.empty()) {
        Status s =
            writeNpy(logitsOut, DType::Float32, {output.rows, output.cols}, output.values.data());
        if (!s) {
            return fail(s.error());
        }
    }
    std::printf("%s: %d layers x %d heads, %lld tokens -> %s%s%s\n",
                session.modelCard()->info.name.c_str(), config.layers, config.heads,
                static_cast<long long>(T), out.c_str(), logitsOut.empty() ? "" : ", ",
                logitsOut.c_str());
    if (!args.has("ids")) {
        std::printf("tokens:");
        for (int id : ids) {
            std::printf(" %d", id);
        }
        std::printf("\n");
    }
    return kExitOk;
}

}  // namespace headwave::cli
