// SPDX-License-Identifier: GPL-3.0-or-later
#include "json_tokenizer.h"

#include "headwave/core/json_nesting.h"

#include <algorithm>
#include <exception>
#include <new>

#include "bpe_tokenizer.h"
#include "byte_level.h"
#include "headwave/core/mapped_file.h"
#include "json_fields.h"
#include "unigram_tokenizer.h"
#include "wordpiece_tokenizer.h"

namespace headwave::tok {

namespace {

// tokenizer.json nests about 6 deep (a Sequence of Sequences of patterns); anything far deeper is
// not a tokenizer, and rejecting it early keeps a hostile file from costing stack or memory.
constexpr std::size_t kMaxJsonDepth = 64;

// Prefixes an error from a component parser with the file it came from.
Error inFile(const Error& e, const std::string& path) {
    return makeError(e.code, path + ": " + e.message, e.detail);
}

// True when the decoder (possibly a Sequence) contains a step of this type.
bool decoderHas(const json& decoder, const std::string& type, int depth = 0) {
    if (depth > 16 || !decoder.is_object()) {
        return false;
    }
    if (typeOf(decoder) == type) {
        return true;
    }
    if (const json* list = member(decoder, "decoders"); list != nullptr && list->is_array()) {
        for (const json& d : *list) {
            if (decoderHas(d, type, depth + 1)) {
                return true;
            }
        }
    }
    return false;
}

// The display form of a byte-fallback piece "<0x0A>" (the byte), or nullopt.
std::optional<std::string> byteFallbackText(const std::string& piece) {
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') {
        return std::nullopt;
    }
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    const int hi = hex(piece[3]);
    const int lo = hex(piece[4]);
    if (hi < 0 || lo < 0) {
        return std::nullopt;
    }
    return std::string(1, static_cast<char>(hi * 16 + lo));
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    std::size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

struct Specials {
    std::vector<int> prefix;
    std::vector<int> suffix;
};

// Reads the post-processor's special tokens for a single sequence.
Status parsePostProcessor(const json& p, Specials& out, int depth = 0) {
    if (p.is_null()) {
        return {};
    }
    if (depth > 16 || !p.is_object()) {
        return makeError(ErrorCode::FileFormat, "The post_processor is not an object.");
    }
    const std::string type = typeOf(p);
    const auto pairId = [](const json* pair) -> std::optional<int> {
        if (pair == nullptr || !pair->is_array() || pair->size() != 2 ||
            !(*pair)[1].is_number_integer()) {
            return std::nullopt;
        }
        const long long id = (*pair)[1].get<long long>();
        if (id < 0 || id > kMaxTokenId) {
            return std::nullopt;
        }
        return static_cast<int>(id);
    };
    if (type == "TemplateProcessing") {
        const json* single = member(p, "single");
        const json* specials = member(p, "special_tokens");
        if (single == nullptr || !single->is_array()) {
            return makeError(ErrorCode::FileFormat,
                             "The TemplateProcessing post_processor has no \"single\" list.");
        }
        bool afterSequence = false;
        for (const json& item : *single) {
            if (member(item, "Sequence") != nullptr) {
                afterSequence = true;
                continue;
            }
            const json* special = member(item, "SpecialToken");
            const auto name = special ? stringMember(*special, "id") : std::nullopt;
            const json* entry = name && specials ? member(*specials, name->c_str()) : nullptr;
            const json* ids = entry ? member(*entry, "ids") : nullptr;
            if (ids == nullptr || !ids->is_array()) {
                return makeError(ErrorCode::FileFormat,
                                 "The TemplateProcessing post_processor names a special token "
                                 "it does not define.",
                                 item.dump().substr(0, 200));
            }
            for (const json& id : *ids) {
                if (!id.is_number_integer() || id.get<long long>() < 0 ||
                    id.get<long long>() > kMaxTokenId) {
                    return makeError(ErrorCode::FileFormat,
                                     "The TemplateProcessing post_processor has an invalid id.");
                }
                (afterSequence ? out.suffix : out.prefix).push_back(id.get<int>());
            }
        }
        return {};
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        const auto cls = pairId(member(p, "cls"));
        const auto sep = pairId(member(p, "sep"));
        if (!cls || !sep) {
            return makeError(ErrorCode::FileFormat,
                             "The " + type + " post_processor has no valid \"cls\" and \"sep\".");
        }
        out.prefix = {*cls};
        out.suffix = {*sep};
        return {};
    }
    if (type == "ByteLevel") {
        return {};  // offsets only
    }
    if (type == "Sequence") {
        const json* list = member(p, "processors");
        if (list == nullptr || !list->is_array()) {
            return makeError(ErrorCode::FileFormat,
                             "The Sequence post_processor has no \"processors\" list.");
        }
        for (const json& item : *list) {
            if (Status s = parsePostProcessor(item, out, depth + 1); !s) {
                return s;
            }
        }
        return {};
    }
    return makeError(
        ErrorCode::Unsupported,
        "The tokenizer uses a post_processor Headwave does not support: \"" + type + "\".");
}

}  // namespace

Result<std::unique_ptr<JsonTokenizer>> JsonTokenizer::load(const std::string& path) {
    auto file = MappedFile::open(path);
    if (!file) {
        return file.error();
    }
    const auto* data = reinterpret_cast<const char*>((*file)->data());
    auto parsed = parse(std::string_view(data == nullptr ? "" : data, (*file)->size()), path);
    // Parsed from the mapping: a truncation meanwhile read zeros (see MappedFile).
    if (Status s = (*file)->checkUnchanged(); !s) {
        return s.error();
    }
    return parsed;
}

Result<std::unique_ptr<JsonTokenizer>> JsonTokenizer::parse(std::string_view text,
                                                            const std::string& path) {
    try {
        if (!jsonNestingWithin(text, kMaxJsonDepth)) {
            return makeError(ErrorCode::FileFormat,
                             path + " is not a tokenizer.json: it nests too deeply.");
        }
        json root;
        try {
            root = json::parse(text.begin(), text.end());
        } catch (const json::exception& e) {
            return makeError(ErrorCode::FileFormat,
                             path + " is not valid JSON; the file may be truncated or damaged.",
                             e.what());
        }
        if (!root.is_object()) {
            return makeError(ErrorCode::FileFormat,
                             path + " is not a tokenizer.json: its top level is not an object.");
        }
        const json* model = member(root, "model");
        if (model == nullptr || !model->is_object()) {
            return makeError(ErrorCode::FileFormat,
                             path + " is not a tokenizer.json: it has no \"model\" object.");
        }

        std::unique_ptr<JsonTokenizer> t(new JsonTokenizer());
        t->m_path = path;

        std::string type = typeOf(*model);
        if (type.empty()) {
            // Older files leave the type out; Hugging Face then tells the models by their fields.
            const json* vocab = member(*model, "vocab");
            if (member(*model, "merges") != nullptr) {
                type = "BPE";
            } else if (vocab != nullptr && vocab->is_array()) {
                type = "Unigram";
            } else if (member(*model, "max_input_chars_per_word") != nullptr ||
                       member(*model, "continuing_subword_prefix") != nullptr) {
                type = "WordPiece";
            }
        }
        if (type == "BPE") {
            auto m = BpeTokenizer::fromJson(*model);
            if (!m) {
                return inFile(m.error(), path);
            }
            t->m_model = std::move(*m);
        } else if (type == "WordPiece") {
            auto m = WordPieceTokenizer::fromJson(*model);
            if (!m) {
                return inFile(m.error(), path);
            }
            t->m_model = std::move(*m);
        } else if (type == "Unigram") {
            auto m = UnigramTokenizer::fromJson(*model);
            if (!m) {
                return inFile(m.error(), path);
            }
            t->m_model = std::move(*m);
        } else {
            return makeError(
                ErrorCode::Unsupported,
                path + " uses a tokenizer model Headwave does not support: \"" + type + "\".",
                "supported: BPE, WordPiece, Unigram");
        }

        const json nullJson;
        const json* normalizer = member(root, "normalizer");
        auto n = Normalizer::fromJson(normalizer ? *normalizer : nullJson);
        if (!n) {
            return inFile(n.error(), path);
        }
        t->m_normalizer = std::move(*n);
        const json* preTokenizer = member(root, "pre_tokenizer");
        auto p = PreTokenizer::fromJson(preTokenizer ? *preTokenizer : nullJson);
        if (!p) {
            return inFile(p.error(), path);
        }
        t->m_preTokenizer = std::move(*p);
        const json* added = member(root, "added_tokens");
        auto a = AddedVocabulary::fromJson(added ? *added : nullJson, t->m_normalizer, kMaxTokenId);
        if (!a) {
            return inFile(a.error(), path);
        }
        t->m_added = std::move(*a);
        Specials specials;
        const json* post = member(root, "post_processor");
        if (Status s = parsePostProcessor(post ? *post : nullJson, specials); !s) {
            return inFile(s.error(), path);
        }

        int size = t->m_model->size();
        for (const AddedToken& at : t->m_added.tokens()) {
            size = std::max(size, at.id + 1);
        }
        for (int id : specials.prefix) {
            size = std::max(size, id + 1);
        }
        for (int id : specials.suffix) {
            size = std::max(size, id + 1);
        }
        t->m_vocabSize = size;

        // How pieces are shown (Token::text): byte-level pieces decode to their bytes,
        // SentencePiece-style ones show "▁" as a space and "<0x0A>" as the byte, WordPiece
        // pieces are shown as spelled ("##ing").
        const json* decoder = member(root, "decoder");
        const json& dec = decoder ? *decoder : nullJson;
        const bool byteLevel = t->m_preTokenizer.byteLevel() || decoderHas(dec, "ByteLevel");
        const bool wordPiece = type == "WordPiece";
        const bool byteFallback = t->m_model->byteFallback() || decoderHas(dec, "ByteFallback");
        t->m_display.resize(static_cast<std::size_t>(size));
        for (int id = 0; id < size; ++id) {
            std::string& d = t->m_display[static_cast<std::size_t>(id)];
            if (const AddedToken* at = t->m_added.findId(id)) {
                d = at->content;
                continue;
            }
            const std::string& piece = t->m_model->piece(id);
            if (byteLevel) {
                d = byteLevelDecode(piece);
            } else if (wordPiece) {
                d = piece;
            } else if (const auto b = byteFallback ? byteFallbackText(piece) : std::nullopt) {
                d = *b;
            } else {
                d = replaceAll(piece, "\xE2\x96\x81", " ");
            }
        }
        if (type == "BPE") {
            t->m_kind = byteLevel      ? "BPE (byte-level)"
                        : byteFallback ? "BPE (SentencePiece, byte fallback)"
                                       : "BPE";
        } else {
            t->m_kind = type;
        }
        t->setSpecials(specials.prefix, specials.suffix, -1, -1);
        return t;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while reading " + path + ".");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::FileFormat,
                         path + " is not a valid tokenizer.json; the file may be damaged.",
                         e.what());
    }
}

