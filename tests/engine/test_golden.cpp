// SPDX-License-Identifier: GPL-3.0-or-later
// Matches every case and field of ../shared/reference/method_golden.json (numpy 1.24 + PyWavelets
// 1.1.1, float64). Tolerance: 1e-9 relative, with an absolute floor of 1e-9 times the largest
// magnitude of the same array, because round-off in a sum, FFT or convolution is relative to its
// largest term, not to each small entry. Round-off-only quantities are checked as such (below).
#include <cmath>
#include <vector>

#include "check.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/scale_sensitivity.h"
#include "headwave/dsp/statistics.h"
#include "shared_data.h"

using namespace headwave;
using headwave::test::asDouble;
using nlohmann::json;

namespace {

constexpr double kRel = 1e-9;

const json* golden() {
    static std::optional<json> data = headwave::test::readPythonJson(
        headwave::test::sharedDir() / "reference/method_golden.json");
    return data ? &*data : nullptr;
}

#define REQUIRE_GOLDEN()                                                                    \
    const json* g = golden();                                                               \
    if (g == nullptr) {                                                                     \
        HW_SKIP(                                                                            \
            "../shared/reference/method_golden.json not found (set HEADWAVE_SHARED to the " \
            "shared folder)");                                                              \
    }

std::vector<double> vec(const json& a) {
    std::vector<double> v;
    for (const auto& x : a) {
        v.push_back(asDouble(x));
    }
    return v;
}

template <typename A, typename B>
void checkArray(const A& got, const B& want, const char* what, int id) {
    HW_CHECK_MSG(got.size() == want.size(),
                 what << " case " << id << ": length " << got.size() << " vs " << want.size());
    if (got.size() != want.size()) {
        return;
    }
    double scale = 0;
    for (double w : want) {
        scale = std::fmax(scale, std::fabs(w));
    }
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double a = static_cast<double>(got[i]);
        const double b = static_cast<double>(want[i]);
        HW_CHECK_MSG(headwave::test::near(a, b, kRel, kRel * scale),
                     what << " case " << id << " [" << i << "]: " << a << " vs " << b);
    }
}

}  // namespace

HW_TEST(golden_db2_filters) {
    REQUIRE_GOLDEN();
    const json& f = (*g)["db2_filters"];
    for (std::size_t i = 0; i < 4; ++i) {
        // Exact: the same decimal constants as PyWavelets.
        HW_CHECK_EQ(f["dec_lo"][i].get<double>(), Db2::kDecLo[i]);
        HW_CHECK_EQ(f["dec_hi"][i].get<double>(), Db2::kDecHi[i]);
        HW_CHECK_EQ(f["rec_lo"][i].get<double>(), Db2::kRecLo[i]);
        HW_CHECK_EQ(f["rec_hi"][i].get<double>(), Db2::kRecHi[i]);
    }
}

HW_TEST(golden_dwt_every_length) {
    REQUIRE_GOLDEN();
    int cases = 0;
    for (const json& c : (*g)["dwt"]) {
        const int n = c["n"].get<int>();
        const std::vector<double> x = vec(c["x"]);
        HW_CHECK_EQ(dwtMaxLevel(n), c["max_level"].get<int>());

        const int len = dwtCoeffLength(n);
        std::vector<double> cA(static_cast<std::size_t>(len));
        std::vector<double> cD(static_cast<std::size_t>(len));
        dwtStep(x.data(), n, cA.data(), cD.data());
        checkArray(cA, vec(c["dwt_single"]["cA"]), "dwt cA", n);
        checkArray(cD, vec(c["dwt_single"]["cD"]), "dwt cD", n);

        const auto coeffs = wavedec(x.data(), n, c["max_level"].get<int>());
        HW_CHECK_EQ(coeffs.size(), c["wavedec"].size());
        for (std::size_t s = 0; s < coeffs.size() && s < c["wavedec"].size(); ++s) {
            checkArray(coeffs[s], vec(c["wavedec"][s]), "wavedec", n);
        }
        // PyWavelets' waverec returns 2 len(cD_1) - 2 samples (n + 1 for odd n); the golden
        // value is trimmed to n, as the method uses it.
        std::vector<double> rec = waverec(coeffs);
        HW_CHECK(rec.size() == static_cast<std::size_t>(n) ||
                 (n % 2 == 1 && rec.size() == static_cast<std::size_t>(n + 1)) || n < 6);
        rec.resize(static_cast<std::size_t>(n));
        checkArray(rec, vec(c["waverec"]), "waverec", n);
        ++cases;
    }
    HW_CHECK_EQ(cases, 23);
}

