#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Headwave and runs its main job: the analysis of the
# example attention that ships in examples/, written to results/example/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
build/bin/headwave-cli analyze-attention examples/synthetic-heads/*.npy --out results/example --force
