// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli models: the models of the local Hugging Face cache (never the network), with their
// revisions, architecture, parameters, size on disk and whether Headwave can open them.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "headwave/model/hub_cache.h"
#include "options.h"

namespace headwave::cli {

namespace {

struct ModelsOptions {
    std::string cache;
    bool json = false;
};

int run(const ModelsOptions& o) {
    const std::string cache = o.cache.empty() ? hubCacheDir() : o.cache;
    auto models = listHubCache(cache);
    if (!models) {
        return fail(models.error());
    }
    nlohmann::json list = nlohmann::json::array();
    if (!o.json) {
        std::printf("cache: %s\n",
                    cache.empty() ? "(none: set HF_HUB_CACHE or HOME)" : cache.c_str());
        if (models->empty()) {
            std::printf("no models are cached\n");
        }
    }
    for (const HubCachedModel& m : *models) {
        for (const HubSnapshot& s : m.snapshots) {
            const ModelFolderSupport support = inspectModelFolder(s.dir);
            if (o.json) {
                list.push_back({{"id", m.id},
                                {"commit", s.commit},
                                {"refs", s.refs},
                                {"folder", s.dir},
                                {"model_type", support.modelType},
                                {"parameters", support.parameters},
                                {"bytes_on_disk", m.bytesOnDisk},
                                {"openable", support.openable},
                                {"reason", support.reason}});
                continue;
            }
            std::printf("%s@%s\n", m.id.c_str(), s.label().c_str());
            std::printf("    %s, %.1f M parameters, %.1f MB on disk: %s\n",
                        support.modelType.empty() ? "unknown type" : support.modelType.c_str(),
                        static_cast<double>(support.parameters) / 1e6,
                        static_cast<double>(m.bytesOnDisk) / 1e6,
                        support.openable ? "opens" : ("cannot open: " + support.reason).c_str());
        }
    }
    if (o.json) {
        std::cout << nlohmann::json{{"cache", cache}, {"models", list}}.dump(2) << '\n';
    }
    return kExitOk;
}

}  // namespace

void addModels(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<ModelsOptions>();
    CLI::App* c = app.add_subcommand(
        "models",
        "The models of the local Hugging Face cache: revisions, architecture, parameters, size on "
        "disk, whether Headwave can open them.");
    c->footer(
        "The cache is HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else\n"
        "~/.cache/huggingface/hub. Any --model takes a cached id as org/name[@revision] (a "
        "branch,\n"
        "a tag, a commit or its prefix). Nothing is ever downloaded.");
    c->add_option("--cache", o->cache, "the cache folder (default: as above)")->type_name("DIR");
    c->add_flag("--json", o->json, "one JSON object on standard output");
    commands.push_back({c, [o] { return run(*o); }});
}

}  // namespace headwave::cli
