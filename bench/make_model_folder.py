#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes Hugging Face-layout model folders with random weights, for bench_models.

    /usr/bin/python3 bench/make_model_folder.py [OUT_DIR] [--models a,b,...] [--seed N] [--force]

OUT_DIR defaults to /tmp/headwave-bench-models (never the repository: the Llama folder is 2.5 GB).
Each folder gets config.json (HF key names and spellings, sorted, 2-space indent, as save_pretrained
writes them) and model.safetensors (HF tensor names and shapes; tied weights absent;
__metadata__ = {"format": "pt"}; tensors in name order). Folders that already have both files are
left alone unless --force is given; a folder is complete once config.json exists (written last).

Models (shapes of the released checkpoints, random weights):

  pythia-160m-shape      gpt_neox, 12 layers x 12 heads, hidden 768, intermediate 3072, vocab 50304,
                         rotary_pct 0.25, parallel residual, untied embed_out; float16, as
                         EleutherAI/pythia-160m ships its weights (~325 MB)
  pythia-160m-shape-f32  the same in float32 (~650 MB)
  llama-1b-shape         llama (Llama-3.2-1B), 16 layers x 32 heads (8 kv heads), hidden 2048,
                         head_dim 64, intermediate 8192, vocab 128256, rope_theta 500000 with
                         llama3 rope_scaling (factor 32, low 1, high 4, original 8192), tied
                         embeddings; bfloat16 (~2.5 GB)
  pythia-tiny, llama-tiny  2-layer versions of the two for a quick check of the pipeline

Weights: matrices and embeddings N(0, 0.02^2) (HF's initializer_range), biases N(0, 0.02^2), norm
weights 1 + N(0, 0.02^2), so hidden states stay O(1) and the attention softmax is neither uniform
nor one-hot. Values are drawn in float32 (numpy PCG64, seeded per tensor name, so a tensor does not
depend on the others) and rounded to the stored dtype (bfloat16: round to nearest even).
No safetensors package is needed: the format is an 8-byte little-endian header length, a JSON
header padded with spaces to a multiple of 8 bytes, then the raw little-endian data.
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np

DEFAULT_OUT = "/tmp/headwave-bench-models"
STD = 0.02
CHUNK_ELEMENTS = 1 << 24  # values drawn per step: 64 MB of float32

PYTHIA_160M = {
    "architectures": ["GPTNeoXForCausalLM"],
    "bos_token_id": 0,
    "eos_token_id": 0,
    "hidden_act": "gelu",
    "hidden_size": 768,
    "initializer_range": 0.02,
    "intermediate_size": 3072,
    "layer_norm_eps": 1e-05,
    "max_position_embeddings": 2048,
    "model_type": "gpt_neox",
    "num_attention_heads": 12,
    "num_hidden_layers": 12,
    "rotary_emb_base": 10000,
    "rotary_pct": 0.25,
    "tie_word_embeddings": False,
    "torch_dtype": "float16",
    "use_cache": True,
    "use_parallel_residual": True,
    "vocab_size": 50304,
}

LLAMA_1B = {
    "architectures": ["LlamaForCausalLM"],
    "attention_bias": False,
    "attention_dropout": 0.0,
    "bos_token_id": 128000,
    "eos_token_id": 128001,
    "head_dim": 64,
    "hidden_act": "silu",
    "hidden_size": 2048,
    "initializer_range": 0.02,
    "intermediate_size": 8192,
    "max_position_embeddings": 131072,
    "mlp_bias": False,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 16,
    "num_key_value_heads": 8,
    "pretraining_tp": 1,
    "rms_norm_eps": 1e-05,
    "rope_scaling": {
        "factor": 32.0,
        "high_freq_factor": 4.0,
        "low_freq_factor": 1.0,
        "original_max_position_embeddings": 8192,
        "rope_type": "llama3",
    },
    "rope_theta": 500000.0,
    "tie_word_embeddings": True,
    "torch_dtype": "bfloat16",
    "use_cache": True,
    "vocab_size": 128256,
}


def variant(base, **changes):
    c = json.loads(json.dumps(base))
    c.update(changes)
    return c


MODELS = {
    "pythia-160m-shape": PYTHIA_160M,
    "pythia-160m-shape-f32": variant(PYTHIA_160M, torch_dtype="float32"),
    "llama-1b-shape": LLAMA_1B,
    "pythia-tiny": variant(PYTHIA_160M, num_hidden_layers=2, vocab_size=1024),
    "llama-tiny": variant(LLAMA_1B, num_hidden_layers=2, vocab_size=1024),
}

DTYPES = {"float32": ("F32", 4), "float16": ("F16", 2), "bfloat16": ("BF16", 2)}


def tensor_specs(c):
    """(name, shape, kind) in HF's names; kind is 'matrix', 'bias' or 'norm'."""
    H = c["hidden_size"]
    I = c["intermediate_size"]
    V = c["vocab_size"]
    specs = []
    if c["model_type"] == "gpt_neox":
        specs.append(("gpt_neox.embed_in.weight", (V, H), "matrix"))
        for l in range(c["num_hidden_layers"]):
            p = f"gpt_neox.layers.{l}."
            specs += [
                (p + "input_layernorm.weight", (H,), "norm"),
                (p + "input_layernorm.bias", (H,), "bias"),
                (p + "post_attention_layernorm.weight", (H,), "norm"),
                (p + "post_attention_layernorm.bias", (H,), "bias"),
                (p + "attention.query_key_value.weight", (3 * H, H), "matrix"),
                (p + "attention.query_key_value.bias", (3 * H,), "bias"),
                (p + "attention.dense.weight", (H, H), "matrix"),
                (p + "attention.dense.bias", (H,), "bias"),
                (p + "mlp.dense_h_to_4h.weight", (I, H), "matrix"),
                (p + "mlp.dense_h_to_4h.bias", (I,), "bias"),
                (p + "mlp.dense_4h_to_h.weight", (H, I), "matrix"),
                (p + "mlp.dense_4h_to_h.bias", (H,), "bias"),
            ]
        specs.append(("gpt_neox.final_layer_norm.weight", (H,), "norm"))
        specs.append(("gpt_neox.final_layer_norm.bias", (H,), "bias"))
        if not c["tie_word_embeddings"]:
            specs.append(("embed_out.weight", (V, H), "matrix"))
    elif c["model_type"] == "llama":
        d = c["head_dim"]
        q = c["num_attention_heads"] * d
        kv = c["num_key_value_heads"] * d
        specs.append(("model.embed_tokens.weight", (V, H), "matrix"))
        for l in range(c["num_hidden_layers"]):
            p = f"model.layers.{l}."
            specs += [
                (p + "input_layernorm.weight", (H,), "norm"),
                (p + "post_attention_layernorm.weight", (H,), "norm"),
                (p + "self_attn.q_proj.weight", (q, H), "matrix"),
                (p + "self_attn.k_proj.weight", (kv, H), "matrix"),
                (p + "self_attn.v_proj.weight", (kv, H), "matrix"),
                (p + "self_attn.o_proj.weight", (H, q), "matrix"),
                (p + "mlp.gate_proj.weight", (I, H), "matrix"),
                (p + "mlp.up_proj.weight", (I, H), "matrix"),
                (p + "mlp.down_proj.weight", (H, I), "matrix"),
            ]
        specs.append(("model.norm.weight", (H,), "norm"))
        if not c["tie_word_embeddings"]:
            specs.append(("lm_head.weight", (V, H), "matrix"))
    else:
        raise ValueError(c["model_type"])
    return sorted(specs)


def to_stored(x, dtype):
    """float32 array -> bytes of the stored dtype (little-endian)."""
    if dtype == "float32":
        return x.astype("<f4", copy=False).tobytes()
    if dtype == "float16":
        return x.astype("<f2").tobytes()
    # bfloat16: the upper 16 bits of float32, rounded to nearest even (no NaN/inf can occur here).
    u = x.view(np.uint32)
    rounded = (u + np.uint32(0x7FFF) + ((u >> np.uint32(16)) & np.uint32(1))) >> np.uint32(16)
    return rounded.astype("<u2").tobytes()


def write_tensor(f, name, shape, kind, dtype, seed):
    n = int(np.prod(shape))
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(digest[:8], "little")))
    done = 0
    while done < n:
        k = min(CHUNK_ELEMENTS, n - done)
        x = rng.standard_normal(k, dtype=np.float32)
        x *= np.float32(STD)
        if kind == "norm":
            x += np.float32(1.0)
        f.write(to_stored(x, dtype))
        done += k


