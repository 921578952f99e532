// SPDX-License-Identifier: GPL-3.0-or-later
#include "pre_tokenizer.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "byte_level.h"
#include "json_fields.h"
#include "pcre_regex.h"
#include "unicode_text.h"

namespace headwave::tok {

namespace {

// GPT-2's pattern, which ByteLevel uses when use_regex is true (HF tokenizers byte_level.rs).
const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool match = false;
};

Error formatError(const std::string& what) {
    return makeError(ErrorCode::FileFormat, "The pre-tokenizer is not valid: " + what + ".");
}

std::optional<Behavior> parseBehavior(const std::string& s) {
    if (s == "Removed") {
        return Behavior::Removed;
    }
    if (s == "Isolated") {
        return Behavior::Isolated;
    }
    if (s == "MergedWithPrevious") {
        return Behavior::MergedWithPrevious;
    }
    if (s == "MergedWithNext") {
        return Behavior::MergedWithNext;
    }
    if (s == "Contiguous") {
        return Behavior::Contiguous;
    }
    return std::nullopt;
}

// Segments covering text where each character for which pred holds is a match of its own
// (HF's Pattern for a char predicate).
std::vector<Segment> charSegments(const std::string& text,
                                  const std::function<bool(char32_t)>& pred) {
    std::vector<Segment> segs;
    std::size_t prev = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = 0;
        std::size_t n = decodeUtf8(text, pos, c);
        if (n == 0) {
            n = 1;
            c = kReplacementChar;
        }
        if (pred(c)) {
            if (prev < pos) {
                segs.push_back({prev, pos, false});
            }
            segs.push_back({pos, pos + n, true});
            prev = pos + n;
        }
        pos += n;
    }
    if (prev < text.size()) {
        segs.push_back({prev, text.size(), false});
    }
    return segs;
}

std::vector<Segment> matchSegments(std::size_t size,
                                   const std::vector<std::pair<std::size_t, std::size_t>>& m) {
    std::vector<Segment> segs;
    std::size_t prev = 0;
    for (const auto& [b, e] : m) {
        if (prev < b) {
            segs.push_back({prev, b, false});
        }
        segs.push_back({b, e, true});
        prev = e;
    }
    if (prev < size) {
        segs.push_back({prev, size, false});
    }
    return segs;
}

// HF's NormalizedString::split: how matches and the text between them become pieces.
void applyBehavior(const AlignedString& text, const std::vector<Segment>& segs, Behavior behavior,
                   std::vector<AlignedString>& out) {
    struct Piece {
        std::size_t begin;
        std::size_t end;
        bool remove;
    };
    std::vector<Piece> pieces;
    pieces.reserve(segs.size());
    bool previousMatch = false;
    switch (behavior) {
        case Behavior::Isolated:
            for (const Segment& s : segs) {
                pieces.push_back({s.begin, s.end, false});
            }
            break;
        case Behavior::Removed:
            for (const Segment& s : segs) {
                pieces.push_back({s.begin, s.end, s.match});
            }
            break;
        case Behavior::Contiguous:
            for (const Segment& s : segs) {
                if (s.match == previousMatch && !pieces.empty()) {
                    pieces.back().end = s.end;
                } else {
                    pieces.push_back({s.begin, s.end, false});
                }
                previousMatch = s.match;
            }
            break;
        case Behavior::MergedWithPrevious:
            for (const Segment& s : segs) {
                if (s.match && !previousMatch && !pieces.empty()) {
                    pieces.back().end = s.end;
                } else {
                    pieces.push_back({s.begin, s.end, false});
                }
                previousMatch = s.match;
            }
            break;
        case Behavior::MergedWithNext:
            for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
                if (it->match && !previousMatch && !pieces.empty()) {
                    pieces.back().begin = it->begin;
                } else {
                    pieces.push_back({it->begin, it->end, false});
                }
                previousMatch = it->match;
            }
            std::reverse(pieces.begin(), pieces.end());
            break;
    }
    for (const Piece& p : pieces) {
        if (!p.remove && p.end > p.begin) {
            out.push_back(text.slice(p.begin, p.end));
        }
    }
}

}  // namespace

struct PreTokenizer::Step {
    enum class Kind {
        ByteLevel,
        Split,
        Metaspace,
        Whitespace,
        WhitespaceSplit,
        Bert,
        Punctuation,
        Digits,
        CharDelimiter,
    };
    Kind kind = Kind::Whitespace;
    bool addPrefixSpace = false;               // ByteLevel
    std::shared_ptr<const PcreRegex> pattern;  // ByteLevel (use_regex) / Split
    Behavior behavior = Behavior::Isolated;    // Split / Punctuation / Digits
    bool invert = false;                       // Split
    std::string replacement = "\xE2\x96\x81";  // Metaspace ("▁")
    enum class Prepend { Always, First, Never } prepend = Prepend::Always;  // Metaspace
    bool splitOnReplacement = true;                                         // Metaspace
    char32_t delimiter = ' ';                                               // CharDelimiter

