# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python tests share: where the build's module, headwave-cli and ../shared are, and
skipping (exit status 77, ctest's SKIP_RETURN_CODE) when an input is absent."""

import os
import pathlib
import sys

SHARED = pathlib.Path(os.environ.get("HEADWAVE_SHARED", "../shared"))
CLI = os.environ.get("HEADWAVE_CLI", "")
MODEL = SHARED / "models" / "stories260K"
SKIP = 77


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def need_shared(path):
    if not path.exists():
        skip(f"{path} not found (set HEADWAVE_SHARED to the shared data folder)")
    return path


def need_cli():
    if not CLI or not os.path.exists(CLI):
        skip("headwave-cli not found (HEADWAVE_CLI)")
    return CLI
