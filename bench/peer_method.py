#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A plain numpy + PyWavelets implementation of docs/method.md, per head: the peer that
bench_engine compares the C++ engine against.

    /usr/bin/python3 bench/peer_method.py LAYER.f32 T LAYERS [--report-heads N]

LAYER.f32 is one layer of post-softmax attention, raw native-endian float32, shape [H, T, T]
(rows = queries), H = file size / (4 T^2). Holding 32 layers x 32 heads x 2048^2 float32 (17 GB) is
not possible, so, exactly like bench_engine's C++ source, the one layer is read once into memory and
analysed LAYERS times, as LAYERS "layers". Only the analysis loop is timed (the file read is
reported separately, as the C++ side does not time generating its buffer).

Prints one JSON object: heads analysed, seconds, heads per second, peak RSS (getrusage ru_maxrss,
KiB) and the metrics of the first heads of layer 0, so that bench_engine can cross-check them.

Settings are the defaults of docs/method.md: mean profile, Hann window, zero padding to the smallest power of
two >= 2T, band edges 0.25 / 0.75, db2 with mode='symmetric' to J = pywt.dwt_max_level(T, 4),
normalised wavelet entropy, window entropy for w = 16, 32, 64, local window |i - j| <= 8. Row checks
as the engine's defaults: finite, no entry below -1e-6, every row sums to 1 within 1e-3.

