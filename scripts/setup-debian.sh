#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian 12 package Headwave needs to build, test and run. Idempotent: running it
# again installs nothing new. Needs root (uses sudo when not root).
set -euo pipefail

packages=(
    # build (CMakeLists.txt): compiler, generator, pkg-config, the faster linker and compiler
    # cache the top-level CMakeLists.txt uses when present; clang-format for style.clang_format
    cmake ninja-build pkgconf g++ lld ccache clang-format
    # hardening stages (scripts/ci-hardening.sh): clang 14 and its runtimes (libFuzzer, ASan,
    # UBSan, TSan)
    clang libclang-rt-14-dev
    # engine (engine/CMakeLists.txt): FFTW for the spectra, nlohmann/json (header only), Eigen
    # (header only) for the head map's SVD
    libfftw3-dev nlohmann-json3-dev libeigen3-dev
    # command line (cli/): CLI11 (header only)
    libcli11-dev
    # tokenizers: regex pre-tokenizers, Unicode normalisation, tokenizer.model files
    libpcre2-dev libicu-dev libsentencepiece-dev
    # models (libtorch) and a fast BLAS for it
    libtorch-dev libopenblas0-openmp
    # desktop app (app/, widgets/, translations/): Qt widgets, SVG (the window icon), QCustomPlot,
    # Qt Test and Linguist (lupdate, lrelease)
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev qt6-tools-dev
    qt6-tools-dev-tools qt6-l10n-tools
    # TIFF export of figures (Qt image format plugins; tests/export)
    qt6-image-formats-plugins
    # the PNG icons, rendered from the SVG at build time (packaging/CMakeLists.txt: rsvg-convert)
    librsvg2-bin
    # numpy cross-checks of the engine's files (tests/engine/test_readers.cpp, the Slurm test) and
    # the benchmark peers (bench/peer_*.py: numpy, PyWavelets, PyTorch; run with /usr/bin/python3)
    python3 python3-numpy python3-pywt python3-torch
    # the Python module (python/, docs/python.md): pybind11 and the system Python's headers;
    # matplotlib for the plot of its notebook example (optional: the test skips the plot without it)
    pybind11-dev python3-dev python3-matplotlib
    # cluster tests (tests/slurm: a real single-node Slurm)
    slurmctld slurmd slurm-client munge
    # figure export tests render PDFs to compare them with PNGs (tests/export: pdftoppm)
    poppler-utils
    # the Debian package (tests/packaging/test_deb.sh): dpkg-shlibdeps, desktop-file and AppStream
    # validation, man pages (man -w), and the MIME type of results files: update-mime-database
    # (shared-mime-info) and xdg-mime (xdg-utils), which without a desktop environment asks
    # `mimetype` (libfile-mimeinfo-perl, a Recommends that --no-install-recommends would skip)
    dpkg-dev desktop-file-utils appstream man-db shared-mime-info xdg-utils libfile-mimeinfo-perl
)

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup-debian: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "setup-debian: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
