// SPDX-License-Identifier: GPL-3.0-or-later
// Analysis runs on a real model (../shared/models/stories260K) and text (../shared/text):
// reproducibility, shards that merge into exactly the single run, cancellation, the results file,
// and one sequence's numbers against the engine's per-head metrics computed directly.
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/formats/npz_archive.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/corpus.h"
#include "headwave/run/results_file.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-runs-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Fixture {
    std::unique_ptr<AttentionModel> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::string corpus;
};

Fixture* fixture() {
    static std::unique_ptr<Fixture> f = [] {
        auto out = std::make_unique<Fixture>();
        const fs::path dir = test::sharedDir() / "models/stories260K";
        if (!fs::exists(dir / "config.json")) {
            return std::unique_ptr<Fixture>();
        }
        auto m = loadAttentionModel(dir.string());
        auto t = loadTokenizer(dir.string());
        if (!m || !t) {
            return std::unique_ptr<Fixture>();
        }
        out->model = std::move(m.value());
        out->tokenizer = std::move(t.value());
        out->corpus = (test::sharedDir() / "text/tinyshakespeare.txt").string();
        return out;
    }();
    return f.get();
}

#define REQUIRE_FIXTURE()                                                    \
    Fixture* fx = fixture();                                                 \
    if (fx == nullptr) {                                                     \
        HW_SKIP(                                                             \
            "../shared/models/stories260K or ../shared/text not found (set " \
            "HEADWAVE_SHARED to the shared folder)");                        \
    }

RunSettings smallRun() {
    RunSettings s;
    s.corpus.minTokens = 64;
    s.corpus.maxTokens = 128;
    s.corpus.maxSequences = 6;
    s.keepHeads = {{0, 1}, {4, 7}};
    s.keepSequences = {0, 4};
    return s;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

HW_TEST(two_runs_are_identical_bit_for_bit) {
    REQUIRE_FIXTURE();
    auto a = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, smallRun());
    auto b = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, smallRun());
    HW_CHECK_MSG(a.ok() && b.ok(), (a.ok() ? "" : a.error().describe()));
    if (!a.ok() || !b.ok()) {
        return;
    }
    HW_CHECK_EQ((*a)->sequences(), 6);
    HW_CHECK(sameBits((*a)->metrics, (*b)->metrics));
    for (int t : (*a)->tokens) {
        HW_CHECK(t >= 64 && t <= 128);
    }
    const fs::path fa = scratch() / "a.hwrun";
    const fs::path fb = scratch() / "b.hwrun";
    HW_CHECK(writeRunFile(fa.string(), **a).ok());
    HW_CHECK(writeRunFile(fb.string(), **b).ok());
    HW_CHECK(slurp(fa) == slurp(fb));

    // Every scale-sensitivity value is defined and in [0, 2].
    const int c = (*a)->layout.index("scale_sensitivity_a0.5");
    HW_CHECK(c >= 0);
    for (int s = 0; s < 6; ++s) {
        const double v = (*a)->metric(s, 2, 3, static_cast<std::size_t>(c));
        HW_CHECK(v >= 0.0 && v <= 2.0);
    }
}

