// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/analysis_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "headwave/core/hash.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "sequence_passes.h"

namespace headwave {

namespace {

// Sequences analysed at once. Throughput over a corpus is best with whole sequences in parallel
// (one libtorch thread each: small ops scale badly across threads, see bench/README.md), as
// long as the extra passes' activations fit in half the available memory; settings.sequenceWorkers
// overrides.
int sequenceWorkers(const ModelConfig& cfg, const RunSettings& settings, int threads,
                    int sequences) {
    if (settings.sequenceWorkers > 0) {
        return std::max(1, std::min(settings.sequenceWorkers, sequences));
    }
    const auto t = static_cast<std::uint64_t>(std::max(2, settings.corpus.maxTokens));
    // As TorchModel::begin estimates a pass: scores, probabilities and context per layer, the
    // MLP's intermediates, plus one float32 block of weights.
    const std::uint64_t pass = 4 * (4 * static_cast<std::uint64_t>(cfg.heads) * t * t +
                                    t * (4 * static_cast<std::uint64_t>(cfg.intermediate) +
                                         12 * static_cast<std::uint64_t>(cfg.hidden))) +
                               4 * static_cast<std::uint64_t>(cfg.hidden) *
                                   (4 * static_cast<std::uint64_t>(cfg.hidden) +
                                    3 * static_cast<std::uint64_t>(cfg.intermediate));
    const std::uint64_t budget = availableMemoryBytes() / 2;
    const auto byMemory = static_cast<int>(std::min<std::uint64_t>(
        static_cast<std::uint64_t>(threads), budget / std::max<std::uint64_t>(pass, 1)));
    return std::max(1, std::min({threads, sequences, byMemory}));
}

}  // namespace

Result<Shard> parseShard(const std::string& s) {
    const auto slash = s.find('/');
    Shard sh;
    try {
        if (slash == std::string::npos) {
            throw std::invalid_argument("no slash");
        }
        std::size_t used = 0;
        sh.index = std::stoi(s.substr(0, slash), &used);
        if (used != slash) {
            throw std::invalid_argument("index");
        }
        const std::string count = s.substr(slash + 1);
        sh.count = std::stoi(count, &used);
        if (used != count.size()) {
            throw std::invalid_argument("count");
        }
    } catch (const std::exception&) {
        return makeError(
            ErrorCode::InvalidArgument,
            "A shard is written k/N (e.g. 0/4 for the first of four); got '" + s + "'.");
    }
    if (sh.count < 1 || sh.index < 0 || sh.index >= sh.count) {
        return makeError(ErrorCode::InvalidArgument,
                         "In a shard k/N, N must be at least 1 and 0 <= k < N; got '" + s + "'.");
    }
    return sh;
}

std::shared_ptr<const CorpusSummary> aggregateMetrics(const MetricLayout& layout, int layers,
                                                      int heads, RhoMode rho,
                                                      const std::vector<double>& metrics) {
    CorpusAggregator agg(layout, layers, heads, rho);
    const std::size_t perSequence =
        static_cast<std::size_t>(layers) * static_cast<std::size_t>(heads) * layout.size();
    for (std::size_t off = 0; perSequence > 0 && off + perSequence <= metrics.size();
         off += perSequence) {
        for (int l = 0; l < layers; ++l) {
            for (int h = 0; h < heads; ++h) {
                agg.addHead(
                    l, h,
                    metrics.data() + off + static_cast<std::size_t>(l * heads + h) * layout.size());
            }
        }
        agg.endSequence();
    }
    return agg.summary();
}

namespace passes {

Result<std::shared_ptr<RunResult>> beginRun(const AttentionModel& model,
                                            const RunSettings& settings,
                                            const PackedSequences& packed) {
    auto result = std::make_shared<RunResult>();
    RunResult& r = *result;
    r.settings = settings;
    r.shard = settings.shard;
    r.model = passes::identifyModel(model);
    const std::vector<CorpusSequence>& all = packed.all;
    r.corpus.source = packed.source;
    r.corpus.packed = static_cast<std::int64_t>(all.size());
    r.corpus.minTokens = packed.minTokens;
    r.corpus.maxTokens = packed.maxTokens;
    r.corpus.sampled = settings.corpus.sample;
    r.corpus.seed = settings.corpus.sampleSeed;
    std::vector<int> allIds;
    r.corpus.shortest = std::numeric_limits<int>::max();
    for (const CorpusSequence& s : all) {
        const auto ids = s.ids();
        allIds.insert(allIds.end(), ids.begin(), ids.end());
        allIds.push_back(-1);  // separator
        r.corpus.shortest = std::min(r.corpus.shortest, static_cast<int>(ids.size()));
    }
    r.corpus.hash = fnv1aHex(allIds.data(), allIds.size() * sizeof(int));
    if (packed.truncated > 0) {
        r.warnings.push_back(
            {WarningCode::ParagraphsCut,
             std::to_string(packed.truncated) + " paragraph(s) longer than the maximum were cut."});
    }
    if (packed.nonTextBytes > 0) {
        Warning w{WarningCode::NotText,
                  std::to_string(packed.nonTextBytes) + " of the " + std::to_string(packed.bytes) +
                      " bytes read from the corpus are NUL bytes, control characters or invalid "
                      "UTF-8 (which the "
                      "tokenizer reads as U+FFFD); is it a plain-text UTF-8 file?"};
        w.values = {packed.nonTextBytes, packed.bytes};
        r.warnings.push_back(std::move(w));
    }
    auto level = resolveWaveletLevel(settings.method, r.corpus.shortest);
    if (!level) {
        return level.error();
    }
    r.level = level.value();
    r.layout = MetricLayout(settings.method, r.level);
    return result;
}

std::vector<const CorpusSequence*> shardSequences(const PackedSequences& packed,
                                                  const Shard& shard) {
    std::vector<const CorpusSequence*> mine;
    for (std::size_t i = 0; i < packed.all.size(); ++i) {
        if (static_cast<int>(i % static_cast<std::size_t>(shard.count)) == shard.index) {
            mine.push_back(&packed.all[i]);
        }
    }
    return mine;
}

Status completeSequence(AttentionModel& model, const std::vector<int>& ids, int index,
                        SequenceMetrics& m, const RunResult& run, const AnalyzerOptions& options,
                        SequenceOutcome& out, std::stop_token stop,
                        const std::function<void(const std::string&, double)>& within) {
    const int T = static_cast<int>(ids.size());
    const std::string name = "sequence " + std::to_string(index);
    const std::vector<double>& alphas = run.settings.method.alphas;
    const double passCount = 1.0 + static_cast<double>(alphas.size());
    for (std::size_t a = 0; a < alphas.size(); ++a) {
        const std::string stage = "rescaled " + formatShortest(alphas[a]);
        PassTimes times;
        auto rescaled = rescaledPass(
            model, ids, name, alphas[a], run.settings.method, options, model.config().layers, times,
            stop, [&](const Progress& p) {
                if (within) {
                    within(stage, (1.0 + static_cast<double>(a) + p.fraction) / passCount);
                }
            });
        out.times.forward += times.forward;
        if (!rescaled) {
            return rescaled.error();
        }
        const auto t0 = Clock::now();
        for (std::size_t h = 0; h < m.heads.size(); ++h) {
            m.heads[h].scaleSensitivity[a] =
                scaleSensitivity(m.profiles[h].data(), rescaled->stretched[h].data(), T, run.level);
        }
        out.times.analysis += times.analysis + secondsSince(t0);
    }
    const auto tAgg = Clock::now();
    const int L = run.model.layers;
    const int H = run.model.heads;
    out.metrics.resize(static_cast<std::size_t>(L) * static_cast<std::size_t>(H) *
                       run.layout.size());
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            run.layout.flatten(
                m.at(l, h),
                out.metrics.data() + static_cast<std::size_t>(l * H + h) * run.layout.size());
        }
    }
    for (Warning w : m.warnings) {
        w.sequence = index;
        out.warnings.push_back(std::move(w));
    }
    out.times.aggregation += secondsSince(tAgg);
    return {};
}

