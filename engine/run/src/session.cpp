// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/session.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <utility>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/statistics.h"
#include "headwave/model/hub_cache.h"
#include "headwave/run/corpus.h"
#include "headwave/run/results_file.h"
#include "sequence_passes.h"

namespace headwave {

// What the session keeps of an analysis to answer later requests about it. Shared (const) with
// the snapshot; only the session's thread reads it, and only it changes the attention cache.
struct AnalysisInputs {
    AnalysisKind kind = AnalysisKind::Text;
    std::shared_ptr<AttentionModel> model;    // Text: the model that made it
    std::vector<int> ids;                     // Text: [T]
    int threads = 1;                          // Text: libtorch threads of its passes
    std::shared_ptr<AttentionSource> source;  // Attention: the source, read again on demand
    SyntheticSettings synthetic;              // TeachingPatterns
    std::vector<std::string> texts;           // [T] display text of each token
    // Text: layers 0..cache.size()-1 of its attention, each [heads, T, T] float32, as the pass
    // computed them. Released when a newer analysis caches its own.
    mutable std::vector<std::vector<float>> cache;
};

namespace {

Error noModel() {
    return makeError(ErrorCode::InvalidArgument,
                     "No model is open; open a model folder first (File > Open model… in the "
                     "app, --model on the command line).");
}

Error cancelled() {
    return makeError(ErrorCode::Cancelled, "The analysis was cancelled.");
}

std::uint64_t resolveCacheBytes(std::uint64_t requested) {
    if (requested != SessionOptions::kDefaultCache) {
        return requested;
    }
    return std::min<std::uint64_t>(availableMemoryBytes() / 8, std::uint64_t{1} << 30);
}

Error badHead(const AnalysisSnapshot& analysis, int layer, int head) {
    const AttentionShape s = analysis.metrics ? analysis.metrics->shape : AttentionShape{};
    return makeError(ErrorCode::InvalidArgument,
                     "There is no head " + std::to_string(layer) + ":" + std::to_string(head) +
                         " in this analysis (" + std::to_string(s.layers) + " layers of " +
                         std::to_string(s.heads) + " heads); choose a head of the grid.");
}

bool validHead(const AnalysisSnapshot& analysis, int layer, int head) {
    return analysis.metrics && layer >= 0 && head >= 0 && layer < analysis.metrics->shape.layers &&
           head < analysis.metrics->shape.heads;
}

// Every head's spectrum and coefficients from its kept profile (the views never compute), and
// rho of (positional, spectral entropy) over the heads.
Status fillDetails(const SequenceMetrics& m, const MethodSettings& settings, int level,
                   bool details, std::stop_token stop, AnalysisSnapshot& snapshot) {
    HeadAnalyzer head(settings, level);
    if (details) {
        snapshot.details.resize(m.profiles.size());
    }
    RunningCorrelation rho;
    for (std::size_t i = 0; i < m.profiles.size(); ++i) {
        if (stop.stop_requested()) {
            return cancelled();
        }
        if (details) {
            auto r =
                head.analyzeProfile(m.profiles[i].data(), m.shape.tokens, &snapshot.details[i]);
            if (!r) {
                return r.error();
            }
        }
        rho.add(m.heads[i].positionalEntropy, m.heads[i].spectralEntropy);
    }
    snapshot.rho = rho.r();
    return {};
}

// A ProgressCallback whose fraction in [0, 1] lands in [from, to] of `outer`.
ProgressCallback within(const ProgressCallback& outer, double from, double to) {
    if (!outer) {
        return {};
    }
    return [&outer, from, to](const Progress& p) {
        Progress q = p;
        q.fraction = from + (to - from) * p.fraction;
        outer(q);
    };
}

}  // namespace

std::vector<int> TokenizedText::ids() const {
    std::vector<int> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        out.push_back(t.id);
    }
    return out;
}

Session::Session(SessionOptions options) : m_options(std::move(options)) {
    m_options.attentionCacheBytes = resolveCacheBytes(m_options.attentionCacheBytes);
}

Session::~Session() = default;

// ---- the model ---------------------------------------------------------------------------------

