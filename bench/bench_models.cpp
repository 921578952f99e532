// SPDX-License-Identifier: GPL-3.0-or-later
// bench_models: the libtorch engine's forward pass with attention extraction on full-size model
// shapes (random weights), side by side with a plain PyTorch eager peer (bench/peer_torch.py) on
// the same folders and token ids, each model in its own child process so that peak RSS is per
// model. Prints Markdown tables; bench/README.md explains what is measured.
//
//   build/bin/bench_models --tokens 512 --repeats 3
//
// The folders (pythia-160m-shape float16, pythia-160m-shape-f32, llama-1b-shape bfloat16) are
// written by bench/make_model_folder.py into a scratch directory (default
// /tmp/headwave-bench-models) unless already there.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "headwave/model/attention_model.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

const char* kHelp =
    "Usage: bench_models [options]\n"
    "\n"
    "Times the engine's forward pass plus attention extraction (loadAttentionModel + runModel)\n"
    "against a PyTorch eager peer (peer_torch.py) on random-weight model folders, each model in\n"
    "child processes of its own, and checks that both give the same attention.\n"
    "\n"
    "Options:\n"
    "  --dir PATH          scratch directory of the model folders\n"
    "                      (default /tmp/headwave-bench-models; folders are generated if absent)\n"
    "  --models LIST       comma-separated folder names (default\n"
    "                      pythia-160m-shape,pythia-160m-shape-f32,llama-1b-shape)\n"
    "  --tokens T          sequence length (default 512)\n"
    "  --repeats N         timed passes per child, best is kept (default 3)\n"
    "  --warmup N          untimed passes first (default 1)\n"
    "  --rounds N          engine and peer children run alternately N times each (default 1)\n"
    "  --threads N         intra-op threads of both (default 2)\n"
    "  --check-heads N     heads of layer 0 and of the last layer compared (default 4)\n"
    "  --python PATH       interpreter for the peer and the generator (default /usr/bin/python3)\n"
    "  --peer PATH         the peer (default bench/peer_torch.py of the source tree)\n"
    "  --generator PATH    the folder generator (default bench/make_model_folder.py)\n"
    "  --no-peer           engine only\n"
    "  --profile           also time the engine's stages (begin, each layer, output)\n"
    "  --no-wait           do not wait for other benchmarks (bench_engine, bench_models) to end\n"
    "  --seed N            token-id seed (default 20241023)\n";

struct Options {
    std::string dir = "/tmp/headwave-bench-models";
    std::vector<std::string> models = {"pythia-160m-shape", "pythia-160m-shape-f32",
                                       "llama-1b-shape"};
    int tokens = 512;
    int repeats = 3;
    int warmup = 1;
    int rounds = 1;
    int threads = 2;
    int checkHeads = 4;
    std::string python = "/usr/bin/python3";
    std::string peer = HEADWAVE_BENCH_PEER_TORCH;
    std::string generator = HEADWAVE_BENCH_GENERATOR;
    bool runPeer = true;
    bool profile = false;
    bool wait = true;
    std::uint64_t seed = 20241023;
    // Child mode: run the engine on one folder and print JSON.
    std::string childModel;
    std::string childIds;
    std::string childDump;
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

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream list(s);
    std::string item;
    while (std::getline(list, item, ',')) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
}

