// SPDX-License-Identifier: GPL-3.0-or-later
// Opens a user's own attention file (.npy, .npz or .safetensors) or a folder of per-layer files as
// an AttentionSource, memory-mapped and read one layer at a time.
//
//   Result<std::unique_ptr<AttentionSource>> source = openAttentionFile("run.safetensors");
//   if (!source) { std::cerr << source.error().describe() << '\n'; return 1; }
//   Result<LayerView> layer = (*source)->layer(0);   // [heads, T, T]
//
// The format is detected from the first bytes, not the extension.
//
// .npy (format 1.0/2.0/3.0): float32 or float64, either byte order, C order, shaped
//   [L, H, T, T]  all layers,   [H, T, T]  one layer,   [T, T]  one head of one layer,
//   or [L, 1, H, T, T]  (torch.stack of transformers' output_attentions for a batch of one).
//
// .safetensors: F32, F64, F16 or BF16 attention, either as one tensor shaped like the .npy cases,
// or as a series of per-layer tensors [H, T, T] (or [1, H, T, T]) whose names differ only in one
// decimal number running 0..L-1 ("attention.0", "attention.1", ...; "layers.0.attn",
// "layers.1.attn", ...; "attn0", ...; leading zeros allowed), all with the same shape and dtype.
// Which tensor(s):
//   - options.tensorName set: the tensor of exactly that name if there is one; otherwise, if the
//     name contains '*', the series matching it with '*' standing for the layer number
//     ("layers.*.attn"); otherwise the series "<name>.<l>" or "<name><l>" (both existing is an
//     error). Nothing found is an error listing the file's tensors.
//   - automatic: if the file holds exactly one tensor, that tensor. Otherwise the candidates are
//     every complete per-layer series of 2 or more layers, and every other floating-point tensor
//     of one of the accepted shapes with T >= 2 and no zero dimension (other tensors, e.g. token
//     ids or non-square weights, are ignored). Exactly one candidate is used; none, or more than
//     one, is an error that lists the candidates (or all tensors) and says to choose by name.
//
// .npz (np.savez, stored, or np.savez_compressed, deflate): its float32/float64 arrays are chosen
// from exactly as the tensors of a .safetensors file (one array; a named one; a per-layer series
// "layer_0", "layer_1", ...). A compressed member is inflated whole when first read (a per-layer
// series: one layer at a time), within options.npz.maxInflatedBytes.
//
// A folder: its .npy/.npz/.safetensors files (other files are ignored, e.g. the token sidecar)
// are one file per layer, named with one number running 0..L-1 ("layer_0.npy", "layer_1.npy",
// ...; leading zeros allowed), each holding one layer [heads, T, T] of the same shape. A folder
// holding a single attention file opens that file.
//
// Layers are views straight into the mapping when the data is little-endian float32/float64 and
// aligned; otherwise (big-endian .npy, misaligned data, F16/BF16 -> float32) each layer() call
// converts that one layer into its own buffer. The whole file is never read at once. layer() does
// not modify the source, so distinct threads may read layers concurrently.
//
// Errors name the file: FileNotFound/FileRead (see MappedFile; also a file truncated on disk while
// open), FileFormat (corrupt or truncated), Unsupported (dtype, Fortran order, another rank, no
// attention-like tensor), InvalidAttention (matrices that are not square, T < 2, no layers or
// heads), InvalidArgument (options.tensorName matches nothing, an ambiguous choice, a layer out
// of range).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/formats/npz_archive.h"

namespace headwave {

struct AttentionFileOptions {
    AttentionFileOptions() = default;
    // {"name"}: the tensor or series of that name.
    AttentionFileOptions(std::string name) : tensorName(std::move(name)) {}  // NOLINT: implicit

    // .safetensors only: the tensor or per-layer series to read (see above); empty = automatic.
    std::string tensorName;
    // .npz only: limits on inflating compressed members.
    NpzReaderOptions npz;
};

Result<std::unique_ptr<AttentionSource>> openAttentionFile(
    const std::string& path, const AttentionFileOptions& options = {});

}  // namespace headwave
