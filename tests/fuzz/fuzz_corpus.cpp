// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the corpus readers (blank-line paragraphs, one per line, JSON Lines) and the packer
// (buildCorpus) with a byte-per-token tokenizer. The first input byte picks the format and the
// packing range; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "headwave/run/corpus.h"

namespace {

// One token per byte of input, so packing sees long, short and empty paragraphs.
class ByteTokenizer : public headwave::Tokenizer {
public:
    headwave::Result<headwave::Encoding> encode(std::string_view text,
                                                bool addSpecial) const override {
        headwave::Encoding e;
        if (addSpecial) {
            e.tokens.push_back({1, "<s>", 0, 0, true});
        }
        for (std::size_t i = 0; i < text.size(); ++i) {
            e.tokens.push_back({static_cast<unsigned char>(text[i]) + 3, std::string(1, text[i]), i,
                                i + 1, false});
        }
        return e;
    }
    std::string tokenText(int id) const override { return std::to_string(id); }
    int vocabSize() const override { return 259; }
    std::string kind() const override { return "bytes"; }
    int bosId() const override { return 1; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    if (size == 0) {
        return 0;
    }
    const CorpusFormat formats[] = {CorpusFormat::Paragraphs, CorpusFormat::Lines,
                                    CorpusFormat::JsonLines};
    const CorpusFormat format = formats[data[0] % 3];
    const std::string path = fuzz::writeInput("corpus.txt", data + 1, size - 1);

    Result<std::unique_ptr<ParagraphReader>> reader = openCorpus(path, format);
    if (!reader) {
        fuzz::require(!reader.error().message.empty());
        return 0;
    }
    std::string paragraph;
    std::size_t total = 0;
    for (int i = 0; i < 100000; ++i) {
        Result<bool> more = (*reader)->next(paragraph);
        if (!more || !*more) {
            break;
        }
        total += paragraph.size();
        fuzz::require(total <= 4 * size + 16);
    }

    CorpusOptions options;
    options.format = format;
    options.minTokens = 2 + (data[0] >> 2) % 16;
    options.maxTokens = options.minTokens + (data[0] >> 6) * 8;
    options.maxSequences = 50;
    options.sample = (data[0] & 0x20) != 0;
    options.sampleSeed = 7;
    CorpusStats stats;
    Result<std::vector<CorpusSequence>> seqs = buildCorpus(path, ByteTokenizer(), options, &stats);
    if (seqs) {
        for (const CorpusSequence& s : *seqs) {
            fuzz::require(static_cast<int>(s.tokens.size()) <= options.maxTokens);
            fuzz::require(static_cast<int>(s.tokens.size()) >= options.minTokens);
        }
    }
    return 0;
}
