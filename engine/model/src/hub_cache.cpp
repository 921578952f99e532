// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/model/hub_cache.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "headwave/core/mapped_file.h"
#include "headwave/formats/safetensors_reader.h"
#include "headwave/model/model_config.h"

namespace headwave {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRepoPrefix = "models--";

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

// The Hub's repository names: letters, digits, '-', '_', '.'; no "--" or ".." inside, not
// starting or ending with '-' or '.'.
bool validIdPart(const std::string& s) {
    if (s.empty() || s.size() > 96) {
        return false;
    }
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    if (s.front() == '-' || s.front() == '.' || s.back() == '-' || s.back() == '.') {
        return false;
    }
    return s.find("--") == std::string::npos && s.find("..") == std::string::npos;
}

bool validRevision(const std::string& s) {
    if (s.empty() || s.size() > 255 || s.find("..") != std::string::npos || s.front() == '/' ||
        s.back() == '/') {
        return false;
    }
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '\\' || c == '~' || c == '^' || c == ':' ||
            c == '?' || c == '*' || c == '[') {
            return false;
        }
    }
    return true;
}

std::string repoFolderName(const std::string& id) {
    std::string out = kRepoPrefix;
    for (char c : id) {
        if (c == '/') {
            out += "--";
        } else {
            out += c;
        }
    }
    return out;
}

std::string idOfRepoFolder(const std::string& folder) {
    std::string rest = folder.substr(std::string(kRepoPrefix).size());
    if (const auto sep = rest.find("--"); sep != std::string::npos) {
        rest.replace(sep, 2, "/");
    }
    return rest;
}

std::string readRef(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
    }
    return line;
}

// Every ref under refs/ (nested names like "pr/1" included), mapped to its commit.
std::vector<std::pair<std::string, std::string>> readRefs(const fs::path& repo) {
    std::vector<std::pair<std::string, std::string>> refs;
    const fs::path root = repo / "refs";
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return refs;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            refs.emplace_back(fs::relative(it->path(), root, ec).generic_string(),
                              readRef(it->path()));
        }
    }
    std::sort(refs.begin(), refs.end());
    return refs;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string joined(const std::vector<std::string>& items, std::size_t most) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < most; ++i) {
        out += (i ? ", " : "") + items[i];
    }
    if (items.size() > most) {
        out += ", ... (" + std::to_string(items.size()) + " in all)";
    }
    return out;
}

std::string shortCommit(const std::string& commit) {
    return commit.substr(0, 12);
}

// Files Headwave reads from a model folder.
bool readByHeadwave(const std::string& name) {
    return name == "config.json" || name.rfind("tokenizer", 0) == 0 ||
           name == "special_tokens_map.json" || name.ends_with(".safetensors") ||
           name.ends_with(".safetensors.index.json");
}

// A file Headwave reads whose link points to nothing; empty when none.
std::string danglingFile(const fs::path& dir) {
    std::error_code ec;
    std::vector<std::string> dangling;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (readByHeadwave(name) && it->is_symlink(ec) && !fs::exists(it->path(), ec)) {
            dangling.push_back(name);
        }
    }
    std::sort(dangling.begin(), dangling.end());
    return dangling.empty() ? std::string() : dangling.front();
}

}  // namespace

std::string HubSnapshot::label() const {
    std::string text = shortCommit(commit);
    for (std::size_t i = 0; i < refs.size(); ++i) {
        text += (i == 0 ? " (" : ", ") + refs[i];
    }
    return refs.empty() ? text : text + ")";
}

std::string hubCacheDir() {
    if (std::string v = env("HF_HUB_CACHE"); !v.empty()) {
        return v;
    }
    if (std::string v = env("HF_HOME"); !v.empty()) {
        return (fs::path(v) / "hub").string();
    }
    if (std::string v = env("XDG_CACHE_HOME"); !v.empty()) {
        return (fs::path(v) / "huggingface" / "hub").string();
    }
    if (std::string v = env("HOME"); !v.empty()) {
        return (fs::path(v) / ".cache" / "huggingface" / "hub").string();
    }
    return {};
}

std::optional<HubReference> parseHubReference(const std::string& text) {
    HubReference ref;
    std::string id = text;
    if (const auto at = text.find('@'); at != std::string::npos) {
        id = text.substr(0, at);
        ref.revision = text.substr(at + 1);
        ref.revisionGiven = true;
        if (!validRevision(ref.revision)) {
            return std::nullopt;
        }
    } else {
        ref.revision = "main";
    }
    const auto slash = id.find('/');
    if (slash == std::string::npos) {
        if (!validIdPart(id)) {
            return std::nullopt;
        }
    } else if (id.find('/', slash + 1) != std::string::npos || !validIdPart(id.substr(0, slash)) ||
               !validIdPart(id.substr(slash + 1))) {
        return std::nullopt;
    }
    ref.id = id;
    return ref;
}

