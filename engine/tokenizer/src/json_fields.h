// SPDX-License-Identifier: GPL-3.0-or-later
// Typed, non-throwing access to tokenizer.json fields: a missing or mistyped field is a value
// (std::nullopt or the default), so the parsers turn it into an Error that says which field.
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace headwave::tok {

using nlohmann::json;

// obj[key] when obj is an object that has key and the value is not null, else nullptr.
inline const json* member(const json& obj, const char* key) {
    if (!obj.is_object()) {
        return nullptr;
    }
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

inline std::optional<std::string> stringMember(const json& obj, const char* key) {
    const json* v = member(obj, key);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    return v->get<std::string>();
}

// A bool field; the default when absent or null. Mistyped values also give the default.
inline bool boolMember(const json& obj, const char* key, bool fallback) {
    const json* v = member(obj, key);
    if (v == nullptr || !v->is_boolean()) {
        return fallback;
    }
    return v->get<bool>();
}

// An integer field within [lo, hi]; nullopt when absent, mistyped or out of range.
inline std::optional<long long> intMember(const json& obj, const char* key, long long lo,
                                          long long hi) {
    const json* v = member(obj, key);
    if (v == nullptr || !v->is_number_integer()) {
        return std::nullopt;
    }
    const long long x = v->is_number_unsigned()
                            ? static_cast<long long>(std::min<unsigned long long>(
                                  v->get<unsigned long long>(), 1ULL << 62))
                            : v->get<long long>();
    if (x < lo || x > hi) {
        return std::nullopt;
    }
    return x;
}

// The "type" of a component, or "" when missing.
inline std::string typeOf(const json& obj) {
    return stringMember(obj, "type").value_or("");
}

}  // namespace headwave::tok