void endRun(RunResult& r, const std::vector<const CorpusSequence*>& mine,
            std::vector<SequenceOutcome>& outcomes) {
    const auto tCollect = Clock::now();
    const std::size_t perSequence = static_cast<std::size_t>(r.model.layers) *
                                    static_cast<std::size_t>(r.model.heads) * r.layout.size();
    r.metrics.reserve(perSequence * mine.size());
    for (std::size_t s = 0; s < mine.size(); ++s) {
        SequenceOutcome& out = outcomes[s];
        const CorpusSequence& seq = *mine[s];
        const std::vector<int> ids = seq.ids();
        r.metrics.insert(r.metrics.end(), out.metrics.begin(), out.metrics.end());
        r.sequenceIndex.push_back(seq.index);
        r.tokens.push_back(static_cast<int>(ids.size()));
        r.tokenIds.insert(r.tokenIds.end(), ids.begin(), ids.end());
        for (KeptHead& k : out.kept) {
            r.kept.push_back(std::move(k));
        }
        for (Warning& w : out.warnings) {
            r.warnings.push_back(std::move(w));
        }
        r.times.forward += out.times.forward;
        r.times.analysis += out.times.analysis;
        r.times.aggregation += out.times.aggregation;
        out = SequenceOutcome{};
    }
    r.times.aggregation += secondsSince(tCollect);
    const auto tAgg = Clock::now();
    r.summary =
        aggregateMetrics(r.layout, r.model.layers, r.model.heads, r.settings.method.rho, r.metrics);
    r.times.aggregation += secondsSince(tAgg);
}

}  // namespace passes