Result<std::vector<HubCachedModel>> listHubCache(const std::string& cacheDir) {
    std::vector<HubCachedModel> models;
    std::error_code ec;
    if (cacheDir.empty() || !fs::exists(cacheDir, ec)) {
        return models;
    }
    if (!fs::is_directory(cacheDir, ec)) {
        return makeError(ErrorCode::FileRead,
                         "The Hugging Face cache " + cacheDir + " is not a folder.",
                         "Point HF_HUB_CACHE (or HF_HOME) at the cache folder.");
    }
    auto it = fs::directory_iterator(cacheDir, ec);
    if (ec) {
        return makeError(ErrorCode::FileRead, "The Hugging Face cache " + cacheDir +
                                                  " cannot be read: " + ec.message() + ".");
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string folder = it->path().filename().string();
        if (folder.rfind(kRepoPrefix, 0) != 0 || !it->is_directory(ec)) {
            continue;
        }
        HubCachedModel m;
        m.id = idOfRepoFolder(folder);
        m.repoDir = it->path().string();
        const auto refs = readRefs(it->path());
        std::error_code sec;
        for (auto s = fs::directory_iterator(it->path() / "snapshots", sec);
             !sec && s != fs::directory_iterator(); s.increment(sec)) {
            if (!s->is_directory(sec)) {
                continue;
            }
            HubSnapshot snap;
            snap.commit = s->path().filename().string();
            snap.dir = s->path().string();
            for (const auto& [name, commit] : refs) {
                if (commit == snap.commit) {
                    snap.refs.push_back(name);
                }
            }
            m.snapshots.push_back(std::move(snap));
        }
        std::sort(m.snapshots.begin(), m.snapshots.end(),
                  [](const HubSnapshot& a, const HubSnapshot& b) { return a.commit < b.commit; });
        std::error_code bec;
        for (auto b = fs::directory_iterator(it->path() / "blobs", bec);
             !bec && b != fs::directory_iterator(); b.increment(bec)) {
            if (b->is_regular_file(bec)) {
                m.bytesOnDisk += b->file_size(bec);
            }
        }
        models.push_back(std::move(m));
    }
    std::sort(models.begin(), models.end(),
              [](const HubCachedModel& a, const HubCachedModel& b) { return a.id < b.id; });
    return models;
}

Result<std::string> resolveHubModel(const HubReference& reference, const std::string& cacheDir) {
    const fs::path repo = fs::path(cacheDir) / repoFolderName(reference.id);
    std::error_code ec;
    if (cacheDir.empty() || !fs::is_directory(repo / "snapshots", ec)) {
        std::string detail;
        auto cached = listHubCache(cacheDir);
        if (cached && !cached->empty()) {
            std::vector<std::pair<std::size_t, std::string>> ranked;
            for (const HubCachedModel& m : *cached) {
                ranked.emplace_back(editDistance(reference.id, m.id), m.id);
            }
            std::sort(ranked.begin(), ranked.end());
            std::vector<std::string> closest;
            for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
                closest.push_back(ranked[i].second);
            }
            detail = "The closest cached models: " + joined(closest, 3) + ".";
        } else if (cacheDir.empty()) {
            detail = "No cache folder could be formed (set HF_HUB_CACHE or HOME).";
        } else {
            detail = "The cache holds no model.";
        }
        return makeError(ErrorCode::FileNotFound,
                         "The model " + reference.id + " is neither a folder nor in the Hugging " +
                             "Face cache (" + (cacheDir.empty() ? "none" : cacheDir) +
                             "). Headwave never downloads: download it first (huggingface-cli "
                             "download " +
                             reference.id + "), or give the model's folder.",
                         detail);
    }
    std::string commit;
    const auto refs = readRefs(repo);
    for (const auto& [name, target] : refs) {
        if (name == reference.revision) {
            commit = target;
        }
    }
    std::vector<std::string> snapshots;
    for (auto s = fs::directory_iterator(repo / "snapshots", ec);
         !ec && s != fs::directory_iterator(); s.increment(ec)) {
        if (s->is_directory(ec)) {
            snapshots.push_back(s->path().filename().string());
        }
    }
    std::sort(snapshots.begin(), snapshots.end());
    if (commit.empty()) {
        std::vector<std::string> matches;
        for (const std::string& s : snapshots) {
            if (s.rfind(reference.revision, 0) == 0) {
                matches.push_back(s);
            }
        }
        if (!reference.revisionGiven && matches.empty() && snapshots.size() == 1) {
            matches = snapshots;  // no refs/main (a download by commit): its only snapshot
        }
        std::vector<std::string> known;
        for (const auto& [name, target] : refs) {
            known.push_back(name + " (" + shortCommit(target) + ")");
        }
        for (const std::string& s : snapshots) {
            known.push_back(shortCommit(s));
        }
        if (matches.size() > 1) {
            std::vector<std::string> shortMatches;
            for (const std::string& m : matches) {
                shortMatches.push_back(shortCommit(m));
            }
            return makeError(ErrorCode::InvalidArgument,
                             "The revision " + reference.revision + " of " + reference.id +
                                 " is ambiguous: it begins " + joined(shortMatches, 5) +
                                 ". Give more of the commit.");
        }
        if (matches.empty()) {
            return makeError(ErrorCode::FileNotFound,
                             "The revision " + reference.revision + " of " + reference.id +
                                 " is not in the Hugging Face cache. Cached revisions: " +
                                 (known.empty() ? std::string("none") : joined(known, 8)) + ".");
        }
        commit = matches.front();
    }
    const fs::path dir = repo / "snapshots" / commit;
    if (!fs::is_directory(dir, ec)) {
        return makeError(ErrorCode::FileNotFound,
                         "The revision " + reference.revision + " of " + reference.id +
                             " names commit " + shortCommit(commit) +
                             ", whose snapshot is not in the cache (an interrupted download?). "
                             "Download it again: huggingface-cli download " +
                             reference.id + " --revision " + reference.revision + ".");
    }
    if (const std::string missing = danglingFile(dir); !missing.empty()) {
        return makeError(ErrorCode::FileNotFound,
                         "The cached model " + reference.id + " (commit " + shortCommit(commit) +
                             ") misses " + missing +
                             ": its link into the cache's blobs points to nothing (an interrupted "
                             "download). Download it again: huggingface-cli download " +
                             reference.id + ".",
                         (dir / missing).string());
    }
    return dir.string();
}

