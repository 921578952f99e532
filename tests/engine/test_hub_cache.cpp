// SPDX-License-Identifier: GPL-3.0-or-later
// Models from the Hugging Face cache, on a cache built by the test (hub_cache_fixture.h): the
// environment's order, ids and revisions (branch, tag, commit, prefix), what is not cached, a
// dangling link, the listing, and what a folder's files say about opening it.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "check.h"
#include "headwave/model/hub_cache.h"
#include "hub_cache_fixture.h"
#include "shared_data.h"

namespace fs = std::filesystem;
using namespace headwave;
using headwave::test::kCommitMain;
using headwave::test::kCommitOld;
using headwave::test::kCommitTag;

namespace {

fs::path scratch() {
    const fs::path p = fs::temp_directory_path() /
                       ("headwave-hub-test-" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(p);
    return p;
}

fs::path stories() {
    return test::sharedDir() / "models" / "stories260K";
}

fs::path cache() {
    static const fs::path root = [] {
        const fs::path r = scratch() / "hub";
        test::makeHubCache(r, fs::exists(stories() / "config.json") ? stories() : fs::path());
        return r;
    }();
    return root;
}

Result<std::string> resolve(const std::string& text) {
    auto ref = parseHubReference(text);
    if (!ref) {
        return makeError(ErrorCode::InvalidArgument, "not an id: " + text);
    }
    return resolveHubModel(*ref, cache().string());
}

std::string snapshot(const char* commit) {
    return (cache() / "models--acme--tiny" / "snapshots" / commit).string();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

HW_TEST(ids_and_revisions_are_parsed_and_paths_are_not_ids) {
    auto a = parseHubReference("TinyStories/stories260K");
    HW_CHECK(a.has_value());
    if (a) {
        HW_CHECK_EQ(a->id, std::string("TinyStories/stories260K"));
        HW_CHECK_EQ(a->revision, std::string("main"));
        HW_CHECK(!a->revisionGiven);
    }
    auto b = parseHubReference("meta-llama/Llama-3.2-1B@refs/pr/12");
    HW_CHECK(b.has_value() && b->revision == "refs/pr/12" && b->revisionGiven);
    HW_CHECK(parseHubReference("gpt2").has_value());
    for (const char* notId : {"", "./model", "../model", "/abs/model", "a/b/c", "a--b/c", "a/b@",
                              "-a/b", "a/b.", "a /b", "a/b@x y", "a/b@../x"}) {
        HW_CHECK_MSG(!parseHubReference(notId).has_value(), notId);
    }
}

HW_TEST(the_cache_folder_follows_huggingface_hub_order) {
    const char* names[] = {"HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "HOME"};
    std::string saved[4];
    bool had[4];
    for (int i = 0; i < 4; ++i) {
        const char* v = std::getenv(names[i]);
        had[i] = v != nullptr;
        saved[i] = v ? v : "";
    }
    setenv("HF_HUB_CACHE", "/c/hub", 1);
    setenv("HF_HOME", "/h", 1);
    setenv("XDG_CACHE_HOME", "/x", 1);
    setenv("HOME", "/home/u", 1);
    HW_CHECK_EQ(hubCacheDir(), std::string("/c/hub"));
    unsetenv("HF_HUB_CACHE");
    HW_CHECK_EQ(hubCacheDir(), std::string("/h/hub"));
    unsetenv("HF_HOME");
    HW_CHECK_EQ(hubCacheDir(), std::string("/x/huggingface/hub"));
    unsetenv("XDG_CACHE_HOME");
    HW_CHECK_EQ(hubCacheDir(), std::string("/home/u/.cache/huggingface/hub"));
    unsetenv("HOME");
    HW_CHECK_EQ(hubCacheDir(), std::string());
    for (int i = 0; i < 4; ++i) {
        if (had[i]) {
            setenv(names[i], saved[i].c_str(), 1);
        } else {
            unsetenv(names[i]);
        }
    }
}

HW_TEST(a_revision_is_a_branch_a_tag_a_commit_or_a_unique_prefix) {
    auto main = resolve("acme/tiny");
    HW_CHECK(main.ok() && *main == snapshot(kCommitMain));
    auto branch = resolve("acme/tiny@main");
    HW_CHECK(branch.ok() && *branch == snapshot(kCommitMain));
    auto tag = resolve("acme/tiny@v1.0");  // its ref file ends with a newline
    HW_CHECK(tag.ok() && *tag == snapshot(kCommitTag));
    auto commit = resolve(std::string("acme/tiny@") + kCommitOld);
    HW_CHECK(commit.ok() && *commit == snapshot(kCommitOld));
    auto prefix = resolve("acme/tiny@0badc0");
    HW_CHECK(prefix.ok() && *prefix == snapshot(kCommitOld));
    auto unique = resolve("acme/tiny@a1b2c");
    HW_CHECK(unique.ok() && *unique == snapshot(kCommitMain));

    auto ambiguous = resolve("acme/tiny@a1b2");
    HW_CHECK(!ambiguous.ok());
    if (!ambiguous.ok()) {
        HW_CHECK(ambiguous.error().code == ErrorCode::InvalidArgument);
        HW_CHECK_MSG(contains(ambiguous.error().message, "ambiguous"), ambiguous.error().message);
    }
    auto unknown = resolve("acme/tiny@v9");
    HW_CHECK(!unknown.ok());
    if (!unknown.ok()) {
        HW_CHECK(unknown.error().code == ErrorCode::FileNotFound);
        HW_CHECK_MSG(contains(unknown.error().message, "v1.0 (a1b2ffff0000)"),
                     unknown.error().message);
    }
}

HW_TEST(a_model_not_in_the_cache_names_the_closest_cached_ids) {
    auto missing = resolve("acme/tinny");
    HW_CHECK(!missing.ok());
    if (!missing.ok()) {
        HW_CHECK(missing.error().code == ErrorCode::FileNotFound);
        HW_CHECK_MSG(contains(missing.error().message, "never downloads"), missing.error().message);
        HW_CHECK_MSG(contains(missing.error().detail, "acme/tiny, acme/other-model"),
                     missing.error().detail);
        HW_CHECK_MSG(!contains(missing.error().detail, "corpus"), missing.error().detail);
    }
    auto nowhere = resolveHubModel(*parseHubReference("acme/tiny"), (scratch() / "none").string());
    HW_CHECK(!nowhere.ok() && contains(nowhere.error().detail, "holds no model"));
}

HW_TEST(a_dangling_link_names_the_missing_file) {
    const fs::path root = scratch() / "dangling";
    test::makeHubCache(root, {});
    fs::remove(root / "models--acme--tiny" / "blobs" /
               (std::string(kCommitMain).substr(0, 8) + "-tokenizer.json"));
    auto r = resolveHubModel(*parseHubReference("acme/tiny"), root.string());
    HW_CHECK(!r.ok());
    if (!r.ok()) {
        HW_CHECK(r.error().code == ErrorCode::FileNotFound);
        HW_CHECK_MSG(contains(r.error().message, "misses tokenizer.json"), r.error().message);
        HW_CHECK_MSG(contains(r.error().message, "interrupted download"), r.error().message);
    }
    // The other snapshots are whole.
    auto tag = resolveHubModel(*parseHubReference("acme/tiny@v1.0"), root.string());
    HW_CHECK(tag.ok());
    HW_CHECK(!inspectModelFolder(root / "models--acme--tiny" / "snapshots" / kCommitMain).openable);
}

HW_TEST(the_listing_shows_models_their_revisions_and_sizes) {
    auto models = listHubCache(cache().string());
    HW_CHECK(models.ok());
    if (!models.ok()) {
        return;
    }
    HW_CHECK_EQ(models->size(), std::size_t(2));  // the dataset repository is not a model
    if (models->size() != 2) {
        return;
    }
    const HubCachedModel& tiny = (*models)[1];
    HW_CHECK_EQ((*models)[0].id, std::string("acme/other-model"));
    HW_CHECK_EQ(tiny.id, std::string("acme/tiny"));
    HW_CHECK_EQ(tiny.snapshots.size(), std::size_t(3));
    if (tiny.snapshots.size() == 3) {
        HW_CHECK_EQ(tiny.snapshots[0].commit, std::string(kCommitOld));
        HW_CHECK(tiny.snapshots[0].refs.empty());
        HW_CHECK(tiny.snapshots[1].refs == std::vector<std::string>{"main"});
        HW_CHECK(tiny.snapshots[2].refs == std::vector<std::string>{"v1.0"});
    }
    std::uintmax_t blobs = 0;
    for (const auto& e : fs::directory_iterator(cache() / "models--acme--tiny" / "blobs")) {
        blobs += e.file_size();
    }
    HW_CHECK_EQ(tiny.bytesOnDisk, static_cast<std::uint64_t>(blobs));
    auto none = listHubCache((scratch() / "no-cache").string());
    HW_CHECK(none.ok() && none->empty());
}

HW_TEST(folders_win_over_ids_and_snapshots_know_their_id) {
    const fs::path folder = scratch() / "acme" / "tiny";  // a folder spelled like an id
    fs::create_directories(folder);
    const fs::path cwd = fs::current_path();
    fs::current_path(scratch());
    auto here = resolveModelFolder("acme/tiny");
    HW_CHECK(here.ok() && *here == "acme/tiny");
    fs::current_path(cwd);

    setenv("HF_HUB_CACHE", cache().c_str(), 1);
    auto hub = resolveModelFolder("acme/tiny@v1.0");
    HW_CHECK(hub.ok() && *hub == snapshot(kCommitTag));
    auto neither = resolveModelFolder("../no/such/folder");
    HW_CHECK(!neither.ok() && contains(neither.error().message, "is not a folder"));
    auto file = resolveModelFolder((cache() / "models--acme--tiny" / "refs" / "main").string());
    HW_CHECK(!file.ok() && contains(file.error().message, "is not a folder"));
    unsetenv("HF_HUB_CACHE");

    HW_CHECK(hubIdOfFolder(snapshot(kCommitMain)) == std::optional<std::string>("acme/tiny"));
    HW_CHECK(hubIdOfFolder(snapshot(kCommitMain) + "/") == std::optional<std::string>("acme/tiny"));
    HW_CHECK(!hubIdOfFolder("/models/stories260K").has_value());
}

HW_TEST(what_a_folder_says_about_opening_it) {
    const fs::path root = scratch() / "kinds";
    test::writeText(root / "mamba" / "config.json", "{\"model_type\": \"mamba\"}");
    test::writeText(root / "mamba" / "model.safetensors", "x");
    const ModelFolderSupport mamba = inspectModelFolder((root / "mamba").string());
    HW_CHECK(!mamba.openable);
    HW_CHECK_EQ(mamba.modelType, std::string("mamba"));
    HW_CHECK_MSG(contains(mamba.reason, "architecture mamba"), mamba.reason);

    test::writeText(root / "gguf" / "model-q4.gguf", "GGUF");
    HW_CHECK_MSG(contains(inspectModelFolder((root / "gguf").string()).reason, "GGUF"),
                 inspectModelFolder((root / "gguf").string()).reason);
    test::writeText(root / "empty" / "README.md", "");
    HW_CHECK_EQ(inspectModelFolder((root / "empty").string()).reason,
                std::string("no config.json"));

    if (!fs::exists(stories() / "config.json")) {
        HW_SKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
    }
    fs::create_directories(root / "pickles");
    fs::copy_file(stories() / "config.json", root / "pickles" / "config.json");
    test::writeText(root / "pickles" / "pytorch_model.bin", "pickle");
    const ModelFolderSupport pickles = inspectModelFolder((root / "pickles").string());
    HW_CHECK(!pickles.openable);
    HW_CHECK_MSG(contains(pickles.reason, "pickled weights only"), pickles.reason);

    const ModelFolderSupport s = inspectModelFolder(snapshot(kCommitMain));
    HW_CHECK_MSG(s.openable, s.reason);
    HW_CHECK_EQ(s.modelType, std::string("llama"));
    // stories260K: 260K parameters by its name; the safetensors header says exactly.
    HW_CHECK_MSG(s.parameters > 200000 && s.parameters < 300000, s.parameters);
}

int main(int argc, char** argv) {
    const int status = headwave::test::runAll(argc, argv);
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return status;
}
