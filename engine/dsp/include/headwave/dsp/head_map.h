// SPDX-License-Identifier: GPL-3.0-or-later
// The head map (docs/method.md, "The head map"): every head of one or several sources as a vector
// of its spectral signature, standardised, projected on its first two principal components (Eigen's
// SVD), grouped by k-means and linked to its nearest heads across the sources.
//
//   std::vector<HeadMapSource> sources = {{"rope", layers, heads, level, metrics->heads}, ...};
//   Result<HeadMap> map = computeHeadMap(sources, HeadMapOptions{});   // k chosen by silhouette
//   map->pc(i, 0); map->classes[i]; map->neighbour(i, 0);            // head i = map->heads[i]
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/dsp/head_metrics.h"

namespace headwave {

// The per-head metrics of one source: one analysed text, or the per-head means of a corpus run.
struct HeadMapSource {
    std::string name;  // as files and views label the source ("rope", the results file's stem)
    int layers = 0;
    int heads = 0;
    int level = 0;                     // wavelet depth J: scaleEntropy has J + 1 values
    std::vector<HeadMetrics> metrics;  // [layers * heads], index layer * heads + head
};

struct HeadMapOptions {
    // Classes of k-means: 0 chooses k in 2..min(kMaxAuto, n - 1) by the best mean silhouette
    // (the smallest such k on a tie); else 2 <= k <= n - 1.
    int k = 0;
    int neighbours = 10;  // nearest heads listed per head; at most n - 1 (fewer are listed then)
    int restarts = 10;    // k-means++ seedings per k; the lowest inertia wins
    std::uint64_t seed = 0x48454144u;  // of the k-means++ seeding (mt19937_64): the map is
                                       // the same on every machine and run
    static constexpr int kMaxAuto = 8;
};

// One head of the map.
struct HeadMapHead {
    int source = 0;  // index into HeadMap::sources
    int layer = 0;
    int head = 0;
};

// The silhouette of one k tried.
struct HeadMapK {
    int k = 0;
    double silhouette = 0;  // mean over heads of s(i), in [-1, 1]
    double inertia = 0;     // sum over heads of the squared distance to its class centre
};

// Immutable once built. n = heads of all sources, p = features kept, in source, layer, head order.
// Distances, coordinates and inertia are in standardised units (feature standard deviations).
struct HeadMap {
    std::vector<std::string> sources;  // [sources] names
    std::vector<HeadMapHead> heads;    // [n]
    // [p] feature keys: band_low, band_mid, band_high, spectral_entropy, positional_entropy,
    // local_share, then wavelet_entropy_cA<J> (only when every source has the same J) and
    // wavelet_entropy_cD<d> for d = 1 .. min J (the detail scales all sources share).
    std::vector<std::string> features;
    // Features left out because a head has no finite value ("local_share: not finite for
    // 'rope' L0 H1"): one line each.
    std::vector<std::string> dropped;
    std::vector<double> raw;            // [n * p] row-major: the metrics, in their units
    std::vector<double> mean;           // [p] over the n heads
    std::vector<double> stddev;         // [p] population std over the n heads (0: constant)
    std::vector<double> standardised;   // [n * p] (raw - mean) / stddev; 0 where stddev = 0
    std::vector<double> coordinates;    // [n * 2] row-major: the projection on PC1 and PC2
    std::array<double, 2> explained{};  // share of the total variance of PC1, PC2, in [0, 1]
    // [2 * p] row-major: the unit loading vectors; the sign makes each one's largest-magnitude
    // entry positive (the first of equal ones).
    std::vector<double> loadings;
    int k = 0;                       // classes
    bool kChosen = false;            // k was chosen by silhouette (HeadMapOptions::k = 0)
    std::vector<HeadMapK> tried;     // [ks tried] (one entry when k was given)
    std::vector<int> classes;        // [n] in 0..k-1, numbered by their first head in head order
    std::vector<double> silhouette;  // [n] s(i) of the chosen classes; 0 in a one-head class
    int neighbourCount = 0;          // m = min(options.neighbours, n - 1)
    std::vector<int> neighbours;     // [n * m]: head indices, nearest first (ties: lower index)
    std::vector<double> distances;   // [n * m]: Euclidean, standardised feature space

    std::size_t size() const { return heads.size(); }
    double pc(std::size_t i, int component) const {
        return coordinates[i * 2 + static_cast<std::size_t>(component)];
    }
    int neighbour(std::size_t i, int rank) const {
        return neighbours[i * static_cast<std::size_t>(neighbourCount) +
                          static_cast<std::size_t>(rank)];
    }
    double distance(std::size_t i, int rank) const {
        return distances[i * static_cast<std::size_t>(neighbourCount) +
                         static_cast<std::size_t>(rank)];
    }
    // The index of (source, layer, head), or -1.
    int find(int source, int layer, int head) const;
};

using HeadMapPtr = std::shared_ptr<const HeadMap>;

// The map of every head of the sources. Errors (InvalidInput / InvalidArgument): no source, a
// source whose metrics do not match its shape, fewer than 3 heads in all, k out of range, no
// feature left with a finite value for every head, every feature constant.
Result<HeadMap> computeHeadMap(const std::vector<HeadMapSource>& sources,
                               const HeadMapOptions& options = {});

// The pieces, for the tests' references. Data: [n * p] row-major.

struct KMeansResult {
    std::vector<int> labels;  // [n] in 0..k-1, numbered by first appearance
    double inertia = 0;
};
// k-means++ seeding (options.seed, options.restarts), Lloyd's iterations until no label changes.
KMeansResult kMeans(const std::vector<double>& data, int n, int p, int k,
                    const HeadMapOptions& options);
// Mean silhouette of labels (Euclidean); s(i) = 0 for a head alone in its class. perHead: [n].
double meanSilhouette(const std::vector<double>& data, int n, int p, const std::vector<int>& labels,
                      int k, std::vector<double>* perHead = nullptr);

}  // namespace headwave
