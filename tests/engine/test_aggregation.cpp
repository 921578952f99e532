// SPDX-License-Identifier: GPL-3.0-or-later
// Corpus aggregation and the layer-by-layer sequence analyzer, against naive references.
#include <atomic>
#include <cmath>
#include <random>
#include <stop_token>
#include <vector>

#include "check.h"
#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/dsp/statistics.h"
#include "headwave/run/metrics_writer.h"
#include "random_attention.h"

using namespace headwave;

namespace {

// An in-memory attention source: [layers, heads, T, T] float32, generated deterministically.
class FakeSource : public AttentionSource {
public:
    FakeSource(int layers, int heads, int T, std::uint32_t seed) : m_shape{layers, heads, T} {
        for (int l = 0; l < layers; ++l) {
            std::vector<float> layer;
            for (int h = 0; h < heads; ++h) {
                const auto A = test::randomAttention<float>(
                    T, seed + static_cast<std::uint32_t>(l * 100 + h), (l + h) % 3 != 0);
                layer.insert(layer.end(), A.begin(), A.end());
            }
            m_layers.push_back(std::move(layer));
        }
    }
    AttentionShape shape() const override { return m_shape; }
    std::string name() const override { return "fake"; }
    Result<LayerView> layer(int l) override {
        ++layerCalls;
        if (l == failLayer) {
            return makeError(ErrorCode::FileRead, "layer unreadable");
        }
        if (onLayer) {
            onLayer(l);
        }
        LayerView v;
        v.dtype = DType::Float32;
        v.data = m_layers[static_cast<std::size_t>(l)].data();
        return v;
    }
    std::vector<float>& raw(int l) { return m_layers[static_cast<std::size_t>(l)]; }

    int failLayer = -1;
    std::function<void(int)> onLayer;
    std::atomic<int> layerCalls{0};

private:
    AttentionShape m_shape;
    std::vector<std::vector<float>> m_layers;
};

}  // namespace

HW_TEST(running_stats_match_two_pass_and_merge) {
    std::mt19937 rng(1);
    std::normal_distribution<double> d(3.0, 2.0);
    std::vector<double> v(1000);
    RunningStats all;
    RunningStats a;
    RunningStats b;
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = d(rng);
        all.add(v[i]);
        (i < 300 ? a : b).add(v[i]);
    }
    all.add(std::nan(""));
    const Summary s = summarize(v);
    HW_CHECK_CLOSE(all.mean(), s.mean, 1e-13, 0);
    HW_CHECK_CLOSE(all.std(), s.std, 1e-12, 0);
    HW_CHECK_EQ(all.count(), 1000);
    HW_CHECK_EQ(all.skipped(), 1);
    a.merge(b);
    HW_CHECK_CLOSE(a.mean(), all.mean(), 1e-13, 0);
    HW_CHECK_CLOSE(a.std(), all.std(), 1e-12, 0);
    HW_CHECK(std::isnan(RunningStats{}.mean()));
}

HW_TEST(percentile_and_iqr_like_numpy) {
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75, ([1..5], 75) = 4, IQR([1..5]) = 2.
    HW_CHECK_CLOSE(percentile({4, 1, 3, 2}, 25), 1.75, 0, 1e-15);
    HW_CHECK_CLOSE(percentile({1, 2, 3, 4, 5}, 75), 4.0, 0, 1e-15);
    HW_CHECK_CLOSE(percentile({1, 2, 3, 4, 5, std::nan("")}, 50), 3.0, 0, 1e-15);
    HW_CHECK_CLOSE(summarize({1, 2, 3, 4, 5}).iqr, 2.0, 0, 1e-15);
    HW_CHECK_CLOSE(percentile({0.1, 0.7}, 10), 0.16, 0, 1e-15);
    HW_CHECK(std::isnan(percentile({}, 50)));
    const Summary one = summarize({2.5});
    HW_CHECK(one.mean == 2.5 && one.std == 0.0 && one.iqr == 0.0);
}

