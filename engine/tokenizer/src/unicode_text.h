// SPDX-License-Identifier: GPL-3.0-or-later
// The Unicode character classes and mappings the tokenizers need (ICU
// underneath), so the rest of the tokenizer code never touches ICU directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "headwave/core/utf8.h"

namespace headwave::tok {

using utf8::appendUtf8;
using utf8::charLength;
using utf8::decodeUtf8;
using utf8::kReplacementChar;

// Rust's char::is_whitespace (the White_Space property), which the Hugging Face tokenizers use.
bool isWhitespace(char32_t c);
// General category P* (Rust's is_punctuation) or ASCII punctuation.
bool isPunctuation(char32_t c);
// General category N* (Rust's char::is_numeric).
bool isNumeric(char32_t c);
// General category C* (Cc, Cf, Cs, Co, Cn): BERT's "control" class.
bool isOther(char32_t c);
// General category M* (Mn, Mc, Me): the combining marks StripAccents removes.
bool isMark(char32_t c);
// General category Mn: the marks BertNormalizer's accent stripping removes.
bool isNonspacingMark(char32_t c);
// A "word" character as the \w of Rust's regex crate: Alphabetic, M*, Nd, Pc, Join_Control.
bool isWordChar(char32_t c);

// The full lowercase mapping of one character, without context (Rust's char::to_lowercase):
// appended to out as UTF-8. "İ" gives two characters.
void appendLowercase(std::string& out, char32_t c);

enum class NormalForm { Nfc, Nfd, Nfkc, Nfkd };

// True when the character starts a normalisation segment: text can be normalised piecewise at
// such boundaries with the same result as normalising it whole.
bool hasNormalizationBoundaryBefore(NormalForm form, char32_t c);

// Normalises a valid UTF-8 string. Returns false when ICU fails (only on allocation failure).
bool normalizeUtf8(NormalForm form, std::string_view in, std::string& out);

// True when ICU's quick check says the string is already in the form (a fast path).
bool isNormalizedUtf8(NormalForm form, std::string_view in);

}  // namespace headwave::tok
