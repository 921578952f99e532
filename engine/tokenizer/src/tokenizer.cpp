// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/tokenizer/tokenizer.h"

#include <exception>
#include <filesystem>
#include <new>
#include <optional>

#include "headwave/core/mapped_file.h"
#include "json_fields.h"
#include "json_tokenizer.h"
#include "sentencepiece_model_tokenizer.h"

namespace headwave {

std::vector<int> Encoding::ids() const {
    std::vector<int> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        out.push_back(t.id);
    }
    return out;
}

namespace {

namespace fs = std::filesystem;
using tok::json;

// What a model folder's configuration files say about BOS/EOS.
struct FolderConfig {
    std::optional<bool> addBos;          // tokenizer_config.json add_bos_token
    std::optional<bool> addEos;          // tokenizer_config.json add_eos_token
    std::optional<std::string> bosText;  // tokenizer_config.json / special_tokens_map.json
    std::optional<std::string> eosText;
    std::optional<int> bosId;  // config.json bos_token_id
    std::optional<int> eosId;  // config.json eos_token_id (the first, when it is a list)
};

// A token spelled as a string or as {"content": ...} (AddedToken objects in the configs).
std::optional<std::string> tokenString(const json& obj, const char* key) {
    const json* v = tok::member(obj, key);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (v->is_string()) {
        return v->get<std::string>();
    }
    return tok::stringMember(*v, "content");
}

std::optional<int> tokenIdField(const json& obj, const char* key) {
    const json* v = tok::member(obj, key);
    if (v != nullptr && v->is_array() && !v->empty()) {
        v = &(*v)[0];
    }
    if (v == nullptr || !v->is_number_integer()) {
        return std::nullopt;
    }
    const long long id = v->get<long long>();
    if (id < 0 || id > tok::kMaxTokenId) {
        return std::nullopt;
    }
    return static_cast<int>(id);
}

// Reads an optional JSON file of the folder: nullopt when absent, an Error naming it when it
// exists but is not a JSON object.
Result<std::optional<json>> readOptionalJson(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return std::optional<json>();
    }
    auto file = MappedFile::open(path.string());
    if (!file) {
        return file.error();
    }
    const auto* data = reinterpret_cast<const char*>((*file)->data());
    try {
        json j =
            json::parse(data == nullptr ? "" : data, data == nullptr ? "" : data + (*file)->size());
        if (!j.is_object()) {
            return makeError(ErrorCode::FileFormat,
                             path.string() + " is not a JSON object; fix or remove it.");
        }
        // Parsed from the mapping: a truncation meanwhile read zeros (see MappedFile).
        if (Status s = (*file)->checkUnchanged(); !s) {
            return s.error();
        }
        return std::optional<json>(std::move(j));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::FileFormat,
                         path.string() + " is not valid JSON; fix or remove it.", e.what());
    }
}

Result<FolderConfig> readFolderConfig(const fs::path& dir) {
    FolderConfig c;
    auto tokenizerConfig = readOptionalJson(dir / "tokenizer_config.json");
    if (!tokenizerConfig) {
        return tokenizerConfig.error();
    }
    auto specialMap = readOptionalJson(dir / "special_tokens_map.json");
    if (!specialMap) {
        return specialMap.error();
    }
    auto config = readOptionalJson(dir / "config.json");
    if (!config) {
        return config.error();
    }
    if (const auto& tc = *tokenizerConfig) {
        if (const json* v = tok::member(*tc, "add_bos_token"); v != nullptr && v->is_boolean()) {
            c.addBos = v->get<bool>();
        }
        if (const json* v = tok::member(*tc, "add_eos_token"); v != nullptr && v->is_boolean()) {
            c.addEos = v->get<bool>();
        }
        c.bosText = tokenString(*tc, "bos_token");
        c.eosText = tokenString(*tc, "eos_token");
    }
    if (const auto& sm = *specialMap) {
        if (!c.bosText) {
            c.bosText = tokenString(*sm, "bos_token");
        }
        if (!c.eosText) {
            c.eosText = tokenString(*sm, "eos_token");
        }
    }
    if (const auto& cfg = *config) {
        c.bosId = tokenIdField(*cfg, "bos_token_id");
        c.eosId = tokenIdField(*cfg, "eos_token_id");
    }
    return c;
}

