#!/usr/bin/env python3
"""Validates register rows against Schemas/registers/<register>.schema.json (JSON Schema 2020-12).

Usage: python3 Tools/validate-rows.py [--schemas DIR] REGISTER FILE...

REGISTER is foi, sar, breach, near-miss, disclosure, third-party, agreements, complaints, due, compliance, monitoring, trends or statistics. Each FILE holds either a
JSON array of rows (what `casebook register ... --format json` prints), one JSON object, or
NDJSON (one row per line).

Exit status: 0 all valid; 1 some row invalid (each failure printed as
"<file>[<row>]: <json path>: <message>"); 2 usage error or unreadable input;
3 the jsonschema package is missing (run Tools/test, which installs it).
"""
import argparse
import json
import pathlib
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover
    print("validate-rows: the Python package 'jsonschema' is not installed; "
          "run Tools/test (it installs it), or: python3 -m pip install jsonschema", file=sys.stderr)
    sys.exit(3)

ROOT = pathlib.Path(__file__).resolve().parents[1]
REGISTERS = ["foi", "sar", "breach", "near-miss", "disclosure", "third-party", "agreements", "complaints", "due", "compliance", "monitoring", "trends", "statistics"]


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def rows_in(text):
    text = text.strip()
    if not text:
        return []
    try:
        value = json.loads(text)
        return value if isinstance(value, list) else [value]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", default=str(ROOT / "Schemas" / "registers"))
    parser.add_argument("register", choices=REGISTERS)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    schema_path = pathlib.Path(args.schemas) / f"{args.register}.schema.json"
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as error:
        print(f"validate-rows: cannot use {schema_path}: {error}", file=sys.stderr)
        return 2
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    failures = 0
    count = 0
    for name in args.files:
        try:
            rows = rows_in(pathlib.Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            print(f"validate-rows: cannot read {name}: {error}", file=sys.stderr)
            return 2
        for index, row in enumerate(rows):
            count += 1
            for error in sorted(validator.iter_errors(row), key=lambda e: list(e.absolute_path)):
                failures += 1
                print(f"{name}[{index}]: {json_path(error)}: {error.message}")
    if failures:
        return 1
    print(f"validate-rows: {count} {args.register} row(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
