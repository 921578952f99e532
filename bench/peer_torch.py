#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A plain PyTorch eager forward pass of gpt_neox (Pythia) and llama, with every layer's attention
probabilities materialised, as HF transformers computes them with attn_implementation="eager" and
output_attentions=True: the peer that bench_models compares the C++ engine (libtorch) against.

    /usr/bin/python3 bench/peer_torch.py MODEL_DIR --ids IDS.txt [--repeats N] [--threads N]
                                         [--dump PATH --dump-layers 0,-1 --dump-heads 4]

MODEL_DIR is a Hugging Face folder (config.json + model.safetensors). IDS.txt holds the token ids,
whitespace-separated. Prints one JSON object: tokens, seconds (best of --repeats timed passes after
one untimed warm-up pass), tokens per second, load seconds, peak RSS (getrusage ru_maxrss and
/proc/self/status VmHWM, KiB) and the sum of every layer's probabilities (heads x T per layer when
every row sums to 1).

What a timed pass is: embedding, every block, the final norm and the full logits [T, vocab] (as a
causal-LM forward returns them), and after each block its attention [heads, T, T] float32 handed
to numpy and summed in float64 (the engine's bench callback does the same with the pointer it is
given). Written from the HF modeling code (GPTNeoXForCausalLM, LlamaForCausalLM):
  gpt_neox: fused query_key_value read per head as [q | k | v] slices, rotary on the first
            rotary_pct of each head ("rotate half", cos/sin from float32 inv_freq as HF), scores
            q k^T / sqrt(d), causal mask, softmax in float32, parallel or sequential residual,
            exact GELU, LayerNorm with bias, untied embed_out;
  llama:    RMSNorm (x * rsqrt(mean(x^2) + eps) * w), RoPE with llama3 rope_scaling computed as
            HF's _compute_llama3_parameters in float32, grouped-query attention by repeating kv
            heads (repeat_kv), scores q k^T / sqrt(d), causal mask, softmax in float32,
            SiLU-gated MLP, tied or separate lm_head.
Precision: the weights stay in memory as stored (memory-mapped; float16 / bfloat16 are not
upcast at load) and each is converted to float32 where it is used, so everything is computed in
float32, as the engine does. (HF's own bf16 eager path would compute in bfloat16: on this CPU,
without AVX-512, libtorch's bfloat16 matmul is much slower than float32, and results would differ
from the engine's by bf16 rounding, so that would be neither a fair speed nor a fair accuracy
comparison.) The output head converts 8192 vocabulary rows at a time, so a half-precision tied
embedding is never converted whole (the engine does the same).
"""

import argparse
import json
import math
import os
import resource
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F

HEAD_CHUNK_ROWS = 8192


def load_safetensors(path):
    """name -> tensor viewing a read-only memory map of the file (no copy, no upcast)."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r")
    start = 8 + n
    kinds = {"F32": (np.float32, None), "F16": (np.float16, None),
             "BF16": (np.int16, torch.bfloat16)}
    out = {}
    with warnings.catch_warnings():
        # The map is read-only; nothing here writes to a weight.
        warnings.simplefilter("ignore", UserWarning)
        for name, info in header.items():
            if name == "__metadata__":
                continue
            np_type, view = kinds[info["dtype"]]
            b, e = info["data_offsets"]
            a = data[start + b:start + e].view(np_type).reshape(info["shape"])
            t = torch.from_numpy(a)
            out[name] = t.view(view) if view is not None else t
    return out


