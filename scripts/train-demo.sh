#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Retrains Headwave's demo models into resources/demo/ (see resources/demo/README.md): RoPE
# checkpoints across training, and final twins trained identically with the other positional
# schemes. Deterministic: same machine, same command -> the same bytes. Takes about 15-25 minutes
# on 2 cores. Usage: scripts/train-demo.sh [CORPUS] (default ../shared/text/tinyshakespeare.txt);
# HEADWAVE_CLI picks the binary (default build/bin/headwave-cli).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${HEADWAVE_CLI:-build/bin/headwave-cli}
corpus=${1:-../shared/text/tinyshakespeare.txt}
common=(--corpus "$corpus" --steps 512 --batch 4 --seed 1 --threads 2 --dtype float16)
"$cli" train "${common[@]}" --positional rope --save-steps 0,64,128,256,512 \
    --out resources/demo/rope
for scheme in none learned sinusoidal alibi; do
    "$cli" train "${common[@]}" --positional "$scheme" --save-steps last \
        --out "resources/demo/$scheme"
done
# The resume state (float32 weights and AdamW moments) is not part of the demo.
rm -rf resources/demo/*/train-state
