#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The headwave program as a user or a desktop launches it (offscreen): `headwave PATH` opens a
# results file or a model folder (the desktop file passes %f), no argument opens the demo, and a
# bad path gives a message. --benchmark-startup prints when each is on screen, then quits.
# Usage: test_launch.sh HEADWAVE HEADWAVE_CLI SOURCE_DIR
set -euo pipefail
headwave=$1
cli=$2
src=$3
demo=$src/resources/demo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen HOME=$work XDG_CONFIG_HOME=$work/config
fail() { echo "FAIL: $*"; exit 1; }
launch() { timeout 120 "$headwave" --benchmark-startup "$@" 2>/dev/null; }

# A results file written by headwave-cli, opened as the first argument.
"$cli" analyze --model "$demo/rope/step-0512" --corpus "$demo/text.txt" --sequences 2 \
    --min-tokens 64 --max-tokens 128 --out "$work/run.hwrun" --quiet
out=$(launch "$work/run.hwrun")
echo "$out"
grep -q "window exposed" <<< "$out" || fail "no window for a results file"
grep -q "first analysis on screen" <<< "$out" || fail "the results file was not shown"

# A lesson (--lesson) at its first step; a lesson that cannot be read still opens the window.
out=$(launch --lesson "$src/resources/lessons/en/01-spectrum.json")
echo "$out"
grep -q "first analysis on screen" <<< "$out" || fail "the lesson's first step was not shown"
echo '{"format": "headwave-lesson", "version": 9}' > "$work/future.json"
out=$(launch --lesson "$work/future.json")
echo "$out"
grep -q "window exposed" <<< "$out" || fail "no window for a lesson that cannot be read"

# A model folder as the first argument (and as --model).
out=$(launch "$demo/rope/step-0064")
echo "$out"
grep -q "model loaded" <<< "$out" || fail "the model folder was not loaded"
out=$(launch --model "$demo/none/step-0512")
grep -q "model loaded" <<< "$out" || fail "--model was not loaded"

# No argument: the demo, analysed.
out=$(launch)
grep -q "first analysis on screen" <<< "$out" || fail "the demo was not analysed"

# A path that is not there, and a file that is not a results file: a message, no crash.
out=$(launch "$work/missing.hwrun")
echo "$out"
grep -q "failed: .*missing.hwrun" <<< "$out" || fail "no message for a missing file"
printf 'hello' > "$work/notes.txt"
out=$(launch "$work/notes.txt")
echo "$out"
grep -q "failed: .*notes.txt" <<< "$out" || fail "no message for a file that is not a results file"
echo PASS
