# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared by the stand-ins of transformers and transformer_lens (tests/docs/stubs): words as
tokens and attention that is a real causal softmax of seeded random scores, so that what the
documentation's snippets write is genuine post-softmax attention of the documented shapes."""
import re

import torch

LAYERS, HEADS = 4, 4
_vocab = {"<bos>": 0}


def words(text):
    return ["<bos>"] + re.findall(r"\s?\w+|[^\w\s]", text)


def ids_of(pieces):
    return [_vocab.setdefault(p, len(_vocab)) for p in pieces]


def piece_of(i):
    return next(p for p, k in _vocab.items() if k == i)


def attention(T, layer):
    g = torch.Generator().manual_seed(1000 + layer)
    scores = torch.randn(1, HEADS, T, T, generator=g) * 2.0
    scores = scores.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    return torch.softmax(scores, dim=-1)