HW_TEST(shards_merge_into_the_single_run) {
    REQUIRE_FIXTURE();
    auto single = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, smallRun());
    HW_CHECK(single.ok());
    std::vector<std::shared_ptr<const RunResult>> shards;
    for (int k = 0; k < 3; ++k) {
        RunSettings s = smallRun();
        s.shard = Shard{k, 3};
        auto r = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, s);
        HW_CHECK(r.ok());
        if (!r.ok()) {
            return;
        }
        HW_CHECK_EQ((*r)->sequences(), 2);
        // Through the file, as a cluster job would hand it over.
        const fs::path p = scratch() / ("shard" + std::to_string(k) + ".hwrun");
        HW_CHECK(writeRunFile(p.string(), **r).ok());
        auto back = readRunFile(p.string());
        HW_CHECK(back.ok());
        shards.push_back(back.value());
    }
    std::reverse(shards.begin(), shards.end());  // merge order does not matter
    auto merged = mergeRuns(shards);
    HW_CHECK(merged.ok());
    if (!merged.ok() || !single.ok()) {
        return;
    }
    HW_CHECK(sameBits((*merged)->metrics, (*single)->metrics));
    HW_CHECK((*merged)->sequenceIndex == (*single)->sequenceIndex);
    HW_CHECK(sameBits((*merged)->summary->headMean, (*single)->summary->headMean));
    HW_CHECK_EQ((*merged)->summary->rhoModel, (*single)->summary->rhoModel);
    const fs::path fm = scratch() / "merged.hwrun";
    const fs::path fs1 = scratch() / "single.hwrun";
    HW_CHECK(writeRunFile(fm.string(), **merged).ok());
    HW_CHECK(writeRunFile(fs1.string(), **single).ok());
    HW_CHECK(slurp(fm) == slurp(fs1));

    // A shard given twice, or runs of different settings, are refused.
    auto partial = mergeRuns({shards[0], shards[1]});
    HW_CHECK(!partial.ok() && partial.error().message.find("0/3 are missing") != std::string::npos);
    auto twice = mergeRuns({shards[0], shards[0]});
    HW_CHECK(!twice.ok() && twice.error().message.find("more than one") != std::string::npos);
    RunSettings other = smallRun();
    other.method.bandLowEdge = 0.2;
    auto different = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, other);
    HW_CHECK(different.ok());
    auto mixed = mergeRuns({shards[0], different.value()});
    HW_CHECK(!mixed.ok() && mixed.error().message.find("settings") != std::string::npos);
}

HW_TEST(one_sequence_equals_the_engine_computed_directly) {
    REQUIRE_FIXTURE();
    // Two sequence workers, one libtorch thread each; the direct computation below uses one
    // thread too (float32 sums depend on how the work is split).
    RunSettings settings = smallRun();
    settings.threads = 2;
    settings.sequenceWorkers = 2;
    auto run = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, settings);
    fx->model->setThreadsForCallingThread(1);
    HW_CHECK(run.ok());
    if (!run.ok()) {
        return;
    }
    const RunResult& r = **run;
    const int s = 3;
    std::size_t off = 0;
    for (int i = 0; i < s; ++i) {
        off += static_cast<std::size_t>(r.tokens[static_cast<std::size_t>(i)]);
    }
    const int T = r.tokens[static_cast<std::size_t>(s)];
    const std::vector<int> ids(r.tokenIds.begin() + static_cast<std::ptrdiff_t>(off),
                               r.tokenIds.begin() + static_cast<std::ptrdiff_t>(off) + T);
    HeadAnalyzer analyzer(r.settings.method, r.level);
    std::vector<double> row(r.layout.size());
    int checked = 0;
    std::vector<std::vector<double>> profiles(40);
    auto out = runModel(*fx->model, ids, [&](const LayerAttention& a) -> Status {
        for (int h = 0; h < a.heads; ++h) {
            HeadDetail detail;
            auto m = analyzer.analyze(a.probs + static_cast<std::size_t>(h * T * T), T, &detail);
            HW_CHECK(m.ok());
            r.layout.flatten(m.value(), row.data());
            profiles[static_cast<std::size_t>(a.layer * a.heads + h)] = detail.profile;
            for (std::size_t c = 0; c < r.layout.size(); ++c) {
                if (r.layout.column(c).key.rfind("scale_sensitivity", 0) == 0) {
                    continue;
                }
                // The same code on the same attention: identical bits.
                const double want = r.metric(s, a.layer, h, c);
                HW_CHECK_MSG(row[c] == want || (std::isnan(row[c]) && std::isnan(want)),
                             r.layout.column(c).key << " layer " << a.layer << " head " << h);
                ++checked;
            }
        }
        return {};
    });
    HW_CHECK(out.ok());
    HW_CHECK(checked > 100);

    // Scale sensitivity of one head at alpha = 0.25, by hand.
    auto idx = subsampleIndices(T, 0.25, Subsampling::Strided);
    HW_CHECK(idx.ok());
    std::vector<int> sub;
    for (int i : idx.value()) {
        sub.push_back(ids[static_cast<std::size_t>(i)]);
    }
    std::vector<double> small;
    auto pass = runModel(*fx->model, sub, [&](const LayerAttention& a) -> Status {
        if (a.layer == 2) {
            auto p = analyzer.profile(a.probs + static_cast<std::size_t>(5 * a.tokens * a.tokens),
                                      a.tokens);
            HW_CHECK(p.ok());
            small = p.value();
        }
        return {};
    });
    HW_CHECK(pass.ok());
    const auto stretched = stretchProfile(small.data(), static_cast<int>(small.size()), T);
    const double sens = scaleSensitivity(profiles[2 * 8 + 5].data(), stretched.data(), T, r.level);
    HW_CHECK_EQ(
        sens,
        r.metric(s, 2, 5, static_cast<std::size_t>(r.layout.index("scale_sensitivity_a0.25"))));
}

