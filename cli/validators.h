// SPDX-License-Identifier: GPL-3.0-or-later
// CLI11 validators with the project's wording, and no decoration in the help (CLI11's own add
// ":INT in [72 - 1200]" to the value's name), and the help's style. Header-only: headwave-figures
// uses them too.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>

namespace headwave::cli {

inline bool parseNumber(const std::string& s, double& out) {
    if (s.empty()) {
        return false;
    }
    const char* end = s.data() + s.size();
    auto res = std::from_chars(s.data(), end, out);
    return res.ec == std::errc() && res.ptr == end && std::isfinite(out);
}

inline bool parseWhole(const std::string& s, long& out) {
    if (s.empty()) {
        return false;
    }
    const char* end = s.data() + s.size();
    auto res = std::from_chars(s.data(), end, out);
    return res.ec == std::errc() && res.ptr == end;
}

// "0.25" for 0.25, "3" for 3.0.
inline std::string shortest(double v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

inline CLI::Validator wholeNumber(long lo, long hi) {
    return CLI::Validator(
        [lo, hi](std::string& value) -> std::string {
            long v = 0;
            if (!parseWhole(value, v) || v < lo || v > hi) {
                return "needs a whole number from " + std::to_string(lo) + " to " +
                       std::to_string(hi) + "; got '" + value + "'";
            }
            return {};
        },
        "", "");
}

inline CLI::Validator range(double lo, double hi) {
    return CLI::Validator(
        [lo, hi](std::string& value) -> std::string {
            double v = 0;
            if (!parseNumber(value, v) || v < lo || v > hi) {
                return "needs a number from " + shortest(lo) + " to " + shortest(hi) + "; got '" +
                       value + "'";
            }
            return {};
        },
        "", "");
}

inline CLI::Validator nonNegative() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            double v = 0;
            if (!parseNumber(value, v) || v < 0) {
                return "needs a number >= 0; got '" + value + "'";
            }
            return {};
        },
        "", "");
}

// The formatting every headwave program's command line uses: the help's layout and labels, and
// unknown arguments collected (CLI11's allow_extras) so that they are reported in our words.
inline void configureApp(CLI::App& app) {
    app.formatter(std::make_shared<CLI::Formatter>());
    app.get_formatter()->column_width(34);
    app.get_formatter()->label("REQUIRED", "(required)");
    app.allow_windows_style_options(false);
    app.allow_extras(true);
    app.set_help_flag("-h,--help", "print this help and exit");
}

}  // namespace headwave::cli
