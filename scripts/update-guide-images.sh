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
copy "$build/tests/app/head_map_app_wide.png" head_map_view.png
copy "$build/tests/app/compare_window.png" compare_window.png
# One figure of each kind of a figure set at the default width (85 mm; the spectra and
# scalograms are two columns wide), from a short run of the real model that keeps head L1H2,
# copied as `headwave-cli figures` writes them.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/headwave-cli" analyze --model "$shared/models/stories260K" \
    --corpus "$shared/text/tinyshakespeare.txt" --sequences 12 --min-tokens 64 --max-tokens 256 \
    --keep-heads 1:2 --out "$tmp/run.hwrun" --quiet > /dev/null
"$build/bin/headwave-cli" figures "$tmp/run.hwrun" --out "$tmp/figs" --format png --dpi 150 \
    > /dev/null
for figure in fig1_local_global_grid fig2_fig3_band_shares_layer0 uncertainty_scatter \
              uncertainty_scatter_per_sequence scale_sensitivity_per_alpha \
              wavelet_entropy_per_scale spectra_pinned spectrum_L1H2 scalogram_L1H2; do
    cp "$tmp/figs/$figure.png" "$out/$figure.png"
done
echo "images in $out"
