#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python module against the numpy + PyWavelets peer in the same process, and against the C++
bench_engine (its overhead). Not a test: prints a Markdown table (bench/README.md).

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py [--repeats 3] \
        [--bench-engine build/bin/bench_engine] [--peer-layers 4]

1. A float32 array [32, 32, 512, 512] (1 GiB) is analysed with headwave.analyze on 1 and 2
   threads, best of --repeats. Each layer is bench_engine's synthetic layer (causal softmax rows
   of noisy scores with a local band and a sink at token 0, strengths varying over the heads;
   seeded), written by bench_engine --save-layer; without bench_engine a similar layer is
   generated here. Making the array is not timed.
2. The peer, bench/peer_method.py's analyse_head (numpy + PyWavelets, docs/method.md per head,
   float64 accumulation), imported into this process, analyses the first --peer-layers layers of
   the same array; heads per second are compared (the peer is too slow for all 1024 heads).
   Every metric of the first heads is cross-checked (1e-6 relative, the float32 tolerance).
3. bench_engine --tokens 512 --no-peer (SequenceAnalyzer::run, the C++ core without the session)
   serves one [32, 512, 512] layer as all 32 layers; headwave.analyze is timed on the same layout
   (a list of 32 references to one contiguous layer, no copy) right before and after it, so both
   see the same machine: the ratio is the module's overhead (session, details, conversion).
Every run is timed in wall seconds and in CPU seconds of the process (all its threads): on a
loaded machine the wall time mostly measures the other programs, the CPU time much less so
(bench_engine prints its CPU seconds on stderr for this). Best of --repeats; --rounds interleaved
rounds of the module and bench_engine. OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1 for the peer, as
bench_engine runs it.
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import headwave  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import peer_method  # noqa: E402

L, H, T = 32, 32, 512


def generate_layer(seed=20241023):
    """[H, T, T] float32, rows = queries; heads differ in noise, local band and sink."""
    rng = np.random.default_rng(seed)
    i, j = np.indices((T, T))
    causal = j <= i
    out = np.empty((H, T, T), dtype=np.float32)
    for h in range(H):
        noise = 0.5 + 0.1 * ((h * 7) % 11)
        band = 0.5 * ((h * 5) % 9)
        width = 1.0 + 2.0 * (h % 6)
        sink = 1.0 + 5.0 * ((h * 3) % 7) / 6.0
        s = noise * rng.standard_normal((T, T)) + band * np.exp(-np.maximum(i - j, 0) / width)
        s[:, 0] += sink
        s = np.where(causal, s, -np.inf)
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        out[h] = e / e.sum(axis=1, keepdims=True)
    return out


def best(fn, repeats):
    """(best wall seconds, best process CPU seconds) of `repeats` calls."""
    walls, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def bench_engine(path, repeats, save_layer=None):
    """bench_engine's engine runs at T = 512: {threads: (best wall s, best CPU s)}."""
    command = [path, "--tokens", str(T), "--layers", str(L), "--heads", str(H), "--repeats",
               str(repeats), "--no-peer"]
    if save_layer:
        command += ["--save-layer", save_layer]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    runs = {}
    for m in re.finditer(r"^engine run: T 512, threads (\d+), wall ([0-9.]+) s, cpu ([0-9.]+) s",
                         done.stderr, re.M):
        runs.setdefault(int(m.group(1)), []).append((float(m.group(2)), float(m.group(3))))
    return {t: (min(w for w, _ in v), min(c for _, c in v)) for t, v in runs.items()}


