// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a SentencePiece tokenizer.model file, checked by Headwave and then loaded through
// libsentencepiece (the dlopen'd shim libheadwave_spm.so), then used on a fixed text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/tokenizer/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string path = fuzz::writeInput("tokenizer.model", data, size);
    Result<std::unique_ptr<Tokenizer>> tok = loadSentencePieceModel(path);
    if (!tok) {
        fuzz::require(!tok.error().message.empty());
        return 0;
    }
    static const std::string kText =
        "Once upon a time, 123 cats\n h\xC3\xA9llo \xF0\x9F\x98\x80 \xFF";
    for (bool special : {true, false}) {
        Result<Encoding> e = (*tok)->encode(kText, special);
        if (e) {
            for (const Token& t : e->tokens) {
                fuzz::require(t.begin <= t.end && t.end <= kText.size());
            }
        }
    }
    for (int id : {-1, 0, 1, (*tok)->vocabSize() - 1, (*tok)->vocabSize()}) {
        (void)(*tok)->tokenText(id);
    }
    return 0;
}