namespace {

using passes::Clock;
using passes::PackedSequences;
using passes::secondsSince;
using passes::SequenceOutcome;
using SequenceProvider = std::function<Result<PackedSequences>(std::stop_token)>;

// One sequence of a run: its main pass (every head analysed, the chosen heads' attention and
// profile kept), then a rescaled pass per alpha for the scale sensitivity. `within` reports the
// fraction done of this sequence.
Status analyzeSequence(AttentionModel& model, const CorpusSequence& seq, const RunResult& run,
                       const AnalyzerOptions& options, SequenceOutcome& out, std::stop_token stop,
                       const std::function<void(const std::string&, double)>& within) {
    const RunSettings& settings = run.settings;
    const std::vector<int> ids = seq.ids();
    const int T = static_cast<int>(ids.size());
    const int heads = run.model.heads;
    const bool keepThis = std::find(settings.keepSequences.begin(), settings.keepSequences.end(),
                                    seq.index) != settings.keepSequences.end();
    passes::LayerHook keep;
    if (keepThis) {
        keep = [&](int l, const LayerView& v) {
            for (const HeadRef& h : settings.keepHeads) {
                if (h.layer == l && h.head >= 0 && h.head < heads) {
                    out.kept.push_back(
                        {seq.index, l, h.head, T, passes::headMatrix(v, h.head, T), {}});
                }
            }
        };
    }
    const double passCount = 1.0 + static_cast<double>(settings.method.alphas.size());
    passes::PassTimes times;
    auto metrics = passes::analyzeModelPass(model, ids, "sequence " + std::to_string(seq.index),
                                            settings.method, run.level, options, keep, times, stop,
                                            [&](const Progress& p) {
                                                if (within) {
                                                    within("forward", p.fraction / passCount);
                                                }
                                            });
    out.times.forward += times.forward;
    out.times.analysis += times.analysis;
    if (!metrics) {
        return metrics.error();
    }
    SequenceMetrics& m = metrics.value();
    for (KeptHead& k : out.kept) {
        k.profile = m.profiles.empty()
                        ? std::vector<double>{}
                        : m.profiles[static_cast<std::size_t>(k.layer * heads + k.head)];
    }
    return passes::completeSequence(model, ids, seq.index, m, run, options, out, stop, within);
}

// Analyses the sequences on `workers` threads at once (the calling thread is worker 0, the one
// that reports progress), each with its own forward pass and analyzer. The first failing
// sequence (lowest index) stops every worker at its next layer and is the error returned.
Status analyzeSequences(AttentionModel& model, const std::vector<const CorpusSequence*>& mine,
                        const RunResult& run, int workers, int threadsPerWorker,
                        const AnalyzerOptions& options, std::vector<SequenceOutcome>& outcomes,
                        std::stop_token stop,
                        const std::function<void(int, int, const std::string&, double)>& report) {
    const int S = static_cast<int>(mine.size());
    std::stop_source runStop;
    std::stop_callback relayStop(stop, [&runStop] { runStop.request_stop(); });
    std::atomic<int> next{0};
    std::atomic<int> finished{0};
    std::mutex failMutex;
    int failedAt = S;  // the lowest failing sequence, under failMutex
    Error failure;
    auto work = [&](bool reporter) {
        model.setThreadsForCallingThread(threadsPerWorker);
        for (int s = next++; s < S && !runStop.stop_requested(); s = next++) {
            std::function<void(const std::string&, double)> within;
            if (reporter) {
                within = [&](const std::string& stage, double f) {
                    report(finished.load(), S, stage,
                           (static_cast<double>(finished.load()) + f) / static_cast<double>(S));
                };
            }
            Status st =
                analyzeSequence(model, *mine[static_cast<std::size_t>(s)], run, options,
                                outcomes[static_cast<std::size_t>(s)], runStop.get_token(), within);
            if (!st) {
                std::lock_guard lock(failMutex);
                // A sequence stopped because another failed is not the failure to report.
                if (!(st.error().code == ErrorCode::Cancelled && runStop.stop_requested()) &&
                    s < failedAt) {
                    failedAt = s;
                    failure = st.error();
                }
                runStop.request_stop();
                return;
            }
            ++finished;
            if (reporter) {
                const int f = finished.load();
                report(f, S, f == S ? "done" : "forward",
                       static_cast<double>(f) / static_cast<double>(S));
            }
        }
    };
    {
        std::vector<std::jthread> others;
        for (int w = 1; w < workers; ++w) {
            others.emplace_back([&work] { work(false); });
        }
        work(true);
    }  // joins the other workers
    if (stop.stop_requested()) {
        return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
    }
    if (failedAt < S) {
        return failure;
    }
    if (finished.load() < S) {  // stopped without a recorded error: treat as cancelled
        return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
    }
    return {};
}

// Everything of a run after its sequences are known (runAnalysis, runAnalysisOnSequences).
Result<std::shared_ptr<const RunResult>> analyzeRun(AttentionModel& model,
                                                    const RunSettings& settings,
                                                    std::stop_token stop,
                                                    const ProgressCallback& progress,
                                                    const SequenceProvider& provide) {
    if (Status s = settings.method.validate(); !s) {
        return s.error();
    }
    if (settings.shard.count < 1 || settings.shard.index < 0 ||
        settings.shard.index >= settings.shard.count) {
        return makeError(ErrorCode::InvalidArgument, "Invalid shard.");
    }
    ProgressThrottle throttle(progress, /*estimateTime=*/true);
    auto report = [&throttle](int done, int total, const std::string& stage, double fraction) {
        throttle.report({.fraction = fraction, .stage = stage, .done = done, .total = total});
    };

    // 1. The corpus, packed; the shortest sequence of the whole corpus fixes J for every shard.
    const auto t0 = Clock::now();
    report(0, 0, "tokenize", 0.0);
    auto packed = provide(stop);
    if (!packed) {
        return packed.error();
    }
    auto begun = passes::beginRun(model, settings, packed.value());
    if (!begun) {
        return begun.error();
    }
    RunResult& r = *begun.value();
    r.times.tokenise = secondsSince(t0);

    // 2. The shard's sequences, on W workers; the result does not depend on W.
    const std::vector<const CorpusSequence*> mine =
        passes::shardSequences(packed.value(), settings.shard);
    const int S = static_cast<int>(mine.size());
    const int threads = settings.threads > 0
                            ? settings.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int workers = sequenceWorkers(model.config(), settings, threads, S);
    r.workers = workers;
    AnalyzerOptions options;
    options.threads = workers > 1 ? 1 : settings.threads;
    options.checks = settings.checks;
    options.keepProfiles = !settings.method.alphas.empty();
    std::vector<SequenceOutcome> outcomes(static_cast<std::size_t>(S));
    Status analyzed = analyzeSequences(model, mine, r, workers,
                                       workers > 1 ? std::max(1, threads / workers) : threads,
                                       options, outcomes, stop, report);
    model.setThreadsForCallingThread(threads);
    if (!analyzed) {
        return analyzed.error();
    }

    // 3. In sequence order, aggregated.
    passes::endRun(r, mine, outcomes);
    return std::shared_ptr<const RunResult>(begun.value());
}

}  // namespace

