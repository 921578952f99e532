// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/interventions.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <numeric>
#include <utility>

#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"

namespace headwave {

namespace {

Error badSpec(const std::string& what) {
    return makeError(ErrorCode::InvalidArgument, what);
}

// "L:H" or "L:*" -> heads.
Result<std::vector<std::pair<int, int>>> parseHeads(const std::string& text, const ModelConfig& c) {
    std::vector<std::pair<int, int>> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
        const std::size_t colon = item.find(':');
        if (item.empty() || colon == std::string::npos) {
            return badSpec("'" + item + "' is not a head: write LAYER:HEAD (e.g. 2:3) or LAYER:*.");
        }
        int layer = -1;
        int head = -1;
        try {
            std::size_t used = 0;
            layer = std::stoi(item.substr(0, colon), &used);
            if (used != colon) {
                throw std::invalid_argument("layer");
            }
            const std::string h = item.substr(colon + 1);
            if (h != "*") {
                head = std::stoi(h, &used);
                if (used != h.size()) {
                    throw std::invalid_argument("head");
                }
            }
        } catch (const std::exception&) {
            return badSpec("'" + item + "' is not a head: write LAYER:HEAD (e.g. 2:3) or LAYER:*.");
        }
        if (layer < 0 || layer >= c.layers) {
            return badSpec("Layer " + std::to_string(layer) + " does not exist: the model has " +
                           std::to_string(c.layers) + " layers (0.." +
                           std::to_string(c.layers - 1) + ").");
        }
        if (head >= c.heads || (head < 0 && item.substr(colon + 1) != "*")) {
            return badSpec("Head " + std::to_string(head) + " does not exist: the model has " +
                           std::to_string(c.heads) + " heads per layer (0.." +
                           std::to_string(c.heads - 1) + ").");
        }
        if (head < 0) {
            for (int h = 0; h < c.heads; ++h) {
                out.emplace_back(layer, h);
            }
        } else {
            out.emplace_back(layer, head);
        }
    }
    return out;
}

// "cD1-cD2,cA" or "details" -> scales (0 = cA, k = cD_k).
Result<std::set<int>> parseScales(const std::string& text, int level) {
    std::set<int> scales;
    std::size_t pos = 0;
    auto detail = [&](const std::string& t) -> int {
        if (t.size() < 3 || t.compare(0, 2, "cD") != 0) {
            return -1;
        }
        try {
            std::size_t used = 0;
            const int k = std::stoi(t.substr(2), &used);
            return used == t.size() - 2 ? k : -1;
        } catch (const std::exception&) {
            return -1;
        }
    };
    while (pos <= text.size()) {
        const std::size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (item == "cA") {
            scales.insert(0);
            continue;
        }
        if (item == "details") {
            for (int k = 1; k <= level; ++k) {
                scales.insert(k);
            }
            continue;
        }
        const std::size_t dash = item.find('-');
        const int a = detail(item.substr(0, dash));
        const int b = dash == std::string::npos ? a : detail(item.substr(dash + 1));
        if (a < 1 || b < a) {
            return badSpec("'" + item +
                           "' is not a scale: write cA, cDk (1 = finest), cDa-cDb or details.");
        }
        if (b > level && level == 0) {
            return badSpec("The scale cD" + std::to_string(b) +
                           " is beyond the wavelet level: this input is too short for any detail "
                           "scale (J = 0); give a longer text, or filter cA.");
        }
        if (b > level) {
            return badSpec("The scale cD" + std::to_string(b) +
                           " is beyond the wavelet level J = " + std::to_string(level) +
                           " of this input (cD1..cD" + std::to_string(level) + " exist).");
        }
        for (int k = a; k <= b; ++k) {
            scales.insert(k);
        }
    }
    if (scales.empty()) {
        return badSpec("No scale to filter: name at least one (cA, cDk, cDa-cDb, details).");
    }
    return scales;
}

}  // namespace

bool InterventionSpec::needsMeans() const {
    return std::any_of(heads.begin(), heads.end(), [](const HeadIntervention& h) {
        return h.kind == InterventionKind::MeanAblate;
    });
}

