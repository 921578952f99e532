#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""PyTorch eager peer of `headwave-cli train` for the training-throughput note in bench/README.md.

The same model (headwave model type: RMSNorm, rotate-half RoPE, causal softmax attention, SwiGLU,
tied byte embeddings), the same batch (sequences x context drawn from the corpus), AdamW with the
same settings and global-norm clipping, the same intra-op thread count. Prints tokens/s over the
timed steps (the first steps are warm-up).

  python3 bench/peer_train.py ../shared/text/tinyshakespeare.txt --threads 2 --steps 40
"""
import argparse
import math
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--hidden", type=int, default=96)
    p.add_argument("--intermediate", type=int, default=192)
    p.add_argument("--context", type=int, default=256)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    data = torch.tensor(list(open(a.corpus, "rb").read()), dtype=torch.long)
    D, H, T, V = a.hidden, a.heads, a.context, 256
    d = D // H
    params = []

    def param(*shape, std=0.02, ones=False):
        t = torch.ones(*shape) if ones else torch.randn(*shape) * std
        t.requires_grad_(True)
        params.append(t)
        return t

    emb = param(V, D)
    out_std = 0.02 / math.sqrt(2 * a.layers)
    layers = [dict(q=param(D, D), k=param(D, D), v=param(D, D), o=param(D, D, std=out_std),
                   n1=param(D, ones=True), n2=param(D, ones=True), g=param(a.intermediate, D),
                   u=param(a.intermediate, D), dn=param(D, a.intermediate, std=out_std))
              for _ in range(a.layers)]
    nf = param(D, ones=True)
    inv = 1.0 / 10000 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None]
    cos = torch.cat([ang.cos(), ang.cos()], -1).float()
    sin = torch.cat([ang.sin(), ang.sin()], -1).float()
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)

    def rms(x, w):
        return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5))

    def rope(x):
        x1, x2 = x[..., : d // 2], x[..., d // 2:]
        return x * cos + torch.cat([-x2, x1], -1) * sin

    def forward(ids):
        B = ids.shape[0]
        h = torch.nn.functional.embedding(ids, emb)
        for l in layers:
            x = rms(h, l["n1"])
            q, k, v = (torch.nn.functional.linear(x, l[n]).view(B, T, H, d).permute(0, 2, 1, 3)
                       for n in ("q", "k", "v"))
            q, k = rope(q), rope(k)
            s = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(d))
            s = s.masked_fill(mask, float("-inf"))
            ctx = torch.matmul(torch.softmax(s, -1), v).permute(0, 2, 1, 3).reshape(B, T, D)
            h = h + torch.nn.functional.linear(ctx, l["o"])
            y = rms(h, l["n2"])
            h = h + torch.nn.functional.linear(
                torch.nn.functional.silu(torch.nn.functional.linear(y, l["g"]))
                * torch.nn.functional.linear(y, l["u"]), l["dn"])
        return torch.nn.functional.linear(rms(h, nf), emb)

    decay = [t for t in params if t.dim() == 2 and t is not emb]
    no_decay = [t for t in params if not (t.dim() == 2 and t is not emb)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=3e-3, betas=(0.9, 0.95), eps=1e-8)
    g = torch.Generator().manual_seed(1)
    for step in range(a.steps):
        if step == a.warmup:
            start = time.perf_counter()
        starts = torch.randint(0, len(data) - T - 1, (a.batch,), generator=g)
        seq = torch.stack([data[s: s + T + 1] for s in starts.tolist()])
        logits = forward(seq[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), seq[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    seconds = time.perf_counter() - start
    tokens = (a.steps - a.warmup) * a.batch * T
    print(f"torch {torch.__version__}, {a.threads} threads: {tokens / seconds:.0f} tokens/s "
          f"({seconds / (a.steps - a.warmup) * 1000:.0f} ms/step), final loss {loss.item():.3f}")


if __name__ == "__main__":
    main()