// Applies the options (and the folder's configuration, when given) to a tokenizer.json pipeline.
Status configure(tok::JsonTokenizer& t, const FolderConfig& c, const TokenizerOptions& options,
                 const std::string& where) {
    const auto idOf = [&](const std::optional<std::string>& text, std::optional<int> fallback) {
        if (text) {
            const int id = t.tokenId(*text);
            if (id >= 0) {
                return id;
            }
        }
        return fallback.value_or(-1);
    };
    int bos = idOf(c.bosText, c.bosId);
    int eos = idOf(c.eosText, c.eosId);
    std::vector<int> prefix = t.prefixIds();
    std::vector<int> suffix = t.suffixIds();
    const std::optional<bool> addBos =
        options.addBos >= 0 ? std::optional<bool>(options.addBos != 0) : c.addBos;
    const std::optional<bool> addEos =
        options.addEos >= 0 ? std::optional<bool>(options.addEos != 0) : c.addEos;
    // An explicit add_bos_token / add_eos_token decides, as transformers rebuilds the
    // post-processor from them; a template that already puts BOS ([CLS]) there is kept.
    if (addBos) {
        if (!*addBos) {
            prefix.clear();
        } else if (prefix.empty()) {
            if (bos < 0) {
                return makeError(
                    ErrorCode::InvalidArgument,
                    "A beginning-of-sequence token was asked for, but " + where + " defines none.");
            }
            prefix = {bos};
        }
    }
    if (addEos) {
        if (!*addEos) {
            suffix.clear();
        } else if (suffix.empty()) {
            if (eos < 0) {
                return makeError(
                    ErrorCode::InvalidArgument,
                    "An end-of-sequence token was asked for, but " + where + " defines none.");
            }
            suffix = {eos};
        }
    }
    t.setSpecials(std::move(prefix), std::move(suffix), bos, eos);
    return {};
}

Result<std::unique_ptr<Tokenizer>> loadJson(const std::string& path, const FolderConfig& c,
                                            const TokenizerOptions& options) {
    auto t = tok::JsonTokenizer::load(path);
    if (!t) {
        return t.error();
    }
    if (Status s = configure(**t, c, options, path); !s) {
        return s.error();
    }
    return std::unique_ptr<Tokenizer>(std::move(*t));
}

Result<std::unique_ptr<Tokenizer>> loadModel(const std::string& path, const FolderConfig& c,
                                             const TokenizerOptions& options) {
    auto t = tok::SentencePieceModelTokenizer::load(path);
    if (!t) {
        return t.error();
    }
    const bool addBos = options.addBos >= 0 ? options.addBos != 0 : c.addBos.value_or(true);
    const bool addEos = options.addEos >= 0 ? options.addEos != 0 : c.addEos.value_or(false);
    if (addBos && (*t)->bosId() < 0) {
        return makeError(
            ErrorCode::InvalidArgument,
            "A beginning-of-sequence token was asked for, but " + path + " defines none.");
    }
    if (addEos && (*t)->eosId() < 0) {
        return makeError(ErrorCode::InvalidArgument,
                         "An end-of-sequence token was asked for, but " + path + " defines none.");
    }
    (*t)->setAddBosEos(addBos, addEos);
    return std::unique_ptr<Tokenizer>(std::move(*t));
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> loadTokenizer(const std::string& modelDir,
                                                 const TokenizerOptions& options) {
    try {
        const fs::path dir(modelDir);
        std::error_code ec;
        if (fs::is_regular_file(dir, ec)) {
            // A file on its own: the extension tells which kind, no folder configuration.
            if (dir.extension() == ".json") {
                return loadTokenizerJson(modelDir, options);
            }
            return loadSentencePieceModel(modelDir, options);
        }
        if (!fs::is_directory(dir, ec)) {
            return makeError(ErrorCode::FileNotFound,
                             "The model folder " + modelDir + " does not exist.");
        }
        auto config = readFolderConfig(dir);
        if (!config) {
            return config.error();
        }
        if (fs::exists(dir / "tokenizer.json", ec)) {
            return loadJson((dir / "tokenizer.json").string(), *config, options);
        }
        if (fs::exists(dir / "tokenizer.model", ec)) {
            return loadModel((dir / "tokenizer.model").string(), *config, options);
        }
        return makeError(
            ErrorCode::FileNotFound,
            "The model folder " + modelDir + " has no tokenizer.json and no tokenizer.model.",
            "copy the tokenizer files of the model into the folder");
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while loading the tokenizer.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::FileRead,
                         "The tokenizer of " + modelDir + " could not be read.", e.what());
    }
}

Result<std::unique_ptr<Tokenizer>> loadTokenizerJson(const std::string& path,
                                                     const TokenizerOptions& options) {
    return loadJson(path, FolderConfig{}, options);
}

Result<std::unique_ptr<Tokenizer>> loadSentencePieceModel(const std::string& path,
                                                          const TokenizerOptions& options) {
    return loadModel(path, FolderConfig{}, options);
}

}  // namespace headwave