Result<std::shared_ptr<const RunResult>> runAnalysis(
    AttentionModel& model, const Tokenizer& tokenizer, const std::string& corpusPath,
    const RunSettings& settings, std::stop_token stop, const ProgressCallback& progress) {
    const ModelConfig& cfg = model.config();
    return analyzeRun(
        model, settings, stop, progress, [&](std::stop_token token) -> Result<PackedSequences> {
            CorpusOptions corpusOptions = settings.corpus;
            corpusOptions.maxTokens = std::min(corpusOptions.maxTokens, cfg.maxPositions);
            if (corpusOptions.maxTokens < corpusOptions.minTokens) {
                return makeError(ErrorCode::InvalidArgument,
                                 "The model's context (" + std::to_string(cfg.maxPositions) +
                                     " tokens) is shorter than the minimum sequence length " +
                                     std::to_string(settings.corpus.minTokens) +
                                     "; lower --min-tokens.");
            }
            CorpusStats stats;
            auto corpus = buildCorpus(corpusPath, tokenizer, corpusOptions, &stats, token);
            if (!corpus) {
                return corpus.error();
            }
            if (corpus->empty()) {
                return makeError(ErrorCode::InvalidInput,
                                 "The corpus '" + corpusPath + "' gave no sequence of " +
                                     std::to_string(corpusOptions.minTokens) + ".." +
                                     std::to_string(corpusOptions.maxTokens) +
                                     " tokens; use a longer text or a lower --min-tokens.");
            }
            PackedSequences p;
            p.all = std::move(corpus).value();
            p.source = corpusPath;
            p.minTokens = corpusOptions.minTokens;
            p.maxTokens = corpusOptions.maxTokens;
            p.truncated = stats.truncated;
            p.bytes = stats.bytes;
            p.nonTextBytes = stats.nonTextBytes;
            return p;
        });
}

