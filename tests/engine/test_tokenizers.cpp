// SPDX-License-Identifier: GPL-3.0-or-later
// Tokenizer tests: the public ggml-vocab suites (GPT-2 through tokenizer.json, Llama 2 through
// libsentencepiece) case by case, tokenizer.json against tokenizer.model on the same vocabulary
// (stories260K), a Unigram + precompiled-charsmap pipeline against libsentencepiece on a model
// trained here, round trips (GPT-2, Pythia), token spans, hand-built tokenizer.json files with
// hand-computed ids, and truncated / corrupted / absurd files.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <nlohmann/json.hpp>

#include "check.h"
#include "headwave/tokenizer/tokenizer.h"
#include "shared_data.h"

namespace {

using namespace headwave;
namespace fs = std::filesystem;
using nlohmann::json;

// ------------------------------------------------------------------------------------------------
// Helpers

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                              "/headwave_tokenizers_XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) != nullptr) {
            m_path = buffer.data();
        }
    }
    ~TempDir() {
        if (!m_path.empty()) {
            std::error_code ignored;
            fs::remove_all(m_path, ignored);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !m_path.empty(); }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string joinIds(const std::vector<int>& ids) {
    std::string s;
    for (int id : ids) {
        s += (s.empty() ? "" : " ") + std::to_string(id);
    }
    return s;
}

// Printable form of a test input for failure messages.
std::string printable(std::string_view s) {
    std::string out = "\"";
    for (const char c : s.substr(0, 120)) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    return out + (s.size() > 120 ? "...\"" : "\"");
}

// Where two id sequences first differ, with a few ids of context and the input text there, for
// failure messages.
std::string difference(const Encoding& got, const std::vector<int>& want, const std::string& text) {
    const std::vector<int> ids = got.ids();
    std::size_t i = 0;
    while (i < ids.size() && i < want.size() && ids[i] == want[i]) {
        ++i;
    }
    const std::size_t from = i > 3 ? i - 3 : 0;
    const auto window = [&](const std::vector<int>& v) {
        const std::size_t b = std::min(from, v.size());
        const std::size_t e = std::min(v.size(), i + 6);
        return joinIds(std::vector<int>(v.begin() + static_cast<std::ptrdiff_t>(b),
                                        v.begin() + static_cast<std::ptrdiff_t>(e)));
    };
    std::string where;
    if (i < got.tokens.size()) {
        const std::size_t at = got.tokens[i].begin;
        const std::size_t b = at > 20 ? at - 20 : 0;
        where = ", text there: " + printable(text.substr(b, 40));
    }
    return "first difference at id " + std::to_string(i) + " of " + std::to_string(ids.size()) +
           "/" + std::to_string(want.size()) + ": got [... " + window(ids) + " ...], want [... " +
           window(want) + " ...]" + where;
}

struct VocabCase {
    std::string input;
    std::vector<int> ids;
};

// llama.cpp's convention (convert_hf_to_gguf_update.py writes each input followed by
// "\n__ggml_vocab_test__\n", and one line of space-separated ids per input to .out).
std::vector<VocabCase> readGgmlSuite(const fs::path& base) {
    const std::string inp = readFile(base.string() + ".inp");
    const std::string out = readFile(base.string() + ".out");
    const std::string separator = "\n__ggml_vocab_test__\n";
    std::vector<std::string> inputs;
    std::size_t pos = 0;
    while (pos < inp.size()) {
        const std::size_t next = inp.find(separator, pos);
        if (next == std::string::npos) {
            break;
        }
        inputs.push_back(inp.substr(pos, next - pos));
        pos = next + separator.size();
    }
    std::vector<VocabCase> cases;
    std::istringstream lines(out);
    std::string line;
    for (const std::string& input : inputs) {
        if (!std::getline(lines, line)) {
            break;
        }
        VocabCase c;
        c.input = input;
        std::istringstream ids(line);
        int id = 0;
        while (ids >> id) {
            c.ids.push_back(id);
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

// Start of the UTF-8 character that contains byte i of text.
std::size_t charStart(const std::string& text, std::size_t i) {
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
        --i;
    }
    return i;
}

// The token spans walk the text in order without overlap, except that neighbours may share one
// multi-byte character (byte-fallback pieces of an emoji). With fullCover, the input bytes over
// the spans, concatenated, are the whole text.
bool spansValid(const std::string& text, const Encoding& e, bool fullCover, std::string& why) {
    std::size_t covered = 0;  // bytes [0, covered) are reached
    std::size_t previousBegin = 0;
    std::string concatenation;
    for (std::size_t k = 0; k < e.tokens.size(); ++k) {
        const Token& t = e.tokens[k];
        if (t.begin > t.end || t.end > text.size()) {
            why = "token " + std::to_string(k) + " has span [" + std::to_string(t.begin) + ", " +
                  std::to_string(t.end) + ") outside the text of " + std::to_string(text.size());
            return false;
        }
        if (t.special || t.begin == t.end) {
            continue;
        }
        if (t.begin < previousBegin) {
            why = "token " + std::to_string(k) + " starts before its predecessor";
            return false;
        }
        if (t.begin < covered && charStart(text, t.begin) != charStart(text, covered - 1)) {
            why = "token " + std::to_string(k) + " [" + std::to_string(t.begin) + ", " +
                  std::to_string(t.end) + ") overlaps its predecessor beyond one character";
            return false;
        }
        if (fullCover && t.begin > covered) {
            why = "bytes [" + std::to_string(covered) + ", " + std::to_string(t.begin) +
                  ") are covered by no token";
            return false;
        }
        if (t.end > covered) {
            concatenation.append(text, std::max(t.begin, covered),
                                 t.end - std::max(t.begin, covered));
            covered = t.end;
        }
        previousBegin = t.begin;
    }
    if (fullCover && concatenation != text) {
        why = "the spans cover " + std::to_string(concatenation.size()) + " of " +
              std::to_string(text.size()) + " bytes";
        return false;
    }
    return true;
}

std::string concatTexts(const Encoding& e) {
    std::string s;
    for (const Token& t : e.tokens) {
        if (!t.special) {
            s += t.text;
        }
    }
    return s;
}

// Inputs for the cross-checks: the ggml inputs, paragraphs (at most 3000 bytes, cut at a line
// end) of the shared texts, whose line ends are LF or CRLF, and one long chunk per file.
// wikitext writes "<unk>" for rare words; tokenizer.json treats that spelling as the special
// token (as Hugging Face does) while libsentencepiece encodes its characters, so it is respelled
// "(unk)" here to compare the two on ordinary text.
std::vector<std::string> sampleTexts(std::size_t paragraphsPerFile, std::size_t chunkBytes) {
    std::vector<std::string> out;
    const fs::path shared = test::sharedDir();
    for (const VocabCase& c :
         readGgmlSuite(shared / "tokenizers/ggml-vocab/ggml-vocab-gpt-2.gguf")) {
        out.push_back(c.input);
    }
    const std::vector<fs::path> files = {
        shared / "text/tinyshakespeare.txt", shared / "text/wikitext-2/valid.txt",
        shared / "text/gutenberg/pg11.txt", shared / "text/gutenberg/pg2701.txt",
        shared / "text/gutenberg/pg1661.txt"};
    const auto respell = [](std::string t) {
        for (std::size_t p = t.find("<unk>"); p != std::string::npos; p = t.find("<unk>", p)) {
            t.replace(p, 5, "(unk)");
        }
        return t;
    };
    for (const fs::path& f : files) {
        const std::string text = readFile(f);
        if (text.empty()) {
            continue;
        }
        std::size_t count = 0;
        std::size_t pos = 0;
        while (count < paragraphsPerFile && pos < text.size()) {
            // A paragraph ends at a blank line ("\n\n" or "\n\r\n").
            std::size_t end = pos;
            while (end < text.size()) {
                end = text.find('\n', end);
                if (end == std::string::npos) {
                    end = text.size();
                    break;
                }
                std::size_t next = end + 1;
                if (next < text.size() && text[next] == '\r') {
                    ++next;
                }
                if (next >= text.size() || text[next] == '\n' || end - pos > 3000) {
                    break;
                }
                end = next;
            }
            if (end > pos) {
                out.push_back(respell(text.substr(pos, end - pos)));
                ++count;
            }
            pos = end + 1;
        }
        out.push_back(respell(text.substr(text.size() / 2, chunkBytes)));
    }
    return out;
}

bool haveShared(const std::vector<fs::path>& paths, std::string& missing) {
    for (const fs::path& p : paths) {
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            missing = p.string() + " is absent";
            return false;
        }
    }
    return true;
}

// Silences stderr while libsentencepiece logs one line per rejected model in the corruption
// loops; restored at scope exit.
class QuietStderr {
public:
    QuietStderr() {
        std::fflush(stderr);
        m_saved = ::dup(2);
        std::FILE* null = std::fopen("/dev/null", "w");
        if (null != nullptr) {
            ::dup2(::fileno(null), 2);
            std::fclose(null);
        }
    }
    ~QuietStderr() {
        std::fflush(stderr);
        if (m_saved >= 0) {
            ::dup2(m_saved, 2);
            ::close(m_saved);
        }
    }
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

private:
    int m_saved = -1;
};

// A deterministic generator for the corruption tests (64-bit LCG, Knuth's MMIX constants).
class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return m_state >> 17;
    }

private:
    std::uint64_t m_state;
};

