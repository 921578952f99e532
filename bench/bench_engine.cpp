// SPDX-License-Identifier: GPL-3.0-or-later
// bench_engine: how fast the engine analyses one sequence of a layers x heads model, side by side
// with (a) one plain read pass over the same attention memory (the bound a streaming analysis
// cannot beat) and (b) a plain numpy + PyWavelets implementation of docs/method.md
// (bench/peer_method.py) on the same bytes. Prints Markdown tables; bench/README.md explains what
// is measured and why.
//
//   build/bin/bench_engine --tokens 512,2048 --layers 32 --heads 32 --repeats 3
//
// 32 layers x 32 heads x 2048^2 float32 is 17 GB, so one synthetic layer [heads, T, T] is generated
// and served as every layer: the engine, the memory pass and the peer all read that one buffer
// `layers` times.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/sequence_analyzer.h"

namespace {

using headwave::AttentionShape;
using headwave::HeadMetrics;
using Clock = std::chrono::steady_clock;

const char* kHelp =
    "Usage: bench_engine [options]\n"
    "\n"
    "Compares the engine with one read pass over the attention memory and with a plain numpy +\n"
    "PyWavelets peer (peer_method.py) on the same synthetic attention. One layer [heads, T, T] is\n"
    "generated and analysed as every layer.\n"
    "\n"
    "Options:\n"
    "  --tokens LIST       sequence lengths T, comma-separated (default 512,2048)\n"
    "  --layers N          layers of the model (default 32)\n"
    "  --heads N           heads per layer (default 32)\n"
    "  --repeats N         timed repeats of each engine / memory run, best is kept (default 3)\n"
    "  --threads N         the multi-threaded runs use N threads (default 2)\n"
    "  --peer PATH         the peer script (default: bench/peer_method.py of the source tree)\n"
    "  --python PATH       interpreter for the peer (default /usr/bin/python3)\n"
    "  --peer-layers N     layers the peer analyses, 0 = all (default 8; throughput is compared)\n"
    "  --peer-repeats N    runs of the peer, best is kept (default 3)\n"
    "  --check-heads N     heads of layer 0 cross-checked against the peer (default 4)\n"
    "  --no-peer           skip the peer\n"
    "  --seed N            generator seed (default 20241023)\n"
    "  --save-layer PATH   also write the generated layer (raw float32 [heads, T, T]) to PATH\n"
    "                      (one T), for bench_python.py to analyse the same bytes\n";

struct Options {
    std::vector<int> tokens = {512, 2048};
    int layers = 32;
    int heads = 32;
    int repeats = 3;
    int threads = 2;
    std::string peer = HEADWAVE_BENCH_PEER;
    std::string python = "/usr/bin/python3";
    std::string saveLayer;  // --save-layer: where the generated layer is written (empty: not)
    int peerLayers = 8;
    int peerRepeats = 3;
    int checkHeads = 4;
    bool runPeer = true;
    std::uint64_t seed = 20241023;
};

std::optional<long> parseInteger(const std::string& s) {
    try {
        std::size_t used = 0;
        const long v = std::stol(s, &used);
        if (used != s.size()) {
            return std::nullopt;
        }
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Returns false (after printing why) on a bad command line.
bool parseOptions(int argc, char** argv, Options& o, bool& help) {
    const auto value = [&](int& i, const char* name) -> std::optional<std::string> {
        if (i + 1 >= argc) {
            std::cerr << "bench_engine: " << name << " needs a value\n";
            return std::nullopt;
        }
        return std::string(argv[++i]);
    };
    const auto integer = [&](int& i, const char* name, long min, int& out) {
        auto v = value(i, name);
        if (!v) {
            return false;
        }
        auto n = parseInteger(*v);
        if (!n || *n < min || *n > 1'000'000) {
            std::cerr << "bench_engine: " << name << " must be an integer >= " << min << ", got '"
                      << *v << "'\n";
            return false;
        }
        out = static_cast<int>(*n);
        return true;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            help = true;
            return true;
        } else if (a == "--tokens") {
            auto v = value(i, "--tokens");
            if (!v) {
                return false;
            }
            o.tokens.clear();
            std::stringstream list(*v);
            std::string item;
            while (std::getline(list, item, ',')) {
                auto n = parseInteger(item);
                if (!n || *n < 64 || *n > 65536) {
                    std::cerr << "bench_engine: --tokens takes lengths in [64, 65536], got '"
                              << item << "'\n";
                    return false;
                }
                o.tokens.push_back(static_cast<int>(*n));
            }
            if (o.tokens.empty()) {
                std::cerr << "bench_engine: --tokens is empty\n";
                return false;
            }
        } else if (a == "--layers") {
            if (!integer(i, "--layers", 1, o.layers)) {
                return false;
            }
        } else if (a == "--heads") {
            if (!integer(i, "--heads", 1, o.heads)) {
                return false;
            }
        } else if (a == "--repeats") {
            if (!integer(i, "--repeats", 1, o.repeats)) {
                return false;
            }
        } else if (a == "--threads") {
            if (!integer(i, "--threads", 1, o.threads)) {
                return false;
            }
        } else if (a == "--peer-repeats") {
            if (!integer(i, "--peer-repeats", 1, o.peerRepeats)) {
                return false;
            }
        } else if (a == "--peer-layers") {
            if (!integer(i, "--peer-layers", 0, o.peerLayers)) {
                return false;
            }
        } else if (a == "--check-heads") {
            if (!integer(i, "--check-heads", 0, o.checkHeads)) {
                return false;
            }
        } else if (a == "--peer") {
            auto v = value(i, "--peer");
            if (!v) {
                return false;
            }
            o.peer = *v;
        } else if (a == "--python") {
            auto v = value(i, "--python");
            if (!v) {
                return false;
            }
            o.python = *v;
        } else if (a == "--no-peer") {
            o.runPeer = false;
        } else if (a == "--save-layer") {
            auto v = value(i, "--save-layer");
            if (!v) {
                return false;
            }
            o.saveLayer = *v;
        } else if (a == "--seed") {
            auto v = value(i, "--seed");
            auto n = v ? parseInteger(*v) : std::nullopt;
            if (!n || *n < 0) {
                std::cerr << "bench_engine: --seed must be a non-negative integer\n";
                return false;
            }
            o.seed = static_cast<std::uint64_t>(*n);
        } else {
            std::cerr << "bench_engine: unknown option '" << a << "' (see --help)\n";
            return false;
        }
    }
    return true;
}

// ---- synthetic attention -------------------------------------------------------------------

// SplitMix64: small, fast and good enough for benchmark data; one stream per head keeps the data
// independent of the number of generator threads.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double normal() {                                                           // Box-Muller
        if (m_haveSpare) {
            m_haveSpare = false;
            return m_spare;
        }
        const double r = std::sqrt(-2.0 * std::log(1.0 - uniform()));
        const double phi = 2.0 * std::numbers::pi * uniform();
        m_spare = r * std::sin(phi);
        m_haveSpare = true;
        return r * std::cos(phi);
    }

private:
    std::uint64_t m_state;
    double m_spare = 0;
    bool m_haveSpare = false;
};