// A text typed in the app is saved through runAnalysisOnSequences: the corpus's own packed
// sequences handed over directly give the corpus run's result, bit for bit.
HW_TEST(sequences_given_directly_equal_the_corpus_run) {
    REQUIRE_FIXTURE();
    const RunSettings settings = smallRun();
    auto run = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, settings);
    auto packed = buildCorpus(fx->corpus, *fx->tokenizer, settings.corpus);
    HW_CHECK(run.ok() && packed.ok());
    if (!run.ok() || !packed.ok()) {
        return;
    }
    auto direct = runAnalysisOnSequences(*fx->model, packed.value(), "typed text", settings);
    HW_CHECK_MSG(direct.ok(), (direct.ok() ? "" : direct.error().describe()));
    if (!direct.ok()) {
        return;
    }
    const RunResult& a = **run;
    const RunResult& b = **direct;
    HW_CHECK_EQ(b.level, a.level);
    HW_CHECK(sameBits(b.metrics, a.metrics));
    HW_CHECK(b.tokenIds == a.tokenIds);
    HW_CHECK_EQ(b.corpus.hash, a.corpus.hash);
    HW_CHECK_EQ(b.corpus.source, std::string("typed text"));
    HW_CHECK_EQ(b.kept.size(), a.kept.size());
    for (std::size_t i = 0; i < a.kept.size() && i < b.kept.size(); ++i) {
        HW_CHECK(b.kept[i].attention == a.kept[i].attention);
    }
    HW_CHECK(sameBits(b.summary->headMean, a.summary->headMean));

    // Lengths the model cannot take, and nothing at all, are refused with a message.
    std::vector<CorpusSequence> one(1);
    one[0].tokens = packed.value()[0].tokens;
    one[0].tokens.resize(1);
    auto tooShort = runAnalysisOnSequences(*fx->model, one, "typed text", settings);
    HW_CHECK(!tooShort.ok() && tooShort.error().code == ErrorCode::InvalidArgument);
    auto none = runAnalysisOnSequences(*fx->model, {}, "typed text", settings);
    HW_CHECK(!none.ok() && none.error().message.find("no sequence") != std::string::npos);
}

HW_TEST(sequence_workers_do_not_change_the_result) {
    REQUIRE_FIXTURE();
    // One libtorch thread per worker in each case: 1, 2 and 3 sequences at once must give the
    // same bits, the same kept heads and the warnings in the same order.
    std::vector<std::shared_ptr<const RunResult>> runs;
    for (int workers : {1, 2, 3}) {
        RunSettings s = smallRun();
        s.threads = workers;
        s.sequenceWorkers = workers;
        auto r = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, s);
        HW_CHECK_MSG(r.ok(), (r.ok() ? "" : r.error().describe()));
        if (!r.ok()) {
            return;
        }
        HW_CHECK_EQ((*r)->workers, workers);
        runs.push_back(r.value());
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        HW_CHECK(sameBits(runs[0]->metrics, runs[i]->metrics));
        HW_CHECK(runs[0]->sequenceIndex == runs[i]->sequenceIndex);
        HW_CHECK(runs[0]->tokenIds == runs[i]->tokenIds);
        HW_CHECK(runs[0]->warnings == runs[i]->warnings);
        HW_CHECK_EQ(runs[0]->kept.size(), runs[i]->kept.size());
        for (std::size_t k = 0; k < runs[0]->kept.size() && k < runs[i]->kept.size(); ++k) {
            const KeptHead& a = runs[0]->kept[k];
            const KeptHead& b = runs[i]->kept[k];
            HW_CHECK(a.sequence == b.sequence && a.layer == b.layer && a.head == b.head);
            HW_CHECK(a.attention == b.attention);
            HW_CHECK(sameBits(a.profile, b.profile));
        }
    }
}

