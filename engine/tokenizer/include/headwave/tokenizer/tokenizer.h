// SPDX-License-Identifier: GPL-3.0-or-later
// Text to token ids, keeping each token's byte span so views can label axes with the text.
//
//   Result<std::unique_ptr<Tokenizer>> tok = loadTokenizer("models/stories260K");
//   Result<Encoding> e = (*tok)->encode("Once upon a time");
//   for (const Token& t : e->tokens) { t.id; t.text; t.begin; t.end; }
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

struct Token {
    int id = 0;
    std::string text;       // display form of the token ("▁Once" -> " Once", "Ġthe" -> " the",
                            // byte-fallback "<0x0A>" -> "\n"); special tokens as spelled ("<s>");
                            // a token holding part of a multi-byte character has just those raw
                            // bytes (not valid UTF-8 on its own); WordPiece as spelled ("##ing")
    std::size_t begin = 0;  // byte span [begin, end) in the input text (UTF-8); begin == end for
    std::size_t end = 0;    // tokens that cover no input text (BOS, EOS, [CLS], [SEP])
    bool special = false;   // added by the tokenizer (BOS/EOS/CLS/SEP) or a special token
};

struct Encoding {
    std::vector<Token> tokens;
    std::vector<int> ids() const;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // addSpecial: add BOS/EOS/CLS/SEP as the folder's configuration says. Errors only for input
    // that cannot be encoded (e.g. invalid UTF-8 is replaced, not an error; an unknown character
    // with no <unk> and no byte fallback is an error that names it).
    virtual Result<Encoding> encode(std::string_view text, bool addSpecial = true) const = 0;

    // The display text of one id ("" for an id out of range).
    virtual std::string tokenText(int id) const = 0;

    virtual int vocabSize() const = 0;

    // "BPE (byte-level)", "BPE (SentencePiece, byte fallback)", "WordPiece", "Unigram",
    // "SentencePiece model" -- for the model card.
    virtual std::string kind() const = 0;

    virtual int bosId() const { return -1; }
    virtual int eosId() const { return -1; }
};

struct TokenizerOptions {
    // Overrides of the folder's configuration; -1 = as configured.
    int addBos = -1;
    int addEos = -1;
};

// Loads the tokenizer of a model folder: tokenizer.json when present (BPE, WordPiece, Unigram),
// else tokenizer.model (libsentencepiece). BOS/EOS and special tokens follow the folder's
// tokenizer_config.json, special_tokens_map.json and config.json. Errors name the file. A path
// to a file instead of a folder loads that file on its own (".json" as tokenizer.json, anything
// else as a SentencePiece model).
Result<std::unique_ptr<Tokenizer>> loadTokenizer(const std::string& modelDir,
                                                 const TokenizerOptions& options = {});

// A tokenizer.json file on its own (no folder configuration: the post-processor in the file decides
// BOS/EOS).
Result<std::unique_ptr<Tokenizer>> loadTokenizerJson(const std::string& path,
                                                     const TokenizerOptions& options = {});

// A SentencePiece tokenizer.model file through libsentencepiece (BOS added, as Llama 2 does,
// unless options say otherwise).
Result<std::unique_ptr<Tokenizer>> loadSentencePieceModel(const std::string& path,
                                                          const TokenizerOptions& options = {});

}  // namespace headwave
