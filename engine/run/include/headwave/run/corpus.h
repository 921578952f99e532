// SPDX-License-Identifier: GPL-3.0-or-later
// A corpus for an analysis run: text from a plain-text file (paragraphs separated by blank lines,
// or one sequence per line), JSON Lines with a "text" field, or a folder of .txt files; read as a
// stream (a corpus larger than memory is fine) and packed into token sequences of a chosen length
// range, so every sequence supports the same wavelet depth.
//
//   CorpusOptions o; o.minTokens = 128; o.maxTokens = 512; o.maxSequences = 500;
//   auto seqs = buildCorpus("wiki.txt", *tokenizer, o, stop);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave {

enum class CorpusFormat {
    Auto,        // .jsonl/.ndjson -> JsonLines; a folder -> Folder; anything else -> Paragraphs
    Paragraphs,  // blank-line separated paragraphs
    Lines,       // one paragraph per non-empty line
    JsonLines,   // one JSON object per line with a "text" string
    Folder,      // every .txt file of a folder (sorted by name), each read as Paragraphs
};

Result<CorpusFormat> parseCorpusFormat(const std::string& s);
const char* toString(CorpusFormat f);

// Reads paragraphs one at a time; returns false at the end. Errors name the file and line.
class ParagraphReader {
public:
    virtual ~ParagraphReader() = default;
    virtual Result<bool> next(std::string& paragraph) = 0;
};

Result<std::unique_ptr<ParagraphReader>> openCorpus(const std::string& path, CorpusFormat format);
// A corpus given as text in memory (standard input, a typed text), named `name` in messages;
// Auto reads it as Paragraphs.
Result<std::unique_ptr<ParagraphReader>> openCorpusText(std::string text, const std::string& name,
                                                        CorpusFormat format);

struct CorpusOptions {
    CorpusFormat format = CorpusFormat::Auto;
    int minTokens = 128;     // a packed sequence has at least this many tokens (specials included)
    int maxTokens = 512;     // ... and at most this many
    int maxSequences = 500;  // stop after this many sequences (0 = no cap)
    // Sampling: 0 = the first maxSequences sequences in corpus order; otherwise a uniform random
    // sample of maxSequences (reservoir sampling, this seed), kept in corpus order.
    std::uint64_t sampleSeed = 0;
    bool sample = false;
    // When set, the corpus is this text (standard input, a text given on the command line) and
    // the path given with it only names it.
    std::shared_ptr<const std::string> text;
};

struct CorpusSequence {
    int index = 0;              // position among the packed sequences of the corpus
    std::string text;           // the packed paragraphs, joined by "\n\n"
    std::vector<Token> tokens;  // with the tokenizer's special tokens
    std::vector<int> ids() const;
};

struct CorpusStats {
    std::int64_t paragraphs = 0;
    std::int64_t packed = 0;        // sequences packed before the cap / sampling
    std::int64_t skippedShort = 0;  // text too short to reach minTokens at the end
    std::int64_t truncated = 0;     // single paragraphs longer than maxTokens, cut
    std::int64_t bytes = 0;         // bytes of the paragraphs read
    std::int64_t nonTextBytes = 0;  // ... that are NUL, other control characters or invalid UTF-8
};

// A corpus that is not text (a binary file, UTF-16, random bytes) is refused: once
// kNonTextSampleBytes were read (or at the end of a shorter corpus), more than kMaxNonTextShare
// of its bytes NUL, control characters other than whitespace, or invalid UTF-8 is InvalidInput.
// Below that, the run warns (the tokenizers read invalid UTF-8 as U+FFFD).
inline constexpr double kMaxNonTextShare = 0.10;
inline constexpr std::int64_t kNonTextSampleBytes = 4096;

// Bytes of `text` that are NUL, a control character other than tab, newline, vertical tab, form
// feed and carriage return, or part of an invalid UTF-8 sequence.
std::int64_t countNonTextBytes(std::string_view text);

// Packs paragraphs greedily: consecutive paragraphs are joined while the sequence stays within
// maxTokens; a sequence is emitted once it has at least minTokens. A paragraph longer than
// maxTokens on its own is cut at maxTokens tokens (counted in stats). Deterministic. A corpus that
// is not text is refused (kMaxNonTextShare) before its paragraphs are tokenised.
Result<std::vector<CorpusSequence>> buildCorpus(const std::string& path, const Tokenizer& tokenizer,
                                                const CorpusOptions& options,
                                                CorpusStats* stats = nullptr,
                                                std::stop_token stop = {});

}  // namespace headwave
