#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the example attention that Headwave ships (examples/synthetic-heads/*.npy).

Three "sequences" (T = 64, 96, 128 tokens) of a small 2-layer, 6-head causal model whose heads have
known positional structure, so every metric has something to show:

  head 0  attention sink: most mass on the first token        -> broadband profile (a spike)
  head 1  previous token: a narrow local band                 -> flat profile, high local share
  head 2  uniform causal: every earlier token equally          -> smooth, low-frequency profile
  head 3  periodic: tokens at positions = 0 mod p (p = 4 / 8)  -> a spectral line at r = 2 / p
  head 4  sentence starts: the first token of each sentence   -> sentence-scale (mid-band) structure
  head 5  recency: exp(-distance / s), s = 16 / 4             -> low-pass with a local bias

Each row is a softmax of these scores plus Gaussian noise (seed 2025), computed in float64 and saved
as float32 [layers, heads, T, T] (rows = queries, keys; causal). Run with Debian's numpy:

  /usr/bin/python3 examples/make_example.py
"""
import os

import numpy as np

LAYERS, HEADS = 2, 6
LENGTHS = (64, 96, 128)
SEED = 2025


def sentence_starts(T, rng):
    starts, t = [0], 0
    while True:
        t += int(rng.integers(10, 21))
        if t >= T:
            return np.array(starts)
        starts.append(t)


def scores(kind, layer, T, rng):
    i = np.arange(T)[:, None]
    j = np.arange(T)[None, :]
    d = (i - j).astype(np.float64)
    s = np.zeros((T, T))
    if kind == 0:
        s[:, 0] += 6.0 - layer
        s += -0.1 * d
    elif kind == 1:
        s += np.where(d == 1, 6.0, 0.0) + np.where(d == 0, 2.0, 0.0) + np.where(d == 2, 3.0 * layer, 0.0)
    elif kind == 2:
        pass
    elif kind == 3:
        p = 4 if layer == 0 else 8
        s += np.where(j % p == 0, 4.0, 0.0)
    elif kind == 4:
        starts = sentence_starts(T, rng)
        mark = np.zeros(T)
        mark[starts] = 1.0
        s += 5.0 * mark[None, :]
    elif kind == 5:
        scale = 16.0 if layer == 0 else 4.0
        s += -d / scale
    return s + 0.5 * rng.standard_normal((T, T))


def causal_softmax(s):
    T = s.shape[0]
    s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(SEED)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "synthetic-heads")
    os.makedirs(out, exist_ok=True)
    for n, T in enumerate(LENGTHS):
        A = np.empty((LAYERS, HEADS, T, T))
        for layer in range(LAYERS):
            for head in range(HEADS):
                A[layer, head] = causal_softmax(scores(head, layer, T, rng))
        path = os.path.join(out, f"sequence-{n}-T{T}.npy")
        np.save(path, A.astype(np.float32))
        print(path, A.shape)


if __name__ == "__main__":
    main()