namespace {
// The real model, but the n-th forward pass (counting from 1, over all threads) fails.
class FailingModel : public AttentionModel {
public:
    FailingModel(AttentionModel& inner, int failAt) : m_inner(inner), m_failAt(failAt) {}
    const ModelConfig& config() const override { return m_inner.config(); }
    const ModelInfo& info() const override { return m_inner.info(); }
    Result<std::unique_ptr<ForwardPass>> begin(const std::vector<int>& ids) override {
        if (++m_calls == m_failAt) {
            return makeError(ErrorCode::OutOfMemory, "injected failure");
        }
        return m_inner.begin(ids);
    }
    void setThreadsForCallingThread(int threads) override {
        m_inner.setThreadsForCallingThread(threads);
    }

private:
    AttentionModel& m_inner;
    int m_failAt;
    std::atomic<int> m_calls{0};
};
}  // namespace

HW_TEST(a_failing_sequence_stops_every_worker_and_reports_its_error) {
    REQUIRE_FIXTURE();
    // 6 sequences x 3 passes; fail passes early, in the middle and at the very end.
    for (int failAt : {1, 5, 10, 18}) {
        FailingModel failing(*fx->model, failAt);
        RunSettings s = smallRun();
        s.threads = 2;
        s.sequenceWorkers = 2;
        auto r = runAnalysis(failing, *fx->tokenizer, fx->corpus, s);
        HW_CHECK(!r.ok());
        if (!r.ok()) {
            HW_CHECK_EQ(static_cast<int>(r.error().code), static_cast<int>(ErrorCode::OutOfMemory));
            HW_CHECK(r.error().message == "injected failure");
        }
    }
}

HW_TEST(cancelling_stops_at_any_point_and_returns_cancelled) {
    REQUIRE_FIXTURE();
    for (int after : {1, 3, 10, 40}) {
        std::stop_source stop;
        int calls = 0;
        auto r = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, smallRun(), stop.get_token(),
                             [&](const Progress&) {
                                 if (++calls == after) {
                                     stop.request_stop();
                                 }
                             });
        // Either it was stopped (Cancelled) or it finished before that many progress reports.
        HW_CHECK(r.ok() ? calls < after : r.error().code == ErrorCode::Cancelled);
    }
}

HW_TEST(results_file_round_trip_and_foreign_files) {
    REQUIRE_FIXTURE();
    auto run = runAnalysis(*fx->model, *fx->tokenizer, fx->corpus, smallRun());
    HW_CHECK(run.ok());
    if (!run.ok()) {
        return;
    }
    const fs::path p = scratch() / "round.hwrun";
    HW_CHECK(writeRunFile(p.string(), **run).ok());
    auto back = readRunFile(p.string());
    HW_CHECK_MSG(back.ok(), (back.ok() ? "" : back.error().describe()));
    if (!back.ok()) {
        return;
    }
    const RunResult& a = **run;
    const RunResult& b = **back;
    HW_CHECK(sameBits(a.metrics, b.metrics));
    HW_CHECK(a.tokens == b.tokens && a.tokenIds == b.tokenIds);
    HW_CHECK_EQ(a.model.configHash, b.model.configHash);
    HW_CHECK_EQ(a.corpus.hash, b.corpus.hash);
    HW_CHECK_EQ(a.settings.method.toJson(), b.settings.method.toJson());
    HW_CHECK_EQ(a.kept.size(), 4u);  // 2 heads x 2 sequences
    HW_CHECK_EQ(b.kept.size(), 4u);
    if (a.kept.size() == 4 && b.kept.size() == 4) {
        HW_CHECK(a.kept[0].attention == b.kept[0].attention);
        HW_CHECK(a.kept[0].profile == b.kept[0].profile);
    }

    // Foreign and old files: clear messages, no crash.
    const fs::path text = scratch() / "notes.hwrun";
    std::ofstream(text) << "just text";
    auto t = readRunFile(text.string());
    HW_CHECK(!t.ok() && t.error().message.find("not a Headwave results file") != std::string::npos);
    const fs::path foreign = scratch() / "foreign.npz";
    {
        auto w = NpzWriter::create(foreign.string());
        HW_CHECK(w.ok());
        const double x = 1;
        HW_CHECK(w->addArray("x", DType::Float64, {1}, &x).ok());
        HW_CHECK(w->finish().ok());
    }
    auto f = readRunFile(foreign.string());
    HW_CHECK(!f.ok() && f.error().message.find("no 'format' member") != std::string::npos);
    const fs::path future = scratch() / "future.hwrun";
    {
        auto w = NpzWriter::create(future.string());
        HW_CHECK(w.ok());
        const std::int64_t v = 99;
        HW_CHECK(w->addString("format", "headwave-run").ok());
        HW_CHECK(w->addInt64Array("format_version", {1}, &v).ok());
        HW_CHECK(w->finish().ok());
    }
    auto fut = readRunFile(future.string());
    HW_CHECK(!fut.ok() && fut.error().message.find("format version 99") != std::string::npos);
    // Every truncation of a real results file is an error, never a crash.
    const std::string bytes = slurp(p);
    int refused = 0;
    for (std::size_t n = 0; n < bytes.size(); n += std::max<std::size_t>(1, bytes.size() / 300)) {
        const fs::path cut = scratch() / "cut.hwrun";
        std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(n));
        refused += readRunFile(cut.string()).ok() ? 0 : 1;
    }
    HW_CHECK(refused >= 290);
}

