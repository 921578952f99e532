// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison of analyses (headwave/run/comparison.h): head matching by (layer, head) and by
// relative depth, every grid value and difference equal to the snapshots' own values (exactly:
// they are copied and subtracted once, no other arithmetic), band shares per layer against a
// plain loop, settings that differ flagged by key, the compare table's rows, and the errors.
#include <algorithm>
#include <cmath>
#include <string>

#include "check.h"
#include "headwave/dsp/metric_catalogue.h"
#include "headwave/run/comparison.h"
#include "headwave/run/report_tables.h"
#include "headwave/run/snapshots.h"
#include "synthetic_run.h"

using namespace headwave;

namespace {

// A snapshot of `layers` x `heads` heads whose metric column i holds 1000 + i + offset + the head's
// index / 4 (distinct per head and per source).
AnalysisPtr makeSnapshot(int layers, int heads, double offset, MethodSettings settings = {}) {
    const int level = 3;
    const MetricLayout layout(settings, level);
    auto metrics = std::make_shared<SequenceMetrics>();
    metrics->name = "synthetic";
    metrics->shape = {layers, heads, 40};
    metrics->level = level;
    for (int i = 0; i < layers * heads; ++i) {
        HeadMetrics m = test::distinctMetrics(layout, offset + 0.25 * i);
        // band shares in [0, 1] that differ per head, so the per-layer std is not zero
        m.bandLow = 0.5 + 0.01 * i + offset * 1e-3;
        m.bandMid = 0.3 - 0.005 * i;
        m.bandHigh = 1.0 - m.bandLow - m.bandMid;
        metrics->heads.push_back(m);
    }
    auto s = std::make_shared<AnalysisSnapshot>();
    s->kind = AnalysisKind::Attention;
    s->sourceName = "source" + std::to_string(static_cast<int>(offset));
    s->settings = settings;
    s->metrics = metrics;
    return s;
}

}  // namespace

HW_TEST(same_shape_matches_by_layer_and_head_and_differences_are_exact) {
    const AnalysisPtr a = makeSnapshot(3, 4, 0);
    const AnalysisPtr b = makeSnapshot(3, 4, 7);
    auto c = compareAnalyses({{"A", a}, {"B", b}});
    HW_CHECK(c.ok());
    const Comparison& cmp = **c;
    HW_CHECK(cmp.matching == HeadMatching::ByIndex);
    HW_CHECK_EQ(cmp.layers, 3);
    HW_CHECK_EQ(cmp.heads, 4);
    HW_CHECK(!cmp.settingsDiffer());
    HW_CHECK(cmp.notes.empty());
    int families = 0;
    for (const MetricFamily& f : kMetricCatalogue) {
        if (!f.uses.headGrid) {
            continue;
        }
        ++families;
        const int m = cmp.metricIndex(std::string(f.key));
        HW_CHECK_MSG(m >= 0, std::string(f.key));
        for (int l = 0; l < 3; ++l) {
            for (int h = 0; h < 4; ++h) {
                const std::size_t i = static_cast<std::size_t>(l * 4 + h);
                HW_CHECK(cmp.matchedHead(1, l, h) == (HeadRef{l, h}));
                const double va = f.value(a->metrics->at(l, h), 0);
                const double vb = f.value(b->metrics->at(l, h), 0);
                // exact: the values are copied, the difference is one subtraction
                HW_CHECK_EQ(cmp.grid(m, 0)[i], va);
                HW_CHECK_EQ(cmp.grid(m, 1)[i], vb);
                HW_CHECK_EQ(cmp.difference(m, 1)[i], vb - va);
                HW_CHECK_EQ(cmp.difference(m, 0)[i], 0.0);
            }
        }
    }
    HW_CHECK_EQ(static_cast<int>(cmp.metrics.size()), families);
    // one colour scale: the range covers both sources
    const int se = cmp.metricIndex("spectral_entropy");
    const auto& grid0 = cmp.grid(se, 0);
    const auto& grid1 = cmp.grid(se, 1);
    HW_CHECK_EQ(cmp.metrics[static_cast<std::size_t>(se)].low,
                *std::min_element(grid0.begin(), grid0.end()));
    HW_CHECK_EQ(cmp.metrics[static_cast<std::size_t>(se)].high,
                *std::max_element(grid1.begin(), grid1.end()));
    HW_CHECK_CLOSE(cmp.metrics[static_cast<std::size_t>(se)].maxAbsDifference, 7.0, 0, 1e-12);
}