// One head [T, T]: causal softmax rows of noisy scores plus a local band and an attention sink at
// token 0. Their strengths vary with the head, as in trained models: some heads are local
// (previous-token-like), some sink-dominated, some broad.
void generateHead(int h, int T, std::uint64_t seed, float* A) {
    const std::uint64_t headKey = static_cast<std::uint64_t>(h) + 1;
    SplitMix64 rng(seed ^ (headKey * std::uint64_t{0xD1B54A32D192ED03}));
    const double noise = 0.5 + 0.1 * static_cast<double>((h * 7) % 11);      // score std
    const double band = 0.5 * static_cast<double>((h * 5) % 9);              // local bonus
    const double width = 1.0 + 2.0 * static_cast<double>(h % 6);             // band decay, tokens
    const double sink = 1.0 + 5.0 * static_cast<double>((h * 3) % 7) / 6.0;  // token-0 bonus
    std::vector<double> row(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i) {
        double maxScore = -std::numeric_limits<double>::infinity();
        for (int j = 0; j <= i; ++j) {
            double s = noise * rng.normal() + band * std::exp(-static_cast<double>(i - j) / width);
            s += j == 0 ? sink : 0.0;
            row[static_cast<std::size_t>(j)] = s;
            maxScore = std::max(maxScore, s);
        }
        double total = 0;
        for (int j = 0; j <= i; ++j) {
            auto& v = row[static_cast<std::size_t>(j)];
            v = std::exp(v - maxScore);
            total += v;
        }
        float* out = A + static_cast<std::ptrdiff_t>(i) * T;
        for (int j = 0; j <= i; ++j) {
            out[j] = static_cast<float>(row[static_cast<std::size_t>(j)] / total);
        }
        std::fill(out + i + 1, out + T, 0.0f);
    }
}

