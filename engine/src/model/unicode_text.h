// UTF-8 decoding and the Unicode character classes and mappings the tokenizers need (ICU
// underneath), so the rest of the tokenizer code never touches ICU directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace headwave::tok {

constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point that starts at text[pos]. Returns its length in bytes (1-4), or 0 when
// the bytes there are not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// invalid, as in Rust's str and Python's utf-8 codec).
std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& cp);

// Length of the valid UTF-8 character at text[pos], or 1 for an invalid byte (so loops advance).
std::size_t charLength(std::string_view text, std::size_t pos);

void appendUtf8(std::string& out, char32_t cp);

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
