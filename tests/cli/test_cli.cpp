// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli end to end: exit codes, messages, output files and their numbers, no partial output.
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_map.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/metric_catalogue.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/formats/attention_file.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/run/results_file.h"
#include "headwave/run/snapshots.h"
#include "hub_cache_fixture.h"
#include "interrupt.h"
#include "random_attention.h"
#include "shared_data.h"
#include "synthetic_run.h"

#include <spawn.h>

extern char** environ;

namespace fs = std::filesystem;
using namespace headwave;

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

fs::path scratch() {
    static fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "headwave-cli-test-XXXXXX").string();
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

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

Run runCliWithInput(const std::vector<std::string>& args, const std::string& input);

Run runCli(const std::vector<std::string>& args) {
    std::string cmd = quote(HEADWAVE_CLI);
    for (const auto& a : args) {
        cmd += " " + quote(a);
    }
    const fs::path out = scratch() / "stdout.txt";
    const fs::path err = scratch() / "stderr.txt";
    cmd += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// runCli with `input` on standard input.
Run runCliWithInput(const std::vector<std::string>& args, const std::string& input) {
    const fs::path in = scratch() / "stdin.txt";
    std::ofstream(in, std::ios::binary) << input;
    std::string cmd = quote(HEADWAVE_CLI);
    for (const auto& a : args) {
        cmd += " " + quote(a);
    }
    const fs::path out = scratch() / "stdout.txt";
    const fs::path err = scratch() / "stderr.txt";
    cmd += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " <" + quote(in.string());
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

// The commands headwave-cli's --help lists.
std::vector<std::string> commandNames() {
    std::vector<std::string> names;
    std::istringstream help(runCli({"--help"}).out);
    std::string line;
    bool inCommands = false;
    while (std::getline(help, line)) {
        if (line.rfind("Commands:", 0) == 0) {
            inCommands = true;
            continue;
        }
        if (inCommands) {
            std::istringstream words(line);
            std::string first;
            if (!(words >> first) || line.rfind("  ", 0) != 0) {
                break;
            }
            names.push_back(first);
        }
    }
    return names;
}

// The long options of every command, from the options reference generated from the definitions
// (`| `-m`, `--model` | ...` rows under `### `headwave-cli NAME``).
std::map<std::string, std::vector<std::string>> referenceOptions() {
    std::map<std::string, std::vector<std::string>> options;
    std::istringstream md(runCli({"__generate", "markdown"}).out);
    std::string line;
    std::string command;
    while (std::getline(md, line)) {
        if (line.rfind("### `headwave-cli ", 0) == 0) {
            command = line.substr(18, line.find('`', 18) - 18);
            continue;
        }
        if (command.empty() || line.rfind("| `", 0) != 0) {
            continue;
        }
        const std::string cell = line.substr(2, line.find(" | ", 2) - 2);
        for (std::size_t at = cell.find("`--"); at != std::string::npos;
             at = cell.find("`--", at + 1)) {
            options[command].push_back(cell.substr(at + 1, cell.find('`', at + 1) - at - 1));
        }
    }
    return options;
}

std::vector<std::string> exampleFiles() {
    std::vector<std::string> files;
    for (const auto& e :
         fs::directory_iterator(fs::path(HEADWAVE_SOURCE_DIR) / "examples/synthetic-heads")) {
        if (e.path().extension() == ".npy") {
            files.push_back(e.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> splitLine(const std::string& line) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(line);
    while (std::getline(in, item, ',')) {
        out.push_back(item);
    }
    return out;
}

}  // namespace

HW_TEST(version_and_usage) {
    Run v = runCli({"--version"});
    HW_CHECK_EQ(v.code, 0);
    HW_CHECK(v.out.find("headwave-cli ") == 0);
    HW_CHECK_EQ(runCli({}).code, 2);
    Run unknown = runCli({"frobnicate"});
    HW_CHECK_EQ(unknown.code, 2);
    HW_CHECK(unknown.err.find("unknown command 'frobnicate'") != std::string::npos);
    Run help = runCli({"analyze-attention", "--help"});
    HW_CHECK_EQ(help.code, 0);
    HW_CHECK(help.out.find("--band-edges") != std::string::npos);
}

// The metric catalogue's consumers in the CLI: report's table of every metric names every column of
// a results file (on stdout and in its CSV), and analyze-attention's model summary prints exactly
// the columns of the metrics marked runSummary, in catalogue order.
HW_TEST(report_and_summary_follow_the_metric_catalogue) {
    MethodSettings settings;
    settings.entropyWindows = {8, 24};
    settings.alphas = {0.5, 0.125, 1.0};
    const auto run = test::syntheticRun(settings, 3);
    const fs::path path = scratch() / "catalogue.hwrun";
    HW_CHECK(writeRunFile(path.string(), *run).ok());
    const fs::path csv = scratch() / "catalogue-tables";
    Run rep = runCli({"report", path.string(), "--csv", csv.string()});
    HW_CHECK_MSG(rep.code == 0, rep.err);
    const std::string table = slurp(csv / "all_metrics.csv");
    HW_CHECK(table.rfind("key,unit,mean,std,IQR,heads\n", 0) == 0);
    int columns = 0;
    for (const MetricFamily& f : kMetricCatalogue) {
        int found = 0;
        for (const MetricColumn& c : run->layout.columns()) {
            if (c.family != &f) {
                continue;
            }
            ++found;
            HW_CHECK_MSG(rep.out.find("| " + c.key + " | " + c.unit + " |") != std::string::npos,
                         "report lacks " << c.key);
            HW_CHECK_MSG(table.find("\n" + c.key + "," + c.unit + ",") != std::string::npos,
                         "all_metrics.csv lacks " << c.key);
        }
        HW_CHECK_MSG(found > 0, f.key << " has no column in the test's run");
        columns += found;
    }
    HW_CHECK_EQ(columns, static_cast<int>(run->layout.size()));

    const auto files = exampleFiles();
    std::vector<std::string> args = {"analyze-attention"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {"--out", (scratch() / "catalogue-summary").string(), "--quiet"});
    Run analyzed = runCli(args);
    HW_CHECK_MSG(analyzed.code == 0, analyzed.err);
    const MetricLayout layout(MethodSettings{}, 4);  // the example's level (see above)
    std::vector<std::string> expected;
    for (const MetricColumn& c : layout.columns()) {
        if (c.family->uses.runSummary) {
            expected.push_back(c.key);
        }
    }
    HW_CHECK(!expected.empty());
    // The summary's lines between the column heads and rho: one per metric, its key first.
    std::vector<std::string> printed;
    std::istringstream lines(analyzed.out);
    std::string line;
    bool inTable = false;
    while (std::getline(lines, line)) {
        if (line.rfind("rho ", 0) == 0) {
            break;
        }
        if (inTable) {
            printed.push_back(line.substr(0, line.find(' ')));
        }
        inTable = inTable || line.rfind("metric (over heads)", 0) == 0;
    }
    HW_CHECK(printed == expected);
}

HW_TEST(analyze_the_shipped_example) {
    const auto files = exampleFiles();
    HW_CHECK_EQ(files.size(), 3u);
    const fs::path out = scratch() / "example";
    std::vector<std::string> args = {"analyze-attention"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {"--out", out.string(), "--quiet"});
    Run r = runCli(args);
    HW_CHECK_MSG(r.code == 0, r.err);
    HW_CHECK(r.out.find("3 sequence(s), 2 layers x 6 heads, wavelet level 4") != std::string::npos);

    // metrics.csv: a header and one row per sequence, layer and head.
    std::istringstream csv(slurp(out / "metrics.csv"));
    std::string line;
    std::getline(csv, line);
    const auto header = splitLine(line);
    HW_CHECK(header.size() > 10 && header[5] == "band_low");
    std::vector<std::vector<std::string>> rows;
    while (std::getline(csv, line)) {
        rows.push_back(splitLine(line));
    }
    HW_CHECK_EQ(rows.size(), 3u * 2u * 6u);

    // The CSV numbers read back to exactly what the engine computes for that head (shortest
    // round-trip formatting): sequence 1, layer 1, head 3.
    auto src = openAttentionFile(files[1]);
    HW_CHECK(src.ok());
    if (!src.ok()) {
        return;
    }
    auto layer = (*src)->layer(1);
    HW_CHECK(layer.ok());
    const int T = (*src)->shape().tokens;
    HeadAnalyzer analyzer(MethodSettings{}, 4);
    auto m = analyzer.analyze(layer->f32() + static_cast<std::size_t>(3 * T * T), T);
    HW_CHECK(m.ok());
    bool found = false;
    for (const auto& row : rows) {
        if (row[0] == "1" && row[3] == "1" && row[4] == "3") {
            found = true;
            HW_CHECK_EQ(std::stod(row[2]), static_cast<double>(T));
            HW_CHECK_EQ(std::stod(row[9]), m->spectralEntropy);
            HW_CHECK_EQ(std::stod(row[5]), m->bandLow);
            HW_CHECK_EQ(std::stod(row[11]), m->localShare);
        }
    }
    HW_CHECK(found);
    HW_CHECK(fs::exists(out / "heads.csv") && fs::exists(out / "summary.json"));
    HW_CHECK(slurp(out / "summary.json").find("\"format\": \"headwave-summary\"") !=
             std::string::npos);

    // A second run refuses to overwrite without --force and leaves the files as they were.
    const std::string before = slurp(out / "metrics.csv");
    Run again = runCli(args);
    HW_CHECK_EQ(again.code, 2);
    HW_CHECK(again.err.find("--force") != std::string::npos);
    HW_CHECK(slurp(out / "metrics.csv") == before);
    args.push_back("--force");
    HW_CHECK_EQ(runCli(args).code, 0);
}

HW_TEST(bad_files_and_settings_fail_cleanly_without_output) {
    const fs::path bad = scratch() / "truncated.npy";
    const std::string good = slurp(exampleFiles()[0]);
    {
        std::ofstream f(bad, std::ios::binary);
        f.write(good.data(), static_cast<std::streamsize>(good.size() / 2));
    }
    const fs::path out = scratch() / "bad-out";
    Run r = runCli({"analyze-attention", bad.string(), "--out", out.string()});
    HW_CHECK_EQ(r.code, 1);
    HW_CHECK_MSG(r.err.find("truncated.npy") != std::string::npos, r.err);
    HW_CHECK(!fs::exists(out / "metrics.csv"));

    Run missing =
        runCli({"analyze-attention", (scratch() / "nope.npy").string(), "--out", out.string()});
    HW_CHECK_EQ(missing.code, 1);
    HW_CHECK(missing.err.find("nope.npy") != std::string::npos);

    Run level =
        runCli({"analyze-attention", exampleFiles()[0], "--out", out.string(), "--level", "9"});
    HW_CHECK_EQ(level.code, 2);
    HW_CHECK(level.err.find("at most level 4") != std::string::npos);

    Run edges = runCli(
        {"analyze-attention", exampleFiles()[0], "--out", out.string(), "--band-edges", "0.9,0.2"});
    HW_CHECK_EQ(edges.code, 2);
    Run option = runCli({"analyze-attention", exampleFiles()[0], "--out", out.string(), "--bogus"});
    HW_CHECK_EQ(option.code, 2);
    HW_CHECK(option.err.find("Unknown option --bogus") != std::string::npos);

    // Rows that do not sum to 1: refused, or repaired and reported with --renormalise-rows.
    const int T = 32;
    auto A = test::randomAttention<float>(T, 3);
    for (int j = 0; j < T; ++j) {
        A[static_cast<std::size_t>(5 * T + j)] *= 0.5f;
    }
    const fs::path unnorm = scratch() / "unnormalised.npy";
    HW_CHECK(writeNpy(unnorm.string(), DType::Float32, {T, T}, A.data()).ok());
    Run refused = runCli({"analyze-attention", unnorm.string(), "--out", out.string()});
    HW_CHECK_EQ(refused.code, 1);
    HW_CHECK_MSG(refused.err.find("row 5 sums to 0.4999") != std::string::npos ||
                     refused.err.find("row 5 sums to 0.5") != std::string::npos,
                 refused.err);
    HW_CHECK(refused.err.find("Could not write") == std::string::npos);
    Run repaired = runCli({"analyze-attention", unnorm.string(), "--out", out.string(),
                           "--renormalise-rows", "--quiet"});
    HW_CHECK_EQ(repaired.code, 0);
    HW_CHECK(repaired.err.find("1 attention rows did not sum to 1") != std::string::npos);

    // An unwritable output location (a path below a regular file) is a clear error.
    Run unwritable =
        runCli({"analyze-attention", exampleFiles()[0], "--out", (fs::path(bad) / "sub").string()});
    HW_CHECK_EQ(unwritable.code, 1);
    HW_CHECK(unwritable.err.find("Cannot create the output folder") != std::string::npos);
}

// Bad input that once passed silently (docs/robustness.md): a model whose weights hold an
// infinity (a float16 overflow in the checkpoint) gave NaN attention and exit 0; a corpus of
// random bytes was analysed. The demo model (resources/demo, in the repository) stands in.
HW_TEST(non_finite_attention_and_a_corpus_that_is_not_text_are_errors) {
    const fs::path demo = fs::path(HEADWAVE_SOURCE_DIR) / "resources/demo/rope/step-0512";
    const fs::path model = scratch() / "inf-model";
    fs::create_directories(model);
    for (const char* f : {"config.json", "model.safetensors", "tokenizer.json"}) {
        fs::copy_file(demo / f, model / f, fs::copy_options::overwrite_existing);
    }
    std::string bytes = slurp(model / "model.safetensors");
    auto header =
        parseSafetensorsHeader(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    HW_CHECK(header.ok());
    if (!header.ok()) {
        return;
    }
    // Layer 2's query projection, the first row of head 3 (head size 16): float16 infinity.
    const SafetensorsTensor* q = header->find("model.layers.2.self_attn.q_proj.weight");
    HW_CHECK(q != nullptr && q->dtype == SafetensorsDType::F16);
    if (q == nullptr) {
        return;
    }
    const std::size_t at = header->dataStart + q->begin + 2 * static_cast<std::size_t>(3 * 16 * 96);
    bytes[at] = '\x00';
    bytes[at + 1] = '\x7c';  // 0x7C00 little-endian: +infinity
    std::ofstream(model / "model.safetensors", std::ios::binary) << bytes;

    // The loader warns, naming the tensor (info lists the model's warnings).
    Run info = runCli({"info", "--model", model.string()});
    HW_CHECK_EQ(info.code, 0);
    HW_CHECK_MSG(info.err.find("model.layers.2.self_attn.q_proj.weight") != std::string::npos &&
                     info.err.find("NaN or infinite") != std::string::npos,
                 info.out << info.err);
    // attention: an error naming the layer and head, exit 1 (class Failure), no file.
    const fs::path out = scratch() / "inf-attention.npy";
    Run att = runCli({"attention", "--model", model.string(), "--text", "To be, or not to be.",
                      "--out", out.string()});
    HW_CHECK_EQ(att.code, 1);
    HW_CHECK_MSG(att.err.find("Layer 2, head 3") != std::string::npos, att.err);
    HW_CHECK_MSG(att.err.find("model.layers.2.self_attn.q_proj.weight") != std::string::npos,
                 att.err);  // the loader's warning, printed before the pass
    HW_CHECK(!fs::exists(out));
    // analyze on the same model: the same error.
    Run analyze = runCli({"analyze", "--model", model.string(), "--text", "To be, or not to be.",
                          "--out", (scratch() / "inf.hwrun").string(), "--quiet"});
    HW_CHECK_EQ(analyze.code, 1);
    HW_CHECK_MSG(analyze.err.find("Layer 2, head 3") != std::string::npos, analyze.err);
    HW_CHECK(!fs::exists(scratch() / "inf.hwrun"));

    // A corpus of random bytes: refused with the reason, exit 1, no file.
    std::string noise(20000, '\0');
    std::uint32_t x = 12345;
    for (char& c : noise) {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    const fs::path binary = scratch() / "noise.txt";
    std::ofstream(binary, std::ios::binary) << noise;
    const fs::path run = scratch() / "noise.hwrun";
    Run refused =
        runCli({"analyze", "--model", demo.string(), "--corpus", binary.string(), "--min-tokens",
                "32", "--max-tokens", "64", "--out", run.string(), "--quiet"});
    HW_CHECK_EQ(refused.code, 1);
    HW_CHECK_MSG(refused.err.find("does not look like text") != std::string::npos, refused.err);
    HW_CHECK(!fs::exists(run));
    // Text with a few stray bytes: analysed, with a warning that counts them.
    std::string text = slurp(fs::path(HEADWAVE_SOURCE_DIR) / "resources/demo/text.txt");
    text.insert(100, std::string("\x00\xff\xfe", 3));
    const fs::path stray = scratch() / "stray.txt";
    std::ofstream(stray, std::ios::binary) << text;
    Run warned =
        runCli({"analyze", "--model", demo.string(), "--corpus", stray.string(), "--min-tokens",
                "32", "--max-tokens", "200", "--out", run.string(), "--quiet"});
    HW_CHECK_EQ(warned.code, 0);
    HW_CHECK_MSG(warned.err.find("3 of the") != std::string::npos &&
                     warned.err.find("invalid UTF-8") != std::string::npos,
                 warned.err);
}

HW_TEST(interrupt_guard_turns_sigint_into_a_stop_request) {
    cli::InterruptGuard guard;
    HW_CHECK(!guard.token().stop_requested());
    kill(getpid(), SIGINT);  // process-directed: the watcher thread receives it
    for (int i = 0; i < 200 && !guard.token().stop_requested(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    HW_CHECK(guard.token().stop_requested());
    HW_CHECK(guard.interrupted());
}

namespace {

bool haveShared() {
    return fs::exists(test::sharedDir() / "models/stories260K/config.json") &&
           fs::exists(test::sharedDir() / "text/tinyshakespeare.txt");
}

std::string stories() {
    return (test::sharedDir() / "models/stories260K").string();
}
std::string shakespeare() {
    return (test::sharedDir() / "text/tinyshakespeare.txt").string();
}

}  // namespace

HW_TEST(model_commands_on_stories260k) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    Run info = runCli({"info", "--model", stories()});
    HW_CHECK_EQ(info.code, 0);
    HW_CHECK(info.out.find("positional:   RoPE") != std::string::npos);
    HW_CHECK(info.out.find("8 query, 4 key/value") != std::string::npos);

    const fs::path att = scratch() / "att.npy";
    Run a = runCli({"attention", "--model", stories(), "--text",
                    "Once upon a time, there was a little girl named Lily.", "--out", att.string(),
                    "--quiet"});
    HW_CHECK_MSG(a.code == 0, a.err);
    // The written attention equals the shared reference (float32, 1e-5 absolute).
    auto src = openAttentionFile(att.string());
    HW_CHECK(src.ok());
    if (src.ok()) {
        HW_CHECK_EQ((*src)->shape().tokens, 16);
        std::ifstream ref(test::sharedDir() / "models/stories260K/reference/attention.f32",
                          std::ios::binary);
        std::vector<float> want(5 * 8 * 16 * 16);
        ref.read(reinterpret_cast<char*>(want.data()),
                 static_cast<std::streamsize>(want.size() * sizeof(float)));
        double maxDiff = 0;
        for (int l = 0; l < 5; ++l) {
            auto layer = (*src)->layer(l);
            HW_CHECK(layer.ok());
            for (std::size_t i = 0; layer.ok() && i < 8 * 16 * 16; ++i) {
                maxDiff = std::max(
                    maxDiff,
                    std::fabs(double(layer->f32()[i]) -
                              double(want[static_cast<std::size_t>(l) * 8 * 16 * 16 + i])));
            }
        }
        HW_CHECK_MSG(maxDiff < 1e-5, "max diff " << maxDiff);
    }
    Run empty = runCli(
        {"attention", "--model", stories(), "--text", "", "--out", (scratch() / "e.npy").string()});
    HW_CHECK_EQ(empty.code, 2);
    HW_CHECK(empty.err.find("empty") != std::string::npos);
    Run nomodel = runCli({"attention", "--model", (scratch() / "none").string(), "--ids", "1,2",
                          "--out", (scratch() / "e.npy").string()});
    HW_CHECK_EQ(nomodel.code, 1);
    HW_CHECK(nomodel.err.find("is not a folder") != std::string::npos);
}

// One text through the session from the CLI: `analyze --text` writes the same numbers as
// `attention` + `analyze-attention` on that text (the same pass, the same analysis), --text-file
// the same file as --text, and `rescale` the S(alpha) the file holds for the head.
// --model org/name[@revision] from a Hugging Face cache built by the test (HF_HUB_CACHE); the
// models command lists it; an id that is not cached fails with the closest ids, never a download.
HW_TEST(models_from_the_hugging_face_cache) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    const fs::path cache = scratch() / "hub";
    test::makeHubCache(cache, stories());
    setenv("HF_HUB_CACHE", cache.c_str(), 1);
    Run info = runCli({"info", "--model", "acme/tiny@v1.0", "--json"});
    HW_CHECK_MSG(info.code == 0, info.err);
    const auto card = nlohmann::json::parse(info.out, nullptr, false);
    HW_CHECK(!card.is_discarded());
    if (!card.is_discarded()) {
        HW_CHECK_EQ(card.value("model", ""), std::string("acme/tiny"));
        HW_CHECK_EQ(card.value("source", ""), std::string("acme/tiny@v1.0"));
        HW_CHECK_EQ(card.value("folder", ""),
                    (cache / "models--acme--tiny/snapshots" / test::kCommitTag).string());
        HW_CHECK_EQ(card.value("layers", 0), 5);
    }
    // The same attention as from the folder itself, bit for bit.
    const std::string text = "Once upon a time, there was a little girl named Lily.";
    const fs::path fromHub = scratch() / "hub-att.npy";
    const fs::path fromFolder = scratch() / "folder-att.npy";
    Run a = runCli({"attention", "-m", "acme/tiny", "--text", text, "-o", fromHub.string(), "-q"});
    Run b = runCli({"attention", "-m", stories(), "--text", text, "-o", fromFolder.string(), "-q"});
    HW_CHECK_MSG(a.code == 0 && b.code == 0, a.err << b.err);
    HW_CHECK(slurp(fromHub) == slurp(fromFolder) && !slurp(fromHub).empty());

    Run list = runCli({"models", "--json"});
    HW_CHECK_MSG(list.code == 0, list.err);
    const auto models = nlohmann::json::parse(list.out, nullptr, false);
    HW_CHECK(!models.is_discarded() && models.value("cache", "") == cache.string());
    int openable = 0;
    if (!models.is_discarded()) {
        for (const auto& m : models["models"]) {
            openable += m.value("openable", false) ? 1 : 0;
        }
    }
    HW_CHECK_EQ(openable, 4);  // acme/tiny's three snapshots and acme/other-model's one
    Run listing = runCli({"models"});
    HW_CHECK_MSG(listing.out.find("acme/tiny@a1b2c3d4e5f6 (main)") != std::string::npos,
                 listing.out);

    Run missing = runCli({"info", "--model", "acme/tinny"});
    HW_CHECK_EQ(missing.code, 1);
    HW_CHECK_MSG(missing.err.find("acme/tiny") != std::string::npos &&
                     missing.err.find("never downloads") != std::string::npos,
                 missing.err);
    unsetenv("HF_HUB_CACHE");
}

HW_TEST(analyze_text_equals_attention_files_and_rescale_equals_the_file) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    const std::string text =
        "Once upon a time, there was a little girl named Lily. She loved to play outside in the "
        "park with her friend Ben. One day they found a shiny stone by the pond.";
    const fs::path att = scratch() / "text-att.npy";
    Run a = runCli({"attention", "--model", stories(), "--text", text, "--out", att.string(),
                    "--quiet", "--force"});
    HW_CHECK_MSG(a.code == 0, a.err);
    const fs::path dir = scratch() / "text-att-metrics";
    Run aa =
        runCli({"analyze-attention", att.string(), "--out", dir.string(), "--force", "--quiet"});
    HW_CHECK_MSG(aa.code == 0, aa.err);
    const fs::path run = scratch() / "text.hwrun";
    Run t = runCli({"analyze", "--model", stories(), "--text", text, "--out", run.string(),
                    "--force", "--quiet"});
    HW_CHECK_MSG(t.code == 0, t.err);
    HW_CHECK(t.out.find("1 text of") != std::string::npos);
    auto r = readRunFile(run.string());
    HW_CHECK_MSG(r.ok(), (r.ok() ? "" : r.error().message));
    if (!r.ok()) {
        return;
    }
    // metrics.csv: sequence,source,tokens,layer,head,<keys>; every key it has, bit for bit.
    std::istringstream csv(slurp(dir / "metrics.csv"));
    std::string line;
    std::getline(csv, line);
    const std::vector<std::string> header = splitLine(line);
    int rows = 0;
    int compared = 0;
    while (std::getline(csv, line)) {
        const std::vector<std::string> f = splitLine(line);
        const int layer = std::stoi(f[3]);
        const int head = std::stoi(f[4]);
        for (std::size_t c = 5; c < header.size(); ++c) {
            const int column = (*r)->layout.index(header[c]);
            HW_CHECK_MSG(column >= 0, header[c]);
            const double want = (*r)->metric(0, layer, head, static_cast<std::size_t>(column));
            const double got = f[c] == "nan" ? std::nan("") : std::strtod(f[c].c_str(), nullptr);
            HW_CHECK_MSG(
                (std::isnan(want) && std::isnan(got)) || want == got,
                header[c] << " of " << layer << ":" << head << ": " << got << " vs " << want);
            ++compared;
        }
        ++rows;
    }
    HW_CHECK_EQ(rows, 5 * 8);
    HW_CHECK(compared > rows * 10);

    // --text-file gives the same file.
    const fs::path textFile = scratch() / "text.txt";
    std::ofstream(textFile, std::ios::binary) << text;
    const fs::path run2 = scratch() / "text2.hwrun";
    Run t2 = runCli({"analyze", "--model", stories(), "--text-file", textFile.string(), "--out",
                     run2.string(), "--quiet"});
    HW_CHECK_MSG(t2.code == 0, t2.err);
    HW_CHECK(slurp(run) == slurp(run2));

    // rescale --json: S(alpha) as the file holds it for that head, and the profiles.
    Run s = runCli({"rescale", "--model", stories(), "--text", text, "--head", "2:5", "--alpha",
                    "0.25", "--json"});
    HW_CHECK_MSG(s.code == 0, s.err);
    const auto j = nlohmann::json::parse(s.out, nullptr, false);
    HW_CHECK(!j.is_discarded());
    if (!j.is_discarded()) {
        const int column = (*r)->layout.index("scale_sensitivity_a0.25");
        const double fromFile = (*r)->metric(0, 2, 5, static_cast<std::size_t>(column));
        HW_CHECK_EQ(j.at("sensitivity").get<double>(), fromFile);
        HW_CHECK_EQ(j.at("original").size(), static_cast<std::size_t>((*r)->tokens[0]));
        HW_CHECK_EQ(j.at("stretched").size(), static_cast<std::size_t>((*r)->tokens[0]));
        HW_CHECK_EQ(j.at("layer").get<int>(), 2);
    }
    Run human = runCli({"rescale", "--model", stories(), "--text", text, "--head", "2:5"});
    HW_CHECK_MSG(human.code == 0 && human.out.find("S(0.5) = ") != std::string::npos, human.out);

    // Clear refusals.
    Run badHead = runCli({"rescale", "--model", stories(), "--text", text, "--head", "9:0"});
    HW_CHECK_EQ(badHead.code, 2);
    HW_CHECK_MSG(badHead.err.find("no head 9:0") != std::string::npos, badHead.err);
    Run malformed = runCli({"rescale", "--model", stories(), "--text", text, "--head", "two"});
    HW_CHECK_EQ(malformed.code, 2);
    HW_CHECK(malformed.err.find("LAYER:HEAD") != std::string::npos);
    Run corpusOption = runCli({"analyze", "--model", stories(), "--text", text, "--shard", "0/2",
                               "--out", (scratch() / "x.hwrun").string()});
    HW_CHECK_EQ(corpusOption.code, 2);
    HW_CHECK(corpusOption.err.find("applies to corpus runs") != std::string::npos);
    Run both = runCli({"analyze", "--model", stories(), "--text", text, "--corpus", shakespeare(),
                       "--out", (scratch() / "y.hwrun").string()});
    HW_CHECK_EQ(both.code, 2);
}

// Every command answers -h, and its help and the man page list exactly the options of the
// definitions (the options reference is generated from them too).
HW_TEST(every_command_has_help_and_the_man_page_lists_its_options) {
    const std::vector<std::string> commands = commandNames();
    HW_CHECK_MSG(commands.size() >= 11, "commands: " << commands.size());
    const auto reference = referenceOptions();
    const std::string man = runCli({"__generate", "man"}).out;
    HW_CHECK(man.find(".TH HEADWAVE-CLI 1") == 0);
    for (const std::string& c : commands) {
        Run h = runCli({c, "-h"});
        HW_CHECK_MSG(h.code == 0, c << ": " << h.err);
        HW_CHECK_MSG(h.out.find("Usage: headwave-cli " + c) != std::string::npos, c);
        const auto it = reference.find(c);
        HW_CHECK_MSG(it != reference.end() && !it->second.empty(), "no options for " << c);
        if (it == reference.end()) {
            continue;
        }
        const std::size_t section = man.find(".SS " + c + "\n");
        const std::size_t next = man.find(".SS ", section + 4);
        HW_CHECK_MSG(section != std::string::npos, c);
        const std::string page = man.substr(section, next - section);
        for (const std::string& option : it->second) {
            HW_CHECK_MSG(h.out.find(option) != std::string::npos, c << " --help lacks " << option);
            // roff escapes every '-' of an option as "\-".
            std::string escaped;
            for (char ch : option) {
                escaped += ch == '-' ? std::string("\\-") : std::string(1, ch);
            }
            HW_CHECK_MSG(page.find(escaped) != std::string::npos,
                         "man page, " << c << ": " << option);
        }
    }
    // The bash completion knows every command.
    const std::string bash = runCli({"__generate", "bash"}).out;
    for (const std::string& c : commands) {
        HW_CHECK_MSG(bash.find(c + ")") != std::string::npos, "completion lacks " << c);
    }
    Run figuresMan = runCli({"__generate", "figures-man"});
    HW_CHECK(figuresMan.code == 0 && figuresMan.out.find("\\-\\-width\\-mm") != std::string::npos);
}

// --json, '-' for standard input, and no carriage returns or progress on stdout in a log.
HW_TEST(json_outputs_standard_input_and_no_progress_in_logs) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    Run info = runCli({"info", "-m", stories(), "--json"});
    HW_CHECK_MSG(info.code == 0, info.err);
    const auto card = nlohmann::json::parse(info.out, nullptr, false);
    HW_CHECK(!card.is_discarded() && card.value("layers", 0) == 5 && card.value("heads", 0) == 8 &&
             card.at("tokenizer").is_object());
    Run noTokenizer =
        runCli({"info", "-m", (test::sharedDir() / "models/tiny-random/llama").string(), "--json"});
    HW_CHECK_MSG(noTokenizer.code == 0, noTokenizer.err);
    const auto bare = nlohmann::json::parse(noTokenizer.out, nullptr, false);
    HW_CHECK(!bare.is_discarded() && bare.at("tokenizer").is_null() &&
             !bare.value("tokenizer_problem", std::string()).empty());

    const std::string text =
        "Once upon a time, there was a little girl named Lily. She loved to play.";
    const fs::path a = scratch() / "stdin-a.hwrun";
    const fs::path b = scratch() / "stdin-b.hwrun";
    Run fromArg = runCli({"analyze", "-m", stories(), "-t", text, "-o", a.string(), "-f"});
    Run fromStdin =
        runCliWithInput({"analyze", "-m", stories(), "-T", "-", "-o", b.string(), "-f"}, text);
    HW_CHECK_MSG(fromArg.code == 0 && fromStdin.code == 0, fromArg.err << fromStdin.err);
    HW_CHECK(slurp(a) == slurp(b) && !slurp(a).empty());
    // Progress went to a file (not a terminal): no bar, no carriage return.
    HW_CHECK_MSG(fromArg.err.find('\r') == std::string::npos, fromArg.err);
    Run both = runCli({"analyze", "-m", stories(), "-t", text, "-T", "x.txt", "-o",
                       (scratch() / "both.hwrun").string()});
    HW_CHECK_EQ(both.code, 2);
    HW_CHECK_MSG(both.err.find("not both") != std::string::npos, both.err);

    Run report = runCli({"report", a.string(), "--json"});
    HW_CHECK_MSG(report.code == 0, report.err);
    const auto r = nlohmann::json::parse(report.out, nullptr, false);
    HW_CHECK(!r.is_discarded() && r.at("about").value("sequences", 0) == 1 &&
             r.at("tables").size() >= 5);
    Run compare = runCli({"compare", a.string(), b.string(), "--json"});
    const auto cmp = nlohmann::json::parse(compare.out, nullptr, false);
    HW_CHECK_MSG(
        compare.code == 0 && !cmp.is_discarded() && cmp.at("tables").at(0).at("rows").size() == 2,
        compare.out);

    const fs::path att = scratch() / "log-att.npy";
    Run attention = runCli({"attention", "-m", stories(), "-t", text, "-o", att.string(), "-f"});
    HW_CHECK_MSG(attention.code == 0, attention.err);
    HW_CHECK_MSG(attention.err.find('\r') == std::string::npos, attention.err);
}

// A second Ctrl-C ends at once (exit 130), even while the program waits for its input, and leaves
// no file behind.
HW_TEST(a_second_ctrl_c_ends_at_once) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    const fs::path out = scratch() / "second-ctrl-c.hwrun";
    std::vector<std::string> args = {HEADWAVE_CLI, "analyze", "-m", stories(),
                                     "-T",         "-",       "-o", out.string()};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    int input[2];
    HW_CHECK(pipe(input) == 0);  // kept open and never written: the program waits for its text
    const fs::path err = scratch() / "second-ctrl-c.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    HW_CHECK(posix_spawn(&pid, HEADWAVE_CLI, &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(input[0]);
    // The program opens the model first (seconds on a busy machine), then reads its text: wait
    // until its main thread is blocked reading standard input (/proc's syscall file names the
    // system call and its first argument, the file descriptor), so that the first Ctrl-C lands
    // while the program waits for its input, not while the model opens.
    const std::string syscallFile = "/proc/" + std::to_string(pid) + "/syscall";
    const std::string readingStdin = std::to_string(SYS_read) + " 0x0 ";
    auto ready = [&] { return slurp(syscallFile).rfind(readingStdin, 0) == 0; };
    const auto started = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!ready() && std::chrono::steady_clock::now() < started) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    HW_CHECK_MSG(ready(), "the program never waited for its text: " << slurp(syscallFile) << ' '
                                                                    << slurp(err));
    kill(pid, SIGINT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (slurp(err).find("again") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto second = std::chrono::steady_clock::now();
    kill(pid, SIGINT);
    int exit = 0;
    waitpid(pid, &exit, 0);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - second)
            .count();
    close(input[1]);
    HW_CHECK_MSG(WIFEXITED(exit) && WEXITSTATUS(exit) == 130, slurp(err));
    HW_CHECK_MSG(slurp(err).find("stopped at once") != std::string::npos, slurp(err));
    HW_CHECK_MSG(ms < 2000, "took " << ms << " ms");
    HW_CHECK(!fs::exists(out));
}

HW_TEST(analyze_report_compare_merge) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    const std::vector<std::string> common = {
        "--model",      stories(), "--corpus",     shakespeare(), "--sequences", "6",
        "--min-tokens", "64",      "--max-tokens", "128",         "--quiet"};
    auto analyze = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {"analyze"};
        args.insert(args.end(), common.begin(), common.end());
        args.insert(args.end(), extra.begin(), extra.end());
        return runCli(args);
    };
    const fs::path single = scratch() / "single.hwrun";
    Run r = analyze({"--out", single.string()});
    HW_CHECK_MSG(r.code == 0, r.err);
    HW_CHECK(r.err.find("time ") != std::string::npos);  // stage timings
    for (int k = 0; k < 2; ++k) {
        Run sh = analyze({"--shard", std::to_string(k) + "/2", "--out",
                          (scratch() / ("s" + std::to_string(k) + ".hwrun")).string()});
        HW_CHECK_MSG(sh.code == 0, sh.err);
    }
    const fs::path merged = scratch() / "merged.hwrun";
    Run m = runCli({"merge", (scratch() / "s1.hwrun").string(), (scratch() / "s0.hwrun").string(),
                    "--out", merged.string()});
    HW_CHECK_MSG(m.code == 0, m.err);
    HW_CHECK(slurp(merged) == slurp(single));  // deterministic, and merge equals one run

    const fs::path csv = scratch() / "tables";
    Run rep = runCli({"report", single.string(), "--csv", csv.string(), "--per-head"});
    HW_CHECK_EQ(rep.code, 0);
    for (const char* title :
         {"## Run", "## Scale sensitivity", "## Position-spectrum correlation",
          "## Reconstruction error", "## Spectral entropy and frequency",
          "## Band shares of spectral power", "## Window entropy", "## Wavelet entropy per scale",
          "## Band shares across layers", "## Heads"}) {
        HW_CHECK_MSG(rep.out.find(title) != std::string::npos, "missing table " << title);
    }
    HW_CHECK(rep.out.find("| 0.5x |") != std::string::npos);
    HW_CHECK(fs::exists(csv / "band_shares.csv") && fs::exists(csv / "layer_profile.csv"));

    Run none = analyze({"--alphas", "none", "--out", (scratch() / "none.hwrun").string()});
    HW_CHECK_EQ(none.code, 0);
    Run cmp = runCli({"compare", single.string(), (scratch() / "none.hwrun").string()});
    HW_CHECK_EQ(cmp.code, 0);
    HW_CHECK(cmp.out.find("| single | stories260K | RoPE | 6 |") != std::string::npos);

    Run exists = analyze({"--out", single.string()});
    HW_CHECK_EQ(exists.code, 2);
    Run badShard = analyze({"--shard", "2/2", "--out", (scratch() / "x.hwrun").string()});
    HW_CHECK_EQ(badShard.code, 2);
    Run foreign = runCli({"report", (scratch() / "tables" / "run.csv").string()});
    HW_CHECK_EQ(foreign.code, 1);
    HW_CHECK(foreign.err.find("not a Headwave results file") != std::string::npos);
}

HW_TEST(heads_maps_results_files) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    // Two results files of the same heads (--alphas changes no feature of the map): every head's
    // nearest head is its twin in the other file, at distance 0.
    const fs::path a = scratch() / "heads-a.hwrun";
    const fs::path b = scratch() / "heads-b.hwrun";
    for (const auto& [path, alphas] : {std::pair{a, "0.5"}, std::pair{b, "none"}}) {
        Run r = runCli({"analyze", "--model", stories(), "--corpus", shakespeare(), "--sequences",
                        "3", "--min-tokens", "64", "--max-tokens", "96", "--alphas", alphas,
                        "--quiet", "--out", path.string()});
        HW_CHECK_MSG(r.code == 0, r.err);
    }
    const fs::path out = scratch() / "heads";
    Run r = runCli({"heads", a.string(), b.string(), "--out", out.string(), "--neighbours", "3"});
    HW_CHECK_MSG(r.code == 0, r.err);
    HW_CHECK(r.out.find("head map of 80 heads from 2 sources") != std::string::npos);

    // The same map in process, from the same files: the CSV holds its numbers exactly (shortest
    // round-trip formatting).
    std::vector<HeadMapSource> sources;
    for (const fs::path& p : {a, b}) {
        auto run = readRunFile(p.string());
        HW_CHECK(run.ok());
        if (!run) {
            return;
        }
        sources.push_back(headMapSource(*snapshotFromRun(run.value()), p.stem().string()));
    }
    HeadMapOptions options;
    options.neighbours = 3;
    auto map = computeHeadMap(sources, options);
    HW_CHECK(map.ok());
    if (!map) {
        return;
    }
    std::istringstream csv(slurp(out / "head_map.csv"));
    std::string line;
    std::getline(csv, line);
    const auto header = splitLine(line);
    HW_CHECK_EQ(header.size(), 7 + 2 * map->features.size());
    HW_CHECK(header[3] == "pc1" && header[4] == "pc2" && header[5] == "class");
    HW_CHECK(header[7] == "band_low");
    std::size_t i = 0;
    while (std::getline(csv, line)) {
        const auto row = splitLine(line);
        HW_CHECK_EQ(row.size(), header.size());
        if (i >= map->size() || row.size() != header.size()) {
            break;
        }
        const HeadMapHead& h = map->heads[i];
        HW_CHECK(row[0] == (h.source == 0 ? "heads-a" : "heads-b"));
        HW_CHECK_EQ(std::stoi(row[1]), h.layer);
        HW_CHECK_EQ(std::stoi(row[2]), h.head);
        HW_CHECK_EQ(std::stod(row[3]), map->pc(i, 0));
        HW_CHECK_EQ(std::stod(row[4]), map->pc(i, 1));
        HW_CHECK_EQ(std::stoi(row[5]), map->classes[i]);
        HW_CHECK_EQ(std::stod(row[7]), map->raw[i * map->features.size()]);
        ++i;
    }
    HW_CHECK_EQ(i, std::size_t{80});

    // neighbours.csv: 3 per head; the first is the twin in the other file, at distance 0.
    std::istringstream nb(slurp(out / "neighbours.csv"));
    std::getline(nb, line);
    HW_CHECK(line ==
             "source,layer,head,rank,neighbour_source,neighbour_layer,neighbour_head,"
             "distance");
    int rows = 0;
    while (std::getline(nb, line)) {
        const auto row = splitLine(line);
        HW_CHECK_EQ(row.size(), std::size_t{8});
        if (row.size() == 8 && row[3] == "1") {
            HW_CHECK(row[4] != row[0] && row[5] == row[1] && row[6] == row[2]);
            HW_CHECK_EQ(std::stod(row[7]), 0.0);
        }
        ++rows;
    }
    HW_CHECK_EQ(rows, 80 * 3);

    const auto json = nlohmann::json::parse(slurp(out / "head_map.json"), nullptr, false);
    HW_CHECK(!json.is_discarded());
    if (!json.is_discarded()) {
        HW_CHECK_EQ(json.value("k", 0), map->k);
        HW_CHECK(json.value("k_chosen_by", "") == "silhouette");
        HW_CHECK_EQ(json.at("tried").size(), std::size_t{7});
        HW_CHECK_EQ(json.at("explained_variance").at(0).get<double>(), map->explained[0]);
        HW_CHECK(json.at("features").get<std::vector<std::string>>() == map->features);
    }

    // Existing files are kept without --force; a k out of range is a usage error; a missing
    // file a failure.
    const std::string before = slurp(out / "head_map.csv");
    Run again = runCli({"heads", a.string(), b.string(), "--out", out.string(), "--k", "3"});
    HW_CHECK_EQ(again.code, 2);
    HW_CHECK(again.err.find("--force") != std::string::npos);
    HW_CHECK(slurp(out / "head_map.csv") == before);
    Run forced =
        runCli({"heads", a.string(), b.string(), "--out", out.string(), "--k", "3", "--force"});
    HW_CHECK_MSG(forced.code == 0, forced.err);
    HW_CHECK(forced.out.find("k = 3 (given") != std::string::npos);
    Run kOne = runCli({"heads", a.string(), "--out", (scratch() / "k1").string(), "--k", "1"});
    HW_CHECK_EQ(kOne.code, 2);
    HW_CHECK(kOne.err.find("between 2 and 39") != std::string::npos);
    HW_CHECK(!fs::exists(scratch() / "k1" / "head_map.csv"));
    Run missing = runCli(
        {"heads", (scratch() / "nothing.hwrun").string(), "--out", (scratch() / "k2").string()});
    HW_CHECK_EQ(missing.code, 1);
    HW_CHECK(!fs::exists(scratch() / "k2"));
}

