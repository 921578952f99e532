// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/setting_names.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace headwave {

namespace {

template <typename E>
struct Spelling {
    const char* name;
    E value;
};

template <typename E, std::size_t N>
Result<E> parseEnum(const std::string& s, const Spelling<E> (&table)[N], const char* what) {
    std::string accepted;
    for (const auto& entry : table) {
        if (s == entry.name) {
            return entry.value;
        }
        accepted += accepted.empty() ? "" : ", ";
        accepted += entry.name;
    }
    return makeError(ErrorCode::InvalidArgument, std::string("Unknown ") + what + " '" + s +
                                                     "'. Use one of: " + accepted + ".");
}

template <typename E, std::size_t N>
const char* enumName(E v, const Spelling<E> (&table)[N]) {
    for (const auto& entry : table) {
        if (entry.value == v) {
            return entry.name;
        }
    }
    return "?";
}

const Spelling<ProfileMode> kProfile[] = {
    {"mean", ProfileMode::Mean}, {"last", ProfileMode::Last}, {"rows", ProfileMode::Rows}};
const Spelling<SpectrumWindow> kWindow[] = {{"hann", SpectrumWindow::Hann},
                                            {"none", SpectrumWindow::None}};
const Spelling<SpectrumPadding> kPadding[] = {
    {"none", SpectrumPadding::None}, {"2", SpectrumPadding::Two}, {"4", SpectrumPadding::Four}};
const Spelling<ScalogramValue> kScalogram[] = {{"power", ScalogramValue::Power},
                                               {"magnitude", ScalogramValue::Magnitude},
                                               {"log", ScalogramValue::LogPower}};
const Spelling<WaveletEntropyMode> kWaveletEntropy[] = {
    {"normalised", WaveletEntropyMode::Normalised}, {"raw", WaveletEntropyMode::Raw}};
const Spelling<Subsampling> kSubsampling[] = {{"strided", Subsampling::Strided},
                                              {"prefix", Subsampling::Prefix}};
const Spelling<RhoMode> kRho[] = {{"per-head", RhoMode::PerHead}, {"pooled", RhoMode::Pooled}};

}  // namespace

const char* toString(ProfileMode v) {
    return enumName(v, kProfile);
}
const char* toString(SpectrumWindow v) {
    return enumName(v, kWindow);
}
const char* toString(ScalogramValue v) {
    return enumName(v, kScalogram);
}
const char* toString(WaveletEntropyMode v) {
    return enumName(v, kWaveletEntropy);
}
const char* toString(Subsampling v) {
    return enumName(v, kSubsampling);
}
const char* toString(RhoMode v) {
    return enumName(v, kRho);
}

Result<ProfileMode> parseProfileMode(const std::string& s) {
    return parseEnum(s, kProfile, "profile mode");
}
Result<SpectrumWindow> parseSpectrumWindow(const std::string& s) {
    return parseEnum(s, kWindow, "spectrum window");
}
Result<SpectrumPadding> parseSpectrumPadding(const std::string& s) {
    return parseEnum(s, kPadding, "padding factor");
}
Result<ScalogramValue> parseScalogramValue(const std::string& s) {
    return parseEnum(s, kScalogram, "scalogram value");
}
Result<WaveletEntropyMode> parseWaveletEntropyMode(const std::string& s) {
    return parseEnum(s, kWaveletEntropy, "wavelet entropy mode");
}
Result<Subsampling> parseSubsampling(const std::string& s) {
    return parseEnum(s, kSubsampling, "subsampling mode");
}
Result<RhoMode> parseRhoMode(const std::string& s) {
    return parseEnum(s, kRho, "rho mode");
}