HW_TEST(golden_heads_every_field) {
    REQUIRE_GOLDEN();
    int cases = 0;
    for (const json& c : (*g)["heads"]) {
        const int T = c["T"].get<int>();
        const int level = c["level"].get<int>();
        const std::vector<double> A = vec(c["attention"]);
        HW_CHECK_EQ(A.size(), static_cast<std::size_t>(T * T));

        MethodSettings settings;  // docs/method.md defaults
        HeadAnalyzer analyzer(settings, level);
        HeadDetail detail;
        auto r = analyzer.analyze(A.data(), T, &detail);
        HW_CHECK_MSG(r.ok(), (r.ok() ? "" : r.error().describe()));
        if (!r.ok()) {
            continue;
        }
        const HeadMetrics& m = r.value();
        checkArray(detail.profile, vec(c["profile_mean"]), "profile_mean", T);
        HW_CHECK_EQ(static_cast<int>(detail.power.size()), c["nfft"].get<int>() / 2 + 1);
        checkArray(detail.power, vec(c["psd"]), "psd", T);
        HW_CHECK_EQ(detail.coefficients.size(), c["db2_coeffs"].size());
        for (std::size_t s = 0; s < detail.coefficients.size() && s < c["db2_coeffs"].size(); ++s) {
            checkArray(detail.coefficients[s], vec(c["db2_coeffs"][s]), "db2_coeffs", T);
        }

        const json& w = c["metrics"];
        HW_CHECK_CLOSE(m.bandLow, asDouble(w["band_low"]), kRel, 0);
        HW_CHECK_CLOSE(m.bandMid, asDouble(w["band_mid"]), kRel, 0);
        HW_CHECK_CLOSE(m.bandHigh, asDouble(w["band_high"]), kRel, 0);
        HW_CHECK_CLOSE(m.selectivity, asDouble(w["selectivity"]), kRel, 0);
        HW_CHECK_CLOSE(m.spectralEntropy, asDouble(w["spectral_entropy"]), kRel, 0);
        HW_CHECK_CLOSE(m.positionalEntropy, asDouble(w["positional_entropy"]), kRel, 0);
        HW_CHECK_CLOSE(m.localShare, asDouble(w["local_share"]), kRel, 0);
        checkArray(m.scaleEntropy, vec(w["scale_entropy"]), "scale_entropy", T);
        const std::vector<double> we = {asDouble(w["window_entropy"]["16"]),
                                        asDouble(w["window_entropy"]["32"]),
                                        asDouble(w["window_entropy"]["64"])};
        for (std::size_t k = 0; k < 3; ++k) {
            HW_CHECK_CLOSE(m.windowEntropy[k], we[k], kRel, 0);
        }
        // The float64 round-trip error is pure round-off (~1e-16): its digits depend on the order
        // of operations, so the contract is its magnitude, not 1e-9 agreement.
        HW_CHECK_MSG(m.reconErrorF64 < 1e-14 && asDouble(w["recon_error_f64"]) < 1e-14,
                     "recon_error_f64 " << m.reconErrorF64);
        // The float32 round trip follows PyWavelets' float32 operation order (dwt.cpp), so even
        // this round-off quantity matches to float32 precision (docs/method.md: 1e-6 in float32).
        HW_CHECK_CLOSE(m.reconErrorF32, asDouble(w["recon_error_f32"]), 1e-6, 0);

        // The last-row profile option.
        MethodSettings last;
        last.profile = ProfileMode::Last;
        HeadAnalyzer lastAnalyzer(last, level);
        HeadDetail lastDetail;
        auto rl = lastAnalyzer.analyze(A.data(), T, &lastDetail);
        HW_CHECK(rl.ok());
        checkArray(lastDetail.profile, vec(c["profile_last"]), "profile_last", T);
        ++cases;
    }
    HW_CHECK_EQ(cases, 6);
}

