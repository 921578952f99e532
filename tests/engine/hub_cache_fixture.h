// SPDX-License-Identifier: GPL-3.0-or-later
// A Hugging Face cache built by a test, in huggingface_hub's layout: refs name commits, snapshot
// files are relative symlinks into blobs/. The model's files are copied from `modelDir` (e.g.
// ../shared/models/stories260K) into blobs; without it, small stand-in files are written.
//
//   <root>/models--acme--tiny/refs/main        kCommitMain
//   <root>/models--acme--tiny/refs/v1.0        kCommitTag   (a tag)
//   <root>/models--acme--tiny/snapshots/<c>/   config.json, model.safetensors, tokenizer.json
//   <root>/models--acme--other/...              a second model (for "closest ids")
//   <root>/datasets--acme--corpus/...           a dataset repository (never listed)
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace headwave::test {

inline constexpr const char* kCommitMain = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
inline constexpr const char* kCommitTag = "a1b2ffff00000000000000000000000000000001";
inline constexpr const char* kCommitOld = "0badc0de00000000000000000000000000000002";

inline void writeText(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// One snapshot whose files link to blobs named after the file and the commit.
inline void addSnapshot(const std::filesystem::path& repo, const std::string& commit,
                        const std::filesystem::path& modelDir) {
    namespace fs = std::filesystem;
    const std::vector<std::string> files = {"config.json", "model.safetensors", "tokenizer.json"};
    fs::create_directories(repo / "snapshots" / commit);
    fs::create_directories(repo / "blobs");
    for (const std::string& f : files) {
        const std::string blob = commit.substr(0, 8) + "-" + f;  // stands for the file's hash
        const fs::path target = repo / "blobs" / blob;
        if (!modelDir.empty() && fs::exists(modelDir / f)) {
            fs::copy_file(modelDir / f, target, fs::copy_options::overwrite_existing);
        } else {
            writeText(target, f == "config.json" ? "{\"model_type\": \"llama\"}" : "stand-in");
        }
        fs::create_symlink(fs::path("../../blobs") / blob, repo / "snapshots" / commit / f);
    }
}

inline void makeHubCache(const std::filesystem::path& root, const std::filesystem::path& modelDir) {
    namespace fs = std::filesystem;
    fs::remove_all(root);
    const fs::path tiny = root / "models--acme--tiny";
    addSnapshot(tiny, kCommitMain, modelDir);
    addSnapshot(tiny, kCommitTag, modelDir);
    addSnapshot(tiny, kCommitOld, modelDir);
    writeText(tiny / "refs" / "main", std::string(kCommitMain));
    writeText(tiny / "refs" / "v1.0", std::string(kCommitTag) + "\n");
    addSnapshot(root / "models--acme--other-model", kCommitMain, modelDir);
    writeText(root / "models--acme--other-model" / "refs" / "main", kCommitMain);
    addSnapshot(root / "datasets--acme--corpus", kCommitMain, {});
    writeText(root / "datasets--acme--corpus" / "refs" / "main", kCommitMain);
}

}  // namespace headwave::test