Status MethodSettings::validate() const {
    auto bad = [](const std::string& msg) { return makeError(ErrorCode::InvalidArgument, msg); };
    if (!(bandLowEdge > 0.0 && bandLowEdge < bandHighEdge && bandHighEdge < 1.0)) {
        return bad(
            "Band edges must satisfy 0 < low edge < high edge < 1 (normalised frequency, "
            "1 = Nyquist); got " +
            std::to_string(bandLowEdge) + " and " + std::to_string(bandHighEdge) + ".");
    }
    if (waveletLevel < -1 || waveletLevel > 30) {
        return bad(
            "The wavelet level must be -1 (automatic) or between 0 and the maximum level "
            "for the sequence length; got " +
            std::to_string(waveletLevel) + ".");
    }
    if (entropyWindows.empty()) {
        return bad("At least one window size is needed for the window entropy.");
    }
    for (int w : entropyWindows) {
        if (w < 2 || w > 1'000'000) {
            return bad("Window-entropy window sizes must be between 2 and 1000000 tokens; got " +
                       std::to_string(w) + ".");
        }
    }
    if (localWindow < 0 || localWindow > 1'000'000) {
        return bad("The local-share window must be between 0 and 1000000 tokens; got " +
                   std::to_string(localWindow) + ".");
    }
    for (double a : alphas) {
        if (!(a > 0.0 && a <= 1.0)) {
            return bad("Each rescaling factor alpha must be in (0, 1]; got " + std::to_string(a) +
                       ".");
        }
    }
    return {};
}

std::string MethodSettings::toJson() const {
    nlohmann::ordered_json j;
    j["profile"] = toString(profile);
    j["window"] = toString(window);
    j["padding_factor"] = static_cast<int>(padding);
    j["band_edges"] = {bandLowEdge, bandHighEdge};
    j["wavelet"] = "db2";
    j["wavelet_boundary"] = "symmetric";
    j["wavelet_level"] = waveletLevel;
    j["scalogram"] = toString(scalogram);
    j["wavelet_entropy"] = toString(waveletEntropy);
    j["entropy_windows"] = entropyWindows;
    j["local_window"] = localWindow;
    j["alphas"] = alphas;
    j["subsampling"] = toString(subsampling);
    j["rho"] = toString(rho);
    return j.dump();
}

