// SPDX-License-Identifier: GPL-3.0-or-later
// main() for a fuzz target built without libFuzzer (gcc, the normal build): runs the target once on
// every file named on the command line, or in a folder named there (sorted), and reports how many.
// CTest replays tests/fuzz/regressions/<target>/ this way, so every input a fuzzer ever crashed on
// stays a regression test in every build.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        if (fs::is_directory(arg)) {
            for (const auto& entry : fs::directory_iterator(arg)) {
                if (entry.is_regular_file()) {
                    inputs.push_back(entry.path());
                }
            }
        } else if (fs::exists(arg)) {
            inputs.push_back(arg);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    for (const fs::path& path : inputs) {
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        // A copy of exactly the input's size, as libFuzzer passes it, so ASan sees overreads.
        std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
        (void)LLVMFuzzerTestOneInput(copy.empty() ? nullptr : copy.data(), copy.size());
    }
    std::cout << "replayed " << inputs.size() << " inputs\n";
    return 0;
}