// Returns false (after printing why) on a bad command line.
bool parseOptions(int argc, char** argv, Options& o, bool& help) {
    const auto value = [&](int& i, const char* name) -> std::optional<std::string> {
        if (i + 1 >= argc) {
            std::cerr << "bench_models: " << name << " needs a value\n";
            return std::nullopt;
        }
        return std::string(argv[++i]);
    };
    const auto integer = [&](int& i, const char* name, long min, long max, int& out) {
        auto v = value(i, name);
        if (!v) {
            return false;
        }
        auto n = parseInteger(*v);
        if (!n || *n < min || *n > max) {
            std::cerr << "bench_models: " << name << " must be an integer in [" << min << ", "
                      << max << "], got '" << *v << "'\n";
            return false;
        }
        out = static_cast<int>(*n);
        return true;
    };
    const auto text = [&](int& i, const char* name, std::string& out) {
        auto v = value(i, name);
        if (v) {
            out = *v;
        }
        return v.has_value();
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        bool ok = true;
        if (a == "--help" || a == "-h") {
            help = true;
            return true;
        } else if (a == "--dir") {
            ok = text(i, "--dir", o.dir);
        } else if (a == "--models") {
            std::string v;
            ok = text(i, "--models", v);
            o.models = splitList(v);
            if (ok && o.models.empty()) {
                std::cerr << "bench_models: --models is empty\n";
                ok = false;
            }
        } else if (a == "--tokens") {
            ok = integer(i, "--tokens", 1, 65536, o.tokens);
        } else if (a == "--repeats") {
            ok = integer(i, "--repeats", 1, 1000, o.repeats);
        } else if (a == "--warmup") {
            ok = integer(i, "--warmup", 0, 1000, o.warmup);
        } else if (a == "--rounds") {
            ok = integer(i, "--rounds", 1, 100, o.rounds);
        } else if (a == "--threads") {
            ok = integer(i, "--threads", 1, 1024, o.threads);
        } else if (a == "--check-heads") {
            ok = integer(i, "--check-heads", 0, 1024, o.checkHeads);
        } else if (a == "--python") {
            ok = text(i, "--python", o.python);
        } else if (a == "--peer") {
            ok = text(i, "--peer", o.peer);
        } else if (a == "--generator") {
            ok = text(i, "--generator", o.generator);
        } else if (a == "--no-peer") {
            o.runPeer = false;
        } else if (a == "--profile") {
            o.profile = true;
        } else if (a == "--no-wait") {
            o.wait = false;
        } else if (a == "--seed") {
            auto v = value(i, "--seed");
            auto n = v ? parseInteger(*v) : std::nullopt;
            if (!n || *n < 0) {
                std::cerr << "bench_models: --seed must be a non-negative integer\n";
                return false;
            }
            o.seed = static_cast<std::uint64_t>(*n);
        } else if (a == "--child-engine") {  // internal: one engine run in this process
            ok = text(i, "--child-engine", o.childModel);
        } else if (a == "--child-ids") {
            ok = text(i, "--child-ids", o.childIds);
        } else if (a == "--child-dump") {
            ok = text(i, "--child-dump", o.childDump);
        } else {
            std::cerr << "bench_models: unknown option '" << a << "' (see --help)\n";
            return false;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

// ---- process facts -------------------------------------------------------------------------

// A field of /proc/self/status in KiB (VmHWM: peak resident set, VmRSS, RssAnon, RssFile); -1 if
// absent.
long statusKiB(const std::string& field) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            std::istringstream in(line.substr(field.size() + 1));
            long v = -1;
            in >> v;
            return v;
        }
    }
    return -1;
}

// Resets the kernel's peak-RSS mark (VmHWM) to the current RSS (Linux >= 4.0); false where not
// permitted.
bool resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    return static_cast<bool>(f);
}

// Other benchmark processes (they would share the cores): "name (pid)", empty if none.
std::string otherBenchmarks() {
    std::string found;
    std::error_code ec;
    const std::string self = std::to_string(getpid());
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string pid = entry.path().filename().string();
        const auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), digit) || pid == self) {
            continue;
        }
        std::ifstream comm(entry.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name == "bench_engine" || name == "bench_models") {
            found += (found.empty() ? "" : ", ") + name + " (" + pid + ")";
        }
    }
    return found;
}

void waitForQuiet(const Options& o) {
    if (!o.wait) {
        return;
    }
    bool said = false;
    for (std::string other = otherBenchmarks(); !other.empty(); other = otherBenchmarks()) {
        if (!said) {
            std::cerr << "bench_models: waiting for " << other << " to finish\n";
            said = true;
        }
        std::this_thread::sleep_for(std::chrono::seconds(5));
    }
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

// Runs a shell command; its standard output, or nullopt (after printing why) on failure.
std::optional<std::string> capture(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        std::cerr << "bench_models: could not start: " << command << '\n';
        return std::nullopt;
    }
    std::string output;
    char buf[4096];
    std::size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
        output.append(buf, got);
    }
    const int status = pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "bench_models: failed: " << command << '\n';
        return std::nullopt;
    }
    return output;
}