Result<InterventionSpec> parseInterventions(const std::string& ablate,
                                            const std::string& meanAblate,
                                            const std::string& bandFilter,
                                            const ModelConfig& config, int level) {
    InterventionSpec spec;
    std::set<std::pair<int, int>> seen;
    auto add = [&](const std::string& list, InterventionKind kind,
                   const std::set<int>& scales) -> Status {
        auto heads = parseHeads(list, config);
        if (!heads) {
            return heads.error();
        }
        for (const auto& [l, h] : heads.value()) {
            if (!seen.insert({l, h}).second) {
                return badSpec("Head " + std::to_string(l) + ":" + std::to_string(h) +
                               " is named twice; give each head one intervention.");
            }
            spec.heads.push_back({kind, l, h, scales});
        }
        return {};
    };
    if (!ablate.empty()) {
        if (Status s = add(ablate, InterventionKind::ZeroAblate, {}); !s) {
            return s.error();
        }
    }
    if (!meanAblate.empty()) {
        if (Status s = add(meanAblate, InterventionKind::MeanAblate, {}); !s) {
            return s.error();
        }
    }
    if (!bandFilter.empty()) {
        const std::size_t eq = bandFilter.find('=');
        if (eq == std::string::npos) {
            return badSpec(
                "Give the band filter's scales after '=': --band-filter L:H,...=cD1-cD2.");
        }
        auto scales = parseScales(bandFilter.substr(eq + 1), level);
        if (!scales) {
            return scales.error();
        }
        if (Status s = add(bandFilter.substr(0, eq), InterventionKind::BandFilter, scales.value());
            !s) {
            return s.error();
        }
    }
    if (spec.heads.empty()) {
        return badSpec(
            "The group of heads is empty: give --ablate, --mean-ablate or --band-filter with at "
            "least one head.");
    }
    return spec;
}

void allowedKeys(const ModelConfig& c, int layer, int tokens, std::vector<int>& first,
                 std::vector<int>& last) {
    first.assign(static_cast<std::size_t>(tokens), 0);
    last.assign(static_cast<std::size_t>(tokens), tokens - 1);
    const bool sliding = c.slidingWindow > 0 &&
                         static_cast<std::size_t>(layer) < c.slidingLayers.size() &&
                         c.slidingLayers[static_cast<std::size_t>(layer)];
    for (int i = 0; i < tokens; ++i) {
        if (c.causal || sliding) {
            last[static_cast<std::size_t>(i)] = i;
        }
        if (sliding) {
            first[static_cast<std::size_t>(i)] = std::max(0, i - c.slidingWindow + 1);
        }
    }
}

void bandFilterRows(float* a, int T, const std::vector<int>& first, const std::vector<int>& last,
                    int level, const std::set<int>& scales) {
    std::vector<double> row;
    for (int i = 0; i < T; ++i) {
        const int f = first[static_cast<std::size_t>(i)];
        const int n = last[static_cast<std::size_t>(i)] - f + 1;
        float* r = a + static_cast<std::size_t>(i) * static_cast<std::size_t>(T) +
                   static_cast<std::size_t>(f);
        const int rowLevel = std::min(level, dwtMaxLevel(n));
        row.assign(r, r + n);
        std::vector<std::vector<double>> c = wavedec(row.data(), n, rowLevel);
        // c = [cA_J', cD_J', ..., cD_1]: cD_k is c[J' - k + 1].
        for (int s : scales) {
            if (s == 0) {
                std::fill(c[0].begin(), c[0].end(), 0.0);
            } else if (s <= rowLevel) {
                auto& d = c[static_cast<std::size_t>(rowLevel - s + 1)];
                std::fill(d.begin(), d.end(), 0.0);
            }
        }
        std::vector<double> x = rowLevel > 0 ? waverec(c) : c[0];
        double sum = 0;
        for (int j = 0; j < n; ++j) {
            const double v = std::max(0.0, x[static_cast<std::size_t>(j)]);
            x[static_cast<std::size_t>(j)] = v;
            sum += v;
        }
        for (int j = 0; j < n; ++j) {
            r[j] = static_cast<float>(sum > 0 ? x[static_cast<std::size_t>(j)] / sum
                                              : 1.0 / static_cast<double>(n));
        }
    }
}

