// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "headwave/core/utf8.h"

namespace headwave {

namespace fs = std::filesystem;

std::vector<int> CorpusSequence::ids() const {
    std::vector<int> v;
    v.reserve(tokens.size());
    for (const Token& t : tokens) {
        v.push_back(t.id);
    }
    return v;
}

Result<CorpusFormat> parseCorpusFormat(const std::string& s) {
    if (s == "auto") {
        return CorpusFormat::Auto;
    }
    if (s == "paragraphs") {
        return CorpusFormat::Paragraphs;
    }
    if (s == "lines") {
        return CorpusFormat::Lines;
    }
    if (s == "jsonl") {
        return CorpusFormat::JsonLines;
    }
    if (s == "folder") {
        return CorpusFormat::Folder;
    }
    return makeError(
        ErrorCode::InvalidArgument,
        "Unknown corpus format '" + s + "'. Use one of: auto, paragraphs, lines, jsonl, folder.");
}

const char* toString(CorpusFormat f) {
    switch (f) {
        case CorpusFormat::Auto:
            return "auto";
        case CorpusFormat::Paragraphs:
            return "paragraphs";
        case CorpusFormat::Lines:
            return "lines";
        case CorpusFormat::JsonLines:
            return "jsonl";
        case CorpusFormat::Folder:
            return "folder";
    }
    return "?";
}

std::int64_t countNonTextBytes(std::string_view text) {
    std::int64_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            const bool whitespace = b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r';
            count += (b < 0x20 && !whitespace) || b == 0x7F ? 1 : 0;
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t n = utf8::decodeUtf8(text, i, cp);
        if (n == 0) {
            ++count;
            ++i;
        } else {
            i += n;
        }
    }
    return count;
}

namespace {

// InvalidInput when more than kMaxNonTextShare of what was read is not text; checked from
// kNonTextSampleBytes on, or at the end (`finished`) of a shorter corpus.
Status checkLooksLikeText(const std::string& path, const CorpusStats& st, bool finished) {
    if (st.bytes == 0 || (!finished && st.bytes < kNonTextSampleBytes)) {
        return {};
    }
    const double share = static_cast<double>(st.nonTextBytes) / static_cast<double>(st.bytes);
    if (share <= kMaxNonTextShare) {
        return {};
    }
    return makeError(ErrorCode::InvalidInput,
                     "The corpus '" + path + "' does not look like text: " +
                         std::to_string(static_cast<int>(share * 100.0 + 0.5)) + "% of its first " +
                         std::to_string(st.bytes) +
                         " bytes are NUL bytes, control characters or invalid UTF-8 (more than " +
                         std::to_string(static_cast<int>(kMaxNonTextShare * 100.0)) +
                         "%). Give a plain-text corpus in UTF-8 (iconv converts other encodings).",
                     std::to_string(st.nonTextBytes) + " of " + std::to_string(st.bytes) +
                         " bytes are not text");
}

bool isBlank(const std::string& line) {
    return line.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

void stripCr(std::string& line) {
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
}

// One line may not be longer than this (a binary file or a corpus without newlines), nor one
// paragraph (a file without blank lines): the corpus is streamed, and these bound what is held.
constexpr std::size_t kMaxLineBytes = 64u << 20;
constexpr std::size_t kMaxParagraphBytes = 64u << 20;

// std::getline that stops storing after limit + 1 bytes (so a 20 GB file without a newline is
// never read into memory at once: the caller sees line.size() > limit and reports it). false at
// the end of the stream with nothing read, as std::getline.
bool readLine(std::istream& in, std::string& line, std::size_t limit) {
    line.clear();
    std::streambuf* buf = in.rdbuf();
    for (;;) {
        const int c = buf->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(line.empty() ? std::ios::eofbit | std::ios::failbit : std::ios::eofbit);
            return !line.empty();
        }
        if (c == '\n') {
            return true;
        }
        line.push_back(static_cast<char>(c));
        if (line.size() > limit) {
            return true;
        }
    }
}

using Stream = std::unique_ptr<std::istream>;

Result<Stream> openText(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return makeError(ErrorCode::FileNotFound,
                         "The corpus '" + path + "' does not exist; check the path.");
    }
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) {
        return makeError(ErrorCode::FileRead, "Could not open the corpus '" + path + "'.",
                         std::strerror(errno));
    }
    return Stream(std::move(in));
}

