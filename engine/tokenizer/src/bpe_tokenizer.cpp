// SPDX-License-Identifier: GPL-3.0-or-later
#include "bpe_tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <queue>

#include "json_fields.h"
#include "unicode_text.h"
#include "vocabulary.h"

namespace headwave::tok {

namespace {

Error formatError(const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat, "The BPE model is not valid: " + what + ".",
                     std::move(detail));
}

std::string codePointName(std::string_view ch) {
    char32_t c = 0;
    if (decodeUtf8(ch, 0, c) == 0) {
        return "an invalid byte";
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return std::string(buffer) + " \"" + std::string(ch) + "\"";
}

}  // namespace

Result<std::unique_ptr<BpeTokenizer>> BpeTokenizer::fromJson(const nlohmann::json& model) {
    std::unique_ptr<BpeTokenizer> m(new BpeTokenizer());
    const json* vocab = member(model, "vocab");
    if (vocab == nullptr) {
        return formatError("it has no \"vocab\"");
    }
    if (Status s = parseVocabulary(*vocab, m->m_vocab, m->m_pieces); !s) {
        return s.error();
    }
    m->m_prefix = stringMember(model, "continuing_subword_prefix").value_or("");
    m->m_suffix = stringMember(model, "end_of_word_suffix").value_or("");
    m->m_fuseUnk = boolMember(model, "fuse_unk", false);
    m->m_byteFallback = boolMember(model, "byte_fallback", false);
    m->m_ignoreMerges = boolMember(model, "ignore_merges", false);
    if (const auto unk = stringMember(model, "unk_token")) {
        // An unk_token missing from the vocabulary only matters for text that needs it; Hugging
        // Face fails at that point too, and so does tokenize() (it names the character).
        const auto it = m->m_vocab.find(*unk);
        m->m_unkId = it == m->m_vocab.end() ? -1 : it->second;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned>(b));
        const auto it = m->m_vocab.find(std::string_view(name));
        m->m_byteIds[b] = it == m->m_vocab.end() ? -1 : it->second;
    }

    const json* merges = member(model, "merges");
    if (merges != nullptr && !merges->is_array()) {
        return formatError("\"merges\" is not a list");
    }
    if (merges != nullptr) {
        m->m_merges.reserve(merges->size());
        std::uint32_t rank = 0;
        std::string left;
        std::string right;
        for (const json& item : *merges) {
            if (item.is_string()) {
                const std::string& line = item.get_ref<const std::string&>();
                const std::size_t space = line.find(' ');
                if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos) {
                    return formatError("merge " + std::to_string(rank + 1) +
                                           " is not two pieces separated by one space",
                                       json(line).dump());
                }
                left.assign(line, 0, space);
                right.assign(line, space + 1, std::string::npos);
            } else if (item.is_array() && item.size() == 2 && item[0].is_string() &&
                       item[1].is_string()) {
                left = item[0].get<std::string>();
                right = item[1].get<std::string>();
            } else {
                return formatError("merge " + std::to_string(rank + 1) +
                                   " is neither \"a b\" nor [\"a\", \"b\"]");
            }
            const auto a = m->m_vocab.find(left);
            const auto b = m->m_vocab.find(right);
            if (a == m->m_vocab.end() || b == m->m_vocab.end()) {
                return formatError(
                    "merge " + std::to_string(rank + 1) + " uses a piece that is not in the vocab",
                    json(a == m->m_vocab.end() ? left : right).dump());
            }
            std::string merged = left;
            if (!m->m_prefix.empty() && right.compare(0, m->m_prefix.size(), m->m_prefix) == 0) {
                merged.append(right, m->m_prefix.size(), std::string::npos);
            } else {
                merged += right;
            }
            const auto c = m->m_vocab.find(merged);
            if (c == m->m_vocab.end()) {
                return formatError(
                    "merge " + std::to_string(rank + 1) + " makes a piece that is not in the vocab",
                    json(merged).dump());
            }
            // A repeated pair takes its last rank, as Hugging Face's HashMap collect does.
            m->m_merges[pairKey(a->second, b->second)] = Merge{rank, c->second};
            ++rank;
        }
    }
    return m;
}

const std::string& BpeTokenizer::piece(int id) const {
    static const std::string kEmpty;
    if (id < 0 || static_cast<std::size_t>(id) >= m_pieces.size()) {
        return kEmpty;
    }
    return m_pieces[static_cast<std::size_t>(id)];
}

int BpeTokenizer::id(const std::string& piece) const {
    const auto it = m_vocab.find(piece);
    return it == m_vocab.end() ? -1 : it->second;
}

