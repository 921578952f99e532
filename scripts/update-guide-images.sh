#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copies the screenshots that the test suite takes (tests/app, tests/widgets, tests/export) into
# docs/images for the user guide, and draws Figure 1 of a figure set on stories260K. Run after
# `scripts/test.sh` (or ctest) so the screenshots are fresh:
#
#   scripts/update-guide-images.sh [BUILD_DIR] [SHARED_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-$here/../shared}
out=$here/docs/images
mkdir -p "$out"
copy() {  # copy SRC NAME: fail loudly when a screenshot is missing
    [[ -f $1 ]] || { echo "missing $1: run the tests first" >&2; exit 1; }
    cp "$1" "$out/$2"
}
copy "$build/tests/app/main_window_light.png" main_window.png
copy "$build/tests/app/main_window_dark.png" main_window_dark.png
for view in spectrum_view scalogram_view band_power_view uncertainty_scatter_view \
            rescaling_view metrics_table_view token_strip; do
    copy "$build/tests/widgets/$view.png" "$view.png"
done
copy "$build/tests/export/export_dialog.png" export_dialog.png
copy "$build/tests/app/compare_window.png" compare_window.png
# Figure 1 of a figure set, from a short run of the real model.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/headwave-cli" analyze --model "$shared/models/stories260K" \
    --corpus "$shared/text/tinyshakespeare.txt" --sequences 12 --min-tokens 64 --max-tokens 256 \
    --out "$tmp/run.hwrun" --quiet > /dev/null
"$build/bin/headwave-cli" figures "$tmp/run.hwrun" --out "$tmp/figs" --format png --dpi 150 \
    > /dev/null
cp "$tmp/figs/fig1_local_global_grid.png" "$out/fig1_local_global_grid.png"
echo "images in $out"