HW_TEST(golden_heads_float32_input) {
    REQUIRE_GOLDEN();
    // Models give float32 attention: the same cases through the float32 path agree to the
    // precision of the float32 input (1e-6 relative, docs/method.md).
    for (const json& c : (*g)["heads"]) {
        const int T = c["T"].get<int>();
        std::vector<float> A;
        for (const auto& x : c["attention"]) {
            A.push_back(static_cast<float>(x.get<double>()));
        }
        HeadAnalyzer analyzer(MethodSettings{}, c["level"].get<int>());
        auto r = analyzer.analyze(A.data(), T);
        HW_CHECK(r.ok());
        if (!r.ok()) {
            continue;
        }
        const json& w = c["metrics"];
        HW_CHECK_CLOSE(r->bandLow, asDouble(w["band_low"]), 1e-6, 1e-9);
        HW_CHECK_CLOSE(r->spectralEntropy, asDouble(w["spectral_entropy"]), 1e-6, 1e-9);
        HW_CHECK_CLOSE(r->positionalEntropy, asDouble(w["positional_entropy"]), 1e-6, 1e-9);
        HW_CHECK_CLOSE(r->localShare, asDouble(w["local_share"]), 1e-6, 1e-9);
    }
}

HW_TEST(golden_scale_sensitivity) {
    REQUIRE_GOLDEN();
    int cases = 0;
    for (const json& c : (*g)["scale_sensitivity"]) {
        const int n = c["n"].get<int>();
        const double alpha = c["alpha"].get<double>();
        auto idx = subsampleIndices(n, alpha, Subsampling::Strided);
        HW_CHECK(idx.ok());
        if (!idx.ok()) {
            continue;
        }
        std::vector<int> want;
        for (const auto& x : c["subsample_indices"]) {
            want.push_back(x.get<int>());
        }
        HW_CHECK_MSG(idx.value() == want, "subsample indices differ for n = " << n);

        const std::vector<double> aFull = vec(c["a_full"]);
        const std::vector<double> aSmall = vec(c["a_small"]);
        const auto stretched = stretchProfile(aSmall.data(), static_cast<int>(aSmall.size()), n);
        checkArray(stretched, vec(c["stretched"]), "stretched", n);
        const double s = scaleSensitivity(aFull.data(), stretched.data(), n, c["level"].get<int>());
        HW_CHECK_CLOSE(s, c["sensitivity"].get<double>(), kRel, 0);
        ++cases;
    }
    HW_CHECK_EQ(cases, 4);
}

HW_TEST(golden_pearson) {
    REQUIRE_GOLDEN();
    const json& p = (*g)["pearson"];
    const std::vector<double> x = vec(p["x"]);
    const std::vector<double> y = vec(p["y"]);
    const double want = p["r"].get<double>();
    HW_CHECK_CLOSE(pearson(x.data(), y.data(), x.size()), want, kRel, 0);
    RunningCorrelation rc;
    for (std::size_t i = 0; i < x.size(); ++i) {
        rc.add(x[i], y[i]);
    }
    HW_CHECK_CLOSE(rc.r(), want, kRel, 0);
}

int main(int argc, char** argv) {
    return headwave::test::runAll(argc, argv);
}
