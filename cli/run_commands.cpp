// headwave-cli analyze / report / compare / merge: corpus runs, their tables, and shards.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "arguments.h"
#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/results_file.h"
#include "headwave/tokenizer/tokenizer.h"
#include "interrupt.h"
#include "run_report.h"

namespace headwave::cli {

namespace {

namespace fs = std::filesystem;

const char* kAnalyzeHelp =
    "Usage: headwave-cli analyze --model DIR --corpus PATH [options]\n"
    "       headwave-cli analyze --model DIR (--text STRING | --text-file PATH) [options]\n"
    "\n"
    "Runs the whole analysis of a model on a corpus and writes a results file (.hwrun, a NumPy\n"
    ".npz archive: np.load(RUN) reads it). The corpus is a text file (paragraphs separated by\n"
    "blank lines), JSON Lines with a \"text\" field, or a folder of .txt files; consecutive\n"
    "paragraphs are packed into sequences of --min-tokens..--max-tokens tokens.\n"
    "With --text or --text-file, one text is analysed (cut to the model's context) and written\n"
    "as a run of one sequence: byte for byte the file the app's Save results writes for it.\n"
    "\n"
    "Options:\n"
    "  --out RUN                 results file (default: MODEL.hwrun in the current folder)\n"
    "  --text STRING             analyse this text instead of a corpus\n"
    "  --text-file PATH          ... the text of this file ('-' for standard input)\n"
    "  --sequences N             at most N sequences (default 500; 0 = all)\n"
    "  --min-tokens A            shortest packed sequence (default 128)\n"
    "  --max-tokens B            longest packed sequence (default 512, at most the context)\n"
    "  --corpus-format F         auto, paragraphs, lines, jsonl, folder (default auto)\n"
    "  --sample                  a random sample of N sequences instead of the first N\n"
    "  --seed S                  seed of the sample (default 0)\n"
    "  --alpha A,...             rescaling factors for scale sensitivity (default 0.5,0.25;\n"
    "                            'none' for no rescaled runs)\n"
    "  --shard k/N               analyse the deterministic k-th of N parts (merge them later)\n"
    "  --keep-heads L:H,...      keep these heads' attention and profile in the file\n"
    "  --keep-sequences I,...    ... for these sequences (default 0)\n"
    "  --threads N               threads (default: all cores)\n"
    "  --sequence-workers N      sequences analysed at once (default: automatic, as many as\n"
    "                            threads when memory allows; the results do not depend on it)\n"
    "  --renormalise-rows        repair attention rows that do not sum to 1\n"
    "  --force                   replace an existing results file\n"
    "  --quiet                   no progress bar\n"
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

Result<std::vector<HeadRef>> parseHeads(const std::string& text) {
    std::vector<HeadRef> heads;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        HeadRef h;
        char colon = 0;
        std::istringstream in(item);
        if (!(in >> h.layer >> colon >> h.head) || colon != ':' || h.layer < 0 || h.head < 0) {
            return makeError(ErrorCode::InvalidArgument,
                             "--keep-heads takes LAYER:HEAD pairs separated by commas (e.g. "
                             "0:3,5:1); got '" +
                                 item + "'.");
        }
        heads.push_back(h);
    }
    return heads;
}

// A one-line progress display: a bar on a terminal, a line every 2 s in a log.
class Bar {
public:
    explicit Bar(bool enabled) : m_enabled(enabled), m_tty(isatty(STDERR_FILENO) != 0) {}
    void show(const Progress& p) {
        if (!m_enabled) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!m_tty && now - m_last < std::chrono::seconds(2) && p.fraction < 1.0) {
            return;
        }
        m_last = now;
        const int width = 30;
        const int filled = static_cast<int>(p.fraction * width);
        std::string bar(static_cast<std::size_t>(std::clamp(filled, 0, width)), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        std::string left =
            p.secondsLeft >= 0
                ? "~" + std::to_string(static_cast<int>(p.secondsLeft + 0.5)) + " s left"
                : "";
        const std::string where = p.total > 0 ? "sequence " +
                                                    std::to_string(std::min(p.done + 1, p.total)) +
                                                    "/" + std::to_string(p.total)
                                              : std::string("reading the corpus");
        std::fprintf(stderr, "%s[%s] %3d%%  %s  %-14s %s%s", m_tty ? "\r" : "", bar.c_str(),
                     static_cast<int>(p.fraction * 100.0), where.c_str(), p.stage.c_str(),
                     left.c_str(), m_tty ? "\x1b[K" : "\n");
        std::fflush(stderr);
    }
    void done() {
        if (m_enabled && m_tty) {
            std::fprintf(stderr, "\n");
        }
    }

private:
    bool m_enabled;
    bool m_tty;
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace

int analyzeCommand(const std::vector<std::string>& argv) {
    std::set<std::string> valued = methodOptionNames();
    valued.erase("alphas");
    valued.insert({"model", "corpus", "text", "text-file", "out", "sequences", "min-tokens",
                   "max-tokens", "corpus-format", "seed", "alpha", "shard", "keep-heads",
                   "keep-sequences", "threads", "sequence-workers", "row-sum-tolerance"});
    auto parsed =
        Arguments::parse(argv, valued, {"help", "force", "quiet", "sample", "renormalise-rows"});
    if (!parsed) {
        std::cerr << "headwave-cli analyze: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const Arguments& args = parsed.value();
    if (args.has("help")) {
        std::cout << kAnalyzeHelp << methodOptionsHelp();
        return kExitOk;
    }
    const bool text = args.has("text") || args.has("text-file");
    if (!args.has("model") || args.has("corpus") == text) {
        std::cerr << "headwave-cli analyze: --model and one of --corpus, --text and --text-file "
                     "are required.\n\n"
                  << kAnalyzeHelp;
        return kExitUsage;
    }
    RunSettings settings;
    if (Status s = applyMethodOptions(args, settings.method); !s) {
        return fail(s.error());
    }
    if (args.has("alpha")) {
        if (args.value("alpha") == "none") {
            settings.method.alphas.clear();
        } else {
            auto a = args.doubleList("alpha");
            if (!a) {
                return fail(a.error());
            }
            settings.method.alphas = a.value();
        }
        if (Status s = settings.method.validate(); !s) {
            return fail(s.error());
        }
    }
    auto sequences = args.intValue("sequences", 500, 0, 100'000'000);
    auto minTokens = args.intValue("min-tokens", 128, 2, 10'000'000);
    auto maxTokens = args.intValue("max-tokens", 512, 2, 10'000'000);
    auto threads = args.intValue("threads", 0, 0, 1024);
    auto workers = args.intValue("sequence-workers", 0, 0, 1024);
    auto seed = args.intValue("seed", 0, 0, 2'000'000'000);
    for (const auto* r : {&sequences, &minTokens, &maxTokens, &threads, &workers, &seed}) {
        if (!*r) {
            return fail(r->error());
        }
    }
    settings.corpus.maxSequences = sequences.value();
    settings.corpus.minTokens = minTokens.value();
    settings.corpus.maxTokens = maxTokens.value();
    settings.corpus.sample = args.has("sample");
    settings.corpus.sampleSeed = static_cast<std::uint64_t>(seed.value());
    if (settings.corpus.minTokens > settings.corpus.maxTokens) {
        return fail(
            makeError(ErrorCode::InvalidArgument, "--min-tokens must not exceed --max-tokens."));
    }
    if (args.has("corpus-format")) {
        auto f = parseCorpusFormat(args.value("corpus-format"));
        if (!f) {
            return fail(f.error());
        }
        settings.corpus.format = f.value();
    }
    if (args.has("shard")) {
        auto sh = parseShard(args.value("shard"));
        if (!sh) {
            return fail(sh.error());
        }
        settings.shard = sh.value();
    }
    if (args.has("keep-heads")) {
        auto heads = parseHeads(args.value("keep-heads"));
        if (!heads) {
            return fail(heads.error());
        }
        settings.keepHeads = heads.value();
        settings.keepSequences = {0};
    }
    if (args.has("keep-sequences")) {
        auto seqs = args.intList("keep-sequences");
        if (!seqs) {
            return fail(seqs.error());
        }
        settings.keepSequences = seqs.value();
    }
    settings.threads = threads.value();
    settings.sequenceWorkers = workers.value();
    settings.checks.renormaliseRows = args.has("renormalise-rows");

    const std::string modelDir = args.value("model");
    std::string out = args.value("out");
    if (out.empty()) {
        out = fs::path(modelDir).filename().string();
        if (out.empty()) {
            out = fs::path(modelDir).parent_path().filename().string();
        }
        out += settings.shard.count > 1 ? ".shard" + std::to_string(settings.shard.index) + "of" +
                                              std::to_string(settings.shard.count) + ".hwrun"
                                        : ".hwrun";
    }
    if (!args.has("force") && fs::exists(out)) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "'" + out +
                                  "' already exists; use --force to replace it or "
                                  "choose another --out."));
    }

