#include "arguments.h"

#include <charconv>
#include <cmath>
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

bool parseInt(const std::string& s, long& out) {
    if (s.empty()) {
        return false;
    }
    const char* end = s.data() + s.size();
    auto res = std::from_chars(s.data(), end, out);
    return res.ec == std::errc() && res.ptr == end;
}

}  // namespace

Result<Arguments> Arguments::parse(const std::vector<std::string>& args,
                                   const std::set<std::string>& valued,
                                   const std::set<std::string>& flags) {
    Arguments a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            a.m_positional.insert(a.m_positional.end(), args.begin() + static_cast<long>(i) + 1,
                                  args.end());
            break;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            a.m_positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::string value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        if (flags.count(name) > 0) {
            if (inlineValue) {
                return usage("Option --" + name + " takes no value.");
            }
            a.m_values[name] = "1";
        } else if (valued.count(name) > 0) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) {
                    return usage("Option --" + name + " needs a value.");
                }
                value = args[++i];
            }
            a.m_values[name] = value;
        } else {
            return usage("Unknown option --" + name + ". See --help for the options.");
        }
    }
    return a;
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

Result<int> Arguments::intValue(const std::string& name, int fallback, int lo, int hi) const {
    if (!has(name)) {
        return fallback;
    }
    long v = 0;
    if (!parseInt(value(name), v) || v < lo || v > hi) {
        return usage("Option --" + name + " needs a whole number from " + std::to_string(lo) +
                     " to " + std::to_string(hi) + "; got '" + value(name) + "'.");
    }
    return static_cast<int>(v);
}

Result<double> Arguments::doubleValue(const std::string& name, double fallback) const {
    if (!has(name)) {
        return fallback;
    }
    double v = 0;
    if (!parseDouble(value(name), v)) {
        return usage("Option --" + name + " needs a number; got '" + value(name) + "'.");
    }
    return v;
}

Result<std::vector<double>> Arguments::doubleList(const std::string& name) const {
    std::vector<double> out;
    for (const std::string& item : splitComma(value(name))) {
        double v = 0;
        if (!parseDouble(item, v)) {
            return usage("Option --" + name + " needs comma-separated numbers; '" + item +
                         "' is not a number.");
        }
        out.push_back(v);
    }
    return out;
}

Result<std::vector<int>> Arguments::intList(const std::string& name) const {
    std::vector<int> out;
    for (const std::string& item : splitComma(value(name))) {
        long v = 0;
        if (!parseInt(item, v) || v < -1'000'000'000 || v > 1'000'000'000) {
            return usage("Option --" + name + " needs comma-separated whole numbers; '" + item +
                         "' is not one.");
        }
        out.push_back(static_cast<int>(v));
    }
    return out;
}

std::set<std::string> methodOptionNames() {
    return {"profile",      "window",          "padding", "band-edges",  "level", "entropy-windows",
            "local-window", "wavelet-entropy", "alphas",  "subsampling", "rho",   "scalogram"};
}

const char* methodOptionsHelp() {
    return "Method options (each defined in docs/method.md):\n"
           "  --profile mean|last|rows       attention profile a(t) (default mean)\n"
           "  --window hann|none             analysis window (default hann)\n"
           "  --padding none|2|4             zero padding: 2|4 to a power of two >= 2T|4T, none "
           "= T (default 2)\n"
           "  --band-edges LOW,HIGH          band edges in normalised frequency, 1 = Nyquist "
           "(default 0.25,0.75)\n"
           "  --level N|auto                 db2 depth J (default auto: floor(log2(Tmin/3)))\n"
           "  --wavelet-entropy normalised|raw   wavelet entropy per scale (default normalised)\n"
           "  --scalogram power|magnitude|log    scalogram cell value (default power)\n"
           "  --entropy-windows W,...        window-entropy sizes in tokens (default 16,32,64)\n"
           "  --local-window N               |i-j| <= N counts as local (default 8)\n"
           "  --alphas A,...                 rescaling factors in (0,1] (analyze-attention: "
           "none by default,\n"
           "                                 their columns stay NaN without the model; analyze "
           "takes --alpha)\n"
           "  --subsampling strided|prefix   how rescaled sequences are taken (default strided)\n"
           "  --rho per-head|pooled          position-spectrum correlation (default per-head)\n";
}

Status applyMethodOptions(const Arguments& args, MethodSettings& s) {
    if (args.has("profile")) {
        auto v = parseProfileMode(args.value("profile"));
        if (!v) {
            return v.error();
        }
        s.profile = v.value();
    }
    if (args.has("window")) {
        auto v = parseSpectrumWindow(args.value("window"));
        if (!v) {
            return v.error();
        }
        s.window = v.value();
    }
    if (args.has("padding")) {
        auto v = parseSpectrumPadding(args.value("padding"));
        if (!v) {
            return v.error();
        }
        s.padding = v.value();
    }
    if (args.has("band-edges")) {
        auto v = args.doubleList("band-edges");
        if (!v) {
            return v.error();
        }
        if (v->size() != 2) {
            return usage("Option --band-edges needs two numbers, LOW,HIGH (e.g. 0.25,0.75).");
        }
        s.bandLowEdge = (*v)[0];
        s.bandHighEdge = (*v)[1];
    }
    if (args.has("level")) {
        if (args.value("level") == "auto") {
            s.waveletLevel = -1;
        } else {
            auto v = args.intValue("level", -1, 0, 30);
            if (!v) {
                return v.error();
            }
            s.waveletLevel = v.value();
        }
    }
    if (args.has("wavelet-entropy")) {
        auto v = parseWaveletEntropyMode(args.value("wavelet-entropy"));
        if (!v) {
            return v.error();
        }
        s.waveletEntropy = v.value();
    }
    if (args.has("scalogram")) {
        auto v = parseScalogramValue(args.value("scalogram"));
        if (!v) {
            return v.error();
        }
        s.scalogram = v.value();
    }
    if (args.has("entropy-windows")) {
        auto v = args.intList("entropy-windows");
        if (!v) {
            return v.error();
        }
        s.entropyWindows = v.value();
    }
    if (args.has("local-window")) {
        auto v = args.intValue("local-window", 8, 0, 1'000'000);
        if (!v) {
            return v.error();
        }
        s.localWindow = v.value();
    }
    if (args.has("alphas")) {
        auto v = args.doubleList("alphas");
        if (!v) {
            return v.error();
        }
        s.alphas = v.value();
    }
    if (args.has("subsampling")) {
        auto v = parseSubsampling(args.value("subsampling"));
        if (!v) {
            return v.error();
        }
        s.subsampling = v.value();
    }
    if (args.has("rho")) {
        auto v = parseRhoMode(args.value("rho"));
        if (!v) {
            return v.error();
        }
        s.rho = v.value();
    }
    return s.validate();
}

}  // namespace headwave::cli
