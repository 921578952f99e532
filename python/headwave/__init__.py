# SPDX-License-Identifier: GPL-3.0-or-later
"""Headwave from Python: attention heads as spectra, db2 wavelet coefficients and entropies.

    import headwave
    r = headwave.analyze(attention)                  # [L, H, T, T] float32/float64, or a list
    r.metrics[..., r.columns.index(...)]             # float64 [L, H, C]; see `columns`
    m = headwave.Model("models/stories260K")
    a, tokens = m.attention("Once upon a time")      # float32 [L, H, T, T] and the tokens
    run = headwave.run(m, "corpus.txt", out="run.hwrun", progress=print)

The numbers are the engine's (the same as headwave-cli and the app); docs/method.md defines each,
docs/python.md describes this module. Settings are keyword arguments under their names in
docs/method.md ("Settings at a glance"): profile, window, padding_factor, band_edges,
wavelet_level, scalogram, wavelet_entropy, entropy_windows, local_window, alphas, subsampling, rho.
An invalid one raises InvalidArgumentError (a ValueError) with the engine's message.

The computation runs with the GIL released; Ctrl-C stops it (KeyboardInterrupt) and writes no
file. Engine errors raise the subclasses of HeadwaveError.
"""

import json as _json
import os as _os

import numpy as _np

from . import _headwave
from ._headwave import (  # noqa: F401  (re-exported)
    Analysis,
    CancelledError,
    FileFormatError,
    FileReadError,
    FileWriteError,
    HeadwaveError,
    InternalError,
    InvalidArgumentError,
    InvalidAttentionError,
    InvalidInputError,
    MissingFileError,
    OutOfMemoryError,
    Progress,
    Run,
    UnsupportedError,
    default_settings,
    setting_keys,
)

__version__ = _headwave.__version__

__all__ = [
    "analyze", "Batch", "Model", "open_run", "run", "setting_keys", "default_settings",
    "Analysis", "Run", "Progress", "HeadwaveError", "InvalidArgumentError", "MissingFileError",
    "FileReadError", "FileWriteError", "FileFormatError", "UnsupportedError",
    "InvalidAttentionError", "InvalidInputError", "CancelledError", "OutOfMemoryError",
    "InternalError",
]


def _jsonable(value):
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a setting value")


def _settings(values):
    """Keyword settings as {name: JSON text}; the engine checks names and values."""
    out = {}
    for key, value in values.items():
        try:
            out[key] = _json.dumps(value, default=_jsonable)
        except (TypeError, ValueError) as e:
            raise InvalidArgumentError(f"The setting '{key}' has a value of the wrong type: {e}.")
    return out


def _as_array(x):
    """A numpy view of x: an ndarray as it is, anything with the array protocol (a CPU torch
    tensor: shared memory, no copy) through numpy.asarray. torch is never imported: a tensor that
    requires grad is detached and one on another device is moved to the CPU, by duck typing."""
    if not isinstance(x, _np.ndarray):
        if getattr(x, "requires_grad", False) and hasattr(x, "detach"):
            x = x.detach()
        device = getattr(x, "device", None)
        if device is not None and str(device) != "cpu" and hasattr(x, "cpu"):
            x = x.cpu()
        x = _np.asarray(x)
    if x.dtype not in (_np.float32, _np.float64) or not x.dtype.isnative:
        # float16, bfloat16 widened, other byte orders swapped: a copy (documented)
        x = x.astype(_np.float64 if x.dtype == _np.float64 else _np.float32)
    return x


def _layers(a):
    """[L, H, T, T] -> a list of [H, T, T] views (no copy)."""
    return [a[layer] for layer in range(a.shape[0])]


def _sequences(attention):
    """The input as a list of sequences, each a list of layer arrays [H, T, T]; batched."""
    if isinstance(attention, (list, tuple)):
        if not attention:
            raise InvalidArgumentError("There is no attention to analyse (an empty list).")
        items = [_as_array(x) for x in attention]
        if all(x.ndim == 3 for x in items):
            return [items], False  # the layers of one sequence
        if all(x.ndim == 4 for x in items):
            return [_layers(x) for x in items], True  # a batch of sequences
        raise InvalidArgumentError(
            "A list must hold the layers of one sequence ([H, T, T] each) or sequences "
            "([L, H, T, T] each).")
    a = _as_array(attention)
    if a.ndim == 3:
        return [[a]], False
    if a.ndim == 4:
        return [_layers(a)], False
    if a.ndim == 5:
        return [_layers(a[s]) for s in range(a.shape[0])], True
    raise InvalidArgumentError(
        f"Attention must be [L, H, T, T], [H, T, T] or [S, L, H, T, T]; got shape {a.shape}.")


