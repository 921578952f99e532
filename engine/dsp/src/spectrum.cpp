// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/dsp/spectrum.h"

#include <fftw3.h>

#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <vector>

namespace headwave {

std::string fftwVersion() {
    return fftw_version;
}

namespace {

// One FFTW plan per length, created under a lock (FFTW's planner is not thread-safe) with
// FFTW_ESTIMATE, which is deterministic: the same input gives the same bits on every run. Executed
// with fftw_execute_dft_r2c on fftw_malloc'ed (hence equally aligned) per-thread buffers, which
// FFTW documents as thread-safe.
class PlanCache {
public:
    static PlanCache& instance() {
        static PlanCache cache;
        return cache;
    }

    fftw_plan plan(int n) {
        std::lock_guard lock(m_mutex);
        auto it = m_plans.find(n);
        if (it != m_plans.end()) {
            return it->second;
        }
        auto* in = static_cast<double*>(fftw_malloc(sizeof(double) * static_cast<std::size_t>(n)));
        auto* out = static_cast<fftw_complex*>(
            fftw_malloc(sizeof(fftw_complex) * static_cast<std::size_t>(n / 2 + 1)));
        fftw_plan p = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
        fftw_free(in);
        fftw_free(out);
        m_plans.emplace(n, p);
        return p;
    }

private:
    PlanCache() = default;
    ~PlanCache() {
        // Plans are intentionally not destroyed: other static destructors may still run FFTs.
    }
    std::mutex m_mutex;
    std::map<int, fftw_plan> m_plans;
};

struct FftwDeleter {
    void operator()(void* p) const { fftw_free(p); }
};

// Per-thread input/output buffers, grown on demand.
struct Buffers {
    std::unique_ptr<double, FftwDeleter> in;
    std::unique_ptr<fftw_complex, FftwDeleter> out;
    int capacity = 0;
    // The window of the last length used (every head of a sequence has the same T).
    std::vector<double> window;
    int windowLength = -1;
    SpectrumWindow windowKind = SpectrumWindow::Hann;
    // The plan of the last FFT length used, to skip the cache's lock.
    fftw_plan plan = nullptr;
    int planLength = -1;

    void reserve(int n) {
        if (n <= capacity) {
            return;
        }
        in.reset(static_cast<double*>(fftw_malloc(sizeof(double) * static_cast<std::size_t>(n))));
        out.reset(static_cast<fftw_complex*>(
            fftw_malloc(sizeof(fftw_complex) * static_cast<std::size_t>(n / 2 + 1))));
        capacity = n;
    }
};

Buffers& threadBuffers() {
    thread_local Buffers buffers;
    return buffers;
}

}  // namespace

int fftLength(int T, SpectrumPadding padding) {
    if (padding == SpectrumPadding::None) {
        return T;
    }
    const long target = static_cast<long>(padding) * static_cast<long>(T);
    long n = 1;
    while (n < target) {
        n *= 2;
    }
    return static_cast<int>(n);
}

void analysisWindow(SpectrumWindow window, int T, double* w) {
    if (window == SpectrumWindow::None || T == 1) {
        for (int n = 0; n < T; ++n) {
            w[n] = 1.0;
        }
        return;
    }
    // 0.5 - 0.5 cos(2 pi n / (T - 1)), evaluated as numpy.hanning does it (0.5 + 0.5 cos(pi m /
    // (T - 1)) for m = 1-T, 3-T, ..., T-1) so that the window matches numpy bit for bit.
    const double denom = static_cast<double>(T - 1);
    for (int n = 0; n < T; ++n) {
        const double m = static_cast<double>(2 * n + 1 - T);
        w[n] = 0.5 + 0.5 * std::cos(std::numbers::pi * m / denom);
    }
}

void powerSpectrum(const double* a, int T, SpectrumWindow window, SpectrumPadding padding,
                   double* power) {
    const int nfft = fftLength(T, padding);
    Buffers& buf = threadBuffers();
    if (buf.planLength != nfft) {
        buf.plan = PlanCache::instance().plan(nfft);
        buf.planLength = nfft;
    }
    fftw_plan plan = buf.plan;
    buf.reserve(nfft);
    if (buf.windowLength != T || buf.windowKind != window) {
        buf.window.resize(static_cast<std::size_t>(T));
        analysisWindow(window, T, buf.window.data());
        buf.windowLength = T;
        buf.windowKind = window;
    }
    double* in = buf.in.get();
    const double* w = buf.window.data();
    for (int n = 0; n < T; ++n) {
        in[n] = w[n] * a[n];
    }
    for (int n = T; n < nfft; ++n) {
        in[n] = 0.0;
    }
    fftw_execute_dft_r2c(plan, in, buf.out.get());
    const fftw_complex* out = buf.out.get();
    const int bins = spectrumBins(nfft);
    for (int k = 0; k < bins; ++k) {
        power[k] = out[k][0] * out[k][0] + out[k][1] * out[k][1];
    }
}

Spectrum powerSpectrum(const double* a, int T, SpectrumWindow window, SpectrumPadding padding) {
    Spectrum s;
    s.nfft = fftLength(T, padding);
    const int bins = spectrumBins(s.nfft);
    s.power.resize(static_cast<std::size_t>(bins));
    s.frequency.resize(static_cast<std::size_t>(bins));
    powerSpectrum(a, T, window, padding, s.power.data());
    for (int k = 0; k < bins; ++k) {
        s.frequency[static_cast<std::size_t>(k)] = binFrequency(k, s.nfft);
    }
    return s;
}

}  // namespace headwave
