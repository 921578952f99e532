# SPDX-License-Identifier: GPL-3.0-or-later
"""Ctrl-C during a long computation: a real SIGINT while a corpus run is under way raises
KeyboardInterrupt promptly (the stop token is polled between layers), leaves no results file and
no temporary file, and the model stays usable; the GIL is released meanwhile (another Python
thread keeps running)."""

import os
import pathlib
import signal
import tempfile
import threading
import time
import unittest

import headwave
import hwtest

MODEL = hwtest.need_shared(hwtest.MODEL)
TEXT = hwtest.need_shared(hwtest.SHARED / "text" / "tinyshakespeare.txt")


class Interrupt(unittest.TestCase):
    def test_ctrl_c_stops_a_run(self):
        model = headwave.Model(MODEL)
        with tempfile.TemporaryDirectory() as d:
            out = pathlib.Path(d, "run.hwrun")
            started = threading.Event()
            ticks = []
            sent = []

            def ticker():  # runs only if the GIL is released during the run
                while not started.is_set() or not sent:
                    ticks.append(time.monotonic())
                    time.sleep(0.01)

            def interrupter():
                started.wait(60)
                time.sleep(0.3)
                sent.append(time.monotonic())
                os.kill(os.getpid(), signal.SIGINT)

            threading.Thread(target=ticker, daemon=True).start()
            threading.Thread(target=interrupter, daemon=True).start()
            t0 = time.monotonic()
            with self.assertRaises(KeyboardInterrupt):
                headwave.run(model, TEXT, out=out, sequences=0, min_tokens=256, max_tokens=512,
                             progress=lambda p: started.set())
            stopped = time.monotonic()
            self.assertTrue(sent, "the run ended before it was interrupted")
            latency = stopped - sent[0]
            print(f"interrupted after {sent[0] - t0:.2f} s; stopped {latency * 1000:.0f} ms "
                  f"after SIGINT; {len(ticks)} ticks of another thread meanwhile")
            self.assertLess(latency, 1.0)  # 100 ms on an idle machine; margin for a loaded one
            self.assertGreater(len(ticks), 10)
            self.assertEqual(os.listdir(d), [], "a file was left behind")
        # the model is still usable
        a, _ = model.attention("Once upon a time")
        self.assertEqual(a.shape[0], 5)


if __name__ == "__main__":
    unittest.main()
