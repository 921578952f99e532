# SPDX-License-Identifier: GPL-3.0-or-later
"""Engine errors as Python exceptions of distinct types: each type a call can be made to raise here
is raised by a call that fails that way, with the engine's message, its code and the builtin class
it also is (InvalidArgument, FileNotFound, FileRead, FileWrite, FileFormat, Unsupported,
InvalidAttention, InvalidInput); Cancelled (Ctrl-C raises KeyboardInterrupt, test_interrupt),
OutOfMemory and Internal have no call that provokes them, so only their types are checked. Invalid
settings are ValueErrors naming the setting."""

import os
import pathlib
import tempfile
import unittest

import numpy as np

import headwave
import hwtest


def uniform(L=1, H=2, T=32, dtype=np.float32):
    A = np.tril(np.ones((T, T), dtype=dtype))
    A /= A.sum(axis=1, keepdims=True)
    return np.broadcast_to(A, (L, H, T, T)).copy()


class Errors(unittest.TestCase):
    def test_types_are_distinct(self):
        names = ["InvalidArgumentError", "MissingFileError", "FileReadError", "FileWriteError",
                 "FileFormatError", "UnsupportedError", "InvalidAttentionError",
                 "InvalidInputError", "CancelledError", "OutOfMemoryError", "InternalError"]
        types = [getattr(headwave, n) for n in names]
        self.assertEqual(len(set(types)), len(names))
        for t in types:
            self.assertTrue(issubclass(t, headwave.HeadwaveError))
        self.assertTrue(issubclass(headwave.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(headwave.MissingFileError, FileNotFoundError))
        self.assertTrue(issubclass(headwave.OutOfMemoryError, MemoryError))

    def test_invalid_setting(self):
        with self.assertRaises(ValueError) as e:
            headwave.analyze(uniform(), profile="median")
        self.assertIsInstance(e.exception, headwave.InvalidArgumentError)
        self.assertIn("Unknown profile mode 'median'", str(e.exception))
        self.assertEqual(e.exception.code, "invalid-argument")
        self.assertEqual(e.exception.exit_status, 2)
        with self.assertRaisesRegex(headwave.InvalidArgumentError, "Unknown setting 'windw'"):
            headwave.analyze(uniform(), windw="hann")
        with self.assertRaisesRegex(headwave.InvalidArgumentError, "Band edges"):
            headwave.analyze(uniform(), band_edges=[0.8, 0.2])
        with self.assertRaisesRegex(headwave.InvalidArgumentError, "alpha must be in"):
            headwave.analyze(uniform(), alphas=[1.5])
        with self.assertRaisesRegex(headwave.InvalidArgumentError, "'local_window' takes"):
            headwave.analyze(uniform(), local_window="eight")

    def test_invalid_attention(self):
        A = uniform()
        A[0, 1, 5, 3] = np.nan
        with self.assertRaises(headwave.InvalidAttentionError) as e:
            headwave.analyze(A)
        self.assertIsInstance(e.exception, ValueError)
        self.assertEqual(e.exception.code, "invalid-attention")
        self.assertIn("1", str(e.exception))

    def test_invalid_input(self):
        with self.assertRaises(headwave.InvalidInputError):
            headwave.analyze(uniform(T=32), tokens=["a", "b"])  # 2 labels for 32 tokens

    def test_missing_and_malformed_files(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(headwave.MissingFileError) as e:
                headwave.open_run(os.path.join(d, "absent.hwrun"))
            self.assertIsInstance(e.exception, FileNotFoundError)
            text = pathlib.Path(d, "notes.hwrun")
            text.write_text("not a results file\n")
            with self.assertRaises(headwave.FileFormatError) as e:
                headwave.open_run(text)
            self.assertIn("notes.hwrun", str(e.exception))
            with self.assertRaises(headwave.FileReadError) as e:
                headwave.open_run(d)  # a folder
            self.assertIsInstance(e.exception, OSError)
            self.assertIn("folder", str(e.exception))
            with self.assertRaises(headwave.MissingFileError):
                headwave.Model(os.path.join(d, "no-model"))
            with self.assertRaises(headwave.MissingFileError):
                headwave.Model("no-org/no-such-model")

    def test_unsupported_model(self):
        with tempfile.TemporaryDirectory() as d:
            pathlib.Path(d, "config.json").write_text(
                '{"model_type": "mamba", "architectures": ["MambaForCausalLM"]}')
            with self.assertRaises(headwave.UnsupportedError) as e:
                headwave.Model(d)
            self.assertIn("mamba", str(e.exception))

    def test_file_write(self):
        model = hwtest.MODEL
        if not model.exists():
            self.skipTest("stories260K not in ../shared")
        with tempfile.TemporaryDirectory() as d:
            corpus = pathlib.Path(d, "c.txt")
            corpus.write_text("Once upon a time there was a little girl. " * 20 + "\n")
            with self.assertRaises(headwave.FileWriteError) as e:
                headwave.run(model, corpus, out=os.path.join(d, "no", "such", "dir", "r.hwrun"),
                             sequences=1, min_tokens=16, max_tokens=64, alphas=[])
            self.assertIsInstance(e.exception, OSError)

    def test_progress_callback_exception_stops_the_call(self):
        seen = []

        def progress(p):
            seen.append(p)
            raise RuntimeError("stop here")

        with self.assertRaisesRegex(RuntimeError, "stop here"):
            headwave.analyze(uniform(L=4, T=256), progress=progress)
        self.assertEqual(len(seen), 1)


if __name__ == "__main__":
    unittest.main()
