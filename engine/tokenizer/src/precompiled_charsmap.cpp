// SPDX-License-Identifier: GPL-3.0-or-later
#include "precompiled_charsmap.h"

#include <cstring>
#include <vector>

#include "unicode_text.h"

namespace headwave::tok {

namespace {

// darts-clone's unit layout (darts.h, DoubleArrayUnit).
bool hasLeaf(std::uint32_t unit) {
    return ((unit >> 8) & 1u) == 1u;
}
std::uint32_t value(std::uint32_t unit) {
    return unit & ((1u << 31) - 1u);
}
std::uint32_t label(std::uint32_t unit) {
    return unit & ((1u << 31) | 0xFFu);
}
std::uint32_t offset(std::uint32_t unit) {
    return (unit >> 10) << ((unit & (1u << 9)) >> 6);
}

// SentencePiece's normalizer looks at no more than this many matches per position
// (kMaxTrieResultsSize in normalizer.cc); the longest among them wins.
constexpr std::size_t kMaxTrieResults = 32;

}  // namespace

Result<PrecompiledCharsMap> PrecompiledCharsMap::parse(std::string_view blob) {
    if (blob.size() <= 4) {
        return makeError(ErrorCode::FileFormat, "The precompiled normalisation rules are broken.",
                         "blob of " + std::to_string(blob.size()) + " bytes");
    }
    const auto b = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(blob[i]));
    };
    const std::uint32_t trieBytes = b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
    if (trieBytes >= blob.size() - 4 + 1 || trieBytes % 4 != 0) {
        return makeError(ErrorCode::FileFormat,
                         "The precompiled normalisation rules are broken: the trie does not fit.",
                         "trie of " + std::to_string(trieBytes) + " bytes in a blob of " +
                             std::to_string(blob.size()) + " bytes");
    }
    PrecompiledCharsMap map;
    map.m_units.resize(trieBytes / 4);
    for (std::size_t i = 0; i < map.m_units.size(); ++i) {
        const std::size_t p = 4 + 4 * i;
        map.m_units[i] = b(p) | (b(p + 1) << 8) | (b(p + 2) << 16) | (b(p + 3) << 24);
    }
    map.m_normalized.assign(blob.substr(4 + trieBytes));
    return map;
}

std::size_t PrecompiledCharsMap::normalizePrefix(std::string_view text,
                                                 std::string& replacement) const {
    replacement.clear();
    if (text.empty()) {
        return 0;
    }
    std::size_t longestLength = 0;
    std::uint32_t longestValue = 0;
    if (!m_units.empty()) {
        // darts-clone commonPrefixSearch, with a bounds check before every unit read.
        std::size_t found = 0;
        std::size_t nodePos = 0;
        std::uint32_t unit = m_units[0];
        nodePos ^= offset(unit);
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            nodePos ^= c;
            if (nodePos >= m_units.size()) {
                break;
            }
            unit = m_units[nodePos];
            if (label(unit) != c) {
                break;
            }
            nodePos ^= offset(unit);
            if (hasLeaf(unit)) {
                if (nodePos >= m_units.size()) {
                    break;
                }
                if (found < kMaxTrieResults && i + 1 > longestLength) {
                    longestLength = i + 1;
                    longestValue = value(m_units[nodePos]);
                }
                ++found;
            }
        }
    }
    if (longestLength == 0 || longestValue >= m_normalized.size()) {
        char32_t cp = 0;
        const std::size_t n = decodeUtf8(text, 0, cp);
        if (n == 0) {
            appendUtf8(replacement, kReplacementChar);
            return 1;
        }
        replacement.assign(text.substr(0, n));
        return n;
    }
    const char* start = m_normalized.data() + longestValue;
    const std::size_t available = m_normalized.size() - longestValue;
    const void* nul = std::memchr(start, '\0', available);
    const std::size_t len = nul == nullptr
                                ? available
                                : static_cast<std::size_t>(static_cast<const char*>(nul) - start);
    replacement.assign(start, len);
    return longestLength;
}

bool PrecompiledCharsMap::structurallyValid() const {
    if (m_units.empty()) {
        return true;
    }
    // Depth-first walk over every node reachable from the root. A node's children are
    // base ^ c for every byte c: all of base's 256-unit block must be inside the array.
    std::vector<std::uint8_t> visited(m_units.size(), 0);
    std::vector<std::size_t> stack;
    const std::size_t rootBase = offset(m_units[0]);
    if ((rootBase | 0xFFu) >= m_units.size()) {
        return false;
    }
    stack.push_back(rootBase);
    while (!stack.empty()) {
        const std::size_t base = stack.back();
        stack.pop_back();
        for (std::size_t c = 0; c < 256; ++c) {
            const std::size_t pos = base ^ c;
            const std::uint32_t unit = m_units[pos];
            if (label(unit) != c) {
                continue;
            }
            if (visited[pos] != 0) {
                continue;
            }
            visited[pos] = 1;
            const std::size_t childBase = pos ^ offset(unit);
            if ((childBase | 0xFFu) >= m_units.size()) {
                return false;
            }
            if (hasLeaf(unit) && value(m_units[childBase]) >= m_normalized.size()) {
                return false;
            }
            stack.push_back(childBase);
        }
    }
    return true;
}

}  // namespace headwave::tok
