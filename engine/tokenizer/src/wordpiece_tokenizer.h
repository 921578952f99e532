// SPDX-License-Identifier: GPL-3.0-or-later
// The WordPiece model of tokenizer.json (BERT): greedy longest-match-first over the vocabulary,
// "##" marking a piece that continues a word, and the whole word as [UNK] when any part of it
// cannot be matched or it is longer than max_input_chars_per_word.
//
//   Result<std::unique_ptr<WordPieceTokenizer>> m = WordPieceTokenizer::fromJson(j["model"]);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "token_model.h"

namespace headwave::tok {

class WordPieceTokenizer : public TokenModel {
public:
    // Errors (messages without the file name) for a missing vocab or bad ids.
    static Result<std::unique_ptr<WordPieceTokenizer>> fromJson(const nlohmann::json& model);

    Status tokenize(std::string_view piece, std::vector<ModelToken>& out) const override;
    const std::string& piece(int id) const override;
    int id(const std::string& piece) const override;
    int size() const override { return static_cast<int>(m_pieces.size()); }

    const std::string& continuingPrefix() const { return m_prefix; }

private:
    VocabMap m_vocab;
    std::vector<std::string> m_pieces;  // [max id + 1]
    std::string m_unk = "[UNK]";
    int m_unkId = -1;
    std::string m_prefix = "##";          // continuing_subword_prefix
    std::size_t m_maxChars = 100;         // max_input_chars_per_word, in characters
    std::size_t m_longestPieceBytes = 0;  // bounds the longest-match search
};

}  // namespace headwave::tok