HW_TEST(correlation_status_and_merge) {
    RunningCorrelation c;
    c.add(1, 2);
    HW_CHECK(c.status() == CorrelationStatus::TooFewPairs && std::isnan(c.r()));
    c.add(1, 3);
    HW_CHECK(c.status() == CorrelationStatus::ZeroVariance && std::isnan(c.r()));
    RunningCorrelation a;
    RunningCorrelation b;
    std::vector<double> x;
    std::vector<double> y;
    for (int i = 0; i < 40; ++i) {
        x.push_back(std::sin(i * 0.7));
        y.push_back(std::cos(i * 0.3) + 0.5 * x.back());
        (i % 3 == 0 ? a : b).add(x.back(), y.back());
    }
    a.merge(b);
    HW_CHECK_CLOSE(a.r(), pearson(x.data(), y.data(), x.size()), 1e-12, 0);
    // Perfect (anti-)correlation.
    RunningCorrelation p;
    for (int i = 0; i < 5; ++i) {
        p.add(i, -2.0 * i + 1);
    }
    HW_CHECK_CLOSE(p.r(), -1.0, 0, 1e-15);
}

HW_TEST(analyzer_equals_head_by_head_and_threads_agree) {
    FakeSource source(3, 4, 48, 7);
    const int level = dwtMaxLevel(48);
    MethodSettings settings;
    AnalyzerOptions one;
    one.threads = 1;
    AnalyzerOptions two;
    two.threads = 2;
    auto r1 = SequenceAnalyzer(settings, level, one).run(source);
    auto r2 = SequenceAnalyzer(settings, level, two).run(source);
    HW_CHECK(r1.ok() && r2.ok());
    if (!r1.ok() || !r2.ok()) {
        return;
    }
    HeadAnalyzer reference(settings, level);
    for (int l = 0; l < 3; ++l) {
        for (int h = 0; h < 4; ++h) {
            const float* A = source.raw(l).data() + static_cast<std::size_t>(h) * 48 * 48;
            auto m = reference.analyze(A, 48);
            HW_CHECK(m.ok());
            // Bit-identical: the same code on the same data, whatever thread ran it.
            HW_CHECK_EQ(r1->at(l, h).spectralEntropy, m->spectralEntropy);
            HW_CHECK_EQ(r2->at(l, h).spectralEntropy, m->spectralEntropy);
            HW_CHECK_EQ(r2->at(l, h).bandLow, r1->at(l, h).bandLow);
            HW_CHECK(r2->at(l, h).scaleEntropy == r1->at(l, h).scaleEntropy);
        }
    }
}

HW_TEST(analyzer_reports_progress_errors_and_cancels) {
    FakeSource source(4, 2, 32, 3);
    const int level = dwtMaxLevel(32);
    std::vector<Progress> seen;
    auto r = SequenceAnalyzer(MethodSettings{}, level).run(source, {}, [&](const Progress& p) {
        seen.push_back(p);
    });
    HW_CHECK(r.ok());
    HW_CHECK(!seen.empty() && seen.back().done == 4 && seen.back().fraction == 1.0);

    // A bad value in layer 2, head 1 is reported with its place.
    source.raw(2)[32 * 32 + 5] = std::nanf("");
    auto bad = SequenceAnalyzer(MethodSettings{}, level).run(source);
    HW_CHECK(!bad.ok() && bad.error().message.find("layer 2, head 1") != std::string::npos);

    // An unreadable layer is an error, not a crash.
    FakeSource failing(3, 2, 32, 4);
    failing.failLayer = 1;
    auto io = SequenceAnalyzer(MethodSettings{}, level).run(failing);
    HW_CHECK(!io.ok() && io.error().code == ErrorCode::FileRead);

    // Stop requested while layer 1 is fetched: cancelled, and no further layer is read.
    FakeSource slow(6, 2, 32, 5);
    std::stop_source stopper;
    slow.onLayer = [&](int l) {
        if (l == 1) {
            stopper.request_stop();
        }
    };
    auto cancelled = SequenceAnalyzer(MethodSettings{}, level).run(slow, stopper.get_token());
    HW_CHECK(!cancelled.ok() && cancelled.error().code == ErrorCode::Cancelled);
    HW_CHECK(slow.layerCalls.load() == 2);
}

