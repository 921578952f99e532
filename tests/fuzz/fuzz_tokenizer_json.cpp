// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a tokenizer.json file (BPE, WordPiece, Unigram; normalizers, pre-tokenizers, added
// tokens, post-processors), loaded and then used on a fixed text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/tokenizer/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string path = fuzz::writeInput("tokenizer.json", data, size);
    Result<std::unique_ptr<Tokenizer>> tok = loadTokenizerJson(path);
    if (!tok) {
        fuzz::require(!tok.error().message.empty());
        return 0;
    }
    // ASCII, punctuation, digits, a newline, accents, CJK, an emoji and an invalid UTF-8 byte.
    static const std::string kText =
        "Once upon a time, 123 cats\n  said \"h\xC3\xA9llo\" \xE4\xB8\xAD\xE6\x96\x87 "
        "\xF0\x9F\x98\x80 \xFF end.";
    for (bool special : {true, false}) {
        Result<Encoding> e = (*tok)->encode(kText, special);
        if (e) {
            for (const Token& t : e->tokens) {
                fuzz::require(t.begin <= t.end && t.end <= kText.size());
            }
        }
    }
    (void)(*tok)->encode("", true);
    for (int id : {-1, 0, 1, (*tok)->vocabSize() - 1, (*tok)->vocabSize(), 1 << 30}) {
        (void)(*tok)->tokenText(id);
    }
    return 0;
}
