// SPDX-License-Identifier: GPL-3.0-or-later
// A SentencePiece tokenizer.model run by libsentencepiece (Llama 2, Mistral, T5 originals): the
// reference implementation itself, so its ids are SentencePiece's by construction. The file is
// checked (protobuf wire format, normalisation trie bounds) before libsentencepiece sees it,
// because the library trusts its input; its util::Status becomes an Error naming the file.
//
//   Result<std::unique_ptr<SentencePieceModelTokenizer>> t =
//       SentencePieceModelTokenizer::load("llama2/tokenizer.model");
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/tokenizer/tokenizer.h"

namespace headwave::tok {

class SentencePieceModelTokenizer : public Tokenizer {
public:
    static Result<std::unique_ptr<SentencePieceModelTokenizer>> load(const std::string& path);
    // The serialized ModelProto already in memory; path is used in messages only.
    static Result<std::unique_ptr<SentencePieceModelTokenizer>> parse(std::string_view bytes,
                                                                      const std::string& path);

    ~SentencePieceModelTokenizer() override;

    Result<Encoding> encode(std::string_view text, bool addSpecial = true) const override;
    std::string tokenText(int id) const override;
    int vocabSize() const override;
    std::string kind() const override { return "SentencePiece model"; }
    int bosId() const override { return m_bosId; }
    int eosId() const override { return m_eosId; }

    // The id of a piece, or -1.
    int tokenId(const std::string& piece) const;

    // Whether encode(…, addSpecial = true) adds BOS / EOS (BOS yes, EOS no by default, as
    // Llama 2 does); ignored where the model has no such id.
    void setAddBosEos(bool addBos, bool addEos) {
        m_addBos = addBos;
        m_addEos = addEos;
    }

private:
    SentencePieceModelTokenizer();

    std::unique_ptr<class SpmProcessor> m_processor;
    std::vector<std::string> m_display;  // [vocab size]: Token::text of each id
    std::vector<bool> m_control;         // [vocab size]: control or unknown piece
    int m_bosId = -1;
    int m_eosId = -1;
    bool m_addBos = true;
    bool m_addEos = false;
    std::string m_path;
};

}  // namespace headwave::tok