void JsonTokenizer::setSpecials(std::vector<int> prefix, std::vector<int> suffix, int bosId,
                                int eosId) {
    m_prefix = std::move(prefix);
    m_suffix = std::move(suffix);
    m_bosId = bosId >= 0 ? bosId : (m_prefix.empty() ? -1 : m_prefix.front());
    m_eosId = eosId >= 0 ? eosId : (m_suffix.empty() ? -1 : m_suffix.back());
}

int JsonTokenizer::tokenId(const std::string& content) const {
    if (const AddedToken* at = m_added.find(content)) {
        return at->id;
    }
    return m_model->id(content);
}

std::string JsonTokenizer::tokenText(int id) const {
    if (id < 0 || id >= m_vocabSize) {
        return {};
    }
    return m_display[static_cast<std::size_t>(id)];
}

Token JsonTokenizer::specialToken(int id) const {
    Token t;
    t.id = id;
    t.text = tokenText(id);
    t.special = true;
    return t;
}

Status JsonTokenizer::encodePiece(const AlignedString& piece, std::vector<Token>& out) const {
    std::vector<AlignedString> words;
    if (Status s = m_preTokenizer.split(piece, words); !s) {
        return s;
    }
    std::vector<ModelToken> ids;
    for (const AlignedString& word : words) {
        ids.clear();
        if (Status s = m_model->tokenize(word.text(), ids); !s) {
            return s;
        }
        for (const ModelToken& m : ids) {
            Token t;
            t.id = m.id;
            t.text = tokenText(m.id);
            const ByteRange r = word.span(m.begin, m.end);
            t.begin = r.begin;
            t.end = r.end;
            const AddedToken* at = m_added.findId(m.id);
            t.special = at != nullptr && at->special;
            out.push_back(std::move(t));
        }
    }
    return {};
}

