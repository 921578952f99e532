// SPDX-License-Identifier: GPL-3.0-or-later
// UTF-8 decoding and encoding, strict (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, as in Rust's str and Python's utf-8 codec. The one decoder of the engine (tokenizers,
// archive member names, corpus checks).
//
//   char32_t cp = 0;
//   std::size_t n = utf8::decodeUtf8(text, pos, cp);   // 0: not valid UTF-8 at pos
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace headwave::utf8 {

constexpr char32_t kReplacementChar = 0xFFFD;

// A Unicode scalar value: at most U+10FFFF and not a surrogate.
constexpr bool isScalarValue(std::uint32_t cp) {
    return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// Decodes the code point that starts at text[pos]. Returns its length in bytes (1-4), or 0 when
// the bytes there are not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// invalid, as in Rust's str and Python's utf-8 codec).
std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& cp);

// Length of the valid UTF-8 character at text[pos], or 1 for an invalid byte (so loops advance).
std::size_t charLength(std::string_view text, std::size_t pos);

void appendUtf8(std::string& out, char32_t cp);

// Every code point of text, or false when text is not valid UTF-8 (out is then incomplete).
bool decodeAll(std::string_view text, std::vector<char32_t>& out);

}  // namespace headwave::utf8
