#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exit status by class, in every command: representative failing calls of each command of
headwave-cli (and of headwave-figures) must exit with their class's status, the table of
docs/command-line.md ("Exit status") and docs/errors.md: usage 2, failure 1, interrupted 130.
Calls that need a model use stories260K from the shared data and are left out, saying so, when
it is absent.

    python3 tests/docs/check_exit_status.py BINDIR [SHARED]
"""
import concurrent.futures
import os
import pathlib
import signal
import struct
import subprocess
import sys
import tempfile
import time

USAGE, FAILURE, INTERRUPTED = 2, 1, 130


def main():
    bindir = pathlib.Path(sys.argv[1]).resolve()
    shared = pathlib.Path(os.environ.get("HEADWAVE_SHARED") or (sys.argv[2] if len(sys.argv) > 2
                                                                else "../shared"))
    cli = str(bindir / "headwave-cli")
    figures = bindir / "headwave-figures"
    model = shared / "models/stories260K"
    have_model = (model / "config.json").exists()
    work = pathlib.Path(tempfile.mkdtemp(prefix="headwave-exit-"))
    os.chdir(work)
    (work / "exists.hwrun").write_text("x")
    (work / "exists-dir").mkdir()
    (work / "not-a-run.hwrun").write_text("not a results file")
    (work / "empty.txt").write_text("")
    (work / "text.txt").write_text("Once upon a time there was a little dog. " * 4)
    missing = str(work / "missing")
    # Attention with a NaN: read, then refused after the output folder was made.
    T = 8
    values = [1.0 / (i + 1) if j <= i else 0.0 for i in range(T) for j in range(T)]
    values[5] = float("nan")
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (T, T)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    (work / "nan.npy").write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
                                   header.encode() + struct.pack(f"<{T * T}f", *values))
    M = str(model)

    # (class, command line) — every command has a usage and a failure case.
    cases = [
        (USAGE, ["frobnicate"]),
        (USAGE, []),
        (USAGE, ["analyze-attention", "--bogus"]),
        (USAGE, ["analyze-attention", "x.npy"]),  # --out missing
        (USAGE, ["analyze-attention", "x.npy", "-o", "d", "--level", "deep"]),
        (USAGE, ["analyze-attention", "x.npy", "-o", "d", "--alphas", "0.5"]),  # not offered
        (USAGE, ["analyze-attention", "x.npy", "-o", "d", "--subsampling", "prefix"]),
        (FAILURE, ["analyze-attention", missing + ".npy", "-o", "out-aa"]),
        (FAILURE, ["analyze-attention", "not-a-run.hwrun", "-o", "out-aa2"]),
        (FAILURE, ["analyze-attention", "nan.npy", "-o", "out-nan/sub"]),
        (USAGE, ["attention", "--bogus"]),
        (FAILURE, ["attention", "-m", missing, "-t", "x", "-o", "a.npy"]),
        (USAGE, ["info"]),
        (FAILURE, ["info", "-m", missing]),
        (USAGE, ["analyze", "-m", missing]),  # neither --corpus nor --text
        (USAGE, ["analyze", "-m", missing, "-c", "x.txt", "--alphas", "2"]),
        (USAGE, ["analyze", "-m", missing, "-c", "x.txt", "--min-tokens", "300",
                 "--max-tokens", "200"]),
        (USAGE, ["analyze", "-m", missing, "-c", "x.txt", "-o", "exists.hwrun"]),
        (FAILURE, ["analyze", "-m", missing, "-c", "x.txt", "-o", "new.hwrun"]),
        (USAGE, ["report"]),
        (FAILURE, ["report", missing + ".hwrun"]),
        (FAILURE, ["report", "not-a-run.hwrun"]),
        (USAGE, ["compare", "--bogus", "a.hwrun"]),
        (FAILURE, ["compare", missing + ".hwrun", "not-a-run.hwrun"]),
        (USAGE, ["heads", "a.hwrun"]),  # --out missing
        (USAGE, ["heads", "a.hwrun", "-o", "map", "--k", "99"]),
        (FAILURE, ["heads", missing + ".hwrun", "-o", "map"]),
        (USAGE, ["merge", "a.hwrun"]),  # --out missing
        (USAGE, ["merge", "a.hwrun", "-o", "exists.hwrun"]),
        (FAILURE, ["merge", missing + ".hwrun", "-o", "merged.hwrun"]),
        (USAGE, ["rescale", "-m", missing, "-t", "x", "--head", "zero"]),
        (FAILURE, ["rescale", "-m", missing, "-t", "x", "--head", "0:0"]),
        (USAGE, ["intervene", "-m", missing, "--ablate", "0:0"]),  # no input
        (USAGE, ["intervene", "-m", missing, "-t", "x", "--sweep", "layers"]),
        (FAILURE, ["intervene", "-m", missing, "-t", "x", "--ablate", "0:0"]),
        (USAGE, ["train", "-c", "text.txt"]),  # --out missing
        (USAGE, ["train", "-c", "text.txt", "-o", "t", "--positional", "spiral"]),
        (FAILURE, ["train", "-c", missing + ".txt", "-o", "t2", "--steps", "1"]),
        (USAGE, ["timeline", "--bogus"]),
        (USAGE, ["timeline", missing]),  # no text
        (FAILURE, ["timeline", missing, "-T", "text.txt"]),
        (USAGE, ["figures", "--bogus", "a.hwrun"]),
        (USAGE, ["figures", "a.hwrun", "--dpi", "-5"]),
    ]
    if figures.exists():
        cases += [(FAILURE, ["figures", missing + ".hwrun", "-o", "figs"]),
                  (FAILURE, ["figures", "not-a-run.hwrun", "-o", "figs"])]
    cases += [(USAGE, ["handout"]), (USAGE, ["handout", "--bogus", "a.json", "-o", "h.pdf"])]
    if (bindir / "headwave").exists():
        # The app draws the handout (offscreen here): a missing or malformed lesson is a failure.
        cases += [(FAILURE, ["handout", missing + ".json", "-o", "h.pdf"]),
                  (FAILURE, ["handout", "not-a-run.hwrun", "-o", "h.pdf"])]
    if have_model:
        cases += [
            (FAILURE, ["analyze", "-m", M, "-c", "empty.txt", "-o", "e.hwrun", "-q"]),
            (FAILURE, ["timeline", M, "-T", "empty.txt", "-q"]),
            (FAILURE, ["analyze", "-m", M, "-c", missing + ".txt", "-o", "m.hwrun", "-q"]),
            (USAGE, ["analyze", "-m", M, "-t", "Once upon a time.", "-o", "t.hwrun",
                     "--sequences", "3"]),
            (USAGE, ["rescale", "-m", M, "-t", "Once upon a time.", "--head", "9:0"]),
            (USAGE, ["rescale", "-m", M, "-t", "Once upon a time.", "--head", "0:0",
                     "--alpha", "2"]),
            (USAGE, ["attention", "-m", M, "-t", "x", "-o", "a.npy", "--ids", "1,2"]),
            (USAGE, ["intervene", "-m", M, "-t", "Once upon a time.", "--ablate", "9:0"]),
            (USAGE, ["intervene", "-m", M, "-t", "Once upon a time."]),  # no head
            (FAILURE, ["intervene", "-m", M, "-c", "empty.txt", "--ablate", "0:0", "-q"]),
            (FAILURE, ["attention", "-m", M, "-T", missing + ".txt", "-o", "a.npy"]),
        ]
    failures = []
    counts = {}
    if have_model:
        # A corpus run that kept no head (no --keep-heads): figures must refuse to draw a head
        # the run did not keep, and say so.
        made = subprocess.run([cli, "analyze", "-m", M, "-c", "text.txt", "--min-tokens", "16",
                               "--max-tokens", "64", "-o", "one.hwrun", "-q"],
                              capture_output=True, text=True)
        if made.returncode != 0:
            failures.append(f"analyze -T text.txt: {made.stderr}")
        if figures.exists():
            cases.append((FAILURE, ["figures", "one.hwrun", "-o", "figs-heads", "--heads", "1:2",
                                    "--format", "png", "--dpi", "72"]))
    # Two calls at a time (the machine's cores; the calls are independent).
    def call(args):
        return subprocess.run([cli] + args, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(call, [args for _, args in cases]))
    for (expected, args), r in zip(cases, results):
        counts[expected] = counts.get(expected, 0) + 1
        if r.returncode != expected:
            failures.append(f"headwave-cli {' '.join(args)}: exit {r.returncode}, expected "
                            f"{expected}\n    {r.stderr.strip()[:300]}")
    if (work / "figs-heads").exists():
        failures.append("figures --heads 1:2 (a head the run did not keep) left a folder behind")
    # A failed run leaves no output folder behind (out-nan/sub was created for it).
    if (work / "out-nan").exists():
        failures.append("analyze-attention nan.npy -o out-nan/sub left the folder out-nan behind")
    # headwave-figures on its own, with the same classes.
    if figures.exists():
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for expected, args in [(USAGE, ["--bogus"]), (USAGE, ["a.hwrun", "--format", "gif",
                                                              "-o", "f"]),
                               (FAILURE, [missing + ".hwrun", "-o", "f"])]:
            r = subprocess.run([str(figures)] + args, capture_output=True, text=True, env=env,
                               stdin=subprocess.DEVNULL, timeout=120)
            counts[expected] = counts.get(expected, 0) + 1
            if r.returncode != expected:
                failures.append(f"headwave-figures {' '.join(args)}: exit {r.returncode}, "
                                f"expected {expected}\n    {r.stderr.strip()[:300]}")
    # Interrupted: Ctrl-C (SIGINT) in analyze while it waits for its text on standard input,
    # and in train between two steps: 130, and no results file.
    if have_model:
        for args, out in [(["analyze", "-m", M, "-T", "-", "-o", "int.hwrun", "-q"], "int.hwrun"),
                          (["train", "-c", "text.txt", "-o", "int-train", "--steps", "100000",
                            "--layers", "1", "--heads", "2", "--hidden", "16", "--intermediate",
                            "32", "--context", "16", "--save-steps", "100000"], None)]:
            p = subprocess.Popen([cli] + args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
            waiting = time.monotonic() + 60
            while time.monotonic() < waiting and p.poll() is None:
                if args[0] == "analyze":
                    # /proc/PID/syscall starts with the read system call (0 on x86-64) on fd 0.
                    try:
                        if pathlib.Path(f"/proc/{p.pid}/syscall").read_text().startswith("0 0x0 "):
                            break
                    except OSError:
                        pass
                elif (work / "int-train").exists():
                    time.sleep(0.5)
                    break
                time.sleep(0.02)
            p.send_signal(signal.SIGINT)
            p.stdin.close()
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            counts[INTERRUPTED] = counts.get(INTERRUPTED, 0) + 1
            if p.returncode != INTERRUPTED or (out and (work / out).exists()):
                failures.append(f"{args[0]} interrupted: exit {p.returncode}, expected "
                                f"{INTERRUPTED} and no results file\n    {p.stderr.read()[-300:]}")
    for f in failures:
        print(f)
    print(f"{sum(counts.values())} calls: " +
          ", ".join(f"{n} expecting {c}" for c, n in sorted(counts.items())) +
          ("" if have_model else f"; the calls with a model were left out ({model} not found)") +
          f"; {len(failures)} wrong")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