class TextReader : public ParagraphReader {
public:
    TextReader(std::string path, Stream in, bool lines)
        : m_path(std::move(path)), m_in(std::move(in)), m_lines(lines) {}

    Result<bool> next(std::string& paragraph) override {
        paragraph.clear();
        std::string line;
        while (readLine(*m_in, line, kMaxLineBytes)) {
            ++m_line;
            if (line.size() > kMaxLineBytes) {
                return makeError(ErrorCode::FileFormat,
                                 "Line " + std::to_string(m_line) + " of '" + m_path +
                                     "' is longer than 64 MB; is this a text file?");
            }
            if (paragraph.size() + line.size() > kMaxParagraphBytes) {
                return makeError(ErrorCode::FileFormat,
                                 "The paragraph ending at line " + std::to_string(m_line) +
                                     " of '" + m_path +
                                     "' is longer than 64 MB; separate paragraphs with blank "
                                     "lines, or read one sequence per line (format 'lines').");
            }
            stripCr(line);
            if (isBlank(line)) {
                if (!paragraph.empty()) {
                    return true;
                }
                continue;
            }
            if (m_lines) {
                paragraph = line;
                return true;
            }
            if (!paragraph.empty()) {
                paragraph += '\n';
            }
            paragraph += line;
        }
        if (m_in->bad()) {
            return makeError(ErrorCode::FileRead, "Reading the corpus '" + m_path + "' failed.");
        }
        return !paragraph.empty();
    }

private:
    std::string m_path;
    Stream m_in;
    bool m_lines;
    std::int64_t m_line = 0;
};

class JsonLinesReader : public ParagraphReader {
public:
    JsonLinesReader(std::string path, Stream in) : m_path(std::move(path)), m_in(std::move(in)) {}

    Result<bool> next(std::string& paragraph) override {
        std::string line;
        while (readLine(*m_in, line, kMaxLineBytes)) {
            ++m_line;
            if (line.size() > kMaxLineBytes) {
                return makeError(ErrorCode::FileFormat, "Line " + std::to_string(m_line) + " of '" +
                                                            m_path + "' is longer than 64 MB.");
            }
            stripCr(line);
            if (isBlank(line)) {
                continue;
            }
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.is_object()) {
                return makeError(ErrorCode::FileFormat,
                                 "Line " + std::to_string(m_line) + " of '" + m_path +
                                     "' is not a JSON object; JSON Lines corpora have one object "
                                     "with a \"text\" field per line.");
            }
            if (!j.contains("text") || !j["text"].is_string()) {
                return makeError(ErrorCode::FileFormat, "Line " + std::to_string(m_line) + " of '" +
                                                            m_path + "' has no \"text\" string.");
            }
            paragraph = j["text"].get<std::string>();
            if (!isBlank(paragraph)) {
                return true;
            }
        }
        if (m_in->bad()) {
            return makeError(ErrorCode::FileRead, "Reading the corpus '" + m_path + "' failed.");
        }
        return false;
    }

private:
    std::string m_path;
    Stream m_in;
    std::int64_t m_line = 0;
};

class FolderReader : public ParagraphReader {
public:
    explicit FolderReader(std::vector<std::string> files) : m_files(std::move(files)) {}

    Result<bool> next(std::string& paragraph) override {
        while (true) {
            if (m_current) {
                auto r = m_current->next(paragraph);
                if (!r || r.value()) {
                    return r;
                }
                m_current.reset();
            }
            if (m_index >= m_files.size()) {
                return false;
            }
            const std::string& path = m_files[m_index++];
            auto in = openText(path);
            if (!in) {
                return in.error();
            }
            m_current = std::make_unique<TextReader>(path, std::move(in.value()), false);
        }
    }

private:
    std::vector<std::string> m_files;
    std::size_t m_index = 0;
    std::unique_ptr<TextReader> m_current;
};

}  // namespace

