// SPDX-License-Identifier: GPL-3.0-or-later
// headwave-cli heads: the head map (docs/method.md, "The head map") of the heads of one or several
// results files: coordinates, classes and the nearest heads across the files, as CSV and JSON.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "headwave/core/mapped_file.h"
#include "headwave/dsp/head_map.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/run/session.h"
#include "options.h"
#include "validators.h"

namespace headwave::cli {

namespace {

namespace fs = std::filesystem;

struct HeadsOptions {
    std::vector<std::string> runs;
    std::string out;
    int k = 0;
    int neighbours = 10;
    bool force = false;
};

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        return s;
    }
    std::string q = "\"";
    for (char c : s) {
        q += c;
        if (c == '"') {
            q += '"';
        }
    }
    return q + "\"";
}

std::string number(double v) {
    return formatShortest(v);
}

std::string headMapCsv(const HeadMap& map) {
    std::string t = "source,layer,head,pc1,pc2,class,silhouette";
    for (const std::string& f : map.features) {
        t += "," + f;
    }
    for (const std::string& f : map.features) {
        t += ",z_" + f;
    }
    t += "\n";
    const std::size_t p = map.features.size();
    for (std::size_t i = 0; i < map.size(); ++i) {
        const HeadMapHead& h = map.heads[i];
        t += csvField(map.sources[static_cast<std::size_t>(h.source)]) + "," +
             std::to_string(h.layer) + "," + std::to_string(h.head) + "," + number(map.pc(i, 0)) +
             "," + number(map.pc(i, 1)) + "," + std::to_string(map.classes[i]) + "," +
             number(map.silhouette[i]);
        for (std::size_t j = 0; j < p; ++j) {
            t += "," + number(map.raw[i * p + j]);
        }
        for (std::size_t j = 0; j < p; ++j) {
            t += "," + number(map.standardised[i * p + j]);
        }
        t += "\n";
    }
    return t;
}

std::string neighboursCsv(const HeadMap& map) {
    std::string t =
        "source,layer,head,rank,neighbour_source,neighbour_layer,neighbour_head,distance\n";
    for (std::size_t i = 0; i < map.size(); ++i) {
        const HeadMapHead& h = map.heads[i];
        for (int r = 0; r < map.neighbourCount; ++r) {
            const HeadMapHead& o = map.heads[static_cast<std::size_t>(map.neighbour(i, r))];
            t += csvField(map.sources[static_cast<std::size_t>(h.source)]) + "," +
                 std::to_string(h.layer) + "," + std::to_string(h.head) + "," +
                 std::to_string(r + 1) + "," +
                 csvField(map.sources[static_cast<std::size_t>(o.source)]) + "," +
                 std::to_string(o.layer) + "," + std::to_string(o.head) + "," +
                 number(map.distance(i, r)) + "\n";
        }
    }
    return t;
}

std::string headMapJson(const HeadMap& map, const HeadMapOptions& options,
                        const std::vector<std::string>& files) {
    const std::size_t p = map.features.size();
    nlohmann::json tried = nlohmann::json::array();
    for (const HeadMapK& t : map.tried) {
        tried.push_back({{"k", t.k}, {"silhouette", t.silhouette}, {"inertia", t.inertia}});
    }
    std::vector<int> classSize(static_cast<std::size_t>(map.k), 0);
    for (int c : map.classes) {
        ++classSize[static_cast<std::size_t>(c)];
    }
    nlohmann::json j = {
        {"sources", map.sources},
        {"files", files},
        {"heads", map.size()},
        {"features", map.features},
        {"dropped_features", map.dropped},
        {"feature_mean", map.mean},
        {"feature_std", map.stddev},
        {"explained_variance", {map.explained[0], map.explained[1]}},
        {"loadings",
         {{"pc1", std::vector<double>(map.loadings.begin(),
                                      map.loadings.begin() + static_cast<std::ptrdiff_t>(p))},
          {"pc2", std::vector<double>(map.loadings.begin() + static_cast<std::ptrdiff_t>(p),
                                      map.loadings.end())}}},
        {"k", map.k},
        {"k_chosen_by", map.kChosen ? "silhouette" : "user"},
        {"class_sizes", classSize},
        {"tried", tried},
        {"neighbours", map.neighbourCount},
        {"kmeans", {{"seed", options.seed}, {"restarts", options.restarts}}},
    };
    return j.dump(2) + "\n";
}