It is meant to be a fair, idiomatic numpy program: whole-array operations per head, float64
accumulation of the float32 input (so the numbers can match the engine's to ~1e-9), precomputed
window, band masks and local-band indices; nothing is looped in Python over tokens.
"""

import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import pywt

ROW_SUM_TOLERANCE = 1e-3
NEGATIVE_TOLERANCE = 1e-6
LOCAL_WINDOW = 8
ENTROPY_WINDOWS = (16, 32, 64)
BAND_EDGES = (0.25, 0.75)
WAVELET = "db2"
MODE = "symmetric"
EPS = 1e-10


class InvalidAttention(Exception):
    pass


def entropy(p):
    """Natural-log entropy, terms with p <= 1e-10 skipped (docs/method.md §5)."""
    p = p[p > EPS]
    return float(-np.sum(p * np.log(p)))


def normalised_entropy(x):
    return entropy(x / max(float(np.sum(x)), EPS))


class Context:
    """Everything that depends only on T, computed once."""

    def __init__(self, T):
        self.T = T
        self.level = pywt.dwt_max_level(T, 4)
        self.nfft = 1 << max(0, (2 * T - 1).bit_length())  # smallest power of two >= 2T
        self.window = np.hanning(T)
        r = np.arange(self.nfft // 2 + 1) * 2.0 / self.nfft  # normalised frequency, 1 = Nyquist
        self.low = r < BAND_EDGES[0]
        self.mid = (r >= BAND_EDGES[0]) & (r < BAND_EDGES[1])
        self.high = r >= BAND_EDGES[1]
        # Flat indices of the band |i - j| <= LOCAL_WINDOW of a [T, T] matrix.
        i, j = np.indices((T, T), sparse=True)
        self.local_index = np.flatnonzero(np.abs(i - j) <= LOCAL_WINDOW)


def reconstruction_error(x, level):
    """||x - waverec(wavedec(x))|| / ||x|| in the precision of x, the norms in float64."""
    rec = pywt.waverec(pywt.wavedec(x, WAVELET, mode=MODE, level=level), WAVELET, mode=MODE)
    x64 = x.astype(np.float64)
    d = x64 - rec[: len(x)].astype(np.float64)
    den = np.linalg.norm(x64)
    return float(np.linalg.norm(d) / den) if den > 0 else 0.0


def analyse_head(A, ctx):
    """A: [T, T] float32, rows = queries. Returns the metrics of docs/method.md as a dict."""
    T = ctx.T

    # Row checks (the engine's defaults). A NaN or infinity makes its row sum non-finite.
    row_sums = A.sum(axis=1, dtype=np.float64)
    if not np.all(np.isfinite(row_sums)):
        raise InvalidAttention("non-finite value in row %d" % int(np.argmin(np.isfinite(row_sums))))
    minimum = float(A.min())
    if minimum < -NEGATIVE_TOLERANCE:
        raise InvalidAttention("negative value %g" % minimum)
    bad = np.flatnonzero(np.abs(row_sums - 1.0) > ROW_SUM_TOLERANCE)
    if bad.size:
        raise InvalidAttention("row %d sums to %.9g" % (bad[0], row_sums[bad[0]]))

    # §10 local share: mean over rows of the mass within |i - j| <= 8.
    local_share = float(A.ravel()[ctx.local_index].sum(dtype=np.float64)) / T
    ratio = local_share / (1.0 - local_share) if local_share < 1.0 else math.inf

    # §1 profile: attention each key receives, averaged over queries, normalised to sum 1.
    a = A.mean(axis=0, dtype=np.float64)
    a /= max(float(a.sum()), EPS)

    # §2-5 spectrum, band shares, selectivity, entropies.
    X = np.fft.rfft(a * ctx.window, n=ctx.nfft)
    P = X.real**2 + X.imag**2
    total = float(P.sum())
    peak = float(P.max())
    metrics = {
        "bandLow": float(P[ctx.low].sum()) / total,
        "bandMid": float(P[ctx.mid].sum()) / total,
        "bandHigh": float(P[ctx.high].sum()) / total,
        "selectivity": peak / max(total - peak, EPS),
        "spectralEntropy": normalised_entropy(P),
        "positionalEntropy": entropy(a),
        "localShare": local_share,
        "localGlobalRatio": ratio,
    }

    # §6, §8 wavelet decomposition and entropy per scale ([cA_J, cD_J, ..., cD_1]).
    coeffs = pywt.wavedec(a, WAVELET, mode=MODE, level=ctx.level)
    metrics["scaleEntropy"] = [normalised_entropy(c * c) for c in coeffs]

    # §9 window entropy, normalised by ln w, averaged over the floor(T / w) windows.
    window_entropy = []
    for w in ENTROPY_WINDOWS:
        n = T // w
        if n == 0:
            window_entropy.append(math.nan)
            continue
        blocks = a[: n * w].reshape(n, w)
        p = blocks / np.maximum(blocks.sum(axis=1, keepdims=True), EPS)
        terms = np.where(p > EPS, p * np.log(np.where(p > EPS, p, 1.0)), 0.0)
        window_entropy.append(float(np.mean(-terms.sum(axis=1) / math.log(w))))
    metrics["windowEntropy"] = window_entropy

    # §11 reconstruction error, float64 and float32 round trips.
    metrics["reconErrorF64"] = reconstruction_error(a, ctx.level)
    metrics["reconErrorF32"] = reconstruction_error(a.astype(np.float32), ctx.level)
    return metrics


def json_safe(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, list):
        return [json_safe(x) for x in v]
    return v


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="raw float32 [H, T, T] attention of one layer")
    parser.add_argument("tokens", type=int, help="T")
    parser.add_argument("layers", type=int, help="how many times the layer is analysed")
    parser.add_argument("--report-heads", type=int, default=4,
                        help="metrics of this many heads of layer 0 go into the output")
    args = parser.parse_args()

    T = args.tokens
    size = os.path.getsize(args.file)
    if T < 2 or size % (4 * T * T) != 0 or size == 0:
        sys.exit("peer_method: %s (%d bytes) is not float32 [H, %d, %d]" % (args.file, size, T, T))
    heads = size // (4 * T * T)

    start = time.perf_counter()
    layer = np.fromfile(args.file, dtype=np.float32).reshape(heads, T, T)  # [H, T (query), T (key)]
    load_seconds = time.perf_counter() - start

    ctx = Context(T)
    first = []
    start = time.perf_counter()
    try:
        for layer_index in range(args.layers):
            # Every "layer" is the same buffer (see the module docstring).
            for h in range(heads):
                m = analyse_head(layer[h], ctx)
                if layer_index == 0 and h < args.report_heads:
                    first.append({"layer": 0, "head": h, **m})
    except InvalidAttention as e:
        sys.exit("peer_method: invalid attention: %s" % e)
    seconds = time.perf_counter() - start

    analysed = args.layers * heads
    out = {
        "implementation": "numpy %s + PyWavelets %s, Python %s" % (
            np.__version__, pywt.__version__, sys.version.split()[0]),
        "note": "one [H, T, T] layer read once and analysed LAYERS times as LAYERS layers; "
                "only the analysis loop is timed",
        "tokens": T,
        "layers": args.layers,
        "heads_per_layer": heads,
        "level": ctx.level,
        "heads_analyzed": analysed,
        "load_seconds": load_seconds,
        "seconds": seconds,
        "heads_per_second": analysed / seconds if seconds > 0 else None,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "heads": [{k: json_safe(v) for k, v in m.items()} for m in first],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
