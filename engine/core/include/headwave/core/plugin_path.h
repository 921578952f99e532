// SPDX-License-Identifier: GPL-3.0-or-later
// Where Headwave's own run-time loaded libraries (the SentencePiece shim, the libtorch plugin)
// may be, in the order they are tried.
#pragma once

#include <string>
#include <vector>

namespace headwave {

// $<envVar> alone when it is set (the user's choice is not second-guessed); otherwise beside the
// executable (the build tree), ../lib/headwave relative to it (an
// installed package), beside the shared library holding this code when it is not the executable
// (the Python module), <installDir>/<file> when installDir is not empty (the configured prefix),
// then the bare file name (the dynamic loader's own search path).
std::vector<std::string> pluginCandidates(const char* envVar, const char* file,
                                          const char* installDir);

// dlopen()s the first candidate that exists with the given flags. On failure returns nullptr and
// sets `tried` to each path tried with the loader's message.
void* openFirstCandidate(const std::vector<std::string>& candidates, int flags, std::string& tried);

}  // namespace headwave
