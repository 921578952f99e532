// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/core/warning.h"

#include <charconv>
#include <string_view>

namespace headwave {

const char* warningCodeName(WarningCode code) {
    switch (code) {
        case WarningCode::Other:
            return "other";
        case WarningCode::InputCut:
            return "input-cut";
        case WarningCode::ParagraphsCut:
            return "paragraphs-cut";
        case WarningCode::RowsRenormalised:
            return "rows-renormalised";
        case WarningCode::TrailingBytes:
            return "trailing-bytes";
        case WarningCode::NonFinite:
            return "non-finite";
        case WarningCode::NotText:
            return "not-text";
    }
    return "other";
}

std::string Warning::text() const {
    std::string where;
    if (sequence >= 0) {
        where = "sequence " + std::to_string(sequence);
    }
    if (layer >= 0) {
        where += (where.empty() ? "layer " : ", layer ") + std::to_string(layer);
        if (head >= 0) {
            where += ", head " + std::to_string(head);
        }
    }
    return where.empty() ? message : where + ": " + message;
}

namespace {

// Reads "<word> <int>" at the start of s; advances s past it.
bool readNumbered(std::string_view& s, std::string_view word, int& value) {
    if (s.substr(0, word.size()) != word) {
        return false;
    }
    std::string_view rest = s.substr(word.size());
    int v = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (ec != std::errc() || end == rest.data() || v < 0) {
        return false;
    }
    value = v;
    s = rest.substr(static_cast<std::size_t>(end - rest.data()));
    return true;
}

}  // namespace

Warning Warning::parse(const std::string& text) {
    Warning w;
    w.message = text;
    std::string_view s = text;
    int sequence = -1;
    int layer = -1;
    int head = -1;
    bool any = false;
    if (readNumbered(s, "sequence ", sequence)) {
        any = true;
        if (s.substr(0, 2) == ", ") {
            s.remove_prefix(2);
        }
    }
    if (readNumbered(s, "layer ", layer)) {
        any = true;
        if (s.substr(0, 2) == ", ") {
            s.remove_prefix(2);
            if (!readNumbered(s, "head ", head)) {
                return w;
            }
        }
    }
    if (!any || s.substr(0, 2) != ": ") {
        return w;
    }
    w.sequence = sequence;
    w.layer = layer;
    w.head = head;
    w.message = std::string(s.substr(2));
    return w;
}

std::vector<std::string> warningTexts(const std::vector<Warning>& warnings) {
    std::vector<std::string> out;
    out.reserve(warnings.size());
    for (const Warning& w : warnings) {
        out.push_back(w.text());
    }
    return out;
}

}  // namespace headwave