    if (text) {
        return analyzeTextCommand(args, settings, out);
    }

    const auto t0 = std::chrono::steady_clock::now();
    LoadOptions load;
    load.threads = settings.threads;
    auto model = loadAttentionModel(modelDir, load);
    if (!model) {
        return fail(model.error());
    }
    auto tokenizer = loadTokenizer(modelDir);
    if (!tokenizer) {
        return fail(tokenizer.error());
    }
    const double loading =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    InterruptGuard& interrupt = *InterruptGuard::global();
    Bar bar(!args.has("quiet"));
    auto result = runAnalysis(**model, **tokenizer, args.value("corpus"), settings,
                              interrupt.token(), [&](const Progress& p) { bar.show(p); });
    bar.done();
    if (!result) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no results file was written.\n";
            return kExitInterrupted;
        }
        return fail(result.error());
    }
    const auto tw = std::chrono::steady_clock::now();
    if (Status s = writeRunFile(out, **result); !s) {
        return fail(s.error());
    }
    const double writing =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - tw).count();
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const RunResult& r = **result;
    for (const Warning& w : r.warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    std::fprintf(stderr,
                 "time %.2f s: load %.2f, tokenise %.2f, forward %.2f, analysis %.2f, "
                 "aggregation %.2f, writing %.2f (%d sequence worker%s; forward, analysis and "
                 "aggregation are seconds of work summed over them)\n",
                 total, loading, r.times.tokenise, r.times.forward, r.times.analysis,
                 r.times.aggregation, writing, r.workers, r.workers == 1 ? "" : "s");
    std::printf("%s: %d sequences, %d layers x %d heads, J = %d -> %s\n", r.model.name.c_str(),
                r.sequences(), r.model.layers, r.model.heads, r.level, out.c_str());
    return kExitOk;
}

int reportCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv, {"csv"}, {"help", "per-head"});
    if (!parsed || parsed->has("help") || parsed->positional().size() != 1) {
        std::cerr << "Usage: headwave-cli report RUN [--csv DIR] [--per-head]\n\nPrints the "
                     "paper's tables for a results file as Markdown; --csv also writes each table "
                     "as DIR/<table>.csv; --per-head adds a table of every head.\n";
        return parsed && parsed->has("help") ? kExitOk : kExitUsage;
    }
    auto run = readRunFile(parsed->positional()[0]);
    if (!run) {
        return fail(run.error());
    }
    const auto tables = runTables(**run, parsed->has("per-head"));
    std::cout << "# Headwave report: " << (*run)->model.name << "\n\n" << toMarkdown(tables);
    if (parsed->has("csv")) {
        const fs::path dir = parsed->value("csv");
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            return fail(makeError(ErrorCode::FileWrite,
                                  "Cannot create the folder '" + dir.string() + "'.",
                                  ec.message()));
        }
        for (const Table& t : tables) {
            const std::string csv = toCsv(t);
            Status s = writeFileAtomically((dir / (t.id + ".csv")).string(), [&](std::FILE* f) {
                return writeAll(f, csv.data(), csv.size());
            });
            if (!s) {
                return fail(s.error());
            }
        }
    }
    return kExitOk;
}

int compareCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv, {"csv"}, {"help"});
    if (!parsed || parsed->has("help") || parsed->positional().empty()) {
        std::cerr << "Usage: headwave-cli compare RUN... [--csv FILE]\n\nPuts several results "
                     "files side by side (models, positional schemes, checkpoints).\n";
        return parsed && parsed->has("help") ? kExitOk : kExitUsage;
    }
    std::vector<std::shared_ptr<const RunResult>> runs;
    std::vector<std::string> labels;
    for (const std::string& p : parsed->positional()) {
        auto run = readRunFile(p);
        if (!run) {
            return fail(run.error());
        }
        runs.push_back(run.value());
        labels.push_back(fs::path(p).stem().string());
    }
    const auto tables = compareTables(runs, labels);
    std::cout << toMarkdown(tables);
    if (parsed->has("csv")) {
        const std::string csv = toCsv(tables.front());
        Status s = writeFileAtomically(parsed->value("csv"), [&](std::FILE* f) {
            return writeAll(f, csv.data(), csv.size());
        });
        if (!s) {
            return fail(s.error());
        }
    }
    return kExitOk;
}

int mergeCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv, {"out"}, {"help", "force"});
    if (!parsed || parsed->has("help") || parsed->positional().empty() || !parsed->has("out")) {
        std::cerr << "Usage: headwave-cli merge RUN... --out RUN [--force]\n\nCombines the shards "
                     "of one run (analyze --shard k/N) into one results file, equal to an "
                     "unsharded run.\n";
        return parsed && parsed->has("help") ? kExitOk : kExitUsage;
    }
    const std::string out = parsed->value("out");
    if (!parsed->has("force") && fs::exists(out)) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "'" + out + "' already exists; use --force to replace it."));
    }
    std::vector<std::shared_ptr<const RunResult>> runs;
    for (const std::string& p : parsed->positional()) {
        auto run = readRunFile(p);
        if (!run) {
            return fail(run.error());
        }
        runs.push_back(run.value());
    }
    auto merged = mergeRuns(runs);
    if (!merged) {
        return fail(merged.error());
    }
    if (Status s = writeRunFile(out, **merged); !s) {
        return fail(s.error());
    }
    std::printf("merged %zu runs: %d sequences -> %s\n", runs.size(), (*merged)->sequences(),
                out.c_str());
    return kExitOk;
}

}  // namespace headwave::cli
