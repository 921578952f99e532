// A small command-line parser: --name value, --name=value, boolean flags and positional words,
// with errors that name the option and say what is expected.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/dsp/method_settings.h"

namespace headwave::cli {

class Arguments {
public:
    // valued: options that take a value; flags: options that do not. Anything else starting with
    // "--" is an error.
    static Result<Arguments> parse(const std::vector<std::string>& args,
                                   const std::set<std::string>& valued,
                                   const std::set<std::string>& flags);

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    const std::vector<std::string>& positional() const { return m_positional; }

    Result<int> intValue(const std::string& name, int fallback, int lo, int hi) const;
    Result<double> doubleValue(const std::string& name, double fallback) const;
    Result<std::vector<double>> doubleList(const std::string& name) const;
    Result<std::vector<int>> intList(const std::string& name) const;

private:
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

// Applies the docs/method.md options given on the command line (--profile, --window, --padding,
// --band-edges, --level, --entropy-windows, --local-window, --wavelet-entropy, --alphas,
// --subsampling, --rho) to settings, validated.
Status applyMethodOptions(const Arguments& args, MethodSettings& settings);

// The option names applyMethodOptions understands (all take a value).
std::set<std::string> methodOptionNames();

// The help text for those options.
const char* methodOptionsHelp();

}  // namespace headwave::cli
