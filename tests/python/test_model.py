# SPDX-License-Identifier: GPL-3.0-or-later
"""A real model (../shared/models/stories260K) through the Python module against headwave-cli:
the attention equal to `headwave-cli attention`'s .npy bit for bit (and to the shared float64
reference to 1e-5), a corpus run's results file equal to `headwave-cli analyze`'s byte for byte,
a text's analysis and rescaling, open_run, and the config and tokenizer."""

import json
import os
import pathlib
import subprocess
import tempfile
import unittest

import numpy as np

import headwave
import hwtest

MODEL = hwtest.need_shared(hwtest.MODEL)
CLI = hwtest.need_cli()
TEXT = hwtest.need_shared(hwtest.SHARED / "text" / "tinyshakespeare.txt")


def cli(*args):
    subprocess.run([CLI, *map(str, args)], check=True, stdout=subprocess.DEVNULL)


class ModelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = headwave.Model(MODEL)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_hub_id_in_the_local_cache(self):
        # models--org--name/snapshots/<revision> with refs/main, as huggingface_hub lays it out
        cache = self.dir / "hub"
        snapshot = cache / "models--karpathy--stories260K" / "snapshots" / "abc123"
        snapshot.mkdir(parents=True)
        for f in ("config.json", "model.safetensors", "tokenizer.model"):
            (snapshot / f).symlink_to(MODEL / f)
        (cache / "models--karpathy--stories260K" / "refs").mkdir()
        (cache / "models--karpathy--stories260K" / "refs" / "main").write_text("abc123")
        os.environ["HF_HUB_CACHE"] = str(cache)
        try:
            m = headwave.Model("karpathy/stories260K")
        finally:
            del os.environ["HF_HUB_CACHE"]
        self.assertEqual(m.path, str(snapshot))
        self.assertEqual(m.attention("Once")[0].tobytes(),
                         self.model.attention("Once")[0].tobytes())

    def test_config_and_tokens(self):
        c = self.model.config
        self.assertEqual((c["layers"], c["heads"], c["kv_heads"], c["vocab"]), (5, 8, 4, 512))
        ids, tokens = self.model.tokenize("Once upon a time")
        self.assertEqual(len(ids), len(tokens))
        self.assertEqual(ids[0], 1)  # BOS

    def test_attention_equals_the_cli_bit_for_bit(self):
        ref = json.loads((MODEL / "reference" / "reference.json").read_text())
        prompt = ref["prompt"]
        npy = self.dir / "attention.npy"
        cli("attention", "--model", MODEL, "--text", prompt, "--out", npy)
        want = np.load(npy)
        got, tokens = self.model.attention(prompt)
        self.assertEqual(got.dtype, np.float32)
        self.assertEqual(got.shape, want.shape)
        self.assertEqual(len(tokens), got.shape[-1])
        self.assertEqual(got.tobytes(), want.tobytes())
        # token ids give the same bits
        ids, _ = self.model.tokenize(prompt)
        self.assertEqual(self.model.attention(ids)[0].tobytes(), want.tobytes())
        # and the shared float64 reference to float32 precision
        f32 = np.fromfile(MODEL / "reference" / "attention.f32", dtype="<f4")
        if f32.size == got.size and list(ids) == list(ref.get("input_ids", ids)):
            np.testing.assert_allclose(got.ravel(), f32, atol=1e-5)
        # the model's analysis of the text equals analyze() of that attention
        a = self.model.analyze(prompt)
        b = headwave.analyze(got, alphas=[0.5, 0.25])  # the text's default columns
        np.testing.assert_array_equal(a.metrics, b.metrics)
        self.assertEqual(a.tokens, tokens)
        np.testing.assert_array_equal(a.attention(2, 5), got[2, 5])

    def test_run_equals_the_cli_byte_for_byte(self):
        corpus = self.dir / "corpus.txt"
        corpus.write_text(TEXT.read_text()[:6000])
        args = dict(sequences=4, min_tokens=48, max_tokens=96)
        out_cli = self.dir / "cli.hwrun"
        cli("analyze", "--model", MODEL, "--corpus", corpus, "--out", out_cli, "--quiet",
            "--sequences", 4, "--min-tokens", 48, "--max-tokens", 96, "--keep-heads", "1:2")
        reports = []
        out_py = self.dir / "py.hwrun"
        run = headwave.run(self.model, corpus, out=out_py, progress=reports.append,
                           keep_heads=[(1, 2)], **args)
        self.assertEqual(out_py.read_bytes(), out_cli.read_bytes())
        self.assertTrue(reports, "no progress report")
        self.assertEqual(run.metrics.shape[:3], (4, 5, 8))
        # open_run reads what numpy reads
        opened = headwave.open_run(out_cli)
        with np.load(out_cli) as z:
            np.testing.assert_array_equal(opened.metrics, z["metrics"])
            np.testing.assert_array_equal(opened.head_mean, z["head_mean"])
            self.assertEqual(opened.meta, json.loads(str(z["meta"])))
        self.assertEqual([c["key"] for c in opened.columns],
                         [c["key"] for c in opened.meta["columns"]])
        self.assertEqual(len(opened.token_ids), 4)
        freq, power = opened.spectrum(1, 2)  # the kept head
        self.assertEqual(len(freq), len(power))
        with self.assertRaises(headwave.InvalidInputError):
            opened.spectrum(0, 0)  # not kept
        # an existing file is not replaced without force
        with self.assertRaisesRegex(headwave.InvalidArgumentError, "already exists"):
            headwave.run(self.model, corpus, out=out_py, **args)

    def test_rescale(self):
        text = TEXT.read_text()[:400]
        r = self.model.rescale(text, head=(2, 5), alpha=0.5)
        self.assertEqual(r["subsampled_tokens"], r["tokens"] // 2)
        self.assertTrue(0 <= r["sensitivity"] <= 2)
        self.assertAlmostEqual(float(np.sum(r["stretched"])), 1.0, places=12)
        # the same S(0.5) a saved text computes for that head (scale_sensitivity_a0.5)
        out = self.dir / "text.hwrun"
        cli("analyze", "--model", MODEL, "--text", text, "--out", out, "--quiet")
        saved = headwave.open_run(out)
        col = [c["key"] for c in saved.columns].index("scale_sensitivity_a0.5")
        self.assertEqual(saved.metrics[0, 2, 5, col], r["sensitivity"])


if __name__ == "__main__":
    unittest.main()