Result<MethodSettings> MethodSettings::fromJson(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::FileFormat, "The method settings are not a JSON object.");
    }
    MethodSettings s;
    try {
        if (j.contains("profile")) {
            auto v = parseProfileMode(j["profile"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.profile = v.value();
        }
        if (j.contains("window")) {
            auto v = parseSpectrumWindow(j["window"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.window = v.value();
        }
        if (j.contains("padding_factor")) {
            const int f = j["padding_factor"].get<int>();
            if (f != 1 && f != 2 && f != 4) {
                return makeError(ErrorCode::FileFormat, "Invalid padding factor in settings.");
            }
            s.padding = static_cast<SpectrumPadding>(f);
        }
        if (j.contains("band_edges")) {
            s.bandLowEdge = j["band_edges"].at(0).get<double>();
            s.bandHighEdge = j["band_edges"].at(1).get<double>();
        }
        if (j.contains("wavelet_level")) {
            s.waveletLevel = j["wavelet_level"].get<int>();
        }
        if (j.contains("scalogram")) {
            auto v = parseScalogramValue(j["scalogram"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.scalogram = v.value();
        }
        if (j.contains("wavelet_entropy")) {
            auto v = parseWaveletEntropyMode(j["wavelet_entropy"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.waveletEntropy = v.value();
        }
        if (j.contains("entropy_windows")) {
            s.entropyWindows = j["entropy_windows"].get<std::vector<int>>();
        }
        if (j.contains("local_window")) {
            s.localWindow = j["local_window"].get<int>();
        }
        if (j.contains("alphas")) {
            s.alphas = j["alphas"].get<std::vector<double>>();
        }
        if (j.contains("subsampling")) {
            auto v = parseSubsampling(j["subsampling"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.subsampling = v.value();
        }
        if (j.contains("rho")) {
            auto v = parseRhoMode(j["rho"].get<std::string>());
            if (!v) {
                return v.error();
            }
            s.rho = v.value();
        }
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::FileFormat,
                         "The method settings have a value of the wrong type.", e.what());
    }
    if (Status v = s.validate(); !v) {
        return v.error();
    }
    return s;
}

const std::vector<std::string>& methodSettingKeys() {
    static const std::vector<std::string> k = {
        "profile",         "window",       "padding_factor",
        "band_edges",      "wavelet",      "wavelet_boundary",
        "wavelet_level",   "scalogram",    "wavelet_entropy",
        "entropy_windows", "local_window", "alphas",
        "subsampling",     "rho"};
    return k;
}

Status setMethodSetting(MethodSettings& settings, const std::string& key,
                        const std::string& jsonValue) {
    auto bad = [&key](const std::string& accepts) {
        return makeError(ErrorCode::InvalidArgument,
                         "The setting '" + key + "' takes " + accepts + ".");
    };
    const auto j = nlohmann::json::parse(jsonValue, nullptr, false);
    if (j.is_discarded()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The value of the setting '" + key + "' is not valid JSON.", jsonValue);
    }
    auto text = [&j]() { return j.is_string() ? j.get<std::string>() : j.dump(); };
    auto setEnum = [&](auto parse, auto& field, const char* accepts) -> Status {
        if (!j.is_string()) {
            return bad(accepts);
        }
        auto v = parse(j.get<std::string>());
        if (!v) {
            return v.error();
        }
        field = v.value();
        return {};
    };
    auto integer = [&j](int& out) {
        if (!j.is_number_integer() || j.get<long long>() < -2'000'000'000 ||
            j.get<long long>() > 2'000'000'000) {
            return false;
        }
        out = j.get<int>();
        return true;
    };
    MethodSettings s = settings;
    Status r;
    if (key == "profile") {
        r = setEnum(parseProfileMode, s.profile, "'mean', 'last' or 'rows'");
    } else if (key == "window") {
        r = setEnum(parseSpectrumWindow, s.window, "'hann' or 'none'");
    } else if (key == "padding_factor") {
        auto v = parseSpectrumPadding(text() == "1" ? std::string("none") : text());
        if (!v || !(j.is_string() || j.is_number_integer())) {
            return bad("1 (or 'none'), 2 or 4");
        }
        s.padding = v.value();
    } else if (key == "band_edges") {
        if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number()) {
            return bad("two numbers [low, high] with 0 < low < high < 1");
        }
        s.bandLowEdge = j[0].get<double>();
        s.bandHighEdge = j[1].get<double>();
    } else if (key == "wavelet") {
        if (text() != "db2") {
            return bad("only 'db2'");
        }
    } else if (key == "wavelet_boundary") {
        if (text() != "symmetric") {
            return bad("only 'symmetric'");
        }
    } else if (key == "wavelet_level") {
        if (j.is_null() || (j.is_string() && j.get<std::string>() == "auto")) {
            s.waveletLevel = -1;
        } else if (!integer(s.waveletLevel)) {
            return bad("a whole number J >= 0, or 'auto' (None, -1)");
        }
    } else if (key == "scalogram") {
        r = setEnum(parseScalogramValue, s.scalogram, "'power', 'magnitude' or 'log'");
    } else if (key == "wavelet_entropy") {
        r = setEnum(parseWaveletEntropyMode, s.waveletEntropy, "'normalised' or 'raw'");
    } else if (key == "entropy_windows") {
        const auto items = j.is_array() ? j : nlohmann::json::array({j});
        s.entropyWindows.clear();
        for (const auto& item : items) {
            int w = 0;
            if (!item.is_number_integer() || item.get<long long>() < 0 ||
                item.get<long long>() > 2'000'000'000) {
                return bad("a list of whole numbers of tokens, each between 2 and 1000000");
            }
            w = item.get<int>();
            s.entropyWindows.push_back(w);
        }
    } else if (key == "local_window") {
        if (!integer(s.localWindow)) {
            return bad("a whole number of tokens between 0 and 1000000");
        }
    } else if (key == "alphas") {
        const auto items = j.is_array() ? j : nlohmann::json::array({j});
        s.alphas.clear();
        for (const auto& item : items) {
            if (!item.is_number()) {
                return bad("a list of rescaling factors, each in (0, 1]");
            }
            s.alphas.push_back(item.get<double>());
        }
    } else if (key == "subsampling") {
        r = setEnum(parseSubsampling, s.subsampling, "'strided' or 'prefix'");
    } else if (key == "rho") {
        r = setEnum(parseRhoMode, s.rho, "'per-head' or 'pooled'");
    } else {
        std::string known;
        for (const std::string& k : methodSettingKeys()) {
            known += (known.empty() ? "" : ", ") + k;
        }
        return makeError(ErrorCode::InvalidArgument,
                         "Unknown setting '" + key + "'. The settings are: " + known + ".");
    }
    if (!r) {
        return r;
    }
    if (Status v = s.validate(); !v) {
        return v;
    }
    settings = std::move(s);
    return {};
}

}  // namespace headwave
