#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end benchmark of an analysis run (issue "Analysis runs"): stories260K on 500 sequences
# of 128-512 tokens packed from Wikipedia text (wikitext-2), alpha = 0.5 and 0.25, on every core.
# Prints the wall time and the share of each stage (tokenise, forward, analysis, aggregation,
# writing), as headwave-cli reports them. Not a test: timings depend on the machine.
#
#   bench/bench_run.sh [BUILD_DIR] [SHARED_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shared=${2:-$here/../../shared}
cli=$build/bin/headwave-cli
model=$shared/models/stories260K
corpus=$shared/text/wikitext-2/valid.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores; model: stories260K; corpus: wikitext-2 valid"
start=$(date +%s.%N)
"$cli" analyze --model "$model" --corpus "$corpus" --sequences 500 --min-tokens 128 \
    --max-tokens 512 --alphas 0.5,0.25 --out "$out/run.hwrun" --quiet 2> "$out/stderr.txt"
end=$(date +%s.%N)
cat "$out/stderr.txt"
wall=$(echo "$end - $start" | bc)
line=$(grep '^time ' "$out/stderr.txt")
echo
echo "| stage | seconds | share |"
echo "|---|---|---|"
python3 - "$line" "$wall" <<'PY'
import re, sys
line, wall = sys.argv[1], float(sys.argv[2])
total = float(re.search(r"time ([0-9.]+) s", line).group(1))
stages = re.findall(r"(load|tokenise|forward|analysis|aggregation|writing) ([0-9.]+)", line)
work = sum(float(secs) for _, secs in stages)
# forward, analysis and aggregation are seconds of work summed over the sequence workers, so the
# shares are of the summed work, not of the wall time.
for name, secs in stages:
    print(f"| {name} | {float(secs):.2f} | {100 * float(secs) / work:.1f} % |")
print(f"| work summed over workers | {work:.2f} | 100 % |")
print(f"| wall time (in the program) | {total:.2f} | |")
print(f"| wall time (process, incl. start-up) | {wall:.2f} | |")
PY
"$cli" report "$out/run.hwrun" | sed -n '/## Run/,/## Scale/p' | grep -E "sequences|tokens per"
