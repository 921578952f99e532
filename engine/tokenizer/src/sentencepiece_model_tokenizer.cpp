// SPDX-License-Identifier: GPL-3.0-or-later
#include "sentencepiece_model_tokenizer.h"

#include <algorithm>
#include <exception>
#include <new>
#include <optional>

#include "headwave/core/mapped_file.h"
#include "precompiled_charsmap.h"
#include "spm_library.h"

namespace headwave::tok {

namespace {

// ModelProto fields (sentencepiece_model.proto) that hold nested messages we look into.
constexpr std::uint32_t kFieldPieces = 1;
constexpr std::uint32_t kFieldNormalizerSpec = 3;
constexpr std::uint32_t kFieldDenormalizerSpec = 5;
constexpr std::uint32_t kFieldPrecompiledCharsMap = 2;  // in NormalizerSpec

// Protobuf nests ModelProto 3 deep; anything deeper is not a SentencePiece model.
constexpr int kMaxProtoDepth = 8;

// A protobuf wire-format reader that checks every length against the bytes left.
class WireReader {
public:
    explicit WireReader(std::string_view bytes) : m_bytes(bytes) {}

    bool done() const { return m_pos >= m_bytes.size(); }

    // Reads one field; for length-delimited fields payload is set. False on malformed input.
    bool next(std::uint32_t& field, std::uint32_t& wireType, std::string_view& payload) {
        std::uint64_t key = 0;
        if (!varint(key)) {
            return false;
        }
        field = static_cast<std::uint32_t>(key >> 3);
        wireType = static_cast<std::uint32_t>(key & 7u);
        if (field == 0) {
            return false;
        }
        payload = {};
        switch (wireType) {
            case 0: {
                std::uint64_t v = 0;
                return varint(v);
            }
            case 1:
                return skip(8);
            case 5:
                return skip(4);
            case 2: {
                std::uint64_t len = 0;
                if (!varint(len) || len > m_bytes.size() - m_pos) {
                    return false;
                }
                payload = m_bytes.substr(m_pos, static_cast<std::size_t>(len));
                m_pos += static_cast<std::size_t>(len);
                return true;
            }
            default:
                return false;  // groups (3, 4) are not used by SentencePiece; 6, 7 do not exist
        }
    }

private:
    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_bytes.size()) {
                return false;
            }
            const auto b = static_cast<unsigned char>(m_bytes[m_pos++]);
            v |= static_cast<std::uint64_t>(b & 0x7Fu) << shift;
            if ((b & 0x80u) == 0) {
                return true;
            }
        }
        return false;
    }
    bool skip(std::size_t n) {
        if (n > m_bytes.size() - m_pos) {
            return false;
        }
        m_pos += n;
        return true;
    }

    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

// Checks the wire format of a message and of the nested messages we know; collects the
// precompiled charsmaps of the (de)normalizer specs.
bool wellFormed(std::string_view bytes, int depth, std::vector<std::string_view>* charsMaps,
                bool isModel) {
    if (depth > kMaxProtoDepth) {
        return false;
    }
    WireReader r(bytes);
    while (!r.done()) {
        std::uint32_t field = 0;
        std::uint32_t wire = 0;
        std::string_view payload;
        if (!r.next(field, wire, payload)) {
            return false;
        }
        if (!isModel || wire != 2) {
            continue;
        }
        if (field == kFieldPieces) {
            if (!wellFormed(payload, depth + 1, nullptr, false)) {
                return false;
            }
        } else if (field == kFieldNormalizerSpec || field == kFieldDenormalizerSpec) {
            WireReader spec(payload);
            while (!spec.done()) {
                std::uint32_t f = 0;
                std::uint32_t w = 0;
                std::string_view p;
                if (!spec.next(f, w, p)) {
                    return false;
                }
                if (f == kFieldPrecompiledCharsMap && w == 2 && charsMaps != nullptr) {
                    charsMaps->push_back(p);
                }
            }
        }
    }
    return true;
}

Error fileError(const std::string& path, const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat,
                     path + " is not a valid SentencePiece model: " + what +
                         ". The file may be truncated or damaged.",
                     std::move(detail));
}

std::optional<std::string> byteText(const std::string& piece) {
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') {
        return std::nullopt;
    }
    unsigned value = 0;
    for (std::size_t i = 3; i < 5; ++i) {
        const char c = piece[i];
        value *= 16;
        if (c >= '0' && c <= '9') {
            value += static_cast<unsigned>(c - '0');
        } else if (c >= 'A' && c <= 'F') {
            value += static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
    }
    return std::string(1, static_cast<char>(value));
}

}  // namespace

SentencePieceModelTokenizer::SentencePieceModelTokenizer() = default;
SentencePieceModelTokenizer::~SentencePieceModelTokenizer() = default;