Result<std::shared_ptr<const ModelCard>> Session::openModel(const std::string& dir,
                                                            std::stop_token stop,
                                                            const ProgressCallback& progress,
                                                            bool requireTokenizer) {
    ProgressThrottle throttle(progress);
    throttle.report({.fraction = 0.0, .stage = "weights"});
    // A folder, or a Hugging Face id resolved offline in the cache (headwave/model/hub_cache.h).
    auto folder = resolveModelFolder(dir);
    if (!folder) {
        return folder.error();
    }
    LoadOptions load;
    load.threads = m_options.threads;
    auto model = loadAttentionModel(*folder, load);
    if (!model) {
        return model.error();
    }
    if (stop.stop_requested()) {
        return makeError(ErrorCode::Cancelled, "Opening the model was cancelled.");
    }
    throttle.report({.fraction = 0.8, .stage = "tokenizer"});
    auto tokenizer = loadTokenizer(*folder);
    if (!tokenizer && requireTokenizer) {
        return tokenizer.error();
    }
    if (stop.stop_requested()) {
        return makeError(ErrorCode::Cancelled, "Opening the model was cancelled.");
    }
    auto card = std::make_shared<ModelCard>();
    card->dir = *folder;
    card->source = dir;
    card->config = (*model)->config();
    card->info = (*model)->info();
    m_tokenizer.reset();
    if (tokenizer) {
        card->tokenizerKind = (*tokenizer)->kind();
        card->tokenizerVocab = (*tokenizer)->vocabSize();
        m_tokenizer = std::shared_ptr<const Tokenizer>(std::move(tokenizer.value()));
    } else {
        card->tokenizerProblem = tokenizer.error().message;
    }
    m_model = std::shared_ptr<AttentionModel>(std::move(model.value()));
    m_card = std::move(card);
    throttle.report({.fraction = 1.0, .stage = "tokenizer"});
    return m_card;
}

Result<TokenizedText> Session::tokenize(const std::string& text, bool special) const {
    if (!m_model) {
        return noModel();
    }
    if (!m_tokenizer) {
        return makeError(ErrorCode::FileNotFound,
                         "The model folder " + m_card->dir +
                             " has no usable tokenizer, so it cannot read a text; give token ids "
                             "instead (--ids).",
                         m_card->tokenizerProblem);
    }
    if (text.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The text is empty; give at least one word to analyse.");
    }
    auto encoding = m_tokenizer->encode(text, special);
    if (!encoding) {
        return encoding.error();
    }
    TokenizedText out;
    out.tokens = std::move(encoding->tokens);
    if (out.tokens.empty()) {
        return makeError(ErrorCode::InvalidInput,
                         "The text gives no tokens; give at least one word to analyse.");
    }
    cutToContext(out);
    return out;
}

Result<TokenizedText> Session::fromIds(const std::vector<int>& ids) const {
    if (!m_model) {
        return noModel();
    }
    if (ids.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The input has no tokens; give at least one word to analyse.");
    }
    const int vocab = m_model->config().vocab;
    TokenizedText out;
    for (int id : ids) {
        if (id < 0 || id >= vocab) {
            return makeError(ErrorCode::InvalidArgument, "Token id " + std::to_string(id) +
                                                             " is outside the vocabulary (0.." +
                                                             std::to_string(vocab - 1) + ").");
        }
        Token t;
        t.id = id;
        out.tokens.push_back(std::move(t));
    }
    cutToContext(out);
    return out;
}

void Session::cutToContext(TokenizedText& text) const {
    const int context = m_model->config().maxPositions;
    if (context > 0 && text.tokens.size() > static_cast<std::size_t>(context)) {
        Warning w{WarningCode::InputCut, "The input has " + std::to_string(text.tokens.size()) +
                                             " tokens, more than the model's context of " +
                                             std::to_string(context) + "; only the first " +
                                             std::to_string(context) + " are used."};
        w.values = {static_cast<long long>(text.tokens.size()), context};
        text.warnings.push_back(std::move(w));
        text.tokens.resize(static_cast<std::size_t>(context));
    }
}

int Session::passThreads(int tokens) const {
    return m_model ? passes::singlePassThreads(m_model->config(), tokens, m_options.threads) : 1;
}

Result<ModelOutput> Session::forward(const std::vector<int>& ids,
                                     const std::function<Status(const LayerAttention&)>& onLayer,
                                     std::stop_token stop, const ProgressCallback& progress) {
    if (!m_model) {
        return noModel();
    }
    m_model->setThreadsForCallingThread(passThreads(static_cast<int>(ids.size())));
    ProgressThrottle throttle(progress);
    return runModel(*m_model, ids, onLayer, stop, [&throttle](int done, int layers) {
        throttle.report({.fraction = static_cast<double>(done) / std::max(layers, 1),
                         .stage = "layers",
                         .done = done,
                         .total = layers});
    });
}

// ---- analyses ----------------------------------------------------------------------------------