Result<std::shared_ptr<const RunResult>> runAnalysisOnSequences(
    AttentionModel& model, std::vector<CorpusSequence> sequences, const std::string& source,
    const RunSettings& settings, std::stop_token stop, const ProgressCallback& progress) {
    const ModelConfig& cfg = model.config();
    return analyzeRun(
        model, settings, stop, progress, [&](std::stop_token) -> Result<PackedSequences> {
            if (sequences.empty()) {
                return makeError(ErrorCode::InvalidArgument,
                                 "There is no sequence to analyse; enter a text first.");
            }
            PackedSequences p;
            p.minTokens = std::numeric_limits<int>::max();
            for (std::size_t i = 0; i < sequences.size(); ++i) {
                const int T = static_cast<int>(sequences[i].tokens.size());
                if (T < 2 || T > cfg.maxPositions) {
                    return makeError(ErrorCode::InvalidArgument,
                                     "Sequence " + std::to_string(i) + " has " + std::to_string(T) +
                                         " tokens; the model takes 2.." +
                                         std::to_string(cfg.maxPositions) + ".");
                }
                sequences[i].index = static_cast<int>(i);
                p.minTokens = std::min(p.minTokens, T);
                p.maxTokens = std::max(p.maxTokens, T);
            }
            p.all = std::move(sequences);
            p.source = source;
            return p;
        });
}