HW_TEST(band_shares_per_layer_equal_a_plain_loop) {
    const AnalysisPtr a = makeSnapshot(3, 4, 0);
    auto c = compareAnalyses({{"A", a}, {"B", makeSnapshot(2, 4, 1)}});
    HW_CHECK(c.ok());
    for (int l = 0; l < 3; ++l) {
        double sum = 0;
        for (int h = 0; h < 4; ++h) {
            sum += a->metrics->at(l, h).bandLow;
        }
        const double mean = sum / 4;
        double sq = 0;
        for (int h = 0; h < 4; ++h) {
            sq += std::pow(a->metrics->at(l, h).bandLow - mean, 2);
        }
        // a sum of four terms in a different order: a few ulps
        HW_CHECK_CLOSE((*c)->bandMean[0][0][static_cast<std::size_t>(l)], mean, 1e-15, 0);
        HW_CHECK_CLOSE((*c)->bandStd[0][0][static_cast<std::size_t>(l)], std::sqrt(sq / 4), 1e-12,
                       1e-15);
    }
    HW_CHECK_EQ((*c)->bandMean[1][2].size(), std::size_t{2});
    HW_CHECK_EQ((*c)->relativeDepth[0][1], 0.5);
    HW_CHECK_EQ((*c)->relativeDepth[1][1], 1.0);
}

HW_TEST(different_shapes_match_by_relative_depth) {
    // A: 5 layers x 4 heads; B: 3 layers x 2 heads
    const AnalysisPtr a = makeSnapshot(5, 4, 0);
    const AnalysisPtr b = makeSnapshot(3, 2, 3);
    auto c = compareAnalyses({{"A", a}, {"B", b}});
    HW_CHECK(c.ok());
    const Comparison& cmp = **c;
    HW_CHECK(cmp.matching == HeadMatching::ByRelativeDepth);
    HW_CHECK_EQ(cmp.notes.size(), std::size_t{1});
    // layer l -> round(l * 2 / 4): 0, 1 (0.5 rounds away from zero), 1, 2 (1.5), 2
    const int layerOf[5] = {0, 1, 1, 2, 2};
    // head h -> round(h * 1 / 3): 0, 0, 1, 1
    const int headOf[4] = {0, 0, 1, 1};
    const int m = cmp.metricIndex("positional_entropy");
    for (int l = 0; l < 5; ++l) {
        for (int h = 0; h < 4; ++h) {
            HW_CHECK(cmp.matchedHead(1, l, h) == (HeadRef{layerOf[l], headOf[h]}));
            const double vb = b->metrics->at(layerOf[l], headOf[h]).positionalEntropy;
            HW_CHECK_EQ(cmp.grid(m, 1)[static_cast<std::size_t>(l * 4 + h)], vb);
            HW_CHECK_EQ(cmp.difference(m, 1)[static_cast<std::size_t>(l * 4 + h)],
                        vb - a->metrics->at(l, h).positionalEntropy);
        }
    }
    // the first and last layers always meet
    HW_CHECK(cmp.matchedHead(1, 4, 3) == (HeadRef{2, 1}));
}