HW_TEST(aggregator_means_rho_and_summary_match_naive) {
    const int layers = 2;
    const int heads = 3;
    const int sequences = 6;
    MethodSettings settings;
    const int level = 3;
    MetricLayout layout(settings, level);
    CorpusAggregator agg(layout, layers, heads);
    CorpusAggregator shardA(layout, layers, heads);
    CorpusAggregator shardB(layout, layers, heads);
    std::vector<SequenceMetrics> all;
    for (int s = 0; s < sequences; ++s) {
        FakeSource source(layers, heads, 40 + 8 * s, 20u + static_cast<std::uint32_t>(s));
        auto r = SequenceAnalyzer(settings, level).run(source);
        HW_CHECK(r.ok());
        HW_CHECK(agg.add(r.value()).ok());
        HW_CHECK((s < 2 ? shardA : shardB).add(r.value()).ok());
        all.push_back(std::move(r.value()));
    }
    auto sum = agg.summary();
    HW_CHECK_EQ(sum->sequences, sequences);
    const int hs = layout.index("spectral_entropy");
    const int hp = layout.index("positional_entropy");
    std::vector<double> headMeans;
    double layerRho[2] = {0, 0};
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < heads; ++h) {
            std::vector<double> x;
            std::vector<double> y;
            double mean = 0;
            for (const auto& seq : all) {
                x.push_back(seq.at(l, h).positionalEntropy);
                y.push_back(seq.at(l, h).spectralEntropy);
                mean += seq.at(l, h).spectralEntropy / sequences;
            }
            headMeans.push_back(mean);
            HW_CHECK_CLOSE(sum->mean(l, h, static_cast<std::size_t>(hs)), mean, 1e-13, 0);
            const double r = pearson(x.data(), y.data(), x.size());
            HW_CHECK_CLOSE(sum->rhoHead[static_cast<std::size_t>(l * heads + h)], r, 1e-10, 0);
            layerRho[l] += r / heads;
        }
        HW_CHECK_CLOSE(sum->rhoLayer[static_cast<std::size_t>(l)], layerRho[l], 1e-10, 0);
    }
    HW_CHECK_CLOSE(sum->rhoModel, (layerRho[0] + layerRho[1]) / 2, 1e-10, 0);
    const Summary naive = summarize(headMeans);
    const ColumnSummary& col = sum->columns[static_cast<std::size_t>(hs)];
    HW_CHECK_CLOSE(col.overHeads.mean, naive.mean, 1e-13, 0);
    HW_CHECK_CLOSE(col.overHeads.iqr, naive.iqr, 1e-12, 0);
    HW_CHECK_CLOSE(col.layerMean[1], (headMeans[3] + headMeans[4] + headMeans[5]) / 3, 1e-13, 0);
    (void)hp;

    // Shards merge to the same result.
    HW_CHECK(shardA.merge(shardB).ok());
    auto merged = shardA.summary();
    for (std::size_t i = 0; i < sum->headMean.size(); ++i) {
        HW_CHECK_CLOSE(merged->headMean[i], sum->headMean[i], 1e-12, 1e-15);
        HW_CHECK_CLOSE(merged->headStd[i], sum->headStd[i], 1e-9, 1e-13);
    }
    HW_CHECK_CLOSE(merged->rhoModel, sum->rhoModel, 1e-10, 0);

    // Pooled rho: one Pearson over every (head, sequence) pair.
    CorpusAggregator pooled(layout, layers, heads, RhoMode::Pooled);
    std::vector<double> px;
    std::vector<double> py;
    for (const auto& seq : all) {
        HW_CHECK(pooled.add(seq).ok());
        for (const auto& m : seq.heads) {
            px.push_back(m.positionalEntropy);
            py.push_back(m.spectralEntropy);
        }
    }
    HW_CHECK_CLOSE(pooled.summary()->rhoModel, pearson(px.data(), py.data(), px.size()), 1e-10, 0);

    // One sequence: rho is NaN and says why.
    CorpusAggregator single(layout, layers, heads);
    HW_CHECK(single.add(all[0]).ok());
    auto s1 = single.summary();
    HW_CHECK(std::isnan(s1->rhoModel));
    HW_CHECK(s1->rhoModelStatus == CorrelationStatus::TooFewPairs);
    HW_CHECK(s1->rhoHeadStatus[0] == CorrelationStatus::TooFewPairs);

    // A sequence of another shape is refused.
    FakeSource other(1, 3, 40, 1);
    auto o = SequenceAnalyzer(settings, level).run(other);
    HW_CHECK(o.ok() && !agg.add(o.value()).ok());
}

