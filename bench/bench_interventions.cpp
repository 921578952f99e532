// SPDX-License-Identifier: GPL-3.0-or-later
// bench_interventions: a full [L, H] head sweep (zero ablation) with the layers below each head
// computed once per sequence and forked (sweepHeads, reuse), beside the naive cost of (L*H + 1)
// whole passes per sequence (the same sweep without reuse), in the same run. Not a test: it
// prints a Markdown table (bench/README.md).
//
//   bench_interventions MODEL_DIR CORPUS [--sequences 50] [--tokens 256] [--threads 1]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "headwave/run/interventions.h"
#include "headwave/run/session.h"

using namespace headwave;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: bench_interventions MODEL_DIR CORPUS [--sequences N] [--tokens T] "
                     "[--threads N]\n");
        return 2;
    }
    int sequences = 50;
    int tokens = 256;
    int threads = 1;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const int v = std::atoi(argv[i + 1]);
        (a == "--sequences" ? sequences : a == "--tokens" ? tokens : threads) = v;
    }
    SessionOptions options;
    options.threads = threads;
    Session session(options);
    if (auto card = session.openModel(argv[1]); !card) {
        std::fprintf(stderr, "%s\n", card.error().describe().c_str());
        return 1;
    }
    auto ids = session.corpusIds(argv[2], sequences, tokens, tokens);
    if (!ids) {
        std::fprintf(stderr, "%s\n", ids.error().describe().c_str());
        return 1;
    }
    session.model()->setThreadsForCallingThread(threads);
    auto time = [&](bool reuse) {
        const auto start = std::chrono::steady_clock::now();
        auto r = sweepHeads(*session.model(), *ids, InterventionKind::ZeroAblate, {},
                            MethodSettings{}, nullptr, reuse);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().describe().c_str());
            std::exit(1);
        }
        return std::pair{s, r->layersComputed};
    };
    // Alternating, twice each: the machine is noisy.
    double reuse = 1e300;
    double naive = 1e300;
    unsigned long long reuseLayers = 0;
    unsigned long long naiveLayers = 0;
    for (int k = 0; k < 2; ++k) {
        auto [a, la] = time(true);
        auto [b, lb] = time(false);
        reuse = std::min(reuse, a);
        naive = std::min(naive, b);
        reuseLayers = la;
        naiveLayers = lb;
    }
    const ModelConfig& c = session.modelCard()->config;
    std::printf(
        "| model | L x H | sequences x T | sweep with reuse | naive (L*H+1 passes) | ratio "
        "| layer passes |\n|---|---|---|---|---|---|---|\n");
    std::printf("| %s | %d x %d | %zu x %d | %.2f s | %.2f s | %.2f | %llu / %llu |\n",
                session.modelCard()->info.name.c_str(), c.layers, c.heads, ids->size(), tokens,
                reuse, naive, reuse / naive, reuseLayers, naiveLayers);
    return 0;
}
