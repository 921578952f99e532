// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/formats/token_sidecar.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "headwave/core/json_nesting.h"
#include "headwave/core/mapped_file.h"

namespace headwave {

namespace {

constexpr const char* kFormat = "headwave-tokens";
constexpr std::size_t kMaxDepth = 16;  // the format nests 2 levels

Error badSidecar(const std::string& path, const std::string& what) {
    return makeError(ErrorCode::FileFormat,
                     "'" + path + "' is not a valid token sidecar: " + what +
                         ". A sidecar is a JSON object {\"format\": \"headwave-tokens\", "
                         "\"version\": 1, \"tokens\": [...]} (docs/results-format.md).");
}

}  // namespace

std::string tokenSidecarPath(const std::string& attentionPath) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path p(attentionPath);
    if (fs::is_directory(p, ec)) {
        return (p / "tokens.json").string();
    }
    fs::path out = p;
    out.replace_extension(".tokens.json");
    return out.string();
}

Result<TokenSidecar> parseTokenSidecar(const std::string& text, const std::string& path) {
    if (!jsonNestingWithin(text, kMaxDepth)) {
        return badSidecar(path, "it nests deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return badSidecar(path, "it is not a JSON object");
    }
    const auto format = j.find("format");
    if (format == j.end() || !format->is_string() || format->get<std::string>() != kFormat) {
        return badSidecar(path, "its \"format\" is not \"headwave-tokens\"");
    }
    const auto version = j.find("version");
    if (version == j.end() || !version->is_number_integer()) {
        return badSidecar(path, "it has no integer \"version\"");
    }
    if (version->get<std::int64_t>() > kTokenSidecarVersion || version->get<std::int64_t>() < 1) {
        return makeError(ErrorCode::Unsupported,
                         "'" + path + "' is a token sidecar of version " +
                             std::to_string(version->get<std::int64_t>()) +
                             ", which this Headwave does not know (it reads version " +
                             std::to_string(kTokenSidecarVersion) + "); update Headwave.");
    }
    TokenSidecar out;
    const auto tokens = j.find("tokens");
    if (tokens == j.end() || !tokens->is_array()) {
        return badSidecar(path, "it has no \"tokens\" array");
    }
    out.tokens.reserve(tokens->size());
    for (std::size_t i = 0; i < tokens->size(); ++i) {
        const nlohmann::json& t = (*tokens)[i];
        if (!t.is_string()) {
            return badSidecar(path, "token " + std::to_string(i) + " is not a string");
        }
        out.tokens.push_back(t.get<std::string>());
    }
    if (const auto ids = j.find("ids"); ids != j.end() && !ids->is_null()) {
        if (!ids->is_array()) {
            return badSidecar(path, "its \"ids\" is not an array");
        }
        for (std::size_t i = 0; i < ids->size(); ++i) {
            const nlohmann::json& id = (*ids)[i];
            if (!id.is_number_integer()) {
                return badSidecar(path, "id " + std::to_string(i) + " is not an integer");
            }
            out.ids.push_back(id.get<std::int64_t>());
        }
        if (out.ids.size() != out.tokens.size()) {
            return badSidecar(path, "it has " + std::to_string(out.tokens.size()) + " tokens but " +
                                        std::to_string(out.ids.size()) + " ids");
        }
    }
    for (const char* key : {"model", "text"}) {
        if (const auto v = j.find(key); v != j.end() && !v->is_null()) {
            if (!v->is_string()) {
                return badSidecar(path, std::string("its \"") + key + "\" is not a string");
            }
            (std::string(key) == "model" ? out.model : out.text) = v->get<std::string>();
        }
    }
    return out;
}

Result<TokenSidecar> readTokenSidecar(const std::string& path) {
    Result<std::shared_ptr<const MappedFile>> file = MappedFile::open(path);
    if (!file) {
        return file.error();
    }
    if (file.value()->size() > kTokenSidecarMaxBytes) {
        return badSidecar(path, "it has " + std::to_string(file.value()->size()) +
                                    " bytes, more than a sidecar of token labels can need");
    }
    std::string text(reinterpret_cast<const char*>(file.value()->data()), file.value()->size());
    if (Status s = file.value()->checkUnchanged(); !s) {
        return s.error();
    }
    return parseTokenSidecar(text, path);
}

Status writeTokenSidecar(const std::string& path, const TokenSidecar& sidecar) {
    nlohmann::json j;
    j["format"] = kFormat;
    j["version"] = kTokenSidecarVersion;
    // Labels that are not valid UTF-8 (a byte-level token cut inside a character) are written
    // with U+FFFD, as JSON requires text.
    nlohmann::json tokens = nlohmann::json::array();
    for (const std::string& t : sidecar.tokens) {
        tokens.push_back(t);
    }
    j["tokens"] = std::move(tokens);
    if (!sidecar.ids.empty()) {
        j["ids"] = sidecar.ids;
    }
    if (!sidecar.model.empty()) {
        j["model"] = sidecar.model;
    }
    if (!sidecar.text.empty()) {
        j["text"] = sidecar.text;
    }
    const std::string text =
        j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return writeFileAtomically(path,
                               [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
}

}  // namespace headwave
