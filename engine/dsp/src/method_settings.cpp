// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/method_settings.h"

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

}  // namespace headwave