class Batch:
    """The analysis of a batch of sequences, decomposed to one wavelet depth (that of the
    shortest sequence, unless wavelet_level is set). `sequences[s]` is each one's Analysis."""

    def __init__(self, sequences):
        self.sequences = sequences

    @property
    def metrics(self):
        """float64 [S, L, H, C] (every sequence needs the same layers and heads)."""
        return _np.stack([s.metrics for s in self.sequences])

    @property
    def columns(self):
        return self.sequences[0].columns

    @property
    def profiles(self):
        """[S] float64 arrays [L, H, T_s]."""
        return [s.profiles for s in self.sequences]

    @property
    def level(self):
        return self.sequences[0].level

    def spectrum(self, layer, head, sequence=0):
        return self.sequences[sequence].spectrum(layer, head)

    def coefficients(self, layer, head, sequence=0):
        return self.sequences[sequence].coefficients(layer, head)

    def __len__(self):
        return len(self.sequences)

    def __getitem__(self, s):
        return self.sequences[s]


def analyze(attention, *, tokens=None, threads=0, renormalise_rows=False,
            row_sum_tolerance=1e-3, progress=None, **settings):
    """Analyses post-softmax attention: every head's metrics (docs/method.md).

    attention: float32 or float64, [L, H, T, T] (layers, heads, queries, keys), [H, T, T] (one
        layer), a list of per-layer [H, T, T] arrays, or a batch: [S, L, H, T, T] or a list of
        [L, H, T, T] arrays (T may differ). Any strides: a C-contiguous, aligned array is read in
        place (no copy); another is copied one layer at a time. Torch tensors and other objects
        with the array protocol are read through numpy.asarray (a CPU tensor without a copy).
    tokens: [T] token labels (one sequence), or None for "0", "1", ...
    threads: cores to use (0 = all).
    renormalise_rows, row_sum_tolerance: the input checks (docs/method.md, Inputs).
    progress: called with a Progress (fraction, stage, done, total) now and then.
    **settings: method settings under their names, e.g. profile="last", band_edges=(0.2, 0.8),
        wavelet_level=3, entropy_windows=[16, 32]. alphas defaults to none here (as in
        headwave-cli analyze-attention). InvalidArgumentError (a ValueError) with the engine's
        message for an unknown name or a bad value.

    Returns an Analysis (one sequence) or a Batch: `metrics` float64 [L, H, C] (a batch:
    [S, L, H, C]); `columns` [C] dicts {key, unit, description}, the results file's metric
    columns in order (band shares and local share: fraction; entropies: nats; selectivity: ratio;
    reconstruction errors: relative L2; window entropy: fraction of ln w; scale sensitivity,
    only with alphas=[...]: 1 - cosine, NaN as there is no model to rerun); `profiles` float64 [L, H, T] (each sums to 1);
    `spectrum(l, h)` (frequency r in [0, 1], 1 = Nyquist; power |X[k]|^2); `coefficients(l, h)`
    (db2 cA_J, cD_J, ..., cD_1), computed on request.
    """
    sequences, batch = _sequences(attention)
    settings.setdefault("alphas", [])  # as headwave-cli analyze-attention: no model to rerun
    labels = [str(t) for t in tokens] if tokens is not None else []
    results = _headwave._analyze(sequences, _settings(settings), int(threads),
                                 bool(renormalise_rows), float(row_sum_tolerance), labels,
                                 progress)
    return Batch(results) if batch else results[0]


