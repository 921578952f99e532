// SPDX-License-Identifier: GPL-3.0-or-later
#include "aligned_string.h"

#include <algorithm>

#include "unicode_text.h"

namespace headwave::tok {

AlignedString AlignedString::fromInput(std::string_view text) {
    AlignedString s;
    s.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = 0;
        const std::size_t n = decodeUtf8(text, pos, c);
        if (n == 0) {
            std::string replacement;
            appendUtf8(replacement, kReplacementChar);
            s.append(replacement, ByteRange{pos, pos + 1});
            ++pos;
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) {
            s.m_text.push_back(text[pos + i]);
            s.m_ranges.push_back(ByteRange{pos + i, pos + i + 1});
        }
        pos += n;
    }
    s.m_anchor = 0;
    return s;
}

ByteRange AlignedString::span(std::size_t b, std::size_t e) const {
    e = std::min(e, m_text.size());
    if (b >= e) {
        const std::size_t p = originalPosition(b);
        return ByteRange{p, p};
    }
    ByteRange r = m_ranges[b];
    for (std::size_t i = b + 1; i < e; ++i) {
        r.begin = std::min(r.begin, m_ranges[i].begin);
        r.end = std::max(r.end, m_ranges[i].end);
    }
    return r;
}

std::size_t AlignedString::originalPosition(std::size_t b) const {
    if (m_text.empty()) {
        return m_anchor;
    }
    if (b < m_ranges.size()) {
        return m_ranges[b].begin;
    }
    return m_ranges.back().end;
}

AlignedString AlignedString::slice(std::size_t b, std::size_t e) const {
    AlignedString s;
    e = std::min(e, m_text.size());
    if (b < e) {
        s.m_text.assign(m_text, b, e - b);
        s.m_ranges.assign(m_ranges.begin() + static_cast<std::ptrdiff_t>(b),
                          m_ranges.begin() + static_cast<std::ptrdiff_t>(e));
    }
    s.m_anchor = originalPosition(b);
    return s;
}

void AlignedString::appendCopy(const AlignedString& src, std::size_t b, std::size_t e) {
    e = std::min(e, src.m_text.size());
    if (b >= e) {
        return;
    }
    m_text.append(src.m_text, b, e - b);
    m_ranges.insert(m_ranges.end(), src.m_ranges.begin() + static_cast<std::ptrdiff_t>(b),
                    src.m_ranges.begin() + static_cast<std::ptrdiff_t>(e));
}

void AlignedString::append(std::string_view utf8, ByteRange r) {
    m_text.append(utf8);
    m_ranges.insert(m_ranges.end(), utf8.size(), r);
}

}  // namespace headwave::tok
