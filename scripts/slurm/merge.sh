#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Combines the N shard files of headwave-array.sbatch (${OUT}.shard0.hwrun .. shard{N-1}) into
# ${OUT}.hwrun, after checking that every shard is there. Runs on a login node, or as a Slurm job
# that waits for the array (docs/slurm.md):
#
#   scripts/slurm/merge.sh results/llama 8 [--force]
#   OUT=results/llama SHARDS=8 sbatch --dependency=afterok:JOBID --kill-on-invalid-dep=yes \
#       scripts/slurm/merge.sh
#
# HEADWAVE_CLI names the headwave-cli program (default: headwave-cli on PATH).
#SBATCH --job-name=headwave-merge
#SBATCH --output=headwave-merge-%j.out
#SBATCH --ntasks=1
set -euo pipefail

usage="usage: merge.sh OUT SHARDS [--force]   (or OUT and SHARDS in the environment)"
out=${1:-${OUT:-}}
shards=${2:-${SHARDS:-}}
shift $(($# < 2 ? $# : 2))
[[ -n $out && $shards =~ ^[1-9][0-9]*$ ]] || { echo "$usage" >&2; exit 2; }

files=()
missing=()
for ((k = 0; k < shards; ++k)); do
    f="${out}.shard${k}.hwrun"
    [[ -f $f ]] || missing+=("$f")
    files+=("$f")
done
if ((${#missing[@]} > 0)); then
    echo "merge.sh: ${#missing[@]} of $shards shard files are missing: ${missing[*]}" >&2
    echo "merge.sh: re-run those array tasks (sbatch --array=<their numbers> with the same SHARDS)" >&2
    exit 1
fi
exec "${HEADWAVE_CLI:-headwave-cli}" merge "${files[@]}" --out "${out}.hwrun" "$@"
