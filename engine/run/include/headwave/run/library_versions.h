// SPDX-License-Identifier: GPL-3.0-or-later
// The libraries the engine computes with, as a front end shows them (an About box, a bug report):
// FFTW as it names itself at run time, libtorch as torchRuntime() reports it (headwave/model/
// attention_model.h: the app loads libtorch at its first model). Plain C++, no Qt.
//
//   EngineLibraries v = engineLibraries();   // v.fftw = "fftw-3.3.10-sse2-avx", v.torch = "1.13.0"
#pragma once

#include <string>

namespace headwave {

struct EngineLibraries {
    std::string fftw;          // "fftw-3.3.10-sse2-avx"
    std::string torch;         // "1.13.0"; empty when the build does not know it
    bool torchLoaded = false;  // libtorch is in this process (false until the app's first model)
};

EngineLibraries engineLibraries();

}  // namespace headwave
