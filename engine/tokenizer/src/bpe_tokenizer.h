// SPDX-License-Identifier: GPL-3.0-or-later
// The BPE model of tokenizer.json ("model": {"type": "BPE"}): byte-level vocabularies (GPT-2,
// Pythia, Llama 3, Qwen) and SentencePiece-style ones with byte fallback (Llama 2, Mistral,
// Gemma). Merges are applied by rank with a priority queue over a linked list of symbols, as
// Hugging Face's word.rs does, so a long word costs O(n log n), not O(n^2).
//
//   Result<std::unique_ptr<BpeTokenizer>> m = BpeTokenizer::fromJson(j["model"]);
//   std::vector<ModelToken> out; Status s = (*m)->tokenize("Ġhello", out);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "token_model.h"

namespace headwave::tok {

class BpeTokenizer : public TokenModel {
public:
    // vocab (object of piece -> id) and merges ("a b" strings or [a, b] pairs). Errors (messages
    // without the file name) for merges that name unknown pieces or a merged piece that is not in
    // the vocabulary, ids out of range, an unk_token that is not in the vocabulary.
    static Result<std::unique_ptr<BpeTokenizer>> fromJson(const nlohmann::json& model);

    Status tokenize(std::string_view piece, std::vector<ModelToken>& out) const override;
    const std::string& piece(int id) const override;
    int id(const std::string& piece) const override;
    int size() const override { return static_cast<int>(m_pieces.size()); }
    bool byteFallback() const override { return m_byteFallback; }

private:
    struct Merge {
        std::uint32_t rank = 0;
        int merged = 0;  // id of the merged piece
    };
    static std::uint64_t pairKey(int a, int b) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
               static_cast<std::uint32_t>(b);
    }

    VocabMap m_vocab;
    std::vector<std::string> m_pieces;  // [max id + 1]: piece of each id ("" for gaps)
    std::unordered_map<std::uint64_t, Merge> m_merges;  // (left id, right id) -> merge
    int m_unkId = -1;
    std::string m_prefix;  // continuing_subword_prefix
    std::string m_suffix;  // end_of_word_suffix
    bool m_fuseUnk = false;
    bool m_byteFallback = false;
    bool m_ignoreMerges = false;
    int m_byteIds[256];  // id of "<0xXX>" per byte, or -1
};

}  // namespace headwave::tok
