# SPDX-License-Identifier: GPL-3.0-or-later
"""The notebook-style example (examples/python_notebook.py) runs end to end on stories260K, its
plot included when matplotlib is installed (the plot cell is skipped, saying so, without it), and
every ```python block of docs/python.md runs, in order, as written (../shared replaced by the
shared folder), so the documented calls cannot drift from the module."""

import contextlib
import io
import os
import pathlib
import re
import runpy
import tempfile
import unittest

import hwtest

SOURCE = pathlib.Path(__file__).resolve().parents[2]
MODEL = hwtest.need_shared(hwtest.MODEL)


class Example(unittest.TestCase):
    def test_notebook_example(self):
        with tempfile.TemporaryDirectory() as d:
            figure = pathlib.Path(d, "figure.png")
            os.environ["HEADWAVE_EXAMPLE_MODEL"] = str(MODEL)
            os.environ["HEADWAVE_EXAMPLE_FIGURE"] = str(figure)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                runpy.run_path(str(SOURCE / "examples" / "python_notebook.py"), run_name="__main__")
            text = out.getvalue()
            print(text)
            self.assertIn("5 layers x 8 heads", text)
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                self.assertIn("matplotlib is not installed", text)
                print("SKIPPED the plot: matplotlib is not installed")
                return
            self.assertGreater(figure.stat().st_size, 1000)
            self.assertEqual(figure.read_bytes()[:8], b"\x89PNG\r\n\x1a\n")

    def test_docs_blocks_run(self):
        doc = (SOURCE / "docs" / "python.md").read_text()
        blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
        self.assertGreater(len(blocks), 3)
        shared = str(hwtest.SHARED.resolve())
        namespace = {}
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as d:
            os.chdir(d)
            try:
                for i, block in enumerate(blocks):
                    code = block.replace("../shared", shared)
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(code, f"docs/python.md block {i + 1}", "exec"), namespace)
            finally:
                os.chdir(cwd)


if __name__ == "__main__":
    unittest.main()
