# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for the few parts of TransformerLens that docs/user-guide.md uses, so that its
snippets run in the documentation tests on machines without it: HookedTransformer with
to_tokens, to_str_tokens, cfg.n_layers and run_with_cache, whose cache["pattern", l] is the
[batch, heads, T, T] attention pattern of layer l. Only used when the real module is absent."""
import types

import torch

from _fake_attention import LAYERS, attention, ids_of, piece_of, words


class HookedTransformer:
    def __init__(self):
        self.cfg = types.SimpleNamespace(n_layers=LAYERS)

    @staticmethod
    def from_pretrained(name, **kwargs):
        return HookedTransformer()

    def to_tokens(self, text):
        return torch.tensor([ids_of(words(text))])

    def to_str_tokens(self, tokens):
        return [piece_of(int(i)) for i in tokens[0]]

    def run_with_cache(self, tokens):
        T = tokens.shape[1]
        cache = {("pattern", l): attention(T, l) for l in range(LAYERS)}
        return torch.zeros(1, T, 8), cache
