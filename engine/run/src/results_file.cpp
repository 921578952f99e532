// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/results_file.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "headwave/formats/npz_archive.h"

namespace headwave {

namespace {

using nlohmann::ordered_json;

ordered_json number(double v) {
    if (!std::isfinite(v)) {
        return nullptr;
    }
    return v;
}

std::string keptName(const char* what, const KeptHead& k) {
    return std::string(what) + "_s" + std::to_string(k.sequence) + "_l" + std::to_string(k.layer) +
           "_h" + std::to_string(k.head);
}

ordered_json metaJson(const RunResult& r) {
    ordered_json j;
    j["format"] = kRunFormat;
    j["format_version"] = kRunFormatVersion;
    j["settings"] = ordered_json::parse(r.settings.method.toJson());
    j["wavelet_level"] = r.level;
    ordered_json checks;
    checks["row_sum_tolerance"] = r.settings.checks.rowSumTolerance;
    checks["renormalise_rows"] = r.settings.checks.renormaliseRows;
    j["attention_checks"] = checks;
    ordered_json model;
    model["name"] = r.model.name;
    model["architecture"] = r.model.architecture;
    model["positional"] = r.model.positional;
    model["config_hash"] = r.model.configHash;
    model["layers"] = r.model.layers;
    model["heads"] = r.model.heads;
    model["kv_heads"] = r.model.kvHeads;
    model["parameters"] = r.model.parameters;
    model["dtype"] = r.model.dtype;
    j["model"] = model;
    ordered_json corpus;
    corpus["source"] = r.corpus.source;
    corpus["hash"] = r.corpus.hash;
    corpus["packed"] = r.corpus.packed;
    corpus["min_tokens"] = r.corpus.minTokens;
    corpus["max_tokens"] = r.corpus.maxTokens;
    corpus["shortest"] = r.corpus.shortest;
    corpus["sampled"] = r.corpus.sampled;
    corpus["seed"] = r.corpus.seed;
    corpus["requested_sequences"] = r.settings.corpus.maxSequences;
    corpus["format"] = toString(r.settings.corpus.format);
    j["corpus"] = corpus;
    j["shard"] = {{"index", r.shard.index}, {"count", r.shard.count}};
    j["sequences"] = r.sequences();
    ordered_json columns = ordered_json::array();
    for (const MetricColumn& c : r.layout.columns()) {
        columns.push_back({{"key", c.key}, {"unit", c.unit}, {"description", c.description}});
    }
    j["columns"] = columns;
    j["warnings"] = warningTexts(r.warnings);
    if (r.summary) {
        ordered_json rho;
        rho["mode"] = toString(r.summary->rhoMode);
        rho["model"] = number(r.summary->rhoModel);
        rho["model_status"] = toString(r.summary->rhoModelStatus);
        j["rho"] = rho;
    }
    return j;
}

Error fileError(const std::string& path, const std::string& what) {
    return makeError(ErrorCode::FileFormat, "'" + path + "' " + what);
}

}  // namespace

std::string runMetaJson(const RunResult& result) {
    return metaJson(result).dump(1);
}

Status writeRunFile(const std::string& path, const RunResult& r) {
    auto w = NpzWriter::create(path);
    if (!w) {
        return w.error();
    }
    NpzWriter& npz = w.value();
    const auto S = static_cast<std::int64_t>(r.sequences());
    const std::int64_t L = r.model.layers;
    const std::int64_t H = r.model.heads;
    const auto C = static_cast<std::int64_t>(r.layout.size());
    auto check = [](Status s) { return s; };
    const std::int64_t version = kRunFormatVersion;
    std::vector<std::int64_t> seqIndex(r.sequenceIndex.begin(), r.sequenceIndex.end());
    std::vector<std::int64_t> tokens(r.tokens.begin(), r.tokens.end());
    std::vector<std::int32_t> ids(r.tokenIds.begin(), r.tokenIds.end());
    if (Status s = check(npz.addString("format", kRunFormat)); !s) {
        return s;
    }
    if (Status s = npz.addInt64Array("format_version", {1}, &version); !s) {
        return s;
    }
    if (Status s = npz.addString("meta", runMetaJson(r)); !s) {
        return s;
    }
    if (Status s = npz.addInt64Array("sequence_index", {S}, seqIndex.data()); !s) {
        return s;
    }
    if (Status s = npz.addInt64Array("tokens", {S}, tokens.data()); !s) {
        return s;
    }
    if (Status s =
            npz.addInt32Array("token_ids", {static_cast<std::int64_t>(ids.size())}, ids.data());
        !s) {
        return s;
    }
    if (Status s = npz.addArray("metrics", DType::Float64, {S, L, H, C}, r.metrics.data()); !s) {
        return s;
    }
    if (r.summary) {
        if (Status s =
                npz.addArray("head_mean", DType::Float64, {L, H, C}, r.summary->headMean.data());
            !s) {
            return s;
        }
        if (Status s =
                npz.addArray("head_std", DType::Float64, {L, H, C}, r.summary->headStd.data());
            !s) {
            return s;
        }
        if (Status s = npz.addArray("rho_head", DType::Float64, {L, H}, r.summary->rhoHead.data());
            !s) {
            return s;
        }
        if (Status s = npz.addArray("rho_layer", DType::Float64, {L}, r.summary->rhoLayer.data());
            !s) {
            return s;
        }
    }
    for (const KeptHead& k : r.kept) {
        const std::int64_t T = k.tokens;
        if (Status s =
                npz.addArray(keptName("attention", k), DType::Float32, {T, T}, k.attention.data());
            !s) {
            return s;
        }
        if (!k.profile.empty()) {
            if (Status s =
                    npz.addArray(keptName("profile", k), DType::Float64, {T}, k.profile.data());
                !s) {
                return s;
            }
        }
    }
    return npz.finish();
}

Result<std::shared_ptr<const RunResult>> readRunFile(const std::string& path) {
    auto opened = NpzReader::open(path);
    if (!opened) {
        Error e = opened.error();
        if (e.code == ErrorCode::FileFormat) {
            e.message = "'" + path +
                        "' is not a Headwave results file (it is not a .npz archive written by "
                        "headwave-cli analyze or the app): " +
                        e.message;
        }
        return e;
    }
    const NpzReader& npz = opened.value();
    if (!npz.has("format")) {
        return fileError(path,
                         "is a NumPy archive but not a Headwave results file (it has no "
                         "'format' member).");
    }
    auto format = npz.readString("format");
    if (!format || format.value() != kRunFormat) {
        return fileError(path, "is not a Headwave results file (its format is '" +
                                   (format ? format.value() : std::string("?")) + "').");
    }
    auto version = npz.readInts("format_version");
    if (!version || version->size() != 1) {
        return fileError(path, "has no readable format version.");
    }
    if ((*version)[0] != kRunFormatVersion) {
        return makeError(ErrorCode::Unsupported,
                         "'" + path + "' is a results file of format version " +
                             std::to_string((*version)[0]) + "; this Headwave reads version " +
                             std::to_string(kRunFormatVersion) +
                             ". Open it with the Headwave that wrote it, or run the analysis "
                             "again.");
    }
    auto metaText = npz.readString("meta");
    if (!metaText) {
        return metaText.error();
    }
    auto meta = nlohmann::json::parse(metaText.value(), nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) {
        return fileError(path, "has a damaged 'meta' member (not JSON).");
    }
    auto result = std::make_shared<RunResult>();
    RunResult& r = *result;
    try {
        auto settings = MethodSettings::fromJson(meta.at("settings").dump());
        if (!settings) {
            return fileError(path, "has invalid settings: " + settings.error().message);
        }
        r.settings.method = settings.value();
        r.level = meta.at("wavelet_level").get<int>();
        if (r.level < 0 || r.level > 30) {
            return fileError(path, "has an invalid wavelet level.");
        }
        if (meta.contains("attention_checks")) {
            r.settings.checks.rowSumTolerance =
                meta["attention_checks"].at("row_sum_tolerance").get<double>();
            r.settings.checks.renormaliseRows =
                meta["attention_checks"].at("renormalise_rows").get<bool>();
        }
        const auto& model = meta.at("model");
        r.model.name = model.at("name").get<std::string>();
        r.model.architecture = model.at("architecture").get<std::string>();
        r.model.positional = model.at("positional").get<std::string>();
        r.model.configHash = model.at("config_hash").get<std::string>();
        r.model.layers = model.at("layers").get<int>();
        r.model.heads = model.at("heads").get<int>();
        r.model.kvHeads = model.at("kv_heads").get<int>();
        r.model.parameters = model.at("parameters").get<std::uint64_t>();
        r.model.dtype = model.at("dtype").get<std::string>();
        const auto& corpus = meta.at("corpus");
        r.corpus.source = corpus.at("source").get<std::string>();
        r.corpus.hash = corpus.at("hash").get<std::string>();
        r.corpus.packed = corpus.at("packed").get<std::int64_t>();
        r.corpus.minTokens = corpus.at("min_tokens").get<int>();
        r.corpus.maxTokens = corpus.at("max_tokens").get<int>();
        r.corpus.shortest = corpus.at("shortest").get<int>();
        r.corpus.sampled = corpus.at("sampled").get<bool>();
        r.corpus.seed = corpus.at("seed").get<std::uint64_t>();
        r.settings.corpus.minTokens = r.corpus.minTokens;
        r.settings.corpus.maxTokens = r.corpus.maxTokens;
        r.settings.corpus.maxSequences = corpus.at("requested_sequences").get<int>();
        r.settings.corpus.sample = r.corpus.sampled;
        r.settings.corpus.sampleSeed = r.corpus.seed;
        r.shard.index = meta.at("shard").at("index").get<int>();
        r.shard.count = meta.at("shard").at("count").get<int>();
        r.settings.shard = r.shard;
        if (meta.contains("warnings")) {
            // Stored as text (Warning::text()); the location prefixes read back as data.
            for (const std::string& w : meta["warnings"].get<std::vector<std::string>>()) {
                r.warnings.push_back(Warning::parse(w));
            }
        }
    } catch (const nlohmann::json::exception& e) {
        return fileError(path, std::string("has incomplete metadata: ") + e.what());
    }
    if (r.model.layers < 1 || r.model.heads < 1 || r.model.layers > 1000 || r.model.heads > 4096) {
        return fileError(path, "has an invalid model shape.");
    }
    r.layout = MetricLayout(r.settings.method, r.level);
    if (meta.contains("columns") && meta["columns"].is_array()) {
        if (meta["columns"].size() != r.layout.size()) {
            return fileError(path, "lists " + std::to_string(meta["columns"].size()) +
                                       " metric columns, but its settings imply " +
                                       std::to_string(r.layout.size()) + ".");
        }
    }

    auto seqIndex = npz.readInts("sequence_index");
    auto tokens = npz.readInts("tokens");
    auto ids = npz.readInts("token_ids");
    if (!seqIndex || !tokens || !ids) {
        return !seqIndex ? seqIndex.error() : !tokens ? tokens.error() : ids.error();
    }
    if (seqIndex->size() != tokens->size()) {
        return fileError(path, "has inconsistent sequence lists.");
    }
    std::int64_t totalTokens = 0;
    for (std::size_t i = 0; i < tokens->size(); ++i) {
        const std::int64_t t = (*tokens)[i];
        if (t < 2 || t > 10'000'000 || (*seqIndex)[i] < 0 || (*seqIndex)[i] > 1'000'000'000) {
            return fileError(path, "has an invalid sequence length or index.");
        }
        totalTokens += t;
        r.sequenceIndex.push_back(static_cast<int>((*seqIndex)[i]));
        r.tokens.push_back(static_cast<int>(t));
    }
    if (static_cast<std::int64_t>(ids->size()) != totalTokens) {
        return fileError(path, "has token ids that do not match the sequence lengths.");
    }
    r.tokenIds.assign(ids->begin(), ids->end());

    auto metrics = npz.array("metrics");
    if (!metrics) {
        return metrics.error();
    }
    const std::vector<std::int64_t> expected = {static_cast<std::int64_t>(r.tokens.size()),
                                                r.model.layers, r.model.heads,
                                                static_cast<std::int64_t>(r.layout.size())};
    if (metrics->shape != expected) {
        return fileError(path, "has a metrics array of the wrong shape for its settings.");
    }
    auto values = npz.readDoubles("metrics");
    if (!values) {
        return values.error();
    }
    r.metrics = std::move(values.value());

    for (const std::string& name : npz.names()) {
        if (name.rfind("attention_s", 0) != 0) {
            continue;
        }
        KeptHead k;
        if (std::sscanf(name.c_str(), "attention_s%d_l%d_h%d", &k.sequence, &k.layer, &k.head) !=
            3) {
            continue;
        }
        auto a = npz.array(name);
        if (!a) {
            return a.error();
        }
        if (a->shape.size() != 2 || a->shape[0] != a->shape[1] || a->shape[0] < 2) {
            return fileError(path,
                             "has a kept attention matrix '" + name + "' that is not square.");
        }
        auto values32 = npz.readDoubles(name);
        if (!values32) {
            return values32.error();
        }
        k.tokens = static_cast<int>(a->shape[0]);
        k.attention.assign(values32->begin(), values32->end());
        const std::string profileName = "profile" + name.substr(9);
        if (npz.has(profileName)) {
            auto p = npz.readDoubles(profileName);
            if (!p) {
                return p.error();
            }
            k.profile = std::move(p.value());
        }
        r.kept.push_back(std::move(k));
    }
    // Every value was copied out of the mapping: a truncation meanwhile read zeros (MappedFile).
    if (Status s = npz.checkUnchanged(); !s) {
        return s.error();
    }
    r.summary =
        aggregateMetrics(r.layout, r.model.layers, r.model.heads, r.settings.method.rho, r.metrics);
    return std::shared_ptr<const RunResult>(result);
}

}  // namespace headwave