Result<Encoding> JsonTokenizer::encode(std::string_view text, bool addSpecial) const {
    try {
        Encoding e;
        if (addSpecial) {
            for (int id : m_prefix) {
                e.tokens.push_back(specialToken(id));
            }
        }
        const AlignedString input = AlignedString::fromInput(text);
        std::vector<AddedVocabulary::Part> raw;
        m_added.split(input, false, raw);
        std::vector<AddedVocabulary::Part> normalizedParts;
        const auto pushAdded = [&](const AddedVocabulary::Part& part) {
            const AddedToken& at = m_added.tokens()[static_cast<std::size_t>(part.token)];
            Token t;
            t.id = at.id;
            t.text = at.content;
            t.begin = part.span.begin;
            t.end = part.span.end;
            t.special = at.special;
            e.tokens.push_back(std::move(t));
        };
        for (const AddedVocabulary::Part& part : raw) {
            if (part.token >= 0) {
                pushAdded(part);
                continue;
            }
            if (part.text.empty()) {
                continue;
            }
            auto normalized = m_normalizer.apply(part.text);
            if (!normalized) {
                return normalized.error();
            }
            normalizedParts.clear();
            m_added.split(*normalized, true, normalizedParts);
            for (const AddedVocabulary::Part& p : normalizedParts) {
                if (p.token >= 0) {
                    pushAdded(p);
                } else if (!p.text.empty()) {
                    if (Status s = encodePiece(p.text, e.tokens); !s) {
                        return s.error();
                    }
                }
            }
        }
        if (addSpecial) {
            for (int id : m_suffix) {
                Token t = specialToken(id);
                t.begin = t.end = text.size();
                e.tokens.push_back(std::move(t));
            }
        }
        return e;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while tokenizing the text.");
    }
}

}  // namespace headwave::tok