Result<AnalysisPtr> Session::analyzeText(const std::string& text, const MethodSettings& settings,
                                         std::stop_token stop, const ProgressCallback& progress) {
    ProgressThrottle throttle(progress);
    throttle.report({.fraction = 0.0, .stage = "tokenize"});
    auto tokenized = tokenize(text);
    if (!tokenized) {
        return tokenized.error();
    }
    if (tokenized->tokens.size() < 2) {
        return makeError(ErrorCode::InvalidInput,
                         "The text gives fewer than 2 tokens; type a longer text to analyse.");
    }
    return analyzeTokens(std::move(tokenized->tokens), std::move(tokenized->warnings), settings,
                         stop, progress);
}

Result<AnalysisPtr> Session::analyzeTokens(std::vector<Token> tokens, std::vector<Warning> warnings,
                                           const MethodSettings& settings, std::stop_token stop,
                                           const ProgressCallback& progress) {
    if (!m_model) {
        return noModel();
    }
    const ModelConfig& config = m_model->config();
    const int T = static_cast<int>(tokens.size());
    if (T < 2 || (config.maxPositions > 0 && T > config.maxPositions)) {
        return makeError(ErrorCode::InvalidArgument, "The sequence has " + std::to_string(T) +
                                                         " tokens; the model takes 2.." +
                                                         std::to_string(config.maxPositions) + ".");
    }
    auto inputs = std::make_shared<AnalysisInputs>();
    inputs->kind = AnalysisKind::Text;
    inputs->model = m_model;
    inputs->threads = passThreads(T);
    for (const Token& t : tokens) {
        if (t.id < 0 || t.id >= config.vocab) {
            return makeError(ErrorCode::InvalidArgument, "Token id " + std::to_string(t.id) +
                                                             " is outside the vocabulary (0.." +
                                                             std::to_string(config.vocab - 1) +
                                                             ").");
        }
        inputs->ids.push_back(t.id);
        inputs->texts.push_back(t.text);
    }
    ModelAttentionSource source(*m_model, inputs->ids, m_model->info().name);
    return analyzeSource(source, std::move(tokens), std::move(warnings), settings,
                         std::move(inputs), stop, progress);
}

const std::vector<SyntheticPattern>& Session::teachingPatterns() {
    static const std::vector<SyntheticPattern> patterns{
        SyntheticPattern::LocalBand, SyntheticPattern::Sink, SyntheticPattern::Periodic,
        SyntheticPattern::Blocks, SyntheticPattern::Uniform};
    return patterns;
}

Result<AnalysisPtr> Session::analyzeTeachingPatterns(const MethodSettings& settings,
                                                     std::stop_token stop,
                                                     const ProgressCallback& progress) {
    auto inputs = std::make_shared<AnalysisInputs>();
    inputs->kind = AnalysisKind::TeachingPatterns;
    inputs->synthetic.tokens = kTeachingTokens;
    std::vector<Token> tokens;
    for (int t = 0; t < kTeachingTokens; ++t) {
        Token token;
        token.id = t;
        token.text = "t" + std::to_string(t);
        inputs->texts.push_back(token.text);
        tokens.push_back(std::move(token));
    }
    SyntheticAttentionSource source(teachingPatterns(), inputs->synthetic);
    return analyzeSource(source, std::move(tokens), {}, settings, std::move(inputs), stop,
                         progress);
}

Result<AnalysisPtr> Session::analyzeAttention(std::shared_ptr<AttentionSource> source,
                                              std::vector<std::string> tokenTexts,
                                              const MethodSettings& settings, std::stop_token stop,
                                              const ProgressCallback& progress) {
    if (!source) {
        return makeError(ErrorCode::InvalidArgument, "There is no attention to analyse.");
    }
    const int T = source->shape().tokens;
    if (!tokenTexts.empty() && static_cast<int>(tokenTexts.size()) != T) {
        return makeError(ErrorCode::InvalidInput,
                         "There are " + std::to_string(tokenTexts.size()) +
                             " token labels for attention over " + std::to_string(T) +
                             " tokens; give one label per token (or none).");
    }
    auto inputs = std::make_shared<AnalysisInputs>();
    inputs->kind = AnalysisKind::Attention;
    inputs->source = source;
    std::vector<Token> tokens;
    for (int t = 0; t < T; ++t) {
        Token token;
        token.id = t;
        token.text = tokenTexts.empty() ? std::to_string(t)
                                        : std::move(tokenTexts[static_cast<std::size_t>(t)]);
        inputs->texts.push_back(token.text);
        tokens.push_back(std::move(token));
    }
    return analyzeSource(*source, std::move(tokens), {}, settings, std::move(inputs), stop,
                         progress);
}

