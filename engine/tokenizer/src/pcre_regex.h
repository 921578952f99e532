// SPDX-License-Identifier: GPL-3.0-or-later
// A compiled PCRE2 pattern (UTF + Unicode properties) that runs the pre-tokenizer and normalizer
// regexes of tokenizer.json exactly as written (\p{L}, \p{N}, lookahead, (?i:...)).
//
//   Result<std::shared_ptr<const PcreRegex>> re = PcreRegex::compile(R"( ?\p{L}+)");
//   std::vector<std::pair<std::size_t, std::size_t>> m;
//   Status s = (*re)->findAll(text, m);  // byte ranges of the non-overlapping matches
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "headwave/core/error.h"

namespace headwave::tok {

class PcreRegex {
public:
    // InvalidArgument with PCRE2's message and offset when the pattern does not compile.
    static Result<std::shared_ptr<const PcreRegex>> compile(const std::string& pattern);
    // A pattern that matches the literal text (tokenizer.json's {"String": ...} patterns).
    static Result<std::shared_ptr<const PcreRegex>> literal(const std::string& text);
    // tokenizer.json's pattern object: {"String": "..."} (literal) or {"Regex": "..."}.
    static Result<std::shared_ptr<const PcreRegex>> fromJson(const nlohmann::json& pattern);

    ~PcreRegex();
    PcreRegex(const PcreRegex&) = delete;
    PcreRegex& operator=(const PcreRegex&) = delete;

    // All non-overlapping matches, leftmost first, as [begin, end) byte ranges of text, which must
    // be valid UTF-8 (the caller guarantees it; it is not re-checked, which keeps this linear).
    // An empty match right after the previous match is skipped, as Oniguruma's iterator does.
    // Fails only when PCRE2 gives up (its match or depth limit on a pathological input).
    Status findAll(std::string_view text,
                   std::vector<std::pair<std::size_t, std::size_t>>& matches) const;

    const std::string& pattern() const { return m_pattern; }

private:
    PcreRegex() = default;

    std::string m_pattern;
    void* m_code = nullptr;  // pcre2_code_8*, kept opaque so this header needs no pcre2.h
};

}  // namespace headwave::tok
