// SPDX-License-Identifier: GPL-3.0-or-later
// The Unigram model of tokenizer.json (T5, ALBERT, XLNet, SentencePiece unigram converted by
// Hugging Face): the segmentation with the highest total log-probability (Viterbi over the
// vocabulary scores), unknown characters as unk (fused when consecutive) with SentencePiece's
// penalty of 10 below the lowest score, and optional byte fallback.
//
//   Result<std::unique_ptr<UnigramTokenizer>> m = UnigramTokenizer::fromJson(j["model"]);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "token_model.h"

namespace headwave::tok {

class UnigramTokenizer : public TokenModel {
public:
    // "vocab": [[piece, score], ...] (the id is the position), "unk_id", "byte_fallback". Errors
    // (messages without the file name) for a malformed vocab or an unk_id out of range.
    static Result<std::unique_ptr<UnigramTokenizer>> fromJson(const nlohmann::json& model);

    Status tokenize(std::string_view piece, std::vector<ModelToken>& out) const override;
    const std::string& piece(int id) const override;
    int id(const std::string& piece) const override;
    int size() const override { return static_cast<int>(m_pieces.size()); }
    bool byteFallback() const override { return m_byteFallback; }

private:
    // A byte trie over the pieces: child of (node, byte) in one hash map, the piece id per node.
    std::unordered_map<std::uint64_t, std::int32_t> m_children;  // (node << 8 | byte) -> node
    std::vector<std::int32_t> m_nodePiece{-1};                   // [nodes]: id ending here, or -1
    std::vector<std::string> m_pieces;                           // [vocab size]
    std::vector<double> m_scores;                                // [vocab size]: log-probability
    VocabMap m_vocab;
    int m_unkId = -1;
    double m_minScore = 0.0;
    bool m_byteFallback = false;
    int m_byteIds[256];  // id of "<0xXX>" per byte, or -1
};

}  // namespace headwave::tok
