#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a fresh Debian 12 machine, builds Headwave and runs its main job: the analysis of the
# example attention that ships in examples/ (written to results/example/), then the desktop app,
# which opens on its demo (resources/demo: a model analysed, every view filled). Without a display
# the app is not started; tests/app/test_demo_window.cpp runs the same path offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
build/bin/headwave-cli analyze-attention examples/synthetic-heads/*.npy --out results/example --force
if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    exec build/bin/headwave
fi
echo "No display: start the app with build/bin/headwave on a desktop (it opens on the demo)."
