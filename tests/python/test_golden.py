# SPDX-License-Identifier: GPL-3.0-or-later
"""The golden file (../shared/reference/method_golden.json, numpy + PyWavelets in float64) through
the Python module: every metric column, profile, spectrum and db2 coefficient at 1e-9 relative
(float64 input), and the float32 path at 1e-6; the settings' names and a non-default setting."""

import json
import math
import unittest

import numpy as np

import headwave
import hwtest

GOLDEN = hwtest.need_shared(hwtest.SHARED / "reference" / "method_golden.json")
REL = 1e-9


def close(a, b, rel, abs_=0.0):
    if math.isnan(b):
        return math.isnan(a)
    return abs(a - b) <= max(rel * abs(b), abs_)


class Golden(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = json.loads(GOLDEN.read_text().replace("NaN", "null"))

    def check_array(self, got, want, what, rel=REL, abs_=1e-15):
        got = np.asarray(got, dtype=np.float64)
        want = np.asarray(want, dtype=np.float64)
        self.assertEqual(got.shape, want.shape, what)
        for x, y in zip(got, want):
            self.assertTrue(close(float(x), float(y), rel, abs_), f"{what}: {x} != {y}")

    def test_heads_every_field(self):
        cases = 0
        for c in self.g["heads"]:
            T, level = c["T"], c["level"]
            A = np.array(c["attention"], dtype=np.float64).reshape(1, 1, T, T)
            r = headwave.analyze(A, wavelet_level=level)
            self.assertEqual(r.metrics.shape, (1, 1, len(r.columns)))
            self.assertEqual(r.level, level)
            col = {k["key"]: i for i, k in enumerate(r.columns)}
            row = r.metrics[0, 0]
            w = c["metrics"]
            for key in ("band_low", "band_mid", "band_high", "selectivity", "spectral_entropy",
                        "positional_entropy", "local_share"):
                self.assertTrue(close(row[col[key]], w[key], REL), f"T={T} {key}")
            for s, want in enumerate(w["scale_entropy"]):
                self.assertTrue(close(row[col[f"wavelet_entropy_s{s}"]], want, REL, 1e-15))
            for win in ("16", "32", "64"):
                want = w["window_entropy"][win]
                got = row[col[f"window_entropy_w{win}"]]
                if want is None:
                    self.assertTrue(math.isnan(got), f"T={T} window {win}")
                else:
                    self.assertTrue(close(got, want, REL), f"T={T} window {win}")
            self.assertLess(row[col["recon_error_f64"]], 1e-14)
            self.assertTrue(close(row[col["recon_error_f32"]], w["recon_error_f32"], 1e-6))
            # local_global_ratio is derived: share / (1 - share)
            share = w["local_share"]
            self.assertTrue(close(row[col["local_global_ratio"]], share / (1 - share), REL))
            self.check_array(r.profiles[0, 0], c["profile_mean"], f"T={T} profile")
            freq, power = r.spectrum(0, 0)
            self.assertEqual(len(power), c["nfft"] // 2 + 1)
            self.check_array(power, c["psd"], f"T={T} psd")
            self.assertAlmostEqual(freq[-1], 1.0)
            coeffs = r.coefficients(0, 0)
            self.assertEqual(len(coeffs), len(c["db2_coeffs"]))
            for s, want in enumerate(c["db2_coeffs"]):
                self.check_array(coeffs[s], want, f"T={T} db2 scale {s}")
            # the last-row profile option, by its name
            last = headwave.analyze(A, wavelet_level=level, profile="last")
            self.check_array(last.profiles[0, 0], c["profile_last"], f"T={T} profile_last")
            self.assertEqual(last.settings["profile"], "last")
            cases += 1
        self.assertEqual(cases, 6)

    def test_float32_input(self):
        for c in self.g["heads"]:
            T = c["T"]
            A = np.array(c["attention"], dtype=np.float32).reshape(1, T, T)  # [H, T, T]
            r = headwave.analyze(A, wavelet_level=c["level"])
            col = {k["key"]: i for i, k in enumerate(r.columns)}
            for key in ("band_low", "spectral_entropy", "positional_entropy", "local_share"):
                self.assertTrue(close(r.metrics[0, 0, col[key]], c["metrics"][key], 1e-6, 1e-9))

    def test_strided_and_list_inputs_give_the_same_numbers(self):
        c = self.g["heads"][2]
        T = c["T"]
        A = np.array(c["attention"], dtype=np.float64).reshape(T, T)
        stacked = np.stack([A, A])  # two heads
        base = headwave.analyze(stacked[None]).metrics
        # a Fortran-ordered copy (every stride different) and a list of layers
        fortran = np.asfortranarray(stacked[None])
        np.testing.assert_array_equal(headwave.analyze(fortran).metrics, base)
        np.testing.assert_array_equal(headwave.analyze([stacked]).metrics, base)
        # a batch of two sequences: [S, L, H, C]
        batch = headwave.analyze(np.stack([stacked[None], stacked[None]]))
        self.assertEqual(batch.metrics.shape, (2,) + base.shape)
        np.testing.assert_array_equal(batch.metrics[1], base)

    def test_settings_by_name(self):
        self.assertIn("band_edges", headwave.setting_keys())
        self.assertEqual(headwave.default_settings()["entropy_windows"], [16, 32, 64])
        c = self.g["heads"][3]
        A = np.array(c["attention"]).reshape(1, 1, c["T"], c["T"])
        r = headwave.analyze(A, entropy_windows=[8], alphas=[0.5], band_edges=(0.2, 0.8),
                             padding_factor=4, wavelet_level="auto")
        keys = [k["key"] for k in r.columns]
        self.assertIn("window_entropy_w8", keys)
        self.assertIn("scale_sensitivity_a0.5", keys)
        self.assertTrue(math.isnan(r.metrics[0, 0, keys.index("scale_sensitivity_a0.5")]))
        self.assertEqual(r.settings["band_edges"], [0.2, 0.8])
        self.assertEqual(r.settings["padding_factor"], 4)
        units = {k["key"]: k["unit"] for k in r.columns}
        self.assertEqual(units["spectral_entropy"], "nats")
        self.assertEqual(units["band_low"], "fraction")


if __name__ == "__main__":
    unittest.main()
