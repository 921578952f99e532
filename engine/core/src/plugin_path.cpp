// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/core/plugin_path.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace headwave {

namespace fs = std::filesystem;

std::vector<std::string> pluginCandidates(const char* envVar, const char* file,
                                          const char* installDir) {
    std::vector<std::string> out;
    if (const char* env = std::getenv(envVar); env != nullptr && *env != '\0') {
        out.emplace_back(env);  // a path given by the user is the only one tried
        return out;
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        out.push_back((exe.parent_path() / file).string());
        out.push_back((exe.parent_path().parent_path() / "lib" / "headwave" / file).string());
    }
    // Beside the shared library that holds the engine when that is not the executable: the
    // Python module (build/python/headwave/_headwave*.so, which has the shim copied beside it).
    Dl_info self{};
    if (dladdr(reinterpret_cast<void*>(&pluginCandidates), &self) != 0 &&
        self.dli_fname != nullptr) {
        const fs::path lib = fs::absolute(self.dli_fname, ec);
        if (!ec && lib != exe) {
            out.push_back((lib.parent_path() / file).string());
        }
    }
    if (installDir != nullptr && *installDir != '\0') {
        out.push_back(std::string(installDir) + "/" + file);
    }
    out.emplace_back(file);
    return out;
}

void* openFirstCandidate(const std::vector<std::string>& candidates, int flags,
                         std::string& tried) {
    tried.clear();
    for (const std::string& path : candidates) {
        std::error_code ec;
        if (path.find('/') != std::string::npos && !fs::exists(path, ec)) {
            continue;
        }
        if (void* lib = dlopen(path.c_str(), flags); lib != nullptr) {
            return lib;
        }
        const char* e = dlerror();
        tried += path + ": " + (e != nullptr ? e : "?") + "; ";
    }
    if (tried.empty()) {
        tried = "not found in any of";
        for (const std::string& path : candidates) {
            tried += " " + path;
        }
    }
    return nullptr;
}

}  // namespace headwave
