// headwave-cli end to end: exit codes, messages, output files and their numbers, no partial output.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "headwave/attention_file.h"
#include "headwave/dwt.h"
#include "headwave/head_metrics.h"
#include "headwave/npy_reader.h"
#include "interrupt.h"
#include "random_attention.h"

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

int main(int argc, char** argv) {
    const int rc = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return rc;
}
