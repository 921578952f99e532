// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/snapshots.h"

#include <cmath>

#include "headwave/dsp/head_metrics.h"

namespace headwave {

std::shared_ptr<AnalysisSnapshot> snapshotFromRun(std::shared_ptr<const RunResult> run,
                                                  std::uint64_t generation) {
    auto snapshot = std::make_shared<AnalysisSnapshot>();
    snapshot->generation = generation;
    snapshot->kind = AnalysisKind::Run;
    snapshot->sourceName = run->model.name;
    snapshot->settings = run->settings.method;
    snapshot->warnings = run->warnings;
    auto metrics = std::make_shared<SequenceMetrics>();
    metrics->name = run->model.name;
    metrics->shape.layers = run->model.layers;
    metrics->shape.heads = run->model.heads;
    metrics->shape.tokens = run->corpus.shortest;
    metrics->level = run->level;
    const std::size_t columns = run->layout.size();
    std::vector<double> row(columns, std::nan(""));
    for (int l = 0; l < run->model.layers; ++l) {
        for (int h = 0; h < run->model.heads; ++h) {
            if (run->summary) {
                for (std::size_t c = 0; c < columns; ++c) {
                    row[c] = run->summary->mean(l, h, c);
                }
            }
            metrics->heads.push_back(run->layout.unflatten(row.data()));
        }
    }
    // Kept profiles (of the first kept sequence of each head) give that head's spectrum and
    // scalogram; the other heads have none.
    bool anyDetail = false;
    std::vector<HeadDetail> details(metrics->heads.size());
    HeadAnalyzer analyzer(run->settings.method, run->level);
    for (const KeptHead& k : run->kept) {
        const std::size_t i = static_cast<std::size_t>(k.layer * run->model.heads + k.head);
        if (i >= details.size() || !details[i].power.empty() || k.profile.empty()) {
            continue;
        }
        HeadDetail d;
        if (analyzer.analyzeProfile(k.profile.data(), static_cast<int>(k.profile.size()), &d)) {
            details[i] = std::move(d);
            anyDetail = true;
        }
    }
    if (anyDetail) {
        snapshot->details = std::move(details);
    }
    snapshot->metrics = std::move(metrics);
    snapshot->rho = run->summary ? run->summary->rhoModel : std::nan("");
    snapshot->run = std::move(run);
    return snapshot;
}

HeadMapSource headMapSource(const AnalysisSnapshot& analysis, std::string name) {
    HeadMapSource s;
    s.name = std::move(name);
    if (analysis.metrics) {
        s.layers = analysis.metrics->shape.layers;
        s.heads = analysis.metrics->shape.heads;
        s.level = analysis.metrics->level;
        s.metrics = analysis.metrics->heads;
    }
    return s;
}

}  // namespace headwave
