// SPDX-License-Identifier: GPL-3.0-or-later
// Power spectrum of a profile (docs/method.md §2): window, zero padding, one-sided real DFT by
// FFTW3.
//
//   Spectrum s = powerSpectrum(a.data(), T, SpectrumWindow::Hann, SpectrumPadding::Two);
//   // s.power[k] = |X[k]|^2, k = 0..n_fft/2; s.frequency[k] = 2k / n_fft (1 = Nyquist)
//
// Normalisation: X[k] = sum_n w[n] a[n] exp(-2 pi i k n / n_fft) with no scaling (FFTW's forward
// convention, numpy.fft.rfft's default), so sum_k |X[k]|^2 weights relate to sum_n (w a)^2 by
// Parseval: sum_{k=0}^{n_fft-1} |X[k]|^2 = n_fft * sum_n (w[n] a[n])^2 over the full spectrum.
#pragma once

#include <string>
#include <vector>

#include "headwave/dsp/method_settings.h"

namespace headwave {

// The FFTW library in use, as it names itself at run time ("fftw-3.3.10-sse2-avx").
std::string fftwVersion();

// n_fft for a profile of T samples: padding None -> T; Two / Four -> the smallest power of two
// >= 2T / 4T. T >= 1.
int fftLength(int T, SpectrumPadding padding);

// Number of one-sided bins: floor(n_fft / 2) + 1.
inline int spectrumBins(int nfft) {
    return nfft / 2 + 1;
}

// The analysis window w[n], n = 0..T-1: Hann = 0.5 - 0.5 cos(2 pi n / (T - 1)) (numpy.hanning;
// [1] for T = 1), None = all ones.
void analysisWindow(SpectrumWindow window, int T, double* w);

// power[k] = |X[k]|^2 for k = 0..n_fft/2 (power must hold spectrumBins(n_fft) values).
// Thread-safe: plans are created once per length under a lock and executed on per-thread buffers.
void powerSpectrum(const double* a, int T, SpectrumWindow window, SpectrumPadding padding,
                   double* power);

struct Spectrum {
    int nfft = 0;
    std::vector<double> power;      // [n_fft/2 + 1], |X[k]|^2 (units of a^2)
    std::vector<double> frequency;  // [n_fft/2 + 1], r[k] = 2k / n_fft in [0, 1]
};

Spectrum powerSpectrum(const double* a, int T, SpectrumWindow window, SpectrumPadding padding);

// Normalised frequency of bin k: r = 2k / n_fft (1 = Nyquist = 0.5 cycles per token).
inline double binFrequency(int k, int nfft) {
    return 2.0 * static_cast<double>(k) / static_cast<double>(nfft);
}

}  // namespace headwave
