// SPDX-License-Identifier: GPL-3.0-or-later
// Locating ../shared for tests: HEADWAVE_SHARED (environment) or the configured default.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace headwave::test {

inline std::filesystem::path sharedDir() {
    if (const char* env = std::getenv("HEADWAVE_SHARED"); env != nullptr && *env != '\0') {
        return env;
    }
    return HEADWAVE_SHARED_DIR;
}

// Reads a JSON file written by Python's json module, whose NaN literals nlohmann::json rejects:
// bare NaN / Infinity tokens outside strings become null (read back as NaN by asDouble).
inline std::optional<nlohmann::json> readPythonJson(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::string clean;
    clean.reserve(text.size());
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            clean += c;
            if (c == '\\' && i + 1 < text.size()) {
                clean += text[++i];
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            clean += c;
        } else if (text.compare(i, 3, "NaN") == 0) {
            clean += "null";
            i += 2;
        } else if (text.compare(i, 9, "-Infinity") == 0) {
            clean += "null";
            i += 8;
        } else if (text.compare(i, 8, "Infinity") == 0) {
            clean += "null";
            i += 7;
        } else {
            clean += c;
        }
    }
    return nlohmann::json::parse(clean);
}

inline double asDouble(const nlohmann::json& v) {
    return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

}  // namespace headwave::test
