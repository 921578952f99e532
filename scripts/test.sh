#!/usr/bin/env bash
# Runs Headwave's whole test suite: installs what is missing (idempotent), builds with warnings as
# errors, then runs every test with CTest. Tests that need ../shared skip, saying why, without it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure --parallel "$jobs" "$@"