// [heads, T, T] row-major float32, generated on `threads` threads.
std::shared_ptr<std::vector<float>> generateLayer(int heads, int T, std::uint64_t seed,
                                                  int threads) {
    const auto headElems = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
    auto layer = std::make_shared<std::vector<float>>(static_cast<std::size_t>(heads) * headElems);
    std::atomic<int> next{0};
    auto work = [&] {
        for (int h = next.fetch_add(1); h < heads; h = next.fetch_add(1)) {
            generateHead(h, T, seed, layer->data() + static_cast<std::size_t>(h) * headElems);
        }
    };
    std::vector<std::jthread> pool;
    for (int t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    return layer;
}

// Serves the same [heads, T, T] buffer as every layer.
class RepeatedLayerSource final : public headwave::AttentionSource {
public:
    RepeatedLayerSource(std::shared_ptr<const std::vector<float>> layer, AttentionShape shape)
        : m_layer(std::move(layer)), m_shape(shape) {}

    AttentionShape shape() const override { return m_shape; }
    std::string name() const override { return "synthetic (one layer repeated)"; }
    headwave::Result<headwave::LayerView> layer(int l) override {
        if (l < 0 || l >= m_shape.layers) {
            return headwave::makeError(headwave::ErrorCode::InvalidArgument,
                                       "layer " + std::to_string(l) + " out of range");
        }
        headwave::LayerView view;
        view.dtype = headwave::DType::Float32;
        view.data = m_layer->data();
        view.owner = m_layer;
        return view;
    }

private:
    std::shared_ptr<const std::vector<float>> m_layer;  // [heads, T, T]
    AttentionShape m_shape;
};

// ---- the memory-pass bound -----------------------------------------------------------------

// One read pass: the sum of n floats. Sixteen independent double accumulators so the adds are not
// one dependent chain; with AVX2 the arithmetic is far faster than memory, so the time is the time
// to stream the bytes. kPrefetch adds a software prefetch 4 KiB ahead (as the engine's matrix pass
// does), which on some machines reads faster than the hardware prefetcher alone; the bound is the
// faster of the two.
template <bool kPrefetch>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
double
sumFloats(const float* __restrict p, std::size_t n) {
    double acc[16] = {};
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        if constexpr (kPrefetch) {
            // An integer address: it may point past the buffer, which a prefetch tolerates.
            __builtin_prefetch(
                reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(p + i) + 4096));
        }
        for (std::size_t k = 0; k < 16; ++k) {
            acc[k] += static_cast<double>(p[i + k]);
        }
    }
    double total = 0;
    for (double a : acc) {
        total += a;
    }
    for (; i < n; ++i) {
        total += static_cast<double>(p[i]);
    }
    return total;
}

// Reads the buffer `passes` times, split into `threads` contiguous parts. Returns the seconds and
// the checksum (the total, so the reads cannot be optimised away).
template <bool kPrefetch>
std::pair<double, double> memoryPass(const std::vector<float>& data, int passes, int threads) {
    const std::size_t n = data.size();
    std::vector<double> partial(static_cast<std::size_t>(threads), 0.0);
    const auto start = Clock::now();
    {
        std::vector<std::jthread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                const std::size_t lo =
                    n * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
                const std::size_t hi =
                    n * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(threads);
                double s = 0;
                for (int p = 0; p < passes; ++p) {
                    s += sumFloats<kPrefetch>(data.data() + lo, hi - lo);
                }
                partial[static_cast<std::size_t>(t)] = s;
            });
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    double total = 0;
    for (double s : partial) {
        total += s;
    }
    return {seconds, total};
}

// ---- process facts -------------------------------------------------------------------------

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Resets the kernel's peak-RSS mark to the current RSS, so each T reports its own peak. Linux
// >= 4.0; returns false where not permitted (then the peak is over the whole run so far).
bool resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    return static_cast<bool>(f);
}