Result<AnalysisPtr> Session::analyzeAttentionFile(const std::string& path,
                                                  const ExternalAttentionOptions& options,
                                                  const MethodSettings& settings,
                                                  std::stop_token stop,
                                                  const ProgressCallback& progress) {
    if (progress) {
        progress({.fraction = 0.0, .stage = "open"});
    }
    Result<ExternalAttention> opened = openExternalAttention(path, options);
    if (!opened) {
        return opened.error();
    }
    std::shared_ptr<AttentionSource> source = opened->source;
    Result<AnalysisPtr> analysis =
        analyzeAttention(source, std::move(opened->tokens), settings, stop, progress);
    if (!analysis || (opened->ids.empty() && source->warnings().empty())) {
        return analysis;
    }
    // The sidecar's ids and the file's warnings, on a copy of the new snapshot.
    auto snapshot = std::make_shared<AnalysisSnapshot>(*analysis.value());
    for (std::size_t t = 0; t < opened->ids.size() && t < snapshot->tokens.size(); ++t) {
        snapshot->tokens[t].id = static_cast<int>(opened->ids[t]);
    }
    std::vector<Warning> warnings = source->warnings();
    warnings.insert(warnings.end(), snapshot->warnings.begin(), snapshot->warnings.end());
    snapshot->warnings = std::move(warnings);
    return AnalysisPtr(std::move(snapshot));
}

Result<AnalysisPtr> Session::analyzeSource(AttentionSource& source, std::vector<Token> tokens,
                                           std::vector<Warning> warnings,
                                           const MethodSettings& settings,
                                           std::shared_ptr<AnalysisInputs> inputs,
                                           std::stop_token stop, const ProgressCallback& progress) {
    if (Status s = settings.validate(); !s) {
        return s.error();
    }
    const AttentionShape shape = source.shape();
    auto level = resolveWaveletLevel(settings, shape.tokens);
    if (!level) {
        return level.error();
    }
    AnalyzerOptions options;
    options.threads = m_options.threads;
    options.checks = m_options.checks;
    options.keepProfiles = true;

    // The attention of a text is kept as the pass computes it, layer by layer, within the budget.
    const std::uint64_t layerBytes = static_cast<std::uint64_t>(shape.heads) *
                                     static_cast<std::uint64_t>(shape.tokens) *
                                     static_cast<std::uint64_t>(shape.tokens) * sizeof(float);
    const std::uint64_t cacheLayers =
        inputs->kind == AnalysisKind::Text && layerBytes > 0
            ? std::min<std::uint64_t>(m_options.attentionCacheBytes / layerBytes,
                                      static_cast<std::uint64_t>(shape.layers))
            : 0;
    if (cacheLayers > 0) {
        if (auto previous = m_cached.lock()) {
            previous->cache.clear();  // at most one analysis's attention is held
            previous->cache.shrink_to_fit();
        }
    }
    passes::LayerHook cacheLayer;
    if (cacheLayers > 0) {
        cacheLayer = [&inputs, cacheLayers, &shape](int l, const LayerView& v) {
            if (static_cast<std::uint64_t>(l) < cacheLayers &&
                inputs->cache.size() == static_cast<std::size_t>(l)) {
                std::vector<float> layer;
                layer.reserve(static_cast<std::size_t>(shape.heads) *
                              static_cast<std::size_t>(shape.tokens) *
                              static_cast<std::size_t>(shape.tokens));
                for (int h = 0; h < shape.heads; ++h) {
                    const auto m = passes::headMatrix(v, h, shape.tokens);
                    layer.insert(layer.end(), m.begin(), m.end());
                }
                inputs->cache.push_back(std::move(layer));
            }
        };
    }

    Result<SequenceMetrics> metrics = makeError(ErrorCode::Internal, "not analysed");
    const ProgressCallback layers = within(progress, 0.0, 0.9);
    try {
        if (inputs->kind == AnalysisKind::Text) {
            inputs->model->setThreadsForCallingThread(inputs->threads);
            passes::PassTimes times;
            metrics =
                passes::analyzeModelPass(*inputs->model, inputs->ids, source.name(), settings,
                                         level.value(), options, cacheLayer, times, stop, layers);
        } else {
            SequenceAnalyzer analyzer(settings, level.value(), options);
            metrics = analyzer.run(source, stop, layers);
        }
    } catch (const std::bad_alloc&) {
        inputs->cache.clear();
        return makeError(ErrorCode::OutOfMemory,
                         "There is not enough memory to analyse this text; try a shorter text.");
    }
    if (!metrics) {
        return metrics.error();
    }
    if (cacheLayers > 0) {
        m_cached = inputs;
    }
    if (progress) {
        progress({.fraction = 0.9, .stage = "details"});
    }
    auto snapshot = std::make_shared<AnalysisSnapshot>();
    snapshot->generation = ++m_generation;
    snapshot->kind = inputs->kind;
    snapshot->sourceName = inputs->kind == AnalysisKind::TeachingPatterns
                               ? std::string("teaching patterns")
                               : source.name();
    snapshot->model = inputs->kind == AnalysisKind::Text ? m_card : nullptr;
    snapshot->settings = settings;
    snapshot->tokens = std::move(tokens);
    if (Status d = fillDetails(metrics.value(), settings, level.value(), m_options.details, stop,
                               *snapshot);
        !d) {
        return d.error();
    }
    snapshot->warnings = std::move(warnings);
    for (const Warning& w : metrics->warnings) {
        snapshot->warnings.push_back(w);
    }
    snapshot->metrics = std::make_shared<const SequenceMetrics>(std::move(metrics.value()));
    snapshot->inputs = std::move(inputs);
    if (progress) {
        progress({.fraction = 1.0, .stage = "details"});
    }
    return AnalysisPtr(std::move(snapshot));
}

