// SPDX-License-Identifier: GPL-3.0-or-later
#include "options.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace headwave::cli {

namespace {

Error usage(const std::string& message) {
    return makeError(ErrorCode::InvalidArgument, message);
}

std::vector<std::string> splitComma(const std::string& s) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(s);
    while (std::getline(in, item, ',')) {
        out.push_back(item);
    }
    return out;
}

bool parseDouble(const std::string& s, double& out) {
    if (s.empty()) {
        return false;
    }
    const char* end = s.data() + s.size();
    auto res = std::from_chars(s.data(), end, out);
    return res.ec == std::errc() && res.ptr == end && std::isfinite(out);
}

bool parseLong(const std::string& s, long& out) {
    if (s.empty()) {
        return false;
    }
    const char* end = s.data() + s.size();
    auto res = std::from_chars(s.data(), end, out);
    return res.ec == std::errc() && res.ptr == end;
}

// Adds a method option whose value is checked later (apply()), in the method's help group.
CLI::Option* methodOption(CLI::App& command, const std::string& name, std::string& target,
                          const std::string& typeName, const std::string& description) {
    return command.add_option(name, target, description)
        ->type_name(typeName)
        ->group("Method options (docs/method.md)");
}

}  // namespace

int fail(const Error& e) {
    std::cerr << "headwave-cli: " << e.message << '\n';
    if (!e.detail.empty()) {
        std::cerr << "  detail: " << e.detail << '\n';
    }
    return exitStatus(e.code);
}

void printWarnings(const std::vector<Warning>& warnings) {
    for (const Warning& w : warnings) {
        std::cerr << "headwave-cli: warning: " << w.text() << '\n';
    }
}

void MethodOptions::add(CLI::App& command, bool withAlphas, bool withSubsampling) {
    methodOption(command, "--profile", profile, "mean|last|rows",
                 "the attention profile a(t): the mean over query rows, the last row, or every "
                 "row on its own (default mean)");
    methodOption(command, "--window", window, "hann|none",
                 "the analysis window before the DFT (default hann)");
    methodOption(command, "--padding", padding, "none|2|4",
                 "zero padding: n_fft = the smallest power of two >= 2T or 4T, or T for none "
                 "(default 2)");
    methodOption(command, "--band-edges", bandEdges, "LOW,HIGH",
                 "band edges in normalised frequency, 1 = Nyquist (default 0.25,0.75)");
    methodOption(command, "--level", level, "N|auto",
                 "db2 depth J (default auto: floor(log2(shortest T / 3)))");
    methodOption(command, "--wavelet-entropy", waveletEntropy, "normalised|raw",
                 "wavelet entropy per scale (default normalised)");
    methodOption(command, "--scalogram", scalogram, "power|magnitude|log",
                 "the scalogram's cell value (default power)");
    methodOption(command, "--entropy-windows", entropyWindows, "W,...",
                 "window-entropy sizes in tokens (default 16,32,64)");
    methodOption(command, "--local-window", localWindow, "N",
                 "|i - j| <= N counts as local (default 8)");
    if (withAlphas) {
        methodOption(command, "--alphas", alphas, "A,...|none",
                     "rescaling factors in (0, 1] for the scale sensitivity (default 0.5,0.25; "
                     "none: no rescaled passes)");
    }
    if (withSubsampling) {
        methodOption(command, "--subsampling", subsampling, "strided|prefix",
                     "how the rescaled sequence is taken (default strided)");
    }
    methodOption(command, "--rho", rho, "per-head|pooled",
                 "the position-spectrum correlation (default per-head)");
}

Status MethodOptions::apply(MethodSettings& s) const {
    if (!profile.empty()) {
        auto v = parseProfileMode(profile);
        if (!v) {
            return v.error();
        }
        s.profile = v.value();
    }
    if (!window.empty()) {
        auto v = parseSpectrumWindow(window);
        if (!v) {
            return v.error();
        }
        s.window = v.value();
    }
    if (!padding.empty()) {
        auto v = parseSpectrumPadding(padding);
        if (!v) {
            return v.error();
        }
        s.padding = v.value();
    }
    if (!bandEdges.empty()) {
        auto v = parseNumbers("--band-edges", bandEdges);
        if (!v) {
            return v.error();
        }
        if (v->size() != 2) {
            return usage("Option --band-edges needs two numbers, LOW,HIGH (e.g. 0.25,0.75).");
        }
        s.bandLowEdge = (*v)[0];
        s.bandHighEdge = (*v)[1];
    }
    if (!level.empty()) {
        long v = 0;
        if (level == "auto") {
            s.waveletLevel = -1;
        } else if (parseLong(level, v) && v >= 0 && v <= 30) {
            s.waveletLevel = static_cast<int>(v);
        } else {
            return usage("Option --level needs a whole number from 0 to 30 or 'auto'; got '" +
                         level + "'.");
        }
    }
    if (!waveletEntropy.empty()) {
        auto v = parseWaveletEntropyMode(waveletEntropy);
        if (!v) {
            return v.error();
        }
        s.waveletEntropy = v.value();
    }
    if (!scalogram.empty()) {
        auto v = parseScalogramValue(scalogram);
        if (!v) {
            return v.error();
        }
        s.scalogram = v.value();
    }
    if (!entropyWindows.empty()) {
        auto v = parseIntegers("--entropy-windows", entropyWindows);
        if (!v) {
            return v.error();
        }
        s.entropyWindows = v.value();
    }
    if (!localWindow.empty()) {
        long v = 0;
        if (!parseLong(localWindow, v) || v < 0 || v > 1'000'000) {
            return usage("Option --local-window needs a whole number from 0 to 1000000; got '" +
                         localWindow + "'.");
        }
        s.localWindow = static_cast<int>(v);
    }
    if (!alphas.empty()) {
        if (alphas == "none") {
            s.alphas.clear();
        } else {
            auto v = parseNumbers("--alphas", alphas);
            if (!v) {
                return v.error();
            }
            s.alphas = v.value();
        }
    }
    if (!subsampling.empty()) {
        auto v = parseSubsampling(subsampling);
        if (!v) {
            return v.error();
        }
        s.subsampling = v.value();
    }
    if (!rho.empty()) {
        auto v = parseRhoMode(rho);
        if (!v) {
            return v.error();
        }
        s.rho = v.value();
    }
    return s.validate();
}