std::string cpuModel() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    }
    return "unknown CPU";
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// ---- the peer ------------------------------------------------------------------------------

struct PeerRun {
    bool ok = false;
    std::string error;
    std::vector<nlohmann::json> results;  // one per run
};

// Writes the layer to a temporary file, runs the peer on it `runs` times (each run analyses it
// `layers` times) and removes the file.
PeerRun runPeer(const Options& o, const std::vector<float>& layer, int T, int layers, int runs) {
    PeerRun run;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file =
        fs::temp_directory_path(ec) /
        ("headwave_bench_" + std::to_string(getpid()) + "_T" + std::to_string(T) + ".f32");
    {
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(layer.data()),
                  static_cast<std::streamsize>(layer.size() * sizeof(float)));
        if (!out) {
            run.error = "could not write " + file.string();
            fs::remove(file, ec);
            return run;
        }
    }
    // One thread for numpy's BLAS / FFT back ends: the comparison is per core.
    const std::string command =
        "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 " + shellQuote(o.python) + " " +
        shellQuote(o.peer) + " " + shellQuote(file.string()) + " " + std::to_string(T) + " " +
        std::to_string(layers) + " --report-heads " + std::to_string(o.checkHeads);
    for (int k = 0; k < runs && run.error.empty(); ++k) {
        std::string output;
        FILE* pipe = popen(command.c_str(), "r");
        if (pipe == nullptr) {
            run.error = "could not start: " + command;
            break;
        }
        char buf[4096];
        std::size_t got = 0;
        while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
            output.append(buf, got);
        }
        const int status = pclose(pipe);
        if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            run.error = "the peer failed (" + command + ")";
            break;
        }
        try {
            run.results.push_back(nlohmann::json::parse(output));
        } catch (const std::exception& e) {
            run.error = std::string("unreadable peer output: ") + e.what();
        }
    }
    fs::remove(file, ec);
    run.ok = run.error.empty();
    return run;
}

// ---- cross-check ---------------------------------------------------------------------------

struct Difference {
    std::string metric;
    double worst = 0;      // largest difference over the heads compared (relative or absolute)
    bool relative = true;  // false: `worst` is an absolute difference
    double tolerance = 0;
    bool pass = true;
};

double relativeDifference(double a, double b) {
    if (std::isnan(a) && std::isnan(b)) {
        return 0;
    }
    const double scale = std::max(std::fabs(a), std::fabs(b));
    return scale > 0 ? std::fabs(a - b) / scale : 0.0;
}