Result<std::unique_ptr<SentencePieceModelTokenizer>> SentencePieceModelTokenizer::load(
    const std::string& path) {
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

Result<std::unique_ptr<SentencePieceModelTokenizer>> SentencePieceModelTokenizer::parse(
    std::string_view bytes, const std::string& path) {
    try {
        if (bytes.empty()) {
            return fileError(path, "the file is empty");
        }
        std::vector<std::string_view> charsMaps;
        if (!wellFormed(bytes, 0, &charsMaps, true)) {
            return fileError(path, "its protobuf encoding is broken");
        }
        for (const std::string_view blob : charsMaps) {
            if (blob.empty()) {
                continue;
            }
            auto map = PrecompiledCharsMap::parse(blob);
            if (!map) {
                return fileError(path, "its normalisation rules are broken", map.error().detail);
            }
            if (!map->structurallyValid()) {
                return fileError(path, "its normalisation trie points outside itself");
            }
        }

        std::unique_ptr<SentencePieceModelTokenizer> t(new SentencePieceModelTokenizer());
        t->m_path = path;
        auto processor = SpmProcessor::load(std::string_view(bytes.data(), bytes.size()));
        if (!processor) {
            if (processor.error().code == ErrorCode::Unsupported) {
                return processor.error();
            }
            return fileError(path, "libsentencepiece refused it", processor.error().detail);
        }
        t->m_processor = std::move(processor.value());
        const int size = t->m_processor->pieceSize();
        if (size <= 0) {
            return fileError(path, "it has no pieces");
        }
        t->m_display.resize(static_cast<std::size_t>(size));
        t->m_control.resize(static_cast<std::size_t>(size));
        for (int id = 0; id < size; ++id) {
            const std::string piece = t->m_processor->idToPiece(id);
            std::string& d = t->m_display[static_cast<std::size_t>(id)];
            const bool control = t->m_processor->isControl(id) || t->m_processor->isUnknown(id);
            t->m_control[static_cast<std::size_t>(id)] = control;
            if (control) {
                d = piece;
            } else if (const auto b = t->m_processor->isByte(id) ? byteText(piece) : std::nullopt) {
                d = *b;
            } else {
                d.clear();
                for (std::size_t i = 0; i < piece.size();) {
                    if (piece.compare(i, 3, "\xE2\x96\x81") == 0) {
                        d += ' ';
                        i += 3;
                    } else {
                        d += piece[i++];
                    }
                }
            }
        }
        const auto validId = [size](int id) { return id >= 0 && id < size ? id : -1; };
        t->m_bosId = validId(t->m_processor->bosId());
        t->m_eosId = validId(t->m_processor->eosId());
        return t;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while reading " + path + ".");
    } catch (const std::exception& e) {
        return fileError(path, "libsentencepiece failed on it", e.what());
    } catch (...) {
        return fileError(path, "libsentencepiece failed on it");
    }
}

int SentencePieceModelTokenizer::vocabSize() const {
    return static_cast<int>(m_display.size());
}

int SentencePieceModelTokenizer::tokenId(const std::string& piece) const {
    try {
        const int id = m_processor->pieceToId(piece);
        // PieceToId answers unk_id for unknown pieces; only an exact spelling counts.
        return id >= 0 && id < vocabSize() && m_processor->idToPiece(id) == piece ? id : -1;
    } catch (...) {
        return -1;
    }
}

std::string SentencePieceModelTokenizer::tokenText(int id) const {
    if (id < 0 || id >= vocabSize()) {
        return {};
    }
    return m_display[static_cast<std::size_t>(id)];
}

Result<Encoding> SentencePieceModelTokenizer::encode(std::string_view text, bool addSpecial) const {
    try {
        auto encoded = m_processor->encode(std::string_view(text.data(), text.size()));
        if (!encoded) {
            Error err = encoded.error();
            err.detail = m_path + ": " + err.detail;
            return err;
        }
        const std::vector<HwSpmPiece>& pieces = encoded.value();
        Encoding e;
        const auto special = [&](int id, std::size_t at) {
            Token t;
            t.id = id;
            t.text = tokenText(id);
            t.begin = t.end = at;
            t.special = true;
            e.tokens.push_back(std::move(t));
        };
        if (addSpecial && m_addBos && m_bosId >= 0) {
            special(m_bosId, 0);
        }
        const std::size_t n = pieces.size();
        e.tokens.reserve(e.tokens.size() + n + 1);
        for (std::size_t i = 0; i < n; ++i) {
            const HwSpmPiece& piece = pieces[i];
            Token t;
            t.id = piece.id;
            t.text = tokenText(t.id);
            t.begin = std::min<std::size_t>(piece.begin, text.size());
            t.end = std::min<std::size_t>(std::max(piece.end, piece.begin), text.size());
            t.special = t.id >= 0 && t.id < vocabSize() &&
                        m_control[static_cast<std::size_t>(t.id)] && !m_processor->isUnknown(t.id);
            e.tokens.push_back(std::move(t));
        }
        if (addSpecial && m_addEos && m_eosId >= 0) {
            special(m_eosId, text.size());
        }
        return e;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while tokenizing the text.");
    } catch (...) {
        return makeError(ErrorCode::Internal, "libsentencepiece failed while encoding the text.",
                         m_path);
    }
}

}  // namespace headwave::tok