Result<std::unique_ptr<ParagraphReader>> openCorpusText(std::string text, const std::string& name,
                                                        CorpusFormat format) {
    if (format == CorpusFormat::Folder) {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + name +
                             "' is a text, not a folder; the folder format reads every "
                             ".txt file of a folder.");
    }
    Stream in = std::make_unique<std::istringstream>(std::move(text));
    if (format == CorpusFormat::JsonLines) {
        return std::unique_ptr<ParagraphReader>(new JsonLinesReader(name, std::move(in)));
    }
    return std::unique_ptr<ParagraphReader>(
        new TextReader(name, std::move(in), format == CorpusFormat::Lines));
}

Result<std::unique_ptr<ParagraphReader>> openCorpus(const std::string& path, CorpusFormat format) {
    std::error_code ec;
    const bool isDir = fs::is_directory(path, ec);
    if (format == CorpusFormat::Auto) {
        const std::string ext = fs::path(path).extension().string();
        format = isDir                                   ? CorpusFormat::Folder
                 : (ext == ".jsonl" || ext == ".ndjson") ? CorpusFormat::JsonLines
                                                         : CorpusFormat::Paragraphs;
    }
    if (format == CorpusFormat::Folder) {
        if (!isDir) {
            return makeError(ErrorCode::InvalidArgument,
                             "'" + path +
                                 "' is not a folder; the folder format reads every .txt "
                                 "file of a folder.");
        }
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(path, ec)) {
            if (e.is_regular_file() && e.path().extension() == ".txt") {
                files.push_back(e.path().string());
            }
        }
        if (ec) {
            return makeError(ErrorCode::FileRead, "Could not list the folder '" + path + "'.",
                             ec.message());
        }
        if (files.empty()) {
            return makeError(ErrorCode::FileFormat,
                             "The folder '" + path + "' has no .txt files to use as a corpus.");
        }
        std::sort(files.begin(), files.end());
        return std::unique_ptr<ParagraphReader>(new FolderReader(std::move(files)));
    }
    if (isDir) {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + path + "' is a folder; use the folder format (or give a file).");
    }
    auto in = openText(path);
    if (!in) {
        return in.error();
    }
    if (format == CorpusFormat::JsonLines) {
        return std::unique_ptr<ParagraphReader>(new JsonLinesReader(path, std::move(in.value())));
    }
    return std::unique_ptr<ParagraphReader>(
        new TextReader(path, std::move(in.value()), format == CorpusFormat::Lines));
}

namespace {

// The text of the first `keep` non-special tokens of an encoding of `text`.
std::string prefixText(const std::string& text, const std::vector<Token>& tokens, int keep) {
    std::size_t end = 0;
    int kept = 0;
    for (const Token& t : tokens) {
        if (kept >= keep) {
            break;
        }
        ++kept;
        if (!t.special) {
            end = std::max(end, t.end);
        }
    }
    return text.substr(0, end);
}

}  // namespace

