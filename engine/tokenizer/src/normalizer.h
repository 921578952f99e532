// SPDX-License-Identifier: GPL-3.0-or-later
// The "normalizer" of tokenizer.json (NFC/NFKC/NFD/NFKD, Lowercase, StripAccents, Strip, Replace,
// Prepend, Append, BertNormalizer, Nmt, Precompiled, ByteLevel, Sequence), applied to an
// AlignedString so every output byte still knows its input bytes.
//
//   Result<Normalizer> n = Normalizer::fromJson(j["normalizer"]);
//   Result<AlignedString> out = n->apply(AlignedString::fromInput(text));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "aligned_string.h"
#include "headwave/core/error.h"

namespace headwave::tok {

class Normalizer {
public:
    // A null JSON value gives the identity. Errors (message without the file name; the caller
    // prefixes it) for unknown types, missing fields and bad patterns.
    static Result<Normalizer> fromJson(const nlohmann::json& j);

    // Fails only when a regex gives up on a pathological input.
    Result<AlignedString> apply(const AlignedString& in) const;

    // Normalises a plain string (the content of normalized added tokens).
    Result<std::string> applyText(const std::string& text) const;

    bool identity() const { return m_steps.empty(); }

    struct Step;  // one normalizer; defined in the .cpp

private:
    std::vector<std::shared_ptr<const Step>> m_steps;  // applied in order
};

}  // namespace headwave::tok