Status writeText(const fs::path& path, const std::string& text) {
    return writeFileAtomically(path.string(),
                               [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
}

int runHeads(const HeadsOptions& o) {
    const fs::path dir = o.out;
    const std::vector<std::string> names = {"head_map.csv", "neighbours.csv", "head_map.json"};
    if (!o.force) {
        for (const std::string& n : names) {
            if (fs::exists(dir / n)) {
                return fail(makeError(ErrorCode::InvalidArgument,
                                      "'" + (dir / n).string() +
                                          "' already exists; use --force to replace it or "
                                          "choose another --out."));
            }
        }
    }
    // Each file is a source, labelled by its name without the extension (its path when two
    // files share a name; "#2", "#3" ... after a path given twice).
    std::multiset<std::string> stems;
    for (const std::string& p : o.runs) {
        stems.insert(fs::path(p).stem().string());
    }
    Session session;
    std::vector<AnalysisPtr> analyses;
    std::vector<std::string> labels;
    std::multiset<std::string> used;
    for (const std::string& p : o.runs) {
        auto run = session.openResults(p);
        if (!run) {
            return fail(run.error());
        }
        const std::string stem = fs::path(p).stem().string();
        std::string label = stems.count(stem) > 1 ? p : stem;
        used.insert(label);
        if (used.count(label) > 1) {
            label += "#" + std::to_string(used.count(label));
        }
        analyses.push_back(run.value());
        labels.push_back(label);
    }
    HeadMapOptions options;
    options.k = o.k;
    options.neighbours = o.neighbours;
    auto map = session.headMap(analyses, labels, options);
    if (!map) {
        return fail(map.error());
    }
    const HeadMap& hm = **map;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        return fail(makeError(ErrorCode::FileWrite,
                              "Cannot create the folder '" + dir.string() + "'.", ec.message()));
    }
    const std::string texts[] = {headMapCsv(hm), neighboursCsv(hm),
                                 headMapJson(hm, options, o.runs)};
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (Status s = writeText(dir / names[i], texts[i]); !s) {
            return fail(s.error());
        }
    }
    for (const std::string& d : hm.dropped) {
        std::fprintf(stderr, "headwave-cli: feature left out: %s\n", d.c_str());
    }
    std::printf(
        "head map of %zu heads from %zu sources, %zu features: PC1 %.1f %%, PC2 %.1f %% of the "
        "variance; k = %d (%s, mean silhouette %.3f) -> %s\n",
        hm.size(), hm.sources.size(), hm.features.size(), 100.0 * hm.explained[0],
        100.0 * hm.explained[1], hm.k, hm.kChosen ? "by silhouette" : "given",
        hm.tried.size() == 1 ? hm.tried.front().silhouette : [&] {
            for (const HeadMapK& t : hm.tried) {
                if (t.k == hm.k) {
                    return t.silhouette;
                }
            }
            return 0.0;
        }(),
        dir.string().c_str());
    return kExitOk;
}

}  // namespace

void addHeads(CLI::App& app, std::vector<Command>& commands) {
    auto o = std::make_shared<HeadsOptions>();
    CLI::App* c = app.add_subcommand(
        "heads",
        "A map of the heads of one or several results files: PCA, classes, similar heads.");
    c->footer(
        "Each head is the vector of its band shares, spectral and positional entropy, local share\n"
        "and wavelet entropy per scale (the detail scales common to every file), standardised "
        "over\n"
        "all heads. Writes DIR/head_map.csv (source, layer, head, pc1, pc2, class, silhouette, "
        "the\n"
        "features and their z-scores), DIR/neighbours.csv (the nearest heads of each head across\n"
        "the files, in standardised units) and DIR/head_map.json (explained variance, loadings,\n"
        "the silhouette of every k tried). docs/method.md, \"The head map\", defines every "
        "number.");
    c->add_option("RUN", o->runs, "the results files")->type_name("")->required();
    c->add_option("-o,--out", o->out, "the folder of the three files")
        ->type_name("DIR")
        ->required();
    c->add_option("-k,--k", o->k,
                  "classes of k-means (0 = the k of 2 to 8 with the best mean silhouette)")
        ->type_name("K")
        ->check(wholeNumber(0, 64))
        ->capture_default_str();
    c->add_option("--neighbours", o->neighbours, "similar heads listed per head")
        ->type_name("N")
        ->check(wholeNumber(0, 1000))
        ->capture_default_str();
    c->add_flag("-f,--force", o->force, "replace existing files");
    commands.push_back({c, [o] { return runHeads(*o); }});
}

}  // namespace headwave::cli