HW_TEST(csv_and_json_writers) {
    MethodSettings settings;
    MetricLayout layout(settings, 2);
    HW_CHECK_EQ(layout.columns().back().key, std::string("scale_sensitivity_a0.25"));
    HW_CHECK(layout.index("window_entropy_w32") >= 0);
    HW_CHECK(layout.index("wavelet_entropy_s2") >= 0 && layout.index("wavelet_entropy_s3") < 0);
    FakeSource source(1, 2, 16, 2);
    auto r = SequenceAnalyzer(settings, 2).run(source);
    HW_CHECK(r.ok());
    std::string csv = sequenceCsvHeader(layout);
    appendSequenceCsvRows(csv, layout, 0, r.value());
    HW_CHECK(csv.find("sequence,source,tokens,layer,head,band_low") == 0);
    // Header + 2 rows, each with 5 + columns fields.
    int lines = 0;
    for (char c : csv) {
        lines += c == '\n';
    }
    HW_CHECK_EQ(lines, 3);
    HW_CHECK_EQ(formatNumber(0.1), std::string("0.1"));
    HW_CHECK_EQ(formatNumber(std::nan("")), std::string("nan"));
    HW_CHECK_EQ(std::stod(formatNumber(1.0 / 3.0)), 1.0 / 3.0);  // round trip

    CorpusAggregator agg(layout, 1, 2);
    HW_CHECK(agg.add(r.value()).ok());
    const std::string json = summaryJson(*agg.summary(), RunDescription{});
    HW_CHECK(json.find("\"model_status\": \"fewer than 2 sequences\"") != std::string::npos);
    HW_CHECK(json.find("\"model\": null") != std::string::npos);
    const std::string heads = headsCsv(*agg.summary());
    HW_CHECK(heads.find("layer,head,sequences,rho,rho_status,band_low_mean,band_low_std") == 0);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}

HW_TEST(metric_layout_unflatten_inverts_flatten) {
    MethodSettings settings;
    settings.entropyWindows = {8, 16};
    settings.alphas = {0.5, 0.25, 0.125};
    const MetricLayout layout(settings, 4);
    // Distinct values in every column, so a column swap shows.
    std::vector<double> row(layout.size());
    for (std::size_t i = 0; i < row.size(); ++i) {
        row[i] = 0.5 + static_cast<double>(i) * 1.25;
    }
    const HeadMetrics m = layout.unflatten(row.data());
    HW_CHECK_EQ(m.scaleEntropy.size(), 5u);
    HW_CHECK_EQ(m.windowEntropy.size(), 2u);
    HW_CHECK_EQ(m.scaleSensitivity.size(), 3u);
    HW_CHECK_EQ(m.bandLow, row[static_cast<std::size_t>(layout.index("band_low"))]);
    HW_CHECK_EQ(m.scaleSensitivity[1],
                row[static_cast<std::size_t>(layout.index("scale_sensitivity_a0.25"))]);
    HW_CHECK_EQ(m.windowEntropy[1],
                row[static_cast<std::size_t>(layout.index("window_entropy_w16"))]);
    std::vector<double> back(layout.size());
    layout.flatten(m, back.data());
    HW_CHECK(back == row);
}
