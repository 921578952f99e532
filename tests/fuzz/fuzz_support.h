// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the libFuzzer targets: the input as a file on disk (for readers that take a
// path), in a private temporary folder that is removed at exit.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace headwave::fuzz {

// A folder of this process's own ("/tmp/headwave-fuzz-XXXXXX"), created on first use.
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "headwave-fuzz-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            __builtin_trap();  // the harness cannot run at all
        }
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchDir(), ec);
        });
        return std::filesystem::path(pattern);
    }();
    return dir;
}

// Writes size bytes to scratchDir()/name, replacing it; returns the path.
inline std::string writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = scratchDir() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        __builtin_trap();
    }
    return path.string();
}

// A parser broke one of its documented guarantees (e.g. an offset past the end it accepted):
// stop here so the fuzzer keeps the input.
inline void require(bool condition) {
    if (!condition) {
        __builtin_trap();
    }
}

// Reads a byte so ASan checks that it is inside the buffer the parser vouched for.
inline void touch(const void* p) {
    volatile std::uint8_t sink = *static_cast<const volatile std::uint8_t*>(p);
    (void)sink;
}

}  // namespace headwave::fuzz
