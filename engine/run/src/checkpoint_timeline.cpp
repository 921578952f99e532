// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/checkpoint_timeline.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "headwave/dsp/corpus_aggregator.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/model/attention_model.h"
#include "headwave/model/hub_cache.h"
#include "headwave/run/analysis_run.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave {

namespace {

namespace fs = std::filesystem;

// The training step a Headwave checkpoint records; -1 for any other folder.
int trainingStep(const std::string& dir) {
    std::ifstream in(fs::path(dir) / "config.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_object() && j.contains("headwave_training") && j["headwave_training"].is_object()) {
        const nlohmann::json& t = j["headwave_training"];
        if (t.contains("step") && t["step"].is_number_integer()) {
            return t["step"].get<int>();
        }
    }
    return -1;
}

}  // namespace

Result<std::vector<TimelineRow>> computeTimeline(const std::vector<std::string>& dirs,
                                                 const std::string& textPath,
                                                 const TimelineSettings& settings,
                                                 std::stop_token stop,
                                                 const ProgressCallback& progress) {
    if (dirs.empty()) {
        return makeError(ErrorCode::InvalidArgument, "Give at least one model folder.");
    }
    std::vector<TimelineRow> rows;
    const int n = static_cast<int>(dirs.size());
    ProgressThrottle throttle(progress, /*estimateTime=*/true);
    for (int m = 0; m < n; ++m) {
        auto folder = resolveModelFolder(dirs[static_cast<std::size_t>(m)]);
        if (!folder) {
            return folder.error();
        }
        const std::string& dir = *folder;
        LoadOptions load;
        load.threads = settings.threads;
        auto model = loadAttentionModel(dir, load);
        if (!model) {
            return model.error();
        }
        auto tokenizer = loadTokenizer(dir);
        if (!tokenizer) {
            return tokenizer.error();
        }
        RunSettings run;
        run.method = settings.method;
        run.threads = settings.threads;
        run.corpus.maxTokens = std::min(settings.maxTokens, (*model)->config().maxPositions);
        run.corpus.minTokens = std::min(settings.minTokens, run.corpus.maxTokens);
        run.corpus.maxSequences = settings.maxSequences;
        run.corpus.text = settings.text;
        auto result =
            runAnalysis(**model, **tokenizer, textPath, run, stop, [&](const Progress& p) {
                throttle.report(
                    {.fraction = (m + p.fraction) / n, .stage = "model", .done = m, .total = n});
            });
        if (!result) {
            return result.error();
        }
        const RunResult& r = **result;
        TimelineRow row;
        row.dir = dir;
        row.name = r.model.name;
        row.positional = r.model.positional;
        row.step = trainingStep(dir);
        row.sequences = r.sequences();
        row.heads = r.model.layers * r.model.heads;
        row.layout = r.summary->layout;
        for (const ColumnSummary& c : r.summary->columns) {
            row.columns.push_back(c.overHeads);
        }
        row.rho = r.summary->rhoModel;
        const CorpusSummary& sum = *r.summary;
        auto perHead = [&](const MetricFamily& family) {
            std::vector<double> v;
            const int c = sum.layout.index(family);
            for (int l = 0; l < sum.layers && c >= 0; ++l) {
                for (int h = 0; h < sum.heads; ++h) {
                    v.push_back(sum.mean(l, h, static_cast<std::size_t>(c)));
                }
            }
            return v;
        };
        row.headSpectralEntropy = perHead(metricFamily("spectral_entropy"));
        row.headLowShare = perHead(metricFamily("band_low"));
        row.headMidShare = perHead(metricFamily("band_mid"));
        row.headHighShare = perHead(metricFamily("band_high"));
        for (std::size_t i = 0; i < row.headLowShare.size() && i < row.headMidShare.size() &&
                                i < row.headHighShare.size();
             ++i) {
            const double lo = row.headLowShare[i];
            const double mid = row.headMidShare[i];
            const double hi = row.headHighShare[i];
            if (lo >= mid && lo >= hi) {
                ++row.lowHeads;
            } else if (mid >= hi) {
                ++row.midHeads;
            } else {
                ++row.highHeads;
            }
        }
        rows.push_back(std::move(row));
    }
    throttle.report({.fraction = 1.0, .stage = "model", .done = n, .total = n});
    return rows;
}

}  // namespace headwave
