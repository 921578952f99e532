// SPDX-License-Identifier: GPL-3.0-or-later
#include "unigram_tokenizer.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "json_fields.h"
#include "unicode_text.h"

namespace headwave::tok {

namespace {

// SentencePiece's kUnkPenalty (unigram_model.cc), which Hugging Face copies: an unknown
// character costs 10 nats more than the rarest piece.
constexpr double kUnkPenalty = 10.0;

Error formatError(const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat, "The Unigram model is not valid: " + what + ".",
                     std::move(detail));
}

}  // namespace

Result<std::unique_ptr<UnigramTokenizer>> UnigramTokenizer::fromJson(const nlohmann::json& model) {
    std::unique_ptr<UnigramTokenizer> m(new UnigramTokenizer());
    const json* vocab = member(model, "vocab");
    if (vocab == nullptr || !vocab->is_array()) {
        return formatError("it has no \"vocab\" list");
    }
    if (vocab->size() > static_cast<std::size_t>(kMaxTokenId)) {
        return formatError("the vocabulary is far larger than any real one");
    }
    m->m_pieces.reserve(vocab->size());
    m->m_scores.reserve(vocab->size());
    m->m_minScore = std::numeric_limits<double>::infinity();
    for (const json& entry : *vocab) {
        if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() ||
            !entry[1].is_number()) {
            return formatError("vocab entry " + std::to_string(m->m_pieces.size()) +
                               " is not [piece, score]");
        }
        const auto score = entry[1].get<double>();
        if (!std::isfinite(score)) {
            return formatError("vocab entry " + std::to_string(m->m_pieces.size()) +
                               " has a score that is not finite");
        }
        const int id = static_cast<int>(m->m_pieces.size());
        std::string piece = entry[0].get<std::string>();
        m->m_vocab.emplace(piece, id);  // a repeated piece keeps its first id
        m->m_minScore = std::min(m->m_minScore, score);
        // Insert into the trie; a piece inserted twice keeps the first id.
        std::int32_t node = 0;
        for (const char ch : piece) {
            const std::uint64_t key =
                (static_cast<std::uint64_t>(node) << 8) | static_cast<unsigned char>(ch);
            const auto it = m->m_children.find(key);
            if (it == m->m_children.end()) {
                const auto created = static_cast<std::int32_t>(m->m_nodePiece.size());
                m->m_children.emplace(key, created);
                m->m_nodePiece.push_back(-1);
                node = created;
            } else {
                node = it->second;
            }
        }
        if (!piece.empty() && m->m_nodePiece[static_cast<std::size_t>(node)] < 0) {
            m->m_nodePiece[static_cast<std::size_t>(node)] = id;
        }
        m->m_pieces.push_back(std::move(piece));
        m->m_scores.push_back(score);
    }
    if (m->m_pieces.empty()) {
        m->m_minScore = 0.0;
    }
    if (const json* unk = member(model, "unk_id")) {
        const auto id =
            intMember(model, "unk_id", 0, static_cast<long long>(m->m_pieces.size()) - 1);
        if (!id) {
            return formatError("\"unk_id\" is not an id of the vocabulary", unk->dump());
        }
        m->m_unkId = static_cast<int>(*id);
    }
    m->m_byteFallback = boolMember(model, "byte_fallback", false);
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned>(b));
        const auto it = m->m_vocab.find(std::string_view(name));
        m->m_byteIds[b] = it == m->m_vocab.end() ? -1 : it->second;
    }
    return m;
}

const std::string& UnigramTokenizer::piece(int id) const {
    static const std::string kEmpty;
    if (id < 0 || static_cast<std::size_t>(id) >= m_pieces.size()) {
        return kEmpty;
    }
    return m_pieces[static_cast<std::size_t>(id)];
}

int UnigramTokenizer::id(const std::string& piece) const {
    const auto it = m_vocab.find(piece);
    return it == m_vocab.end() ? -1 : it->second;
}

Status UnigramTokenizer::tokenize(std::string_view text, std::vector<ModelToken>& out) const {
    const std::size_t n = text.size();
    if (n == 0) {
        return {};
    }
    // best[e]: the best segmentation of text[0, e) ends with piece id from start.
    struct Node {
        int id = -1;
        double score = 0.0;
        std::size_t start = 0;
        bool reached = false;
    };
    std::vector<Node> best(n + 1);
    best[0].reached = true;
    const double unkScore = m_minScore - kUnkPenalty;
    for (std::size_t start = 0; start < n;) {
        const std::size_t charLen = charLength(text, start);
        if (!best[start].reached) {
            start += charLen;  // unreachable only inside a character; never for valid UTF-8
            continue;
        }
        const double here = best[start].score;
        bool singleChar = false;
        std::int32_t node = 0;
        for (std::size_t i = start; i < n; ++i) {
            const std::uint64_t key =
                (static_cast<std::uint64_t>(node) << 8) | static_cast<unsigned char>(text[i]);
            const auto it = m_children.find(key);
            if (it == m_children.end()) {
                break;
            }
            node = it->second;
            const int id = m_nodePiece[static_cast<std::size_t>(node)];
            if (id < 0) {
                continue;
            }
            const std::size_t end = i + 1;
            const double candidate = here + m_scores[static_cast<std::size_t>(id)];
            Node& target = best[end];
            if (!target.reached || candidate > target.score) {
                target = Node{id, candidate, start, true};
            }
            if (end - start == charLen) {
                singleChar = true;
            }
        }
        if (!singleChar) {
            if (m_unkId < 0) {
                char32_t c = 0;
                decodeUtf8(text, start, c);
                char name[16];
                std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
                return makeError(ErrorCode::InvalidInput,
                                 "The text contains a character this tokenizer cannot encode: " +
                                     std::string(name) + ".",
                                 "the Unigram vocabulary has no such piece and no unk_id");
            }
            const double candidate = here + unkScore;
            Node& target = best[start + charLen];
            if (!target.reached || candidate > target.score) {
                target = Node{m_unkId, candidate, start, true};
            }
        }
        start += charLen;
    }
    // Walk back; consecutive unknowns fuse into one token (Hugging Face's fuse_unk is always on
    // for Unigram).
    std::vector<ModelToken> reversed;
    std::size_t end = n;
    while (end > 0) {
        const Node& node = best[end];
        if (!node.reached || node.start >= end) {
            return makeError(ErrorCode::Internal, "The Unigram lattice has a gap.",
                             "at byte " + std::to_string(end));
        }
        if (node.id == m_unkId && !reversed.empty() && reversed.back().id == m_unkId &&
            reversed.back().begin == end && m_unkId >= 0) {
            reversed.back().begin = node.start;
        } else {
            reversed.push_back(ModelToken{node.id, node.start, end});
        }
        end = node.start;
    }
    for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) {
        const ModelToken& t = *it;
        const bool isUnknownText =
            t.id == m_unkId && text.substr(t.begin, t.end - t.begin) != piece(m_unkId);
        if (isUnknownText && m_byteFallback) {
            bool all = true;
            for (std::size_t i = t.begin; i < t.end; ++i) {
                all = all && m_byteIds[static_cast<unsigned char>(text[i])] >= 0;
            }
            if (all) {
                for (std::size_t i = t.begin; i < t.end; ++i) {
                    out.push_back(
                        ModelToken{m_byteIds[static_cast<unsigned char>(text[i])], i, i + 1});
                }
                continue;
            }
        }
        out.push_back(t);
    }
    return {};
}

}  // namespace headwave::tok