Result<std::vector<std::vector<int>>> Session::corpusIds(const std::string& corpusPath,
                                                         int sequences, int minTokens,
                                                         int maxTokens,
                                                         std::stop_token stop) const {
    if (!m_model || !m_tokenizer) {
        return noModel();
    }
    CorpusOptions options;
    options.minTokens = std::min(minTokens, maxTokens);
    options.maxTokens = std::min(maxTokens, m_model->config().maxPositions);
    options.maxSequences = sequences;
    auto corpus = buildCorpus(corpusPath, *m_tokenizer, options, nullptr, stop);
    if (!corpus) {
        return corpus.error();
    }
    std::vector<std::vector<int>> ids;
    for (const CorpusSequence& c : corpus.value()) {
        ids.push_back(c.ids());
    }
    if (ids.empty()) {
        return makeError(ErrorCode::InvalidInput,
                         "The corpus '" + corpusPath + "' is too short: it gives no sequence of " +
                             std::to_string(options.minTokens) +
                             " tokens; give a longer corpus or fewer tokens per sequence.");
    }
    return ids;
}

Result<std::shared_ptr<const HeadMeans>> Session::headMeans(const std::string& corpusPath,
                                                            int sequences, int minTokens,
                                                            int maxTokens, std::stop_token stop) {
    if (!m_model || !m_card) {
        return noModel();
    }
    const std::string key = m_card->dir + "\n" + m_card->info.configHash + "\n" + corpusPath +
                            "\n" + std::to_string(sequences) + "\n" + std::to_string(minTokens) +
                            "\n" + std::to_string(maxTokens);
    if (m_means && key == m_meansKey) {
        return m_means;
    }
    auto ids = corpusIds(corpusPath, sequences, minTokens, maxTokens, stop);
    if (!ids) {
        return ids.error();
    }
    m_model->setThreadsForCallingThread(passThreads(maxTokens));
    auto means = meanHeadOutputs(*m_model, ids.value(), stop);
    if (!means) {
        return means.error();
    }
    m_means = std::make_shared<const HeadMeans>(std::move(means).value());
    m_meansKey = key;
    return m_means;
}

Result<InterventionResult> Session::intervene(const std::vector<std::vector<int>>& sequences,
                                              const InterventionSpec& spec,
                                              const MethodSettings& settings,
                                              const HeadMeans* means, std::stop_token stop,
                                              const ProgressCallback& progress) {
    if (!m_model) {
        return noModel();
    }
    if (Status s = settings.validate(); !s) {
        return s.error();
    }
    std::size_t longest = 0;
    for (const auto& s : sequences) {
        longest = std::max(longest, s.size());
    }
    m_model->setThreadsForCallingThread(passThreads(static_cast<int>(longest)));
    return runIntervention(*m_model, sequences, spec, settings, means, stop, progress);
}

Result<SweepResult> Session::sweep(const std::vector<std::vector<int>>& sequences,
                                   InterventionKind kind, const std::set<int>& scales,
                                   const MethodSettings& settings, const HeadMeans* means,
                                   bool reuse, std::stop_token stop,
                                   const ProgressCallback& progress) {
    if (!m_model) {
        return noModel();
    }
    std::size_t longest = 0;
    for (const auto& s : sequences) {
        longest = std::max(longest, s.size());
    }
    m_model->setThreadsForCallingThread(passThreads(static_cast<int>(longest)));
    return sweepHeads(*m_model, sequences, kind, scales, settings, means, reuse, stop, progress);
}