HW_TEST(different_settings_are_flagged_by_key) {
    MethodSettings other;
    other.bandLowEdge = 0.2;
    other.localWindow = 4;
    auto c = compareAnalyses({{"A", makeSnapshot(2, 2, 0)},
                              {"B", makeSnapshot(2, 2, 1)},
                              {"C", makeSnapshot(2, 2, 2, other)}});
    HW_CHECK(c.ok());
    HW_CHECK((*c)->settingsDiffer());
    HW_CHECK_EQ((*c)->settingDifferences.size(), std::size_t{2});
    HW_CHECK_EQ((*c)->settingDifferences[0].key, std::string("band_edges"));
    HW_CHECK_EQ((*c)->settingDifferences[0].values[0], std::string("[0.25,0.75]"));
    HW_CHECK_EQ((*c)->settingDifferences[0].values[1], std::string("[0.25,0.75]"));
    HW_CHECK_EQ((*c)->settingDifferences[0].values[2], std::string("[0.2,0.75]"));
    HW_CHECK_EQ((*c)->settingDifferences[1].key, std::string("local_window"));
}

HW_TEST(the_compare_table_has_a_row_per_source) {
    const auto run = test::syntheticRun(MethodSettings{}, 3);
    const AnalysisPtr fromRun = snapshotFromRun(run);
    auto c = compareAnalyses({{"run", fromRun}, {"text", makeSnapshot(2, 3, 5)}});
    HW_CHECK(c.ok());
    HW_CHECK_EQ((*c)->tables.size(), std::size_t{1});
    const Table& t = (*c)->tables[0];
    HW_CHECK_EQ(t.rows.size(), std::size_t{2});
    HW_CHECK_EQ(t.rows[0][0], std::string("run"));
    HW_CHECK_EQ(t.rows[1][0], std::string("text"));
    // the run's row is compareTables' own
    const auto direct = compareTables({run}, {"run"});
    HW_CHECK(direct[0].rows[0] == t.rows[0]);
    // a single analysis is a run of one sequence: H_s mean = the mean over heads of its values
    const AnalysisPtr text = (*c)->sources[1].analysis;
    double sum = 0;
    for (const HeadMetrics& h : text->metrics->heads) {
        sum += h.spectralEntropy;
    }
    const std::size_t col = static_cast<std::size_t>(
        std::find(t.header.begin(), t.header.end(), "H_s mean") - t.header.begin());
    HW_CHECK_EQ(t.rows[1][3], std::string("1"));  // sequences
    HW_CHECK_EQ(t.rows[1][col], formatReportNumber(sum / 6, 4));
}

HW_TEST(errors_name_the_problem) {
    auto one = compareAnalyses({{"A", makeSnapshot(2, 2, 0)}});
    HW_CHECK(!one.ok());
    HW_CHECK(one.error().code == ErrorCode::InvalidArgument);
    auto empty = std::make_shared<AnalysisSnapshot>();
    auto none = compareAnalyses({{"A", makeSnapshot(2, 2, 0)}, {"empty", empty}});
    HW_CHECK(!none.ok());
    HW_CHECK(none.error().message.find("'empty'") != std::string::npos);
    auto null = compareAnalyses({{"A", makeSnapshot(2, 2, 0)}, {"null", nullptr}});
    HW_CHECK(!null.ok());
}

HW_TEST(export_tables_carry_every_value_exactly) {
    const AnalysisPtr a = makeSnapshot(2, 2, 0);
    const AnalysisPtr b = makeSnapshot(2, 2, 3);
    auto c = compareAnalyses({{"A", a}, {"B", b}});
    HW_CHECK(c.ok());
    const Table* heads = nullptr;
    for (const Table& t : (*c)->exportTables) {
        if (t.id == "heads_spectral_entropy") {
            heads = &t;
        }
    }
    HW_CHECK(heads != nullptr);
    HW_CHECK_EQ(heads->rows.size(), std::size_t{4});
    // row (1, 0): A's value, B's value and B - A, with 17 digits (round-trips a double)
    const auto& row = heads->rows[2];
    HW_CHECK_EQ(std::stod(row[4]), a->metrics->at(1, 0).spectralEntropy);
    HW_CHECK_EQ(std::stod(row[7]), b->metrics->at(1, 0).spectralEntropy);
    HW_CHECK_EQ(std::stod(row[8]),
                b->metrics->at(1, 0).spectralEntropy - a->metrics->at(1, 0).spectralEntropy);
    HW_CHECK_EQ((*c)->exportTables.back().id, std::string("compare"));
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
