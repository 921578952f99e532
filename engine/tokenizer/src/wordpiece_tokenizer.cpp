// SPDX-License-Identifier: GPL-3.0-or-later
#include "wordpiece_tokenizer.h"

#include <algorithm>

#include "json_fields.h"
#include "unicode_text.h"
#include "vocabulary.h"

namespace headwave::tok {

Result<std::unique_ptr<WordPieceTokenizer>> WordPieceTokenizer::fromJson(
    const nlohmann::json& model) {
    std::unique_ptr<WordPieceTokenizer> m(new WordPieceTokenizer());
    const json* vocab = member(model, "vocab");
    if (vocab == nullptr) {
        return makeError(ErrorCode::FileFormat, "The WordPiece model has no \"vocab\".");
    }
    if (Status s = parseVocabulary(*vocab, m->m_vocab, m->m_pieces); !s) {
        return s.error();
    }
    m->m_unk = stringMember(model, "unk_token").value_or("[UNK]");
    const auto unk = m->m_vocab.find(m->m_unk);
    m->m_unkId = unk == m->m_vocab.end() ? -1 : unk->second;
    m->m_prefix = stringMember(model, "continuing_subword_prefix").value_or("##");
    m->m_maxChars = static_cast<std::size_t>(
        intMember(model, "max_input_chars_per_word", 0, 1LL << 40).value_or(100));
    for (const auto& [piece, id] : m->m_vocab) {
        m->m_longestPieceBytes = std::max(m->m_longestPieceBytes, piece.size());
    }
    return m;
}

const std::string& WordPieceTokenizer::piece(int id) const {
    static const std::string kEmpty;
    if (id < 0 || static_cast<std::size_t>(id) >= m_pieces.size()) {
        return kEmpty;
    }
    return m_pieces[static_cast<std::size_t>(id)];
}

int WordPieceTokenizer::id(const std::string& piece) const {
    const auto it = m_vocab.find(piece);
    return it == m_vocab.end() ? -1 : it->second;
}

Status WordPieceTokenizer::tokenize(std::string_view word, std::vector<ModelToken>& out) const {
    const auto unknown = [&]() -> Status {
        if (m_unkId < 0) {
            return makeError(ErrorCode::InvalidInput,
                             "The text contains a word this tokenizer cannot encode.",
                             "WordPiece has no piece for \"" + std::string(word.substr(0, 64)) +
                                 "\" and its unk_token " + m_unk + " is not in the vocabulary");
        }
        out.push_back(ModelToken{m_unkId, 0, word.size()});
        return {};
    };
    std::size_t chars = 0;
    for (std::size_t p = 0; p < word.size(); p += charLength(word, p)) {
        ++chars;
    }
    if (chars > m_maxChars) {
        return unknown();
    }
    std::vector<ModelToken> pieces;
    std::string candidate;
    std::size_t start = 0;
    while (start < word.size()) {
        // Longest match first: shrink the end one character at a time.
        std::size_t end = std::min(word.size(), start + m_longestPieceBytes);
        while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) {
            --end;  // keep the end on a character boundary
        }
        int found = -1;
        while (end > start) {
            candidate.clear();
            if (start > 0) {
                candidate += m_prefix;
            }
            candidate.append(word.substr(start, end - start));
            const auto it = m_vocab.find(candidate);
            if (it != m_vocab.end()) {
                found = it->second;
                break;
            }
            --end;
            while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) {
                --end;
            }
        }
        if (found < 0) {
            return unknown();
        }
        pieces.push_back(ModelToken{found, start, end});
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
    return {};
}

}  // namespace headwave::tok
