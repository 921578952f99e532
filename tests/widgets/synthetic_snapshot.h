// SPDX-License-Identifier: GPL-3.0-or-later
// Synthetic AnalysisSnapshots for the view tests: 3 layers x 4 heads over T = 64 tokens. The
// profiles are made by hand (a recency head, a periodic "tone" head, an alternating head and an
// attention sink, with deterministic jitter); their spectra, coefficients and entropies come from
// the engine, so the views draw what real heads look like. The views themselves never compute:
// tests compare what they draw with these arrays.
#pragma once

#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/statistics.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/snapshots.h"

namespace synthetic {

inline constexpr int kLayers = 3;
inline constexpr int kHeads = 4;
inline constexpr int kTokens = 64;
inline constexpr int kSequences = 6;  // of the corpus run

// Cycles over the sequence of the tone head (head 1) of each layer: r = 2 * cycles / T, so
// layer 0 peaks at r = 0.125 (low band), layer 1 at 0.25, layer 2 at 0.5 (mid band).
inline int toneCycles(int layer) {
    return 4 << layer;
}

inline std::vector<double> profile(int layer, int head) {
    std::vector<double> a(kTokens);
    for (int t = 0; t < kTokens; ++t) {
        const double x = static_cast<double>(t);
        double v = 0;
        switch (head) {
            case 0:  // recency: the last tokens, sharper in early layers
                v = std::exp(-(kTokens - 1 - x) / (2.0 + 3.0 * layer));
                break;
            case 1:  // a tone
                v = 1.0 + 0.8 * std::cos(2 * std::numbers::pi * toneCycles(layer) * x / kTokens);
                break;
            case 2:  // previous-token-like alternation: power near Nyquist
                v = 1.0 + (0.3 + 0.2 * layer) * (t % 2 == 0 ? 1 : -1) + 0.2 * x / kTokens;
                break;
            default:  // a sink on the first token
                v = t == 0 ? 12.0 + 4.0 * layer : 1.0 / (1.0 + x);
                break;
        }
        // Deterministic broadband jitter, as real profiles have (but not on the tone head,
        // whose peak the spectrum test looks for).
        if (head != 1) {
            v *= 1.0 + 0.3 * std::sin(1.7 * x * x + 3.0 * layer + head);
        }
        a[static_cast<std::size_t>(t)] = v;
    }
    double sum = 0;
    for (double v : a) {
        sum += v;
    }
    for (double& v : a) {
        v /= sum;
    }
    return a;
}

inline const char* const kWords[] = {"<s>",    " Once", " upon", " a",      " time",  ",",
                                     " there", " was",  " a",    " little", " girl",  " named",
                                     " Lily",  ".",     "\n",    " She",    " liked", " to",
                                     " play",  " in",   " the",  " park",   "\t",     "!"};

inline std::vector<headwave::Token> tokens() {
    std::vector<headwave::Token> out;
    const int n = static_cast<int>(std::size(kWords));
    for (int t = 0; t < kTokens; ++t) {
        headwave::Token tok;
        tok.text = kWords[t % n];
        tok.id = 1000 + t;
        tok.special = t == 0;
        out.push_back(tok);
    }
    return out;
}

inline std::shared_ptr<headwave::AnalysisSnapshot> snapshot() {
    using namespace headwave;
    auto s = std::make_shared<AnalysisSnapshot>();
    s->generation = 7;
    const int level = dwtMaxLevel(kTokens);  // 4: cA4 cD4 cD3 cD2 cD1
    auto m = std::make_shared<SequenceMetrics>();
    m->name = "synthetic";
    m->shape = {kLayers, kHeads, kTokens};
    m->level = level;
    HeadAnalyzer analyzer(s->settings, level);
    std::vector<double> hp;
    std::vector<double> hs;
    for (int l = 0; l < kLayers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            const std::vector<double> a = profile(l, h);
            HeadDetail detail;
            HeadMetrics x = analyzer.analyzeProfile(a.data(), kTokens, &detail).value();
            x.localShare = 0.9 - 0.2 * h + 0.02 * l;
            x.localGlobalRatio = x.localShare / (1 - x.localShare);
            x.scaleSensitivity = {0.01 * (l + 1) + 0.005 * h, 0.02 * (l + 1) + 0.01 * h};
            hp.push_back(x.positionalEntropy);
            hs.push_back(x.spectralEntropy);
            m->heads.push_back(x);
            s->details.push_back(detail);
        }
    }
    s->metrics = m;
    s->tokens = tokens();
    s->rho = pearson(hp.data(), hs.data(), hp.size());
    return s;
}

// A corpus run over kSequences sequences whose per-head means are the snapshot's metrics: each
// sequence moves the entropies and band shares by a symmetric offset (s - 2.5) * step.
inline std::shared_ptr<headwave::AnalysisSnapshot> corpusSnapshot() {
    using namespace headwave;
    auto s = snapshot();
    auto run = std::make_shared<RunResult>();
    run->settings.method = s->settings;
    run->level = s->metrics->level;
    run->layout = MetricLayout(s->settings, run->level);
    run->model.name = "synthetic";
    run->model.layers = kLayers;
    run->model.heads = kHeads;
    const std::size_t columns = run->layout.size();
    const auto hpCol = static_cast<std::size_t>(run->layout.index("positional_entropy"));
    const auto hsCol = static_cast<std::size_t>(run->layout.index("spectral_entropy"));
    const auto lowCol = static_cast<std::size_t>(run->layout.index("band_low"));
    const auto highCol = static_cast<std::size_t>(run->layout.index("band_high"));
    std::vector<double> row(columns);
    for (int q = 0; q < kSequences; ++q) {
        run->sequenceIndex.push_back(q);
        run->tokens.push_back(kTokens);
        const double d = q - 2.5;
        for (int l = 0; l < kLayers; ++l) {
            for (int h = 0; h < kHeads; ++h) {
                run->layout.flatten(s->metrics->at(l, h), row.data());
                row[hpCol] += 0.04 * d * (h + 1);
                row[hsCol] -= 0.03 * d * (h + 1) * (l % 2 == 0 ? 1 : -1);
                row[lowCol] += 0.01 * d;
                row[highCol] -= 0.01 * d;
                run->metrics.insert(run->metrics.end(), row.begin(), row.end());
            }
        }
    }
    run->summary = aggregateMetrics(run->layout, kLayers, kHeads, RhoMode::PerHead, run->metrics);
    s->rho = run->summary->rhoModel;
    s->run = run;
    return s;
}

}  // namespace synthetic
