// SPDX-License-Identifier: GPL-3.0-or-later
// A guard for untrusted JSON (safetensors headers, tokenizer.json): rejects deep nesting before
// the JSON parser sees it, so a hostile file of a million '[' costs neither stack nor a huge DOM.
#pragma once

#include <cstddef>
#include <string_view>

namespace headwave {

// True when no object or array in `text` nests deeper than maxDepth (strings are skipped).
inline bool jsonNestingWithin(std::string_view text, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                return false;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return true;
}

}  // namespace headwave
