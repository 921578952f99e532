#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures and builds Headwave (Release, warnings as errors) into build/. Idempotent and
# incremental. Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEADWAVE_WERROR=ON "$@"
cmake --build build --parallel "$jobs"
