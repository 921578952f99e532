// SPDX-License-Identifier: GPL-3.0-or-later
// The token sidecar: the labels of an attention file's T tokens, in a small JSON file beside it,
// so that attention exported from any framework shows its tokens in Headwave. Defined in
// docs/results-format.md ("Token sidecar"); `headwave-cli attention` writes one beside its .npy.
//
//   {"format": "headwave-tokens", "version": 1,
//    "tokens": ["<s>", "The", " cat", ...],      // required: T strings, the token labels
//    "ids": [1, 450, 6635, ...],                  // optional: T integers, the token ids
//    "model": "org/name", "text": "The cat ..."}  // optional: where the tokens came from
//
//   std::string sidecar = tokenSidecarPath("run.npy");     // "run.tokens.json"
//   Result<TokenSidecar> t = readTokenSidecar(sidecar);
//   Status s = writeTokenSidecar(sidecar, t.value());      // atomic
//
// Unknown members are ignored (later minor additions); a version above 1 is refused with a message
// that says so. Errors: FileNotFound/FileRead, FileFormat (not JSON, not the format, a member of
// the wrong type, ids and tokens of different counts; messages name the file and the member).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

constexpr int kTokenSidecarVersion = 1;
// Sidecars are small (a label per token); a bigger file is not one.
constexpr std::uint64_t kTokenSidecarMaxBytes = std::uint64_t{256} << 20;

struct TokenSidecar {
    std::vector<std::string> tokens;  // [T] labels, UTF-8
    std::vector<std::int64_t> ids;    // [T] or empty
    std::string model;                // optional: the model's id or folder
    std::string text;                 // optional: the input text
};

// Where the sidecar of an attention file or folder is looked for: "DIR/NAME.tokens.json" for
// "DIR/NAME.EXT" (NAME without its last extension), "FOLDER/tokens.json" for a folder.
std::string tokenSidecarPath(const std::string& attentionPath);

Result<TokenSidecar> readTokenSidecar(const std::string& path);
// The sidecar parsed from JSON text; `path` names it in messages.
Result<TokenSidecar> parseTokenSidecar(const std::string& json, const std::string& path);
Status writeTokenSidecar(const std::string& path, const TokenSidecar& sidecar);

}  // namespace headwave