class Model:
    """A model folder (Hugging Face layout: config.json, *.safetensors, tokenizer.json or
    tokenizer.model), run by the engine's own forward pass (the same as headwave-cli's).

    path: the folder, or a Hugging Face id "org/name[@revision]" already in the local cache
    (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub; nothing is downloaded); .path
    is the folder read. threads: cores (0 = all). require_tokenizer: False opens a folder without
    a usable tokenizer (then give token ids instead of text).
    """

    def __init__(self, path, *, threads=0, require_tokenizer=True):
        # A folder, or a Hugging Face id the engine resolves in the local cache (the same
        # resolution as headwave-cli's --model: branch, tag, commit or prefix; never a download).
        self._model = _headwave._Model(_os.fspath(path), int(threads), bool(require_tokenizer))
        self.path = self._model.config["path"]

    @property
    def config(self):
        """dict: name, model_type, architecture, positional, layers, heads, kv_heads, hidden,
        head_dim, vocab, max_positions, parameters, dtype, tokenizer, ..."""
        return self._model.config

    def tokenize(self, text, *, special=True):
        """(ids, tokens): the text through the model's tokenizer (with special tokens unless
        special=False), cut to the model's context with a warning."""
        return self._model.tokenize(text, special)

    def attention(self, text_or_ids, *, special=True):
        """(attention, tokens): float32 [L, H, T, T] post-softmax attention of every layer (rows =
        queries; the bits headwave-cli attention writes) and the [T] token texts. text_or_ids: a
        str, or a list of token ids."""
        if not isinstance(text_or_ids, str):
            text_or_ids = [int(i) for i in text_or_ids]
        return self._model.attention(text_or_ids, special)

    def analyze(self, text_or_ids, *, special=True, progress=None, **settings):
        """The Analysis of a text (or token ids) run through the model: as analyze(), with the
        tokens' texts and token_ids, and attention(l, h) from the kept attention."""
        if not isinstance(text_or_ids, str):
            text_or_ids = [int(i) for i in text_or_ids]
        return self._model.analyze(text_or_ids, _settings(settings), special, progress)

    def rescale(self, text, head, alpha=0.5, *, progress=None, **settings):
        """The rescaling experiment of one head (docs/method.md, Scale sensitivity).

        text: a str, token ids, or an Analysis this model made. head: (layer, head). alpha in
        (0, 1]. Returns a dict: sensitivity (1 - cosine), alpha, tokens (T), subsampled_tokens
        (m), original and stretched (float64 [T] profiles), original_coefficients and
        stretched_coefficients ([J + 1] db2 arrays each).
        """
        analysis = text if isinstance(text, Analysis) else self.analyze(text, **settings)
        layer, h = head
        return self._model.rescale(analysis, int(layer), int(h), float(alpha), progress)


def open_run(path):
    """Opens a results file (.hwrun: headwave-cli analyze, the app, run()) as a Run: metrics
    [S, L, H, C], columns, meta (the run's description), per-sequence token ids, head_mean,
    head_std, rho_head, rho_layer."""
    return _headwave.open_run(_os.fspath(path))


def run(model, corpus, out=None, *, sequences=500, min_tokens=128, max_tokens=512,
        corpus_format="auto", sample=False, seed=0, shard=None, keep_heads=(),
        keep_sequences=(), sequence_workers=0, threads=0, force=False, progress=None,
        **settings):
    """A corpus run, as `headwave-cli analyze --model MODEL --corpus CORPUS --out OUT`.

    model: a Model or a model folder. corpus: a text file (paragraphs separated by blank lines),
    JSON Lines with a "text" field, or a folder of .txt files. out: the results file (.hwrun),
    written atomically, byte for byte the CLI's for the same arguments (None: not written; save
    later with Run.save). The options are the CLI's: sequences (0 = all), min_tokens,
    max_tokens, corpus_format ('auto', 'text', 'jsonl', 'folder'), sample, seed, shard ("K/N"),
    keep_heads [(layer, head), ...], keep_sequences, sequence_workers, threads (a folder given
    as model only). progress: called with a Progress (done and total count sequences).
    **settings: the method settings (alphas defaults to [0.5, 0.25]).

    Returns a Run. Ctrl-C stops it (KeyboardInterrupt) and writes no file.
    """
    if not isinstance(model, Model):
        model = Model(model, threads=threads)
    options = {
        "sequences": int(sequences), "min_tokens": int(min_tokens),
        "max_tokens": int(max_tokens), "corpus_format": str(corpus_format),
        "sample": bool(sample), "seed": int(seed), "shard": shard,
        "keep_heads": [(int(l), int(h)) for l, h in keep_heads],
        "keep_sequences": [int(s) for s in keep_sequences],
        "sequence_workers": int(sequence_workers),
    }
    return model._model.run(_os.fspath(corpus), _settings(settings), options, out,
                            bool(force), progress)