HW_TEST(corpus_formats_packing_and_sampling) {
    REQUIRE_FIXTURE();
    const fs::path jsonl = scratch() / "c.jsonl";
    {
        std::ofstream out(jsonl);
        for (int i = 0; i < 40; ++i) {
            out << "{\"text\": \"Paragraph " << i
                << " about a little girl named Lily who liked the sun and the sea.\"}\n";
        }
    }
    CorpusOptions o;
    o.minTokens = 60;  // a paragraph is 36 tokens here: every sequence packs two or three
    o.maxTokens = 120;
    o.maxSequences = 0;
    CorpusStats st;
    auto seqs = buildCorpus(jsonl.string(), *fx->tokenizer, o, &st);
    HW_CHECK(seqs.ok());
    if (seqs.ok()) {
        HW_CHECK(!seqs->empty());
        for (const auto& s : seqs.value()) {
            HW_CHECK(static_cast<int>(s.tokens.size()) >= 60 &&
                     static_cast<int>(s.tokens.size()) <= 120);
            HW_CHECK(s.text.find("\n\n") != std::string::npos);  // packed paragraphs
        }
        HW_CHECK_EQ(st.paragraphs, 40);
    }
    // Sampling is deterministic for a seed and keeps corpus order.
    o.maxSequences = 3;
    o.sample = true;
    o.sampleSeed = 7;
    auto s1 = buildCorpus(jsonl.string(), *fx->tokenizer, o);
    auto s2 = buildCorpus(jsonl.string(), *fx->tokenizer, o);
    HW_CHECK(s1.ok() && s2.ok() && s1->size() == 3u);
    if (s1.ok() && s2.ok()) {
        for (std::size_t i = 0; i < s1->size(); ++i) {
            HW_CHECK_EQ((*s1)[i].index, (*s2)[i].index);
            HW_CHECK(i == 0 || (*s1)[i].index > (*s1)[i - 1].index);
        }
    }
    // Errors name the file and line.
    const fs::path bad = scratch() / "bad.jsonl";
    std::ofstream(bad) << "{\"text\": \"ok\"}\n{\"title\": 3}\n";
    o.sample = false;
    auto b = buildCorpus(bad.string(), *fx->tokenizer, o);
    HW_CHECK(!b.ok() && b.error().message.find("Line 2") != std::string::npos);
    auto missing = buildCorpus((scratch() / "nope.txt").string(), *fx->tokenizer, o);
    HW_CHECK(!missing.ok() && missing.error().code == ErrorCode::FileNotFound);
    // A folder of .txt files.
    const fs::path folder = scratch() / "books";
    fs::create_directories(folder);
    std::ofstream(folder / "b.txt") << "Second book.\n\nIts second paragraph.\n";
    std::ofstream(folder / "a.txt") << "First book, first paragraph.\n";
    auto reader = openCorpus(folder.string(), CorpusFormat::Auto);
    HW_CHECK(reader.ok());
    std::string para;
    std::vector<std::string> paras;
    while (reader.ok() && (*reader)->next(para).value()) {
        paras.push_back(para);
    }
    HW_CHECK_EQ(paras.size(), 3u);
    HW_CHECK(!paras.empty() && paras[0] == "First book, first paragraph.");
}

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    if (std::getenv("HEADWAVE_KEEP_TEST_FILES") == nullptr) {
        fs::remove_all(scratch(), ec);
    } else {
        std::fprintf(stderr, "kept %s\n", scratch().c_str());
    }
    return rc;
}