Result<std::string> resolveModelFolder(const std::string& folderOrId) {
    std::error_code ec;
    if (folderOrId.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "No model was given: give a model folder or a Hugging Face id "
                         "(org/name[@revision]).");
    }
    if (fs::is_directory(folderOrId, ec)) {
        return folderOrId;
    }
    const auto reference = parseHubReference(folderOrId);
    if (fs::exists(folderOrId, ec) || !reference) {
        return makeError(ErrorCode::FileNotFound,
                         "'" + folderOrId +
                             "' is not a folder; choose a Hugging Face model folder (with "
                             "config.json and model.safetensors), or a model of the local Hugging "
                             "Face cache as org/name[@revision].");
    }
    return resolveHubModel(*reference, hubCacheDir());
}

std::optional<std::string> hubIdOfFolder(const std::string& dir) {
    fs::path p = fs::path(dir).lexically_normal();
    if (p.filename().empty()) {
        p = p.parent_path();
    }
    const fs::path snapshots = p.parent_path();
    const fs::path repo = snapshots.parent_path();
    const std::string folder = repo.filename().string();
    if (snapshots.filename() != "snapshots" || folder.rfind(kRepoPrefix, 0) != 0 ||
        folder.size() <= std::string(kRepoPrefix).size()) {
        return std::nullopt;
    }
    return idOfRepoFolder(folder);
}

ModelFolderSupport inspectModelFolder(const std::string& dir) {
    ModelFolderSupport s;
    std::error_code ec;
    const fs::path root(dir);
    if (const std::string missing = danglingFile(root); !missing.empty()) {
        s.reason = missing + " is a dangling link (an interrupted download)";
        return s;
    }
    bool safetensors = false, pickles = false, gguf = false;
    std::vector<fs::path> weightFiles;
    for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.ends_with(".safetensors")) {
            safetensors = true;
            weightFiles.push_back(it->path());
        } else if (name.ends_with(".bin") || name.ends_with(".pt") || name.ends_with(".pth") ||
                   name.ends_with(".ckpt")) {
            pickles = true;
        } else if (name.ends_with(".gguf")) {
            gguf = true;
        }
    }
    const fs::path configPath = root / "config.json";
    if (!fs::exists(configPath, ec)) {
        s.reason =
            gguf ? "GGUF only (Headwave reads safetensors with a config.json)" : "no config.json";
        return s;
    }
    std::ifstream in(configPath, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto config = parseModelConfig(text.str(), configPath.string());
    if (!config) {
        // The model_type of a config the parser refuses (another architecture), for the listing.
        const auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
        if (json.is_object() && json.contains("model_type") && json["model_type"].is_string()) {
            s.modelType = json["model_type"].get<std::string>();
        }
        s.reason = config.error().code == ErrorCode::Unsupported
                       ? "architecture " + (s.modelType.empty() ? "unknown" : s.modelType) +
                             " (Headwave runs " + supportedModelTypes() + ")"
                       : "config.json cannot be read: " + config.error().message;
        return s;
    }
    s.modelType = config->modelType;
    for (const fs::path& file : weightFiles) {
        auto mapped = MappedFile::open(file.string());
        if (!mapped) {
            continue;
        }
        auto header = parseSafetensorsHeader((*mapped)->data(), (*mapped)->size());
        if (header) {
            for (const SafetensorsTensor& t : header->tensors) {
                s.parameters += static_cast<std::int64_t>(t.elementCount());
            }
        }
    }
    if (!safetensors) {
        s.reason = pickles ? "pickled weights only (pytorch_model.bin): Headwave reads safetensors"
                   : gguf  ? "GGUF only (Headwave reads safetensors)"
                           : "no weights (model.safetensors)";
        return s;
    }
    s.openable = true;
    return s;
}

}  // namespace headwave
