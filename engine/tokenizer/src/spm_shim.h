// SPDX-License-Identifier: GPL-3.0-or-later
// A C interface to libsentencepiece, built as its own shared library (libheadwave_spm.so) and
// loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND). Debian's libsentencepiece carries its own copy of
// protobuf-lite and exports it; linked into a process that also loads libtorch (which needs the
// system libprotobuf), the two copies interpose on each other and the process crashes while it
// starts. Loaded locally and deep-bound, sentencepiece keeps its protobuf and libtorch keeps the
// system one.
#pragma once

#include <cstddef>

extern "C" {

struct HwSpm;

enum HwSpmPieceFlags { kHwSpmControl = 1, kHwSpmUnknown = 2, kHwSpmByte = 4, kHwSpmUnused = 8 };

struct HwSpmPiece {
    int id;
    std::size_t begin;  // byte span in the input
    std::size_t end;
};

// NULL on failure, with a message in err (NUL-terminated, at most errSize bytes).
HwSpm* hw_spm_load(const char* data, std::size_t size, char* err, std::size_t errSize);
void hw_spm_free(HwSpm* spm);
int hw_spm_piece_size(const HwSpm* spm);
// The piece's bytes (valid while spm lives) and its length.
const char* hw_spm_piece(const HwSpm* spm, int id, std::size_t* length);
int hw_spm_flags(const HwSpm* spm, int id);
int hw_spm_piece_to_id(const HwSpm* spm, const char* piece, std::size_t length);
int hw_spm_bos_id(const HwSpm* spm);
int hw_spm_eos_id(const HwSpm* spm);
// Encodes text; *pieces is malloc'ed (free with hw_spm_free_buffer). 0 on success, -1 on failure.
int hw_spm_encode(const HwSpm* spm, const char* text, std::size_t length, HwSpmPiece** pieces,
                  std::size_t* count, char* err, std::size_t errSize);
void hw_spm_free_buffer(void* buffer);
}
