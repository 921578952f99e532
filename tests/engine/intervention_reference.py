#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A naive float64 reference of interventions on a Llama-family model (numpy and PyWavelets only):
the forward written out from the published semantics (RMSNorm, RoPE rotate-half, grouped-query
attention, SwiGLU, tied or separate output head), with a head's output zeroed or replaced, or its
attention rows band-filtered as docs/method.md defines it. Used by tests/engine/test_interventions.

    intervention_reference.py MODEL_DIR IDS OUT.npy [zero L H | mean L H MEANS.npy |
                              band L H SCALES]
SCALES: comma list of 0 (cA) and k (cD_k). Writes the logits [T, vocab] (float64)."""
import json
import struct
import sys

import numpy as np
import pywt


def load(folder):
    with open(folder + "/model.safetensors", "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    w = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32", v["dtype"]
        a, b = v["data_offsets"]
        w[k] = np.frombuffer(data[a:b], dtype="<f4").reshape(v["shape"]).astype(np.float64)
    return w


def band_filter(row, level, scales):
    n = len(row)
    lev = min(level, pywt.dwt_max_level(n, 4))
    c = pywt.wavedec(row, "db2", mode="symmetric", level=lev)
    for s in scales:
        if s == 0:
            c[0][:] = 0
        elif s <= lev:
            c[lev - s + 1][:] = 0
    x = pywt.waverec(c, "db2", mode="symmetric")[:n] if lev > 0 else c[0]
    x = np.maximum(x, 0)
    return x / x.sum() if x.sum() > 0 else np.full(n, 1.0 / n)


def main():
    folder, ids, out = sys.argv[1], [int(i) for i in sys.argv[2].split(",")], sys.argv[3]
    mode = sys.argv[4] if len(sys.argv) > 4 else "none"
    cfg = json.load(open(folder + "/config.json"))
    w = load(folder)
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hidden = cfg["hidden_size"]
    d = cfg.get("head_dim", hidden // H)
    eps = cfg["rms_norm_eps"]
    T = len(ids)
    L_int = H_int = -1
    if mode != "none":
        L_int, H_int = int(sys.argv[5]), int(sys.argv[6])
    means = np.load(sys.argv[7]) if mode == "mean" else None
    scales = [int(s) for s in sys.argv[7].split(",")] if mode == "band" else []
    level = pywt.dwt_max_level(T, 4)

    def rms(x, g):
        return g * (x / np.sqrt((x * x).mean(-1, keepdims=True) + eps))

    inv = 1.0 / (cfg["rope_theta"] ** (np.arange(0, d, 2) / d))
    ang = np.outer(np.arange(T), inv)
    cos = np.concatenate([np.cos(ang)] * 2, -1)
    sin = np.concatenate([np.sin(ang)] * 2, -1)

    def rope(x):  # [heads, T, d]
        x1, x2 = x[..., : d // 2], x[..., d // 2:]
        return x * cos + np.concatenate([-x2, x1], -1) * sin

    h = w["model.embed_tokens.weight"][ids]
    for l in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % l
        x = rms(h, w[p + "input_layernorm.weight"])
        q = (x @ w[p + "self_attn.q_proj.weight"].T).reshape(T, H, d).transpose(1, 0, 2)
        k = (x @ w[p + "self_attn.k_proj.weight"].T).reshape(T, KV, d).transpose(1, 0, 2)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).reshape(T, KV, d).transpose(1, 0, 2)
        q, k = rope(q), rope(k)
        k = np.repeat(k, H // KV, 0)
        v = np.repeat(v, H // KV, 0)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(d)
        s = np.where(np.triu(np.ones((T, T), bool), 1), -np.inf, s)
        a = np.exp(s - s.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        if mode == "band" and l == L_int:
            for i in range(T):
                a[H_int, i, : i + 1] = band_filter(a[H_int, i, : i + 1], level, scales)
        ctx = a @ v  # [H, T, d]
        if mode == "zero" and l == L_int:
            ctx[H_int] = 0
        if mode == "mean" and l == L_int:
            ctx[H_int] = means[l, H_int]
        ctx = ctx.transpose(1, 0, 2).reshape(T, H * d)
        h = h + ctx @ w[p + "self_attn.o_proj.weight"].T
        x = rms(h, w[p + "post_attention_layernorm.weight"])
        g = x @ w[p + "mlp.gate_proj.weight"].T
        u = x @ w[p + "mlp.up_proj.weight"].T
        h = h + ((g / (1 + np.exp(-g))) * u) @ w[p + "mlp.down_proj.weight"].T
    h = rms(h, w["model.norm.weight"])
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    np.save(out, h @ head.T)


main()
