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

namespace headwave {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Times the layers computed by the model (the forward pass) apart from the analysis, and keeps the
// attention of chosen heads.
class TimedSource : public AttentionSource {
public:
    TimedSource(AttentionSource& inner, double& forwardSeconds)
        : m_inner(inner), m_forward(forwardSeconds) {}
    AttentionShape shape() const override { return m_inner.shape(); }
    std::string name() const override { return m_inner.name(); }
    Status checkIntact() const override { return m_inner.checkIntact(); }
    Result<LayerView> layer(int l) override {
        const auto t0 = Clock::now();
        auto v = m_inner.layer(l);
        m_forward += secondsSince(t0);
        if (v && onLayer) {
            onLayer(l, v.value());
        }
        return v;
    }
    std::function<void(int, const LayerView&)> onLayer;

private:
    AttentionSource& m_inner;
    double& m_forward;
};

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

namespace {

// The packed sequences of a run and what describes them in its corpus identity; filled by the
// caller's provider (a corpus file, or sequences already tokenised).
struct PackedSequences {
    std::vector<CorpusSequence> all;
    std::string source;
    int minTokens = 0;
    int maxTokens = 0;
    std::int64_t truncated = 0;  // paragraphs cut at maxTokens
};

using SequenceProvider = std::function<Result<PackedSequences>(std::stop_token)>;

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
    auto result = std::make_shared<RunResult>();
    RunResult& r = *result;
    r.settings = settings;
    r.shard = settings.shard;
    const ModelConfig& cfg = model.config();
    const ModelInfo& info = model.info();
    r.model.name = info.name;
    r.model.architecture = cfg.modelType;
    r.model.positional = toString(cfg.positional);
    r.model.layers = cfg.layers;
    r.model.heads = cfg.heads;
    r.model.kvHeads = cfg.kvHeads;
    r.model.parameters = info.parameters;
    r.model.dtype = info.storedDtype;
    r.model.configHash = info.configHash;

    ProgressThrottle throttle(progress, /*estimateTime=*/true);
    auto report = [&throttle](int done, int total, const std::string& stage, double fraction) {
        throttle.report({.fraction = fraction, .stage = stage, .done = done, .total = total});
    };

    // 1. The corpus, packed; the shortest sequence of the whole corpus fixes J for every shard.
    auto t0 = Clock::now();
    report(0, 0, "tokenize", 0.0);
    auto packed = provide(stop);
    if (!packed) {
        return packed.error();
    }
    r.times.tokenise = secondsSince(t0);
    const std::vector<CorpusSequence>& all = packed->all;
    r.corpus.source = packed->source;
    r.corpus.packed = static_cast<std::int64_t>(all.size());
    r.corpus.minTokens = packed->minTokens;
    r.corpus.maxTokens = packed->maxTokens;
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
    if (packed->truncated > 0) {
        r.warnings.push_back(std::to_string(packed->truncated) +
                             " paragraph(s) longer than the maximum were cut.");
    }

    auto level = resolveWaveletLevel(settings.method, r.corpus.shortest);
    if (!level) {
        return level.error();
    }
    r.level = level.value();
    r.layout = MetricLayout(settings.method, r.level);

    std::vector<const CorpusSequence*> mine;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (static_cast<int>(i % static_cast<std::size_t>(settings.shard.count)) ==
            settings.shard.index) {
            mine.push_back(&all[i]);
        }
    }
    const int S = static_cast<int>(mine.size());
    const std::size_t perSequence = static_cast<std::size_t>(cfg.layers) *
                                    static_cast<std::size_t>(cfg.heads) * r.layout.size();
    r.metrics.reserve(perSequence * mine.size());

    // Sequences run on W workers at once (the calling thread is worker 0), each with its own
    // forward pass and analyzer; their outcomes are appended in sequence order afterwards, so the
    // result does not depend on W.
    const int threads = settings.threads > 0
                            ? settings.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int workers = sequenceWorkers(cfg, settings, threads, S);
    const int threadsPerWorker = std::max(1, threads / workers);
    r.workers = workers;

    AnalyzerOptions full;
    full.threads = workers > 1 ? 1 : settings.threads;
    full.checks = settings.checks;
    full.keepProfiles = !settings.method.alphas.empty();
    AnalyzerOptions rescaled = full;
    rescaled.profilesOnly = true;
    const double passes = 1.0 + static_cast<double>(settings.method.alphas.size());

    // What one sequence contributes to the run.
    struct Outcome {
        bool done = false;
        std::vector<double> metrics;  // [layers, heads, columns]
        std::vector<KeptHead> kept;
        std::vector<std::string> warnings;
        StageTimes times;
    };
    std::vector<Outcome> outcomes(static_cast<std::size_t>(S));