Result<AnalysisPtr> Session::runCorpus(const std::string& corpusPath, const RunSettings& settings,
                                       std::stop_token stop, const ProgressCallback& progress) {
    if (!m_model || !m_tokenizer) {
        return noModel();
    }
    if (Status s = settings.method.validate(); !s) {
        return s.error();
    }
    auto run = runAnalysis(*m_model, *m_tokenizer, corpusPath, settings, stop, progress);
    if (!run) {
        return run.error();
    }
    if (stop.stop_requested()) {
        return cancelled();  // stopped after the last sequence: nothing is written or shown
    }
    auto snapshot = snapshotFromRun(std::move(run).value(), ++m_generation);
    snapshot->model = m_card;
    return AnalysisPtr(std::move(snapshot));
}

Result<AnalysisPtr> Session::openResults(const std::string& path) {
    auto run = readRunFile(path);
    if (!run) {
        return run.error();
    }
    return AnalysisPtr(snapshotFromRun(std::move(run).value(), ++m_generation));
}

Result<HeadMapPtr> Session::headMap(const std::vector<AnalysisPtr>& analyses,
                                    const std::vector<std::string>& names,
                                    const HeadMapOptions& options) const {
    std::vector<HeadMapSource> sources;
    for (std::size_t i = 0; i < analyses.size(); ++i) {
        if (!analyses[i]) {
            return makeError(ErrorCode::Internal, "The head map was asked for a missing analysis.");
        }
        sources.push_back(
            headMapSource(*analyses[i], i < names.size() ? names[i] : analyses[i]->sourceName));
    }
    auto map = computeHeadMap(sources, options);
    if (!map) {
        return map.error();
    }
    return HeadMapPtr(std::make_shared<const HeadMap>(std::move(map).value()));
}

// ---- about one analysis ------------------------------------------------------------------------

Result<std::shared_ptr<const HeadAttention>> Session::headAttention(
    const AnalysisSnapshot& analysis, int layer, int head, std::stop_token stop) {
    if (!validHead(analysis, layer, head)) {
        return badHead(analysis, layer, head);
    }
    const AnalysisInputs* in = analysis.inputs.get();
    const int T = analysis.metrics->shape.tokens;
    const int H = analysis.metrics->shape.heads;
    auto out = std::make_shared<HeadAttention>();
    out->layer = layer;
    out->head = head;
    out->generation = analysis.generation;
    if (in == nullptr) {
        // A run (or a results file): the first kept sequence that kept this head.
        if (analysis.run) {
            for (const KeptHead& k : analysis.run->kept) {
                if (k.layer == layer && k.head == head && !k.attention.empty()) {
                    out->tokens = k.tokens;
                    out->probs = k.attention;
                    out->texts.resize(static_cast<std::size_t>(k.tokens));
                    return std::shared_ptr<const HeadAttention>(std::move(out));
                }
            }
        }
        return makeError(ErrorCode::InvalidInput,
                         "This run did not keep the attention of head " + std::to_string(layer) +
                             ":" + std::to_string(head) +
                             "; run the corpus again keeping it (--keep-heads), or analyse a "
                             "text.");
    }
    out->tokens = T;
    out->texts = in->texts;
    const std::size_t n = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
    if (static_cast<std::size_t>(layer) < in->cache.size()) {
        const auto begin = in->cache[static_cast<std::size_t>(layer)].begin() +
                           static_cast<std::ptrdiff_t>(static_cast<std::size_t>(head) * n);
        out->probs.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
        return std::shared_ptr<const HeadAttention>(std::move(out));
    }
    switch (in->kind) {
        case AnalysisKind::TeachingPatterns: {
            const std::vector<double> probs =
                syntheticHead(teachingPatterns()[static_cast<std::size_t>(head)], in->synthetic);
            out->probs.assign(probs.begin(), probs.end());
            break;
        }
        case AnalysisKind::Attention: {
            auto view = in->source->layer(layer);
            if (!view) {
                return view.error();
            }
            out->probs = passes::headMatrix(view.value(), head, T);
            if (Status s = in->source->checkIntact(); !s) {
                return s.error();
            }
            break;
        }
        case AnalysisKind::Text: {
            // Not kept: the model again, up to the head's layer, with the analysis's threads.
            in->model->setThreadsForCallingThread(in->threads);
            ModelAttentionSource source(*in->model, in->ids, in->model->info().name);
            if (source.shape().heads != H) {
                return makeError(ErrorCode::Internal,
                                 "The model no longer matches the analysed sequence; analyse the "
                                 "text again.");
            }
            for (int l = 0; l < layer; ++l) {
                if (stop.stop_requested()) {
                    return cancelled();
                }
                if (auto v = source.layer(l); !v) {
                    return v.error();
                }
            }
            auto view = source.layer(layer);
            if (!view) {
                return view.error();
            }
            out->probs = passes::headMatrix(view.value(), head, T);
            break;
        }
        case AnalysisKind::Run:
            return makeError(ErrorCode::Internal, "A run has no per-sequence inputs.");
    }
    return std::shared_ptr<const HeadAttention>(std::move(out));
}

