// SPDX-License-Identifier: GPL-3.0-or-later
// SentencePiece's compiled normalisation rules ("precompiled_charsmap": a darts-clone double-array
// trie of source strings plus a blob of NUL-terminated replacements), applied as SentencePiece's
// normalizer applies them: at each position the longest rule that matches wins, else one character
// is copied (an invalid byte becomes U+FFFD). Every trie access is bounds-checked, so a corrupt
// blob gives an error at parse time or no match, never a read outside the blob.
//
//   Result<PrecompiledCharsMap> map = PrecompiledCharsMap::parse(blobBytes);
//   std::string_view replacement; std::size_t consumed = map->normalizePrefix(text, replacement);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/error.h"

namespace headwave::tok {

class PrecompiledCharsMap {
public:
    // The blob layout: uint32 little-endian trie size in bytes, the trie (uint32 units), then the
    // replacement strings. FileFormat (message without a file name; the caller adds it) when the
    // sizes do not fit.
    static Result<PrecompiledCharsMap> parse(std::string_view blob);

    // Normalises the prefix of text: returns how many bytes of text were consumed (>= 1 when text
    // is not empty) and sets replacement to the text that replaces them.
    std::size_t normalizePrefix(std::string_view text, std::string& replacement) const;

    bool empty() const { return m_units.empty(); }

    // Checks that every trie node reachable from the root stays inside the array and that every
    // value points into the replacement blob: what libsentencepiece, which does not check, needs
    // before it is given the same blob.
    bool structurallyValid() const;

private:
    std::vector<std::uint32_t> m_units;  // [trie units]: darts-clone double array
    std::string m_normalized;            // replacement strings, each NUL-terminated
};

}  // namespace headwave::tok
