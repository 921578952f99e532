# SPDX-License-Identifier: GPL-3.0-or-later
"""No copy for a contiguous float32 input: analysing a 64 MiB [4, 16, 512, 512] array allocates
no numpy memory (tracemalloc) and raises the process's peak resident memory (VmHWM, reset through
/proc/self/clear_refs) by far less than one layer (16 MiB); a strided view of the same data, which
is copied a layer at a time, does raise it by about a layer, so the measurement can see a copy.
A torch tensor (when python3-torch is installed) is read without a copy as well."""

import tracemalloc
import unittest

import numpy as np

import headwave

L, H, T = 4, 16, 512
LAYER_MIB = H * T * T * 4 / 2**20


def peak_growth_mib(fn):
    """Peak RSS growth (MiB) while fn runs."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

    def status(key):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
        raise KeyError(key)

    before = status("VmRSS:")
    fn()
    return status("VmHWM:") - before


def attention():
    rng = np.random.default_rng(1)
    A = np.tril(rng.random((L, H, T, T), dtype=np.float32) + 0.01)
    A /= A.sum(axis=-1, keepdims=True)
    return A


class NoCopy(unittest.TestCase):
    def test_contiguous_float32_is_not_copied(self):
        A = attention()
        headwave.analyze(A[:1, :1])  # warm up (threads, FFT plans)
        tracemalloc.start()
        grown = peak_growth_mib(lambda: headwave.analyze(A))
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"contiguous: peak RSS +{grown:.1f} MiB, numpy/Python peak "
              f"{traced_peak / 2**20:.2f} MiB (array {A.nbytes / 2**20:.0f} MiB, "
              f"layer {LAYER_MIB:.0f} MiB)")
        self.assertLess(traced_peak, 1 << 20)
        self.assertLess(grown, LAYER_MIB / 2)

        # the same data through strides (heads reversed): copied a layer at a time
        strided = A[:, ::-1]
        copied = peak_growth_mib(lambda: headwave.analyze(strided))
        print(f"strided: peak RSS +{copied:.1f} MiB")
        self.assertGreater(copied, LAYER_MIB * 0.9)
        self.assertLess(copied, 2.5 * LAYER_MIB)  # one layer at a time, not the whole array

    def test_torch_tensor_is_not_copied(self):
        try:
            import torch
        except ImportError:
            self.skipTest("python3-torch not installed")
        A = attention()
        t = torch.from_numpy(A)
        grown = peak_growth_mib(lambda: headwave.analyze(t))
        print(f"torch tensor: peak RSS +{grown:.1f} MiB")
        self.assertLess(grown, LAYER_MIB / 2)
        np.testing.assert_array_equal(headwave.analyze(t).metrics, headwave.analyze(A).metrics)


if __name__ == "__main__":
    unittest.main()
