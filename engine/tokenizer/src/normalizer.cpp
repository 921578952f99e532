// SPDX-License-Identifier: GPL-3.0-or-later
#include "normalizer.h"

#include <optional>

#include "byte_level.h"
#include "json_fields.h"
#include "pcre_regex.h"
#include "precompiled_charsmap.h"
#include "unicode_text.h"

namespace headwave::tok {

namespace {

Error formatError(const std::string& what, std::string detail = {}) {
    return makeError(ErrorCode::FileFormat, "The normalizer is not valid: " + what + ".",
                     std::move(detail));
}

std::optional<std::string> decodeBase64(const std::string& in) {
    const auto digit = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    };
    std::string out;
    out.reserve(in.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t i = 0;
    for (; i < in.size() && in[i] != '='; ++i) {
        const int d = digit(in[i]);
        if (d < 0) {
            return std::nullopt;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
        }
    }
    for (; i < in.size(); ++i) {
        if (in[i] != '=') {
            return std::nullopt;
        }
    }
    return out;
}

// Calls f(c, out) for every character; f returns true when it replaced c by out (possibly
// nothing), false to keep c with its own byte alignment.
template <typename F>
AlignedString mapChars(const AlignedString& in, F&& f) {
    AlignedString res;
    res.reserve(in.size());
    res.setAnchor(in.originalPosition(0));
    const std::string& text = in.text();
    std::string buffer;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = 0;
        std::size_t n = decodeUtf8(text, pos, c);
        if (n == 0) {
            n = 1;
            c = kReplacementChar;
        }
        buffer.clear();
        if (f(c, buffer)) {
            res.append(buffer, in.span(pos, pos + n));
        } else {
            res.appendCopy(in, pos, pos + n);
        }
        pos += n;
    }
    return res;
}

AlignedString normalizeForm(const AlignedString& in, NormalForm form) {
    if (isNormalizedUtf8(form, in.text())) {
        return in;
    }
    // Normalise segment by segment (a segment starts at a character with a boundary before it),
    // so an unchanged segment keeps its exact byte alignment and a changed one maps to the
    // input bytes of that segment only.
    AlignedString res;
    res.reserve(in.size());
    res.setAnchor(in.originalPosition(0));
    const std::string& text = in.text();
    std::string normalized;
    std::size_t segStart = 0;
    std::size_t pos = 0;
    const auto flush = [&](std::size_t segEnd) {
        if (segEnd <= segStart) {
            return;
        }
        const std::string_view seg(text.data() + segStart, segEnd - segStart);
        if (!normalizeUtf8(form, seg, normalized) || normalized == seg) {
            res.appendCopy(in, segStart, segEnd);
            return;
        }
        // Same number of characters (a one-to-one mapping such as NFKC of full-width letters):
        // align character by character; otherwise the whole segment maps to all its inputs.
        std::size_t inChars = 0;
        for (std::size_t p = 0; p < seg.size(); p += charLength(seg, p)) {
            ++inChars;
        }
        std::size_t outChars = 0;
        for (std::size_t p = 0; p < normalized.size(); p += charLength(normalized, p)) {
            ++outChars;
        }
        if (inChars == outChars) {
            std::size_t p = 0;
            std::size_t q = 0;
            while (p < seg.size() && q < normalized.size()) {
                const std::size_t np = charLength(seg, p);
                const std::size_t nq = charLength(normalized, q);
                res.append(std::string_view(normalized).substr(q, nq),
                           in.span(segStart + p, segStart + p + np));
                p += np;
                q += nq;
            }
        } else {
            res.append(normalized, in.span(segStart, segEnd));
        }
    };
    while (pos < text.size()) {
        char32_t c = 0;
        std::size_t n = decodeUtf8(text, pos, c);
        if (n == 0) {
            n = 1;
            c = kReplacementChar;
        }
        if (pos > segStart && hasNormalizationBoundaryBefore(form, c)) {
            flush(pos);
            segStart = pos;
        }
        pos += n;
    }
    flush(text.size());
    return res;
}

AlignedString lowercase(const AlignedString& in) {
    return mapChars(in, [](char32_t c, std::string& out) {
        appendLowercase(out, c);
        std::string original;
        appendUtf8(original, c);
        return out != original;
    });
}

AlignedString stripWhitespace(const AlignedString& in, bool left, bool right) {
    const std::string& text = in.text();
    std::size_t b = 0;
    std::size_t e = text.size();
    if (left) {
        while (b < e) {
            char32_t c = 0;
            const std::size_t n = decodeUtf8(text, b, c);
            if (n == 0 || !isWhitespace(c)) {
                break;
            }
            b += n;
        }
    }
    if (right) {
        while (e > b) {
            std::size_t s = e - 1;
            while (s > b && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) {
                --s;
            }
            char32_t c = 0;
            const std::size_t n = decodeUtf8(text, s, c);
            if (n == 0 || s + n != e || !isWhitespace(c)) {
                break;
            }
            e = s;
        }
    }
    if (b == 0 && e == text.size()) {
        return in;
    }
    return in.slice(b, e);
}

bool isChineseChar(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

}  // namespace

struct Normalizer::Step {
    enum class Kind {
        Form,
        Lowercase,
        StripAccents,
        Strip,
        Replace,
        Prepend,
        Append,
        Bert,
        Nmt,
        Precompiled,
        ByteLevel,
    };
    Kind kind = Kind::Lowercase;
    NormalForm form = NormalForm::Nfc;
    bool left = false;                                    // Strip
    bool right = false;                                   // Strip
    std::shared_ptr<const PcreRegex> pattern;             // Replace
    std::string content;                                  // Replace / Prepend / Append
    bool cleanText = true;                                // Bert
    bool chineseChars = true;                             // Bert
    bool stripAccents = true;                             // Bert
    bool lowercase = true;                                // Bert
    std::shared_ptr<const PrecompiledCharsMap> charsMap;  // Precompiled

