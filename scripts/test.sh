#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs Headwave's whole test suite: installs what is missing (idempotent), builds with warnings as
# errors, then runs every test with CTest. Tests that need ../shared skip, saying why, without it.
# Then the hardening stages CI runs (scripts/ci-hardening.sh: an ASan + UBSan build and its tests,
# ThreadSanitizer on the threaded tests, every fuzz target for a bounded time; about 20 minutes on
# 2 cores). HEADWAVE_QUICK=1 skips them for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure --parallel "$jobs" "$@"
if [[ "${HEADWAVE_QUICK:-0}" != 1 ]]; then
    scripts/ci-hardening.sh
fi
