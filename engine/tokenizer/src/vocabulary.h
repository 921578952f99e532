// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the "vocab" object of a BPE or WordPiece model ({"piece": id, ...}) into the two lookup
// tables every model needs, with the id checks a file from the internet needs.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "headwave/core/error.h"
#include "token_model.h"

namespace headwave::tok {

// Fills vocab (piece -> id) and pieces ([max id + 1], "" where no piece has the id). FileFormat
// (message without the file name) when vocab is not an object of non-negative integer ids, an id
// exceeds kMaxTokenId, or the ids are so sparse that the table would be mostly holes.
Status parseVocabulary(const nlohmann::json& vocabJson, VocabMap& vocab,
                       std::vector<std::string>& pieces);

}  // namespace headwave::tok
