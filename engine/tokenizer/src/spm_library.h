// SPDX-License-Identifier: GPL-3.0-or-later
// libsentencepiece through the shim library (spm_shim.h), loaded on first use with
// dlopen(RTLD_LOCAL | RTLD_DEEPBIND) so its bundled protobuf cannot clash with libtorch's.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "headwave/core/error.h"
#include "spm_shim.h"

namespace headwave::tok {

class SpmProcessor {
public:
    // Loads a serialized ModelProto; the error carries libsentencepiece's message, or says why the
    // shim library could not be loaded.
    static Result<std::unique_ptr<SpmProcessor>> load(std::string_view bytes);
    ~SpmProcessor();
    SpmProcessor(const SpmProcessor&) = delete;
    SpmProcessor& operator=(const SpmProcessor&) = delete;

    int pieceSize() const;
    std::string idToPiece(int id) const;
    bool isControl(int id) const;
    bool isUnknown(int id) const;
    bool isByte(int id) const;
    int pieceToId(const std::string& piece) const;
    int bosId() const;
    int eosId() const;
    Result<std::vector<HwSpmPiece>> encode(std::string_view text) const;

    struct Api;

private:
    SpmProcessor(const Api* api, HwSpm* handle) : m_api(api), m_handle(handle) {}
    const Api* m_api;
    HwSpm* m_handle;
};

}  // namespace headwave::tok