    Status apply(const AlignedString& in, std::vector<AlignedString>& out) const;
};

Status PreTokenizer::Step::apply(const AlignedString& in, std::vector<AlignedString>& out) const {
    switch (kind) {
        case Kind::ByteLevel: {
            AlignedString s;
            if (addPrefixSpace && (in.empty() || in.text()[0] != ' ')) {
                const std::size_t p = in.originalPosition(0);
                s.append(" ", ByteRange{p, p});
                s.appendCopy(in, 0, in.size());
            } else {
                s = in;
            }
            std::vector<AlignedString> parts;
            if (pattern) {
                std::vector<std::pair<std::size_t, std::size_t>> m;
                if (Status st = pattern->findAll(s.text(), m); !st) {
                    return st;
                }
                applyBehavior(s, matchSegments(s.size(), m), Behavior::Isolated, parts);
            } else if (!s.empty()) {
                parts.push_back(std::move(s));
            }
            for (const AlignedString& part : parts) {
                AlignedString mapped;
                mapped.reserve(part.size() * 2);
                for (std::size_t i = 0; i < part.size(); ++i) {
                    mapped.append(byteLevelSymbol(static_cast<unsigned char>(part.text()[i])),
                                  part.range(i));
                }
                out.push_back(std::move(mapped));
            }
            return {};
        }
        case Kind::Split: {
            std::vector<std::pair<std::size_t, std::size_t>> m;
            if (Status st = pattern->findAll(in.text(), m); !st) {
                return st;
            }
            std::vector<Segment> segs = matchSegments(in.size(), m);
            if (invert) {
                for (Segment& seg : segs) {
                    seg.match = !seg.match;
                }
            }
            applyBehavior(in, segs, behavior, out);
            return {};
        }
        case Kind::Metaspace: {
            AlignedString s;
            s.setAnchor(in.originalPosition(0));
            const std::string& text = in.text();
            for (std::size_t pos = 0; pos < text.size();) {
                const std::size_t n = charLength(text, pos);
                if (text[pos] == ' ') {
                    s.append(replacement, in.span(pos, pos + 1));
                } else {
                    s.appendCopy(in, pos, pos + n);
                }
                pos += n;
            }
            const bool startsWithReplacement =
                s.text().compare(0, replacement.size(), replacement) == 0;
            // "first": only the piece that starts the input (not one after an added token).
            const bool prependHere = prepend == Prepend::Always ||
                                     (prepend == Prepend::First && in.originalPosition(0) == 0);
            if (prependHere && !startsWithReplacement) {
                AlignedString p;
                const std::size_t at = in.originalPosition(0);
                p.append(replacement, ByteRange{at, at});
                p.appendCopy(s, 0, s.size());
                s = std::move(p);
            }
            if (!splitOnReplacement) {
                if (!s.empty()) {
                    out.push_back(std::move(s));
                }
                return {};
            }
            char32_t rc = 0;
            if (decodeUtf8(replacement, 0, rc) == 0) {
                rc = kReplacementChar;
            }
            applyBehavior(s, charSegments(s.text(), [rc](char32_t c) { return c == rc; }),
                          Behavior::MergedWithNext, out);
            return {};
        }
        case Kind::Whitespace: {
            // \w+|[^\w\s]+ with the gaps removed (HF whitespace.rs).
            const std::string& text = in.text();
            std::size_t pos = 0;
            int runKind = 0;  // 0 none, 1 word, 2 other
            std::size_t runStart = 0;
            while (pos <= text.size()) {
                int k = 0;
                std::size_t n = 1;
                if (pos < text.size()) {
                    char32_t c = 0;
                    n = decodeUtf8(text, pos, c);
                    if (n == 0) {
                        n = 1;
                        c = kReplacementChar;
                    }
                    k = isWordChar(c) ? 1 : (isWhitespace(c) ? 0 : 2);
                }
                if (k != runKind) {
                    if (runKind != 0 && pos > runStart) {
                        out.push_back(in.slice(runStart, pos));
                    }
                    runKind = k;
                    runStart = pos;
                }
                pos += n;
            }
            return {};
        }
        case Kind::WhitespaceSplit:
            applyBehavior(in, charSegments(in.text(), isWhitespace), Behavior::Removed, out);
            return {};
        case Kind::Bert: {
            std::vector<AlignedString> words;
            applyBehavior(in, charSegments(in.text(), isWhitespace), Behavior::Removed, words);
            for (const AlignedString& w : words) {
                applyBehavior(w, charSegments(w.text(), isPunctuation), Behavior::Isolated, out);
            }
            return {};
        }
        case Kind::Punctuation:
            applyBehavior(in, charSegments(in.text(), isPunctuation), behavior, out);
            return {};
        case Kind::Digits:
            applyBehavior(in, charSegments(in.text(), isNumeric), behavior, out);
            return {};
        case Kind::CharDelimiter: {
            const char32_t d = delimiter;
            applyBehavior(in, charSegments(in.text(), [d](char32_t c) { return c == d; }),
                          Behavior::Removed, out);
            return {};
        }
    }
    return {};
}