    // One sequence: its forward pass and metrics, then a pass per alpha for the scale
    // sensitivity. `within` reports the fraction done of this sequence (worker 0 only).
    auto analyzeSequence =
        [&](int s, std::stop_token token,
            const std::function<void(const std::string&, double)>& within) -> Status {
        Outcome& out = outcomes[static_cast<std::size_t>(s)];
        const CorpusSequence& seq = *mine[static_cast<std::size_t>(s)];
        const std::vector<int> ids = seq.ids();
        const int T = static_cast<int>(ids.size());
        const std::string name = "sequence " + std::to_string(seq.index);

        SequenceAnalyzer analyzer(settings.method, r.level, full);
        ModelAttentionSource source(model, ids, name);
        double forward = 0;
        TimedSource timed(source, forward);
        const bool keepThis =
            std::find(settings.keepSequences.begin(), settings.keepSequences.end(), seq.index) !=
            settings.keepSequences.end();
        if (keepThis) {
            timed.onLayer = [&](int l, const LayerView& v) {
                for (const HeadRef& h : settings.keepHeads) {
                    if (h.layer != l || h.head < 0 || h.head >= cfg.heads) {
                        continue;
                    }
                    KeptHead k;
                    k.sequence = seq.index;
                    k.layer = l;
                    k.head = h.head;
                    k.tokens = T;
                    const float* a = v.f32() + static_cast<std::size_t>(h.head) *
                                                   static_cast<std::size_t>(T) *
                                                   static_cast<std::size_t>(T);
                    k.attention.assign(
                        a, a + static_cast<std::size_t>(T) * static_cast<std::size_t>(T));
                    out.kept.push_back(std::move(k));
                }
            };
        }
        const auto tSeq = Clock::now();
        auto metrics = analyzer.run(timed, token, [&](const Progress& p) {
            if (within) {
                within("forward", p.fraction / passes);
            }
        });
        if (!metrics) {
            return metrics.error();
        }
        SequenceMetrics& m = metrics.value();
        out.times.forward += forward;
        out.times.analysis += secondsSince(tSeq) - forward;
        for (KeptHead& k : out.kept) {
            k.profile = m.profiles.empty()
                            ? std::vector<double>{}
                            : m.profiles[static_cast<std::size_t>(k.layer * cfg.heads + k.head)];
        }

        for (std::size_t a = 0; a < settings.method.alphas.size(); ++a) {
            const double alpha = settings.method.alphas[a];
            auto idx = subsampleIndices(T, alpha, settings.method.subsampling);
            if (!idx) {
                return idx.error();
            }
            std::vector<int> sub;
            for (int i : idx.value()) {
                sub.push_back(ids[static_cast<std::size_t>(i)]);
            }
            const int m_ = static_cast<int>(sub.size());
            ModelAttentionSource small(model, sub, name + " x" + formatShortest(alpha));
            double fwd = 0;
            TimedSource timedSmall(small, fwd);
            const auto tA = Clock::now();
            // The short sequence may be shallower than J: its profile is stretched back to T
            // before the decomposition, so any length >= 2 works.
            SequenceAnalyzer prof(settings.method, 0, rescaled);
            auto pm = prof.run(timedSmall, token, [&](const Progress& p) {
                if (within) {
                    within("rescaled " + formatShortest(alpha),
                           (1.0 + static_cast<double>(a) + p.fraction) / passes);
                }
            });
            if (!pm) {
                return pm.error();
            }
            out.times.forward += fwd;
            for (std::size_t h = 0; h < m.heads.size(); ++h) {
                const auto stretched = stretchProfile(pm->profiles[h].data(), m_, T);
                m.heads[h].scaleSensitivity[a] =
                    scaleSensitivity(m.profiles[h].data(), stretched.data(), T, r.level);
            }
            out.times.analysis += secondsSince(tA) - fwd;
        }

        const auto tAgg = Clock::now();
        out.metrics.resize(perSequence);
        for (int l = 0; l < cfg.layers; ++l) {
            for (int h = 0; h < cfg.heads; ++h) {
                r.layout.flatten(m.at(l, h),
                                 out.metrics.data() +
                                     static_cast<std::size_t>(l * cfg.heads + h) * r.layout.size());
            }
        }
        for (const std::string& w : m.warnings) {
            out.warnings.push_back(name + ": " + w);
        }
        out.times.aggregation += secondsSince(tAgg);
        out.done = true;
        return {};
    };

