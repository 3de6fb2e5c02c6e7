"""`casebook import` end to end on the fixtures in Tests/Fixtures/import (Tools/tests/make-import-fixtures).

One 2,000-request FOI/EIR log written in three shapes (UTF-8 comma dd/mm/yyyy; Windows-1252
semicolon "3 Mar 2021"; an .xlsx LibreOffice made, with real date cells), each imported into its
own fresh ledger with its mapping:
- the three FOI registers are the same, row for row;
- importing the same file again appends nothing (the log's size is unchanged);
- the compliance report of each imported reporting year equals the figures the generator worked
  out in Python from its own data (expected.json), independently of Casebook;
- the file with 10 broken rows imports the other 50 and reports exactly those 10 rows and
  columns in the problems CSV.

Needs the debug build (`swift build`, or $CASEBOOK_BIN); skipped with a message when it is missing.
Run from the repository root:  python3 -m unittest Tools/tests/test_import.py -v
"""

import csv
import io
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASEBOOK = pathlib.Path(os.environ.get("CASEBOOK_BIN", ROOT / ".build" / "debug" / "casebook"))
FIXTURES = ROOT / "Tests" / "Fixtures" / "import"
SHAPES = {"a": "foi-log-a.csv", "b": "foi-log-b.csv", "c": "foi-log-c.xlsx"}
# Register fields that say when a case was entered in the ledger, not what the sheet says (every
# imported event is a late entry recorded at the time of the import).
RECORDING_FIELDS = {"lateEntries"}


def cli(*args, ledger, check=True):
    result = subprocess.run([str(CASEBOOK), *args, "--ledger", ledger], capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"casebook {' '.join(args)} exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def log_size(ledger):
    return json.loads(cli("verify", ledger=ledger).stdout)["size"]


def register_rows(ledger):
    out = json.loads(cli("register", "foi", "--format", "json", "--today", EXPECTED["today"], ledger=ledger).stdout)
    rows = out["rows"] if isinstance(out, dict) else out
    return {r["reference"]: r for r in rows}


def compliance(ledger, period):
    return json.loads(cli("report", "compliance", "--period", period, "--today", EXPECTED["today"], "--format", "json",
                          ledger=ledger).stdout)


EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


@unittest.skipUnless(CASEBOOK.exists(), "build the CLI first (swift build), or set CASEBOOK_BIN")
class ImportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="casebook-import-")
        cls.ledgers = {}
        cls.first_runs = {}
        for shape, name in SHAPES.items():
            ledger = os.path.join(cls.dir, f"ledger-{shape}")
            cli("init", "--origin", f"import-{shape}.example/log", ledger=ledger)
            cls.first_runs[shape] = cli("import", "foi", str(FIXTURES / name), "--mapping", str(FIXTURES / f"foi-log-{shape}.mapping.json"),
                                        "--problems", os.path.join(cls.dir, f"{shape}.problems.csv"), ledger=ledger, check=False)
            cls.ledgers[shape] = ledger

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_every_shape_imports_every_row(self):
        for shape, run in self.first_runs.items():
            with self.subTest(shape=shape):
                self.assertEqual(run.returncode, 0, f"shape {shape}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
                rows = register_rows(self.ledgers[shape])
                self.assertEqual(len(rows), EXPECTED["rows"])
                self.assertIn(EXPECTED["references"]["first"], rows)
                self.assertIn(EXPECTED["references"]["last"], rows)

    def test_the_three_shapes_give_the_same_register(self):
        registers = {shape: register_rows(ledger) for shape, ledger in self.ledgers.items()}
        a = registers["a"]
        for shape in ("b", "c"):
            other = registers[shape]
            self.assertEqual(sorted(a), sorted(other), f"shape {shape} has other references")
            differing = []
            for reference, row in a.items():
                for field in sorted((set(row) | set(other[reference])) - RECORDING_FIELDS):
                    if row.get(field) != other[reference].get(field):
                        differing.append((reference, field, row.get(field), other[reference].get(field)))
            self.assertEqual(differing[:10], [], f"shape {shape} differs from shape a in {len(differing)} cells")

    def test_importing_the_same_file_again_appends_nothing(self):
        for shape, name in SHAPES.items():
            with self.subTest(shape=shape):
                ledger = self.ledgers[shape]
                before = log_size(ledger)
                again = cli("import", "foi", str(FIXTURES / name), "--mapping", str(FIXTURES / f"foi-log-{shape}.mapping.json"),
                            ledger=ledger, check=False)
                self.assertEqual(again.returncode, 0, again.stdout[-2000:] + again.stderr[-2000:])
                self.assertEqual(log_size(ledger), before)

    def test_the_compliance_report_of_each_year_equals_the_figures_worked_out_from_the_fixture(self):
        for period, want in EXPECTED["years"].items():
            for shape, ledger in self.ledgers.items():
                with self.subTest(period=period, shape=shape):
                    got = compliance(ledger, period)
                    for key in ("cases", "counted", "onTime", "late", "percent"):
                        self.assertEqual(got["requests"].get(key), want["requests"][key], f"requests.{key}")
                    for regime, figures in want["requestsByRegime"].items():
                        for key in ("cases", "counted", "onTime", "late", "percent"):
                            self.assertEqual(got["requestsByRegime"][regime].get(key), figures[key], f"{regime}.{key}")
                    self.assertEqual(got["exemptions"], want["exemptions"])
                    self.assertEqual(got["internalReviews"]["decided"], want["internalReviews"]["decided"])
                    self.assertEqual(got["internalReviews"]["onTime"], want["internalReviews"]["onTime"])
                    self.assertEqual(got["internalReviews"]["byOutcome"], want["internalReviews"]["byOutcome"])

    def test_outcomes_by_year_of_receipt_match(self):
        rows = register_rows(self.ledgers["a"])
        for period, want in EXPECTED["years"].items():
            start = int(period[2:])
            got = {}
            for r in rows.values():
                if f"{start}-04-01" <= r["receivedOn"] <= f"{start + 1}-03-31" and r.get("outcome"):
                    got[r["outcome"]] = got.get(r["outcome"], 0) + 1
            self.assertEqual(got, want["outcomesByReceiptYear"], period)

    def test_the_broken_file_imports_the_rest_and_reports_exactly_the_broken_rows(self):
        expected = json.loads((FIXTURES / "foi-log-broken.expected.json").read_text())
        ledger = os.path.join(self.dir, "ledger-broken")
        cli("init", "--origin", "import-broken.example/log", ledger=ledger)
        problems = os.path.join(self.dir, "broken.problems.csv")
        run = cli("import", "foi", str(FIXTURES / expected["file"]), "--mapping", str(FIXTURES / expected["mapping"]),
                  "--problems", problems, ledger=ledger, check=False)
        self.assertNotEqual(run.returncode, 0, "refused rows must make the exit status non-zero")
        self.assertEqual(len(register_rows(ledger)), expected["imported"])
        with open(problems, newline="", encoding="utf-8-sig") as f:
            reported = list(csv.DictReader(f))
        got = sorted({(int(r["row"]), r["column"]) for r in reported})
        want = sorted((p["row"], p["column"]) for p in expected["refused"])
        self.assertEqual(got, want, "\n".join(f'{r["row"]} {r["column"]}: {r["reason"]}' for r in reported))
        for r in reported:
            self.assertTrue(r["reason"].strip(), f"row {r['row']} has no reason")


if __name__ == "__main__":
    unittest.main()
