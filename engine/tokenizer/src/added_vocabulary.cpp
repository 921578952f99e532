// SPDX-License-Identifier: GPL-3.0-or-later
#include "added_vocabulary.h"

#include <algorithm>

#include "json_fields.h"
#include "normalizer.h"
#include "unicode_text.h"

namespace headwave::tok {

namespace {

// The last character of text[0, end), or 0 when there is none.
char32_t charBefore(const std::string& text, std::size_t end) {
    if (end == 0) {
        return 0;
    }
    std::size_t s = end - 1;
    while (s > 0 && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) {
        --s;
    }
    char32_t c = 0;
    return decodeUtf8(text, s, c) == end - s ? c : kReplacementChar;
}

}  // namespace

void AddedVocabulary::Trie::insert(const std::string& pattern, int token) {
    int node = 0;
    for (const char ch : pattern) {
        const auto c = static_cast<unsigned char>(ch);
        auto& next = nodes[static_cast<std::size_t>(node)].next;
        const auto it = next.find(c);
        if (it == next.end()) {
            const int created = static_cast<int>(nodes.size());
            next.emplace(c, created);
            nodes.emplace_back();
            node = created;
        } else {
            node = it->second;
        }
    }
    if (nodes[static_cast<std::size_t>(node)].token < 0) {
        nodes[static_cast<std::size_t>(node)].token = token;
    }
}

std::size_t AddedVocabulary::Trie::longestAt(const std::string& text, std::size_t pos,
                                             int& token) const {
    std::size_t best = 0;
    int node = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const auto& next = nodes[static_cast<std::size_t>(node)].next;
        const auto it = next.find(static_cast<unsigned char>(text[i]));
        if (it == next.end()) {
            break;
        }
        node = it->second;
        if (nodes[static_cast<std::size_t>(node)].token >= 0) {
            best = i + 1 - pos;
            token = nodes[static_cast<std::size_t>(node)].token;
        }
    }
    return best;
}

Result<AddedVocabulary> AddedVocabulary::fromJson(const nlohmann::json& list,
                                                  const Normalizer& normalizer, long long maxId) {
    AddedVocabulary v;
    if (list.is_null()) {
        return v;
    }
    if (!list.is_array()) {
        return makeError(ErrorCode::FileFormat, "\"added_tokens\" is not a list.");
    }
    for (const json& item : list) {
        const auto id = intMember(item, "id", 0, maxId);
        const auto content = stringMember(item, "content");
        if (!id || !content) {
            return makeError(ErrorCode::FileFormat,
                             "An entry of \"added_tokens\" has no valid \"id\" or \"content\".",
                             item.is_object() ? item.dump().substr(0, 200) : std::string());
        }
        if (content->empty() || v.m_byContent.count(*content) != 0) {
            continue;  // HF ignores empty and repeated tokens
        }
        AddedToken t;
        t.id = static_cast<int>(*id);
        t.content = *content;
        t.singleWord = boolMember(item, "single_word", false);
        t.lstrip = boolMember(item, "lstrip", false);
        t.rstrip = boolMember(item, "rstrip", false);
        t.special = boolMember(item, "special", false);
        t.normalized = boolMember(item, "normalized", !t.special);
        const int index = static_cast<int>(v.m_tokens.size());
        v.m_byContent.emplace(t.content, index);
        v.m_byId.emplace(t.id, index);
        if (t.normalized) {
            auto n = normalizer.applyText(t.content);
            if (!n) {
                return n.error();
            }
            if (!n->empty()) {
                v.m_normalized.insert(*n, index);
            }
        } else {
            v.m_raw.insert(t.content, index);
        }
        v.m_tokens.push_back(std::move(t));
    }
    return v;
}

const AddedToken* AddedVocabulary::find(const std::string& content) const {
    const auto it = m_byContent.find(content);
    return it == m_byContent.end() ? nullptr : &m_tokens[static_cast<std::size_t>(it->second)];
}

const AddedToken* AddedVocabulary::findId(int id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[static_cast<std::size_t>(it->second)];
}

void AddedVocabulary::split(const AlignedString& text, bool normalizedTokens,
                            std::vector<Part>& out) const {
    const Trie& trie = normalizedTokens ? m_normalized : m_raw;
    const std::string& s = text.text();
    if (trie.nodes.size() == 1 || s.empty()) {
        out.push_back(Part{text, -1, {}});
        return;
    }
    std::size_t startOffset = 0;  // end of the previous split
    std::size_t pos = 0;          // where the non-overlapping search resumes
    while (pos < s.size()) {
        int token = -1;
        const std::size_t len = trie.longestAt(s, pos, token);
        if (len == 0) {
            pos += charLength(s, pos);
            continue;
        }
        std::size_t start = pos;
        std::size_t stop = pos + len;
        pos = stop;
        const AddedToken& t = m_tokens[static_cast<std::size_t>(token)];
        if (t.singleWord) {
            const bool startSpace = start == 0 || !isWordChar(charBefore(s, start));
            char32_t after = 0;
            const bool stopSpace =
                stop == s.size() || decodeUtf8(s, stop, after) == 0 || !isWordChar(after);
            if (!startSpace || !stopSpace) {
                continue;
            }
        }
        if (t.lstrip) {
            std::size_t newStart = start;
            while (newStart > 0) {
                const char32_t c = charBefore(s, newStart);
                if (!isWhitespace(c)) {
                    break;
                }
                std::size_t b = newStart - 1;
                while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) {
                    --b;
                }
                newStart = b;
            }
            start = std::max(newStart, startOffset);
        }
        if (t.rstrip) {
            while (stop < s.size()) {
                char32_t c = 0;
                const std::size_t n = decodeUtf8(s, stop, c);
                if (n == 0 || !isWhitespace(c)) {
                    break;
                }
                stop += n;
            }
            pos = stop;
        }
        if (startOffset < start) {
            out.push_back(Part{text.slice(startOffset, start), -1, {}});
        }
        out.push_back(Part{AlignedString(), token, text.span(start, stop)});
        startOffset = stop;
    }
    if (startOffset < s.size()) {
        out.push_back(Part{text.slice(startOffset, s.size()), -1, {}});
    }
}

}  // namespace headwave::tok