std::vector<double> nextTokenNll(const ModelOutput& logits, const std::vector<int>& ids) {
    std::vector<double> nll;
    const auto V = static_cast<std::size_t>(logits.cols);
    for (std::size_t t = 0; t + 1 < ids.size() && t < static_cast<std::size_t>(logits.rows); ++t) {
        const float* row = logits.values.data() + t * V;
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t v = 0; v < V; ++v) {
            top = std::max(top, static_cast<double>(row[v]));
        }
        double sum = 0;
        for (std::size_t v = 0; v < V; ++v) {
            sum += std::exp(static_cast<double>(row[v]) - top);
        }
        nll.push_back(top + std::log(sum) - static_cast<double>(row[ids[t + 1]]));
    }
    return nll;
}

namespace {

ForwardHooks hooksFor(const InterventionSpec& spec, const ModelConfig& c, int T, int level,
                      const HeadMeans* means) {
    std::map<int, std::vector<const HeadIntervention*>> filters;
    std::map<int, std::vector<const HeadIntervention*>> outputs;
    for (const HeadIntervention& h : spec.heads) {
        (h.kind == InterventionKind::BandFilter ? filters : outputs)[h.layer].push_back(&h);
    }
    ForwardHooks hooks;
    if (!filters.empty()) {
        hooks.attention = [filters, &c, level](int layer, float* probs, int heads, int tokens) {
            const auto it = filters.find(layer);
            if (it == filters.end()) {
                return;
            }
            std::vector<int> first;
            std::vector<int> last;
            allowedKeys(c, layer, tokens, first, last);
            for (const HeadIntervention* h : it->second) {
                if (h->head < heads) {
                    bandFilterRows(probs + static_cast<std::size_t>(h->head) *
                                               static_cast<std::size_t>(tokens) *
                                               static_cast<std::size_t>(tokens),
                                   tokens, first, last, level, h->scales);
                }
            }
        };
    }
    if (!outputs.empty()) {
        hooks.headOutputs = [outputs, means](int layer, float* ctx, int tokens, int heads, int d) {
            const auto it = outputs.find(layer);
            if (it == outputs.end()) {
                return;
            }
            const auto width = static_cast<std::size_t>(heads) * static_cast<std::size_t>(d);
            for (const HeadIntervention* h : it->second) {
                for (int t = 0; t < tokens; ++t) {
                    float* p = ctx + static_cast<std::size_t>(t) * width +
                               static_cast<std::size_t>(h->head) * static_cast<std::size_t>(d);
                    for (int k = 0; k < d; ++k) {
                        p[k] = h->kind == InterventionKind::MeanAblate && means != nullptr
                                   ? static_cast<float>((*means)[static_cast<std::size_t>(layer)]
                                                                [static_cast<std::size_t>(h->head)]
                                                                [static_cast<std::size_t>(k)])
                                   : 0.0f;
                    }
                }
            }
        };
    }
    (void)T;
    return hooks;
}

Result<ModelOutput> runPass(AttentionModel& model, const std::vector<int>& ids,
                            const ForwardHooks& hooks, std::stop_token stop) {
    auto pass = model.begin(ids);
    if (!pass) {
        return pass.error();
    }
    (*pass)->setHooks(hooks);
    while ((*pass)->layersDone() < model.config().layers) {
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "Cancelled.");
        }
        if (auto l = (*pass)->nextLayer(); !l) {
            return l.error();
        }
    }
    return (*pass)->output();
}

Status checkCausalLm(const AttentionModel& model) {
    if (!model.config().causal) {
        return makeError(ErrorCode::Unsupported,
                         "'" + model.info().name +
                             "' is not a causal language model (an encoder): next-token NLL needs "
                             "one. Interventions measure what a causal LM loses.");
    }
    return {};
}