namespace {

Status parseInto(const json& j, std::vector<std::shared_ptr<const PreTokenizer::Step>>& steps,
                 bool& byteLevel, bool& metaspace, int depth) {
    using Step = PreTokenizer::Step;
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
        const json* list = member(j, "pretokenizers");
        if (list == nullptr || !list->is_array()) {
            return formatError("a Sequence without a \"pretokenizers\" list");
        }
        for (const json& item : *list) {
            if (Status s = parseInto(item, steps, byteLevel, metaspace, depth + 1); !s) {
                return s;
            }
        }
        return {};
    }
    if (type == "ByteLevel") {
        step->kind = Kind::ByteLevel;
        step->addPrefixSpace = boolMember(j, "add_prefix_space", true);
        if (boolMember(j, "use_regex", true)) {
            auto re = PcreRegex::compile(kGpt2Pattern);
            if (!re) {
                return re.error();
            }
            step->pattern = *re;
        }
        byteLevel = true;
    } else if (type == "Split") {
        step->kind = Kind::Split;
        const json* pattern = member(j, "pattern");
        if (pattern == nullptr) {
            return formatError("a Split without \"pattern\"");
        }
        auto re = PcreRegex::fromJson(*pattern);
        if (!re) {
            return re.error();
        }
        step->pattern = *re;
        const auto behavior = parseBehavior(stringMember(j, "behavior").value_or("Isolated"));
        if (!behavior) {
            return formatError("a Split with an unknown \"behavior\"");
        }
        step->behavior = *behavior;
        step->invert = boolMember(j, "invert", false);
    } else if (type == "Metaspace") {
        step->kind = Kind::Metaspace;
        if (const auto r = stringMember(j, "replacement")) {
            char32_t c = 0;
            if (r->empty() || decodeUtf8(*r, 0, c) != r->size()) {
                return formatError("a Metaspace replacement that is not one character");
            }
            step->replacement = *r;
        }
        if (const auto scheme = stringMember(j, "prepend_scheme")) {
            if (*scheme == "always") {
                step->prepend = Step::Prepend::Always;
            } else if (*scheme == "first") {
                step->prepend = Step::Prepend::First;
            } else if (*scheme == "never") {
                step->prepend = Step::Prepend::Never;
            } else {
                return formatError("a Metaspace with an unknown \"prepend_scheme\"");
            }
        } else {
            step->prepend = boolMember(j, "add_prefix_space", true) ? Step::Prepend::Always
                                                                    : Step::Prepend::Never;
        }
        step->splitOnReplacement = boolMember(j, "split", true);
        metaspace = true;
    } else if (type == "Whitespace") {
        step->kind = Kind::Whitespace;
    } else if (type == "WhitespaceSplit") {
        step->kind = Kind::WhitespaceSplit;
    } else if (type == "BertPreTokenizer") {
        step->kind = Kind::Bert;
    } else if (type == "Punctuation") {
        step->kind = Kind::Punctuation;
        const auto behavior = parseBehavior(stringMember(j, "behavior").value_or("Isolated"));
        if (!behavior) {
            return formatError("a Punctuation with an unknown \"behavior\"");
        }
        step->behavior = *behavior;
    } else if (type == "Digits") {
        step->kind = Kind::Digits;
        step->behavior =
            boolMember(j, "individual_digits", false) ? Behavior::Isolated : Behavior::Contiguous;
    } else if (type == "CharDelimiterSplit") {
        step->kind = Kind::CharDelimiter;
        const auto d = stringMember(j, "delimiter");
        char32_t c = 0;
        if (!d || d->empty() || decodeUtf8(*d, 0, c) != d->size()) {
            return formatError("a CharDelimiterSplit whose delimiter is not one character");
        }
        step->delimiter = c;
    } else {
        return makeError(
            ErrorCode::Unsupported,
            "The tokenizer uses a pre-tokenizer Headwave does not support: \"" + type + "\".");
    }
    steps.push_back(std::move(step));
    return {};
}

}  // namespace

Result<PreTokenizer> PreTokenizer::fromJson(const nlohmann::json& j) {
    PreTokenizer p;
    if (Status s = parseInto(j, p.m_steps, p.m_byteLevel, p.m_metaspace, 0); !s) {
        return s.error();
    }
    return p;
}

Status PreTokenizer::split(const AlignedString& text, std::vector<AlignedString>& pieces) const {
    std::vector<AlignedString> current;
    if (!text.empty()) {
        current.push_back(text);
    }
    std::vector<AlignedString> next;
    for (const auto& step : m_steps) {
        next.clear();
        for (const AlignedString& piece : current) {
            if (Status s = step->apply(piece, next); !s) {
                return s;
            }
        }
        current.swap(next);
    }
    for (AlignedString& piece : current) {
        if (!piece.empty()) {
            pieces.push_back(std::move(piece));
        }
    }
    return {};
}

}  // namespace headwave::tok
