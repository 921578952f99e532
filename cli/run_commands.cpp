// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli analyze / report / compare / merge: corpus runs (and one text, through the
// session), their tables, and shards.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/corpus.h"
#include "headwave/run/results_file.h"
#include "headwave/run/session.h"
#include "interrupt.h"
#include "options.h"
#include "progress_bar.h"
#include "run_report.h"

namespace headwave::cli {

namespace {

namespace fs = std::filesystem;

Error exists(const std::string& path, const std::string& alternative) {
    return makeError(
        ErrorCode::InvalidArgument,
        "'" + path + "' already exists; use --force to replace it" + alternative + ".");
}

// ---- analyze
// -------------------------------------------------------------------------------------

struct AnalyzeOptions {
    std::string model;
    std::string corpus;
    TextOptions text;
    std::string out;
    int sequences = 500;
    int minTokens = 128;
    int maxTokens = 512;
    std::string corpusFormat = "auto";
    bool sample = false;
    int seed = 0;
    std::string shard;
    std::string keepHeads;
    std::string keepSequences;
    int threads = 0;
    int sequenceWorkers = 0;
    bool force = false;
    bool quiet = false;
    MethodOptions method;
    CheckOptions checks;
    CLI::App* command = nullptr;
};

// The options a corpus run takes and a text does not.
const char* const kCorpusOnly[] = {
    "--sequences", "--min-tokens", "--max-tokens", "--corpus-format",  "--sample",
    "--seed",      "--shard",      "--keep-heads", "--keep-sequences", "--sequence-workers"};

Result<RunSettings> runSettings(const AnalyzeOptions& o) {
    RunSettings settings;
    if (Status s = o.method.apply(settings.method); !s) {
        return s.error();
    }
    settings.corpus.maxSequences = o.sequences;
    settings.corpus.minTokens = o.minTokens;
    settings.corpus.maxTokens = o.maxTokens;
    settings.corpus.sample = o.sample;
    settings.corpus.sampleSeed = static_cast<std::uint64_t>(o.seed);
    if (settings.corpus.minTokens > settings.corpus.maxTokens) {
        return makeError(ErrorCode::InvalidArgument, "--min-tokens must not exceed --max-tokens.");
    }
    auto format = parseCorpusFormat(o.corpusFormat);
    if (!format) {
        return format.error();
    }
    settings.corpus.format = format.value();
    if (!o.shard.empty()) {
        auto sh = parseShard(o.shard);
        if (!sh) {
            return sh.error();
        }
        settings.shard = sh.value();
    }
    if (!o.keepHeads.empty()) {
        auto heads = parseHeads("--keep-heads", o.keepHeads);
        if (!heads) {
            return heads.error();
        }
        settings.keepHeads = heads.value();
        settings.keepSequences = {0};
    }
    if (!o.keepSequences.empty()) {
        auto seqs = parseIntegers("--keep-sequences", o.keepSequences);
        if (!seqs) {
            return seqs.error();
        }
        settings.keepSequences = seqs.value();
    }
    settings.threads = o.threads;
    settings.sequenceWorkers = o.sequenceWorkers;
    settings.checks = o.checks.checks();
    return settings;
}

// The default results file: MODEL.hwrun (or MODEL.shardKofN.hwrun) in the current folder.
std::string defaultOut(const std::string& modelDir, const Shard& shard) {
    std::string out = fs::path(modelDir).filename().string();
    if (out.empty()) {
        out = fs::path(modelDir).parent_path().filename().string();
    }
    return out + (shard.count > 1 ? ".shard" + std::to_string(shard.index) + "of" +
                                        std::to_string(shard.count) + ".hwrun"
                                  : ".hwrun");
}

// One text through the session, written as the app's Save results writes it.
int analyzeText(const AnalyzeOptions& o, const RunSettings& settings, const std::string& out) {
    for (const char* corpusOnly : kCorpusOnly) {
        if (o.command->count(corpusOnly) > 0) {
            return fail(makeError(ErrorCode::InvalidArgument,
                                  std::string(corpusOnly) +
                                      " applies to corpus runs (--corpus); --text analyses one "
                                      "text."));
        }
    }
    SessionOptions options;
    options.threads = settings.threads;
    options.checks = settings.checks;
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
    ProgressBar bar(o.quiet);
    auto analysis = session.analyzeText(text.value(), settings.method, interrupt.token(),
                                        [&](const Progress& p) { bar.show(p); });
    if (analysis) {
        Status saved = session.saveResults(**analysis, out, std::nullopt, interrupt.token(),
                                           [&](const Progress& p) { bar.show(p); });
        bar.finish();
        if (!saved) {
            return interrupt.interrupted() ? exitStatus(ErrorCode::Cancelled) : fail(saved.error());
        }
    }
    bar.finish();
    if (!analysis) {
        return fail(analysis.error());
    }
    for (const Warning& w : (*analysis)->warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
    const SequenceMetrics& m = *(*analysis)->metrics;
    std::printf("%s: 1 text of %d tokens, %d layers x %d heads, J = %d -> %s\n",
                (*analysis)->sourceName.c_str(), m.shape.tokens, m.shape.layers, m.shape.heads,
                m.level, out.c_str());
    return kExitOk;
}

int runAnalyze(const AnalyzeOptions& o) {
    const bool text = o.text.given();
    if (text == !o.corpus.empty()) {
        return fail(makeError(ErrorCode::InvalidArgument,
                              "Give what to analyse: --corpus PATH, or one text with --text "
                              "STRING or --text-file PATH."));
    }
    auto settings = runSettings(o);
    if (!settings) {
        return fail(settings.error());
    }
    const std::string out = o.out.empty() ? defaultOut(o.model, settings->shard) : o.out;
    if (!o.force && fs::exists(out)) {
        return fail(exists(out, " or choose another --out"));
    }
    if (text) {
        return analyzeText(o, settings.value(), out);
    }

    const auto t0 = std::chrono::steady_clock::now();
    SessionOptions options;
    options.threads = settings->threads;
    options.checks = settings->checks;
    Session session(options);
    InterruptGuard& interrupt = *InterruptGuard::global();
    if (auto card = session.openModel(o.model, interrupt.token()); !card) {
        return fail(card.error());
    }
    printWarnings(session.modelCard()->info.warnings);
    const double loading =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ProgressBar bar(o.quiet, ProgressBar::LogLines::Every30s);
    auto analysis = session.runCorpus(o.corpus, settings.value(), interrupt.token(),
                                      [&](const Progress& p) { bar.show(p, "sequence"); });
    bar.finish();
    if (!analysis) {
        if (interrupt.interrupted()) {
            std::cerr << "headwave-cli: interrupted; no results file was written.\n";
            return exitStatus(ErrorCode::Cancelled);
        }
        return fail(analysis.error());
    }
    const RunResult& r = *(*analysis)->run;
    const auto tw = std::chrono::steady_clock::now();
    if (Status s = writeRunFile(out, r); !s) {
        return fail(s.error());
    }
    const double writing =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - tw).count();
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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

void addAnalyze(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<AnalyzeOptions>();
    CLI::App* c = app.add_subcommand(
        "analyze", "A corpus run (or one text) written to a results file (.hwrun).");
    o->command = c;
    c->footer(
        "Runs the whole analysis of a model on a corpus and writes a results file (.hwrun, a\n"
        "NumPy .npz archive: np.load(RUN) reads it). The corpus is a text file (paragraphs\n"
        "separated by blank lines), JSON Lines with a \"text\" field, or a folder of .txt files;\n"
        "consecutive paragraphs are packed into sequences of --min-tokens..--max-tokens tokens.\n"
        "With --text or --text-file, one text is analysed (cut to the model's context) and\n"
        "written as a run of one sequence: byte for byte the file the app's Save results writes\n"
        "for it. Ctrl-C stops cleanly and writes nothing.");
    c->add_option("-m,--model", o->model,
                  "the model folder, or a Hugging Face id org/name[@revision] from the local cache")
        ->type_name("DIR|ID")
        ->required();
    c->add_option("-c,--corpus", o->corpus,
                  "the corpus: a text file, JSON Lines or a folder of .txt files")
        ->type_name("PATH");
    o->text.add(*c);
    c->add_option("-o,--out", o->out,
                  "the results file (default: MODEL.hwrun in the current folder)")
        ->type_name("RUN");
    c->add_option("-n,--sequences", o->sequences, "at most N sequences (0 = all)")
        ->type_name("N")
        ->check(wholeNumber(0, 100'000'000))
        ->capture_default_str()
        ->group("Corpus");
    c->add_option("--min-tokens", o->minTokens, "the shortest packed sequence")
        ->type_name("A")
        ->check(wholeNumber(2, 10'000'000))
        ->capture_default_str()
        ->group("Corpus");
    c->add_option("--max-tokens", o->maxTokens,
                  "the longest packed sequence (at most the model's context)")
        ->type_name("B")
        ->check(wholeNumber(2, 10'000'000))
        ->capture_default_str()
        ->group("Corpus");
    c->add_option("--corpus-format", o->corpusFormat, "auto, paragraphs, lines, jsonl or folder")
        ->type_name("F")
        ->capture_default_str()
        ->group("Corpus");
    c->add_flag("--sample", o->sample, "a random sample of N sequences instead of the first N")
        ->group("Corpus");
    c->add_option("--seed", o->seed, "the seed of --sample")
        ->type_name("S")
        ->check(wholeNumber(0, 2'000'000'000))
        ->capture_default_str()
        ->group("Corpus");
    c->add_option("--shard", o->shard,
                  "analyse the deterministic k-th of N parts (merge them later)")
        ->type_name("k/N")
        ->group("Corpus");
    c->add_option("--keep-heads", o->keepHeads,
                  "keep these heads' attention and profile in the file")
        ->type_name("L:H,...")
        ->group("Corpus");
    c->add_option("--keep-sequences", o->keepSequences,
                  "... for these sequences (packed indices; default 0)")
        ->type_name("I,...")
        ->group("Corpus");
    c->add_option("-j,--threads", o->threads, "cores (0 = every core)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str();
    c->add_option("--sequence-workers", o->sequenceWorkers,
                  "sequences analysed at once (0 = automatic: as many as threads when memory "
                  "allows; the results do not depend on it)")
        ->type_name("N")
        ->check(wholeNumber(0, 1024))
        ->capture_default_str()
        ->group("Corpus");
    c->add_flag("-f,--force", o->force, "replace an existing results file");
    c->add_flag("-q,--quiet", o->quiet, "no progress bar");
    o->checks.add(*c);
    o->method.add(*c);
    commands.push_back({c, [o] { return runAnalyze(*o); }});
}

// ---- report, compare, merge ---------------------------------------------------------------------

Status writeText(const std::string& path, const std::string& text) {
    return writeFileAtomically(path,
                               [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
}

struct ReportOptions {
    std::string run;
    std::string csv;
    bool perHead = false;
    bool json = false;
};

int runReport(const ReportOptions& o) {
    auto run = readRunFile(o.run);
    if (!run) {
        return fail(run.error());
    }
    const auto tables = runTables(**run, o.perHead);
    if (o.json) {
        nlohmann::json about = {{"model", (*run)->model.name},
                                {"sequences", (*run)->sequences()},
                                {"layers", (*run)->model.layers},
                                {"heads", (*run)->model.heads},
                                {"level", (*run)->level}};
        std::cout << toJson(tables, about.dump());
    } else {
        std::cout << "# Headwave report: " << (*run)->model.name << "\n\n" << toMarkdown(tables);
    }
    if (!o.csv.empty()) {
        const fs::path dir = o.csv;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            return fail(makeError(ErrorCode::FileWrite,
                                  "Cannot create the folder '" + dir.string() + "'.",
                                  ec.message()));
        }
        for (const Table& t : tables) {
            if (Status s = writeText((dir / (t.id + ".csv")).string(), toCsv(t)); !s) {
                return fail(s.error());
            }
        }
    }
    return kExitOk;
}

struct CompareOptions {
    std::vector<std::string> runs;
    std::string csv;
    bool json = false;
};

int runCompare(const CompareOptions& o) {
    std::vector<std::shared_ptr<const RunResult>> runs;
    std::vector<std::string> labels;
    for (const std::string& p : o.runs) {
        auto run = readRunFile(p);
        if (!run) {
            return fail(run.error());
        }
        runs.push_back(run.value());
        labels.push_back(fs::path(p).stem().string());
    }
    const auto tables = compareTables(runs, labels);
    std::cout << (o.json ? toJson(tables) : toMarkdown(tables));
    if (!o.csv.empty()) {
        if (Status s = writeText(o.csv, toCsv(tables.front())); !s) {
            return fail(s.error());
        }
    }
    return kExitOk;
}

struct MergeOptions {
    std::vector<std::string> runs;
    std::string out;
    bool force = false;
};

int runMerge(const MergeOptions& o) {
    if (!o.force && fs::exists(o.out)) {
        return fail(exists(o.out, ""));
    }
    std::vector<std::shared_ptr<const RunResult>> runs;
    for (const std::string& p : o.runs) {
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
    if (Status s = writeRunFile(o.out, **merged); !s) {
        return fail(s.error());
    }
    std::printf("merged %zu runs: %d sequences -> %s\n", runs.size(), (*merged)->sequences(),
                o.out.c_str());
    return kExitOk;
}

}  // namespace

void addRunCommands(CLI::App& app, std::vector<Command>& commands) {
    addAnalyze(app, commands);

    auto report = std::make_shared<ReportOptions>();
    CLI::App* r = app.add_subcommand(
        "report", "The paper's tables for a results file, and every metric by its key.");
    r->footer(
        "Prints Markdown (or JSON with --json): band shares, entropies, selectivity, scale\n"
        "sensitivity, the position-spectrum correlation, the layer profile and a table of every\n"
        "metric column with its key and unit; --per-head adds a table of every head.");
    r->add_option("RUN", report->run, "the results file")->type_name("")->required();
    r->add_option("--csv", report->csv, "also write each table as DIR/<table>.csv")
        ->type_name("DIR");
    r->add_flag("--per-head", report->perHead, "add a table of every head");
    r->add_flag("--json", report->json, "JSON instead of Markdown on standard output");
    commands.push_back({r, [report] { return runReport(*report); }});

    auto compare = std::make_shared<CompareOptions>();
    CLI::App* c = app.add_subcommand(
        "compare", "Several results files side by side (models, positional schemes, checkpoints).");
    c->add_option("RUN", compare->runs, "the results files")->type_name("")->required();
    c->add_option("--csv", compare->csv, "also write the comparison as CSV")->type_name("FILE");
    c->add_flag("--json", compare->json, "JSON instead of Markdown on standard output");
    commands.push_back({c, [compare] { return runCompare(*compare); }});

    auto merge = std::make_shared<MergeOptions>();
    CLI::App* m = app.add_subcommand(
        "merge", "Combines the shards of one run (analyze --shard k/N) into one results file.");
    m->footer("The merged file is byte for byte the file of the unsharded run.");
    m->add_option("RUN", merge->runs, "the shards")->type_name("")->required();
    m->add_option("-o,--out", merge->out, "the merged results file")->type_name("RUN")->required();
    m->add_flag("-f,--force", merge->force, "replace an existing file");
    commands.push_back({m, [merge] { return runMerge(*merge); }});
}

}  // namespace headwave::cli