void CheckOptions::add(CLI::App& command) {
    command
        .add_flag("--renormalise-rows", renormaliseRows,
                  "repair attention rows that do not sum to 1 by dividing them by their sum "
                  "(reported as a warning)")
        ->group("Attention checks");
    command
        .add_option("--row-sum-tolerance", rowSumTolerance,
                    "the allowed |row sum - 1| of post-softmax attention")
        ->type_name("X")
        ->check(nonNegative())
        ->capture_default_str()
        ->group("Attention checks");
}

AttentionChecks CheckOptions::checks() const {
    AttentionChecks c;
    c.renormaliseRows = renormaliseRows;
    c.rowSumTolerance = rowSumTolerance;
    return c;
}

void TextOptions::add(CLI::App& command, bool withIds, bool special) {
    textOption = command.add_option("-t,--text", text, "the text")->type_name("STRING");
    textFileOption = command
                         .add_option("-T,--text-file", textFile,
                                     "the text of a UTF-8 file ('-' for standard input)")
                         ->type_name("PATH");
    if (withIds) {
        idsOption =
            command.add_option("--ids", ids, "token ids instead of a text")->type_name("I,J,...");
    }
    if (special) {
        command.add_flag("--no-special", noSpecial,
                         "do not add the tokenizer's special tokens (BOS/EOS, CLS/SEP) to the "
                         "text");
    }
}

bool TextOptions::given() const {
    return (textOption != nullptr && textOption->count() > 0) ||
           (textFileOption != nullptr && textFileOption->count() > 0);
}

Result<std::string> TextOptions::read() const {
    const int given = (textOption != nullptr && textOption->count() > 0 ? 1 : 0) +
                      (textFileOption != nullptr && textFileOption->count() > 0 ? 1 : 0) +
                      (idsOption != nullptr && idsOption->count() > 0 ? 1 : 0);
    if (given > 1) {
        return usage(idsOption != nullptr
                         ? "Give the input once: --text STRING, --text-file PATH or --ids 1,2,3."
                         : "Give the text once: --text STRING or --text-file PATH, not both.");
    }
    if (textOption != nullptr && textOption->count() > 0) {
        return text;
    }
    if (textFileOption != nullptr && textFileOption->count() > 0) {
        return readFileOrStdin(textFile, "text file");
    }
    return usage("Give the text as --text STRING or --text-file PATH.");
}

Result<std::string> readFileOrStdin(const std::string& path, const std::string& what) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::FileNotFound,
                         "Could not read the " + what + " '" + path + "'; check the path.");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<std::vector<double>> parseNumbers(const std::string& option, const std::string& text) {
    std::vector<double> out;
    for (const std::string& item : splitComma(text)) {
        double v = 0;
        if (!parseDouble(item, v)) {
            return usage("Option " + option + " needs comma-separated numbers; '" + item +
                         "' is not a number.");
        }
        out.push_back(v);
    }
    return out;
}

Result<std::vector<int>> parseIntegers(const std::string& option, const std::string& text) {
    std::vector<int> out;
    for (const std::string& item : splitComma(text)) {
        long v = 0;
        if (!parseLong(item, v) || v < -1'000'000'000 || v > 1'000'000'000) {
            return usage("Option " + option + " needs comma-separated whole numbers; '" + item +
                         "' is not one.");
        }
        out.push_back(static_cast<int>(v));
    }
    return out;
}

Result<std::vector<HeadRef>> parseHeads(const std::string& option, const std::string& text) {
    std::vector<HeadRef> heads;
    for (const std::string& item : splitComma(text)) {
        const auto colon = item.find(':');
        long layer = -1;
        long head = -1;
        if (colon == std::string::npos || !parseLong(item.substr(0, colon), layer) ||
            !parseLong(item.substr(colon + 1), head) || layer < 0 || head < 0 || layer > 100000 ||
            head > 100000) {
            return usage(option +
                         " takes LAYER:HEAD pairs separated by commas, both 0-based (e.g. "
                         "0:3,5:1); got '" +
                         item + "'.");
        }
        heads.push_back({static_cast<int>(layer), static_cast<int>(head)});
    }
    return heads;
}

}  // namespace headwave::cli
