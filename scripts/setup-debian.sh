#!/usr/bin/env bash
# Installs every Debian 12 package Headwave needs to build, test and run. Idempotent: running it
# again installs nothing new. Needs root (uses sudo when not root).
set -euo pipefail

packages=(
    # build
    cmake ninja-build pkgconf g++ lld ccache clang-format
    # fuzzing (scripts/ci-hardening.sh): clang 14 and its runtimes (libFuzzer, ASan, UBSan)
    clang libclang-rt-14-dev
    # engine
    libfftw3-dev libeigen3-dev nlohmann-json3-dev
    # command line: CLI11 (header only)
    libcli11-dev
    # tokenizers: regex pre-tokenizers, Unicode normalisation, tokenizer.model files
    libpcre2-dev libicu-dev libsentencepiece-dev
    # models (libtorch) and a fast BLAS for it
    libtorch-dev libopenblas0-openmp
    # desktop app
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev qt6-tools-dev
    qt6-tools-dev-tools qt6-l10n-tools
    # TIFF export of figures (Qt image format plugins)
    qt6-image-formats-plugins
    # benchmark peer (numpy + PyWavelets from Debian, run with /usr/bin/python3)
    python3 python3-numpy python3-pywt python3-torch
    # the Python module (python/, docs/python.md): pybind11 and the system Python's headers;
    # matplotlib for the plot of its notebook example (optional: the test skips the plot without it)
    pybind11-dev python3-dev python3-matplotlib
    # cluster tests (a real single-node Slurm)
    slurmctld slurmd slurm-client munge
    # looking at and checking output
    xvfb xauth imagemagick poppler-utils librsvg2-bin
    # the Debian package: dpkg-shlibdeps, desktop-file and AppStream validation, man pages
    dpkg-dev desktop-file-utils appstream man-db
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