// Engine metrics of layer 0, heads 0.. against the peer's. Both start from the same float32 bits
// and compute in float64; they differ only in summation order (numpy sums pairwise, the engine
// sequentially), so ~1e-12 is expected and 1e-6 relative is the pass mark (the float32
// tolerance of docs/method.md). The float64 reconstruction error is rounding noise (~1e-16): its
// digits depend on those last bits, so both only have to be below 1e-14. The float32 one (~1e-7) is
// compared relatively with 1e-6 too; a profile value that rounds to a different float32 would show
// here.
std::vector<Difference> crossCheck(const headwave::SequenceMetrics& engine,
                                   const nlohmann::json& peerHeads, int& compared) {
    struct Scalar {
        const char* name;
        double HeadMetrics::*member;
    };
    const Scalar scalars[] = {
        {"bandLow", &HeadMetrics::bandLow},
        {"bandMid", &HeadMetrics::bandMid},
        {"bandHigh", &HeadMetrics::bandHigh},
        {"selectivity", &HeadMetrics::selectivity},
        {"spectralEntropy", &HeadMetrics::spectralEntropy},
        {"positionalEntropy", &HeadMetrics::positionalEntropy},
        {"localShare", &HeadMetrics::localShare},
        {"localGlobalRatio", &HeadMetrics::localGlobalRatio},
        {"reconErrorF32", &HeadMetrics::reconErrorF32},
    };
    const double kRelTol = 1e-6;
    std::vector<Difference> out;
    for (const auto& s : scalars) {
        out.push_back({s.name, 0, true, kRelTol, true});
    }
    out.push_back({"scaleEntropy[*]", 0, true, kRelTol, true});
    out.push_back({"windowEntropy[*]", 0, true, kRelTol, true});
    out.push_back({"reconErrorF64 (both <)", 0, false, 1e-14, true});

    const auto number = [](const nlohmann::json& v) {
        return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
    };
    compared = 0;
    for (const auto& p : peerHeads) {
        const int h = p.at("head").get<int>();
        if (h >= engine.shape.heads) {
            continue;
        }
        const HeadMetrics& m = engine.at(0, h);
        std::size_t k = 0;
        for (const auto& s : scalars) {
            Difference& d = out[k++];
            d.worst = std::max(d.worst, relativeDifference(m.*s.member, number(p.at(s.name))));
        }
        Difference& se = out[k++];
        const auto& pse = p.at("scaleEntropy");
        if (pse.size() != m.scaleEntropy.size()) {
            se.worst = std::numeric_limits<double>::infinity();
        } else {
            for (std::size_t i = 0; i < pse.size(); ++i) {
                se.worst =
                    std::max(se.worst, relativeDifference(m.scaleEntropy[i], number(pse[i])));
            }
        }
        Difference& we = out[k++];
        const auto& pwe = p.at("windowEntropy");
        if (pwe.size() != m.windowEntropy.size()) {
            we.worst = std::numeric_limits<double>::infinity();
        } else {
            for (std::size_t i = 0; i < pwe.size(); ++i) {
                we.worst =
                    std::max(we.worst, relativeDifference(m.windowEntropy[i], number(pwe[i])));
            }
        }
        Difference& rf = out[k++];
        rf.worst = std::max({rf.worst, m.reconErrorF64, number(p.at("reconErrorF64"))});
        ++compared;
    }
    for (Difference& d : out) {
        d.pass = d.worst <= d.tolerance;
    }
    return out;
}

// ---- one sequence length -------------------------------------------------------------------

double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Timing {
    double seconds = std::numeric_limits<double>::quiet_NaN();
    int heads = 0;
    double headsPerSecond() const { return static_cast<double>(heads) / seconds; }
};

