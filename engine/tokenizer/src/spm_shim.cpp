// SPDX-License-Identifier: GPL-3.0-or-later
#include "spm_shim.h"

#include <sentencepiece_processor.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct HwSpm {
    sentencepiece::SentencePieceProcessor processor;
    std::vector<std::string> pieces;
    std::vector<int> flags;
};

namespace {

void setError(char* err, std::size_t errSize, const std::string& message) {
    if (err != nullptr && errSize > 0) {
        const std::size_t n = std::min(errSize - 1, message.size());
        std::memcpy(err, message.data(), n);
        err[n] = '\0';
    }
}

}  // namespace

extern "C" {

HwSpm* hw_spm_load(const char* data, std::size_t size, char* err, std::size_t errSize) {
    try {
        // Owned until it is handed out: libsentencepiece may throw half-way (a fuzzed model
        // did), and the processor must not leak then.
        auto spm = std::make_unique<HwSpm>();
        const auto status = spm->processor.LoadFromSerializedProto(std::string_view(data, size));
        if (!status.ok()) {
            setError(err, errSize, status.ToString());
            return nullptr;
        }
        const int n = spm->processor.GetPieceSize();
        spm->pieces.reserve(static_cast<std::size_t>(n > 0 ? n : 0));
        for (int id = 0; id < n; ++id) {
            spm->pieces.push_back(spm->processor.IdToPiece(id));
            int f = 0;
            f |= spm->processor.IsControl(id) ? kHwSpmControl : 0;
            f |= spm->processor.IsUnknown(id) ? kHwSpmUnknown : 0;
            f |= spm->processor.IsByte(id) ? kHwSpmByte : 0;
            f |= spm->processor.IsUnused(id) ? kHwSpmUnused : 0;
            spm->flags.push_back(f);
        }
        return spm.release();
    } catch (const std::exception& e) {
        setError(err, errSize, e.what());
    } catch (...) {
        setError(err, errSize, "unknown error in libsentencepiece");
    }
    return nullptr;
}

void hw_spm_free(HwSpm* spm) {
    delete spm;
}

int hw_spm_piece_size(const HwSpm* spm) {
    return static_cast<int>(spm->pieces.size());
}

const char* hw_spm_piece(const HwSpm* spm, int id, std::size_t* length) {
    if (id < 0 || static_cast<std::size_t>(id) >= spm->pieces.size()) {
        *length = 0;
        return "";
    }
    const std::string& p = spm->pieces[static_cast<std::size_t>(id)];
    *length = p.size();
    return p.data();
}

int hw_spm_flags(const HwSpm* spm, int id) {
    if (id < 0 || static_cast<std::size_t>(id) >= spm->flags.size()) {
        return 0;
    }
    return spm->flags[static_cast<std::size_t>(id)];
}

int hw_spm_piece_to_id(const HwSpm* spm, const char* piece, std::size_t length) {
    try {
        return spm->processor.PieceToId(std::string_view(piece, length));
    } catch (...) {
        return -1;
    }
}

int hw_spm_bos_id(const HwSpm* spm) {
    return spm->processor.bos_id();
}

int hw_spm_eos_id(const HwSpm* spm) {
    return spm->processor.eos_id();
}

int hw_spm_encode(const HwSpm* spm, const char* text, std::size_t length, HwSpmPiece** pieces,
                  std::size_t* count, char* err, std::size_t errSize) {
    *pieces = nullptr;
    *count = 0;
    try {
        sentencepiece::ImmutableSentencePieceText spt;
        const auto status =
            spm->processor.Encode(std::string_view(text, length), spt.mutable_proto());
        if (!status.ok()) {
            setError(err, errSize, status.ToString());
            return -1;
        }
        const auto n = static_cast<std::size_t>(spt.pieces_size());
        auto* out = static_cast<HwSpmPiece*>(std::malloc(sizeof(HwSpmPiece) * (n > 0 ? n : 1)));
        if (out == nullptr) {
            setError(err, errSize, "out of memory");
            return -1;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto p = spt.pieces(static_cast<int>(i));
            out[i] = HwSpmPiece{static_cast<int>(p.id()), p.begin(), p.end()};
        }
        *pieces = out;
        *count = n;
        return 0;
    } catch (const std::exception& e) {
        setError(err, errSize, e.what());
    } catch (...) {
        setError(err, errSize, "unknown error in libsentencepiece");
    }
    return -1;
}

void hw_spm_free_buffer(void* buffer) {
    std::free(buffer);
}
}