HW_TEST(ctrl_c_during_analyze_leaves_no_file) {
    if (!haveShared()) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    const fs::path out = scratch() / "interrupted.hwrun";
    std::vector<std::string> args = {HEADWAVE_CLI, "analyze",     "--model",     stories(),
                                     "--corpus",   shakespeare(), "--sequences", "400",
                                     "--out",      out.string()};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // stderr (the progress lines) goes to a file, and the signal is sent once the run reports its
    // first sequence, whatever the machine's load: the test checks that a running analysis stops,
    // not how fast the program starts.
    const fs::path progress = scratch() / "progress.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, progress.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    HW_CHECK(posix_spawn(&pid, HEADWAVE_CLI, &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (slurp(progress).find("sequence ") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    HW_CHECK_MSG(slurp(progress).find("sequence ") != std::string::npos, slurp(progress));
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    HW_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 130);
    HW_CHECK(!fs::exists(out));
    // No temporary file left behind either.
    for (const auto& e : fs::directory_iterator(scratch())) {
        HW_CHECK_MSG(e.path().filename().string().find("interrupted") == std::string::npos,
                     e.path());
    }
}

// train: Ctrl-C after the first progress line exits 130 with the resume state saved and no final
// checkpoint; --resume finishes; the checkpoints open in info and timeline. A tiny model on a
// corpus the test writes (a few seconds).
HW_TEST(train_ctrl_c_resume_and_timeline) {
    const fs::path corpus = scratch() / "train-corpus.txt";
    {
        std::ofstream c(corpus, std::ios::binary);
        for (int i = 0; i < 3000; ++i) {
            c << (i % 7 == 0 ? "The cat sat on the mat.\n\n" : "and then it ran away, ");
        }
    }
    const fs::path out = scratch() / "train-out";
    std::vector<std::string> args = {HEADWAVE_CLI,     "train",      "--corpus",  corpus.string(),
                                     "--out",          out.string(), "--layers",  "2",
                                     "--heads",        "2",          "--hidden",  "16",
                                     "--intermediate", "32",         "--context", "64",
                                     "--batch",        "2",          "--steps",   "200",
                                     "--save-steps",   "0"};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // Progress goes to stderr (stdout is for results), a line at the start and every 30 s in a
    // log.
    const fs::path progress = scratch() / "train-progress.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, progress.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    HW_CHECK(posix_spawn(&pid, HEADWAVE_CLI, &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (slurp(progress).find(" loss ") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    HW_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 130);
    HW_CHECK(fs::exists(out / "train-state" / "state.json"));
    HW_CHECK(fs::exists(out / "step-0000" / "model.safetensors"));
    HW_CHECK(!fs::exists(out / "step-0200"));

    std::vector<std::string> resume(args.begin() + 1, args.end());
    resume.push_back("--resume");
    resume.push_back("--quiet");
    Run r = runCli(resume);
    HW_CHECK_MSG(r.code == 0, r.err);
    HW_CHECK(fs::exists(out / "step-0200" / "model.safetensors"));

    Run info = runCli({"info", "--model", (out / "step-0200").string()});
    HW_CHECK(info.code == 0 && info.out.find("headwave") != std::string::npos);
    const fs::path text = scratch() / "timeline.txt";
    std::ofstream(text) << std::string(100, 'a') << "\n\n" << std::string(100, 'b') << "\n";
    Run t =
        runCli({"timeline", (out / "step-0000").string(), (out / "step-0200").string(),
                "--text-file", text.string(), "--min-tokens", "32", "--max-tokens", "64", "--csv"});
    HW_CHECK_MSG(t.code == 0, t.err);
    HW_CHECK_EQ(std::count(t.out.begin(), t.out.end(), '\n'), 3);  // header and two rows
    HW_CHECK(t.out.find(",200,RoPE,") != std::string::npos);
    HW_CHECK_EQ(runCli({"train", "--corpus", corpus.string()}).code, 2);
    HW_CHECK_EQ(
        runCli({"train", "--corpus", corpus.string(), "--out", out.string(), "--positional", "t5"})
            .code,
        2);
}

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return rc;
}
