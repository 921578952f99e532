// SPDX-License-Identifier: GPL-3.0-or-later
#include "byte_level.h"

#include <array>

#include "unicode_text.h"

namespace headwave::tok {

namespace {

struct Tables {
    std::array<std::string, 256> symbol;  // [byte]: UTF-8 of its symbol
    std::array<int, 512> byteOf{};        // [code point < 512]: byte, or -1

    Tables() {
        byteOf.fill(-1);
        // Printable Latin-1 bytes stand for themselves; the other 68 bytes are shifted to
        // U+0100.. in byte order (GPT-2's encoder.py, bytes_to_unicode).
        const auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            const int cp = printable(b) ? b : 256 + shifted++;
            appendUtf8(symbol[static_cast<std::size_t>(b)], static_cast<char32_t>(cp));
            byteOf[static_cast<std::size_t>(cp)] = b;
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

const std::string& byteLevelSymbol(unsigned char b) {
    return tables().symbol[b];
}

int byteLevelByte(char32_t c) {
    return c < 512 ? tables().byteOf[static_cast<std::size_t>(c)] : -1;
}

std::string byteLevelDecode(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    std::size_t pos = 0;
    while (pos < token.size()) {
        char32_t c = 0;
        const std::size_t n = decodeUtf8(token, pos, c);
        if (n == 0) {
            out.push_back(token[pos]);
            ++pos;
            continue;
        }
        const int b = byteLevelByte(c);
        if (b >= 0) {
            out.push_back(static_cast<char>(b));
        } else {
            out.append(token.substr(pos, n));
        }
        pos += n;
    }
    return out;
}

}  // namespace headwave::tok
