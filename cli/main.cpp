// headwave-cli: Headwave's analysis from the command line (no display, no Qt).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "interrupt.h"

namespace {

const char* kUsage =
    "Usage: headwave-cli COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  analyze-attention FILE... --out DIR   metrics of exported attention (.npy, .safetensors)\n"
    "  attention --model DIR --text S --out F.npy   a model's attention, every layer\n"
    "  info --model DIR                      the model card\n"
    "  analyze --model DIR --corpus PATH     a corpus run, written to a results file (.hwrun)\n"
    "  analyze --model DIR --text S          one text, as the app's Save results writes it\n"
    "  rescale --model DIR --text S --head L:H   the rescaling experiment of one head\n"
    "  report RUN                            the paper's tables for a run, as Markdown\n"
    "  compare RUN...                        several runs side by side\n"
    "  merge RUN... --out RUN                combine the shards of a run\n"
    "  train --corpus FILE --out DIR         train a small model, write its checkpoints\n"
    "  timeline DIR... --text FILE           checkpoints or twins side by side (Tables 4, 5)\n"
    "  figures RUN --out DIR                 the figure set of a run (PDF, SVG, PNG, TIFF)\n"
    "\n"
    "  headwave-cli COMMAND --help           options of a command\n"
    "  headwave-cli --version                version\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace headwave::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "headwave-cli " << HEADWAVE_VERSION << '\n';
        return kExitOk;
    }
    // Training runs many short OpenMP regions (libtorch's and OpenBLAS's); libgomp's default
    // spin-waiting between them made a training step 4-10x slower whenever another process used
    // the cores (measured: 238 vs 2209 tokens/s under load 5 on 2 cores). libgomp reads
    // OMP_WAIT_POLICY only when it loads, so `train` re-executes itself once with passive waiting
    // unless the user chose a policy.
    if (args[0] == "train" && std::getenv("OMP_WAIT_POLICY") == nullptr) {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        execv("/proc/self/exe", argv);  // returns only on failure: then train with the default
    }
    // Figures need Qt (offscreen rendering); the program that draws them is installed beside
    // this one, so headwave-cli itself links no Qt.
    if (args[0] == "figures") {
        std::string self(4096, '\0');
        const ssize_t n = readlink("/proc/self/exe", self.data(), self.size() - 1);
        self.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        const std::string dir = self.substr(0, self.rfind('/') + 1);
        const std::string program = dir + "headwave-figures";
        std::vector<char*> child{const_cast<char*>(program.c_str())};
        for (int i = 2; i < argc; ++i) {
            child.push_back(argv[i]);
        }
        child.push_back(nullptr);
        execv(program.c_str(), child.data());
        std::cerr << "headwave-cli: cannot start '" << program
                  << "', which draws the figures; build it (it is part of the desktop app's "
                     "build) or reinstall Headwave.\n";
        return kExitFailure;
    }
    // Ctrl-C and SIGTERM become a stop request from here on: commands stop cleanly and write
    // nothing partial, whatever they are doing when the signal comes.
    InterruptGuard guard;
    InterruptGuard::setGlobal(&guard);
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "analyze-attention") {
            return analyzeAttentionCommand(args);
        }
        if (command == "attention") {
            return attentionCommand(args);
        }
        if (command == "info") {
            return infoCommand(args);
        }
        if (command == "analyze") {
            return analyzeCommand(args);
        }
        if (command == "report") {
            return reportCommand(args);
        }
        if (command == "compare") {
            return compareCommand(args);
        }
        if (command == "merge") {
            return mergeCommand(args);
        }
        if (command == "train") {
            return trainCommand(args);
        }
        if (command == "timeline") {
            return timelineCommand(args);
        }
        if (command == "rescale") {
            return rescaleCommand(args);
        }
    } catch (const std::exception& e) {
        // Engine calls return errors as values; this catches what should never escape (a bug or
        // an allocation failure outside the engine) so that it is reported, not a crash.
        std::cerr << "headwave-cli: internal error: " << e.what() << '\n';
        return kExitFailure;
    }
    std::cerr << "headwave-cli: unknown command '" << command << "'.\n\n" << kUsage;
    return kExitUsage;
}