Status checkSequences(const std::vector<std::vector<int>>& sequences) {
    if (sequences.empty()) {
        return makeError(ErrorCode::InvalidInput,
                         "There is no sequence to run the intervention on.");
    }
    for (const auto& s : sequences) {
        if (s.size() < 2) {
            return makeError(ErrorCode::InvalidInput,
                             "A sequence has fewer than 2 tokens: there is no next token to "
                             "predict. Give a longer text.");
        }
    }
    return {};
}

// The bucket of each predicted position t (token t+1): 0 local, 1 global, 2 none.
std::vector<int> evidenceBuckets(const std::vector<int>& ids, int localWindow) {
    std::vector<int> out;
    for (std::size_t t = 0; t + 1 < ids.size(); ++t) {
        int distance = -1;
        for (std::size_t j = t + 1; j-- > 0;) {
            if (ids[j] == ids[t + 1]) {
                distance = static_cast<int>(t + 1 - j);
                break;
            }
        }
        out.push_back(distance < 0 ? 2 : distance <= localWindow ? 0 : 1);
    }
    return out;
}

}  // namespace

Result<HeadMeans> meanHeadOutputs(AttentionModel& model,
                                  const std::vector<std::vector<int>>& sequences,
                                  std::stop_token stop) {
    if (Status s = checkSequences(sequences); !s) {
        return s.error();
    }
    const ModelConfig& c = model.config();
    HeadMeans sum(static_cast<std::size_t>(c.layers),
                  std::vector<std::vector<double>>(
                      static_cast<std::size_t>(c.heads),
                      std::vector<double>(static_cast<std::size_t>(c.headDim), 0.0)));
    double count = 0;
    ForwardHooks hooks;
    hooks.headOutputs = [&sum](int layer, float* ctx, int tokens, int heads, int d) {
        for (int t = 0; t < tokens; ++t) {
            for (int h = 0; h < heads; ++h) {
                auto& m = sum[static_cast<std::size_t>(layer)][static_cast<std::size_t>(h)];
                const float* p =
                    ctx + (static_cast<std::size_t>(t) * static_cast<std::size_t>(heads) +
                           static_cast<std::size_t>(h)) *
                              static_cast<std::size_t>(d);
                for (int k = 0; k < d; ++k) {
                    m[static_cast<std::size_t>(k)] += static_cast<double>(p[k]);
                }
            }
        }
    };
    for (const auto& ids : sequences) {
        if (auto out = runPass(model, ids, hooks, stop); !out) {
            return out.error();
        }
        count += static_cast<double>(ids.size());
    }
    for (auto& layer : sum) {
        for (auto& head : layer) {
            for (double& v : head) {
                v /= count;
            }
        }
    }
    return sum;
}

