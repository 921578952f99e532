// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/head_map.h"

#include <Eigen/Dense>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

namespace headwave {

namespace {

using Getter = std::function<double(const HeadMetrics&, int level)>;

struct Feature {
    std::string key;
    Getter value;
};

double scaleValue(const HeadMetrics& m, std::size_t s) {
    return s < m.scaleEntropy.size() ? m.scaleEntropy[s] : std::numeric_limits<double>::quiet_NaN();
}

std::vector<Feature> featuresFor(const std::vector<HeadMapSource>& sources) {
    std::vector<Feature> f = {
        {"band_low", [](const HeadMetrics& m, int) { return m.bandLow; }},
        {"band_mid", [](const HeadMetrics& m, int) { return m.bandMid; }},
        {"band_high", [](const HeadMetrics& m, int) { return m.bandHigh; }},
        {"spectral_entropy", [](const HeadMetrics& m, int) { return m.spectralEntropy; }},
        {"positional_entropy", [](const HeadMetrics& m, int) { return m.positionalEntropy; }},
        {"local_share", [](const HeadMetrics& m, int) { return m.localShare; }},
    };
    int minLevel = sources.front().level;
    bool sameLevel = true;
    for (const HeadMapSource& s : sources) {
        minLevel = std::min(minLevel, s.level);
        sameLevel = sameLevel && s.level == sources.front().level;
    }
    // Scale s of a source of depth J is cA_J for s = 0 and cD_(J + 1 - s) otherwise: the detail
    // scales d = 1 .. min J exist in every source; the approximation only when J is common.
    if (sameLevel) {
        f.push_back({"wavelet_entropy_cA" + std::to_string(minLevel),
                     [](const HeadMetrics& m, int) { return scaleValue(m, 0); }});
    }
    for (int d = minLevel; d >= 1; --d) {
        f.push_back({"wavelet_entropy_cD" + std::to_string(d), [d](const HeadMetrics& m, int J) {
                         return scaleValue(m, static_cast<std::size_t>(J + 1 - d));
                     }});
    }
    return f;
}

double squaredDistance(const double* a, const double* b, int p) {
    double s = 0;
    for (int j = 0; j < p; ++j) {
        const double d = a[j] - b[j];
        s += d * d;
    }
    return s;
}

const double* row(const std::vector<double>& data, int i, int p) {
    return data.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(p);
}

// Uniform in [0, 1) from the 53 high bits: the same on every standard library (unlike
// std::uniform_real_distribution).
double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Labels renumbered by first appearance, so that equal partitions get equal labels.
std::vector<int> canonical(const std::vector<int>& labels, int k) {
    std::vector<int> map(static_cast<std::size_t>(k), -1);
    int next = 0;
    std::vector<int> out(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        int& m = map[static_cast<std::size_t>(labels[i])];
        if (m < 0) {
            m = next++;
        }
        out[i] = m;
    }
    return out;
}

KMeansResult lloyd(const std::vector<double>& data, int n, int p, int k,
                   std::vector<double> centres) {
    const auto P = static_cast<std::size_t>(p);
    std::vector<int> labels(static_cast<std::size_t>(n), -1);
    auto assign = [&] {
        bool changed = false;
        for (int i = 0; i < n; ++i) {
            int best = 0;
            double bestD = std::numeric_limits<double>::infinity();
            for (int c = 0; c < k; ++c) {
                const double d = squaredDistance(row(data, i, p), row(centres, c, p), p);
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            changed = changed || labels[static_cast<std::size_t>(i)] != best;
            labels[static_cast<std::size_t>(i)] = best;
        }
        return changed;
    };
    assign();
    constexpr int kMaxIterations = 1000;
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        std::vector<double> sum(static_cast<std::size_t>(k) * P, 0.0);
        std::vector<int> count(static_cast<std::size_t>(k), 0);
        for (int i = 0; i < n; ++i) {
            const auto c = static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]);
            ++count[c];
            for (std::size_t j = 0; j < P; ++j) {
                sum[c * P + j] += data[static_cast<std::size_t>(i) * P + j];
            }
        }
        for (std::size_t c = 0; c < static_cast<std::size_t>(k); ++c) {
            if (count[c] > 0) {
                for (std::size_t j = 0; j < P; ++j) {
                    centres[c * P + j] = sum[c * P + j] / count[c];
                }
                continue;
            }
            // An empty class takes the head farthest from its centre (the first of equal ones).
            int far = 0;
            double farD = -1;
            for (int i = 0; i < n; ++i) {
                const int l = labels[static_cast<std::size_t>(i)];
                const double d = squaredDistance(row(data, i, p), row(centres, l, p), p);
                if (d > farD) {
                    farD = d;
                    far = i;
                }
            }
            std::copy_n(row(data, far, p), P, centres.begin() + static_cast<std::ptrdiff_t>(c * P));
        }
        if (!assign()) {
            break;
        }
    }
    KMeansResult r;
    for (int i = 0; i < n; ++i) {
        r.inertia += squaredDistance(row(data, i, p),
                                     row(centres, labels[static_cast<std::size_t>(i)], p), p);
    }
    r.labels = canonical(labels, k);
    return r;
}

