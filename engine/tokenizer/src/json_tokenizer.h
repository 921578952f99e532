// SPDX-License-Identifier: GPL-3.0-or-later
// A Hugging Face tokenizer.json pipeline: added tokens, normalizer, pre-tokenizer, model (BPE,
// WordPiece, Unigram) and post-processor, with each token mapped back to its input bytes.
//
//   Result<std::unique_ptr<JsonTokenizer>> t = JsonTokenizer::load("gpt2/tokenizer.json");
//   Result<Encoding> e = (*t)->encode("Hello world", /*addSpecial=*/false);
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "added_vocabulary.h"
#include "headwave/tokenizer/tokenizer.h"
#include "normalizer.h"
#include "pre_tokenizer.h"
#include "token_model.h"

namespace headwave::tok {

class JsonTokenizer : public Tokenizer {
public:
    // Reads and parses the file. Errors name it: FileNotFound / FileRead from the OS, FileFormat
    // for JSON that is not a valid tokenizer, Unsupported for a model or component type Headwave
    // does not implement.
    static Result<std::unique_ptr<JsonTokenizer>> load(const std::string& path);
    // Parses tokenizer.json text already in memory; path is used in messages only.
    static Result<std::unique_ptr<JsonTokenizer>> parse(std::string_view text,
                                                        const std::string& path);

    Result<Encoding> encode(std::string_view text, bool addSpecial = true) const override;
    std::string tokenText(int id) const override;
    int vocabSize() const override { return m_vocabSize; }
    std::string kind() const override { return m_kind; }
    int bosId() const override { return m_bosId; }
    int eosId() const override { return m_eosId; }

    // The id of a token spelled as in the file (added tokens first, then the model's vocabulary),
    // or -1.
    int tokenId(const std::string& content) const;

    // The special tokens the post-processor puts around a sequence ([CLS] ... [SEP], <s> ...).
    const std::vector<int>& prefixIds() const { return m_prefix; }
    const std::vector<int>& suffixIds() const { return m_suffix; }
    // Replaces them (the folder's configuration or the caller's options decide), and the ids
    // reported by bosId() / eosId() (-1: unknown).
    void setSpecials(std::vector<int> prefix, std::vector<int> suffix, int bosId, int eosId);

private:
    JsonTokenizer() = default;

    Status encodePiece(const AlignedString& piece, std::vector<Token>& out) const;
    Token specialToken(int id) const;

    AddedVocabulary m_added;
    Normalizer m_normalizer;
    PreTokenizer m_preTokenizer;
    std::unique_ptr<TokenModel> m_model;
    std::vector<std::string> m_display;  // [m_vocabSize]: Token::text of each id
    std::vector<int> m_prefix;           // special ids before the sequence
    std::vector<int> m_suffix;           // special ids after the sequence
    int m_bosId = -1;
    int m_eosId = -1;
    int m_vocabSize = 0;
    std::string m_kind;
    std::string m_path;
};

}  // namespace headwave::tok
