// One head's attention matrix over one sequence, with the tokens' display text: the snapshot the
// attention heatmap renders. Built by the app from a forward pass; immutable once shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace headwave {

struct HeadAttention {
    int layer = 0;
    int head = 0;
    int tokens = 0;                  // T
    std::vector<float> probs;        // [T (query), T (key)] row-major, rows sum to 1
    std::vector<std::string> texts;  // [T] display text of each token (UTF-8)
    std::uint64_t generation = 0;    // the analysis it belongs to (stale results are dropped)
};

}  // namespace headwave
