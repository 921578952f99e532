// SPDX-License-Identifier: GPL-3.0-or-later
#include "pcre_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "json_fields.h"

namespace headwave::tok {

namespace {

// Bounds on one match attempt, so a pattern from an untrusted file cannot spin for minutes on a
// crafted input: far above what the published pre-tokenizer patterns use on any text.
constexpr std::uint32_t kMatchLimit = 50'000'000;
constexpr std::uint32_t kDepthLimit = 100'000;

pcre2_code* code(void* p) {
    return static_cast<pcre2_code*>(p);
}

std::string pcreMessage(int errorCode) {
    PCRE2_UCHAR buffer[256];
    if (pcre2_get_error_message(errorCode, buffer, sizeof buffer) < 0) {
        return "PCRE2 error " + std::to_string(errorCode);
    }
    return std::string(reinterpret_cast<const char*>(buffer));
}

struct MatchDataDeleter {
    void operator()(pcre2_match_data* d) const { pcre2_match_data_free(d); }
};
struct MatchContextDeleter {
    void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
};

}  // namespace

Result<std::shared_ptr<const PcreRegex>> PcreRegex::compile(const std::string& pattern) {
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                  PCRE2_UTF | PCRE2_UCP, &errorCode, &errorOffset, nullptr);
    if (c == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "The tokenizer's regular expression does not compile.",
                         pcreMessage(errorCode) + " at offset " + std::to_string(errorOffset) +
                             " in " + pattern);
    }
    // JIT makes the byte-level split about ten times faster; without it (an unsupported CPU)
    // the interpreter gives the same matches.
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    std::shared_ptr<PcreRegex> re(new PcreRegex());
    re->m_pattern = pattern;
    re->m_code = c;
    return std::shared_ptr<const PcreRegex>(std::move(re));
}

Result<std::shared_ptr<const PcreRegex>> PcreRegex::literal(const std::string& text) {
    std::string quoted;
    quoted.reserve(text.size() + 4);
    // \Q...\E quotes everything except a literal "\E", which is split out of the quoted run.
    quoted += "\\Q";
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'E') {
            quoted += "\\E\\\\\\QE";
            ++i;
        } else {
            quoted += text[i];
        }
    }
    quoted += "\\E";
    return compile(quoted);
}

Result<std::shared_ptr<const PcreRegex>> PcreRegex::fromJson(const nlohmann::json& pattern) {
    if (const auto s = stringMember(pattern, "String")) {
        return literal(*s);
    }
    if (const auto r = stringMember(pattern, "Regex")) {
        return compile(*r);
    }
    return makeError(ErrorCode::FileFormat,
                     "A pattern is neither {\"String\": ...} nor {\"Regex\": ...}.");
}

PcreRegex::~PcreRegex() {
    pcre2_code_free(code(m_code));
}

Status PcreRegex::findAll(std::string_view text,
                          std::vector<std::pair<std::size_t, std::size_t>>& matches) const {
    matches.clear();
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create_from_pattern(code(m_code), nullptr));
    std::unique_ptr<pcre2_match_context, MatchContextDeleter> context(
        pcre2_match_context_create(nullptr));
    if (!data || !context) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while running a tokenizer regex.");
    }
    pcre2_set_match_limit(context.get(), kMatchLimit);
    pcre2_set_depth_limit(context.get(), kDepthLimit);

    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t start = 0;
    bool havePrevious = false;
    std::size_t previousEnd = 0;
    while (start <= text.size()) {
        int rc = pcre2_match(code(m_code), subject, text.size(), start, PCRE2_NO_UTF_CHECK,
                             data.get(), context.get());
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
            // The JIT's default 32 KiB stack is small for long runs; the interpreter uses the heap.
            rc = pcre2_match(code(m_code), subject, text.size(), start,
                             PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, data.get(), context.get());
        }
        if (rc == PCRE2_ERROR_NOMATCH) {
            break;
        }
        if (rc < 0) {
            return makeError(ErrorCode::InvalidArgument,
                             "The tokenizer's regular expression could not be run on this text.",
                             pcreMessage(rc) + " (pattern " + m_pattern + ")");
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
        const std::size_t b = ov[0];
        const std::size_t e = ov[1];
        if (b > e || e > text.size()) {
            break;  // \K in a lookahead can report such ranges; nothing sensible to split on
        }
        if (b == e) {
            // Advance by one character past an empty match, and drop it when it directly follows
            // the previous match (no empty match glued to a real one).
            if (!(havePrevious && previousEnd == e)) {
                matches.emplace_back(b, e);
            }
            havePrevious = true;
            previousEnd = e;
            if (e >= text.size()) {
                break;
            }
            std::size_t next = e + 1;
            while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
                ++next;
            }
            start = next;
            continue;
        }
        matches.emplace_back(b, e);
        havePrevious = true;
        previousEnd = e;
        start = e;
    }
    return {};
}

}  // namespace headwave::tok
