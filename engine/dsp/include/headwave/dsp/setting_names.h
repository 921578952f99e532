// SPDX-License-Identifier: GPL-3.0-or-later
// The method settings by their JSON names (docs/method.md, "Settings at a glance"), for front ends
// that take settings by name: the Python module's keyword arguments.
//
//   MethodSettings s;
//   if (Status st = setMethodSetting(s, "band_edges", "[0.2, 0.8]"); !st) { ... }
#pragma once

#include <string>
#include <vector>

#include "headwave/core/error.h"
#include "headwave/dsp/method_settings.h"

namespace headwave {

// Sets one setting by its JSON key from a JSON value: setMethodSetting(s, "profile", "\"last\""),
// (s, "wavelet_level", "3") ("auto" or null = -1), (s, "padding_factor", "4") (or "none"), a
// single number for a list. An unknown key, a value of the wrong type or out of its range is an
// InvalidArgument error naming the setting and what it takes (the range check is validate()'s,
// on the settings with this value); the settings are then unchanged.
Status setMethodSetting(MethodSettings& settings, const std::string& key,
                        const std::string& jsonValue);

// The keys setMethodSetting() accepts, in the order of MethodSettings::toJson().
const std::vector<std::string>& methodSettingKeys();

}  // namespace headwave
