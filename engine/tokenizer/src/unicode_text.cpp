// SPDX-License-Identifier: GPL-3.0-or-later
#include "unicode_text.h"

#include <vector>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

namespace headwave::tok {

namespace {

UChar32 toIcu(char32_t c) {
    return static_cast<UChar32>(c);
}

bool inCategory(char32_t c, std::uint32_t mask) {
    return (U_GET_GC_MASK(toIcu(c)) & mask) != 0;
}

const UNormalizer2* instance(NormalForm form) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* n = nullptr;
    switch (form) {
        case NormalForm::Nfc:
            n = unorm2_getNFCInstance(&status);
            break;
        case NormalForm::Nfd:
            n = unorm2_getNFDInstance(&status);
            break;
        case NormalForm::Nfkc:
            n = unorm2_getNFKCInstance(&status);
            break;
        case NormalForm::Nfkd:
            n = unorm2_getNFKDInstance(&status);
            break;
    }
    return U_SUCCESS(status) ? n : nullptr;
}

// UTF-8 (valid) to UTF-16 for ICU's normaliser, which works on UTF-16 only.
void toUtf16(std::string_view in, std::u16string& out) {
    out.clear();
    out.reserve(in.size());
    std::size_t pos = 0;
    while (pos < in.size()) {
        char32_t c = 0;
        std::size_t n = decodeUtf8(in, pos, c);
        if (n == 0) {
            c = kReplacementChar;
            n = 1;
        }
        pos += n;
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(c));
        }
    }
}

void appendFromUtf16(const char16_t* s, std::size_t n, std::string& out) {
    for (std::size_t i = 0; i < n; ++i) {
        char32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(s[i + 1]) - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c < 0xE000) {
            c = kReplacementChar;
        }
        appendUtf8(out, c);
    }
}

}  // namespace

bool isWhitespace(char32_t c) {
    if (c < 0x80) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
    return u_hasBinaryProperty(toIcu(c), UCHAR_WHITE_SPACE) != 0;
}

bool isPunctuation(char32_t c) {
    if (c < 0x80) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
               (c >= 123 && c <= 126);
    }
    return inCategory(c, U_GC_P_MASK);
}

bool isNumeric(char32_t c) {
    if (c < 0x80) {
        return c >= '0' && c <= '9';
    }
    return inCategory(c, U_GC_N_MASK);
}

bool isOther(char32_t c) {
    return inCategory(c, U_GC_C_MASK);
}

bool isMark(char32_t c) {
    return c >= 0x80 && inCategory(c, U_GC_M_MASK);
}

bool isNonspacingMark(char32_t c) {
    return c >= 0x80 && inCategory(c, U_GC_MN_MASK);
}

bool isWordChar(char32_t c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    }
    return u_hasBinaryProperty(toIcu(c), UCHAR_ALPHABETIC) != 0 ||
           inCategory(c, U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK) ||
           u_hasBinaryProperty(toIcu(c), UCHAR_JOIN_CONTROL) != 0;
}

void appendLowercase(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        return;
    }
    std::u16string in;
    std::string one;
    appendUtf8(one, c);
    toUtf16(one, in);
    char16_t buffer[16];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = u_strToLower(reinterpret_cast<UChar*>(buffer), 16,
                                   reinterpret_cast<const UChar*>(in.data()),
                                   static_cast<int32_t>(in.size()), "", &status);
    if (U_FAILURE(status) || n < 0 || n > 16) {
        appendUtf8(out, c);
        return;
    }
    appendFromUtf16(buffer, static_cast<std::size_t>(n), out);
}

bool hasNormalizationBoundaryBefore(NormalForm form, char32_t c) {
    const UNormalizer2* n = instance(form);
    return n == nullptr || unorm2_hasBoundaryBefore(n, toIcu(c)) != 0;
}

bool normalizeUtf8(NormalForm form, std::string_view in, std::string& out) {
    const UNormalizer2* n = instance(form);
    if (n == nullptr) {
        return false;
    }
    std::u16string src;
    toUtf16(in, src);
    // NFKC of one character can grow 18-fold (U+FDFA); retry with the size ICU asks for.
    std::vector<char16_t> dst(src.size() * 4 + 16);
    for (int attempt = 0; attempt < 2; ++attempt) {
        UErrorCode status = U_ZERO_ERROR;
        const int32_t len = unorm2_normalize(
            n, reinterpret_cast<const UChar*>(src.data()), static_cast<int32_t>(src.size()),
            reinterpret_cast<UChar*>(dst.data()), static_cast<int32_t>(dst.size()), &status);
        if (status == U_BUFFER_OVERFLOW_ERROR && len > 0) {
            dst.resize(static_cast<std::size_t>(len) + 1);
            continue;
        }
        if (U_FAILURE(status) || len < 0) {
            return false;
        }
        out.clear();
        appendFromUtf16(dst.data(), static_cast<std::size_t>(len), out);
        return true;
    }
    return false;
}

bool isNormalizedUtf8(NormalForm form, std::string_view in) {
    const UNormalizer2* n = instance(form);
    if (n == nullptr) {
        return false;
    }
    std::u16string src;
    toUtf16(in, src);
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizationCheckResult r = unorm2_quickCheck(
        n, reinterpret_cast<const UChar*>(src.data()), static_cast<int32_t>(src.size()), &status);
    return U_SUCCESS(status) && r == UNORM_YES;
}

}  // namespace headwave::tok