Result<std::vector<CorpusSequence>> buildCorpus(const std::string& path, const Tokenizer& tokenizer,
                                                const CorpusOptions& options, CorpusStats* stats,
                                                std::stop_token stop) {
    if (options.minTokens < 2 || options.maxTokens < options.minTokens) {
        return makeError(ErrorCode::InvalidArgument,
                         "The token range must satisfy 2 <= min <= max; got " +
                             std::to_string(options.minTokens) + ".." +
                             std::to_string(options.maxTokens) + ".");
    }
    if (options.maxSequences < 0) {
        return makeError(ErrorCode::InvalidArgument, "The number of sequences cannot be negative.");
    }
    auto reader = options.text ? openCorpusText(*options.text, path, options.format)
                               : openCorpus(path, options.format);
    if (!reader) {
        return reader.error();
    }
    CorpusStats local;
    CorpusStats& st = stats != nullptr ? *stats : local;
    st = CorpusStats{};

    std::vector<CorpusSequence> out;
    std::mt19937_64 rng(options.sampleSeed);
    const auto cap = static_cast<std::size_t>(options.maxSequences);
    bool done = false;
    std::int64_t packedIndex = 0;

    auto emit = [&](std::string text, std::vector<Token> tokens) {
        CorpusSequence seq;
        seq.index = static_cast<int>(packedIndex++);
        seq.text = std::move(text);
        seq.tokens = std::move(tokens);
        ++st.packed;
        if (!options.sample) {
            out.push_back(std::move(seq));
            done = cap > 0 && out.size() >= cap;
            return;
        }
        // Reservoir sampling (Algorithm R), then corpus order is restored at the end.
        if (cap == 0 || out.size() < cap) {
            out.push_back(std::move(seq));
        } else {
            std::uniform_int_distribution<std::int64_t> pick(0, packedIndex - 1);
            const std::int64_t j = pick(rng);
            if (j < static_cast<std::int64_t>(cap)) {
                out[static_cast<std::size_t>(j)] = std::move(seq);
            }
        }
    };

    auto encode = [&](const std::string& text) { return tokenizer.encode(text, true); };

    std::string current;
    std::vector<Token> currentTokens;
    std::string paragraph;
    while (!done) {
        if (stop.stop_requested()) {
            return makeError(ErrorCode::Cancelled, "Reading the corpus was cancelled.");
        }
        auto more = (*reader)->next(paragraph);
        if (!more) {
            return more.error();
        }
        if (!more.value()) {
            break;
        }
        ++st.paragraphs;
        st.bytes += static_cast<std::int64_t>(paragraph.size());
        st.nonTextBytes += countNonTextBytes(paragraph);
        if (Status text = checkLooksLikeText(path, st, false); !text) {
            return text.error();
        }
        const std::string candidate = current.empty() ? paragraph : current + "\n\n" + paragraph;
        auto enc = encode(candidate);
        if (!enc) {
            return enc.error();
        }
        if (static_cast<int>(enc->tokens.size()) <= options.maxTokens) {
            current = candidate;
            currentTokens = std::move(enc->tokens);
            if (static_cast<int>(currentTokens.size()) >= options.minTokens &&
                static_cast<int>(currentTokens.size()) == options.maxTokens) {
                emit(std::move(current), std::move(currentTokens));
                current.clear();
                currentTokens.clear();
            }
            continue;
        }
        // The paragraph does not fit: emit what we have if it is long enough.
        if (static_cast<int>(currentTokens.size()) >= options.minTokens) {
            emit(std::move(current), std::move(currentTokens));
        } else if (!current.empty()) {
            ++st.skippedShort;
        }
        current.clear();
        currentTokens.clear();
        if (done) {
            break;
        }
        auto alone = encode(paragraph);
        if (!alone) {
            return alone.error();
        }
        if (static_cast<int>(alone->tokens.size()) <= options.maxTokens) {
            current = paragraph;
            currentTokens = std::move(alone->tokens);
            continue;
        }
        // A single paragraph longer than the range: cut it to maxTokens (re-encoding the cut text
        // can merge differently at the edge, so shrink until it fits).
        ++st.truncated;
        int keep = options.maxTokens;
        while (keep > 0) {
            std::string cut = prefixText(paragraph, alone->tokens, keep);
            auto e = encode(cut);
            if (!e) {
                return e.error();
            }
            if (static_cast<int>(e->tokens.size()) <= options.maxTokens) {
                if (static_cast<int>(e->tokens.size()) >= options.minTokens) {
                    emit(std::move(cut), std::move(e->tokens));
                }
                break;
            }
            keep -= static_cast<int>(e->tokens.size()) - options.maxTokens;
        }
    }
    if (Status text = checkLooksLikeText(path, st, true); !text) {
        return text.error();
    }
    if (!done && !current.empty()) {
        if (static_cast<int>(currentTokens.size()) >= options.minTokens) {
            emit(std::move(current), std::move(currentTokens));
        } else {
            ++st.skippedShort;
        }
    }
    if (options.sample) {
        std::sort(out.begin(), out.end(), [](const CorpusSequence& a, const CorpusSequence& b) {
            return a.index < b.index;
        });
    }
    return out;
}

}  // namespace headwave