Result<std::shared_ptr<const RunResult>> mergeRuns(
    const std::vector<std::shared_ptr<const RunResult>>& shards) {
    if (shards.empty()) {
        return makeError(ErrorCode::InvalidArgument, "Give at least one run to merge.");
    }
    const RunResult& first = *shards.front();
    for (const auto& s : shards) {
        if (s->model.configHash != first.model.configHash || s->model.name != first.model.name) {
            return makeError(ErrorCode::InvalidInput,
                             "The runs are of different models ('" + first.model.name + "' and '" +
                                 s->model.name + "'); only shards of one run can be merged.");
        }
        if (s->corpus.hash != first.corpus.hash) {
            return makeError(ErrorCode::InvalidInput,
                             "The runs used different corpora (or packing); only shards of one "
                             "run can be merged.");
        }
        if (s->settings.method.toJson() != first.settings.method.toJson() ||
            s->level != first.level || s->layout.size() != first.layout.size()) {
            return makeError(ErrorCode::InvalidInput,
                             "The runs used different method settings; only shards of one run "
                             "can be merged.");
        }
    }
    // Interleave the shards' sequences back into packed order.
    struct Item {
        int index;
        const RunResult* run;
        int position;
        std::size_t idOffset;
    };
    std::vector<Item> items;
    for (const auto& s : shards) {
        std::size_t off = 0;
        for (int i = 0; i < s->sequences(); ++i) {
            items.push_back({s->sequenceIndex[static_cast<std::size_t>(i)], s.get(), i, off});
            off += static_cast<std::size_t>(s->tokens[static_cast<std::size_t>(i)]);
        }
    }
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.index < b.index; });
    for (std::size_t i = 1; i < items.size(); ++i) {
        if (items[i].index == items[i - 1].index) {
            return makeError(ErrorCode::InvalidInput,
                             "Sequence " + std::to_string(items[i].index) +
                                 " is in more than one of the runs; merge each shard once.");
        }
    }
    // Shards of one split must all be there (a partial merge would silently be a smaller run).
    if (first.shard.count > 1) {
        std::vector<bool> seen(static_cast<std::size_t>(first.shard.count), false);
        for (const auto& s : shards) {
            if (s->shard.count != first.shard.count) {
                return makeError(ErrorCode::InvalidInput,
                                 "The runs were split into different numbers of shards (" +
                                     std::to_string(first.shard.count) + " and " +
                                     std::to_string(s->shard.count) + ").");
            }
            seen[static_cast<std::size_t>(s->shard.index)] = true;
        }
        std::string missing;
        for (std::size_t k = 0; k < seen.size(); ++k) {
            if (!seen[k]) {
                missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" +
                           std::to_string(first.shard.count);
            }
        }
        if (!missing.empty()) {
            return makeError(ErrorCode::InvalidInput,
                             "Shard(s) " + missing +
                                 " are missing; merge every shard of the run (rerun the missing "
                                 "tasks first).");
        }
    }
    auto merged = std::make_shared<RunResult>();
    RunResult& m = *merged;
    m.settings = first.settings;
    m.settings.shard = Shard{};
    m.shard = Shard{};
    m.level = first.level;
    m.layout = first.layout;
    m.model = first.model;
    m.corpus = first.corpus;
    const std::size_t perSequence = static_cast<std::size_t>(first.model.layers) *
                                    static_cast<std::size_t>(first.model.heads) *
                                    first.layout.size();
    for (const Item& it : items) {
        const RunResult& src = *it.run;
        m.sequenceIndex.push_back(it.index);
        const int T = src.tokens[static_cast<std::size_t>(it.position)];
        m.tokens.push_back(T);
        m.tokenIds.insert(m.tokenIds.end(),
                          src.tokenIds.begin() + static_cast<std::ptrdiff_t>(it.idOffset),
                          src.tokenIds.begin() + static_cast<std::ptrdiff_t>(it.idOffset) + T);
        const auto begin =
            src.metrics.begin() +
            static_cast<std::ptrdiff_t>(static_cast<std::size_t>(it.position) * perSequence);
        m.metrics.insert(m.metrics.end(), begin, begin + static_cast<std::ptrdiff_t>(perSequence));
    }
    // Warnings as a single run orders them: corpus-level ones once, then per-sequence ones in
    // packed order.
    std::vector<Warning> sequenceWarnings;
    for (const auto& s : shards) {
        m.kept.insert(m.kept.end(), s->kept.begin(), s->kept.end());
        for (const Warning& w : s->warnings) {
            if (w.sequence >= 0) {
                sequenceWarnings.push_back(w);
            } else if (std::find(m.warnings.begin(), m.warnings.end(), w) == m.warnings.end()) {
                m.warnings.push_back(w);
            }
        }
    }
    std::stable_sort(sequenceWarnings.begin(), sequenceWarnings.end(),
                     [](const Warning& a, const Warning& b) { return a.sequence < b.sequence; });
    for (Warning& w : sequenceWarnings) {
        m.warnings.push_back(std::move(w));
    }
    std::sort(m.kept.begin(), m.kept.end(), [](const KeptHead& a, const KeptHead& b) {
        return std::tie(a.sequence, a.layer, a.head) < std::tie(b.sequence, b.layer, b.head);
    });
    m.summary =
        aggregateMetrics(m.layout, m.model.layers, m.model.heads, m.settings.method.rho, m.metrics);
    return std::shared_ptr<const RunResult>(merged);
}

}  // namespace headwave
