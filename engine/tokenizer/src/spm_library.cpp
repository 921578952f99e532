// SPDX-License-Identifier: GPL-3.0-or-later
#include "spm_library.h"

#include "headwave/core/plugin_path.h"

#include <dlfcn.h>
#include <unistd.h>

#include <mutex>

// GCC defines __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; clang (the fuzz build) answers
// __has_feature instead.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HEADWAVE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HEADWAVE_SANITIZED 1
#endif
#endif

namespace headwave::tok {

struct SpmProcessor::Api {
    decltype(&hw_spm_load) load = nullptr;
    decltype(&hw_spm_free) free = nullptr;
    decltype(&hw_spm_piece_size) pieceSize = nullptr;
    decltype(&hw_spm_piece) piece = nullptr;
    decltype(&hw_spm_flags) flags = nullptr;
    decltype(&hw_spm_piece_to_id) pieceToId = nullptr;
    decltype(&hw_spm_bos_id) bosId = nullptr;
    decltype(&hw_spm_eos_id) eosId = nullptr;
    decltype(&hw_spm_encode) encode = nullptr;
    decltype(&hw_spm_free_buffer) freeBuffer = nullptr;
    std::string error;
};

namespace {

constexpr const char* kShimName = "libheadwave_spm.so";

#ifndef HEADWAVE_SPM_SHIM_INSTALL_DIR
#define HEADWAVE_SPM_SHIM_INSTALL_DIR ""
#endif

const SpmProcessor::Api& api() {
    static SpmProcessor::Api a;
    static std::once_flag once;
    std::call_once(once, [] {
        int flags = RTLD_NOW | RTLD_LOCAL;
#if !defined(HEADWAVE_SANITIZED)
        // Deep binding keeps libsentencepiece on its own protobuf copy (not allowed under the
        // sanitizers' runtimes, which then run without libtorch's protobuf in the same process).
        flags |= RTLD_DEEPBIND;
#endif
        std::string tried;
        void* lib = openFirstCandidate(
            pluginCandidates("HEADWAVE_SPM_SHIM", kShimName, HEADWAVE_SPM_SHIM_INSTALL_DIR), flags,
            tried);
        if (lib == nullptr) {
            a.error = "The SentencePiece support library (" + std::string(kShimName) +
                      ") could not be loaded; reinstall Headwave or set HEADWAVE_SPM_SHIM. " +
                      tried;
            return;
        }
        auto sym = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
            if (fn == nullptr && a.error.empty()) {
                a.error = std::string("The SentencePiece support library lacks ") + name + ".";
            }
        };
        sym(a.load, "hw_spm_load");
        sym(a.free, "hw_spm_free");
        sym(a.pieceSize, "hw_spm_piece_size");
        sym(a.piece, "hw_spm_piece");
        sym(a.flags, "hw_spm_flags");
        sym(a.pieceToId, "hw_spm_piece_to_id");
        sym(a.bosId, "hw_spm_bos_id");
        sym(a.eosId, "hw_spm_eos_id");
        sym(a.encode, "hw_spm_encode");
        sym(a.freeBuffer, "hw_spm_free_buffer");
    });
    return a;
}

}  // namespace

Result<std::unique_ptr<SpmProcessor>> SpmProcessor::load(std::string_view bytes) {
    const Api& a = api();
    if (!a.error.empty()) {
        return makeError(ErrorCode::Unsupported, a.error);
    }
    char err[512] = {0};
    HwSpm* h = a.load(bytes.data(), bytes.size(), err, sizeof err);
    if (h == nullptr) {
        return makeError(ErrorCode::FileFormat, "libsentencepiece refused the model.", err);
    }
    return std::unique_ptr<SpmProcessor>(new SpmProcessor(&a, h));
}

SpmProcessor::~SpmProcessor() {
    m_api->free(m_handle);
}

int SpmProcessor::pieceSize() const {
    return m_api->pieceSize(m_handle);
}

std::string SpmProcessor::idToPiece(int id) const {
    std::size_t n = 0;
    const char* p = m_api->piece(m_handle, id, &n);
    return std::string(p, n);
}

bool SpmProcessor::isControl(int id) const {
    return (m_api->flags(m_handle, id) & kHwSpmControl) != 0;
}
bool SpmProcessor::isUnknown(int id) const {
    return (m_api->flags(m_handle, id) & kHwSpmUnknown) != 0;
}
bool SpmProcessor::isByte(int id) const {
    return (m_api->flags(m_handle, id) & kHwSpmByte) != 0;
}

int SpmProcessor::pieceToId(const std::string& piece) const {
    return m_api->pieceToId(m_handle, piece.data(), piece.size());
}

int SpmProcessor::bosId() const {
    return m_api->bosId(m_handle);
}
int SpmProcessor::eosId() const {
    return m_api->eosId(m_handle);
}

Result<std::vector<HwSpmPiece>> SpmProcessor::encode(std::string_view text) const {
    HwSpmPiece* pieces = nullptr;
    std::size_t count = 0;
    char err[512] = {0};
    if (m_api->encode(m_handle, text.data(), text.size(), &pieces, &count, err, sizeof err) != 0) {
        return makeError(ErrorCode::Internal, "libsentencepiece could not encode the text.", err);
    }
    std::vector<HwSpmPiece> out(pieces, pieces + count);
    m_api->freeBuffer(pieces);
    return out;
}

}  // namespace headwave::tok