// A loaded tokenizer must encode without crashing; any outcome (ids or an Error) is fine.
void exercise(const Tokenizer& t) {
    static const char* const kProbe[] = {"Once upon a time, there was a little girl named Lily.",
                                         "  caf\xC3\xA9 \xF0\x9F\xA6\x99 \n\t<s> 12345 ",
                                         "\xFF\xFE broken utf-8 \xC3", ""};
    for (const char* p : kProbe) {
        auto e = t.encode(p, true);
        if (e) {
            for (const Token& tok : e->tokens) {
                (void)t.tokenText(tok.id);
            }
        }
    }
    (void)t.vocabSize();
    (void)t.kind();
}

// ------------------------------------------------------------------------------------------------
// Hand-built tokenizer.json files

// Byte-level BPE: "hello world" -> [hello, Ġworld] through nine merges.
json tinyByteLevelBpe(bool pairMerges) {
    const std::vector<std::string> pieces = {"h",
                                             "e",
                                             "l",
                                             "o",
                                             "\xC4\xA0",
                                             "w",
                                             "r",
                                             "d",
                                             "he",
                                             "ll",
                                             "llo",
                                             "hello",
                                             "\xC4\xA0w",
                                             "or",
                                             "\xC4\xA0wor",
                                             "\xC4\xA0worl",
                                             "\xC4\xA0world",
                                             "<|end|>",
                                             "hel"};
    json vocab = json::object();
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        vocab[pieces[i]] = i;
    }
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"h", "e"},          {"l", "l"},           {"ll", "o"},
        {"he", "llo"},       {"\xC4\xA0", "w"},    {"o", "r"},
        {"\xC4\xA0w", "or"}, {"\xC4\xA0wor", "l"}, {"\xC4\xA0worl", "d"}};
    json m = json::array();
    for (const auto& [a, b] : merges) {
        if (pairMerges) {
            m.push_back(json::array({a, b}));
        } else {
            m.push_back(a + " " + b);
        }
    }
    return json{{"version", "1.0"},
                {"added_tokens", json::array({{{"id", 17},
                                               {"content", "<|end|>"},
                                               {"single_word", false},
                                               {"lstrip", false},
                                               {"rstrip", false},
                                               {"normalized", false},
                                               {"special", true}}})},
                {"normalizer", nullptr},
                {"pre_tokenizer",
                 {{"type", "ByteLevel"},
                  {"add_prefix_space", false},
                  {"trim_offsets", true},
                  {"use_regex", true}}},
                {"post_processor", {{"type", "ByteLevel"}, {"trim_offsets", false}}},
                {"decoder", {{"type", "ByteLevel"}}},
                {"model",
                 {{"type", "BPE"},
                  {"dropout", nullptr},
                  {"unk_token", nullptr},
                  {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr},
                  {"fuse_unk", false},
                  {"byte_fallback", false},
                  {"vocab", vocab},
                  {"merges", m}}}};
}

// BERT-style WordPiece with a lowercasing, accent-stripping BertNormalizer.
json tinyWordPiece() {
    const std::vector<std::string> pieces = {"[PAD]", "[UNK]", "[CLS]",       "[SEP]", "hello",
                                             "world", "##s",   "un",          "##aff", "##able",
                                             ",",     "!",     "\xE4\xBD\xA0"};  // 你
    json vocab = json::object();
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        vocab[pieces[i]] = i;
    }
    json added = json::array();
    for (int id = 0; id < 4; ++id) {
        added.push_back({{"id", id},
                         {"content", pieces[static_cast<std::size_t>(id)]},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", true}});
    }
    return json{{"version", "1.0"},
                {"added_tokens", added},
                {"normalizer",
                 {{"type", "BertNormalizer"},
                  {"clean_text", true},
                  {"handle_chinese_chars", true},
                  {"strip_accents", nullptr},
                  {"lowercase", true}}},
                {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
                {"post_processor",
                 {{"type", "BertProcessing"},
                  {"sep", json::array({"[SEP]", 3})},
                  {"cls", json::array({"[CLS]", 2})}}},
                {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}}},
                {"model",
                 {{"type", "WordPiece"},
                  {"unk_token", "[UNK]"},
                  {"continuing_subword_prefix", "##"},
                  {"max_input_chars_per_word", 100},
                  {"vocab", vocab}}}};
}

// T5-style Unigram: Metaspace pre-tokenizer, scores chosen so that no two segmentations tie.
json tinyUnigram(const std::string& charsMapBase64) {
    json normalizer = nullptr;
    if (!charsMapBase64.empty()) {
        normalizer = {{"type", "Precompiled"}, {"precompiled_charsmap", charsMapBase64}};
    }
    const std::string u = "\xE2\x96\x81";  // ▁
    return json{
        {"version", "1.0"},
        {"added_tokens", json::array({{{"id", 0},
                                       {"content", "<unk>"},
                                       {"single_word", false},
                                       {"lstrip", false},
                                       {"rstrip", false},
                                       {"normalized", false},
                                       {"special", true}}})},
        {"normalizer", normalizer},
        {"pre_tokenizer",
         {{"type", "Metaspace"},
          {"replacement", u},
          {"prepend_scheme", "always"},
          {"split", true}}},
        {"post_processor", nullptr},
        {"decoder", {{"type", "Metaspace"}, {"replacement", u}, {"prepend_scheme", "always"}}},
        {"model",
         {{"type", "Unigram"},
          {"unk_id", 0},
          {"byte_fallback", false},
          {"vocab", json::array({json::array({"<unk>", 0.0}), json::array({u, -2.0}),
                                 json::array({u + "a", -1.0}), json::array({"b", -3.0}),
                                 json::array({"ab", -2.5}), json::array({u + "ab", -3.5}),
                                 json::array({"a", -3.0}), json::array({u + "AB", -2.0}),
                                 json::array({"c", -4.0})})}}}};
}

// ------------------------------------------------------------------------------------------------
// SentencePiece helpers for the Unigram oracle

// The bytes of field `field` (length-delimited) in a protobuf message, or "".
std::string protoBytesField(std::string_view msg, std::uint32_t field) {
    std::size_t pos = 0;
    const auto varint = [&](std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && pos < msg.size(); shift += 7) {
            const auto b = static_cast<unsigned char>(msg[pos++]);
            v |= static_cast<std::uint64_t>(b & 0x7Fu) << shift;
            if ((b & 0x80u) == 0) {
                return true;
            }
        }
        return false;
    };
    while (pos < msg.size()) {
        std::uint64_t key = 0;
        if (!varint(key)) {
            return {};
        }
        const auto wire = key & 7u;
        std::uint64_t v = 0;
        if (wire == 0) {
            varint(v);
        } else if (wire == 1) {
            pos += 8;
        } else if (wire == 5) {
            pos += 4;
        } else if (wire == 2) {
            if (!varint(v) || v > msg.size() - pos) {
                return {};
            }
            if ((key >> 3) == field) {
                return std::string(msg.substr(pos, static_cast<std::size_t>(v)));
            }
            pos += static_cast<std::size_t>(v);
        } else {
            return {};
        }
    }
    return {};
}