Result<std::shared_ptr<const RescaleSnapshot>> Session::rescale(const AnalysisSnapshot& analysis,
                                                                int layer, int head, double alpha,
                                                                std::stop_token stop,
                                                                const ProgressCallback& progress) {
    if (!validHead(analysis, layer, head)) {
        return badHead(analysis, layer, head);
    }
    const AnalysisInputs* in = analysis.inputs.get();
    if (in == nullptr || in->kind != AnalysisKind::Text || analysis.metrics->profiles.empty()) {
        const char* why = in == nullptr ? "a corpus run holds per-head means over its sequences"
                          : in->kind == AnalysisKind::TeachingPatterns
                              ? "the teaching patterns are made, not computed by a model"
                              : "attention from a file has no model to run again";
        return makeError(ErrorCode::InvalidArgument,
                         std::string("Rescaling needs a model to run on the shortened text, and ") +
                             why + "; analyse a text with a model to rescale it.");
    }
    const int T = static_cast<int>(in->ids.size());
    const int H = analysis.metrics->shape.heads;
    const int level = analysis.metrics->level;
    AnalyzerOptions options;
    options.threads = m_options.threads;
    options.checks = m_options.checks;
    in->model->setThreadsForCallingThread(in->threads);
    passes::PassTimes times;
    auto pass = passes::rescaledPass(*in->model, in->ids, in->model->info().name, alpha,
                                     analysis.settings, options, layer + 1, times, stop, progress);
    if (!pass) {
        return pass.error();
    }
    const std::size_t index = static_cast<std::size_t>(layer * H + head);
    auto r = std::make_shared<RescaleSnapshot>();
    r->generation = analysis.generation;
    r->layer = layer;
    r->head = head;
    r->alpha = alpha;
    r->tokens = T;
    r->subsampledTokens = pass->subsampledTokens;
    r->original = analysis.metrics->profiles[index];
    r->stretched = std::move(pass->stretched[index]);
    r->originalCoefficients = wavedec(r->original.data(), T, level);
    r->stretchedCoefficients = wavedec(r->stretched.data(), T, level);
    r->sensitivity = scaleSensitivity(r->original.data(), r->stretched.data(), T, level);
    return std::shared_ptr<const RescaleSnapshot>(std::move(r));
}

Result<HeadDetail> Session::headDetail(const AnalysisSnapshot& analysis, int layer,
                                       int head) const {
    if (!validHead(analysis, layer, head)) {
        return badHead(analysis, layer, head);
    }
    if (const HeadDetail* d = analysis.detail(layer, head); d != nullptr && !d->profile.empty()) {
        return *d;
    }
    const SequenceMetrics& m = *analysis.metrics;
    const std::size_t i = static_cast<std::size_t>(layer * m.shape.heads + head);
    if (i >= m.profiles.size() || m.profiles[i].empty()) {
        return makeError(ErrorCode::InvalidInput,
                         "This run did not keep the profile of head " + std::to_string(layer) +
                             ":" + std::to_string(head) +
                             "; run the corpus again keeping it (--keep-heads), or analyse a "
                             "text.");
    }
    HeadAnalyzer analyzer(analysis.settings, m.level);
    HeadDetail detail;
    auto r = analyzer.analyzeProfile(m.profiles[i].data(), static_cast<int>(m.profiles[i].size()),
                                     &detail);
    if (!r) {
        return r.error();
    }
    return detail;
}

Status Session::canSave(const AnalysisSnapshot& analysis) const {
    if (analysis.run) {
        return {};
    }
    if (analysis.inputs && analysis.inputs->kind == AnalysisKind::Text && analysis.metrics &&
        !analysis.tokens.empty()) {
        return {};
    }
    return makeError(ErrorCode::InvalidArgument,
                     analysis.kind == AnalysisKind::TeachingPatterns
                         ? "The teaching patterns are not a model's results; there is nothing to "
                           "save. Analyse a text or run a corpus first."
                         : "There are no results to save; analyse a text or run a corpus first.");
}

