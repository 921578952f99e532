// SPDX-License-Identifier: GPL-3.0-or-later
// Fault injection without libtorch (docs/robustness.md), so it runs under every sanitizer: an
// unwritable output folder, a full disk (a small tmpfs mounted by the test when it may), files
// truncated or deleted while they are read (the SIGBUS guard of MappedFile), a corpus far larger
// than what is held in memory, and whole analysis runs (on a model of uniform causal attention)
// cancelled at hundreds of random points or given absurd settings.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "headwave/core/mapped_file.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/corpus.h"
#include "random_cancellation.h"

namespace fs = std::filesystem;
using namespace headwave;

namespace {

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-faults-test-XXXXXX").string();
        char* made = mkdtemp(tmpl.data());
        return fs::path(made != nullptr ? made : "/tmp");
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Files in a folder whose name starts with '.' (AtomicFile's temporary files).
int hiddenFiles(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        n += e.path().filename().string().front() == '.' ? 1 : 0;
    }
    return n;
}

// Uniform attention [layers, heads, T, T], float32, as an .npy file.
std::vector<float> uniformAttention(int layers, int heads, int t) {
    return std::vector<float>(static_cast<std::size_t>(layers * heads * t * t), 1.0F / float(t));
}

// A tmpfs of `bytes` mounted at dir; unmounted (lazily) by the destructor. ok() is false where
// the test may not mount (not root, or a container without CAP_SYS_ADMIN).
class SmallDisk {
public:
    SmallDisk(const fs::path& dir, std::size_t bytes) : m_dir(dir) {
        fs::create_directories(dir);
        const std::string options = "size=" + std::to_string(bytes) + ",mode=0777";
        m_ok = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk() {
        if (m_ok) {
            (void)::umount2(m_dir.c_str(), MNT_DETACH);
        }
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool ok() const { return m_ok; }
    bool remountReadOnly() {
        return ::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    fs::path m_dir;
    bool m_ok = false;
};

// A model whose every head attends uniformly to the keys up to the query (causal), for runs
// without libtorch: what runAnalysis does around the model (corpus, workers, metrics, stop
// requests) is what is tested.
class UniformPass : public ForwardPass {
public:
    UniformPass(int layers, int heads, int tokens)
        : m_layers(layers), m_heads(heads), m_tokens(tokens) {
        const auto t = static_cast<std::size_t>(tokens);
        m_probs.assign(static_cast<std::size_t>(heads) * t * t, 0.0F);  // [heads, T, T]
        for (std::size_t h = 0; h < static_cast<std::size_t>(heads); ++h) {
            for (std::size_t i = 0; i < t; ++i) {
                for (std::size_t j = 0; j <= i; ++j) {
                    m_probs[(h * t + i) * t + j] = 1.0F / static_cast<float>(i + 1);
                }
            }
        }
    }
    int layersDone() const override { return m_done; }
    Result<LayerAttention> nextLayer() override {
        if (m_done >= m_layers) {
            return makeError(ErrorCode::Internal, "no more layers");
        }
        return LayerAttention{m_done++, m_heads, m_tokens, m_probs.data()};
    }
    Result<ModelOutput> output() override { return ModelOutput{{0.0F}, 1, 1, true}; }

private:
    int m_layers;
    int m_heads;
    int m_tokens;
    int m_done = 0;
    std::vector<float> m_probs;
};

class UniformModel : public AttentionModel {
public:
    UniformModel() {
        m_config.modelType = "llama";
        m_config.layers = 2;
        m_config.heads = 3;
        m_config.kvHeads = 3;
        m_config.hidden = 12;
        m_config.headDim = 4;
        m_config.intermediate = 24;
        m_config.vocab = 300;
        m_config.maxPositions = 256;
        m_info.name = "uniform";
    }
    const ModelConfig& config() const override { return m_config; }
    const ModelInfo& info() const override { return m_info; }
    Result<std::unique_ptr<ForwardPass>> begin(const std::vector<int>& ids) override {
        if (ids.empty() || static_cast<int>(ids.size()) > m_config.maxPositions) {
            return makeError(ErrorCode::InvalidArgument, "bad length");
        }
        return std::unique_ptr<ForwardPass>(std::make_unique<UniformPass>(
            m_config.layers, m_config.heads, static_cast<int>(ids.size())));
    }

private:
    ModelConfig m_config;
    ModelInfo m_info;
};

// One token per byte (ids 3..258), BOS = 1.
class ByteTokenizer : public Tokenizer {
public:
    Result<Encoding> encode(std::string_view text, bool addSpecial) const override {
        Encoding e;
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

std::string runCorpus() {
    const fs::path path = scratch() / "run-corpus.txt";
    if (!fs::exists(path)) {
        std::ofstream out(path);
        for (int i = 0; i < 40; ++i) {
            out << "Paragraph " << i << ": once upon a time there was a little test.\n\n";
        }
    }
    return path.string();
}

RunSettings tinyRun() {
    RunSettings s;
    s.corpus.minTokens = 48;
    s.corpus.maxTokens = 96;
    s.corpus.maxSequences = 6;
    s.threads = 2;
    return s;
}

long peakRssKiB() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;  // the sanitizers' shadow memory and quarantine skew RSS
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

HW_TEST(an_output_folder_that_cannot_be_written_is_a_clear_error) {
    const std::vector<float> a = uniformAttention(1, 1, 4);
    // A "folder" that is a file, and a folder that does not exist: refused by the OS for anyone,
    // root included.
    const fs::path notAFolder = scratch() / "plain-file";
    std::ofstream(notAFolder) << "x";
    for (const fs::path& out : {notAFolder / "a.npy", scratch() / "missing" / "a.npy"}) {
        Status s = writeNpy(out.string(), DType::Float32, {4, 4}, a.data());
        HW_CHECK(!s.ok());
        if (!s.ok()) {
            HW_CHECK(s.error().code == ErrorCode::FileWrite);
            HW_CHECK_MSG(contains(s.error().message, "Could not write '" + out.string() + "'"),
                         s.error().message);
        }
    }
    // A read-only file system (as root, permissions do not stop writes; a read-only mount does).
    SmallDisk disk(scratch() / "ro", 1 << 20);
    if (!disk.ok()) {
        HW_SKIP("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN) for the read-only part");
    }
    const fs::path existing = scratch() / "ro" / "a.npy";
    HW_CHECK(writeNpy(existing.string(), DType::Float32, {4, 4}, a.data()).ok());
    const std::string before = slurp(existing);
    HW_CHECK(disk.remountReadOnly());
    const std::vector<float> b = uniformAttention(1, 1, 8);
    Status s = writeNpy(existing.string(), DType::Float32, {8, 8}, b.data());
    HW_CHECK(!s.ok());
    if (!s.ok()) {
        HW_CHECK(s.error().code == ErrorCode::FileWrite);
        HW_CHECK_MSG(contains(s.error().message, "Read-only file system"), s.error().message);
    }
    HW_CHECK(slurp(existing) == before);
}

HW_TEST(a_full_disk_is_a_clear_error_and_keeps_the_existing_file) {
    const fs::path dir = scratch() / "full";
    SmallDisk disk(dir, 256 << 10);  // 256 KiB
    if (!disk.ok()) {
        HW_SKIP("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)");
    }
    const fs::path out = dir / "attention.npy";
    const std::vector<float> small = uniformAttention(1, 2, 16);
    HW_CHECK(writeNpy(out.string(), DType::Float32, {2, 16, 16}, small.data()).ok());
    const std::string before = slurp(out);
    // 4 x 4 x 64 x 64 float32 = 256 KiB of data: more than the disk has left.
    const std::vector<float> big = uniformAttention(4, 4, 64);
    Status s = writeNpy(out.string(), DType::Float32, {4, 4, 64, 64}, big.data());
    HW_CHECK(!s.ok());
    if (!s.ok()) {
        HW_CHECK(s.error().code == ErrorCode::FileWrite);
        HW_CHECK_MSG(contains(s.error().message, "No space left on device"), s.error().message);
        HW_CHECK_MSG(contains(s.error().message, out.string()), s.error().message);
    }
    HW_CHECK(slurp(out) == before);
    HW_CHECK_EQ(hiddenFiles(dir), 0);  // the temporary file is gone: the space is free again
    // The same through the safetensors writer, and a second try after the first failed.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(big.data());
        Status st = writeSafetensors(
            (dir / "attention.safetensors").string(),
            {{"attention", SafetensorsDType::F32, {4, 4, 64, 64}, {bytes, big.size() * 4}}});
        HW_CHECK(!st.ok() && st.error().code == ErrorCode::FileWrite);
        HW_CHECK(!fs::exists(dir / "attention.safetensors"));
        HW_CHECK_EQ(hiddenFiles(dir), 0);
    }
    // And a file that fits still writes: the failures left nothing behind.
    HW_CHECK(writeNpy((dir / "b.npy").string(), DType::Float32, {2, 16, 16}, small.data()).ok());
}

HW_TEST(a_mapped_file_truncated_while_read_gives_an_error_not_sigbus) {
    const fs::path path = scratch() / "truncated.bin";
    const std::size_t size = 1 << 20;
    std::ofstream(path, std::ios::binary) << std::string(size, '\x5a');
    auto file = MappedFile::open(path.string());
    HW_CHECK(file.ok());
    if (!file.ok()) {
        return;
    }
    HW_CHECK((*file)->checkUnchanged().ok());
    fs::resize_file(path, 4096);  // another program truncates it in place
    // Reading every byte would be SIGBUS past the first page without the guard.
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < size; i += 512) {
        sum += (*file)->data()[i];
    }
    HW_CHECK_EQ(sum, std::uint64_t{0x5a} * 8);  // the page that is still there, then zeros
    Status s = (*file)->checkUnchanged();
    HW_CHECK(!s.ok());
    if (!s.ok()) {
        HW_CHECK(s.error().code == ErrorCode::FileRead);
        HW_CHECK_MSG(contains(s.error().message, "truncated"), s.error().message);
    }
    // A SIGBUS that is not inside one of Headwave's mappings still kills the process as before.
    // (Checked in a child: it must die by SIGBUS, not hang or return.)
    const pid_t child = ::fork();
    if (child == 0) {
        (void)std::freopen("/dev/null", "w", stderr);  // ASan's report of the expected fault
        const fs::path other = scratch() / "unguarded.bin";
        std::ofstream(other, std::ios::binary) << std::string(8192, 'x');
        const int fd = ::open(other.c_str(), O_RDONLY);
        void* p = ::mmap(nullptr, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
        (void)::ftruncate(::open(other.c_str(), O_WRONLY), 0);
        volatile char c = static_cast<const char*>(p)[4096];
        (void)c;
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    // Under ASan its own handler (installed before ours) reports the fault and exits non-zero.
    const bool died = WIFSIGNALED(status)
                          ? WTERMSIG(status) == SIGBUS
                          : kSanitized && WIFEXITED(status) && WEXITSTATUS(status) != 0;
    HW_CHECK_MSG(died, "status " << status);
}

HW_TEST(an_attention_file_truncated_or_deleted_while_read) {
    const int layers = 4;
    const int heads = 2;
    const int t = 64;  // one layer = 32 KiB
    const std::vector<float> a = uniformAttention(layers, heads, t);
    for (bool f64 : {false, true}) {
        const fs::path path = scratch() / (f64 ? "att-f64.npy" : "att.npy");
        if (f64) {
            std::vector<double> d(a.begin(), a.end());
            HW_CHECK(writeNpy(path.string(), DType::Float64, {layers, heads, t, t}, d.data()).ok());
        } else {
            HW_CHECK(writeNpy(path.string(), DType::Float32, {layers, heads, t, t}, a.data()).ok());
        }
        auto src = openAttentionFile(path.string());
        HW_CHECK(src.ok());
        if (!src.ok()) {
            continue;
        }
        HW_CHECK((*src)->layer(0).ok());
        fs::resize_file(path, 4096);
        Result<LayerView> l3 = (*src)->layer(3);
        HW_CHECK(!l3.ok());
        if (!l3.ok()) {
            HW_CHECK(l3.error().code == ErrorCode::FileRead);
            HW_CHECK_MSG(contains(l3.error().message, "truncated"), l3.error().message);
        }
    }
    // Deleted while open: the mapping keeps the old file's bytes, which are read correctly.
    const fs::path path = scratch() / "deleted.npy";
    HW_CHECK(writeNpy(path.string(), DType::Float32, {layers, heads, t, t}, a.data()).ok());
    auto src = openAttentionFile(path.string());
    HW_CHECK(src.ok());
    if (src.ok()) {
        fs::remove(path);
        for (int l = 0; l < layers; ++l) {
            Result<LayerView> layer = (*src)->layer(l);
            HW_CHECK(layer.ok());
            if (layer.ok()) {
                HW_CHECK(layer->f32()[static_cast<std::size_t>(heads * t * t - 1)] == 1.0F / t);
            }
        }
    }
}

// Hands out the layers of another source and truncates `path` to `bytes` right after layer
// `when` was handed out, as another program could at any moment.
class TruncatingSource final : public AttentionSource {
public:
    TruncatingSource(AttentionSource& inner, fs::path path, int when, std::uintmax_t bytes)
        : m_inner(inner), m_path(std::move(path)), m_when(when), m_bytes(bytes) {}
    AttentionShape shape() const override { return m_inner.shape(); }
    std::string name() const override { return m_inner.name(); }
    Result<LayerView> layer(int l) override {
        Result<LayerView> v = m_inner.layer(l);
        if (l == m_when) {
            fs::resize_file(m_path, m_bytes);
        }
        return v;
    }
    Status checkIntact() const override { return m_inner.checkIntact(); }

private:
    AttentionSource& m_inner;
    fs::path m_path;
    int m_when;
    std::uintmax_t m_bytes;
};

HW_TEST(a_layer_view_of_a_mapping_truncated_after_it_was_returned) {
    // Native float32 .npy layers are views straight into the file's mapping (no copy), so a
    // truncation after layer() returned takes pages from under the reader. The reads see zeros
    // (MappedFile's SIGBUS guard, no crash) and checkIntact() reports it; the analysis names the
    // truncation instead of the zeroed rows, and never keeps numbers computed from lost pages,
    // also when rows that do not sum to 1 are renormalised (zeroed rows would pass as repaired).
    const int layers = 4;
    const int heads = 2;
    const int t = 64;  // one layer = 32 KiB = 8 pages
    const std::uintmax_t layerBytes = 2ULL * 64 * 64 * 4;
    const std::vector<float> a = uniformAttention(layers, heads, t);
    const fs::path path = scratch() / "view.npy";
    for (bool renormalise : {false, true}) {
        HW_CHECK(writeNpy(path.string(), DType::Float32, {layers, heads, t, t}, a.data()).ok());
        const std::uintmax_t dataStart = fs::file_size(path) - 4 * layerBytes;
        auto src = openAttentionFile(path.string());
        HW_CHECK(src.ok());
        if (!src.ok()) {
            continue;
        }
        // Cut in the middle of the last layer, after it was handed out: half its rows are lost,
        // and no later layer() would notice.
        TruncatingSource cut(**src, path, 3, dataStart + 3 * layerBytes + layerBytes / 2);
        AnalyzerOptions options;
        options.checks.renormaliseRows = renormalise;
        SequenceAnalyzer analyzer(MethodSettings{}, 3, options);
        Result<SequenceMetrics> r = analyzer.run(cut, {}, {});
        HW_CHECK(!r.ok());
        if (!r.ok()) {
            HW_CHECK_MSG(
                r.error().code == ErrorCode::FileRead && contains(r.error().message, "truncated"),
                r.error().describe());
        }
    }
    // What a reader of the view itself sees: the old values where pages remain, zeros after.
    HW_CHECK(writeNpy(path.string(), DType::Float32, {layers, heads, t, t}, a.data()).ok());
    auto src = openAttentionFile(path.string());
    HW_CHECK(src.ok());
    if (src.ok()) {
        Result<LayerView> view = (*src)->layer(0);
        HW_CHECK(view.ok() && (*src)->checkIntact().ok());
        if (view.ok()) {
            fs::resize_file(path, 4096);
            HW_CHECK(view->f32()[0] == 1.0F / t);  // on the first page, which remains
            HW_CHECK(view->f32()[static_cast<std::size_t>(heads * t * t - 1)] == 0.0F);
            Status intact = (*src)->checkIntact();
            HW_CHECK(!intact.ok());
            if (!intact.ok()) {
                HW_CHECK(intact.error().code == ErrorCode::FileRead);
                HW_CHECK_MSG(contains(intact.error().message, "truncated"), intact.error().message);
            }
        }
    }
}

HW_TEST(a_file_truncated_during_a_converting_read_in_another_thread) {
    // F16 safetensors: every layer() converts (reads every byte of the layer), so a truncation
    // lands in the middle of a read. Hundreds of races: each read is correct or a clear error.
    const int layers = 8;
    const int heads = 4;
    const int t = 128;  // 128 KiB per layer in F16
    std::vector<std::uint16_t> half(static_cast<std::size_t>(layers * heads * t * t), 0x2000);
    const fs::path path = scratch() / "race.safetensors";
    int errors = 0;
    int reads = 0;
    for (int round = 0; round < 200; ++round) {
        HW_CHECK(writeSafetensors(
                     path.string(),
                     {{"attention",
                       SafetensorsDType::F16,
                       {layers, heads, t, t},
                       {reinterpret_cast<const std::uint8_t*>(half.data()), half.size() * 2}}})
                     .ok());
        auto src = openAttentionFile(path.string());
        HW_CHECK(src.ok());
        if (!src.ok()) {
            continue;
        }
        std::atomic<bool> go{false};
        std::thread truncator([&] {
            while (!go.load()) {
            }
            std::this_thread::sleep_for(std::chrono::microseconds(round * 7 % 400));
            fs::resize_file(path, 4096);
        });
        go = true;
        // Read layers round and round until the truncation is seen: it lands at a different
        // point of a read in each round, and every round must end in the clear error (a machine
        // fast enough to read all layers before the truncator wakes still checks the race).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (int l = 0;; l = (l + 1) % layers) {
            if (std::chrono::steady_clock::now() > deadline) {
                HW_CHECK_MSG(false, "the truncation was never reported");
                break;
            }
            Result<LayerView> layer = (*src)->layer(l);
            ++reads;
            if (!layer.ok()) {
                ++errors;
                HW_CHECK_MSG(layer.error().code == ErrorCode::FileRead &&
                                 contains(layer.error().message, "truncated"),
                             layer.error().describe());
                break;
            }
            // A layer that was returned holds the file's values (no zeros from lost pages).
            const float want = layer->f32()[0];
            HW_CHECK(want > 0.0F);
            HW_CHECK(layer->f32()[static_cast<std::size_t>(heads * t * t - 1)] == want);
        }
        truncator.join();
    }
    HW_CHECK(errors == 200);  // every round saw its truncation
    std::fprintf(stderr, "  %d reads, %d clear truncation errors\n", reads, errors);
}

HW_TEST(a_corpus_truncated_or_deleted_while_read) {
    const fs::path path = scratch() / "corpus.txt";
    {
        std::ofstream out(path);
        for (int i = 0; i < 20000; ++i) {
            out << "Paragraph " << i << " has a few words in it.\n\n";
        }
    }
    for (bool truncate : {true, false}) {
        auto reader = openCorpus(path.string(), CorpusFormat::Paragraphs);
        HW_CHECK(reader.ok());
        if (!reader.ok()) {
            return;
        }
        std::string p;
        int n = 0;
        for (; n < 100; ++n) {
            HW_CHECK((*reader)->next(p).ok());
        }
        if (truncate) {
            fs::resize_file(path, 1000);
        } else {
            fs::remove(path);
        }
        for (;;) {
            Result<bool> more = (*reader)->next(p);
            if (!more.ok() || !*more) {
                break;
            }
            ++n;
        }
        // Truncated: it ends (early); deleted: the open file is read to its end.
        HW_CHECK(truncate ? n < 20000 : n == 20000);
        if (truncate) {
            std::ofstream out(path);
            for (int i = 0; i < 20000; ++i) {
                out << "Paragraph " << i << " has a few words in it.\n\n";
            }
        }
    }
}

HW_TEST(a_corpus_larger_than_what_is_held_streams) {
    // 96 MB of paragraphs is read one paragraph at a time; a 96 MB "paragraph" with no blank line,
    // or a line with no newline, is refused after 64 MB, not read whole.
    const fs::path many = scratch() / "many.txt";
    const fs::path noBlank = scratch() / "no-blank-lines.txt";
    const fs::path noNewline = scratch() / "no-newline.txt";
    const std::string para(1000, 'a');
    {
        std::ofstream a(many);
        std::ofstream b(noBlank);
        std::ofstream c(noNewline);
        for (int i = 0; i < 96 * 1000; ++i) {
            a << para << "\n\n";
            b << para << "\n";
            c << para;
        }
    }
    const long before = peakRssKiB();
    auto reader = openCorpus(many.string(), CorpusFormat::Paragraphs);
    HW_CHECK(reader.ok());
    std::string p;
    int n = 0;
    while (reader.ok()) {
        Result<bool> more = (*reader)->next(p);
        if (!more.ok() || !*more) {
            break;
        }
        ++n;
    }
    HW_CHECK_EQ(n, 96 * 1000);
    // The peak is a high-water mark: measured before the refused files, whose 64 MB limit is
    // reached by a growing string (up to twice the limit while it reallocates).
    const long grownMiB = (peakRssKiB() - before) / 1024;
    std::fprintf(stderr, "  peak RSS grew by %ld MiB streaming 96 MB of paragraphs\n", grownMiB);
    if (!kSanitized) {
        // One 1 KB paragraph at a time and the stream's buffer; never the 96 MB file.
        HW_CHECK_MSG(grownMiB < 32, grownMiB << " MiB");
    }
    for (const fs::path& bad : {noBlank, noNewline}) {
        auto r = openCorpus(bad.string(), CorpusFormat::Paragraphs);
        Result<bool> more = r.ok() ? (*r)->next(p) : Result<bool>(r.error());
        HW_CHECK_MSG(!more.ok(), bad.filename() << " read as a paragraph of " << p.size());
        if (!more.ok()) {
            HW_CHECK(more.error().code == ErrorCode::FileFormat);
            HW_CHECK_MSG(contains(more.error().message, "longer than 64 MB"), more.error().message);
        }
    }
    fs::remove(many);
    fs::remove(noBlank);
    fs::remove(noNewline);
}

// A corpus that is not text (docs/robustness.md): random bytes, a binary file with NUL bytes,
// UTF-16 and a text that is not text past 4 KB are refused with the reason (InvalidInput) before
// they are tokenised; a text with a few stray bytes is analysed with a warning counting them;
// plain text (Latin-1 accents count as invalid UTF-8) passes the threshold's edge as specified.
HW_TEST(a_corpus_that_is_not_text_is_refused_and_stray_bytes_warn) {
    ByteTokenizer tokenizer;
    CorpusOptions o;
    o.minTokens = 16;
    o.maxTokens = 64;
    o.maxSequences = 0;
    std::mt19937 rng(5);
    auto write = [](const std::string& name, const std::string& bytes) {
        const fs::path p = scratch() / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    };
    std::string noise(1 << 20, '\0');
    for (char& c : noise) {
        c = static_cast<char>(rng() & 0xFF);
    }
    std::string elf =
        "\x7F"
        "ELF\x02\x01\x01";
    elf.resize(20000, '\0');
    for (std::size_t i = 64; i < elf.size(); i += 7) {
        elf[i] = static_cast<char>('a' + i % 26);
    }
    std::string utf16;
    for (char c : std::string(3000, 'x') + "\n\nparagraph\n") {
        utf16 += c;
        utf16 += '\0';
    }
    // Text for 8 KB, then binary: refused once the share passes 10 % (the check is cumulative).
    std::string mixed;
    while (mixed.size() < 8192) {
        mixed += "A plain sentence of the corpus.\n\n";
    }
    mixed += noise.substr(0, 4096);
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"noise.txt", noise}, {"elf.bin", elf}, {"utf16.txt", utf16}, {"mixed.txt", mixed}}) {
        CorpusStats st;
        auto r = buildCorpus(write(name, bytes), tokenizer, o, &st);
        HW_CHECK_MSG(!r.ok(), name << " was accepted");
        if (!r.ok()) {
            HW_CHECK_MSG(r.error().code == ErrorCode::InvalidInput, name);
            HW_CHECK_MSG(contains(r.error().message, "does not look like text") &&
                             contains(r.error().message, name),
                         r.error().message);
        }
    }
    // Refused early, before it is tokenised: read as lines (a paragraph per line of about 256
    // random bytes), the 1 MB of noise is given up after its first 4 KB and a line.
    {
        CorpusOptions lines = o;
        lines.format = CorpusFormat::Lines;
        CorpusStats st;
        HW_CHECK(!buildCorpus(scratch().string() + "/noise.txt", tokenizer, lines, &st).ok());
        HW_CHECK_MSG(st.bytes >= kNonTextSampleBytes && st.bytes < 16384,
                     st.bytes << " bytes read");
    }
    // A short binary file (below the 4 KB sample) is judged at its end.
    HW_CHECK(!buildCorpus(write("short.bin", noise.substr(0, 300)), tokenizer, o).ok());

    // Stray bytes: a warning in the run, with the counts.
    std::string text;
    for (int i = 0; i < 30; ++i) {
        text +=
            "Paragraph " + std::to_string(i) + ": once upon a time there was a little test.\n\n";
    }
    text.insert(50, std::string("\x00\xC3\x28\x01", 4));  // NUL, an invalid pair, a control
    CorpusStats st;
    auto ok = buildCorpus(write("stray.txt", text), tokenizer, o, &st);
    HW_CHECK(ok.ok());
    HW_CHECK_EQ(st.nonTextBytes, 3);  // \xC3\x28: \xC3 is invalid, \x28 is '('
    HW_CHECK_EQ(st.bytes, static_cast<std::int64_t>(text.size()) - 2 * 30 + 0);
    UniformModel model;
    RunSettings settings = tinyRun();
    settings.corpus.minTokens = 16;
    settings.corpus.maxTokens = 64;
    auto run = runAnalysis(model, tokenizer, write("stray.txt", text), settings);
    HW_CHECK(run.ok());
    if (run.ok()) {
        bool found = false;
        for (const Warning& w : (*run)->warnings) {
            found = found || (w.code == WarningCode::NotText && contains(w.message, "3 of the"));
        }
        HW_CHECK_MSG(found, "no not-text warning");
    }
    // The threshold: 10 % of the bytes passes, just above is refused.
    auto edge = [&](int bad) {
        std::string t(static_cast<std::size_t>(10000 - bad), 'a');
        t += std::string(static_cast<std::size_t>(bad), '\x01');
        return buildCorpus(write("edge.txt", t), tokenizer, o).ok();
    };
    HW_CHECK(edge(1000));
    HW_CHECK(!edge(1001));
    HW_CHECK_EQ(countNonTextBytes("caf\xC3\xA9 \xE9t\xE9 \t\r\n"), 2);  // UTF-8 é; Latin-1 é x2
}

HW_TEST(cancelling_a_run_at_hundreds_of_random_points) {
    UniformModel model;
    ByteTokenizer tokenizer;
    test::cancelAtRandomPoints(model, tokenizer, runCorpus(), tinyRun(), 30);
}

HW_TEST(absurd_settings_get_a_message_that_names_them) {
    UniformModel model;
    ByteTokenizer tokenizer;
    const std::string corpus = runCorpus();
    struct Case {
        const char* what;
        void (*apply)(RunSettings&);
        const char* expect;
    };
    const Case cases[] = {
        {"alpha = 0", [](RunSettings& s) { s.method.alphas = {0.0}; }, "alpha must be in (0, 1]"},
        {"alpha = -1", [](RunSettings& s) { s.method.alphas = {-1.0}; }, "alpha"},
        {"window 0", [](RunSettings& s) { s.method.entropyWindows = {0}; }, "window sizes"},
        {"no windows", [](RunSettings& s) { s.method.entropyWindows = {}; }, "window"},
        {"level 31", [](RunSettings& s) { s.method.waveletLevel = 31; }, "wavelet level"},
        {"level 12 at <= 96 tokens", [](RunSettings& s) { s.method.waveletLevel = 12; }, "level"},
        {"band edges", [](RunSettings& s) { s.method.bandLowEdge = 0.9; }, "Band edges"},
        {"min tokens > context", [](RunSettings& s) { s.corpus.minTokens = 100000; }, "context"},
    };
    for (const Case& c : cases) {
        RunSettings s = tinyRun();
        c.apply(s);
        auto r = runAnalysis(model, tokenizer, corpus, s);
        HW_CHECK_MSG(!r.ok(), c.what << " was accepted");
        if (!r.ok()) {
            HW_CHECK_MSG(r.error().code == ErrorCode::InvalidArgument, c.what);
            HW_CHECK_MSG(contains(r.error().message, c.expect),
                         c.what << ": " << r.error().message);
        }
    }
}

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return rc;
}