    Result<AlignedString> apply(const AlignedString& in) const;
};

Result<AlignedString> Normalizer::Step::apply(const AlignedString& in) const {
    switch (kind) {
        case Kind::Form:
            return normalizeForm(in, form);
        case Kind::Lowercase:
            return tok::lowercase(in);
        case Kind::StripAccents:
            return mapChars(in, [](char32_t c, std::string&) { return isMark(c); });
        case Kind::Strip:
            return stripWhitespace(in, left, right);
        case Kind::Replace: {
            std::vector<std::pair<std::size_t, std::size_t>> matches;
            if (Status s = pattern->findAll(in.text(), matches); !s) {
                return s.error();
            }
            if (matches.empty()) {
                return in;
            }
            AlignedString res;
            res.reserve(in.size());
            res.setAnchor(in.originalPosition(0));
            std::size_t prev = 0;
            for (const auto& [b, e] : matches) {
                res.appendCopy(in, prev, b);
                res.append(content, in.span(b, e));
                prev = e;
            }
            res.appendCopy(in, prev, in.size());
            return res;
        }
        case Kind::Prepend: {
            if (in.empty()) {
                return in;
            }
            AlignedString res;
            const std::size_t p = in.originalPosition(0);
            res.append(content, ByteRange{p, p});
            res.appendCopy(in, 0, in.size());
            return res;
        }
        case Kind::Append: {
            if (in.empty()) {
                return in;
            }
            AlignedString res = in;
            const std::size_t p = in.range(in.size() - 1).end;
            res.append(content, ByteRange{p, p});
            return res;
        }
        case Kind::Bert: {
            AlignedString s = in;
            if (cleanText) {
                s = mapChars(s, [](char32_t c, std::string& out) {
                    if (c == 0 || c == kReplacementChar ||
                        (c != '\t' && c != '\n' && c != '\r' && isOther(c))) {
                        return true;  // removed
                    }
                    if (c != ' ' && (c == '\t' || c == '\n' || c == '\r' || isWhitespace(c))) {
                        out = " ";
                        return true;
                    }
                    return false;
                });
            }
            if (chineseChars) {
                AlignedString res;
                res.reserve(s.size());
                res.setAnchor(s.originalPosition(0));
                const std::string& text = s.text();
                std::size_t pos = 0;
                while (pos < text.size()) {
                    const std::size_t n = charLength(text, pos);
                    char32_t c = 0;
                    if (decodeUtf8(text, pos, c) != 0 && isChineseChar(c)) {
                        const ByteRange r = s.span(pos, pos + n);
                        res.append(" ", ByteRange{r.begin, r.begin});
                        res.appendCopy(s, pos, pos + n);
                        res.append(" ", ByteRange{r.end, r.end});
                    } else {
                        res.appendCopy(s, pos, pos + n);
                    }
                    pos += n;
                }
                s = std::move(res);
            }
            if (stripAccents) {
                s = normalizeForm(s, NormalForm::Nfd);
                s = mapChars(s, [](char32_t c, std::string&) { return isNonspacingMark(c); });
            }
            if (lowercase) {
                s = tok::lowercase(s);
            }
            return s;
        }
        case Kind::Nmt:
            return mapChars(in, [](char32_t c, std::string& out) {
                if ((c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) ||
                    c == 0x7F || c == 0x8F || c == 0x9F) {
                    return true;  // removed
                }
                if (c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x1680 ||
                    (c >= 0x200B && c <= 0x200F) || c == 0x2028 || c == 0x2029 || c == 0x2581 ||
                    c == 0xFEFF || c == 0xFFFD) {
                    out = " ";
                    return true;
                }
                return false;
            });
        case Kind::Precompiled: {
            AlignedString res;
            res.reserve(in.size());
            res.setAnchor(in.originalPosition(0));
            const std::string& text = in.text();
            std::string replacement;
            std::size_t pos = 0;
            while (pos < text.size()) {
                const std::size_t n =
                    charsMap->normalizePrefix(std::string_view(text).substr(pos), replacement);
                if (text.compare(pos, n, replacement) == 0) {
                    res.appendCopy(in, pos, pos + n);
                } else {
                    res.append(replacement, in.span(pos, pos + n));
                }
                pos += n;
            }
            return res;
        }
        case Kind::ByteLevel: {
            AlignedString res;
            res.reserve(in.size() * 2);
            res.setAnchor(in.originalPosition(0));
            for (std::size_t i = 0; i < in.size(); ++i) {
                res.append(byteLevelSymbol(static_cast<unsigned char>(in.text()[i])), in.range(i));
            }
            return res;
        }
    }
    return in;
}

namespace {

Status parseInto(const json& j, std::vector<std::shared_ptr<const Normalizer::Step>>& steps,
                 int depth) {
    using Step = Normalizer::Step;
    using Kind = Step::Kind;
    if (depth > 32) {
        return formatError("Sequence nests too deeply");
    }
    if (j.is_null()) {
        return {};
    }
    if (!j.is_object()) {
        return formatError("expected an object");
    }
    const std::string type = typeOf(j);
    auto step = std::make_shared<Step>();
    if (type == "Sequence") {
        const json* list = member(j, "normalizers");
        if (list == nullptr || !list->is_array()) {
            return formatError("a Sequence without a \"normalizers\" list");
        }
        for (const json& item : *list) {
            if (Status s = parseInto(item, steps, depth + 1); !s) {
                return s;
            }
        }
        return {};
    }
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
        step->kind = Kind::Form;
        step->form = type == "NFC"    ? NormalForm::Nfc
                     : type == "NFD"  ? NormalForm::Nfd
                     : type == "NFKC" ? NormalForm::Nfkc
                                      : NormalForm::Nfkd;
    } else if (type == "Lowercase") {
        step->kind = Kind::Lowercase;
    } else if (type == "StripAccents") {
        step->kind = Kind::StripAccents;
    } else if (type == "Strip") {
        step->kind = Kind::Strip;
        step->left = boolMember(j, "strip_left", true);
        step->right = boolMember(j, "strip_right", true);
    } else if (type == "Replace") {
        step->kind = Kind::Replace;
        const json* pattern = member(j, "pattern");
        const auto content = stringMember(j, "content");
        if (pattern == nullptr || !content) {
            return formatError("a Replace without \"pattern\" or \"content\"");
        }
        auto re = PcreRegex::fromJson(*pattern);
        if (!re) {
            return re.error();
        }
        step->pattern = *re;
        step->content = *content;
    } else if (type == "Prepend" || type == "Append") {
        step->kind = type == "Prepend" ? Kind::Prepend : Kind::Append;
        const auto content = stringMember(j, type == "Prepend" ? "prepend" : "append");
        if (!content) {
            return formatError("a " + type + " without its string");
        }
        step->content = *content;
    } else if (type == "BertNormalizer") {
        step->kind = Kind::Bert;
        step->cleanText = boolMember(j, "clean_text", true);
        step->chineseChars = boolMember(j, "handle_chinese_chars", true);
        step->lowercase = boolMember(j, "lowercase", true);
        // strip_accents: null means "as lowercase" (BERT's uncased models strip, cased keep).
        step->stripAccents = boolMember(j, "strip_accents", step->lowercase);
    } else if (type == "Nmt") {
        step->kind = Kind::Nmt;
    } else if (type == "Precompiled") {
        step->kind = Kind::Precompiled;
        const auto encoded = stringMember(j, "precompiled_charsmap");
        if (!encoded || encoded->empty()) {
            return {};  // no rules: the identity, as an empty charsmap is in SentencePiece
        }
        const auto blob = decodeBase64(*encoded);
        if (!blob) {
            return formatError("precompiled_charsmap is not base64");
        }
        auto map = PrecompiledCharsMap::parse(*blob);
        if (!map) {
            return map.error();
        }
        step->charsMap = std::make_shared<const PrecompiledCharsMap>(std::move(*map));
    } else if (type == "ByteLevel") {
        step->kind = Kind::ByteLevel;
    } else {
        return makeError(
            ErrorCode::Unsupported,
            "The tokenizer uses a normalizer Headwave does not support: \"" + type + "\".");
    }
    steps.push_back(std::move(step));
    return {};
}

}  // namespace

Result<Normalizer> Normalizer::fromJson(const nlohmann::json& j) {
    Normalizer n;
    if (Status s = parseInto(j, n.m_steps, 0); !s) {
        return s.error();
    }
    return n;
}

Result<AlignedString> Normalizer::apply(const AlignedString& in) const {
    AlignedString s = in;
    for (const auto& step : m_steps) {
        auto r = step->apply(s);
        if (!r) {
            return r.error();
        }
        s = std::move(*r);
    }
    return s;
}

Result<std::string> Normalizer::applyText(const std::string& text) const {
    auto r = apply(AlignedString::fromInput(text));
    if (!r) {
        return r.error();
    }
    return r->text();
}

}  // namespace headwave::tok