Status BpeTokenizer::tokenize(std::string_view word, std::vector<ModelToken>& out) const {
    if (word.empty()) {
        return {};
    }
    if (m_ignoreMerges) {
        const auto it = m_vocab.find(word);
        if (it != m_vocab.end()) {
            out.push_back(ModelToken{it->second, 0, word.size()});
            return {};
        }
    }

    // The word as a doubly linked list of symbols; merged-away symbols are marked dead.
    struct Symbol {
        int id;
        int prev;
        int next;
        std::size_t begin;
        std::size_t end;
        bool alive;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    const auto add = [&](int id, std::size_t begin, std::size_t end) {
        const int index = static_cast<int>(symbols.size());
        if (!symbols.empty()) {
            symbols.back().next = index;
        }
        symbols.push_back(Symbol{id, index - 1, -1, begin, end, true});
    };

    bool pendingUnk = false;
    std::size_t unkBegin = 0;
    std::size_t unkEnd = 0;
    std::string withAffixes;
    for (std::size_t pos = 0; pos < word.size();) {
        const std::size_t n = charLength(word, pos);
        const bool first = pos == 0;
        const bool last = pos + n >= word.size();
        std::string_view ch = word.substr(pos, n);
        std::string_view key = ch;
        if ((!first && !m_prefix.empty()) || (last && !m_suffix.empty())) {
            withAffixes.clear();
            if (!first) {
                withAffixes += m_prefix;
            }
            withAffixes += ch;
            if (last) {
                withAffixes += m_suffix;
            }
            key = withAffixes;
        }
        const auto it = m_vocab.find(key);
        if (it != m_vocab.end()) {
            if (pendingUnk) {
                add(m_unkId, unkBegin, unkEnd);
                pendingUnk = false;
            }
            add(it->second, pos, pos + n);
            pos += n;
            continue;
        }
        if (m_byteFallback) {
            bool all = true;
            for (const char byte : key) {
                all = all && m_byteIds[static_cast<unsigned char>(byte)] >= 0;
            }
            if (all) {
                if (pendingUnk) {
                    add(m_unkId, unkBegin, unkEnd);
                    pendingUnk = false;
                }
                // One symbol per byte; each covers its own byte of the character (an affix,
                // which has no input bytes, shares the character's last byte).
                for (std::size_t k = 0; k < key.size(); ++k) {
                    const std::size_t b = pos + std::min(k, n - 1);
                    add(m_byteIds[static_cast<unsigned char>(key[k])], b, b + 1);
                }
                pos += n;
                continue;
            }
        }
        if (m_unkId < 0) {
            return makeError(ErrorCode::InvalidInput,
                             "The text contains a character this tokenizer cannot encode: " +
                                 codePointName(ch) + ".",
                             "the BPE vocabulary has no such piece, no usable unk_token and no "
                             "byte fallback");
        }
        if (pendingUnk && m_fuseUnk) {
            unkEnd = pos + n;
        } else {
            if (pendingUnk) {
                add(m_unkId, unkBegin, unkEnd);
            }
            pendingUnk = true;
            unkBegin = pos;
            unkEnd = pos + n;
        }
        pos += n;
    }
    if (pendingUnk) {
        add(m_unkId, unkBegin, unkEnd);
    }

    // Lowest rank first, then leftmost (word.rs's Merge ordering).
    struct Candidate {
        std::uint32_t rank;
        int pos;
        int merged;
        bool operator>(const Candidate& o) const {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
    const auto consider = [&](int left) {
        const int right = symbols[static_cast<std::size_t>(left)].next;
        if (right < 0) {
            return;
        }
        const auto it = m_merges.find(pairKey(symbols[static_cast<std::size_t>(left)].id,
                                              symbols[static_cast<std::size_t>(right)].id));
        if (it != m_merges.end()) {
            queue.push(Candidate{it->second.rank, left, it->second.merged});
        }
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i) {
        consider(i);
    }
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[static_cast<std::size_t>(top.pos)];
        if (!left.alive || left.next < 0) {
            continue;
        }
        Symbol& right = symbols[static_cast<std::size_t>(left.next)];
        // Skip entries made stale by an earlier merge of either symbol.
        const auto it = m_merges.find(pairKey(left.id, right.id));
        if (it == m_merges.end() || it->second.merged != top.merged) {
            continue;
        }
        left.id = top.merged;
        left.end = right.end;
        right.alive = false;
        left.next = right.next;
        if (right.next >= 0) {
            symbols[static_cast<std::size_t>(right.next)].prev = top.pos;
        }
        if (left.prev >= 0) {
            consider(left.prev);
        }
        consider(top.pos);
    }
    for (const Symbol& s : symbols) {
        if (s.alive) {
            out.push_back(ModelToken{s.id, s.begin, s.end});
        }
    }
    return {};
}

}  // namespace headwave::tok
