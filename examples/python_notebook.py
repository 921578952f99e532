# SPDX-License-Identifier: GPL-3.0-or-later
# %% [markdown]
# # Attention heads as spectra and wavelets, from a notebook
#
# A notebook in plain Python (`# %%` cells: VS Code, Jupyter with jupytext, Spyder run them one
# by one; `python3 examples/python_notebook.py` runs them all). It takes the attention of a
# model from whatever you have — Hugging Face transformers, TransformerLens, or Headwave's own
# forward pass — hands it to `headwave.analyze`, and plots the spectral against the positional
# entropy of every head. docs/python.md describes the module.
#
# Needs: the headwave module (`PYTHONPATH=build/python` in a build tree, or the Debian package)
# and numpy. Optional: torch with transformers or transformer_lens (else Headwave's forward
# pass is used), matplotlib for the plot (skipped, saying so, without it).

# %%
import os

import numpy as np

import headwave

MODEL = os.environ.get("HEADWAVE_EXAMPLE_MODEL", "../shared/models/stories260K")
TEXT = ("Once upon a time, there was a little girl named Lily. She loved to play outside in the "
        "sunshine. One day, she saw a big, red ball in the park.")

# %% [markdown]
# ## Attention, from the framework you use
# transformers: `output_attentions=True` with the eager attention gives one `[batch, H, T, T]`
# tensor per layer. TransformerLens: `cache["pattern", layer]`. Either is handed to Headwave as
# torch tensors (read through the array protocol, without a copy). Without them, Headwave's own
# forward pass gives the same post-softmax attention as a float32 numpy array.

# %%
attention, source = None, None
try:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    hf = AutoModelForCausalLM.from_pretrained(MODEL, attn_implementation="eager")
    with torch.no_grad():
        out = hf(**tokenizer(TEXT, return_tensors="pt"), output_attentions=True)
    attention = [layer[0] for layer in out.attentions]  # L tensors [H, T, T]
    source = "transformers"
except Exception as e:  # not installed, or no transformers-readable tokenizer in the folder
    print(f"transformers: not used ({type(e).__name__})")

if attention is None:
    try:
        from transformer_lens import HookedTransformer

        lens = HookedTransformer.from_pretrained("gpt2-small")  # needs the weights locally
        _, cache = lens.run_with_cache(TEXT)
        attention = [cache["pattern", layer][0] for layer in range(lens.cfg.n_layers)]
        source = "TransformerLens"
    except Exception as e:
        print(f"TransformerLens: not used ({type(e).__name__})")

if attention is None:
    model = headwave.Model(MODEL)
    attention, tokens = model.attention(TEXT)  # float32 [L, H, T, T]
    source = "headwave.Model"
    try:
        import torch

        attention = torch.from_numpy(attention)  # as a framework would hand it over
        source += " (as a torch tensor)"
    except ImportError:
        pass

print(f"attention from {source}")

# %% [markdown]
# ## Every head's metrics
# `metrics` is float64 `[L, H, C]`; `columns` names the C columns with their units (the metric
# keys of a results file). Settings are keyword arguments with the names of docs/method.md.

# %%
result = headwave.analyze(attention, entropy_windows=[16, 32])
keys = [c["key"] for c in result.columns]
units = {c["key"]: c["unit"] for c in result.columns}
spectral = result.metrics[..., keys.index("spectral_entropy")]
positional = result.metrics[..., keys.index("positional_entropy")]
low = result.metrics[..., keys.index("band_low")]
L, H, T = result.shape
print(f"{L} layers x {H} heads, T = {T}, J = {result.level}, rho = {result.rho:+.3f}")
print(f"low-band share per layer ({units['band_low']}):", np.round(low.mean(axis=1), 3))

# %% [markdown]
# ## One head in detail: its spectrum and db2 coefficients

# %%
layer, head = np.unravel_index(np.argmax(low), low.shape)
frequency, power = result.spectrum(layer, head)
coefficients = result.coefficients(layer, head)
print(f"head {layer}:{head}: {len(power)} frequencies, coefficient arrays of lengths "
      f"{[len(c) for c in coefficients]}")

# %% [markdown]
# ## The plot (matplotlib is optional)

# %%
try:
    import matplotlib

    matplotlib.use(os.environ.get("MPLBACKEND", "Agg"))
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print("matplotlib is not installed: the plot is skipped")

if plt is not None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    points = left.scatter(positional.ravel(), spectral.ravel(), c=np.repeat(np.arange(L), H),
                          cmap="viridis", s=18)
    left.set_xlabel(f"positional entropy ({units['positional_entropy']})")
    left.set_ylabel(f"spectral entropy ({units['spectral_entropy']})")
    fig.colorbar(points, ax=left, label="layer")
    right.semilogy(frequency, power + 1e-20)
    right.set_xlabel("normalised frequency r (1 = Nyquist)")
    right.set_ylabel("power |X|²")
    right.set_title(f"head {layer}:{head}")
    fig.tight_layout()
    figure = os.environ.get("HEADWAVE_EXAMPLE_FIGURE", "headwave_example.png")
    fig.savefig(figure, dpi=80)
    print(f"plot written to {figure}")
