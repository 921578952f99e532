// SPDX-License-Identifier: GPL-3.0-or-later
// The "added_tokens" of tokenizer.json: strings that are cut out of the text before the model
// sees it ("<|endoftext|>", "<s>", "[CLS]", Pythia's runs of spaces), with Hugging Face's rules:
// leftmost-longest match, single_word, lstrip/rstrip, and normalized tokens matched against the
// normalised text while the others are matched against the raw input.
//
//   std::vector<AddedVocabulary::Part> parts;
//   vocab.split(text, /*normalizedTokens=*/false, parts);
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "aligned_string.h"
#include "headwave/core/error.h"

namespace headwave::tok {

class Normalizer;

struct AddedToken {
    int id = 0;
    std::string content;
    bool singleWord = false;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = true;
    bool special = false;
};

class AddedVocabulary {
public:
    // One piece of a split: either text still to tokenize (token < 0) or an added token with the
    // original span it covers (including whitespace taken by lstrip/rstrip).
    struct Part {
        AlignedString text;
        int token = -1;  // index into tokens(), or -1
        ByteRange span;
    };

    // added_tokens array (may be null); normalized tokens are run through normalizer. maxId bounds
    // the ids. Errors have messages without the file name.
    static Result<AddedVocabulary> fromJson(const nlohmann::json& list,
                                            const Normalizer& normalizer, long long maxId);

    // Splits text on the raw (normalizedTokens false) or normalised (true) token set; pieces with
    // no token are passed through.
    void split(const AlignedString& text, bool normalizedTokens, std::vector<Part>& out) const;

    const std::vector<AddedToken>& tokens() const { return m_tokens; }
    // The token with this content, or nullptr.
    const AddedToken* find(const std::string& content) const;
    // The token with this id, or nullptr.
    const AddedToken* findId(int id) const;

private:
    struct Trie {
        struct Node {
            std::unordered_map<unsigned char, int> next;
            int token = -1;  // index into m_tokens when a pattern ends here
        };
        std::vector<Node> nodes{Node{}};
        void insert(const std::string& pattern, int token);
        // Longest pattern starting at text[pos]: its length, or 0; token set to its index.
        std::size_t longestAt(const std::string& text, std::size_t pos, int& token) const;
    };

    std::vector<AddedToken> m_tokens;
    std::unordered_map<std::string, int> m_byContent;  // content -> index
    std::unordered_map<int, int> m_byId;               // id -> index
    Trie m_raw;                                        // non-normalized tokens, by content
    Trie m_normalized;                                 // normalized tokens, by normalised content
};

}  // namespace headwave::tok
