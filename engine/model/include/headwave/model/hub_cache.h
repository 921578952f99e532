// SPDX-License-Identifier: GPL-3.0-or-later
// Models from the Hugging Face cache, resolved offline (no network access, ever): a model is named
// `org/name[@revision]` wherever a folder is taken, and found in the standard cache layout
//
//   <cache>/models--org--name/refs/<branch or tag>     the commit it names (a text file)
//   <cache>/models--org--name/snapshots/<commit>/...   the files, symlinks into ../../blobs/
//   <cache>/models--org--name/blobs/<hash>             the contents
//
// where <cache> is HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub (huggingface_hub's own order).
//
//   auto dir = resolveModelFolder("TinyStories/stories260K@main");  // the snapshot folder
//   auto models = listHubCache(hubCacheDir());                       // what is cached
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

// The cache folder the environment names (see above); empty when none can be formed (no HOME).
std::string hubCacheDir();

// "org/name@revision" split; nullopt when the text is not an id (a path with "./", "..", a leading
// "/", more than one "/", or characters the Hub does not allow). The revision defaults to "main".
struct HubReference {
    std::string id;  // "org/name" (or "name")
    std::string revision;
    bool revisionGiven = false;
};
std::optional<HubReference> parseHubReference(const std::string& text);

// One snapshot of a cached model: the commit, the refs (branches, tags) that name it, its folder.
struct HubSnapshot {
    std::string commit;
    std::vector<std::string> refs;  // sorted
    std::string dir;                // <cache>/models--org--name/snapshots/<commit>

    // "a1b2c3d4e5f6 (main, v1.0)": the short commit and the refs that name it, for listings.
    std::string label() const;
};

struct HubCachedModel {
    std::string id;                      // "org/name"
    std::string repoDir;                 // <cache>/models--org--name
    std::vector<HubSnapshot> snapshots;  // sorted by commit
    std::uint64_t bytesOnDisk = 0;       // the blobs (each counted once)
};

// Every model in the cache (dataset and space repositories are skipped), sorted by id. A missing
// cache folder is an empty list; an unreadable one an error.
Result<std::vector<HubCachedModel>> listHubCache(const std::string& cacheDir);

// The snapshot folder of `reference` in `cacheDir`: the revision is a ref (branch or tag), else a
// commit or a unique prefix of one. Errors: not cached (FileNotFound, with the closest cached
// ids), an unknown or ambiguous revision (InvalidArgument, with the revisions there are), a file
// Headwave reads whose link points to nothing (FileNotFound, naming it: an interrupted download).
Result<std::string> resolveHubModel(const HubReference& reference, const std::string& cacheDir);

// What a model is taken from, anywhere: an existing folder is itself; else an id is looked up in
// the cache (hubCacheDir()); else FileNotFound saying it is neither.
Result<std::string> resolveModelFolder(const std::string& folderOrId);

// "org/name" when `dir` is a snapshot folder of the cache layout, else nullopt.
std::optional<std::string> hubIdOfFolder(const std::string& dir);

// Whether Headwave can open a model folder, read from its files only (no weights are loaded): the
// architecture (config.json's model_type), the parameters (from the safetensors headers, 0 when
// unknown) and, when it cannot be opened, why (another architecture, pickled weights only, GGUF,
// no config.json, a dangling link).
struct ModelFolderSupport {
    std::string modelType;
    std::int64_t parameters = 0;
    bool openable = false;
    std::string reason;  // empty when openable
};
ModelFolderSupport inspectModelFolder(const std::string& dir);

}  // namespace headwave