Result<InterventionResult> runIntervention(AttentionModel& model,
                                           const std::vector<std::vector<int>>& sequences,
                                           const InterventionSpec& spec,
                                           const MethodSettings& settings, const HeadMeans* means,
                                           std::stop_token stop, const ProgressCallback& progress) {
    if (Status s = checkCausalLm(model); !s) {
        return s.error();
    }
    if (Status s = checkSequences(sequences); !s) {
        return s.error();
    }
    if (spec.needsMeans() && means == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Mean ablation needs the heads' mean outputs over a reference corpus.");
    }
    InterventionResult r;
    std::map<std::string, std::pair<int, double>> buckets = {
        {"local", {0, 0.0}}, {"global", {0, 0.0}}, {"none", {0, 0.0}}};
    std::vector<PredictionChange> changes;
    double sumBase = 0;
    double sumInt = 0;
    std::size_t n = 0;
    for (std::size_t s = 0; s < sequences.size(); ++s) {
        const std::vector<int>& ids = sequences[s];
        const int T = static_cast<int>(ids.size());
        auto level = resolveWaveletLevel(settings, T);
        const int J = level ? level.value() : dwtMaxLevel(T);
        auto base = runPass(model, ids, {}, stop);
        if (!base) {
            return base.error();
        }
        auto with = runPass(model, ids, hooksFor(spec, model.config(), T, J, means), stop);
        if (!with) {
            return with.error();
        }
        r.baseline.push_back(nextTokenNll(*base, ids));
        r.intervened.push_back(nextTokenNll(*with, ids));
        const auto V = static_cast<std::size_t>(base->cols);
        for (int t = 0; t + 1 < T; ++t) {
            const double b = r.baseline.back()[static_cast<std::size_t>(t)];
            const double a = r.intervened.back()[static_cast<std::size_t>(t)];
            sumBase += b;
            sumInt += a;
            ++n;
            // Where the evidence lies: the latest earlier occurrence of token t+1.
            int distance = -1;
            for (int j = t; j >= 0; --j) {
                if (ids[static_cast<std::size_t>(j)] == ids[static_cast<std::size_t>(t + 1)]) {
                    distance = t + 1 - j;
                    break;
                }
            }
            auto& bucket = buckets[distance < 0                       ? "none"
                                   : distance <= settings.localWindow ? "local"
                                                                      : "global"];
            bucket.first += 1;
            bucket.second += a - b;
            // Top-5 tokens of either distribution, their change in probability.
            auto probs = [&](const ModelOutput& o) {
                const float* row = o.values.data() + static_cast<std::size_t>(t) * V;
                std::vector<double> p(V);
                const double top = static_cast<double>(*std::max_element(row, row + V));
                double sum = 0;
                for (std::size_t v = 0; v < V; ++v) {
                    p[v] = std::exp(static_cast<double>(row[v]) - top);
                    sum += p[v];
                }
                for (double& x : p) {
                    x /= sum;
                }
                return p;
            };
            const std::vector<double> pb = probs(*base);
            const std::vector<double> pa = probs(*with);
            std::set<std::size_t> candidates;
            for (const std::vector<double>* p : {&pb, &pa}) {
                std::vector<std::size_t> order(V);
                std::iota(order.begin(), order.end(), std::size_t{0});
                const std::size_t k = std::min<std::size_t>(5, V);
                std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k),
                                  order.end(),
                                  [&](std::size_t x, std::size_t y) { return (*p)[x] > (*p)[y]; });
                candidates.insert(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
            }
            for (std::size_t v : candidates) {
                changes.push_back({static_cast<int>(s), t, static_cast<int>(v), pb[v], pa[v]});
            }
        }
        if (progress) {
            progress(
                {.fraction = static_cast<double>(s + 1) / static_cast<double>(sequences.size()),
                 .stage = "sequences",
                 .done = static_cast<int>(s + 1),
                 .total = static_cast<int>(sequences.size())});
        }
    }
    r.baselineNll = sumBase / static_cast<double>(n);
    r.intervenedNll = sumInt / static_cast<double>(n);
    for (const char* name : {"local", "global", "none"}) {
        const auto& [count, sum] = buckets[name];
        r.buckets.push_back({name, count, count > 0 ? sum / count : 0.0});
    }
    std::sort(changes.begin(), changes.end(),
              [](const PredictionChange& x, const PredictionChange& y) {
                  return std::fabs(x.after - x.before) > std::fabs(y.after - y.before);
              });
    changes.resize(std::min<std::size_t>(5, changes.size()));
    r.topChanges = std::move(changes);
    return r;
}

