// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/core/hash.h"

#include <cstdio>

namespace headwave {

std::uint64_t fnv1a64(const void* data, std::size_t n) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string fnv1aHex(const void* data, std::size_t n) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a64(data, n)));
    return buf;
}

}  // namespace headwave