def loadavg():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer-layers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2,
                        help="interleaved rounds of the module and bench_engine")
    parser.add_argument("--bench-engine", default=str(HERE.parent / "build" / "bin" /
                                                      "bench_engine"))
    args = parser.parse_args()

    print(f"# bench_python\n\nload average at start: {loadavg():.2f} "
          f"({os.cpu_count()} CPUs)", flush=True)
    engine = {1: [], 2: []}
    have_engine = os.path.exists(args.bench_engine)
    if have_engine:
        # bench_engine's own layer: both analyse the same bytes (its first run is a round too)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "layer.f32")
            for threads, timing in bench_engine(args.bench_engine, args.repeats, path).items():
                engine.setdefault(threads, []).append(timing)
            layer = np.fromfile(path, dtype=np.float32).reshape(H, T, T)
        print("layer: bench_engine's (--save-layer)")
    else:
        layer = generate_layer()
        print(f"layer: generated here ({args.bench_engine} not found)")
    full = np.empty((L, H, T, T), dtype=np.float32)
    for l in range(L):
        full[l] = layer  # one 1 GiB array: every layer from memory, none from cache
    same = [layer] * L  # bench_engine's layout: one 32 MiB layer served as every layer

    headwave.analyze(layer[None, :2], threads=1)  # warm-up: threads, FFT plans
    rows = []
    hw1, hw1_cpu = best(lambda: headwave.analyze(full, threads=1), args.repeats)
    hw2, hw2_cpu = best(lambda: headwave.analyze(full, threads=2), args.repeats)
    rows.append(("headwave.analyze, [32, 32, 512, 512] array", 1, L * H, hw1, hw1_cpu))
    rows.append(("headwave.analyze, [32, 32, 512, 512] array", 2, L * H, hw2, hw2_cpu))

    # The peer in this process, on the first layers of the same array.
    ctx = peer_method.Context(T)
    peer_heads = args.peer_layers * H

    def run_peer():
        for l in range(args.peer_layers):
            for h in range(H):
                peer_method.analyse_head(full[l, h], ctx)

    peer, peer_cpu = best(run_peer, args.repeats)
    rows.append(("peer (numpy + PyWavelets), same array", 1, peer_heads, peer, peer_cpu))

    # Cross-check of the first heads.
    r = headwave.analyze(full[:1], threads=1)
    keys = [c["key"] for c in r.columns]
    worst = 0.0
    for h in range(4):
        m = peer_method.analyse_head(full[0, h], ctx)
        pairs = {"band_low": "bandLow", "band_mid": "bandMid", "band_high": "bandHigh",
                 "selectivity": "selectivity", "spectral_entropy": "spectralEntropy",
                 "positional_entropy": "positionalEntropy", "local_share": "localShare"}
        for key, peer_key in pairs.items():
            a, b = r.metrics[0, h, keys.index(key)], m[peer_key]
            worst = max(worst, abs(a - b) / max(abs(b), 1e-300))

    # Overhead against bench_engine: interleaved, the same layout (one layer as every layer).
    module = {1: [], 2: []}
    for _ in range(args.rounds):
        for threads in (1, 2):
            module[threads].append(
                best(lambda: headwave.analyze(same, threads=threads), args.repeats))
        if have_engine:
            for threads, timing in bench_engine(args.bench_engine, args.repeats).items():
                engine.setdefault(threads, []).append(timing)

    def least(timings):
        return min(w for w, _ in timings), min(c for _, c in timings)

    for threads in (1, 2):
        rows.append(("headwave.analyze, one layer as 32 (bench_engine's layout)", threads,
                     L * H) + least(module[threads]))
        if engine.get(threads):
            rows.append(("bench_engine (C++ SequenceAnalyzer)", threads, L * H)
                        + least(engine[threads]))

    print(f"load average at end: {loadavg():.2f}\n")
    print("| run | threads | heads | wall s | heads/s (wall) | CPU s | heads per CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, threads, heads, s, cpu in rows:
        print(f"| {name} | {threads} | {heads} | {s:.3f} | {heads / s:.1f} | {cpu:.3f} | "
              f"{heads / cpu:.1f} |")
    print()
    speed1 = (L * H / hw1) / (peer_heads / peer)
    speed1_cpu = (L * H / hw1_cpu) / (peer_heads / peer_cpu)
    print(f"- headwave.analyze 1 thread / peer (heads/s): {speed1:.1f}x wall, {speed1_cpu:.1f}x "
          f"CPU (2 threads: {(L * H / hw2) / (peer_heads / peer):.1f}x wall); target >= 5x: "
          f"{'yes' if min(speed1, speed1_cpu) >= 5 else 'no'}")
    for threads in (1, 2):
        if engine.get(threads):
            mw, mc = least(module[threads])
            ew, ec = least(engine[threads])
            print(f"- overhead over bench_engine, {threads} thread(s): wall {(mw / ew - 1) * 100:+.1f} %"
                  f" ({mw:.3f} s against {ew:.3f} s), CPU {(mc / ec - 1) * 100:+.1f} % "
                  f"({mc:.3f} s against {ec:.3f} s); target <= 5 %")
    print(f"- cross-check, first 4 heads, 7 metrics: worst relative difference {worst:.1e} "
          f"({'ok' if worst < 1e-6 and not math.isnan(worst) else 'FAILED'})")


if __name__ == "__main__":
    main()