// The 1-, 5- and 15-minute load averages: a second busy process on 2 cores shows here.
std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    double a = 0;
    double b = 0;
    double c = 0;
    f >> a >> b >> c;
    std::ostringstream out;
    out << a << " " << b << " " << c;
    return out.str();
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

// ---- the engine child ----------------------------------------------------------------------

std::vector<int> readIds(const std::string& path) {
    std::ifstream in(path);
    std::vector<int> ids;
    int id = 0;
    while (in >> id) {
        ids.push_back(id);
    }
    return ids;
}

// Sum of n floats in float64, eight independent accumulators: the callback's "use" of a layer.
double sumProbabilities(const float* p, std::size_t n) {
    double acc[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (std::size_t k = 0; k < 8; ++k) {
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

// Loads the model, runs warm-up + timed passes with runModel and prints one JSON object (the same
// fields as peer_torch.py). The first pass dumps heads 0..checkHeads-1 of layer 0 and of the last
// layer, then the last row of the logits, as float32, in the peer's order.
int engineChild(const Options& o) {
    const auto t0 = Clock::now();
    headwave::LoadOptions load;
    load.threads = o.threads;
    auto model = headwave::loadAttentionModel(o.childModel, load);
    if (!model) {
        std::cerr << "bench_models: " << model.error().describe() << '\n';
        return 1;
    }
    headwave::AttentionModel& m = *model.value();
    const long loadedKiB = statusKiB("VmRSS");  // libraries + touched header pages, before a pass
    const std::vector<int> ids = readIds(o.childIds);
    const double loadSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const int layers = m.config().layers;
    const std::vector<int> dumpLayers =
        layers > 1 ? std::vector<int>{0, layers - 1} : std::vector<int>{0};
    std::vector<float> dump;
    std::vector<double> sums;
    std::vector<double> timed;
    double best = std::numeric_limits<double>::infinity();
    double logitsSum = 0;
    for (int run = 0; run < o.warmup + o.repeats; ++run) {
        sums.clear();
        const auto start = Clock::now();
        auto out = headwave::runModel(m, ids, [&](const headwave::LayerAttention& a) {
            const std::size_t headElems =
                static_cast<std::size_t>(a.tokens) * static_cast<std::size_t>(a.tokens);
            sums.push_back(
                sumProbabilities(a.probs, headElems * static_cast<std::size_t>(a.heads)));
            if (run == 0 &&
                std::find(dumpLayers.begin(), dumpLayers.end(), a.layer) != dumpLayers.end()) {
                const int heads = std::min(o.checkHeads, a.heads);
                dump.insert(dump.end(), a.probs,
                            a.probs + headElems * static_cast<std::size_t>(heads));
            }
            return headwave::Status{};
        });
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (!out) {
            std::cerr << "bench_models: " << out.error().describe() << '\n';
            return 1;
        }
        logitsSum = 0;
        for (float v : out->values) {
            logitsSum += static_cast<double>(v);
        }
        if (run == 0) {
            const auto cols = static_cast<std::size_t>(out->cols);
            const auto last = static_cast<std::size_t>(out->rows - 1) * cols;
            dump.insert(dump.end(), out->values.begin() + static_cast<std::ptrdiff_t>(last),
                        out->values.begin() + static_cast<std::ptrdiff_t>(last + cols));
        }
        if (run >= o.warmup) {
            best = std::min(best, seconds);
            timed.push_back(seconds);
        }
    }
    // The peak over the timed passes, read before the profile pass resets the mark.
    const long peakKiB = statusKiB("VmHWM");
    json stages;
    if (o.profile) {  // where a pass's time and memory go: begin, each layer, the output head
        const bool reset = resetPeakRss();
        auto s0 = Clock::now();
        auto pass = m.begin(ids);
        if (!pass) {
            std::cerr << "bench_models: " << pass.error().describe() << '\n';
            return 1;
        }
        const auto since = [](Clock::time_point t) {
            return std::chrono::duration<double>(Clock::now() - t).count();
        };
        stages["begin"] = since(s0);
        std::vector<double> perLayer;
        for (int l = 0; l < layers; ++l) {
            s0 = Clock::now();
            if (!(*pass)->nextLayer()) {
                return 1;
            }
            perLayer.push_back(since(s0));
        }
        if (reset) {
            stages["layers_peak_kib"] = statusKiB("VmHWM");
            stages["before_output_rss_kib"] = statusKiB("VmRSS");
        }
        s0 = Clock::now();
        auto out = (*pass)->output();
        if (!out) {
            return 1;
        }
        stages["output"] = since(s0);
        stages["layers"] = perLayer;
        if (reset) {
            stages["output_peak_kib"] = statusKiB("VmHWM");
        }
    }
    if (!o.childDump.empty()) {
        std::ofstream f(o.childDump, std::ios::binary);
        f.write(reinterpret_cast<const char*>(dump.data()),
                static_cast<std::streamsize>(dump.size() * sizeof(float)));
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    json j;
    j["implementation"] = "Headwave engine (libtorch), float32 compute";
    j["threads"] = o.threads;
    j["tokens"] = ids.size();
    j["seconds"] = best;
    j["tokens_per_second"] = static_cast<double>(ids.size()) / best;
    j["all_seconds"] = timed;
    j["load_seconds"] = loadSeconds;
    j["peak_rss_kib"] = u.ru_maxrss;
    j["vm_hwm_kib"] = peakKiB;
    j["rss_after_load_kib"] = loadedKiB;
    j["rss_anon_kib"] = statusKiB("RssAnon");  // now, after the passes (not a peak)
    j["rss_file_kib"] = statusKiB("RssFile");
    j["file_bytes"] = m.info().fileBytes;
    j["stored_dtype"] = m.info().storedDtype;
    j["parameters"] = m.info().parameters;
    j["probability_sums"] = sums;
    j["logits_sum"] = logitsSum;
    j["dump_layers"] = dumpLayers;
    if (o.profile) {
        j["stages"] = stages;
    }
    std::cout << j.dump() << '\n';
    return 0;
}

// ---- the parent ----------------------------------------------------------------------------

// SplitMix64, for the token ids.
std::uint64_t splitMix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct Side {
    std::optional<json> best;  // the child run with the fewest seconds
    double peakKiB = 0;        // largest VmHWM over the child runs
    std::vector<double> all;   // seconds of every timed pass of every child run
    std::string error;

    double median() const {
        if (all.empty()) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        std::vector<double> v = all;
        std::sort(v.begin(), v.end());
        const std::size_t n = v.size();
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
};

struct ModelResult {
    std::string name;
    std::string dtype;
    std::uint64_t fileBytes = 0;
    std::uint64_t parameters = 0;
    int layers = 0;
    int heads = 0;
    Side engine, peer;
    bool contended = false;  // another benchmark was running during a child
    // Agreement: max |engine - peer| over the compared heads.
    double diffFirst = std::numeric_limits<double>::quiet_NaN();
    double diffLast = std::numeric_limits<double>::quiet_NaN();
    double diffLogits = std::numeric_limits<double>::quiet_NaN();
    double maxLogit = 0;
    double worstRowSumError = 0;  // max over layers of |sum - heads*T| / (heads*T), both sides
};

std::vector<float> readF32(const fs::path& p) {
    std::ifstream in(p, std::ios::binary | std::ios::ate);
    const auto size = static_cast<std::size_t>(in.tellg());
    std::vector<float> v(size / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
    return v;
}

void recordChild(Side& side, const std::optional<std::string>& output) {
    if (!output) {
        side.error = "the child failed";
        return;
    }
    try {
        json j = json::parse(*output);
        const double seconds = j.at("seconds").get<double>();
        side.peakKiB = std::max(side.peakKiB, j.at("vm_hwm_kib").get<double>());
        for (const auto& v : j.at("all_seconds")) {
            side.all.push_back(v.get<double>());
        }
        if (!side.best || seconds < side.best->at("seconds").get<double>()) {
            side.best = std::move(j);
        }
    } catch (const std::exception& e) {
        side.error = std::string("unreadable child output: ") + e.what();
    }
}

double rowSumError(const json& j, int heads, int T) {
    double worst = 0;
    const double expected = static_cast<double>(heads) * T;
    for (const auto& s : j.at("probability_sums")) {
        worst = std::max(worst, std::fabs(s.get<double>() - expected) / expected);
    }
    return worst;
}

std::optional<ModelResult> benchModel(const Options& o, const std::string& self,
                                      const std::string& name) {
    ModelResult r;
    r.name = name;
    const fs::path folder = fs::path(o.dir) / name;
    std::error_code ec;
    if (!fs::exists(folder / "config.json", ec) || !fs::exists(folder / "model.safetensors", ec)) {
        std::cerr << "bench_models: generating " << folder.string() << '\n';
        if (!capture(shellQuote(o.python) + " " + shellQuote(o.generator) + " " +
                     shellQuote(o.dir) + " --models " + shellQuote(name) + " 1>&2")) {
            return std::nullopt;
        }
    }
    json config;
    try {
        std::ifstream in(folder / "config.json");
        config = json::parse(in);
        r.layers = config.at("num_hidden_layers").get<int>();
        r.heads = config.at("num_attention_heads").get<int>();
    } catch (const std::exception& e) {
        std::cerr << "bench_models: " << (folder / "config.json").string() << ": " << e.what()
                  << '\n';
        return std::nullopt;
    }
    const int vocab = config.value("vocab_size", 0);
    if (vocab <= 0) {
        std::cerr << "bench_models: no vocab_size in " << folder.string() << '\n';
        return std::nullopt;
    }
    // Fixed random ids in [0, vocab), the same for both sides.
    const fs::path idsFile =
        fs::path(o.dir) / (name + "-ids-T" + std::to_string(o.tokens) + ".txt");
    {
        std::uint64_t state = o.seed;
        std::ofstream f(idsFile);
        for (int t = 0; t < o.tokens; ++t) {
            f << (splitMix(state) % static_cast<std::uint64_t>(vocab))
              << (t + 1 < o.tokens ? ' ' : '\n');
        }
    }
    const fs::path engineDump = fs::path(o.dir) / (name + "-engine.f32");
    const fs::path peerDump = fs::path(o.dir) / (name + "-peer.f32");
    const std::string common = " --repeats " + std::to_string(o.repeats) + " --warmup " +
                               std::to_string(o.warmup) + " --threads " + std::to_string(o.threads);
    const std::string engineCommand =
        shellQuote(self) + " --child-engine " + shellQuote(folder.string()) + " --child-ids " +
        shellQuote(idsFile.string()) + " --child-dump " + shellQuote(engineDump.string()) +
        " --check-heads " + std::to_string(o.checkHeads) + common + (o.profile ? " --profile" : "");
    const std::string peerCommand =
        shellQuote(o.python) + " " + shellQuote(o.peer) + " " + shellQuote(folder.string()) +
        " --ids " + shellQuote(idsFile.string()) + " --dump " + shellQuote(peerDump.string()) +
        " --dump-layers 0,-1 --dump-heads " + std::to_string(o.checkHeads) + " --dump-logits" +
        common + (o.profile ? " --profile" : "");
    for (int round = 0; round < o.rounds; ++round) {
        waitForQuiet(o);
        std::cerr << "bench_models: " << name << ": engine (round " << round + 1 << ")\n";
        recordChild(r.engine, capture(engineCommand));
        r.contended = r.contended || !otherBenchmarks().empty();
        if (o.runPeer) {
            waitForQuiet(o);
            std::cerr << "bench_models: " << name << ": peer (round " << round + 1 << ")\n";
            recordChild(r.peer, capture(peerCommand));
            r.contended = r.contended || !otherBenchmarks().empty();
        }
    }
    if (r.engine.best) {
        const json& e = *r.engine.best;
        r.dtype = e.value("stored_dtype", std::string());
        r.fileBytes = e.value("file_bytes", std::uint64_t{0});
        r.parameters = e.value("parameters", std::uint64_t{0});
        r.worstRowSumError = rowSumError(e, r.heads, o.tokens);
    }
    if (r.peer.best) {
        r.worstRowSumError =
            std::max(r.worstRowSumError, rowSumError(*r.peer.best, r.heads, o.tokens));
    }
    if (r.engine.best && r.peer.best) {
        const std::vector<float> a = readF32(engineDump);
        const std::vector<float> b = readF32(peerDump);
        const std::size_t block = static_cast<std::size_t>(std::min(o.checkHeads, r.heads)) *
                                  static_cast<std::size_t>(o.tokens) *
                                  static_cast<std::size_t>(o.tokens);
        const std::size_t blocks = r.layers > 1 ? 2 : 1;
        if (a.size() != b.size() || a.size() < blocks * block) {
            r.engine.error = "the engine's and the peer's dumps differ in size";
        } else {
            const auto maxDiff = [&](std::size_t from, std::size_t to) {
                double d = 0;
                for (std::size_t i = from; i < to; ++i) {
                    d = std::max(d,
                                 std::fabs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
                }
                return d;
            };
            r.diffFirst = maxDiff(0, block);
            r.diffLast = maxDiff((blocks - 1) * block, blocks * block);
            r.diffLogits = maxDiff(blocks * block, a.size());
            for (std::size_t i = blocks * block; i < b.size(); ++i) {
                r.maxLogit = std::max(r.maxLogit, std::fabs(static_cast<double>(b[i])));
            }
        }
    }
    fs::remove(engineDump, ec);
    fs::remove(peerDump, ec);
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
    if (!std::isfinite(v)) {
        return "n/a";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1e", v);
    return buf;
}

double number(const std::optional<json>& j, const char* key) {
    return j ? j->value(key, std::numeric_limits<double>::quiet_NaN())
             : std::numeric_limits<double>::quiet_NaN();
}

std::string mib(double bytes) {
    return fixed(bytes / (1024.0 * 1024.0), 0) + " MiB";
}

void printTables(const Options& o, const std::vector<ModelResult>& results) {
    std::cout << "\n## Forward pass + attention extraction, T = " << o.tokens << "\n\n"
              << "| model | stored | file size | engine tok/s | peer tok/s | engine / peer | "
                 "engine / peer (medians) | engine peak RSS | engine RSS / file | peer peak RSS | "
                 "peer RSS / file |\n"
              << "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const ModelResult& r : results) {
        const double e = number(r.engine.best, "tokens_per_second");
        const double p = number(r.peer.best, "tokens_per_second");
        const double file = static_cast<double>(r.fileBytes);
        const double ePeak = r.engine.peakKiB * 1024.0;
        const double pPeak = r.peer.peakKiB * 1024.0;
        std::cout << "| " << r.name << (r.contended ? " (*)" : "") << " | " << r.dtype << " | "
                  << mib(file) << " | " << fixed(e, 1) << " | " << fixed(p, 1) << " | "
                  << fixed(e / p, 2) << " | " << fixed(r.peer.median() / r.engine.median(), 2)
                  << " | " << (ePeak > 0 ? mib(ePeak) : "n/a") << " | " << fixed(ePeak / file, 2)
                  << " | " << (pPeak > 0 ? mib(pPeak) : "n/a") << " | " << fixed(pPeak / file, 2)
                  << " |\n";
    }
    if (std::any_of(results.begin(), results.end(), [](const auto& r) { return r.contended; })) {
        std::cout << "\n(*) another benchmark was running during a child: timings are shared.\n";
    }

    std::cout << "\n## Seconds per pass (" << o.repeats << " timed after " << o.warmup
              << " warm-up, in each of " << o.rounds << " round(s)) and load time\n\n"
              << "| model | params | layers x heads | engine best s | engine median s | peer best "
                 "s | peer median s | engine load s | peer load s |\n"
              << "|---|---:|---|---:|---:|---:|---:|---:|---:|\n";
    for (const ModelResult& r : results) {
        std::cout << "| " << r.name << " | " << fixed(static_cast<double>(r.parameters) / 1e6, 1)
                  << " M | " << r.layers << " x " << r.heads << " | "
                  << fixed(number(r.engine.best, "seconds"), 3) << " | "
                  << fixed(r.engine.median(), 3) << " | "
                  << fixed(number(r.peer.best, "seconds"), 3) << " | " << fixed(r.peer.median(), 3)
                  << " | " << fixed(number(r.engine.best, "load_seconds"), 2) << " | "
                  << fixed(number(r.peer.best, "load_seconds"), 2) << " |\n";
    }

    std::cout << "\n## Agreement (max |engine - peer|, heads 0.." << o.checkHeads - 1 << ")\n\n"
              << "| model | layer 0 attention | last layer attention | last-row logits "
                 "(max abs logit) | worst row-sum error |\n"
              << "|---|---:|---:|---:|---:|\n";
    for (const ModelResult& r : results) {
        std::cout << "| " << r.name << " | " << sci(r.diffFirst) << " | " << sci(r.diffLast)
                  << " | " << sci(r.diffLogits) << " (" << fixed(r.maxLogit, 2) << ") | "
                  << sci(r.worstRowSumError) << " |\n";
    }
    if (o.profile) {
        // One extra pass on each side (from the fastest child of each), split before the output
        // head; the engine's memory marks are from that pass (the peak mark reset before it).
        std::cout << "\n## Stages (one extra pass, seconds) and the engine's memory by stage\n\n"
                  << "| model | engine layers | peer layers | engine slowest layer | engine output "
                     "head | peer output head | engine peak in layers | engine RSS before head | "
                     "engine peak in head |\n"
                  << "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
        const auto kib = [](const json& j, const char* key) {
            return j.contains(key) ? mib(j.at(key).get<double>() * 1024.0) : std::string("n/a");
        };
        for (const ModelResult& r : results) {
            if (!r.engine.best || !r.engine.best->contains("stages")) {
                continue;
            }
            const json& s = r.engine.best->at("stages");
            double sum = s.at("begin").get<double>();
            double slowest = 0;
            for (const auto& v : s.at("layers")) {
                sum += v.get<double>();
                slowest = std::max(slowest, v.get<double>());
            }
            double peerLayers = std::numeric_limits<double>::quiet_NaN();
            double peerHead = std::numeric_limits<double>::quiet_NaN();
            if (r.peer.best && r.peer.best->contains("stages") &&
                r.peer.best->at("stages").is_object()) {
                const json& p = r.peer.best->at("stages");
                peerLayers = p.value("layers_and_embedding", peerLayers);
                peerHead = p.value("output", peerHead);
            }
            std::cout << "| " << r.name << " | " << fixed(sum, 3) << " | " << fixed(peerLayers, 3)
                      << " | " << fixed(slowest, 3) << " | "
                      << fixed(s.at("output").get<double>(), 3) << " | " << fixed(peerHead, 3)
                      << " | " << kib(s, "layers_peak_kib") << " | "
                      << kib(s, "before_output_rss_kib") << " | " << kib(s, "output_peak_kib")
                      << " |\n";
        }
    }
    for (const ModelResult& r : results) {
        for (const auto* side : {&r.engine, &r.peer}) {
            if (!side->error.empty()) {
                std::cout << "\n" << r.name << ": " << side->error << '\n';
            }
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
    if (!o.childModel.empty()) {
        return engineChild(o);
    }
    std::error_code ec;
    const std::string self = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec) {
        std::cerr << "bench_models: cannot find its own executable: " << ec.message() << '\n';
        return 1;
    }
    fs::create_directories(o.dir, ec);
    std::cout << "# bench_models\n\n"
              << "CPU: " << cpuModel() << ", " << std::thread::hardware_concurrency()
              << " hardware threads; " << o.threads
              << " intra-op threads on each side; T = " << o.tokens << "; best of " << o.repeats
              << " timed passes after " << o.warmup << " warm-up, " << o.rounds
              << " alternating engine/peer round(s); load average " << loadAverage()
              << " at the start\n";
    std::vector<ModelResult> results;
    for (const std::string& name : o.models) {
        auto r = benchModel(o, self, name);
        if (!r) {
            return 1;
        }
        results.push_back(std::move(*r));
    }
    std::cout << "\nLoad average at the end: " << loadAverage() << '\n';
    printTables(o, results);
    bool failed = false;
    for (const ModelResult& r : results) {
        failed = failed || !r.engine.error.empty() || (o.runPeer && !r.peer.error.empty());
    }
    return failed ? 1 : 0;
}
