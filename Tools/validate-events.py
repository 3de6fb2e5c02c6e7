#!/usr/bin/env python3
"""Validates event payloads (or whole envelopes) against Schemas/ (JSON Schema draft 2020-12).

Usage: python3 Tools/validate-events.py [--schemas DIR] PATH...

Each PATH is a .json file or a directory of them (searched recursively). A file is either
- an envelope (it has "formatVersion"): validated against envelope.schema.json, and its
  "payload" against events/<type>.schema.json; or
- a bare payload: its event type is the file name up to the first dot
  (RequestReceived.json, RequestReceived.minimal-2.json).

Exit status: 0 all valid; 1 some file invalid (each failure is printed as
"<file>: <json path>: <message>"); 2 usage error or unreadable input;
3 the jsonschema package is missing (run Tools/test, which installs it).
"""
import argparse
import json
import pathlib
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover - exercised only on machines without jsonschema
    print("validate-events: the Python package 'jsonschema' is not installed; "
          "run Tools/test (it installs it), or: python3 -m pip install jsonschema",
          file=sys.stderr)
    sys.exit(3)

ROOT = pathlib.Path(__file__).resolve().parents[1]


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


class Schemas:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.cache = {}

    def validator(self, relative):
        if relative not in self.cache:
            path = self.directory / relative
            if not path.is_file():
                self.cache[relative] = None
            else:
                schema = json.loads(path.read_text(encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
                self.cache[relative] = Draft202012Validator(
                    schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self.cache[relative]


def validate(instance, validator, prefix=""):
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = json_path(error)
        if prefix:
            path = prefix + path[1:]
        problems.append(f"{path}: {error.message}")
    return problems


def check_file(path, schemas):
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"$: not readable JSON: {error}"]
    if isinstance(document, dict) and "formatVersion" in document:
        envelope = schemas.validator("envelope.schema.json")
        if envelope is None:
            return ["$: envelope.schema.json not found"]
        problems = validate(document, envelope)
        event_type = document.get("type")
        payload = document.get("payload")
        prefix = "$.payload"
    else:
        problems = []
        event_type = path.name.split(".")[0]
        payload = document
        prefix = ""
    payload_validator = schemas.validator(f"events/{event_type}.schema.json") if isinstance(event_type, str) else None
    if payload_validator is None:
        problems.append(f"{prefix or '$'}: no schema for event type {event_type!r}")
    else:
        problems += validate(payload, payload_validator, prefix)
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schemas", default=str(ROOT / "Schemas"), help="the Schemas directory")
    parser.add_argument("paths", nargs="+")
    arguments = parser.parse_args(argv)
    schemas = Schemas(arguments.schemas)
    files = []
    for raw in arguments.paths:
        path = pathlib.Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.json") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            print(f"validate-events: {raw}: no such file or directory", file=sys.stderr)
            return 2
    if not files:
        print("validate-events: no .json files to validate", file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        problems = check_file(path, schemas)
        if problems:
            failed += 1
            for problem in problems:
                print(f"{path}: {problem}")
    print(f"validate-events: {len(files) - failed} of {len(files)} files valid", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