def write_folder(folder, config, seed):
    os.makedirs(folder, exist_ok=True)
    dtype = config["torch_dtype"]
    code, item = DTYPES[dtype]
    specs = tensor_specs(config)
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, shape, _ in specs:
        size = int(np.prod(shape)) * item
        header[name] = {"dtype": code, "shape": list(shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    config_path = os.path.join(folder, "config.json")
    if os.path.exists(config_path):
        os.remove(config_path)  # incomplete until rewritten last
    weights = os.path.join(folder, "model.safetensors")
    partial = weights + ".partial"
    with open(partial, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for name, shape, kind in specs:
            write_tensor(f, name, shape, kind, dtype, seed)
    os.replace(partial, weights)
    with open(config_path + ".partial", "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(config_path + ".partial", config_path)
    params = sum(int(np.prod(s)) for _, s, _ in specs)
    return params, os.path.getsize(weights)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", nargs="?", default=DEFAULT_OUT)
    ap.add_argument("--models", default="pythia-160m-shape,pythia-160m-shape-f32,llama-1b-shape")
    ap.add_argument("--seed", type=int, default=20241023)
    ap.add_argument("--force", action="store_true", help="rewrite folders that already exist")
    a = ap.parse_args()
    for name in a.models.split(","):
        if name not in MODELS:
            sys.exit(f"make_model_folder.py: unknown model '{name}' ({', '.join(MODELS)})")
        folder = os.path.join(a.out, name)
        done = os.path.exists(os.path.join(folder, "config.json")) and os.path.exists(
            os.path.join(folder, "model.safetensors"))
        if done and not a.force:
            print(f"{folder}: present", flush=True)
            continue
        params, size = write_folder(folder, MODELS[name], a.seed)
        print(f"{folder}: {params} parameters, {size} bytes", flush=True)


if __name__ == "__main__":
    main()