Status Session::saveResults(const AnalysisSnapshot& analysis, const std::string& path,
                            std::optional<HeadRef> selected, std::stop_token stop,
                            const ProgressCallback& progress) {
    if (Status s = canSave(analysis); !s) {
        return s;
    }
    ProgressThrottle throttle(progress);
    if (analysis.run) {
        throttle.report({.fraction = 0.0, .stage = "save"});
        return writeRunFile(path, *analysis.run);
    }
    // The text as a run of one sequence, with the threads its analysis used: what
    // runAnalysisOnSequences computes, from the analysis's main pass plus the rescaled passes.
    const AnalysisInputs& in = *analysis.inputs;
    AttentionModel& model = *in.model;
    const SequenceMetrics& analyzed = *analysis.metrics;
    const int L = analyzed.shape.layers;
    const int H = analyzed.shape.heads;
    const int T = analyzed.shape.tokens;
    RunSettings settings;
    settings.method = analysis.settings;
    settings.threads = in.threads;
    settings.sequenceWorkers = 1;
    settings.checks = m_options.checks;
    settings.keepSequences = {0};
    const std::uint64_t all = static_cast<std::uint64_t>(L) * static_cast<std::uint64_t>(H) *
                              static_cast<std::uint64_t>(T) * static_cast<std::uint64_t>(T) *
                              sizeof(float);
    if (all <= m_options.keptAttentionBytes) {
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                settings.keepHeads.push_back({l, h});
            }
        }
    } else if (selected) {
        settings.keepHeads.push_back(*selected);
    }
    passes::PackedSequences packed;
    packed.all.resize(1);
    packed.all[0].tokens = analysis.tokens;
    packed.source = "text analysed in Headwave (" + std::to_string(T) + " tokens)";
    packed.minTokens = T;
    packed.maxTokens = T;
    auto begun = passes::beginRun(model, settings, packed);
    if (!begun) {
        return begun.error();
    }
    RunResult& run = *begun.value();

    // The kept heads, as the main pass kept them: in layer order, the list's order within a layer.
    std::vector<passes::SequenceOutcome> outcomes(1);
    passes::SequenceOutcome& out = outcomes[0];
    const bool keepProfiles = !settings.method.alphas.empty();
    for (int l = 0; l < L; ++l) {
        for (const HeadRef& k : settings.keepHeads) {
            if (k.layer != l || k.head < 0 || k.head >= H) {
                continue;
            }
            auto a = headAttention(analysis, k.layer, k.head, stop);
            if (!a) {
                return a.error();
            }
            KeptHead kept{0, k.layer, k.head, T, (*a)->probs, {}};
            if (keepProfiles) {
                kept.profile = analyzed.profiles[static_cast<std::size_t>(l * H + k.head)];
            }
            out.kept.push_back(std::move(kept));
        }
    }

    AnalyzerOptions options;
    options.threads = settings.threads;
    options.checks = settings.checks;
    options.keepProfiles = keepProfiles;
    SequenceMetrics m = analyzed;
    if (keepProfiles) {
        model.setThreadsForCallingThread(in.threads);
    }
    const double passCount = 1.0 + static_cast<double>(settings.method.alphas.size());
    Status completed = passes::completeSequence(
        model, in.ids, 0, m, run, options, out, stop,
        [&throttle, passCount](const std::string& stage, double f) {
            // The main pass is done (the analysis): the rescaled passes take the rest.
            throttle.report(
                {.fraction = 0.95 * (f * passCount - 1.0) / (passCount - 1.0), .stage = stage});
        });
    if (!completed) {
        return completed;
    }
    std::vector<const CorpusSequence*> mine{&packed.all[0]};
    passes::endRun(run, mine, outcomes);
    throttle.report({.fraction = 0.95, .stage = "save"});
    return writeRunFile(path, run);
}

// ---- comparisons -------------------------------------------------------------------------------

Result<std::shared_ptr<const std::vector<TimelineRow>>> Session::timeline(
    const std::vector<std::string>& dirs, const std::string& textPath,
    const TimelineSettings& settings, std::stop_token stop, const ProgressCallback& progress) {
    auto rows = computeTimeline(dirs, textPath, settings, stop, progress);
    if (!rows) {
        return rows.error();
    }
    if (stop.stop_requested()) {
        return cancelled();
    }
    return std::make_shared<const std::vector<TimelineRow>>(std::move(rows).value());
}

std::uint64_t Session::cachedAttentionBytes() const {
    std::uint64_t bytes = 0;
    if (auto cached = m_cached.lock()) {
        for (const auto& layer : cached->cache) {
            bytes += layer.size() * sizeof(float);
        }
    }
    return bytes;
}

Result<ComparisonPtr> Session::compare(std::vector<ComparisonSource> sources) const {
    return compareAnalyses(std::move(sources));
}

}  // namespace headwave
