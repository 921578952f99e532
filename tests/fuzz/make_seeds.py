#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the seed corpora of the fuzz targets (tests/fuzz) from ../shared and the project's own files.

    make_seeds.py OUT_DIR SHARED_DIR SOURCE_DIR [HEADWAVE_CLI]

Writes OUT_DIR/<target>/<name> for every target. Python standard library only. Real files are used
as they are when small (configs, tokenizer.model, small tokenizer.json); large ones (weights,
attention) are rewritten small with the same names, dtypes and layout, so mutations stay cheap.
With HEADWAVE_CLI (the normal build's headwave-cli), a real attention .npy and a real results
file (.hwrun) of stories260K are added too.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

out, shared, source = sys.argv[1], sys.argv[2], sys.argv[3]
cli = sys.argv[4] if len(sys.argv) > 4 else ""
TARGETS = ["safetensors_header", "safetensors_index", "model_config", "tokenizer_json",
           "tokenizer_model", "attention_file", "corpus", "results_file", "npz_archive",
           "token_sidecar"]
for t in TARGETS:
    os.makedirs(os.path.join(out, t), exist_ok=True)
counter = {}


def put(target, name, data):
    counter[target] = counter.get(target, 0) + 1
    with open(os.path.join(out, target, "%03d-%s" % (counter[target], name)), "wb") as f:
        f.write(data)


def files(root, name, max_bytes):
    found = []
    for base in root:
        for dirpath, _, names in os.walk(base):
            for n in sorted(names):
                p = os.path.join(dirpath, n)
                if n == name and os.path.getsize(p) <= max_bytes:
                    found.append(p)
    return sorted(found)


roots = [os.path.join(shared, "models"), os.path.join(shared, "tokenizers"),
         os.path.join(source, "resources"), os.path.join(source, "examples")]
ITEM = {"F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2,
        "I16": 2, "U16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors(tensors, metadata=None):
    """tensors: [(name, dtype, shape)] -> bytes with every tensor filled with small values."""
    header, blob = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        data = bytes((i * 7) % 251 for i in range(n * ITEM[dtype]))
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + blob


# safetensors headers: every shared model's tensor names and dtypes, shapes shrunk.
for path in files(roots, "model.safetensors", 1 << 30):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    meta = header.pop("__metadata__", None)
    small = [(k, v["dtype"], [min(d, 2) for d in v["shape"]]) for k, v in sorted(header.items())]
    put("safetensors_header", "model.safetensors", safetensors(small[:24], meta))
put("safetensors_header", "empty.safetensors", safetensors([]))
put("safetensors_header", "scalar.safetensors", safetensors([("x", "F64", [])]))

# sharded index: the shards the target writes (a.safetensors, b.safetensors) and odd names.
index = {"metadata": {"total_size": 48},
         "weight_map": {"wte.weight": "a.safetensors", "h.0.attn.weight": "b.safetensors",
                        "h.1.attn.weight": "b.safetensors"}}
put("safetensors_index", "index.json", json.dumps(index, indent=2).encode())
put("safetensors_index", "missing.json",
    json.dumps({"weight_map": {"x": "c.safetensors"}}).encode())
put("safetensors_index", "dotdot.json", json.dumps({"weight_map": {"x": ".."}}).encode())
put("safetensors_index", "notmap.json", b'{"weight_map": ["a.safetensors"]}')

for path in files(roots, "config.json", 1 << 16):
    with open(path, "rb") as f:
        put("model_config", "config.json", f.read())

for path in files(roots, "tokenizer.json", 1 << 17) + files(roots, "tokenizer_config.json", 1 << 16):
    with open(path, "rb") as f:
        put("tokenizer_json", os.path.basename(path), f.read())
# One word-level BPE and one WordPiece, written here, small.
put("tokenizer_json", "wordpiece.json", json.dumps({
    "normalizer": {"type": "BertNormalizer", "lowercase": True, "strip_accents": None,
                   "clean_text": True, "handle_chinese_chars": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100,
              "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "once": 3, "upon": 4, "a": 5,
                        "time": 6, "##s": 7, ",": 8}},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                                  {"Sequence": {"id": "A", "type_id": 0}},
                                  {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                       "pair": [], "special_tokens": {
                           "[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                           "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
    "added_tokens": [{"id": 1, "content": "[CLS]", "special": True, "single_word": False,
                      "lstrip": False, "rstrip": False, "normalized": False}]}).encode())

for path in files(roots, "tokenizer.model", 1 << 20):
    with open(path, "rb") as f:
        put("tokenizer_model", "tokenizer.model", f.read())


def npy(descr, shape, item, version=(1, 0), fortran=False, fill=None):
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, "True" if fortran else "False",
        "".join("%d, " % s for s in shape) if len(shape) != 1 else "%d," % shape[0])
    lenfmt = "<H" if version[0] == 1 else "<I"
    pre = 6 + 2 + struct.calcsize(lenfmt)
    d += " " * ((64 - (pre + len(d) + 1) % 64) % 64) + "\n"
    n = 1
    for s in shape:
        n *= s
    t = shape[-1] if shape else 1
    if fill is None:
        # Row-stochastic: every row uniform.
        code = descr[-2:]
        fmt = {"f4": "f", "f8": "d"}.get(code, None)
        order = ">" if descr[0] == ">" else "<"
        data = struct.pack(order + fmt * n, *([1.0 / t] * n)) if fmt else bytes(n * item)
    else:
        data = fill
    return b"\x93NUMPY" + bytes(version) + struct.pack(lenfmt, len(d)) + d.encode() + data


put("attention_file", "f4.npy", npy("<f4", [2, 2, 4, 4], 4))
put("attention_file", "f8-be.npy", npy(">f8", [2, 4, 4], 8))
put("attention_file", "v2.npy", npy("<f4", [1, 1, 3, 3], 4, version=(2, 0)))
put("attention_file", "v3.npy", npy("<f4", [3, 3], 4, version=(3, 0)))
put("attention_file", "fortran.npy", npy("<f4", [1, 4, 4], 4, fortran=True))
put("attention_file", "i8.npy", npy("<i8", [4], 8))
put("attention_file", "unicode.npy", npy("<U3", [2], 12))
put("attention_file", "layers.safetensors",
    safetensors([("attention.%d" % l, "F32", [2, 4, 4]) for l in range(3)]))
put("attention_file", "bf16.safetensors", safetensors([("attn", "BF16", [1, 2, 3, 3])]))
put("attention_file", "f16.safetensors", safetensors([("layers.0.attn", "F16", [1, 2, 2, 2]),
                                                      ("layers.1.attn", "F16", [1, 2, 2, 2])]))

texts = [os.path.join(shared, "text", "tinyshakespeare.txt"),
         os.path.join(source, "resources", "demo", "text.txt")]
for base in [os.path.join(shared, "text", "wikitext-2"), os.path.join(shared, "text", "gutenberg")]:
    for dirpath, _, names in os.walk(base):
        texts += [os.path.join(dirpath, n) for n in sorted(names)[:2]]
for i, path in enumerate(p for p in texts if os.path.isfile(p)):
    with open(path, "rb") as f:
        chunk = f.read(3000)
    put("corpus", "paragraphs.txt", bytes([i * 8 % 256 & ~3]) + chunk)
    put("corpus", "lines.txt", bytes([1 + (i * 8 % 256 & ~3)]) + chunk)
    lines = [json.dumps({"text": p.decode("utf-8", "replace"), "id": k})
             for k, p in enumerate(chunk.split(b"\n\n")[:8])]
    put("corpus", "corpus.jsonl", bytes([2]) + "\n".join(lines).encode())

# .npz archives as numpy writes them, stored and deflate-compressed (zipfile with the .npy bytes
# numpy writes), one array and a per-layer series; token sidecars.
for method, tag in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
    b = tempfile.SpooledTemporaryFile()
    with zipfile.ZipFile(b, "w", method) as zf:
        zf.writestr("attention.npy", npy("<f4", [2, 2, 4, 4], 4))
        zf.writestr("ids.npy", npy("<i8", [4], 8))
    b.seek(0)
    put("npz_archive", tag + ".npz", b.read())
    put("attention_file", tag + ".npz", (b.seek(0), b.read())[1])
    b = tempfile.SpooledTemporaryFile()
    with zipfile.ZipFile(b, "w", method) as zf:
        for l in range(3):
            zf.writestr("layer_%d.npy" % l, npy("<f8", [2, 3, 3], 8))
    b.seek(0)
    put("npz_archive", tag + "-series.npz", b.read())
put("token_sidecar", "full.json", json.dumps(
    {"format": "headwave-tokens", "version": 1, "tokens": ["<s>", " Once", "\u00e9"],
     "ids": [1, 2, 3], "model": "org/name", "text": "Once"}).encode())
put("token_sidecar", "minimal.json", b'{"format": "headwave-tokens", "version": 1, "tokens": []}')
put("token_sidecar", "mismatch.json",
    b'{"format": "headwave-tokens", "version": 1, "tokens": ["a"], "ids": [1, 2]}')

# results files: another .npz (numpy-style), and, with the CLI, a real run of stories260K.
buf = tempfile.mkdtemp()
try:
    z = os.path.join(buf, "foreign.npz")
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("format.npy", npy("<U12", [], 48, fill="headwave-run".encode("utf-32-le")))
        zf.writestr("format_version.npy", npy("<i8", [1], 8, fill=struct.pack("<q", 1)))
    with open(z, "rb") as f:
        put("results_file", "foreign.npz", f.read())
    model = os.path.join(shared, "models", "stories260K")
    if cli and os.path.isdir(model):
        corpus = os.path.join(buf, "c.txt")
        with open(corpus, "w") as f:
            f.write("Once upon a time there was a cat.\n\nIt sat on the mat and looked at the sun."
                    "\n\nThe dog ran after the ball in the park, and the sun was warm.\n")
        run = os.path.join(buf, "r.hwrun")
        r = subprocess.run([cli, "analyze", "--model", model, "--corpus", corpus, "--sequences",
                            "2", "--min-tokens", "12", "--max-tokens", "24", "--alphas", "none",
                            "--keep-heads", "0:0", "--quiet", "--out", run],
                           capture_output=True)
        if r.returncode == 0:
            with open(run, "rb") as f:
                put("results_file", "stories260K.hwrun", f.read())
        else:
            print("make_seeds: no .hwrun seed:", r.stderr.decode()[-300:], file=sys.stderr)
        att = os.path.join(buf, "a.npy")
        r = subprocess.run([cli, "attention", "--model", model, "--text", "Once upon a time",
                            "--out", att], capture_output=True)
        if r.returncode == 0:
            with open(att, "rb") as f:
                put("attention_file", "stories260K.npy", f.read())
finally:
    shutil.rmtree(buf)

for t in TARGETS:
    print("make_seeds: %-20s %3d seeds" % (t, len(os.listdir(os.path.join(out, t)))))
