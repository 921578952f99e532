// SPDX-License-Identifier: GPL-3.0-or-later
// GPT-2's byte-to-unicode table: byte-level BPE vocabularies spell each byte as one printable
// character ("Ġ" for the space byte 0x20), so any byte string is a string of known symbols.
//
//   std::string sym = byteLevelSymbol(0x20);           // "Ġ"
//   std::string raw = byteLevelDecode("Ġthe");         // " the"
#pragma once

#include <string>
#include <string_view>

namespace headwave::tok {

// The UTF-8 spelling of the symbol that stands for byte b.
const std::string& byteLevelSymbol(unsigned char b);

// The byte a symbol stands for, or -1 when c is not one of the 256 symbols.
int byteLevelByte(char32_t c);

// Maps every symbol of a byte-level token back to its byte; characters that are not symbols
// (added tokens, "<|endoftext|>") are kept as they are.
std::string byteLevelDecode(std::string_view token);

}  // namespace headwave::tok