Result<SweepResult> sweepHeads(AttentionModel& model,
                               const std::vector<std::vector<int>>& sequences,
                               InterventionKind kind, const std::set<int>& scales,
                               const MethodSettings& settings, const HeadMeans* means, bool reuse,
                               std::stop_token stop, const ProgressCallback& progress) {
    if (Status s = checkCausalLm(model); !s) {
        return s.error();
    }
    if (Status s = checkSequences(sequences); !s) {
        return s.error();
    }
    if (kind == InterventionKind::MeanAblate && means == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Mean ablation needs the heads' mean outputs over a reference corpus.");
    }
    const ModelConfig& c = model.config();
    const auto L = static_cast<std::size_t>(c.layers);
    const auto H = static_cast<std::size_t>(c.heads);
    SweepResult r;
    r.delta.assign(L, std::vector<double>(H, 0.0));
    double sumBase = 0;
    std::size_t positions = 0;
    r.deltaLocal.assign(L, std::vector<double>(H, 0.0));
    r.deltaGlobal.assign(L, std::vector<double>(H, 0.0));
    auto finish = [&](ForwardPass& pass,
                      const std::vector<int>& ids) -> Result<std::vector<double>> {
        while (pass.layersDone() < c.layers) {
            if (stop.stop_requested()) {
                return makeError(ErrorCode::Cancelled, "Cancelled.");
            }
            if (auto l = pass.nextLayer(); !l) {
                return l.error();
            }
            ++r.layersComputed;
        }
        auto out = pass.output();
        if (!out) {
            return out.error();
        }
        return nextTokenNll(*out, ids);
    };
    for (std::size_t s = 0; s < sequences.size(); ++s) {
        const std::vector<int>& ids = sequences[s];
        const int T = static_cast<int>(ids.size());
        auto level = resolveWaveletLevel(settings, T);
        const int J = level ? level.value() : dwtMaxLevel(T);
        auto base = model.begin(ids);
        if (!base) {
            return base.error();
        }
        // The unchanged pass, advanced layer by layer: each head of layer l forks from it.
        std::vector<std::vector<double>> nlls(L * H);
        for (std::size_t l = 0; l < L; ++l) {
            for (std::size_t h = 0; h < H; ++h) {
                InterventionSpec one;
                one.heads.push_back({kind, static_cast<int>(l), static_cast<int>(h), scales});
                std::unique_ptr<ForwardPass> pass;
                if (reuse) {
                    auto forked = (*base)->fork();
                    if (!forked) {
                        return forked.error();
                    }
                    pass = std::move(forked).value();
                } else {
                    auto fresh = model.begin(ids);
                    if (!fresh) {
                        return fresh.error();
                    }
                    pass = std::move(fresh).value();
                }
                pass->setHooks(hooksFor(one, c, T, J, means));
                auto nll = finish(*pass, ids);
                if (!nll) {
                    return nll.error();
                }
                nlls[l * H + h] = std::move(nll).value();
            }
            if (auto next = (*base)->nextLayer(); !next) {
                return next.error();
            }
            ++r.layersComputed;
            if (progress) {
                progress({.fraction = (static_cast<double>(s) +
                                       static_cast<double>(l + 1) / static_cast<double>(L)) /
                                      static_cast<double>(sequences.size()),
                          .stage = "heads"});
            }
        }
        auto out = (*base)->output();
        if (!out) {
            return out.error();
        }
        const std::vector<double> nll = nextTokenNll(*out, ids);
        const std::vector<int> bucket = evidenceBuckets(ids, settings.localWindow);
        sumBase += std::accumulate(nll.begin(), nll.end(), 0.0);
        positions += nll.size();
        for (std::size_t t = 0; t < nll.size(); ++t) {
            r.localPositions += bucket[t] == 0 ? 1 : 0;
            r.globalPositions += bucket[t] == 1 ? 1 : 0;
            for (std::size_t i = 0; i < L * H; ++i) {
                const double d = nlls[i][t] - nll[t];
                r.delta[i / H][i % H] += d;
                if (bucket[t] == 0) {
                    r.deltaLocal[i / H][i % H] += d;
                } else if (bucket[t] == 1) {
                    r.deltaGlobal[i / H][i % H] += d;
                }
            }
        }
    }
    r.baselineNll = sumBase / static_cast<double>(positions);
    for (std::size_t l = 0; l < L; ++l) {
        for (std::size_t h = 0; h < H; ++h) {
            r.delta[l][h] /= static_cast<double>(positions);
            r.deltaLocal[l][h] /= std::max(1, r.localPositions);
            r.deltaGlobal[l][h] /= std::max(1, r.globalPositions);
        }
    }
    return r;
}

}  // namespace headwave