    // The run's own stop source: the caller's stop, or the first failing sequence, stops every
    // worker at its next layer.
    std::stop_source runStop;
    std::stop_callback relayStop(stop, [&runStop] { runStop.request_stop(); });
    std::atomic<int> next{0};
    std::atomic<int> finished{0};
    std::mutex failMutex;
    int failedAt = S;  // the lowest failing sequence, under failMutex
    Error failure;
    auto work = [&](bool reporter) {
        model.setThreadsForCallingThread(workers > 1 ? threadsPerWorker : threads);
        for (int s = next++; s < S && !runStop.stop_requested(); s = next++) {
            std::function<void(const std::string&, double)> within;
            if (reporter) {
                within = [&](const std::string& stage, double f) {
                    report(finished.load(), S, stage,
                           (static_cast<double>(finished.load()) + f) / static_cast<double>(S));
                };
            }
            Status st = analyzeSequence(s, runStop.get_token(), within);
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
    model.setThreadsForCallingThread(threads);
    if (stop.stop_requested()) {
        return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
    }
    if (failedAt < S) {
        return failure;
    }
    if (finished.load() < S) {  // stopped without a recorded error: treat as cancelled
        return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
    }

    const auto tCollect = Clock::now();
    r.metrics.reserve(perSequence * mine.size());
    for (int s = 0; s < S; ++s) {
        Outcome& out = outcomes[static_cast<std::size_t>(s)];
        const CorpusSequence& seq = *mine[static_cast<std::size_t>(s)];
        const std::vector<int> ids = seq.ids();
        r.metrics.insert(r.metrics.end(), out.metrics.begin(), out.metrics.end());
        r.sequenceIndex.push_back(seq.index);
        r.tokens.push_back(static_cast<int>(ids.size()));
        r.tokenIds.insert(r.tokenIds.end(), ids.begin(), ids.end());
        for (KeptHead& k : out.kept) {
            r.kept.push_back(std::move(k));
        }
        for (std::string& w : out.warnings) {
            r.warnings.push_back(std::move(w));
        }
        r.times.forward += out.times.forward;
        r.times.analysis += out.times.analysis;
        r.times.aggregation += out.times.aggregation;
        out = Outcome{};
    }
    r.times.aggregation += secondsSince(tCollect);
    const auto tAgg = Clock::now();
    r.summary = aggregateMetrics(r.layout, cfg.layers, cfg.heads, settings.method.rho, r.metrics);
    r.times.aggregation += secondsSince(tAgg);
    return std::shared_ptr<const RunResult>(result);
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
                return makeError(ErrorCode::InvalidArgument,
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
            return makeError(ErrorCode::InvalidArgument,
                             "The runs are of different models ('" + first.model.name + "' and '" +
                                 s->model.name + "'); only shards of one run can be merged.");
        }
        if (s->corpus.hash != first.corpus.hash) {
            return makeError(ErrorCode::InvalidArgument,
                             "The runs used different corpora (or packing); only shards of one "
                             "run can be merged.");
        }
        if (s->settings.method.toJson() != first.settings.method.toJson() ||
            s->level != first.level || s->layout.size() != first.layout.size()) {
            return makeError(ErrorCode::InvalidArgument,
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
            return makeError(ErrorCode::InvalidArgument,
                             "Sequence " + std::to_string(items[i].index) +
                                 " is in more than one of the runs; merge each shard once.");
        }
    }
    // Shards of one split must all be there (a partial merge would silently be a smaller run).
    if (first.shard.count > 1) {
        std::vector<bool> seen(static_cast<std::size_t>(first.shard.count), false);
        for (const auto& s : shards) {
            if (s->shard.count != first.shard.count) {
                return makeError(ErrorCode::InvalidArgument,
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
            return makeError(ErrorCode::InvalidArgument,
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
    // Warnings as a single run orders them: corpus-level ones once, then per-sequence ones
    // ("sequence N: ...") in packed order.
    std::vector<std::pair<long, std::string>> sequenceWarnings;
    for (const auto& s : shards) {
        m.kept.insert(m.kept.end(), s->kept.begin(), s->kept.end());
        for (const std::string& w : s->warnings) {
            long index = -1;
            if (std::sscanf(w.c_str(), "sequence %ld:", &index) == 1) {
                sequenceWarnings.emplace_back(index, w);
            } else if (std::find(m.warnings.begin(), m.warnings.end(), w) == m.warnings.end()) {
                m.warnings.push_back(w);
            }
        }
    }
    std::stable_sort(sequenceWarnings.begin(), sequenceWarnings.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [index, w] : sequenceWarnings) {
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
