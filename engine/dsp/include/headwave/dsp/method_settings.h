// Every option of the analysis (docs/method.md) as a named setting with its documented
// default. A figure or results file states the settings it used through toJson()/describe().
#pragma once

#include <string>
#include <vector>

#include "headwave/core/error.h"

namespace headwave {

// docs/method.md §1: which attention the profile a(t) is built from.
enum class ProfileMode {
    Mean,  // a(t) = mean over query rows i of A[i,t]: attention key t receives (default)
    Last,  // a(t) = A[T-1,t]: the last query row
    Rows,  // every query row analysed on its own, per-row metrics averaged
};

// docs/method.md §2: the analysis window applied before the DFT.
enum class SpectrumWindow {
    Hann,  // symmetric Hann, numpy.hanning(T) (default)
    None,  // rectangular
};

// docs/method.md §2: zero padding. None: n_fft = T (no padding, not rounded to a power of two);
// Two, Four: n_fft = the smallest power of two >= 2T, 4T.
enum class SpectrumPadding { None = 1, Two = 2, Four = 4 };

// docs/method.md §7: the colour value of a scalogram cell.
enum class ScalogramValue {
    Power,      // |c|^2 (default)
    Magnitude,  // |c|
    LogPower,   // log10(|c|^2 + 1e-20)
};

// docs/method.md §8: wavelet entropy per scale.
enum class WaveletEntropyMode {
    Normalised,  // entropy of e = c^2 / sum(c^2), nats (default)
    Raw,         // the paper's literal -sum c^2 log c^2 on unnormalised coefficients
};

// docs/method.md "Scale sensitivity": how the shorter sequence is taken.
enum class Subsampling {
    Strided,  // m = floor(alpha T) tokens at round(linspace(0, T-1, m)) (default)
    Prefix,   // the first m tokens
};

// docs/method.md "Across sequences and heads": how rho is formed.
enum class RhoMode {
    PerHead,  // Pearson over sequences per head, then mean over heads / layers (default)
    Pooled,   // one Pearson over all (head, sequence) pairs
};

struct MethodSettings {
    ProfileMode profile = ProfileMode::Mean;

    SpectrumWindow window = SpectrumWindow::Hann;
    SpectrumPadding padding = SpectrumPadding::Two;

    // Band edges on the normalised frequency r in [0, 1] (1 = Nyquist = 0.5 cycles per token):
    // low = r < bandLowEdge, mid = bandLowEdge <= r < bandHighEdge, high = r >= bandHighEdge.
    double bandLowEdge = 0.25;
    double bandHighEdge = 0.75;

    // Wavelet depth J. -1 = automatic: floor(log2(N_min / 3)) over the run's shortest sequence
    // (PyWavelets' dwt_max_level for the 4-tap db2 filter).
    int waveletLevel = -1;
    ScalogramValue scalogram = ScalogramValue::Power;
    WaveletEntropyMode waveletEntropy = WaveletEntropyMode::Normalised;

    // docs/method.md §9: window sizes in tokens for the window entropy.
    std::vector<int> entropyWindows = {16, 32, 64};

    // docs/method.md §10: |i - j| <= localWindow counts as local (tokens).
    int localWindow = 8;

    // Scale sensitivity: the alphas in (0, 1] and how the short sequence is taken.
    std::vector<double> alphas = {0.5, 0.25};
    Subsampling subsampling = Subsampling::Strided;

    RhoMode rho = RhoMode::PerHead;

    // Checks every value against its documented range; the error names the setting.
    Status validate() const;

    // The settings as a JSON object string (stable key names, for results files and figures).
    std::string toJson() const;

    // Reads what toJson() wrote (a results file); unknown keys are ignored, missing keys keep
    // their defaults, wrong types or values are errors.
    static Result<MethodSettings> fromJson(const std::string& json);
};

const char* toString(ProfileMode v);
const char* toString(SpectrumWindow v);
const char* toString(ScalogramValue v);
const char* toString(WaveletEntropyMode v);
const char* toString(Subsampling v);
const char* toString(RhoMode v);

// Parsers for command-line and file values; the error lists the accepted spellings.
Result<ProfileMode> parseProfileMode(const std::string& s);
Result<SpectrumWindow> parseSpectrumWindow(const std::string& s);
Result<SpectrumPadding> parseSpectrumPadding(const std::string& s);
Result<ScalogramValue> parseScalogramValue(const std::string& s);
Result<WaveletEntropyMode> parseWaveletEntropyMode(const std::string& s);
Result<Subsampling> parseSubsampling(const std::string& s);
Result<RhoMode> parseRhoMode(const std::string& s);

}  // namespace headwave
