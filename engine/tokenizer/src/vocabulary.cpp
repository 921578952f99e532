// SPDX-License-Identifier: GPL-3.0-or-later
#include "vocabulary.h"

#include <algorithm>

#include "json_fields.h"

namespace headwave::tok {

Status parseVocabulary(const nlohmann::json& vocabJson, VocabMap& vocab,
                       std::vector<std::string>& pieces) {
    if (!vocabJson.is_object()) {
        return makeError(ErrorCode::FileFormat, "The model's \"vocab\" is not an object.");
    }
    vocab.clear();
    vocab.reserve(vocabJson.size());
    long long maxId = -1;
    for (auto it = vocabJson.begin(); it != vocabJson.end(); ++it) {
        const json& v = it.value();
        // nlohmann stores every non-negative integer as unsigned, so signed means negative.
        if (!v.is_number_unsigned()) {
            return makeError(ErrorCode::FileFormat,
                             "The model's \"vocab\" has an entry whose id is not a non-negative "
                             "integer.",
                             "piece " + json(it.key()).dump());
        }
        const unsigned long long id = v.get<unsigned long long>();
        if (id > static_cast<unsigned long long>(kMaxTokenId)) {
            return makeError(ErrorCode::FileFormat,
                             "The model's \"vocab\" has an id far beyond any real vocabulary.",
                             "id " + std::to_string(id));
        }
        vocab.emplace(it.key(), static_cast<int>(id));
        maxId = std::max(maxId, static_cast<long long>(id));
    }
    // Real vocabularies are dense; ids far beyond the number of entries mean a corrupt file.
    if (maxId >= 0 && static_cast<unsigned long long>(maxId) >
                          4ULL * static_cast<unsigned long long>(vocab.size()) + 65536ULL) {
        return makeError(
            ErrorCode::FileFormat, "The model's \"vocab\" ids are implausibly sparse.",
            std::to_string(vocab.size()) + " entries, largest id " + std::to_string(maxId));
    }
    pieces.assign(static_cast<std::size_t>(maxId + 1), std::string());
    // Two pieces with one id: the id shows the first in key order (nlohmann keeps objects
    // sorted), so the choice is deterministic.
    for (auto it = vocabJson.begin(); it != vocabJson.end(); ++it) {
        std::string& slot = pieces[it.value().get<std::size_t>()];
        if (slot.empty()) {
            slot = it.key();
        }
    }
    return {};
}

}  // namespace headwave::tok
