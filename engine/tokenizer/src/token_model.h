// SPDX-License-Identifier: GPL-3.0-or-later
// The "model" stage of a tokenizer.json pipeline (BPE, WordPiece, Unigram): turns one
// pre-tokenized piece into ids, each with the byte range of the piece it covers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "headwave/core/error.h"

namespace headwave::tok {

// Largest token id accepted from a file: far above any published vocabulary (256k), low enough
// that a corrupt id cannot make the id -> piece table a gigabyte.
constexpr long long kMaxTokenId = (1LL << 24) - 1;

// Hash and equality that let an unordered_map<std::string, int> be searched with a string_view,
// so looking up each character of a word allocates nothing.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using VocabMap = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

struct ModelToken {
    int id = 0;
    std::size_t begin = 0;  // byte range [begin, end) in the piece
    std::size_t end = 0;
};

class TokenModel {
public:
    virtual ~TokenModel() = default;

    // Appends the tokens of piece (non-empty, valid UTF-8). Errors name the character that cannot
    // be encoded (no <unk> and no byte fallback).
    virtual Status tokenize(std::string_view piece, std::vector<ModelToken>& out) const = 0;

    // The vocabulary entry of id ("" when there is none).
    virtual const std::string& piece(int id) const = 0;
    // The id of a vocabulary entry, or -1.
    virtual int id(const std::string& piece) const = 0;
    // One past the largest id.
    virtual int size() const = 0;
    // True when the vocabulary spells bytes as "<0x0A>" pieces the model falls back to.
    virtual bool byteFallback() const { return false; }
};

}  // namespace headwave::tok
