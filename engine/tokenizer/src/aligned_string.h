// SPDX-License-Identifier: GPL-3.0-or-later
// A UTF-8 string that remembers, for each of its bytes, which bytes of the original input it came
// from: the tokenizer's equivalent of Hugging Face's NormalizedString, so token spans survive
// normalisation, inserted markers ("▁") and byte-level remapping.
//
//   AlignedString s = AlignedString::fromInput("Héllo");
//   ByteRange r = s.span(0, 3);  // original bytes [0, 3) cover "Hé"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace headwave::tok {

// Half-open byte range [begin, end) in the original input; begin == end for text that was
// inserted (a prepended "▁") and so covers no input byte.
struct ByteRange {
    std::size_t begin = 0;
    std::size_t end = 0;
};

class AlignedString {
public:
    AlignedString() = default;

    // A valid UTF-8 copy of text whose byte i maps to input byte i; each invalid byte becomes
    // U+FFFD mapped to that byte.
    static AlignedString fromInput(std::string_view text);

    const std::string& text() const { return m_text; }
    std::size_t size() const { return m_text.size(); }
    bool empty() const { return m_text.empty(); }

    // The original range of normalised byte i (i < size()).
    const ByteRange& range(std::size_t i) const { return m_ranges[i]; }

    // The union of the original ranges of normalised bytes [b, e): the span of a token. For b == e,
    // an empty range at the original position of b.
    ByteRange span(std::size_t b, std::size_t e) const;

    // The original position where normalised byte b sits (for empty strings: the anchor).
    std::size_t originalPosition(std::size_t b) const;

    // Bytes [b, e) with their alignment; the caller keeps b and e on character boundaries.
    AlignedString slice(std::size_t b, std::size_t e) const;

    // Building: copies bytes [b, e) of src with their own alignment.
    void appendCopy(const AlignedString& src, std::size_t b, std::size_t e);
    // Building: appends new text whose every byte maps to range r.
    void append(std::string_view utf8, ByteRange r);
    // Where an empty result sits in the original (set by slice and by builders of empty results).
    void setAnchor(std::size_t position) { m_anchor = position; }
    std::size_t anchor() const { return m_anchor; }

    void reserve(std::size_t n) {
        m_text.reserve(n);
        m_ranges.reserve(n);
    }

private:
    std::string m_text;
    std::vector<ByteRange> m_ranges;  // [m_text.size()]: original range of each byte
    std::size_t m_anchor = 0;         // original position of an empty string
};

}  // namespace headwave::tok
