// SPDX-License-Identifier: GPL-3.0-or-later
// Content hashes for identities (a model's config, a corpus's token ids, a training run's text):
// FNV-1a 64-bit, stable across platforms and versions. For telling inputs apart, not security.
//
//   std::string id = fnv1aHex(bytes.data(), bytes.size());   // 16 lowercase hex digits
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace headwave {

// FNV-1a 64 of n bytes.
std::uint64_t fnv1a64(const void* data, std::size_t n);

// fnv1a64 as 16 lowercase hex digits.
std::string fnv1aHex(const void* data, std::size_t n);

}  // namespace headwave