struct LengthResult {
    int T = 0;
    int level = 0;
    double layerMiB = 0;
    double generateSeconds = 0;
    double checksum = 0;
    Timing memory1, memoryN, engine1, engineN, peer;
    double plainGBs[2] = {0, 0};  // memory pass without / with software prefetch, 1 and N threads
    double prefetchGBs[2] = {0, 0};
    int peerLayers = 0;
    double peakRssMiB = 0;
    bool peakIsPerLength = false;
    double peerPeakRssMiB = std::numeric_limits<double>::quiet_NaN();
    std::string peerError;
    std::string peerImplementation;
    std::vector<Difference> check;
    int checkedHeads = 0;
    // The part of one head's analysis after the matrix pass (analyzeProfile), microseconds.
    double profileMicros = 0;
};

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::optional<LengthResult> benchLength(const Options& o, int T) {
    LengthResult r;
    r.T = T;
    r.peakIsPerLength = resetPeakRss();
    const int genThreads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    auto start = Clock::now();
    std::shared_ptr<std::vector<float>> layer = generateLayer(o.heads, T, o.seed, genThreads);
    r.generateSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.layerMiB = static_cast<double>(layer->size() * sizeof(float)) / (1024.0 * 1024.0);
    if (!o.saveLayer.empty()) {
        std::ofstream out(o.saveLayer, std::ios::binary);
        out.write(reinterpret_cast<const char*>(layer->data()),
                  static_cast<std::streamsize>(layer->size() * sizeof(float)));
        if (!out) {
            std::cerr << "bench_engine: could not write " << o.saveLayer << '\n';
            return std::nullopt;
        }
    }
    const int totalHeads = o.layers * o.heads;

    headwave::MethodSettings settings;  // docs/method.md's defaults
    auto level = headwave::resolveWaveletLevel(settings, T);
    if (!level) {
        std::cerr << "bench_engine: " << level.error().describe() << '\n';
        return std::nullopt;
    }
    r.level = level.value();
    RepeatedLayerSource source(layer, AttentionShape{o.layers, o.heads, T});
    std::optional<headwave::SequenceMetrics> first;
    const auto keepBest = [](Timing& timing, double seconds) {
        timing.seconds = std::isnan(timing.seconds) ? seconds : std::min(timing.seconds, seconds);
    };
    const auto runEngine = [&](int threads, Timing& timing) -> bool {
        headwave::AnalyzerOptions options;
        options.threads = threads;
        headwave::SequenceAnalyzer analyzer(settings, r.level, options);
        const auto t0 = Clock::now();
        const double cpu0 = processCpuSeconds();
        auto result = analyzer.run(source);
        const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
        keepBest(timing, wall);
        // CPU seconds of the process too (every thread), for comparisons on a loaded machine,
        // where wall time mostly measures the other programs (bench_python.py reads this line).
        std::fprintf(stderr, "engine run: T %d, threads %d, wall %.6f s, cpu %.6f s\n", T, threads,
                     wall, processCpuSeconds() - cpu0);
        if (!result) {
            std::cerr << "bench_engine: the engine failed: " << result.error().describe() << '\n';
            return false;
        }
        if (!first) {
            first = std::move(result.value());
        }
        return true;
    };
    // (a) the memory-pass bound: the same bytes, read `layers` times, best of a plain and a
    // prefetching pass; (b) the engine, 1 and N threads. Interleaved within each repeat so that
    // both see the same machine (a shared VM's bandwidth drifts from minute to minute).
    r.memory1.heads = r.memoryN.heads = r.engine1.heads = r.engineN.heads = totalHeads;
    const double bytes = static_cast<double>(layer->size()) * sizeof(float) * o.layers;
    const auto memory = [&](Timing& timing, double& gbs, std::pair<double, double> run) {
        keepBest(timing, run.first);
        gbs = std::max(gbs, bytes / run.first / 1e9);
        r.checksum = run.second;
    };
    for (int rep = 0; rep < o.repeats; ++rep) {
        memory(r.memory1, r.plainGBs[0], memoryPass<false>(*layer, o.layers, 1));
        memory(r.memory1, r.prefetchGBs[0], memoryPass<true>(*layer, o.layers, 1));
        if (!runEngine(1, r.engine1)) {
            return std::nullopt;
        }
        memory(r.memoryN, r.plainGBs[1], memoryPass<false>(*layer, o.layers, o.threads));
        memory(r.memoryN, r.prefetchGBs[1], memoryPass<true>(*layer, o.layers, o.threads));
        if (!runEngine(o.threads, r.engineN)) {
            return std::nullopt;
        }
    }

    // Where one thread's time goes: the part after the matrix pass (FFT, DWT, entropies), timed
    // alone on the profiles of a few heads (best of 3 per head, median over heads). The rest of
    // the engine's time per head is the matrix pass (profile, row checks, local share).
    {
        headwave::HeadAnalyzer analyzer(settings, r.level);
        const std::size_t headElems = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
        std::vector<double> profilePart;
        headwave::HeadDetail detail;
        for (int h = 0; h < std::min(o.heads, 8); ++h) {
            const float* A = layer->data() + static_cast<std::size_t>(h) * headElems;
            if (!analyzer.analyze(A, T, &detail)) {  // only for the head's profile
                return std::nullopt;
            }
            double best = std::numeric_limits<double>::infinity();
            for (int rep = 0; rep < 3; ++rep) {
                const auto t0 = Clock::now();
                if (!analyzer.analyzeProfile(detail.profile.data(), T)) {
                    return std::nullopt;
                }
                best = std::min(
                    best, std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            }
            profilePart.push_back(best);
        }
        r.profileMicros = medianOf(profilePart);
    }
    r.peakRssMiB = peakRssMiB();

    // (c) the peer on the same bytes, best of peerRepeats runs like the engine's best of repeats.
    if (o.runPeer) {
        r.peerLayers = o.peerLayers == 0 ? o.layers : std::min(o.peerLayers, o.layers);
        PeerRun peer = runPeer(o, *layer, T, r.peerLayers, o.peerRepeats);
        if (!peer.ok) {
            r.peerError = peer.error;
        } else {
            // The peer's JSON is read defensively: a missing or mistyped field is a reported
            // failure of the peer, not a crash.
            try {
                for (const auto& j : peer.results) {
                    keepBest(r.peer, j.at("seconds").get<double>());
                    r.peer.heads = j.at("heads_analyzed").get<int>();
                    r.peerPeakRssMiB = std::isnan(r.peerPeakRssMiB)
                                           ? j.at("peak_rss_kib").get<double>() / 1024.0
                                           : std::max(r.peerPeakRssMiB,
                                                      j.at("peak_rss_kib").get<double>() / 1024.0);
                }
                const auto& j = peer.results.front();
                r.peerImplementation = j.value("implementation", std::string());
                if (j.at("level").get<int>() != r.level) {
                    r.peerError = "the peer used wavelet level " +
                                  std::to_string(j.at("level").get<int>()) + ", the engine " +
                                  std::to_string(r.level);
                }
                r.check = crossCheck(*first, j.at("heads"), r.checkedHeads);
            } catch (const std::exception& e) {
                r.peerError = std::string("unexpected peer output: ") + e.what();
                r.peer.seconds = std::numeric_limits<double>::quiet_NaN();
            }
        }
    }
    return r;
}

// ---- output --------------------------------------------------------------------------------

std::string fixed(double v, int digits) {
    if (!std::isfinite(v)) {
        return "n/a";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string sci(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1e", v);
    return buf;
}

void printTables(const Options& o, const std::vector<LengthResult>& results) {
    std::cout << "\n## Throughput\n\n"
              << "| T | run | threads | heads | seconds | heads/s | GB/s read |\n"
              << "|---:|---|---:|---:|---:|---:|---:|\n";
    for (const auto& r : results) {
        const double bytesPerHead = static_cast<double>(r.T) * r.T * 4.0;
        const auto row = [&](const char* what, int threads, const Timing& t) {
            std::cout << "| " << r.T << " | " << what << " | " << threads << " | " << t.heads
                      << " | " << fixed(t.seconds, 3) << " | " << fixed(t.headsPerSecond(), 1)
                      << " | " << fixed(bytesPerHead * t.heads / t.seconds / 1e9, 2) << " |\n";
        };
        row("memory pass", 1, r.memory1);
        row("memory pass", o.threads, r.memoryN);
        row("engine", 1, r.engine1);
        row("engine", o.threads, r.engineN);
        if (o.runPeer && r.peerError.empty()) {
            row("peer (numpy + PyWavelets)", 1, r.peer);
        }
    }

    std::cout << "\n## Ratios and memory\n\n"
              << "| T | engine 1t / peer (heads/s) | engine " << o.threads
              << "t / engine 1t | engine 1t / memory pass 1t (time) | engine " << o.threads
              << "t / memory pass " << o.threads
              << "t (time) | peak RSS bench (MiB) | attention layer (MiB) | peak RSS peer (MiB) "
                 "|\n"
              << "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& r : results) {
        const double vsPeer = r.engine1.headsPerSecond() / r.peer.headsPerSecond();
        std::cout << "| " << r.T << " | "
                  << (std::isfinite(vsPeer) ? fixed(vsPeer, 1) + "x" : "n/a") << " | "
                  << fixed(r.engine1.seconds / r.engineN.seconds, 2) << "x | "
                  << fixed(r.engine1.seconds / r.memory1.seconds, 2) << " | "
                  << fixed(r.engineN.seconds / r.memoryN.seconds, 2) << " | "
                  << fixed(r.peakRssMiB, 0) << (r.peakIsPerLength ? "" : " (whole run)") << " | "
                  << fixed(r.layerMiB, 0) << " | " << fixed(r.peerPeakRssMiB, 0) << " |\n";
    }

    std::cout << "\n## Targets\n\n"
              << "| T | engine 1t >= 5x peer | engine 1t <= 2x memory pass | " << o.threads
              << " threads faster than 1 |\n"
              << "|---:|---|---|---|\n";
    const auto verdict = [](bool ok, const std::string& value) {
        return std::string(ok ? "yes" : "**no**") + " (" + value + ")";
    };
    for (const auto& r : results) {
        const double vsPeer = r.engine1.headsPerSecond() / r.peer.headsPerSecond();
        const double vsMemory = r.engine1.seconds / r.memory1.seconds;
        const double scaling = r.engine1.seconds / r.engineN.seconds;
        std::cout << "| " << r.T << " | "
                  << (std::isfinite(vsPeer) ? verdict(vsPeer >= 5.0, fixed(vsPeer, 1) + "x")
                                            : std::string("n/a"))
                  << " | " << verdict(vsMemory <= 2.0, fixed(vsMemory, 2) + "x") << " | "
                  << verdict(scaling > 1.0, fixed(scaling, 2) + "x") << " |\n";
    }

    std::cout
        << "\n## Where one thread's time goes, per head\n\n"
        << "| T | engine 1t us | profile part (FFT, DWT, entropies) us | rest: matrix pass us | "
           "memory pass 1t us |\n"
        << "|---:|---:|---:|---:|---:|\n";
    for (const auto& r : results) {
        const double enginePerHead = r.engine1.seconds / r.engine1.heads * 1e6;
        const double memPerHead = r.memory1.seconds / r.memory1.heads * 1e6;
        std::cout << "| " << r.T << " | " << fixed(enginePerHead, 0) << " | "
                  << fixed(r.profileMicros, 0) << " | " << fixed(enginePerHead - r.profileMicros, 0)
                  << " | " << fixed(memPerHead, 0) << " |\n";
    }

    if (o.runPeer) {
        std::cout << "\n## Cross-check against the peer (layer 0)\n\n";
        for (const auto& r : results) {
            if (!r.peerError.empty()) {
                std::cout << "T = " << r.T << ": " << r.peerError << "\n\n";
                continue;
            }
            std::cout << "T = " << r.T << ", J = " << r.level << ", " << r.checkedHeads
                      << " heads, peer " << r.peerImplementation
                      << ":\n\n| metric | worst difference | tolerance | |\n|---|---:|---:|---|\n";
            for (const auto& d : r.check) {
                std::cout << "| " << d.metric << " | " << sci(d.worst)
                          << (d.relative ? " rel" : " abs") << " | " << sci(d.tolerance) << " | "
                          << (d.pass ? "ok" : "**FAIL**") << " |\n";
            }
            std::cout << '\n';
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    bool help = false;
    if (!parseOptions(argc, argv, o, help)) {
        return 2;
    }
    if (help) {
        std::cout << kHelp;
        return 0;
    }

    std::cout << "# bench_engine\n\n"
              << "- machine: " << cpuModel() << ", " << std::thread::hardware_concurrency()
              << " hardware threads\n"
              << "- compiler: " << __VERSION__ << "\n"
              << "- model: " << o.layers << " layers x " << o.heads
              << " heads, one sequence; one synthetic float32 layer [heads, T, T] (causal softmax"
                 " of noisy scores with a local band and a sink, seed "
              << o.seed << ") is generated and served as every layer, so each run reads that "
              << "buffer " << o.layers << " times\n"
              << "- engine and memory pass: best of " << o.repeats
              << " runs; docs/method.md defaults\n";
    if (o.runPeer) {
        std::cout << "- peer: " << o.peer << " under " << o.python
                  << ", OMP/OPENBLAS/MKL_NUM_THREADS=1, best of " << o.peerRepeats << " runs over "
                  << (o.peerLayers == 0 ? o.layers : std::min(o.peerLayers, o.layers))
                  << " layers of the same buffer each (heads/s is compared, not total time)\n";
    }
    std::cout.flush();

    std::vector<LengthResult> results;
    for (int T : o.tokens) {
        std::cerr << "bench_engine: T = " << T << " ...\n";
        auto r = benchLength(o, T);
        if (!r) {
            return 1;
        }
        const double expected = o.layers * o.heads * static_cast<double>(T);
        std::cerr << "bench_engine: T = " << T << " generated in " << fixed(r->generateSeconds, 2)
                  << " s; memory-pass checksum " << fixed(r->checksum, 1) << " (expected "
                  << fixed(expected, 1) << "); memory pass GB/s plain / prefetch: 1 thread "
                  << fixed(r->plainGBs[0], 2) << " / " << fixed(r->prefetchGBs[0], 2) << ", "
                  << o.threads << " threads " << fixed(r->plainGBs[1], 2) << " / "
                  << fixed(r->prefetchGBs[1], 2) << "\n";
        results.push_back(std::move(*r));
    }
    printTables(o, results);
    for (const auto& r : results) {
        if (!r.peerError.empty()) {
            return 1;
        }
        for (const auto& d : r.check) {
            if (!d.pass) {
                return 1;
            }
        }
    }
    return 0;
}