std::vector<double> seedPlusPlus(const std::vector<double>& data, int n, int p, int k,
                                 std::mt19937_64& rng) {
    const auto P = static_cast<std::size_t>(p);
    std::vector<double> centres;
    centres.reserve(static_cast<std::size_t>(k) * P);
    auto take = [&](int i) { centres.insert(centres.end(), row(data, i, p), row(data, i, p) + P); };
    take(std::min(n - 1, static_cast<int>(uniform01(rng) * n)));
    std::vector<double> d2(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
    for (int c = 1; c < k; ++c) {
        double total = 0;
        for (int i = 0; i < n; ++i) {
            double& d = d2[static_cast<std::size_t>(i)];
            d = std::min(d, squaredDistance(row(data, i, p), row(centres, c - 1, p), p));
            total += d;
        }
        int pick = n - 1;
        if (total > 0) {
            const double target = uniform01(rng) * total;
            double cumulative = 0;
            for (int i = 0; i < n; ++i) {
                cumulative += d2[static_cast<std::size_t>(i)];
                if (d2[static_cast<std::size_t>(i)] > 0 && cumulative > target) {
                    pick = i;
                    break;
                }
            }
        } else {
            (void)uniform01(rng);  // every head is a centre already: any one will do
        }
        take(pick);
    }
    return centres;
}

}  // namespace

int HeadMap::find(int source, int layer, int head) const {
    for (std::size_t i = 0; i < heads.size(); ++i) {
        if (heads[i].source == source && heads[i].layer == layer && heads[i].head == head) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

KMeansResult kMeans(const std::vector<double>& data, int n, int p, int k,
                    const HeadMapOptions& options) {
    std::mt19937_64 rng(options.seed);
    KMeansResult best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int r = 0; r < std::max(1, options.restarts); ++r) {
        KMeansResult run = lloyd(data, n, p, k, seedPlusPlus(data, n, p, k, rng));
        if (run.inertia < best.inertia) {
            best = std::move(run);
        }
    }
    return best;
}

double meanSilhouette(const std::vector<double>& data, int n, int p, const std::vector<int>& labels,
                      int k, std::vector<double>* perHead) {
    const auto K = static_cast<std::size_t>(k);
    std::vector<int> size(K, 0);
    for (int l : labels) {
        ++size[static_cast<std::size_t>(l)];
    }
    std::vector<double> s(static_cast<std::size_t>(n), 0.0);
    std::vector<double> sum(K);
    for (int i = 0; i < n; ++i) {
        const auto own = static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]);
        if (size[own] <= 1) {
            continue;  // s(i) = 0 alone in a class (Rousseeuw)
        }
        std::fill(sum.begin(), sum.end(), 0.0);
        for (int j = 0; j < n; ++j) {
            sum[static_cast<std::size_t>(labels[static_cast<std::size_t>(j)])] +=
                std::sqrt(squaredDistance(row(data, i, p), row(data, j, p), p));
        }
        const double a = sum[own] / (size[own] - 1);
        double b = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < K; ++c) {
            if (c != own && size[c] > 0) {
                b = std::min(b, sum[c] / size[c]);
            }
        }
        const double m = std::max(a, b);
        s[static_cast<std::size_t>(i)] = (std::isfinite(b) && m > 0) ? (b - a) / m : 0.0;
    }
    const double mean = std::accumulate(s.begin(), s.end(), 0.0) / n;
    if (perHead != nullptr) {
        *perHead = std::move(s);
    }
    return mean;
}

