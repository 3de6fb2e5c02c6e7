"""The standalone verifier's port of the CSV writer's formula neutralising (OWASP "CSV injection"):
the same cells as the Swift writer's `CSV.neutralised` (Tests/RegistersTests/CSVNeutralisingTests).

Run from the repository root:  python3 -m unittest discover -s Tools/tests -v
"""

import importlib.machinery
import importlib.util
import pathlib
import unittest

VERIFIER = pathlib.Path(__file__).resolve().parents[2] / "Tools" / "verify-export"


def load_verifier():
    loader = importlib.machinery.SourceFileLoader("verify_export_neutralising", str(VERIFIER))
    spec = importlib.util.spec_from_loader("verify_export_neutralising", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


ve = load_verifier()


class NeutralisingTests(unittest.TestCase):
    def test_each_trigger_gets_an_apostrophe(self):
        for cell in ['=HYPERLINK("http://evil.example","Click")', "+44 20 7946 0000", "-2+3+cmd|' /C calc'!A0",
                     "@SUM(1+1)", "\t=1+1", "\r=1+1", "=", "-"]:
            self.assertEqual(ve.neutralised(cell), "'" + cell, repr(cell))

    def test_plain_numbers_stay(self):
        for cell in ["-3", "+2", "0", "42", "-0.5", "+12.25"]:
            self.assertEqual(ve.neutralised(cell), cell)

    def test_what_only_looks_like_a_number_is_neutralised(self):
        for cell in ["-3-3", "-.5", "-5.", "+1e5", "-1,000", "- 3", "-\u0663"]:
            self.assertEqual(ve.neutralised(cell), "'" + cell, repr(cell))

    def test_other_cells_are_untouched(self):
        for cell in ["'=1+1", "plain", "FOI-2026-0001", "2026-03-02", "a=b", "café", "", " =1", '"=1"', "first\n=SUM(A1)"]:
            self.assertEqual(ve.neutralised(cell), cell, repr(cell))

    def test_multi_line_formula_is_one_cell(self):
        self.assertEqual(ve.neutralised("=A1\n=B2"), "'=A1\n=B2")


if __name__ == "__main__":
    unittest.main()
