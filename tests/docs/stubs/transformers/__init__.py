# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for the few parts of Hugging Face transformers that docs/user-guide.md uses, so
that its snippets run in the documentation tests on machines without transformers (Debian 12 has
no package of it): AutoTokenizer (words as tokens) and AutoModelForCausalLM whose output has
`attentions`, a tuple of one [batch, heads, T, T] tensor per layer, as transformers returns with
output_attentions=True. Only used when the real module is absent (run_doc_blocks.py says so)."""
import types

import torch

from _fake_attention import LAYERS, attention, ids_of, piece_of, words


class _Tokenizer:
    def __call__(self, text, return_tensors="pt"):
        return {"input_ids": torch.tensor([ids_of(words(text))])}

    def decode(self, ids):
        return "".join(piece_of(int(i)) for i in ids)


class AutoTokenizer:
    @staticmethod
    def from_pretrained(name, **kwargs):
        return _Tokenizer()


class _Model:
    def __call__(self, input_ids, output_attentions=False, **kwargs):
        T = input_ids.shape[1]
        out = types.SimpleNamespace(logits=torch.zeros(1, T, 8))
        out.attentions = tuple(attention(T, l) for l in range(LAYERS)) if output_attentions else None
        return out


class AutoModelForCausalLM:
    @staticmethod
    def from_pretrained(name, **kwargs):
        return _Model()