def f32(t):
    return None if t is None else t.float()


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rope_tables(inv_freq, T):
    """cos, sin [T, rotary_dim] in float32, as HF's rotary embeddings compute them."""
    t = torch.arange(T, dtype=torch.float32)
    freqs = torch.outer(t, inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def causal_softmax(scores, T):
    """softmax(scores + causal mask) in float32; scores [heads, T, T]."""
    mask = torch.full((T, T), torch.finfo(torch.float32).min).triu(1)
    return torch.softmax(scores + mask, dim=-1)


def logits_of(h, head):
    """h [T, hidden] float32 @ head^T, converting HEAD_CHUNK_ROWS vocabulary rows at a time."""
    parts = [F.linear(h, head[i:i + HEAD_CHUNK_ROWS].float())
             for i in range(0, head.shape[0], HEAD_CHUNK_ROWS)]
    return torch.cat(parts, dim=1)


class GptNeox:
    def __init__(self, c, w):
        self.c, self.w = c, w
        self.H = c["num_attention_heads"]
        self.d = c["hidden_size"] // self.H
        self.r = int(self.d * c.get("rotary_pct", 0.25))
        self.eps = c.get("layer_norm_eps", 1e-5)
        base = c.get("rotary_emb_base", 10000)
        self.inv_freq = 1.0 / (base ** (torch.arange(0, self.r, 2, dtype=torch.int64).float()
                                        / self.r))
        self.parallel = c.get("use_parallel_residual", True)
        self.layers = c["num_hidden_layers"]
        self.head = w["gpt_neox.embed_in.weight"] if c.get("tie_word_embeddings", False) \
            else w["embed_out.weight"]

    def ln(self, x, p):
        return F.layer_norm(x, (x.shape[-1],), f32(self.w[p + ".weight"]),
                            f32(self.w[p + ".bias"]), self.eps)

    def attention(self, x, p, cos, sin, T):
        w = self.w
        H, d, r = self.H, self.d, self.r
        qkv = F.linear(x, f32(w[p + "query_key_value.weight"]), f32(w[p + "query_key_value.bias"]))
        qkv = qkv.view(T, H, 3 * d).permute(1, 0, 2)  # [H, T, 3d]
        q, k, v = qkv[..., :d], qkv[..., d:2 * d], qkv[..., 2 * d:]
        q = torch.cat((q[..., :r] * cos + rotate_half(q[..., :r]) * sin, q[..., r:]), dim=-1)
        k = torch.cat((k[..., :r] * cos + rotate_half(k[..., :r]) * sin, k[..., r:]), dim=-1)
        scores = torch.matmul(q, k.transpose(1, 2)) * (1.0 / math.sqrt(d))
        probs = causal_softmax(scores, T)
        ctx = torch.matmul(probs, v).permute(1, 0, 2).reshape(T, H * d)
        return F.linear(ctx, f32(w[p + "dense.weight"]), f32(w[p + "dense.bias"])), probs

    def mlp(self, x, p):
        w = self.w
        y = F.linear(x, f32(w[p + "dense_h_to_4h.weight"]), f32(w[p + "dense_h_to_4h.bias"]))
        y = F.gelu(y)
        return F.linear(y, f32(w[p + "dense_4h_to_h.weight"]), f32(w[p + "dense_4h_to_h.bias"]))

    def forward(self, ids, on_layer, stages=None):
        T = ids.shape[0]
        cos, sin = rope_tables(self.inv_freq, T)
        h = f32(F.embedding(ids, self.w["gpt_neox.embed_in.weight"]))
        for l in range(self.layers):
            p = f"gpt_neox.layers.{l}."
            a, probs = self.attention(self.ln(h, p + "input_layernorm"), p + "attention.", cos,
                                      sin, T)
            if self.parallel:
                h = h + a + self.mlp(self.ln(h, p + "post_attention_layernorm"), p + "mlp.")
            else:
                x = h + a
                h = x + self.mlp(self.ln(x, p + "post_attention_layernorm"), p + "mlp.")
            on_layer(l, probs)
            del probs
        if stages is not None:
            stages.append(time.perf_counter())
        return logits_of(self.ln(h, "gpt_neox.final_layer_norm"), self.head)


class Llama:
    def __init__(self, c, w):
        self.c, self.w = c, w
        self.H = c["num_attention_heads"]
        self.KV = c.get("num_key_value_heads", self.H)
        self.d = c.get("head_dim", c["hidden_size"] // self.H)
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.layers = c["num_hidden_layers"]
        base = c.get("rope_theta", 10000.0)
        inv_freq = 1.0 / (base ** (torch.arange(0, self.d, 2, dtype=torch.int64).float() / self.d))
        rs = c.get("rope_scaling") or {}
        kind = rs.get("rope_type", rs.get("type", "default"))
        if kind == "linear":
            inv_freq = inv_freq / rs["factor"]
        elif kind == "llama3":  # transformers' _compute_llama3_parameters
            factor = rs["factor"]
            low, high = rs["low_freq_factor"], rs["high_freq_factor"]
            old = rs["original_max_position_embeddings"]
            low_wavelen, high_wavelen = old / low, old / high
            wavelen = 2 * math.pi / inv_freq
            scaled = torch.where(wavelen > low_wavelen, inv_freq / factor, inv_freq)
            smooth = (old / wavelen - low) / (high - low)
            smoothed = (1 - smooth) * scaled / factor + smooth * scaled
            medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
            inv_freq = torch.where(medium, smoothed, scaled)
        elif kind != "default":
            raise ValueError(f"rope_scaling {kind} is not supported by this peer")
        self.inv_freq = inv_freq
        self.embed = w["model.embed_tokens.weight"]
        self.head = w.get("lm_head.weight", self.embed) if c.get("tie_word_embeddings", True) \
            else w["lm_head.weight"]

    def rms(self, x, name):
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return f32(self.w[name]) * x

    def attention(self, x, p, cos, sin, T):
        w = self.w
        H, KV, d = self.H, self.KV, self.d
        q = F.linear(x, f32(w[p + "q_proj.weight"])).view(T, H, d).transpose(0, 1)
        k = F.linear(x, f32(w[p + "k_proj.weight"])).view(T, KV, d).transpose(0, 1)
        v = F.linear(x, f32(w[p + "v_proj.weight"])).view(T, KV, d).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if KV != H:  # repeat_kv: kv head g serves query heads g*n .. g*n+n-1
            n = H // KV
            k = k[:, None].expand(KV, n, T, d).reshape(H, T, d)
            v = v[:, None].expand(KV, n, T, d).reshape(H, T, d)
        scores = torch.matmul(q, k.transpose(1, 2)) * (1.0 / math.sqrt(d))
        probs = causal_softmax(scores, T)
        ctx = torch.matmul(probs, v).transpose(0, 1).reshape(T, H * d)
        return F.linear(ctx, f32(w[p + "o_proj.weight"])), probs

    def mlp(self, x, p):
        w = self.w
        g = F.silu(F.linear(x, f32(w[p + "gate_proj.weight"])))
        u = F.linear(x, f32(w[p + "up_proj.weight"]))
        return F.linear(g * u, f32(w[p + "down_proj.weight"]))

    def forward(self, ids, on_layer, stages=None):
        T = ids.shape[0]
        cos, sin = rope_tables(self.inv_freq, T)
        h = f32(F.embedding(ids, self.embed))
        for l in range(self.layers):
            p = f"model.layers.{l}."
            a, probs = self.attention(self.rms(h, p + "input_layernorm.weight"), p + "self_attn.",
                                      cos, sin, T)
            x = h + a
            h = x + self.mlp(self.rms(x, p + "post_attention_layernorm.weight"), p + "mlp.")
            on_layer(l, probs)
            del probs
        if stages is not None:
            stages.append(time.perf_counter())
        return logits_of(self.rms(h, "model.norm.weight"), self.head)


def vm_hwm_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--ids", required=True, help="file of whitespace-separated token ids")
    ap.add_argument("--repeats", type=int, default=3, help="timed passes, best is kept")
    ap.add_argument("--warmup", type=int, default=1, help="untimed passes first")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--dump", help="write attention of --dump-layers x --dump-heads here (f32)")
    ap.add_argument("--dump-layers", default="0,-1", help="layers to dump; negative from the end")
    ap.add_argument("--dump-heads", type=int, default=4, help="first heads of each dumped layer")
    ap.add_argument("--dump-logits", action="store_true", help="then the last row of the logits")
    ap.add_argument("--profile", action="store_true",
                    help="one more pass, timing the layers and the output head apart")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_grad_enabled(False)
    t0 = time.perf_counter()
    with open(os.path.join(a.model, "config.json")) as f:
        config = json.load(f)
    weights = load_safetensors(os.path.join(a.model, "model.safetensors"))
    kind = config["model_type"]
    model = {"gpt_neox": GptNeox, "llama": Llama}.get(kind)
    if model is None:
        sys.exit(f"peer_torch.py: model_type {kind} is not supported (gpt_neox, llama)")
    model = model(config, weights)
    with open(a.ids) as f:
        ids = torch.tensor([int(x) for x in f.read().split()], dtype=torch.int64)
    load_seconds = time.perf_counter() - t0
    T = int(ids.shape[0])
    dump_layers = sorted({l % model.layers for l in map(int, a.dump_layers.split(","))})

    sums = []
    dumped = {}

    def on_layer(l, probs):
        p = probs.numpy()  # [heads, T, T] float32, no copy
        sums.append(float(p.sum(dtype=np.float64)))
        if a.dump and l in dump_layers and l not in dumped:
            dumped[l] = p[:a.dump_heads].copy()

    best = math.inf
    timed = []
    for i in range(a.warmup + a.repeats):
        sums.clear()
        start = time.perf_counter()
        logits = model.forward(ids, on_layer)
        seconds = time.perf_counter() - start
        logits_sum = float(logits.sum(dtype=torch.float64))
        if i == 0:
            last_logits = logits[-1].numpy().copy()
        del logits
        if i >= a.warmup:
            best = min(best, seconds)
            timed.append(seconds)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hwm_kib = vm_hwm_kib()
    stages = None
    if a.profile:
        marks = []
        start = time.perf_counter()
        logits = model.forward(ids, on_layer, marks)
        end = time.perf_counter()
        del logits
        stages = {"layers_and_embedding": marks[0] - start, "output": end - marks[0]}
    if a.dump:
        with open(a.dump, "wb") as f:
            for l in dump_layers:
                f.write(np.ascontiguousarray(dumped[l], dtype="<f4").tobytes())
            if a.dump_logits:
                f.write(np.ascontiguousarray(last_logits, dtype="<f4").tobytes())
    print(json.dumps({
        "implementation": f"PyTorch {torch.__version__} eager, float32 compute",
        "threads": torch.get_num_threads(),
        "tokens": T,
        "seconds": best,
        "tokens_per_second": T / best,
        "all_seconds": timed,
        "load_seconds": load_seconds,
        "peak_rss_kib": peak_kib,
        "vm_hwm_kib": hwm_kib,
        "stages": stages,
        "probability_sums": sums,
        "logits_sum": logits_sum,
        "dump_layers": dump_layers,
    }))


if __name__ == "__main__":
    main()