std::string base64(std::string_view bytes) {
    static const char* const kDigits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t v =
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
            static_cast<unsigned char>(bytes[i + 2]);
        out += kDigits[(v >> 18) & 63];
        out += kDigits[(v >> 12) & 63];
        out += kDigits[(v >> 6) & 63];
        out += kDigits[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                                << 16;
        out += kDigits[(v >> 18) & 63];
        out += kDigits[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const std::uint32_t v =
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8);
        out += kDigits[(v >> 18) & 63];
        out += kDigits[(v >> 12) & 63];
        out += kDigits[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

class LinesIterator : public sentencepiece::SentenceIterator {
public:
    explicit LinesIterator(std::vector<std::string> lines) : m_lines(std::move(lines)) {}
    bool done() const override { return m_index >= m_lines.size(); }
    void Next() override { ++m_index; }
    const std::string& value() const override { return m_lines[m_index]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    std::vector<std::string> m_lines;
    std::size_t m_index = 0;
};

// A Unigram model trained here on Shakespeare with SentencePiece's NFKC rules (nmt_nfkc), as
// serialized ModelProto bytes; "" when training fails.
std::string trainUnigram(const std::string& corpus) {
    std::vector<std::string> lines;
    std::istringstream in(corpus);
    std::string line;
    while (std::getline(in, line) && lines.size() < 6000) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    LinesIterator it(std::move(lines));
    std::string proto;
    const std::unordered_map<std::string, std::string> args = {
        {"model_type", "unigram"},
        {"vocab_size", "400"},
        {"normalization_rule_name", "nmt_nfkc"},
        {"character_coverage", "0.995"},
        {"num_threads", "1"},
        {"hard_vocab_limit", "false"},
        {"minloglevel", "2"},
    };
    QuietStderr quiet;
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &it, &proto);
    return status.ok() ? proto : std::string();
}

// The tokenizer.json Hugging Face's converter would write for a SentencePiece Unigram model
// with remove_extra_whitespaces and add_dummy_prefix (the defaults).
json unigramJsonFromModel(const sentencepiece::SentencePieceProcessor& sp,
                          const std::string& charsMap) {
    const std::string u = "\xE2\x96\x81";
    json vocab = json::array();
    json added = json::array();
    for (int id = 0; id < sp.GetPieceSize(); ++id) {
        vocab.push_back(json::array({sp.IdToPiece(id), static_cast<double>(sp.GetScore(id))}));
        if (sp.IsControl(id) || sp.IsUnknown(id)) {
            added.push_back({{"id", id},
                             {"content", sp.IdToPiece(id)},
                             {"single_word", false},
                             {"lstrip", false},
                             {"rstrip", false},
                             {"normalized", false},
                             {"special", true}});
        }
    }
    json steps = json::array();
    if (!charsMap.empty()) {
        steps.push_back({{"type", "Precompiled"}, {"precompiled_charsmap", base64(charsMap)}});
    }
    steps.push_back({{"type", "Replace"}, {"pattern", {{"Regex", "^ +| +$"}}}, {"content", ""}});
    steps.push_back({{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}});
    return json{{"version", "1.0"},
                {"added_tokens", added},
                {"normalizer", {{"type", "Sequence"}, {"normalizers", steps}}},
                {"pre_tokenizer",
                 {{"type", "Metaspace"},
                  {"replacement", u},
                  {"prepend_scheme", "always"},
                  {"split", true}}},
                {"post_processor", nullptr},
                {"decoder", nullptr},
                {"model",
                 {{"type", "Unigram"},
                  {"unk_id", sp.unk_id()},
                  {"byte_fallback", false},
                  {"vocab", vocab}}}};
}

// ------------------------------------------------------------------------------------------------
// 1. The ggml-vocab suites

HW_TEST(ggml_vocab_gpt2_every_case) {
    const fs::path shared = test::sharedDir();
    const fs::path suite = shared / "tokenizers/ggml-vocab/ggml-vocab-gpt-2.gguf";
    const fs::path tokenizer = shared / "tokenizers/gpt2/gpt2_tokenizer.json";
    std::string missing;
    if (!haveShared({suite.string() + ".inp", suite.string() + ".out", tokenizer}, missing)) {
        HW_SKIP(missing);
    }
    const auto start = std::chrono::steady_clock::now();
    auto t = loadTokenizerJson(tokenizer.string());
    const double loadSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    HW_CHECK_MSG(t.ok(), (t ? "" : t.error().describe()));
    if (!t) {
        return;
    }
    std::printf("gpt2_tokenizer.json (2 MB) loaded in %.3f s\n", loadSeconds);
    // "Well under a second" on a developer machine; the bound leaves room for sanitizer builds.
    HW_CHECK_MSG(loadSeconds < 5.0, "loading took " << loadSeconds << " s");
    HW_CHECK_EQ((*t)->kind(), std::string("BPE (byte-level)"));
    HW_CHECK_EQ((*t)->vocabSize(), 50257);

    const std::vector<VocabCase> cases = readGgmlSuite(suite);
    HW_CHECK_EQ(cases.size(), std::size_t{46});
    int passed = 0;
    for (const VocabCase& c : cases) {
        auto e = (*t)->encode(c.input, /*addSpecial=*/false);
        HW_CHECK_MSG(e.ok(), printable(c.input));
        if (!e) {
            continue;
        }
        const std::vector<int> ids = e->ids();
        HW_CHECK_MSG(ids == c.ids, printable(c.input) << ": got [" << joinIds(ids) << "], want ["
                                                      << joinIds(c.ids) << "]");
        std::string why;
        HW_CHECK_MSG(spansValid(c.input, *e, /*fullCover=*/true, why), printable(c.input)
                                                                           << ": " << why);
        // Byte-level display texts are the input bytes themselves.
        HW_CHECK_MSG(concatTexts(*e) == c.input, printable(c.input));
        passed += ids == c.ids ? 1 : 0;
    }
    std::printf("ggml-vocab gpt-2: %d of %zu cases exact\n", passed, cases.size());
}

HW_TEST(ggml_vocab_llama_spm_every_case) {
    const fs::path shared = test::sharedDir();
    const fs::path suite = shared / "tokenizers/ggml-vocab/ggml-vocab-llama-spm.gguf";
    const fs::path model = shared / "tokenizers/llama2/tokenizer.model";
    std::string missing;
    if (!haveShared({suite.string() + ".inp", suite.string() + ".out", model}, missing)) {
        HW_SKIP(missing);
    }
    auto t = loadSentencePieceModel(model.string());
    HW_CHECK_MSG(t.ok(), (t ? "" : t.error().describe()));
    if (!t) {
        return;
    }
    HW_CHECK_EQ((*t)->vocabSize(), 32000);
    HW_CHECK_EQ((*t)->bosId(), 1);
    HW_CHECK_EQ((*t)->eosId(), 2);
    const std::vector<VocabCase> cases = readGgmlSuite(suite);
    HW_CHECK_EQ(cases.size(), std::size_t{46});
    int passed = 0;
    for (const VocabCase& c : cases) {
        auto e = (*t)->encode(c.input, /*addSpecial=*/false);
        HW_CHECK_MSG(e.ok(), printable(c.input));
        if (!e) {
            continue;
        }
        const std::vector<int> ids = e->ids();
        HW_CHECK_MSG(ids == c.ids, printable(c.input) << ": got [" << joinIds(ids) << "], want ["
                                                      << joinIds(c.ids) << "]");
        std::string why;
        HW_CHECK_MSG(spansValid(c.input, *e, /*fullCover=*/true, why), printable(c.input)
                                                                           << ": " << why);
        passed += ids == c.ids ? 1 : 0;
        // With addSpecial, BOS (1) comes first, as Llama 2 does.
        auto withBos = (*t)->encode(c.input);
        HW_CHECK(withBos.ok() && !withBos->tokens.empty() && withBos->tokens[0].id == 1 &&
                 withBos->tokens[0].special && withBos->tokens.size() == ids.size() + 1);
    }
    std::printf("ggml-vocab llama-spm: %d of %zu cases exact\n", passed, cases.size());
}

// ------------------------------------------------------------------------------------------------
// stories260K: tokenizer.json (SentencePiece-style BPE with byte fallback) against its own
// tokenizer.model through libsentencepiece, and the reference prompt.

HW_TEST(stories260k_json_matches_sentencepiece) {
    const fs::path dir = test::sharedDir() / "models/stories260K";
    std::string missing;
    if (!haveShared({dir / "tokenizer.json", dir / "tokenizer.model"}, missing)) {
        HW_SKIP(missing);
    }
    auto j = loadTokenizerJson((dir / "tokenizer.json").string());
    auto m = loadSentencePieceModel((dir / "tokenizer.model").string());
    HW_CHECK_MSG(j.ok(), (j ? "" : j.error().describe()));
    HW_CHECK_MSG(m.ok(), (m ? "" : m.error().describe()));
    if (!j || !m) {
        return;
    }
    HW_CHECK_EQ((*j)->kind(), std::string("BPE (SentencePiece, byte fallback)"));
    HW_CHECK_EQ((*j)->vocabSize(), 512);
    HW_CHECK_EQ((*m)->vocabSize(), 512);
    for (int id = 0; id < 512; ++id) {
        HW_CHECK_MSG((*j)->tokenText(id) == (*m)->tokenText(id), "id " << id);
    }
    const std::vector<std::string> samples = sampleTexts(150, 20000);
    int same = 0;
    for (const std::string& s : samples) {
        auto a = (*j)->encode(s, false);
        auto b = (*m)->encode(s, false);
        HW_CHECK_MSG(a.ok() && b.ok(), printable(s));
        if (!a || !b) {
            continue;
        }
        HW_CHECK_MSG(a->ids() == b->ids(),
                     printable(s) << ": json vs model: " << difference(*a, b->ids(), s));
        std::string why;
        HW_CHECK_MSG(spansValid(s, *a, /*fullCover=*/false, why), printable(s) << ": " << why);
        HW_CHECK_MSG(spansValid(s, *b, /*fullCover=*/false, why), printable(s) << ": " << why);
        same += a->ids() == b->ids() ? 1 : 0;
    }
    std::printf("stories260K tokenizer.json vs tokenizer.model: %d of %zu samples identical\n",
                same, samples.size());
}

HW_TEST(stories260k_reference_prompt) {
    const fs::path dir = test::sharedDir() / "models/stories260K";
    std::string missing;
    if (!haveShared({dir / "tokenizer.json", dir / "reference/reference.json"}, missing)) {
        HW_SKIP(missing);
    }
    const auto reference = test::readPythonJson(dir / "reference/reference.json");
    HW_CHECK(reference.has_value());
    if (!reference) {
        return;
    }
    const std::string prompt = (*reference)["prompt"].get<std::string>();
    const std::vector<int> expected = (*reference)["input_ids"].get<std::vector<int>>();

    auto folder = loadTokenizer(dir.string());  // tokenizer.json + tokenizer_config.json
    HW_CHECK_MSG(folder.ok(), (folder ? "" : folder.error().describe()));
    if (!folder) {
        return;
    }
    HW_CHECK_EQ((*folder)->bosId(), 1);
    HW_CHECK_EQ((*folder)->eosId(), 2);
    auto e = (*folder)->encode(prompt);
    HW_CHECK(e.ok());
    if (e) {
        HW_CHECK_MSG(e->ids() == expected, "[" << joinIds(e->ids()) << "]");
        // BOS covers no text; "▁Once" is shown as " Once" and covers "Once".
        HW_CHECK(e->tokens.size() >= 2);
        if (e->tokens.size() >= 2) {
            HW_CHECK(e->tokens[0].special && e->tokens[0].text == "<s>" &&
                     e->tokens[0].begin == 0 && e->tokens[0].end == 0);
            HW_CHECK_EQ(e->tokens[1].text, std::string(" Once"));
            HW_CHECK_EQ(e->tokens[1].begin, std::size_t{0});
            HW_CHECK_EQ(e->tokens[1].end, std::size_t{4});
        }
        std::string why;
        HW_CHECK_MSG(spansValid(prompt, *e, true, why), why);
    }
    // The same through libsentencepiece (BOS by default).
    auto model = loadSentencePieceModel((dir / "tokenizer.model").string());
    HW_CHECK(model.ok());
    if (model) {
        auto m = (*model)->encode(prompt);
        HW_CHECK(m.ok() && m->ids() == expected);
    }
    // Options override the folder: no BOS, then BOS + EOS.
    auto noBos = loadTokenizer(dir.string(), TokenizerOptions{0, -1});
    HW_CHECK(noBos.ok());
    if (noBos) {
        auto n = (*noBos)->encode(prompt);
        HW_CHECK(n.ok() && n->ids() == std::vector<int>(expected.begin() + 1, expected.end()));
    }
    auto both = loadTokenizer(dir.string(), TokenizerOptions{1, 1});
    HW_CHECK(both.ok());
    if (both) {
        auto b = (*both)->encode(prompt);
        HW_CHECK(b.ok() && b->tokens.size() == expected.size() + 1 && b->ids().back() == 2 &&
                 b->tokens.back().special && b->tokens.back().begin == prompt.size());
    }
}

// ------------------------------------------------------------------------------------------------
// Round trips: byte-level display texts give back the (normalised) input.

HW_TEST(gpt2_and_pythia_round_trip) {
    const fs::path shared = test::sharedDir();
    const fs::path gpt2 = shared / "tokenizers/gpt2/gpt2_tokenizer.json";
    const fs::path pythia = shared / "tokenizers/gpt-neox/pythia_tokenizer.json";
    const fs::path neox = shared / "tokenizers/gpt-neox/20B_tokenizer.json";
    std::string missing;
    if (!haveShared({gpt2, pythia, neox}, missing)) {
        HW_SKIP(missing);
    }
    auto g = loadTokenizerJson(gpt2.string());
    auto p = loadTokenizerJson(pythia.string());
    auto x = loadTokenizerJson(neox.string());
    HW_CHECK(g.ok() && p.ok() && x.ok());
    if (!g || !p || !x) {
        return;
    }
    HW_CHECK_EQ((*p)->vocabSize(), 50278);  // ids 0-50253 BPE, 50254-50277 runs of spaces
    const std::vector<std::string> samples = sampleTexts(100, 50000);
    int roundTrips = 0;
    for (const std::string& s : samples) {
        auto a = (*g)->encode(s, false);
        auto b = (*p)->encode(s, false);
        auto c = (*x)->encode(s, false);
        HW_CHECK_MSG(a.ok() && b.ok() && c.ok(), printable(s));
        if (!a || !b || !c) {
            continue;
        }
        std::string why;
        HW_CHECK_MSG(concatTexts(*a) == s, "gpt-2 " << printable(s));
        HW_CHECK_MSG(spansValid(s, *a, true, why), "gpt-2 " << printable(s) << ": " << why);
        // Pythia normalises to NFC; every sample here is already NFC.
        HW_CHECK_MSG(concatTexts(*b) == s, "pythia " << printable(s));
        HW_CHECK_MSG(spansValid(s, *b, true, why), "pythia " << printable(s) << ": " << why);
        // The two GPT-NeoX files hold the same vocabulary and merges (merges as [a, b] pairs in
        // one, "a b" strings in the other): the ids must agree.
        HW_CHECK_MSG(b->ids() == c->ids(), printable(s));
        roundTrips += concatTexts(*a) == s && concatTexts(*b) == s ? 1 : 0;
    }
    std::printf("gpt-2 / pythia round trips: %d of %zu samples\n", roundTrips, samples.size());

    // Pythia's runs of spaces are added tokens, split out before the BPE.
    auto spaces = (*p)->encode("a    b", false);
    HW_CHECK(spaces.ok());
    if (spaces) {
        HW_CHECK_EQ(spaces->tokens.size(), std::size_t{3});
        if (spaces->tokens.size() == 3) {
            HW_CHECK_EQ(spaces->tokens[1].text, std::string("    "));
            HW_CHECK_EQ(spaces->tokens[1].begin, std::size_t{1});
            HW_CHECK_EQ(spaces->tokens[1].end, std::size_t{5});
            HW_CHECK(!spaces->tokens[1].special);
        }
    }
    // "<|endoftext|>" in the text is the special token, not its spelling.
    auto eot = (*g)->encode("a<|endoftext|>b", false);
    HW_CHECK(eot.ok() && eot->ids() == std::vector<int>({64, 50256, 65}) &&
             eot->tokens[1].special && eot->tokens[1].begin == 1 && eot->tokens[1].end == 14);
}

HW_TEST(long_word_is_fast) {
    const fs::path gpt2 = test::sharedDir() / "tokenizers/gpt2/gpt2_tokenizer.json";
    std::string missing;
    if (!haveShared({gpt2}, missing)) {
        HW_SKIP(missing);
    }
    auto g = loadTokenizerJson(gpt2.string());
    HW_CHECK(g.ok());
    if (!g) {
        return;
    }
    // One pre-token of 200 000 letters: a rescanning BPE would need ~10^10 steps.
    std::string word;
    for (int i = 0; i < 200000; ++i) {
        word += static_cast<char>('a' + (i * 7 + i / 13) % 26);
    }
    const auto start = std::chrono::steady_clock::now();
    auto e = (*g)->encode(word, false);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    HW_CHECK(e.ok());
    if (e) {
        HW_CHECK(concatTexts(*e) == word);
    }
    std::printf("200 000-letter word encoded in %.3f s\n", seconds);
    HW_CHECK_MSG(seconds < 10.0, seconds << " s");
}

// ------------------------------------------------------------------------------------------------
// 2. Display texts and spans on hand cases

HW_TEST(token_text_and_spans_by_hand) {
    const fs::path shared = test::sharedDir();
    const fs::path gpt2 = shared / "tokenizers/gpt2/gpt2_tokenizer.json";
    const fs::path llama = shared / "tokenizers/llama2/tokenizer.model";
    std::string missing;
    if (!haveShared({gpt2, llama}, missing)) {
        HW_SKIP(missing);
    }
    auto g = loadTokenizerJson(gpt2.string());
    HW_CHECK(g.ok());
    if (g) {
        // " this is 🦙.cpp": the llama emoji (bytes 9-12) is split over three byte-level tokens.
        const std::string text = " this is \xF0\x9F\xA6\x99.cpp";
        auto e = (*g)->encode(text, false);
        HW_CHECK(e.ok());
        if (e) {
            const std::vector<std::string> texts = {" this", " is", " \xF0\x9F", "\xA6",
                                                    "\x99",  ".",   "cpp"};
            const std::vector<std::pair<std::size_t, std::size_t>> spans = {
                {0, 5}, {5, 8}, {8, 11}, {11, 12}, {12, 13}, {13, 14}, {14, 17}};
            HW_CHECK_EQ(e->tokens.size(), texts.size());
            for (std::size_t i = 0; i < std::min(texts.size(), e->tokens.size()); ++i) {
                HW_CHECK_MSG(e->tokens[i].text == texts[i], "token " << i);
                HW_CHECK_MSG(
                    e->tokens[i].begin == spans[i].first && e->tokens[i].end == spans[i].second,
                    "token " << i << " [" << e->tokens[i].begin << ", " << e->tokens[i].end << ")");
            }
        }
        HW_CHECK_EQ((*g)->tokenText(18435), std::string(" Hello"));
        HW_CHECK_EQ((*g)->tokenText(198), std::string("\n"));
        HW_CHECK_EQ((*g)->tokenText(50256), std::string("<|endoftext|>"));
        HW_CHECK_EQ((*g)->tokenText(50257), std::string());
        HW_CHECK_EQ((*g)->tokenText(-1), std::string());
    }
    auto l = loadSentencePieceModel(llama.string());
    HW_CHECK(l.ok());
    if (l) {
        // " Hello\n": "▁" shown as " ", "▁Hello" as " Hello", "<0x0A>" as "\n".
        auto e = (*l)->encode(" Hello\n", false);
        HW_CHECK(e.ok());
        if (e) {
            HW_CHECK_EQ(joinIds(e->ids()), std::string("29871 15043 13"));
            if (e->tokens.size() == 3) {
                HW_CHECK_EQ(e->tokens[0].text, std::string(" "));
                HW_CHECK_EQ(e->tokens[1].text, std::string(" Hello"));
                HW_CHECK_EQ(e->tokens[2].text, std::string("\n"));
                HW_CHECK_EQ(e->tokens[2].begin, std::size_t{6});
                HW_CHECK_EQ(e->tokens[2].end, std::size_t{7});
            }
        }
        HW_CHECK_EQ((*l)->tokenText(1), std::string("<s>"));
        HW_CHECK_EQ((*l)->tokenText(13), std::string("\n"));
        HW_CHECK_EQ((*l)->kind(), std::string("SentencePiece model"));
    }
}

// ------------------------------------------------------------------------------------------------
// 3. Hand-built tokenizer.json files with hand-computed ids

HW_TEST(tiny_byte_level_bpe) {
    TempDir dir;
    HW_CHECK(dir.ok());
    for (const bool pairs : {false, true}) {
        const std::string path = dir.file(pairs ? "pairs.json" : "strings.json");
        writeFile(path, tinyByteLevelBpe(pairs).dump());
        auto t = loadTokenizerJson(path);
        HW_CHECK_MSG(t.ok(), (t ? "" : t.error().describe()));
        if (!t) {
            continue;
        }
        HW_CHECK_EQ((*t)->vocabSize(), 19);
        auto e = (*t)->encode("hello world", false);
        HW_CHECK(e.ok());
        if (e) {
            // hello: h e l l o -> he l l o -> he ll o -> he llo -> hello (ranks 0-3);
            // Ġworld: Ġw o r l d -> Ġw or l d -> Ġwor l d -> Ġworl d -> Ġworld (ranks 4-8).
            HW_CHECK_EQ(joinIds(e->ids()), std::string("11 16"));
            if (e->tokens.size() == 2) {
                HW_CHECK_EQ(e->tokens[1].text, std::string(" world"));
                HW_CHECK_EQ(e->tokens[1].begin, std::size_t{5});
                HW_CHECK_EQ(e->tokens[1].end, std::size_t{11});
            }
        }
        // Rank order, not position: "hell" -> he l l -> he ll (no "he ll" merge).
        auto hell = (*t)->encode("hell", false);
        HW_CHECK(hell.ok() && joinIds(hell->ids()) == "8 9");
        // The special added token is cut out before the model.
        auto special = (*t)->encode("hello<|end|>hello", false);
        HW_CHECK(special.ok() && joinIds(special->ids()) == "11 17 11" &&
                 special->tokens[1].special);
        // No <unk>, no byte fallback: a character outside the vocabulary is an error naming it.
        auto bad = (*t)->encode("hello!", false);
        HW_CHECK(!bad.ok());
        if (!bad) {
            HW_CHECK_MSG(bad.error().message.find("U+0021") != std::string::npos,
                         bad.error().message);
        }
    }
    // ignore_merges (Llama 3): a piece that is a whole vocabulary entry is taken as it is, even
    // where the merges would not build it ("hel": he + l without the flag).
    for (const bool ignore : {false, true}) {
        json j = tinyByteLevelBpe(false);
        j["model"]["ignore_merges"] = ignore;
        const std::string path = dir.file("ignore.json");
        writeFile(path, j.dump());
        auto t = loadTokenizerJson(path);
        HW_CHECK(t.ok());
        if (t) {
            auto e = (*t)->encode("hel", false);
            HW_CHECK(e.ok() && joinIds(e->ids()) == (ignore ? "18" : "8 2"));
        }
    }
    // add_prefix_space: "hello" becomes "Ġhello", which this vocabulary lacks as a whole.
    json j = tinyByteLevelBpe(false);
    j["pre_tokenizer"]["add_prefix_space"] = true;
    const std::string path = dir.file("prefix.json");
    writeFile(path, j.dump());
    auto t = loadTokenizerJson(path);
    HW_CHECK(t.ok());
    if (t) {
        auto e = (*t)->encode("world", false);
        HW_CHECK(e.ok() && joinIds(e->ids()) == "16");
        if (e && e->tokens.size() == 1) {
            HW_CHECK(e->tokens[0].begin == 0 && e->tokens[0].end == 5);  // the added space: none
        }
    }
}

HW_TEST(tiny_wordpiece_bert) {
    TempDir dir;
    HW_CHECK(dir.ok());
    const std::string path = dir.file("tokenizer.json");
    writeFile(path, tinyWordPiece().dump());
    auto t = loadTokenizerJson(path);
    HW_CHECK_MSG(t.ok(), (t ? "" : t.error().describe()));
    if (!t) {
        return;
    }
    HW_CHECK_EQ((*t)->kind(), std::string("WordPiece"));
    HW_CHECK_EQ((*t)->bosId(), 2);
    HW_CHECK_EQ((*t)->eosId(), 3);
    // "HÉLLO" -> "hello" (lowercase + accents stripped), "Worlds" -> world ##s,
    // "unaffable" -> un ##aff ##able, "xyz" -> [UNK], 你 (padded as a CJK character) -> 你,
    // 好 -> [UNK].
    const std::string text = "H\xC3\x89LLO, Worlds! unaffable xyz\xE4\xBD\xA0\xE5\xA5\xBD";
    auto e = (*t)->encode(text);
    HW_CHECK(e.ok());
    if (!e) {
        return;
    }
    HW_CHECK_EQ(joinIds(e->ids()), std::string("2 4 10 5 6 11 7 8 9 1 12 1 3"));
    const std::vector<std::pair<std::size_t, std::size_t>> spans = {
        {0, 0},   {0, 6},   {6, 7},   {8, 13},  {13, 14}, {14, 15}, {16, 18},
        {18, 21}, {21, 25}, {26, 29}, {29, 32}, {32, 35}, {35, 35}};
    HW_CHECK_EQ(e->tokens.size(), spans.size());
    for (std::size_t i = 0; i < std::min(spans.size(), e->tokens.size()); ++i) {
        HW_CHECK_MSG(
            e->tokens[i].begin == spans[i].first && e->tokens[i].end == spans[i].second,
            "token " << i << " [" << e->tokens[i].begin << ", " << e->tokens[i].end << ")");
    }
    HW_CHECK_EQ(e->tokens[7].text, std::string("##aff"));  // WordPiece pieces as spelled
    HW_CHECK(e->tokens[0].special && e->tokens.back().special && !e->tokens[1].special);
    // "[CLS]" typed in the text is the special token (added tokens are matched on the raw text).
    auto cls = (*t)->encode("[CLS] hello", false);
    HW_CHECK(cls.ok() && joinIds(cls->ids()) == "2 4");
}

// A WordPiece tokenizer whose vocabulary holds every expected piece, to observe what a
// pre-tokenizer (and added tokens) cut: each piece comes back as one token, spelled as cut.
json piecesTokenizer(const std::vector<std::string>& pieces, const json& preTokenizer,
                     const json& added = json::array()) {
    json vocab = json::object();
    vocab["[UNK]"] = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        vocab[pieces[i]] = i + 1;
    }
    return json{{"added_tokens", added},
                {"normalizer", nullptr},
                {"pre_tokenizer", preTokenizer},
                {"post_processor", nullptr},
                {"model",
                 {{"type", "WordPiece"},
                  {"unk_token", "[UNK]"},
                  {"continuing_subword_prefix", "##"},
                  {"vocab", vocab}}}};
}

// The token texts of text, joined by '|' ("error" when loading or encoding fails).
std::string cuts(const TempDir& dir, const json& tokenizer, const std::string& text) {
    const std::string path = dir.file("cuts.json");
    writeFile(path, tokenizer.dump());
    auto t = loadTokenizerJson(path);
    if (!t) {
        return "error: " + t.error().describe();
    }
    auto e = (*t)->encode(text, false);
    if (!e) {
        return "error: " + e.error().describe();
    }
    std::string out;
    for (const Token& tok : e->tokens) {
        out += (out.empty() ? "" : "|") + tok.text;
    }
    return out;
}

HW_TEST(pre_tokenizer_behaviors) {
    TempDir dir;
    HW_CHECK(dir.ok());
    const std::vector<std::string> pieces = {"a",  "b",  "c",  "-",  "--",   "a-", "b-",
                                             "-b", "-c", "ab", "1",  "2",    "3",  "123",
                                             "hi", "!",  "?",  "!?", "there"};
    const auto split = [&](const std::string& behavior, bool invert) {
        return piecesTokenizer(pieces, {{"type", "Split"},
                                        {"pattern", {{"String", "-"}}},
                                        {"behavior", behavior},
                                        {"invert", invert}});
    };
    // "a-b--c": the matches are bytes 1, 3 and 4 (Hugging Face's SplitDelimiterBehavior).
    HW_CHECK_EQ(cuts(dir, split("Removed", false), "a-b--c"), std::string("a|b|c"));
    HW_CHECK_EQ(cuts(dir, split("Isolated", false), "a-b--c"), std::string("a|-|b|-|-|c"));
    HW_CHECK_EQ(cuts(dir, split("MergedWithPrevious", false), "a-b--c"), std::string("a-|b-|-|c"));
    HW_CHECK_EQ(cuts(dir, split("MergedWithNext", false), "a-b--c"), std::string("a|-b|-|-c"));
    HW_CHECK_EQ(cuts(dir, split("Contiguous", false), "a-b--c"), std::string("a|-|b|--|c"));
    HW_CHECK_EQ(cuts(dir, split("Removed", true), "a-b--c"), std::string("-|-|-"));

    const json digits = {
        {"type", "Sequence"},
        {"pretokenizers", json::array({{{"type", "WhitespaceSplit"}},
                                       {{"type", "Digits"}, {"individual_digits", true}}})}};
    HW_CHECK_EQ(cuts(dir, piecesTokenizer(pieces, digits), " ab123 "), std::string("ab|1|2|3"));
    json contiguous = digits;
    contiguous["pretokenizers"][1]["individual_digits"] = false;
    HW_CHECK_EQ(cuts(dir, piecesTokenizer(pieces, contiguous), "ab123"), std::string("ab|123"));
    HW_CHECK_EQ(cuts(dir, piecesTokenizer(pieces, {{"type", "Punctuation"}}), "hi!?"),
                std::string("hi|!|?"));
    HW_CHECK_EQ(cuts(dir, piecesTokenizer(pieces, {{"type", "Whitespace"}}), "hi  there!?"),
                std::string("hi|there|!?"));
    HW_CHECK_EQ(cuts(dir, piecesTokenizer(pieces, {{"type", "BertPreTokenizer"}}), "hi there!?"),
                std::string("hi|there|!|?"));
    // A regex with a Unicode class and a lookahead, as Llama 3 and Qwen write them.
    const json regex = {{"type", "Split"},
                        {"pattern", {{"Regex", R"(\p{N}{1,3}|\s+(?!\S)|\s+)"}}},
                        {"behavior", "Removed"},
                        {"invert", true}};
    HW_CHECK_EQ(cuts(dir, piecesTokenizer({"123", "1", " ", "  "}, regex), "1231  "),
                std::string("123|1|  "));

    // Metaspace: "always" prepends "▁" to every piece, "first" only where the input starts
    // (not after an added token), "never" nowhere.
    const std::string u = "\xE2\x96\x81";
    const json added = json::array({{{"id", 100},
                                     {"content", "<x>"},
                                     {"single_word", false},
                                     {"lstrip", false},
                                     {"rstrip", false},
                                     {"normalized", false},
                                     {"special", true}}});
    const std::vector<std::string> metaPieces = {"ab", u + "ab", "cd", u + "cd"};
    const auto meta = [&](const std::string& scheme) {
        return piecesTokenizer(metaPieces,
                               {{"type", "Metaspace"},
                                {"replacement", u},
                                {"prepend_scheme", scheme},
                                {"split", true}},
                               added);
    };
    // (WordPiece shows its pieces as spelled, so "▁" stays visible.)
    HW_CHECK_EQ(cuts(dir, meta("always"), "<x>ab cd"), "<x>|" + u + "ab|" + u + "cd");
    HW_CHECK_EQ(cuts(dir, meta("first"), "<x>ab cd"), "<x>|ab|" + u + "cd");
    HW_CHECK_EQ(cuts(dir, meta("first"), "ab cd"), u + "ab|" + u + "cd");
    HW_CHECK_EQ(cuts(dir, meta("never"), "ab cd"), "ab|" + u + "cd");

    // Added tokens: lstrip/rstrip take the surrounding whitespace, single_word needs word
    // boundaries.
    json mask = json::array({{{"id", 100},
                              {"content", "<mask>"},
                              {"single_word", true},
                              {"lstrip", true},
                              {"rstrip", false},
                              {"normalized", false},
                              {"special", true}}});
    const std::string path = dir.file("mask.json");
    writeFile(path, piecesTokenizer({"a", "b", "x"}, {{"type", "WhitespaceSplit"}}, mask).dump());
    auto t = loadTokenizerJson(path);
    HW_CHECK(t.ok());
    if (t) {
        auto e = (*t)->encode("a  <mask> b x<mask>", false);
        HW_CHECK(e.ok());
        if (e) {
            // The second <mask> is glued to "x", so not a single word: WordPiece sees "x<mask>".
            HW_CHECK_EQ(joinIds(e->ids()), std::string("1 100 2 0"));
            if (e->tokens.size() == 4) {
                HW_CHECK_EQ(e->tokens[1].begin, std::size_t{1});  // lstrip took both spaces
                HW_CHECK_EQ(e->tokens[1].end, std::size_t{9});
            }
        }
    }
}

HW_TEST(llama3_style_split_over_gpt2_vocabulary) {
    const fs::path gpt2 = test::sharedDir() / "tokenizers/gpt2/gpt2_tokenizer.json";
    std::string missing;
    if (!haveShared({gpt2}, missing)) {
        HW_SKIP(missing);
    }
    // GPT-2's vocabulary behind Llama 3's pre-tokenizer: a Split with Llama 3's pattern, then
    // ByteLevel without its own regex. The oracle is GPT-2 itself run on each piece the Llama 3
    // pattern cuts, worked out by hand below.
    json j = json::parse(readFile(gpt2));
    j["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         json::array(
             {{{"type", "Split"},
               {"pattern",
                {{"Regex",
                  R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"}}},
               {"behavior", "Isolated"},
               {"invert", false}},
              {{"type", "ByteLevel"},
               {"add_prefix_space", false},
               {"trim_offsets", true},
               {"use_regex", false}}})}};
    TempDir dir;
    HW_CHECK(dir.ok());
    writeFile(dir.file("llama3ish.json"), j.dump());
    auto split = loadTokenizerJson(dir.file("llama3ish.json"));
    auto plain = loadTokenizerJson(gpt2.string());
    HW_CHECK(split.ok() && plain.ok());
    if (!split || !plain) {
        return;
    }
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"3333333", {"333", "333", "3"}},
        {"Hello, y'all! I'M 42", {"Hello", ",", " y", "'all", "!", " I", "'M", " ", "42"}},
        {"a\n\n  b", {"a", "\n\n", " ", " b"}},
        {"x...\n\ny", {"x", "...\n\n", "y"}},
    };
    for (const auto& [text, pieces] : cases) {
        std::vector<int> expected;
        for (const std::string& piece : pieces) {
            auto e = (*plain)->encode(piece, false);
            HW_CHECK(e.ok());
            if (e) {
                const std::vector<int> ids = e->ids();
                expected.insert(expected.end(), ids.begin(), ids.end());
            }
        }
        auto e = (*split)->encode(text, false);
        HW_CHECK(e.ok());
        if (e) {
            HW_CHECK_MSG(e->ids() == expected, printable(text) << ": " << joinIds(e->ids())
                                                               << " vs " << joinIds(expected));
            std::string why;
            HW_CHECK_MSG(spansValid(text, *e, true, why), why);
        }
    }
}

HW_TEST(tiny_unigram) {
    TempDir dir;
    HW_CHECK(dir.ok());
    const std::string path = dir.file("tokenizer.json");
    writeFile(path, tinyUnigram("").dump());
    auto t = loadTokenizerJson(path);
    HW_CHECK_MSG(t.ok(), (t ? "" : t.error().describe()));
    if (!t) {
        return;
    }
    HW_CHECK_EQ((*t)->kind(), std::string("Unigram"));
    const auto ids = [&](const std::string& s) {
        auto e = (*t)->encode(s, false);
        return e ? joinIds(e->ids()) : std::string("error");
    };
    // "ab" -> "▁ab": ▁ab (-3.5) beats ▁a + b (-4.0), ▁ + ab (-4.5), ▁ + a + b (-8).
    HW_CHECK_EQ(ids("ab"), std::string("5"));
    // "abc": ▁ab + c (-7.5) beats ▁a + b + c (-8).
    HW_CHECK_EQ(ids("abc"), std::string("5 8"));
    // "zz": ▁ then the two unknown characters fused into one <unk> (min score -4 - 10 each).
    HW_CHECK_EQ(ids("zz"), std::string("1 0"));
    // "ab ab": two words, each ▁ab.
    HW_CHECK_EQ(ids("ab ab"), std::string("5 5"));
    auto e = (*t)->encode("zz", false);
    if (e && e->tokens.size() == 2) {
        HW_CHECK_EQ(e->tokens[1].begin, std::size_t{0});
        HW_CHECK_EQ(e->tokens[1].end, std::size_t{2});
        HW_CHECK_EQ(e->tokens[0].text, std::string(" "));  // "▁" displayed as a space
    }
}

// ------------------------------------------------------------------------------------------------
// Unigram + precompiled charsmap against libsentencepiece on a model trained here.

HW_TEST(unigram_precompiled_matches_sentencepiece) {
    const fs::path corpus = test::sharedDir() / "text/tinyshakespeare.txt";
    std::string missing;
    if (!haveShared({corpus}, missing)) {
        HW_SKIP(missing);
    }
    const std::string proto = trainUnigram(readFile(corpus));
    HW_CHECK_MSG(!proto.empty(), "SentencePiece training failed");
    if (proto.empty()) {
        return;
    }
    sentencepiece::SentencePieceProcessor sp;
    HW_CHECK(sp.LoadFromSerializedProto(proto).ok());
    // ModelProto.normalizer_spec (3) . precompiled_charsmap (2)
    const std::string charsMap = protoBytesField(protoBytesField(proto, 3), 2);
    HW_CHECK_MSG(charsMap.size() > 1000, "charsmap of " << charsMap.size() << " bytes");

    TempDir dir;
    HW_CHECK(dir.ok());
    writeFile(dir.file("trained.model"), proto);
    writeFile(dir.file("tokenizer.json"), unigramJsonFromModel(sp, charsMap).dump());
    auto j = loadTokenizerJson(dir.file("tokenizer.json"));
    auto m = loadSentencePieceModel(dir.file("trained.model"));
    HW_CHECK_MSG(j.ok(), (j ? "" : j.error().describe()));
    HW_CHECK(m.ok());
    if (!j || !m) {
        return;
    }
    // Compared line by line: libsentencepiece sums path scores in float32, so over a long text
    // its running total (thousands of nats) cannot tell apart segmentations whose scores differ
    // by less than float32's spacing there (1e-3), while tokenizer.json pipelines (Hugging Face,
    // and this one) sum in float64. On a line the totals stay small and both are exact.
    std::vector<std::string> samples;
    for (const std::string& text : sampleTexts(60, 20000)) {
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty()) {
                samples.push_back(line);
            }
        }
    }
    // NFKC at work: full-width letters, ligatures, compatibility digits, a no-break space.
    samples.push_back(
        "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F \xEF\xAC\x81"
        "ne \xE2\x91\xA0\xE2\x91\xA1 caf\xC3\xA9 cafe\xCC\x81 a\xC2\xA0"
        "b \xE2\x84\xA2");
    int same = 0;
    int ties = 0;
    for (const std::string& s : samples) {
        auto a = (*j)->encode(s, false);
        auto b = (*m)->encode(s, false);
        HW_CHECK_MSG(a.ok() && b.ok(), printable(s));
        if (!a || !b) {
            continue;
        }
        if (a->ids() != b->ids()) {
            // Only an exact tie may differ: float32 (libsentencepiece) and float64 sums round
            // the two equal totals differently. Ours must be at least as good in float64, and
            // libsentencepiece's within float32 noise of it (1e-3 nats on a line's total).
            const auto total = [&](const std::vector<int>& ids) {
                double sum = 0.0;
                for (int id : ids) {
                    sum += id == sp.unk_id() ? -1e9 : static_cast<double>(sp.GetScore(id));
                }
                return sum;
            };
            const double ours = total(a->ids());
            const double theirs = total(b->ids());
            HW_CHECK_MSG(ours >= theirs - 1e-9 && ours - theirs <= 1e-3,
                         printable(s) << ": json vs model: " << difference(*a, b->ids(), s)
                                      << "; path scores " << ours << " vs " << theirs);
            ++ties;
        }
        std::string why;
        HW_CHECK_MSG(spansValid(s, *a, false, why), printable(s) << ": " << why);
        same += a->ids() == b->ids() ? 1 : 0;
    }
    std::printf(
        "trained Unigram, tokenizer.json vs libsentencepiece: %d of %zu identical, %d exact ties\n",
        same, samples.size(), ties);

    // The tiny Unigram with the real NFKC charsmap: full-width "ＡＢ" normalises to "AB".
    writeFile(dir.file("tiny.json"), tinyUnigram(base64(charsMap)).dump());
    auto tiny = loadTokenizerJson(dir.file("tiny.json"));
    HW_CHECK(tiny.ok());
    if (tiny) {
        auto e = (*tiny)->encode("\xEF\xBC\xA1\xEF\xBC\xA2", false);
        HW_CHECK(e.ok() && joinIds(e->ids()) == "7");
        if (e && e->tokens.size() == 1) {
            HW_CHECK(e->tokens[0].begin == 0 && e->tokens[0].end == 6);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// 4. Bad input

HW_TEST(missing_and_unsupported_files) {
    TempDir dir;
    HW_CHECK(dir.ok());
    auto missing = loadTokenizerJson(dir.file("nope.json"));
    HW_CHECK(!missing.ok() && missing.error().code == ErrorCode::FileNotFound &&
             missing.error().describe().find("nope.json") != std::string::npos);
    auto missingModel = loadSentencePieceModel(dir.file("nope.model"));
    HW_CHECK(!missingModel.ok() && missingModel.error().code == ErrorCode::FileNotFound);
    auto emptyFolder = loadTokenizer(dir.path());
    HW_CHECK(!emptyFolder.ok() && emptyFolder.error().code == ErrorCode::FileNotFound &&
             emptyFolder.error().message.find(dir.path()) != std::string::npos);
    auto noFolder = loadTokenizer(dir.file("absent"));
    HW_CHECK(!noFolder.ok() && noFolder.error().code == ErrorCode::FileNotFound);

    const auto expectError = [&](const json& j, ErrorCode code, const std::string& needle) {
        const std::string path = dir.file("case.json");
        writeFile(path, j.dump());
        auto t = loadTokenizerJson(path);
        HW_CHECK_MSG(!t.ok(), "accepted: " << j.dump().substr(0, 200));
        if (!t) {
            HW_CHECK_MSG(t.error().code == code, t.error().describe());
            HW_CHECK_MSG(t.error().message.find(path) != std::string::npos, t.error().describe());
            HW_CHECK_MSG(t.error().describe().find(needle) != std::string::npos,
                         t.error().describe());
        }
    };
    json unknownModel = tinyByteLevelBpe(false);
    unknownModel["model"]["type"] = "WordLevelPlus";
    expectError(unknownModel, ErrorCode::Unsupported, "WordLevelPlus");
    json badMerge = tinyByteLevelBpe(false);
    badMerge["model"]["merges"].push_back("q z");
    expectError(badMerge, ErrorCode::FileFormat, "\"q\"");
    json badMerged = tinyByteLevelBpe(false);
    badMerged["model"]["merges"].push_back("h l");
    expectError(badMerged, ErrorCode::FileFormat, "\"hl\"");
    json absurdId = tinyByteLevelBpe(false);
    absurdId["model"]["vocab"]["huge"] = 4000000000LL;
    expectError(absurdId, ErrorCode::FileFormat, "4000000000");
    json sparse = tinyByteLevelBpe(false);
    sparse["model"]["vocab"]["far"] = 10000000;
    expectError(sparse, ErrorCode::FileFormat, "sparse");
    json negative = tinyByteLevelBpe(false);
    negative["model"]["vocab"]["neg"] = -5;
    expectError(negative, ErrorCode::FileFormat, "neg");
    json badRegex = tinyByteLevelBpe(false);
    badRegex["pre_tokenizer"] = {
        {"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}};
    expectError(badRegex, ErrorCode::InvalidArgument, "(unclosed");
    json unknownNormalizer = tinyByteLevelBpe(false);
    unknownNormalizer["normalizer"] = {{"type", "Transliterate"}};
    expectError(unknownNormalizer, ErrorCode::Unsupported, "Transliterate");
    json badAdded = tinyByteLevelBpe(false);
    badAdded["added_tokens"][0]["id"] = -3;
    expectError(badAdded, ErrorCode::FileFormat, "added_tokens");
    json unigramUnk = tinyUnigram("");
    unigramUnk["model"]["unk_id"] = 99;
    expectError(unigramUnk, ErrorCode::FileFormat, "unk_id");
    json badCharsMap = tinyUnigram("");
    badCharsMap["normalizer"] = {{"type", "Precompiled"}, {"precompiled_charsmap", "AAAA/w=="}};
    expectError(badCharsMap, ErrorCode::FileFormat, "normalisation");
    expectError(json::array({1, 2, 3}), ErrorCode::FileFormat, "not an object");
    expectError(json{{"model", {{"type", "BPE"}}}}, ErrorCode::FileFormat, "vocab");
    // Deep nesting is refused before parsing.
    writeFile(dir.file("deep.json"), std::string(100000, '[') + std::string(100000, ']'));
    auto deep = loadTokenizerJson(dir.file("deep.json"));
    HW_CHECK(!deep.ok() && deep.error().code == ErrorCode::FileFormat);

    // A folder whose tokenizer_config.json is broken: an error naming that file.
    TempDir folder;
    writeFile(folder.file("tokenizer.json"), tinyByteLevelBpe(false).dump());
    writeFile(folder.file("tokenizer_config.json"), "{\"add_bos_token\": tru");
    auto broken = loadTokenizer(folder.path());
    HW_CHECK(!broken.ok() &&
             broken.error().message.find("tokenizer_config.json") != std::string::npos);
    // BOS asked for where none is defined.
    writeFile(folder.file("tokenizer_config.json"), "{\"add_bos_token\": true}");
    auto noBos = loadTokenizer(folder.path());
    HW_CHECK(!noBos.ok() && noBos.error().code == ErrorCode::InvalidArgument);
    // ... and defined by the folder as a token string.
    writeFile(folder.file("tokenizer_config.json"),
              "{\"add_bos_token\": true, \"bos_token\": {\"content\": \"<|end|>\"}}");
    auto withBos = loadTokenizer(folder.path());
    HW_CHECK(withBos.ok());
    if (withBos) {
        auto e = (*withBos)->encode("hello");
        HW_CHECK(e.ok() && joinIds(e->ids()) == "17 11" && (*withBos)->bosId() == 17);
    }
}

HW_TEST(every_truncation_of_a_tokenizer_json) {
    TempDir dir;
    HW_CHECK(dir.ok());
    std::vector<std::string> files = {tinyByteLevelBpe(false).dump(2), tinyWordPiece().dump(),
                                      tinyUnigram("").dump()};
    const fs::path stories = test::sharedDir() / "models/stories260K/tokenizer.json";
    if (fs::exists(stories)) {
        files.push_back(readFile(stories));
    }
    const std::string path = dir.file("tokenizer.json");
    int errors = 0;
    int working = 0;
    for (const std::string& full : files) {
        for (std::size_t n = 0; n < full.size(); ++n) {
            writeFile(path, std::string_view(full).substr(0, n));
            auto t = loadTokenizerJson(path);
            if (t) {
                exercise(**t);
                ++working;
            } else {
                ++errors;
                HW_CHECK_MSG(t.error().message.find(path) != std::string::npos,
                             t.error().describe());
            }
        }
    }
    std::printf("tokenizer.json truncations: %d errors, %d loaded (never a crash)\n", errors,
                working);
    HW_CHECK(errors > 0);
}

HW_TEST(every_truncation_of_a_tokenizer_model) {
    const fs::path model = test::sharedDir() / "models/stories260K/tokenizer.model";
    std::string missing;
    if (!haveShared({model}, missing)) {
        HW_SKIP(missing);
    }
    TempDir dir;
    HW_CHECK(dir.ok());
    const std::string full = readFile(model);
    const std::string path = dir.file("tokenizer.model");
    int errors = 0;
    int working = 0;
    std::string unnamed;  // the first error that does not name the file (reported after)
    {
        QuietStderr quiet;
        for (std::size_t n = 0; n < full.size(); ++n) {
            writeFile(path, std::string_view(full).substr(0, n));
            auto t = loadSentencePieceModel(path, TokenizerOptions{0, 0});
            if (t) {
                exercise(**t);
                ++working;
            } else {
                ++errors;
                if (unnamed.empty() && t.error().message.find(path) == std::string::npos) {
                    unnamed = t.error().describe();
                }
            }
        }
    }
    HW_CHECK_MSG(unnamed.empty(), unnamed);
    std::printf("tokenizer.model truncations: %d errors, %d loaded (never a crash)\n", errors,
                working);
    HW_CHECK(errors > 0);
}

HW_TEST(corrupted_tokenizer_files) {
    const fs::path dirModel = test::sharedDir() / "models/stories260K";
    std::string missing;
    if (!haveShared({dirModel / "tokenizer.model", dirModel / "tokenizer.json"}, missing)) {
        HW_SKIP(missing);
    }
    TempDir dir;
    HW_CHECK(dir.ok());
    Lcg rng(20240601);
    int errors = 0;
    int working = 0;
    std::string unnamed;  // the first error that does not name the file (reported after)
    {
        // Byte flips in the SentencePiece model: libsentencepiece never sees a broken wire
        // format or a trie that points outside itself.
        const std::string full = readFile(dirModel / "tokenizer.model");
        const std::string path = dir.file("tokenizer.model");
        QuietStderr quiet;
        for (int i = 0; i < 3000; ++i) {
            std::string bytes = full;
            const int flips = 1 + static_cast<int>(rng.next() % 4);
            for (int f = 0; f < flips; ++f) {
                bytes[static_cast<std::size_t>(rng.next() % bytes.size())] =
                    static_cast<char>(rng.next() & 0xFF);
            }
            writeFile(path, bytes);
            auto t = loadSentencePieceModel(path);
            if (t) {
                exercise(**t);
                ++working;
            } else {
                ++errors;
                if (unnamed.empty() && t.error().message.find(path) == std::string::npos) {
                    unnamed = t.error().describe();
                }
            }
        }
    }
    HW_CHECK_MSG(unnamed.empty(), unnamed);
    {
        // Byte flips in tokenizer.json (mostly JSON syntax errors, some valid-but-wrong files).
        const std::string full = readFile(dirModel / "tokenizer.json");
        const std::string path = dir.file("tokenizer.json");
        for (int i = 0; i < 2000; ++i) {
            std::string bytes = full;
            const std::size_t at = static_cast<std::size_t>(rng.next() % bytes.size());
            // Half the time a printable character, which keeps more files parseable.
            bytes[at] = (i % 2 == 0) ? static_cast<char>(rng.next() & 0xFF)
                                     : static_cast<char>(' ' + rng.next() % 95);
            writeFile(path, bytes);
            auto t = loadTokenizerJson(path);
            if (t) {
                exercise(**t);
                ++working;
            } else {
                ++errors;
                HW_CHECK_MSG(t.error().message.find(path) != std::string::npos,
                             t.error().describe());
            }
        }
    }
    std::printf("corruptions: %d errors, %d loaded and encoded (never a crash)\n", errors, working);
    HW_CHECK(errors > 0 && working > 0);
}

HW_TEST(corrupted_normalisation_tries) {
    // A model trained here (no ../shared needed) carries SentencePiece's NFKC trie.
    const std::string proto = trainUnigram(std::string(2000, 'a') + "\nabc abd\nbcd\n");
    HW_CHECK_MSG(!proto.empty(), "SentencePiece training failed");
    const std::string charsMap = protoBytesField(protoBytesField(proto, 3), 2);
    HW_CHECK(charsMap.size() > 1000);
    if (proto.empty() || charsMap.size() <= 1000) {
        return;
    }
    TempDir dir;
    HW_CHECK(dir.ok());
    // libsentencepiece does not bounds-check the trie, so a model whose root points outside the
    // array is refused before the library sees it.
    std::string bad = proto;
    const std::size_t at = bad.find(charsMap);
    HW_CHECK(at != std::string::npos);
    if (at != std::string::npos) {
        const char root[4] = {'\xFF', '\xFF', '\xFF', '\x7F'};  // unit 0: offset far outside
        bad.replace(at + 4, 4, root, 4);
        writeFile(dir.file("bad_trie.model"), bad);
        auto t = loadSentencePieceModel(dir.file("bad_trie.model"));
        HW_CHECK(!t.ok() && t.error().message.find("bad_trie.model") != std::string::npos);
    }
    // The Precompiled normalizer of tokenizer.json reads the same blob with every access
    // checked: corrupted blobs load or fail, and encoding never reads outside them.
    Lcg rng(7);
    int loaded = 0;
    for (int i = 0; i < 500; ++i) {
        std::string blob = charsMap;
        const int flips = 1 + static_cast<int>(rng.next() % 8);
        for (int f = 0; f < flips; ++f) {
            blob[static_cast<std::size_t>(rng.next() % blob.size())] =
                static_cast<char>(rng.next() & 0xFF);
        }
        writeFile(dir.file("tokenizer.json"), tinyUnigram(base64(blob)).dump());
        auto t = loadTokenizerJson(dir.file("tokenizer.json"));
        if (t) {
            ++loaded;
            exercise(**t);
            auto e = (*t)->encode("\xEF\xBC\xA1\xEF\xBC\xA2 \xEF\xAC\x81 abc \xE2\x91\xA0", false);
            HW_CHECK(e.ok());
        }
    }
    std::printf("corrupted charsmaps: %d of 500 loaded and encoded\n", loaded);
    HW_CHECK(loaded > 0);
}

}  // namespace

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
