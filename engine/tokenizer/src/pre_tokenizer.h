// SPDX-License-Identifier: GPL-3.0-or-later
// The "pre_tokenizer" of tokenizer.json (ByteLevel, Split, Metaspace, Whitespace, WhitespaceSplit,
// BertPreTokenizer, Punctuation, Digits, CharDelimiterSplit, Sequence): cuts normalised text into
// the pieces the model tokenizes one by one, each piece keeping its alignment to the input.
//
//   Result<PreTokenizer> p = PreTokenizer::fromJson(j["pre_tokenizer"]);
//   std::vector<AlignedString> pieces;
//   Status s = p->split(normalized, pieces);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "aligned_string.h"
#include "headwave/core/error.h"

namespace headwave::tok {

class PreTokenizer {
public:
    // A null JSON value gives no splitting (the whole text is one piece). Errors (message without
    // the file name) for unknown types, missing fields and bad patterns.
    static Result<PreTokenizer> fromJson(const nlohmann::json& j);

    // Appends the non-empty pieces of text to pieces, in order. Fails only when a regex gives up.
    Status split(const AlignedString& text, std::vector<AlignedString>& pieces) const;

    // True when a ByteLevel step maps bytes to GPT-2's symbols (so the vocabulary is byte-level).
    bool byteLevel() const { return m_byteLevel; }
    // True when a Metaspace step turns spaces into its replacement character.
    bool metaspace() const { return m_metaspace; }

    struct Step;  // one pre-tokenizer; defined in the .cpp

private:
    std::vector<std::shared_ptr<const Step>> m_steps;  // applied in order, each to every piece
    bool m_byteLevel = false;
    bool m_metaspace = false;
};

}  // namespace headwave::tok