Result<HeadMap> computeHeadMap(const std::vector<HeadMapSource>& sources,
                               const HeadMapOptions& options) {
    if (sources.empty()) {
        return makeError(ErrorCode::InvalidInput, "The head map needs at least one source.");
    }
    HeadMap map;
    for (std::size_t s = 0; s < sources.size(); ++s) {
        const HeadMapSource& src = sources[s];
        if (src.layers <= 0 || src.heads <= 0 || src.level < 0 ||
            src.metrics.size() !=
                static_cast<std::size_t>(src.layers) * static_cast<std::size_t>(src.heads)) {
            return makeError(ErrorCode::InvalidInput,
                             "The source '" + src.name + "' has no per-head metrics of its shape.",
                             std::to_string(src.metrics.size()) + " heads for " +
                                 std::to_string(src.layers) + " layers x " +
                                 std::to_string(src.heads) + " heads");
        }
        map.sources.push_back(src.name);
        for (int l = 0; l < src.layers; ++l) {
            for (int h = 0; h < src.heads; ++h) {
                map.heads.push_back({static_cast<int>(s), l, h});
            }
        }
    }
    const int n = static_cast<int>(map.heads.size());
    const auto N = static_cast<std::size_t>(n);
    if (n < 3) {
        return makeError(
            ErrorCode::InvalidInput,
            "The head map needs at least 3 heads; the sources have " + std::to_string(n) + ".");
    }
    if (options.k != 0 && (options.k < 2 || options.k > n - 1)) {
        return makeError(ErrorCode::InvalidArgument,
                         "The number of classes must be between 2 and " + std::to_string(n - 1) +
                             " (one less than the heads), or 0 to choose it by silhouette.",
                         "k = " + std::to_string(options.k));
    }
    if (options.neighbours < 0) {
        return makeError(ErrorCode::InvalidArgument,
                         "The number of similar heads cannot be negative.",
                         std::to_string(options.neighbours));
    }

    // Features: a column with a non-finite value for some head is left out (and said so).
    std::vector<std::vector<double>> columns;
    for (const Feature& f : featuresFor(sources)) {
        std::vector<double> column;
        column.reserve(N);
        std::string bad;
        for (const HeadMapHead& h : map.heads) {
            const HeadMapSource& src = sources[static_cast<std::size_t>(h.source)];
            const double v = f.value(
                src.metrics[static_cast<std::size_t>(h.layer * src.heads + h.head)], src.level);
            if (!std::isfinite(v) && bad.empty()) {
                bad = f.key + ": not finite for '" + src.name + "' L" + std::to_string(h.layer) +
                      " H" + std::to_string(h.head);
            }
            column.push_back(v);
        }
        if (!bad.empty()) {
            map.dropped.push_back(bad);
            continue;
        }
        map.features.push_back(f.key);
        columns.push_back(std::move(column));
    }
    const int p = static_cast<int>(columns.size());
    const auto P = static_cast<std::size_t>(p);
    if (p == 0) {
        return makeError(ErrorCode::InvalidInput,
                         "No feature of the head map has a finite value for every head.",
                         map.dropped.empty() ? std::string() : map.dropped.front());
    }

    // Standardise: z-scores with the population std over all heads; a constant column is 0.
    map.raw.resize(N * P);
    map.standardised.resize(N * P);
    map.mean.resize(P);
    map.stddev.resize(P);
    bool anyVaries = false;
    for (std::size_t j = 0; j < P; ++j) {
        const std::vector<double>& c = columns[j];
        const double mean = std::accumulate(c.begin(), c.end(), 0.0) / n;
        double ss = 0;
        for (double v : c) {
            ss += (v - mean) * (v - mean);
        }
        const double sd = std::sqrt(ss / n);
        // A spread below 1e-12 of the values' magnitude is rounding, not variation.
        const bool varies = sd > 1e-12 * std::max(1.0, std::abs(mean));
        anyVaries = anyVaries || varies;
        map.mean[j] = mean;
        map.stddev[j] = varies ? sd : 0.0;
        for (std::size_t i = 0; i < N; ++i) {
            map.raw[i * P + j] = c[i];
            map.standardised[i * P + j] = varies ? (c[i] - mean) / sd : 0.0;
        }
    }
    if (!anyVaries) {
        return makeError(ErrorCode::InvalidInput,
                         "Every feature of the head map has the same value for all heads; there "
                         "is nothing to map.");
    }

    // PCA: the SVD X = U S V^T of the centred, standardised [n, p] matrix; PC c's coordinates
    // are X v_c = s_c u_c and its share of the variance s_c^2 / sum s^2.
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        X(map.standardised.data(), n, p);
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(X, Eigen::ComputeThinV);
    const Eigen::VectorXd& sv = svd.singularValues();
    const double total = sv.squaredNorm();
    map.coordinates.assign(N * 2, 0.0);
    map.loadings.assign(2 * P, 0.0);
    for (int c = 0; c < 2 && c < sv.size(); ++c) {
        Eigen::VectorXd v = svd.matrixV().col(c);
        Eigen::Index largest = 0;
        for (Eigen::Index j = 1; j < v.size(); ++j) {
            if (std::abs(v(j)) > std::abs(v(largest))) {
                largest = j;
            }
        }
        if (v(largest) < 0) {
            v = -v;
        }
        const Eigen::VectorXd coords = X * v;
        for (std::size_t i = 0; i < N; ++i) {
            map.coordinates[i * 2 + static_cast<std::size_t>(c)] =
                coords(static_cast<Eigen::Index>(i));
        }
        for (std::size_t j = 0; j < P; ++j) {
            map.loadings[static_cast<std::size_t>(c) * P + j] = v(static_cast<Eigen::Index>(j));
        }
        map.explained[static_cast<std::size_t>(c)] = sv(c) * sv(c) / total;
    }

    // k-means in the standardised feature space (all p features, not the two PCs).
    if (options.k != 0) {
        KMeansResult r = kMeans(map.standardised, n, p, options.k, options);
        const double s = meanSilhouette(map.standardised, n, p, r.labels, options.k);
        map.tried.push_back({options.k, s, r.inertia});
        map.k = options.k;
        map.classes = std::move(r.labels);
    } else {
        map.kChosen = true;
        double bestS = -std::numeric_limits<double>::infinity();
        for (int k = 2; k <= std::min(HeadMapOptions::kMaxAuto, n - 1); ++k) {
            KMeansResult r = kMeans(map.standardised, n, p, k, options);
            const double s = meanSilhouette(map.standardised, n, p, r.labels, k);
            map.tried.push_back({k, s, r.inertia});
            if (s > bestS) {  // strictly: the smallest k of equal silhouettes
                bestS = s;
                map.k = k;
                map.classes = std::move(r.labels);
            }
        }
    }
    meanSilhouette(map.standardised, n, p, map.classes, map.k, &map.silhouette);

    // Similar heads: the nearest in the standardised feature space, across sources.
    const int m = std::min(options.neighbours, n - 1);
    map.neighbourCount = m;
    map.neighbours.reserve(N * static_cast<std::size_t>(m));
    map.distances.reserve(N * static_cast<std::size_t>(m));
    std::vector<std::pair<double, int>> d;
    for (int i = 0; i < n; ++i) {
        d.clear();
        for (int j = 0; j < n; ++j) {
            if (j != i) {
                d.emplace_back(std::sqrt(squaredDistance(row(map.standardised, i, p),
                                                         row(map.standardised, j, p), p)),
                               j);
            }
        }
        std::partial_sort(d.begin(), d.begin() + m, d.end());
        for (int r = 0; r < m; ++r) {
            map.neighbours.push_back(d[static_cast<std::size_t>(r)].second);
            map.distances.push_back(d[static_cast<std::size_t>(r)].first);
        }
    }
    return map;
}

}  // namespace headwave
