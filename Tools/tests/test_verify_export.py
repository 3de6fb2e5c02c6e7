"""Tests for Tools/verify-export, the standalone verifier of Casebook ICO export packs.

The tests build synthetic packs themselves (see PackWriter): an Ed25519 key, envelopes with a few
sealed personal values, a Merkle tree built from the RFC 6962 definitions (independently of the
verifier's code), inclusion and consistency proofs, a signed checkpoint and a manifest. Then they
tamper with fresh copies and check that the verifier fails naming what failed.

Run from the repository root:  python3 -m unittest discover -s Tools/tests -v
"""

import base64
import copy
import hashlib
import importlib.machinery
import importlib.util
import io
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = pathlib.Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "Tools" / "verify-export"
RESOURCES = ROOT / "Sources" / "Casework" / "Resources"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-02-01"


def load_verifier():
    """Imports Tools/verify-export (it has no .py extension) as a module."""
    loader = importlib.machinery.SourceFileLoader("verify_export", str(VERIFIER))
    spec = importlib.util.spec_from_loader("verify_export", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


ve = load_verifier()


# ---------------------------------------------------------------------------------------------
# A reference Merkle tree, straight from the RFC 6962 §2.1 recursive definitions
# ---------------------------------------------------------------------------------------------

def sha(data):
    return hashlib.sha256(data).digest()


def ref_leaf(data):
    return sha(b"\x00" + data)


def ref_node(left, right):
    return sha(b"\x01" + left + right)


def split_point(n):
    """The largest power of two smaller than n."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    """MTH(D[n]) over leaf hashes."""
    if not leaves:
        return sha(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return ref_node(mth(leaves[:k]), mth(leaves[k:]))


def ref_path(m, leaves):
    """PATH(m, D[n]): the inclusion proof for leaf m."""
    if len(leaves) <= 1:
        return []
    k = split_point(len(leaves))
    if m < k:
        return ref_path(m, leaves[:k]) + [mth(leaves[k:])]
    return ref_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def ref_subproof(m, leaves, complete):
    """SUBPROOF(m, D[n], b)."""
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = split_point(n)
    if m <= k:
        return ref_subproof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return ref_subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def ref_consistency(m, leaves):
    """PROOF(m, D[n]): the consistency proof from size m to len(leaves)."""
    if m == 0 or m == len(leaves):
        return []
    return ref_subproof(m, leaves, True)


# ---------------------------------------------------------------------------------------------
# A small pack writer
# ---------------------------------------------------------------------------------------------

def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sealed(subject, ct="AAAA"):
    return {"$sealed": {"alg": "A256GCM", "key": subject, "ct": ct}}


class Signer:
    """An Ed25519 note signer (C2SP signed-note)."""

    def __init__(self, name="casebook.example.gov.uk"):
        self.name = name
        self.key = Ed25519PrivateKey.generate()
        self.public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = sha(name.encode() + b"\n\x01" + self.public)[:4]

    @property
    def verifier_key(self):
        return "%s+%s+%s" % (self.name, self.key_id.hex(), base64.b64encode(b"\x01" + self.public).decode())

    def sign(self, origin, size, root):
        body = "%s\n%d\n%s\n" % (origin, size, base64.b64encode(root).decode())
        return self.sign_body(body)

    def sign_body(self, body):
        sig = self.key.sign(body.encode())
        return body + "\n\u2014 %s %s\n" % (self.name, base64.b64encode(self.key_id + sig).decode())

    def sign_manifest(self, directory):
        """Writes manifest-signature.txt over the directory's manifest.json (the pack contract)."""
        d = pathlib.Path(directory)
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        body = "casebook-export/1 manifest\norigin %s\nsize %d\nsha256 %s\n" % (
            manifest["origin"], manifest["treeSize"], hashlib.sha256((d / "manifest.json").read_bytes()).hexdigest())
        (d / "manifest-signature.txt").write_text(self.sign_body(body), encoding="utf-8")


ORIGIN = "casebook.example.gov.uk/ledger"

#: (case, type, payload) in log order; the BR case is in the ledger but not exported.
LEDGER_EVENTS = [
    ("FOI-2026-0001", "RequestReceived", {"channel": "email", "summary": "Dear council, please send the gritting budget",
                                          "requester": {"name": sealed("subj-a"), "email": sealed("subj-a", "BBBB")}}),
    ("SAR-2026-0002", "RequestReceived", {"channel": "post", "subject": {"name": sealed("subj-b")}}),
    ("FOI-2026-0001", "RequestAcknowledged", {"note": "ack sent, 20 working days", "items": [1, 2, "three"]}),
    ("BR-2026-0003", "BreachReported", {"severity": "low", "reporter": sealed("subj-c")}),
    ("SAR-2026-0002", "IdentityVerified", {"method": "passport", "checkedBy": sealed("subj-d")}),
    ("FOI-2026-0001", "InformationReleased", {"documents": 3, "exempt": False}),
    ("SAR-2026-0002", "ResponseSent", {"pages": 12, "to": sealed("subj-b", "CCCC")}),
    ("BR-2026-0003", "BreachClosed", {"outcome": "no further action"}),
    ("FOI-2026-0001", "CaseClosed", {"outcome": "released"}),
    ("SAR-2026-0002", "CaseClosed", {"outcome": "complete"}),
    ("NM-2026-0004", "NearMissLogged", {"what": "email nearly sent to wrong address"}),
]
EXPORTED_CASES = ["FOI-2026-0001", "SAR-2026-0002"]


def build_ledger(events, altered=None):
    """Envelopes for `events`; returns a list of (envelope, stored bytes, leaf hash).
    `altered` maps position -> payload to use instead (to make a different ledger)."""
    versions = {}
    out = []
    for position, (case, typ, payload) in enumerate(events):
        versions[case] = versions.get(case, 0) + 1
        if altered and position in altered:
            payload = altered[position]
        envelope = {
            "formatVersion": 1, "position": position, "version": versions[case],
            "eventId": "00000000-0000-4000-8000-%012d" % position, "case": case, "type": typ,
            "schemaVersion": 1, "occurredAt": "2026-01-%02dT09:30:00Z" % (position + 1),
            "recordedAt": "2026-01-%02dT09:30:01.250Z" % (position + 1),
            "actor": {"id": "a.officer", "role": "officer"}, "payload": copy.deepcopy(payload),
        }
        if versions[case] > 1:
            envelope["causationId"] = "00000000-0000-4000-8000-%012d" % (position - 1)
        stored = b"\x01" + canonical(envelope)
        out.append((envelope, stored, ref_leaf(stored)))
    return out


def view_of(value, counter):
    """The decoded view of a stored value: sealed places shown in turn as the sealed object,
    "[redacted]", "[erased]" and a plaintext value."""
    if isinstance(value, dict) and list(value) == ["$sealed"]:
        counter[0] += 1
        return [value, "[redacted]", "[erased]", "Jo Bloggs"][counter[0] % 4]
    if isinstance(value, dict):
        return {k: view_of(v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [view_of(v, counter) for v in value]
    return value


def write_pack(directory, signer=None, events=LEDGER_EVENTS, consistency_from=None, previous_ledger=None):
    """Writes a pack for EXPORTED_CASES of the ledger built from `events` into `directory`.
    With `consistency_from` adds proofs/consistency.json from that size (the previous checkpoint
    and its root come from `previous_ledger` if given: a different ledger). Returns a dict of what
    it built."""
    signer = signer or Signer()
    ledger = build_ledger(events)
    leaves = [leaf for (_, _, leaf) in ledger]
    size, root = len(leaves), mth(leaves)
    d = pathlib.Path(directory)
    for sub in ("timelines", "registers", "proofs"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    counter = [0]
    exported = []
    for case in EXPORTED_CASES:
        entries = []
        for envelope, stored, leaf in ledger:
            if envelope["case"] != case:
                continue
            entries.append({
                "position": envelope["position"], "version": envelope["version"],
                "eventId": envelope["eventId"], "type": envelope["type"],
                "occurredAt": envelope["occurredAt"], "recordedAt": envelope["recordedAt"],
                "actor": envelope["actor"], "leafHash": leaf.hex(),
                "bytes": base64.b64encode(stored).decode(), "event": view_of(envelope, counter),
            })
            exported.append(envelope["position"])
        (d / "timelines" / (case + ".json")).write_text(
            json.dumps({"case": case, "events": entries}, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(d / "proofs" / "inclusion.ndjson", "w", encoding="utf-8") as f:
        for p in sorted(exported):
            f.write(json.dumps({"index": p, "size": size, "leafHash": leaves[p].hex(),
                                "proof": [h.hex() for h in ref_path(p, leaves)]}) + "\n")
    if consistency_from is not None:
        m = consistency_from
        prev_leaves = leaves if previous_ledger is None else [leaf for (_, _, leaf) in previous_ledger]
        m_root = mth(prev_leaves[:m])
        (d / "proofs" / "consistency.json").write_text(json.dumps({
            "from": m, "to": size, "fromRoot": m_root.hex(), "toRoot": root.hex(),
            "proof": [h.hex() for h in ref_consistency(m, leaves)],
            "previousCheckpoint": signer.sign(ORIGIN, m, m_root)}, indent=1), encoding="utf-8")
    write_inputs(d)
    write_registers(d)
    (d / "README.txt").write_text("Casebook ICO export (synthetic test pack).\n", encoding="utf-8")
    (d / "public-key.txt").write_text(signer.verifier_key + "\n", encoding="utf-8")
    (d / "checkpoint.txt").write_text(signer.sign(ORIGIN, size, root), encoding="utf-8")
    write_manifest(d, size, signer=signer)
    return {"signer": signer, "size": size, "root": root, "leaves": leaves, "exported": sorted(exported)}


def write_inputs(directory):
    """inputs/: the policy and the bank-holiday calendar the registers are computed with (the
    ledger's defaults, from the Swift sources' resources)."""
    d = pathlib.Path(directory)
    (d / "inputs").mkdir(exist_ok=True)
    shutil.copy(RESOURCES / "default-policy.json", d / "inputs" / "policy.json")
    shutil.copy(RESOURCES / "bank-holidays.json", d / "inputs" / "bank-holidays.json")


def csv_render(records):
    """RFC 4180 as the ledger writes it: CRLF after every record, a field quoted when it holds a
    comma, quote, CR or LF."""
    def field(text):
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text
    return "".join(",".join(field(f) for f in record) + "\r\n" for record in records)


def write_registers(directory, today=TODAY):
    """registers/: every register of the synthetic pack, derived with the verifier's own functions
    (so these packs test the other checks; the committed fixture made by Casebook itself is what
    tests the derivation, see DemoPackTests). Personal values are shown "[redacted]"."""
    d = pathlib.Path(directory)
    (d / "registers").mkdir(exist_ok=True)
    pack = ve.open_pack(str(d))
    rows = ve.replay_registers(ve.pack_events(pack), ve.read_inputs(pack))
    day = ve.parse_iso_day(today)
    for name in ve.REGISTER_NAMES:
        evaluated = ve.evaluated_rows(name, rows[name], day)
        json_rows = [{k: ("[redacted]" if isinstance(v, ve.PersonalValue) else v) for k, v in ve.row_json(name, r).items()}
                     for r in evaluated]
        columns = ve.REGISTERS[name]["columns"]
        cells = [[ve.json_cell(j.get(c)) if render(r) is ve.PERSONAL else render(r) for c, render in columns]
                 for r, j in zip(evaluated, json_rows)]
        (d / "registers" / (name + ".csv")).write_text(csv_render([ve.csv_header(name)] + cells), encoding="utf-8", newline="")
        (d / "registers" / (name + ".json")).write_text(json.dumps(
            {"register": name, "generatedAt": "2026-02-01T00:00:00Z", "today": today, "rows": json_rows},
            ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


def write_manifest(directory, tree_size=None, signer=None):
    """(Re)writes manifest.json with the SHA-256 of every other file, as an attacker who rewrites
    the manifest would; with `signer`, signs it again too (manifest-signature.txt), as only the
    holder of the ledger's key could: the deeper checks must then catch the change themselves."""
    d = pathlib.Path(directory)
    old = {}
    if (d / "manifest.json").exists():
        old = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    files = {}
    for p in sorted(d.rglob("*")):
        rel = p.relative_to(d).as_posix()
        if p.is_file() and rel not in ("manifest.json", "manifest-signature.txt"):
            files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    manifest = {"format": "casebook-export/1", "origin": old.get("origin", ORIGIN),
                "createdAt": old.get("createdAt", "2026-02-01T00:00:00Z"),
                "treeSize": old.get("treeSize", tree_size), "files": files}
    (d / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if signer is not None:
        signer.sign_manifest(d)


def run(pack, *args):
    """Runs the verifier in-process; returns (exit status, output)."""
    out = io.StringIO()
    code = ve.main([str(pack), *args], out=out)
    return code, out.getvalue()


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

class PackTestCase(unittest.TestCase):
    """Builds one good pack per class; each test works on a fresh copy of it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.good = pathlib.Path(cls.tmp.name) / "good"
        cls.built = write_pack(cls.good)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.pack = pathlib.Path(self.work.name) / "pack"
        shutil.copytree(self.good, self.pack)

    def tearDown(self):
        self.work.cleanup()

    def assertFails(self, *substrings, args=()):
        code, out = run(self.pack, *args)
        self.assertEqual(code, 1, out)
        failed = [line for line in out.splitlines() if line.startswith("FAILED: ")]
        self.assertEqual(len(failed), 1, out)
        for s in substrings:
            self.assertIn(s, failed[0])
        self.assertNotIn("\nOK", out)
        return failed[0]

    def resign(self):
        """Rewrites the manifest and signs it again with the pack's key (see write_manifest)."""
        write_manifest(self.pack, signer=self.built["signer"])

    def timeline(self, case="FOI-2026-0001"):
        return self.pack / "timelines" / (case + ".json")

    def edit_timeline(self, change, case="FOI-2026-0001"):
        doc = json.loads(self.timeline(case).read_text(encoding="utf-8"))
        change(doc)
        self.timeline(case).write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


class GoodPackTests(PackTestCase):

    def test_good_pack_passes(self):
        code, out = run(self.pack)
        self.assertEqual(code, 0, out)
        self.assertTrue(out.endswith("OK\n"), out)
        self.assertIn(ORIGIN, out)
        self.assertIn("tree size     %d" % len(LEDGER_EVENTS), out)
        self.assertIn(self.built["root"].hex(), out)
        self.assertIn("2 cases, 8 events", out)
        self.assertIn("8 inclusion proofs verify", out)
        self.assertIn("8 registers (16 files, 1 rows) recomputed", out)
        self.assertIn("1 signature   ok", out)
        self.assertIn("5 consistency not in this pack", out)

    def test_sealed_places_may_show_sealed_redacted_erased_or_plaintext(self):
        code, out = run(self.pack)
        self.assertEqual(code, 0, out)
        self.assertIn("1 sealed, 2 [redacted], 1 [erased], 1 plaintext", out)
        shown = "".join(self.timeline(c).read_text(encoding="utf-8") for c in EXPORTED_CASES)
        for form in ('"$sealed"', '"[redacted]"', '"[erased]"', '"Jo Bloggs"'):
            self.assertIn(form, shown)

    def test_json_output(self):
        code, out = run(self.pack, "--json")
        self.assertEqual(code, 0, out)
        result = json.loads(out)
        self.assertTrue(result["ok"])
        self.assertIsNone(result["failure"])
        self.assertEqual(result["origin"], ORIGIN)
        self.assertEqual(result["treeSize"], len(LEDGER_EVENTS))
        self.assertEqual(result["root"], self.built["root"].hex())
        self.assertEqual((result["cases"], result["events"], result["registers"]), (2, 8, 8))  # foi, sar, breach, near-miss, disclosure, third-party, agreements, complaints
        self.assertTrue(result["checks"]["signature"]["ok"])
        self.assertIsNone(result["consistency"])

    def test_json_output_on_failure(self):
        (self.pack / "timelines" / "SAR-2026-0002.json").unlink()
        code, out = run(self.pack, "--json")
        self.assertEqual(code, 1)
        result = json.loads(out)
        self.assertFalse(result["ok"])
        self.assertEqual(result["failure"]["check"], 1)
        self.assertIn("timelines/SAR-2026-0002.json", result["failure"]["message"])

    def test_zip_of_good_pack_passes(self):
        zpath = pathlib.Path(self.work.name) / "pack.zip"
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(self.pack.rglob("*")):
                if p.is_file():
                    z.write(p, p.relative_to(self.pack).as_posix())
        code, out = run(zpath)
        self.assertEqual(code, 0, out)
        self.assertIn("(zip)", out)
        self.assertTrue(out.endswith("OK\n"))

    def test_zip_with_one_top_folder_and_macos_metadata_passes(self):
        zpath = pathlib.Path(self.work.name) / "pack.zip"
        with zipfile.ZipFile(zpath, "w") as z:
            for p in sorted(self.pack.rglob("*")):
                if p.is_file():
                    z.write(p, "export-2026-02-01/" + p.relative_to(self.pack).as_posix())
            z.writestr("__MACOSX/export-2026-02-01/._manifest.json", b"junk")
        code, out = run(zpath)
        self.assertEqual(code, 0, out)

    def test_tampered_zip_fails(self):
        zpath = pathlib.Path(self.work.name) / "pack.zip"
        with zipfile.ZipFile(zpath, "w") as z:
            for p in sorted(self.pack.rglob("*")):
                if p.is_file():
                    data = p.read_bytes()
                    if p.name == "foi.csv":
                        data = data.replace(b"FOI-2026-0001,2026-01-01", b"FOI-2026-0001,2026-01-02")
                    z.writestr(p.relative_to(self.pack).as_posix(), data)
        self.pack = zpath
        self.assertFails("registers/foi.csv", "SHA-256")

    def test_os_metadata_file_is_ignored(self):
        (self.pack / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        code, out = run(self.pack)
        self.assertEqual(code, 0, out)
        self.assertIn("ignored operating-system files: .DS_Store", out)

    def test_pinned_key_passes(self):
        code, out = run(self.pack, "--key", self.built["signer"].verifier_key)
        self.assertEqual(code, 0, out)

    def test_command_line_exit_status(self):
        ok = subprocess.run([sys.executable, str(VERIFIER), str(self.pack)], capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertTrue(ok.stdout.endswith("OK\n"))
        (self.pack / "README.txt").write_text("changed\n")
        bad = subprocess.run([sys.executable, str(VERIFIER), str(self.pack)], capture_output=True, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("FAILED: check 1 (manifest): README.txt", bad.stdout)
        missing = subprocess.run([sys.executable, str(VERIFIER), str(self.pack) + "-nope"], capture_output=True, text=True)
        self.assertEqual(missing.returncode, 2)


class TamperTests(PackTestCase):
    """Each test alters a fresh copy of the good pack; the verifier must fail naming what failed.
    Where the tamperer could also rewrite the (unsigned) manifest, a second variant does that so
    the deeper check has to catch it."""

    def flip_stored_byte(self, doc, entry_index=0, old=b"Dear", new=b"Deer"):
        entry = doc["events"][entry_index]
        stored = base64.b64decode(entry["bytes"])
        self.assertIn(old, stored)
        entry["bytes"] = base64.b64encode(stored.replace(old, new, 1)).decode()
        return entry

    # -- one byte of a timeline's stored bytes

    def test_timeline_bytes_changed(self):
        self.edit_timeline(lambda doc: self.flip_stored_byte(doc))
        self.assertFails("check 1", "timelines/FOI-2026-0001.json", "SHA-256")

    def test_timeline_bytes_changed_and_manifest_rewritten(self):
        self.edit_timeline(lambda doc: self.flip_stored_byte(doc))
        self.resign()
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "position 0", "leaf hash")

    def test_timeline_bytes_and_leaf_hash_changed_and_manifest_rewritten(self):
        def change(doc):
            entry = self.flip_stored_byte(doc)
            entry["leafHash"] = ref_leaf(base64.b64decode(entry["bytes"])).hex()
            entry["event"]["payload"]["summary"] = entry["event"]["payload"]["summary"].replace("Dear", "Deer")
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 4", "proofs/inclusion.ndjson line 1", "index 0", "leafHash")

    def test_everything_recomputed_except_the_signature(self):
        """The tamperer fixes leaf hash and inclusion proofs too: only the signed root stops them."""
        events = copy.deepcopy(LEDGER_EVENTS)
        events[0][2]["summary"] = "Deer council"
        forged = pathlib.Path(self.work.name) / "forged"
        write_pack(forged, signer=self.built["signer"], events=events)
        shutil.copy(self.pack / "checkpoint.txt", forged / "checkpoint.txt")
        write_manifest(forged, signer=self.built["signer"])
        self.pack = forged
        self.assertFails("check 4", "does not verify to the checkpoint root", "timelines/FOI-2026-0001.json")

    def test_whole_pack_resigned_with_another_key_fails_a_pinned_key(self):
        events = copy.deepcopy(LEDGER_EVENTS)
        events[0][2]["summary"] = "Deer council"
        forged = pathlib.Path(self.work.name) / "forged"
        write_pack(forged, signer=Signer(), events=events)
        self.pack = forged
        self.assertFails("check 1 (signature)", "public-key.txt", "not the expected key",
                         args=("--key", self.built["signer"].verifier_key))

    def test_stored_bytes_not_canonical(self):
        def change(doc):
            entry = doc["events"][0]
            stored = base64.b64decode(entry["bytes"])
            stored = stored.replace(b'"channel":"email"', b'"channel": "email"')
            entry["bytes"] = base64.b64encode(stored).decode()
            entry["leafHash"] = ref_leaf(stored).hex()
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "not canonical")

    # -- one byte of a register CSV

    def test_register_csv_byte_changed(self):
        path = self.pack / "registers" / "foi.csv"
        data = bytearray(path.read_bytes())
        data[-3] ^= 0x01
        path.write_bytes(bytes(data))
        self.assertFails("check 1", "registers/foi.csv", "SHA-256")

    def test_register_csv_broken_and_manifest_rewritten(self):
        path = self.pack / "registers" / "foi.csv"
        path.write_bytes(path.read_bytes().replace(b"FOI-2026-0001,", b'FOI-2026-"0001,', 1))
        self.resign()
        self.assertFails("check 6", "registers/foi.csv", "line 2")

    def test_register_json_without_rows(self):
        (self.pack / "registers" / "foi.json").write_text('{"register":"foi","today":"2026-02-01"}')
        self.resign()
        self.assertFails("check 6", "registers/foi.json", "rows")

    def test_register_not_of_the_format(self):
        (self.pack / "registers" / "foi-requests.json").write_text('{"register":"foi-requests","rows":[]}')
        self.resign()
        self.assertFails("check 6", "registers/foi-requests.json", "not a register of the format")

    def test_register_file_missing(self):
        (self.pack / "registers" / "near-miss.csv").unlink()
        self.resign()
        self.assertFails("check 6", "registers/near-miss.csv is missing")

    def test_inputs_missing(self):
        (self.pack / "inputs" / "bank-holidays.json").unlink()
        self.resign()
        self.assertFails("check 6", "inputs/bank-holidays.json is missing")

    # -- the manifest signature

    def test_manifest_changed_without_resigning(self):
        manifest = json.loads((self.pack / "manifest.json").read_text())
        manifest["createdAt"] = "2026-02-02T00:00:00Z"
        (self.pack / "manifest.json").write_text(json.dumps(manifest, indent=1))
        self.assertFails("check 1 (signature)", "manifest.json was changed after it was signed")

    def test_register_rehashed_in_manifest_without_resigning(self):
        path = self.pack / "registers" / "foi.csv"
        path.write_bytes(path.read_bytes().replace(b"FOI-2026-0001,2026-01-01", b"FOI-2026-0001,2026-01-02"))
        write_manifest(self.pack)
        self.assertFails("check 1 (signature)", "manifest.json was changed after it was signed")

    def test_manifest_signature_missing(self):
        (self.pack / "manifest-signature.txt").unlink()
        self.assertFails("check 1 (signature)", "manifest-signature.txt is missing")

    def test_manifest_signature_by_another_key(self):
        Signer().sign_manifest(self.pack)
        self.assertFails("check 1 (signature)", "no signature by the key")

    def test_manifest_signature_altered(self):
        path = self.pack / "manifest-signature.txt"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("size 11\n", "size 12\n"), encoding="utf-8")
        self.assertFails("check 1 (signature)", "does not verify")

    def test_manifest_signature_for_another_origin(self):
        manifest = json.loads((self.pack / "manifest.json").read_text())
        body = "casebook-export/1 manifest\norigin other.example/log\nsize 11\nsha256 %s\n" % (
            hashlib.sha256((self.pack / "manifest.json").read_bytes()).hexdigest())
        (self.pack / "manifest-signature.txt").write_text(self.built["signer"].sign_body(body), encoding="utf-8")
        self.assertFails("check 1 (signature)", "origin 'other.example/log'")
        self.assertEqual(manifest["origin"], ORIGIN)

    def test_manifest_signature_listed_in_manifest(self):
        manifest = json.loads((self.pack / "manifest.json").read_text())
        manifest["files"]["manifest-signature.txt"] = hashlib.sha256((self.pack / "manifest-signature.txt").read_bytes()).hexdigest()
        (self.pack / "manifest.json").write_text(json.dumps(manifest, indent=1))
        self.assertFails("check 1 (manifest)", "must not be listed")

    def test_json_output_names_the_signature_check(self):
        (self.pack / "manifest-signature.txt").unlink()
        code, out = run(self.pack, "--json")
        self.assertEqual(code, 1)
        result = json.loads(out)
        self.assertEqual((result["failure"]["check"], result["failure"]["name"]), (1, "signature"))
        self.assertFalse(result["checks"]["signature"]["ok"])

    def test_policy_out_of_range_fails_clearly(self):
        path = self.pack / "inputs" / "policy.json"
        policy = json.loads(path.read_text(encoding="utf-8"))
        policy["nearMissReportWorkingDays"] = 10 ** 9
        path.write_text(json.dumps(policy), encoding="utf-8")
        self.resign()
        self.assertFails("check 6", "inputs/", "nearMissReportWorkingDays")

    def test_later_policy_settings_are_checked_once_and_fail_clearly(self):
        # Settings added to the policy later (defaulted when absent) are checked when the policy is
        # read, whether or not a case uses them: not a TypeError half-way through a register.
        for name, value in (("breachUpdateCalendarDays", "14"), ("thirdPartyDefaultWorkingDays", True),
                            ("complaintResponseWorkingDays", 61), ("breachImmediateReportWorkingDays", -1)):
            with self.subTest(name=name):
                path = self.pack / "inputs" / "policy.json"
                policy = json.loads(path.read_text(encoding="utf-8"))
                original = policy.get(name)
                policy[name] = value
                path.write_text(json.dumps(policy), encoding="utf-8")
                self.resign()
                self.assertFails("check 6", "inputs/", name)
                if original is None:
                    del policy[name]
                else:
                    policy[name] = original
                path.write_text(json.dumps(policy), encoding="utf-8")
                self.resign()

    def test_checkpoint_shaped_note_is_not_a_manifest_signature(self):
        shutil.copy(self.pack / "checkpoint.txt", self.pack / "manifest-signature.txt")
        self.assertFails("check 1 (signature)", "the body is not the four lines")

    # -- one byte of a proof element

    def test_proof_element_changed(self):
        path = self.pack / "proofs" / "inclusion.ndjson"
        lines = path.read_text().splitlines()
        line = json.loads(lines[2])
        element = line["proof"][1]
        line["proof"][1] = element[:10] + ("0" if element[10] != "0" else "1") + element[11:]
        lines[2] = json.dumps(line)
        path.write_text("\n".join(lines) + "\n")
        self.assertFails("check 1", "proofs/inclusion.ndjson", "SHA-256")
        self.resign()
        self.assertFails("check 4", "proofs/inclusion.ndjson line 3", "index %d" % line["index"], "does not verify")

    def test_proof_line_missing(self):
        path = self.pack / "proofs" / "inclusion.ndjson"
        lines = path.read_text().splitlines()
        path.write_text("\n".join(lines[:3] + lines[4:]) + "\n")
        self.resign()
        missing = json.loads(lines[3])["index"]
        self.assertFails("check 4", "position %d" % missing, "has no inclusion proof")

    def test_proof_line_for_an_event_not_exported(self):
        leaves = self.built["leaves"]
        extra = {"index": 3, "size": len(leaves), "leafHash": leaves[3].hex(),
                 "proof": [h.hex() for h in ref_path(3, leaves)]}
        with open(self.pack / "proofs" / "inclusion.ndjson", "a") as f:
            f.write(json.dumps(extra) + "\n")
        self.resign()
        self.assertFails("check 4", "line 9", "position 3 is not an exported event")

    def test_proof_line_duplicated(self):
        path = self.pack / "proofs" / "inclusion.ndjson"
        lines = path.read_text().splitlines()
        path.write_text("\n".join(lines + [lines[0]]) + "\n")
        self.resign()
        self.assertFails("check 4", "line 9", "a second inclusion proof")

    # -- the checkpoint and its signature

    def test_checkpoint_root_changed(self):
        path = self.pack / "checkpoint.txt"
        lines = path.read_text(encoding="utf-8").split("\n")
        root = bytearray(base64.b64decode(lines[2]))
        root[0] ^= 0x01
        lines[2] = base64.b64encode(bytes(root)).decode()
        path.write_text("\n".join(lines), encoding="utf-8")
        self.assertFails("check 1", "checkpoint.txt", "SHA-256")
        self.resign()
        self.assertFails("check 2", "checkpoint.txt", "signature does not verify")

    def test_signature_changed(self):
        path = self.pack / "checkpoint.txt"
        text = path.read_text(encoding="utf-8")
        body, sigline = text.split("\n\n")
        dash, name, sig = sigline.rstrip("\n").split(" ")
        blob = bytearray(base64.b64decode(sig))
        blob[20] ^= 0x80
        path.write_text(body + "\n\n" + " ".join([dash, name, base64.b64encode(bytes(blob)).decode()]) + "\n",
                        encoding="utf-8")
        self.resign()
        self.assertFails("check 2", "checkpoint.txt", "signature does not verify")

    def test_checkpoint_tree_size_differs_from_manifest(self):
        manifest = json.loads((self.pack / "manifest.json").read_text())
        manifest["treeSize"] += 1
        (self.pack / "manifest.json").write_text(json.dumps(manifest))
        self.assertFails("check 1 (signature)", "manifest.json was changed after it was signed")
        self.built["signer"].sign_manifest(self.pack)
        self.assertFails("check 1 (signature)", "tree size 12 but checkpoint.txt has tree size 11")

    # -- files deleted or added

    def test_file_deleted(self):
        (self.pack / "timelines" / "SAR-2026-0002.json").unlink()
        self.assertFails("check 1", "timelines/SAR-2026-0002.json", "missing")

    def test_file_deleted_and_manifest_rewritten(self):
        """A whole case removed: its events still have inclusion proofs, which no longer belong."""
        (self.pack / "timelines" / "SAR-2026-0002.json").unlink()
        self.resign()
        self.assertFails("check 4", "position 1 is not an exported event")

    def test_file_added(self):
        (self.pack / "timelines" / "extra-notes.txt").write_text("nothing to see\n")
        self.assertFails("check 1", "timelines/extra-notes.txt", "not listed in manifest.json")

    def test_extra_file_listed_in_manifest_is_reported(self):
        (self.pack / "summaries").mkdir()
        (self.pack / "summaries" / "FOI-2026-0001.txt").write_text("a plain-words summary\n")
        (self.pack / "timelines" / "index.md").write_text("not a timeline, so not parsed as one\n")
        self.resign()
        code, out = run(self.pack)
        self.assertEqual(code, 0, out)
        self.assertIn("2 other files, e.g. summaries/FOI-2026-0001.txt", out)
        (self.pack / "summaries" / "FOI-2026-0001.txt").write_text("altered\n")
        self.assertFails("check 1", "summaries/FOI-2026-0001.txt", "SHA-256")

    # -- order and content of timeline entries

    def test_two_events_reordered(self):
        def swap(doc):
            doc["events"][1], doc["events"][2] = doc["events"][2], doc["events"][1]
        self.edit_timeline(swap)
        self.assertFails("check 1", "timelines/FOI-2026-0001.json", "SHA-256")
        self.resign()
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "entry 2", "version 3 where version 2 should be")

    def test_event_removed_from_timeline(self):
        self.edit_timeline(lambda doc: doc["events"].pop(1))
        self.resign()
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "entry 2", "version 3 where version 2")

    def test_view_changed_at_a_non_sealed_place(self):
        def change(doc):
            doc["events"][1]["event"]["payload"]["note"] = "ack sent, 40 working days"
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "position 2",
                         "event view differs", "event.payload.note")

    def test_view_placeholder_at_a_non_sealed_place(self):
        def change(doc):
            doc["events"][0]["event"]["payload"]["channel"] = "[redacted]"
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "event.payload.channel")

    def test_view_type_changed(self):
        def change(doc):
            doc["events"][2]["event"]["payload"]["exempt"] = 0  # false in the stored bytes
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "position 5", "event.payload.exempt")

    def test_view_key_added(self):
        def change(doc):
            doc["events"][2]["event"]["payload"]["withheld"] = 2
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "event.payload.withheld", "not in the stored bytes")

    def test_entry_field_differs_from_stored_bytes(self):
        def change(doc):
            doc["events"][0]["occurredAt"] = "2026-01-02T09:30:00Z"
        self.edit_timeline(change)
        self.resign()
        self.assertFails("check 3", "position 0", "occurredAt")

    def test_timeline_case_differs_from_file_name(self):
        src = self.timeline("SAR-2026-0002")
        src.rename(self.pack / "timelines" / "SAR-2026-0099.json")
        self.resign()
        self.assertFails("check 3", "timelines/SAR-2026-0099.json", "file name")


class DemoPackTests(unittest.TestCase):
    """The differential test: a pack Casebook itself wrote from a demo ledger (fixtures/demo-pack:
    requests under FOIA, EIR and FOISA, SARs, breaches and near misses, with voids, corrections,
    reviews, extensions and exemptions), whose registers the verifier must recompute exactly.

    The fixture's timelines, proofs and registers are Casebook's bytes. Its checkpoint was signed
    with the demo ledger's own key, which is not in the repository, so each test signs the
    checkpoint (same origin, size and root) and the manifest with a test key (see Signer)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.good = pathlib.Path(cls.tmp.name) / "good"
        shutil.copytree(FIXTURES / "demo-pack", cls.good)
        cls.signer = Signer("test.example/log")
        body = (cls.good / "checkpoint.txt").read_text(encoding="utf-8").split("\n\n")[0] + "\n"
        (cls.good / "checkpoint.txt").write_text(cls.signer.sign_body(body), encoding="utf-8")
        (cls.good / "public-key.txt").write_text(cls.signer.verifier_key + "\n", encoding="utf-8")
        write_manifest(cls.good, signer=cls.signer)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.pack = pathlib.Path(self.work.name) / "pack"
        shutil.copytree(self.good, self.pack)

    def tearDown(self):
        self.work.cleanup()

    def resign(self):
        write_manifest(self.pack, signer=self.signer)

    assertFails = PackTestCase.assertFails

    def register(self, name):
        return json.loads((self.pack / "registers" / (name + ".json")).read_text(encoding="utf-8"))

    def write_register(self, name, doc):
        (self.pack / "registers" / (name + ".json")).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    def test_fixture_covers_every_kind_of_case_and_event_that_changes_rows(self):
        types, prefixes, regimes = set(), set(), set()
        for path in (self.pack / "timelines").glob("*.json"):
            doc = json.loads(path.read_text(encoding="utf-8"))
            prefixes.add(doc["case"].split("-")[0])
            for entry in doc["events"]:
                types.add(entry["type"])
                regimes.add(entry["event"]["payload"].get("regime"))
        self.assertTrue({"FOI", "EIR", "SAR", "BR", "NM", "TPD", "DSA", "CMP"} <= prefixes, prefixes)
        self.assertTrue({"foia", "eir", "foisa"} <= regimes, regimes)
        for t in ("Voided", "Corrected", "InternalReviewRequested", "InternalReviewDecided", "DeadlineExtended",
                  "SARExtended", "ExemptionApplied", "ResponseSent", "SARResponded", "PublishedToDisclosureLog",
                  "ICONotified", "NearMissReviewed", "FeeNoticeIssued", "ClarificationRequested",
                  # the steps the policies require, each of which changes a register row
                  "PublicationWithdrawn", "InternalReviewExtended", "SARExemptionApplied", "SCRAConsentRecorded",
                  "ChildConsentRecorded", "RequesterUpdated", "BreachReportUpdated", "DataSubjectNotificationDecided",
                  "WrongfulReleasePartyInformed", "AffectedPartyContacted", "WrongfulReleaseReviewed",
                  "WrongfulReleaseOutcomeLetterSent", "ThirdPartyRequesterContacted", "ThirdPartyDetailsReceived",
                  "ThirdPartyInformationDisclosed", "ThirdPartyRequestRefused", "HeadOfLegalInformed", "AgreementSigned",
                  "AgreementReviewed", "ComplaintResolved"):
            self.assertIn(t, types)
        # Small enough to commit: eight registers' cases, their proofs and the verifier's own copy.
        self.assertLess(sum(f.stat().st_size for f in (FIXTURES / "demo-pack").rglob("*") if f.is_file()), 800_000)

    def test_demo_pack_passes_with_every_register_recomputed(self):
        code, out = run(self.pack, "--key", self.signer.verifier_key)
        self.assertEqual(code, 0, out)
        # A pack written before the third-party register existed has no files for it (and no TPD case).
        present = [n for n in ve.REGISTER_NAMES if (self.pack / "registers" / (n + ".json")).exists()]
        self.assertTrue(set(ve.REGISTER_NAMES) - set(present) <= ve.ADDED_REGISTERS, present)
        self.assertIn("6 registers   ok: %d registers (%d files" % (len(present), 2 * len(present)), out)
        self.assertIn("recomputed: %s; checked for form only: none" % ", ".join(present), out)
        # A pack written before the agreements and complaints registers has no files for them.
        rows = sum(len(self.register(n)["rows"]) for n in present
                   if (self.pack / "registers" / (n + ".json")).exists() or n not in ve.REGISTERS_ADDED_LATER)
        self.assertGreaterEqual(rows, 20)

    def test_csv_cell_changed_and_manifest_rehashed_fails_naming_the_cell(self):
        path = self.pack / "registers" / "foi.csv"
        records = ve.parse_rfc4180(path.read_text(encoding="utf-8"))
        due = records[0].index(ve.CSV_HEADERS["foi"]["due"])
        line = next(i for i, r in enumerate(records) if i > 0 and r[due])
        reference = records[line][0]
        records[line][due] = "2099-01-01"
        path.write_text(csv_render(records[:-1] if records[-1] == [""] else records), encoding="utf-8", newline="")
        write_manifest(self.pack)
        self.assertFails("check 1 (signature)", "changed after it was signed")
        self.resign()
        self.assertFails("check 6 (registers)", "registers/foi.csv", reference, "column due", '"2099-01-01"')

    def test_json_row_changed_fails_naming_the_field(self):
        doc = self.register("sar")
        row = next(r for r in doc["rows"] if "dueOn" in r)
        row["dueOn"] = "2099-01-01"
        self.write_register("sar", doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/sar.json", row["reference"], "field dueOn", '"2099-01-01"')

    def test_json_row_removed_fails(self):
        doc = self.register("breach")
        removed = doc["rows"].pop(1)
        self.write_register("breach", doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/breach.json", removed["reference"])

    def test_late_entry_hidden_fails(self):
        doc = self.register("foi")
        row = next(r for r in doc["rows"] if r["lateEntries"])
        row["lateEntries"] = []
        self.write_register("foi", doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/foi.json", row["reference"], "field lateEntries")

    def test_disclosure_log_entry_added_fails(self):
        doc = self.register("disclosure")
        published = {r["reference"] for r in doc["rows"]}
        foi = next(r for r in self.register("foi")["rows"] if r["reference"] not in published)
        doc["rows"].append({"reference": foi["reference"], "regime": foi["regime"], "summary": foi["summary"],
                            "exemptions": [], "documents": [], "publishedOn": "2026-01-01"})
        doc["rows"].sort(key=lambda r: r["reference"])
        self.write_register("disclosure", doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/disclosure.json")

    def test_policy_changed_changes_the_registers(self):
        path = self.pack / "inputs" / "policy.json"
        policy = json.loads(path.read_text(encoding="utf-8"))
        policy["sarRule"] = "fortyCalendarDays"
        path.write_text(json.dumps(policy), encoding="utf-8")
        self.resign()
        self.assertFails("check 6 (registers)", "registers/sar.json", "field dueOn")

    def test_bank_holidays_changed_changes_the_registers(self):
        path = self.pack / "inputs" / "bank-holidays.json"
        feed = json.loads(path.read_text(encoding="utf-8"))
        for division in feed.values():
            division["events"] = [e for e in division["events"] if not e["date"].startswith(("2025", "2026"))] + [
                {"title": "Invented", "date": "2025-01-02", "notes": "", "bunting": False}]
        path.write_text(json.dumps(feed), encoding="utf-8")
        self.resign()
        self.assertFails("check 6 (registers)", "field")

    def test_today_changed_changes_overdue(self):
        doc = self.register("foi")
        row = next(r for r in doc["rows"] if r["overdue"])
        doc["today"] = row["receivedOn"]  # nothing is overdue on the day a request arrives
        self.write_register("foi", doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/foi.json", "field overdue")

    def test_breach_link_shown_on_the_request(self):
        doc = self.register("foi")
        row = next(r for r in doc["rows"] if r["linkedBreaches"])
        row["linkedBreaches"] = []
        self.write_register("foi", doc)
        self.resign()
        self.assertFails("check 6 (registers)", row["reference"], "field linkedBreaches")

    def test_linked_breach_timeline_missing_fails(self):
        """A row depends on another case (the pack contract: its timeline is in the pack)."""
        breach = next(r for r in self.register("breach")["rows"] if r["linkedRequests"])
        (self.pack / "timelines" / (breach["reference"] + ".json")).unlink()
        lines = (self.pack / "proofs" / "inclusion.ndjson").read_text().splitlines()
        kept = [l for l in lines if json.loads(l)["index"] in self.positions_except(breach["reference"])]
        (self.pack / "proofs" / "inclusion.ndjson").write_text("\n".join(kept) + "\n")
        for name in ("breach",):
            doc = self.register(name)
            doc["rows"] = [r for r in doc["rows"] if r["reference"] != breach["reference"]]
            self.write_register(name, doc)
        self.resign()
        self.assertFails("check 6 (registers)", "registers/foi.json", "field linkedBreaches")

    def positions_except(self, reference):
        positions = set()
        for path in (self.pack / "timelines").glob("*.json"):
            if path.stem != reference:
                positions |= {e["position"] for e in json.loads(path.read_text(encoding="utf-8"))["events"]}
        return positions


class ConsistencyTests(unittest.TestCase):

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.pack = pathlib.Path(self.work.name) / "pack"

    def tearDown(self):
        self.work.cleanup()

    def test_valid_consistency_proofs_pass(self):
        for m in (1, 4, 7, len(LEDGER_EVENTS)):
            with self.subTest(m=m):
                shutil.rmtree(self.pack, ignore_errors=True)
                write_pack(self.pack, consistency_from=m)
                code, out = run(self.pack)
                self.assertEqual(code, 0, out)
                self.assertIn("5 consistency ok: the signed tree of size %d" % m, out)

    def test_consistency_proof_against_a_different_ledger_fails(self):
        other = build_ledger(LEDGER_EVENTS, altered={2: {"note": "ack sent, 40 working days", "items": []}})
        write_pack(self.pack, consistency_from=7, previous_ledger=other)
        code, out = run(self.pack)
        self.assertEqual(code, 1, out)
        self.assertIn("FAILED: check 5 (consistency): proofs/consistency.json", out)
        self.assertIn("from tree size 7 to 11 does not verify", out)

    def test_previous_checkpoint_signed_by_another_key_fails(self):
        built = write_pack(self.pack, consistency_from=7)
        path = self.pack / "proofs" / "consistency.json"
        doc = json.loads(path.read_text())
        lines = doc["previousCheckpoint"].split("\n")
        doc["previousCheckpoint"] = Signer().sign(lines[0], int(lines[1]), base64.b64decode(lines[2]))
        path.write_text(json.dumps(doc))
        write_manifest(self.pack, signer=built["signer"])
        code, out = run(self.pack)
        self.assertEqual(code, 1, out)
        self.assertIn("previousCheckpoint", out)
        self.assertIn("no signature by the key", out)

    def test_from_root_not_the_previous_checkpoint_root_fails(self):
        built = write_pack(self.pack, consistency_from=4)
        path = self.pack / "proofs" / "consistency.json"
        doc = json.loads(path.read_text())
        doc["fromRoot"] = "00" * 32
        path.write_text(json.dumps(doc))
        write_manifest(self.pack, signer=built["signer"])
        code, out = run(self.pack)
        self.assertEqual(code, 1, out)
        self.assertIn("fromRoot", out)


class ClockTests(unittest.TestCase):
    """The verifier's calendar arithmetic on known answers (the statutes' and the ledger's own
    documented examples)."""

    @classmethod
    def setUpClass(cls):
        feed = json.loads((RESOURCES / "bank-holidays.json").read_text(encoding="utf-8"))
        policy = json.loads((RESOURCES / "default-policy.json").read_text(encoding="utf-8"))
        cls.clocks = ve.Clocks(policy, ve.HolidayCalendar(feed))

    def test_london_day_of_an_instant(self):
        day = lambda text: ve.iso(ve.parse_day(text))
        self.assertEqual(day("2025-03-30T23:30:00Z"), "2025-03-31")  # BST
        self.assertEqual(day("2025-01-30T23:30:00Z"), "2025-01-30")  # GMT
        self.assertEqual(day("2025-10-26T00:30:00Z"), "2025-10-26")
        self.assertEqual(day("2025-10-25T23:30:00Z"), "2025-10-26")  # still BST until 01:00 UTC
        self.assertEqual(day("2025-10-26T23:30:00Z"), "2025-10-26")  # GMT again
        self.assertIsNone(ve.parse_day("2025-02-29"))
        self.assertIsNone(ve.parse_rfc3339_ms("2025-01-01T10:00:00"))

    def test_summer_time_rule_agrees_with_the_time_zone_database(self):
        try:
            import zoneinfo
            london = zoneinfo.ZoneInfo("Europe/London")
        except Exception:
            self.skipTest("no time zone database")
        import datetime
        for year in range(1996, 2040):
            for month, day in ((3, 24), (10, 24)):
                start = datetime.datetime(year, month, day, tzinfo=datetime.timezone.utc)
                for hour in range(0, 8 * 24, 1):
                    moment = start + datetime.timedelta(hours=hour, minutes=59)
                    self.assertEqual(ve.london_offset_seconds(moment.timestamp()),
                                     moment.astimezone(london).utcoffset().total_seconds(), moment)

    def test_months_to_the_corresponding_day(self):
        import datetime
        self.assertEqual(ve.add_months(datetime.date(2024, 1, 31), 1), datetime.date(2024, 2, 29))
        self.assertEqual(ve.add_months(datetime.date(2025, 1, 31), 1), datetime.date(2025, 2, 28))
        self.assertEqual(ve.add_months(datetime.date(2025, 11, 30), 3), datetime.date(2026, 2, 28))

    def test_foi_deadline_skips_christmas_and_new_year(self):
        import datetime
        # Received Friday 19 December 2025: 25, 26 December and 1 January are not working days.
        due = self.clocks.foi_due_date("foia", datetime.date(2025, 12, 19), None, [])
        self.assertEqual(due, datetime.date(2026, 1, 22))
        # FOISA counts Scotland's holidays only: 2 January 2026 is one there too.
        self.assertEqual(self.clocks.foi_due_date("foisa", datetime.date(2025, 12, 19), None, []), datetime.date(2026, 1, 22))
        # St Patrick's Day (Northern Ireland) is not a working day for FOIA (s10(6)), but is for FOISA.
        self.assertEqual(self.clocks.uk.working_day(1, datetime.date(2026, 3, 16)), datetime.date(2026, 3, 18))
        self.assertEqual(self.clocks.scotland.working_day(1, datetime.date(2026, 3, 16)), datetime.date(2026, 3, 17))

    def test_unpaid_fee_notice_stops_the_clock(self):
        import datetime
        d = datetime.date
        self.assertIsNone(self.clocks.foi_due_date("foia", d(2026, 2, 2), None, [(d(2026, 2, 10), None)]))
        paid = self.clocks.foi_due_date("foia", d(2026, 2, 2), None, [(d(2026, 2, 10), d(2026, 2, 12))])
        self.assertEqual(paid, self.clocks.uk.working_day(23, d(2026, 2, 2)))

    def test_sar_one_month_moved_to_a_working_day(self):
        import datetime
        # Start Saturday 31 January 2026: 28 February 2026 is a Saturday, so Monday 2 March.
        self.assertEqual(self.clocks.sar_due(datetime.date(2026, 1, 31), 0), datetime.date(2026, 3, 2))
        self.assertEqual(self.clocks.sar_due(datetime.date(2026, 1, 5), 2), datetime.date(2026, 4, 7))  # 5 April is Easter Sunday, 6 April Easter Monday

    def test_generated_holidays_match_the_published_years(self):
        for year in range(2019, 2028):
            for division in ve.DIVISIONS:
                published = ve.HolidayCalendar(json.loads((RESOURCES / "bank-holidays.json").read_text(encoding="utf-8"))).published[division][year]
                generated = ve.generated_holidays(year, division)
                # Moved and one-off days (VE Day 2020, the 2022 Jubilee, a state funeral, the Coronation)
                one_offs = {"2020-05-04", "2020-05-08", "2020-05-25", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08",
                            "2022-05-30", "2022-05-02"}
                self.assertEqual({ve.iso(d) for d in published} - one_offs, {ve.iso(d) for d in generated} - one_offs,
                                 (year, division))


class ThirdPartyRegisterTests(unittest.TestCase):
    """The verifier's third-party register (the data protection policy Appendix 4) on hand-worked
    cases, the same as the Swift register tests: a police request missing the officer's number,
    contacted and completed; a court order with its own day; a parent's request on 15 school days
    counted as working days (England and Wales: Good Friday 3 and Easter Monday 6 April 2026)."""

    @classmethod
    def setUpClass(cls):
        feed = json.loads((RESOURCES / "bank-holidays.json").read_text(encoding="utf-8"))
        policy = json.loads((RESOURCES / "default-policy.json").read_text(encoding="utf-8"))
        cls.clocks = ve.Clocks(policy, ve.HolidayCalendar(feed))

    @staticmethod
    def events():
        seal = {"$sealed": {"alg": "A256GCM", "key": "k", "ct": "c"}}
        out = []
        for i, (case, typ, payload) in enumerate([
            ("TPD-2026-0001", "ThirdPartyRequestReceived", {
                "receivedAt": "2026-03-02T10:00:00Z", "requesterCategory": "police", "requesterOrganisation": "Police Scotland",
                "inWriting": True, "purpose": "preventionOrDetectionOfCrime", "informationRequested": seal, "dataSubject": seal,
                "police": {"officerRank": "DC", "officerName": seal, "station": "Queen Street", "telephone": "01224 000000",
                           "extensionNumber": "4321", "consent": "notReliedOn"}}),
            ("TPD-2026-0002", "ThirdPartyRequestReceived", {
                "receivedAt": "2026-03-02T12:00:00Z", "requesterCategory": "court", "requesterOrganisation": "Sheriff Court",
                "inWriting": True, "purpose": "legalProceedings", "informationRequested": seal, "dataSubject": seal,
                "courtOrderDueOn": "2026-03-13"}),
            ("TPD-2026-0001", "ThirdPartyRequesterContacted", {"contactedOn": "2026-03-03", "missing": ["officerNumber"]}),
            ("TPD-2026-0001", "ThirdPartyDetailsReceived", {"receivedOn": "2026-03-09", "police": {"officerNumber": "1234"}}),
            ("TPD-2026-0003", "ThirdPartyRequestReceived", {
                "receivedAt": "2026-03-09T09:30:00Z", "requesterCategory": "parent", "requesterOrganisation": "Parent",
                "inWriting": True, "purpose": "educationalRecord", "informationRequested": seal, "dataSubject": seal}),
            ("TPD-2026-0001", "ThirdPartyInformationDisclosed", {
                "disclosedOn": "2026-03-10", "informationDisclosed": seal, "method": "secureEmail", "markedCopy": True,
                "legalBasis": "dpa2018Sch2Para2"}),
            ("TPD-2026-0002", "ThirdPartyInformationDisclosed", {
                "disclosedOn": "2026-03-16", "informationDisclosed": seal, "method": "recordedPost", "markedCopy": True,
                "legalBasis": "courtOrder"}),
        ]):
            ms = ve.parse_rfc3339_ms("2026-03-%02dT09:00:00Z" % (2 + i))
            out.append({"position": i, "eventId": "00000000-0000-4000-8000-%012d" % i, "case": case, "type": typ,
                        "occurredMs": ms, "recordedMs": ms, "payload": payload})
        return out

    def test_rows_follow_appendix_4(self):
        rows = ve.replay_registers(self.events(), self.clocks)["third-party"]
        self.assertEqual(sorted(rows), ["TPD-2026-0001", "TPD-2026-0002", "TPD-2026-0003"])
        police = ve.row_json("third-party", rows["TPD-2026-0001"])
        self.assertEqual(police["missingDetails"], [])
        self.assertEqual(police["policeDetailsGiven"], ["consent", "extensionNumber", "officerName", "officerNumber",
                                                        "officerRank", "station", "telephone"])
        self.assertEqual((police["requesterContactedOn"], police["detailsReceivedOn"]), ("2026-03-03", "2026-03-09"))
        # 20 working days from the day the details arrived, past Good Friday and Easter Monday.
        self.assertEqual((police["clock"], police["dueOn"]), ("policyDefault", "2026-04-08"))
        self.assertEqual((police["outcome"], police["onTime"], police["status"], police["markedCopy"]), ("disclosed", True, "disclosed", True))
        court = ve.row_json("third-party", rows["TPD-2026-0002"])
        self.assertEqual((court["clock"], court["dueOn"], court["onTime"]), ("courtOrder", "2026-03-13", False))
        parent = ve.row_json("third-party", rows["TPD-2026-0003"])
        self.assertEqual((parent["clock"], parent["dueOn"], parent["status"]), ("educationalRecord", "2026-03-30", "received"))
        import datetime
        evaluated = ve.evaluated_rows("third-party", rows, datetime.date(2026, 4, 1))
        self.assertEqual([r["reference"] for r in evaluated if r["overdue"]], ["TPD-2026-0003"])

    def test_an_incomplete_police_request_waits_for_its_details(self):
        events = self.events()[:3]
        row = ve.replay_registers(events, self.clocks)["third-party"]["TPD-2026-0001"]
        self.assertEqual(row["missingDetails"], ["officerNumber"])
        self.assertEqual(row["status"], "awaitingDetails")
        row = ve.replay_registers(events[:1], self.clocks)["third-party"]["TPD-2026-0001"]
        self.assertEqual(row["status"], "incomplete")
        cells = dict((c, render(row)) for c, render in ve.THIRD_PARTY_COLUMNS if c != "overdue" and render(row) is not ve.PERSONAL)
        self.assertEqual((cells["complete"], cells["missingDetails"], cells["due"]), ("no", "officerNumber", "2026-03-30"))


class PrimitiveTests(unittest.TestCase):
    """The hashing, proof and note functions on their own."""

    def test_canonical_json(self):
        obj = {"b": [1, True, None], "a": "é\u2028\"\\\n", "é": {"z": 0, "Z": -1}}
        self.assertEqual(ve.canonical_json(obj),
                         '{"a":"é\u2028\\"\\\\\\n","b":[1,true,null],"é":{"Z":-1,"z":0}}'.encode("utf-8"))

    def test_leaf_and_node_hash(self):
        self.assertEqual(ve.leaf_hash(b"x"), ref_leaf(b"x"))
        self.assertEqual(ve.node_hash(b"a" * 32, b"b" * 32), ref_node(b"a" * 32, b"b" * 32))
        # RFC 6962 test vector: the leaf hash of the empty string
        self.assertEqual(ve.leaf_hash(b"").hex(),
                         "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")

    def test_inclusion_proofs_for_every_leaf_of_small_trees(self):
        for n in range(1, 34):
            leaves = [ref_leaf(bytes([i])) for i in range(n)]
            root = mth(leaves)
            for i in range(n):
                proof = ref_path(i, leaves)
                self.assertTrue(ve.verify_inclusion(i, n, leaves[i], proof, root), (i, n))
                self.assertFalse(ve.verify_inclusion(i, n, ref_leaf(b"other"), proof, root))
                self.assertFalse(ve.verify_inclusion(i, n, leaves[i], proof, ref_leaf(b"root")))
                self.assertFalse(ve.verify_inclusion(n, n, leaves[i], proof, root))
                if n > 1:
                    self.assertFalse(ve.verify_inclusion((i + 1) % n, n, leaves[i], proof, root), (i, n))
                    self.assertFalse(ve.verify_inclusion(i, n, leaves[i], proof[:-1], root))
                    self.assertFalse(ve.verify_inclusion(i, n, leaves[i], proof + [root], root))
                    bad = list(proof)
                    bad[0] = ref_leaf(b"x")
                    self.assertFalse(ve.verify_inclusion(i, n, leaves[i], bad, root))

    def test_consistency_proofs_for_every_pair_of_small_trees(self):
        leaves = [ref_leaf(bytes([i])) for i in range(33)]
        for n in range(1, 34):
            n_root = mth(leaves[:n])
            for m in range(0, n + 1):
                m_root = mth(leaves[:m])
                proof = ref_consistency(m, leaves[:n])
                self.assertTrue(ve.verify_consistency(m, n, m_root, n_root, proof), (m, n))
                if m > 0:
                    self.assertFalse(ve.verify_consistency(m, n, m_root, ref_leaf(b"z"), proof), (m, n))
                    self.assertFalse(ve.verify_consistency(m, n, ref_leaf(b"z"), n_root, proof), (m, n))
                if 0 < m < n:
                    self.assertFalse(ve.verify_consistency(m, n, ref_leaf(b"z"), n_root, proof), (m, n))
                    self.assertFalse(ve.verify_consistency(m, n, m_root, n_root, proof[:-1]), (m, n))
                    forked = leaves[:m - 1] + [ref_leaf(b"fork")]
                    self.assertFalse(ve.verify_consistency(m, n, mth(forked), n_root, proof), (m, n))

    def test_note_round_trip_and_errors(self):
        signer = Signer("example.org/log")
        note = signer.sign("example.org/log", 5, b"\x07" * 32)
        parsed = ve.verify_note(note, signer.verifier_key)
        self.assertEqual((parsed["origin"], parsed["size"], parsed["root"]), ("example.org/log", 5, b"\x07" * 32))
        with self.assertRaisesRegex(ve.NoteError, "no signature by the key"):
            ve.verify_note(note, Signer("example.org/log").verifier_key)
        with self.assertRaisesRegex(ve.NoteError, "does not verify"):
            ve.verify_note(note.replace("\n5\n", "\n6\n"), signer.verifier_key)
        with self.assertRaisesRegex(ve.NoteError, "em dash"):
            ve.verify_note(note.replace("\u2014", "-"), signer.verifier_key)
        with self.assertRaisesRegex(ve.NoteError, "key's id"):
            name, _, key = signer.verifier_key.split("+", 2)
            ve.verify_note(note, "%s+%s+%s" % (name, "00000000", key))
        # a second signature by another key is allowed and ignored
        other = Signer("witness.example")
        extra = other.sign("example.org/log", 5, b"\x07" * 32).split("\n\n")[1]
        self.assertEqual(ve.verify_note(note + extra, signer.verifier_key)["size"], 5)

    def test_rfc4180_parser(self):
        self.assertEqual(ve.parse_rfc4180('a,b\r\n"x,1","y\r\n""z"""\r\n'), [["a", "b"], ["x,1", 'y\r\n"z"']])
        self.assertEqual(ve.parse_rfc4180("a,b\n1,\n"), [["a", "b"], ["1", ""]])
        for bad in ('a,b\r\n"x"y,1\r\n', 'a,b\r\nx"y,1\r\n', 'a,b\r\n"x,1\r\n', "a\rb"):
            with self.assertRaises(ValueError, msg=bad):
                ve.parse_rfc4180(bad)


# ---------------------------------------------------------------------------------------------
# Witness cosignatures (C2SP tlog-cosignature v1) and tlog-proof files
# ---------------------------------------------------------------------------------------------

class Cosigner:
    """A witness's Ed25519 cosigning key (tlog-cosignature v1, key type 0x04)."""

    def __init__(self, name="witness.example.gov.uk/w1", seed=None):
        self.name = name
        self.key = Ed25519PrivateKey.from_private_bytes(seed) if seed else Ed25519PrivateKey.generate()
        self.public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = sha(name.encode() + b"\n\x04" + self.public)[:4]

    @property
    def verifier_key(self):
        return "%s+%s+%s" % (self.name, self.key_id.hex(), base64.b64encode(b"\x04" + self.public).decode())

    def cosign(self, note, time=1767605400):
        body = note[:note.index("\n\n") + 1]
        sig = self.key.sign(("cosignature/v1\ntime %d\n" % time).encode() + body.encode())
        return note + "\u2014 %s %s\n" % (self.name, base64.b64encode(self.key_id + time.to_bytes(8, "big") + sig).decode())


def forge_last_signature(note):
    """Flips one bit in the Ed25519 signature of the note's last signature line."""
    lines = note.split("\n")
    name, b64 = lines[-2][2:].split(" ")
    blob = bytearray(base64.b64decode(b64))
    blob[-1] ^= 0x01
    lines[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(blob)).decode())
    return "\n".join(lines)


class CosignedPackTests(PackTestCase):
    """A pack whose checkpoint.txt carries a witness's cosignature and witnesses.txt its key."""

    def cosign(self, witnesses, note_change=lambda n: n):
        note = (self.pack / "checkpoint.txt").read_text(encoding="utf-8")
        for w in witnesses:
            note = w.cosign(note)
        (self.pack / "checkpoint.txt").write_text(note_change(note), encoding="utf-8")
        (self.pack / "witnesses.txt").write_text("".join(w.verifier_key + "\n" for w in witnesses), encoding="utf-8")
        write_manifest(self.pack, signer=self.built["signer"])

    def test_cosigned_pack_passes(self):
        self.cosign([Cosigner(), Cosigner("witness2.example/w")])
        code, out = run(self.pack)
        self.assertEqual(code, 0, out)
        self.assertIn("witness witness.example.gov.uk/w1: cosignature verified (time 1767605400)", out)
        self.assertIn("witness witness2.example/w: cosignature verified", out)

    def test_forged_cosignature_fails(self):
        self.cosign([Cosigner()], forge_last_signature)
        self.assertFails("check 2 (checkpoint)", "cosignature by witness.example.gov.uk/w1 does not verify")

    def test_listed_witness_without_cosignature_fails(self):
        self.cosign([Cosigner()], lambda n: n[:n.rindex("\u2014")])
        self.assertFails("no cosignature by witness.example.gov.uk/w1")

    def test_cosignature_for_another_checkpoint_fails(self):
        w = Cosigner()
        other = w.cosign(Signer(ORIGIN).sign(ORIGIN, 3, b"\x05" * 32))
        self.cosign([w], lambda n: n[:n.rindex("\u2014")] + other[other.rindex("\u2014"):])
        self.assertFails("does not verify over this checkpoint")

    def test_log_key_in_witnesses_txt_fails(self):
        self.cosign([Cosigner()])
        (self.pack / "witnesses.txt").write_text(self.built["signer"].verifier_key + "\n", encoding="utf-8")
        write_manifest(self.pack, signer=self.built["signer"])
        self.assertFails("not an Ed25519 cosignature key")

    def test_known_answer(self):
        # The same vector as the Swift CosignatureTests: seed 0x01..0x20, the spec's example body.
        w = Cosigner("witness.example/w1", bytes(range(1, 33)))
        self.assertEqual(w.verifier_key, "witness.example/w1+468d99bb+BHm1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk")
        note = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 x AAAAAAA=\n"
        parsed = ve.parse_note(w.cosign(note, 1679315147))
        self.assertEqual(ve.check_cosignature(parsed, w.verifier_key), ("witness.example/w1", 1679315147))


VERIFY_PROOF = ROOT / "Tools" / "verify-proof"


class TlogProofTests(unittest.TestCase):
    """tlog-proof files as `casebook proof inclusion --format tlog-proof` writes them."""

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.signer = Signer(ORIGIN)
        self.witness = Cosigner()
        ledger = build_ledger(LEDGER_EVENTS)
        self.stored = [b for (_, b, _) in ledger]
        leaves = [leaf for (_, _, leaf) in ledger]
        self.note = self.witness.cosign(self.signer.sign(ORIGIN, len(leaves), mth(leaves)))
        self.index = 6
        self.path = ref_path(self.index, leaves)

    def tearDown(self):
        self.work.cleanup()

    def proof(self, index=None, path=None, extra=None, note=None):
        lines = ["c2sp.org/tlog-proof@v1", "extra " + base64.b64encode(extra or self.stored[self.index]).decode(),
                 "index %d" % (self.index if index is None else index)]
        lines += [base64.b64encode(h).decode() for h in (self.path if path is None else path)]
        return "\n".join(lines) + "\n\n" + (note or self.note)

    def run_cli(self, text, *args):
        f = pathlib.Path(self.work.name) / "event.tlog-proof"
        f.write_text(text, encoding="utf-8")
        r = subprocess.run([sys.executable, str(VERIFY_PROOF), str(f), "--key", self.signer.verifier_key, *args],
                           capture_output=True, text=True)
        return r.returncode, r.stdout

    def test_good_proof_passes_with_witness(self):
        r = ve.verify_tlog_proof(self.proof(), self.signer.verifier_key, [self.witness.verifier_key])
        self.assertEqual((r["index"], r["size"], r["cosigners"][0][0]), (6, 11, self.witness.name))
        code, out = self.run_cli(self.proof(), "--witness-key", self.witness.verifier_key)
        self.assertEqual(code, 0, out)
        self.assertIn("witness       ok: witness.example.gov.uk/w1", out)

    def test_tampered_proofs_fail(self):
        flipped = [bytes([self.path[0][0] ^ 1]) + self.path[0][1:]] + self.path[1:]
        cases = {
            "another event's bytes": self.proof(extra=self.stored[5]),
            "another index": self.proof(index=7),
            "a flipped path hash": self.proof(path=flipped),
            "a forged cosignature": self.proof(note=forge_last_signature(self.note)),
            "another log's signature": self.proof(note=self.witness.cosign(Signer(ORIGIN).sign(ORIGIN, 11, mth([l for (_, _, l) in build_ledger(LEDGER_EVENTS)])))),
        }
        for what, text in cases.items():
            with self.subTest(what):
                with self.assertRaises(ve.NoteError):
                    ve.verify_tlog_proof(text, self.signer.verifier_key, [self.witness.verifier_key])
                code, out = self.run_cli(text, "--witness-key", self.witness.verifier_key)
                self.assertEqual(code, 1, out)
                self.assertTrue(out.startswith("FAILED: "), out)

    def test_event_bytes_file_overrides_extra(self):
        f = pathlib.Path(self.work.name) / "bytes"
        f.write_bytes(self.stored[5])
        code, out = self.run_cli(self.proof(), "--event-bytes", str(f))
        self.assertEqual(code, 1, out)
        self.assertIn("does not verify", out)


if __name__ == "__main__":
    unittest.main()


# ---------------------------------------------------------------------------------------------
# Sealed packs: HPKE (RFC 9180) for the recipient (the data-sharing guidance §5 'Security')
# ---------------------------------------------------------------------------------------------

#: RFC 9180 test vectors, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256: Appendix A.1.1
#: (AES-128-GCM, aead 1), A.2.1 (ChaCha20-Poly1305, aead 3) and the CFRG vector for AES-256-GCM
#: (aead 2, the suite sealed packs use). info "Ode on a Grecian Urn", pt "Beauty is truth, truth beauty".
RFC9180_VECTORS = [
    {"aead": 1, "skRm": "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
     "enc": "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
     "shared_secret": "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc",
     "key": "4531685d41d65f03dc48f6b8302c05b0", "base_nonce": "56d890e5accaaf011cff4b7d",
     "ct0": "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"},
    {"aead": 3, "skRm": "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb",
     "enc": "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a",
     "shared_secret": "0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7",
     "key": "ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91", "base_nonce": "5c4d98150661b848853b547f",
     "ct0": "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28"},
    {"aead": 2, "skRm": "497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d",
     "enc": "6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256",
     "shared_secret": "3101c54c3a4f87439eaac080699ed9bbcc726ffe44e860c0424ccb7e3e2ead7b",
     "key": "f50b0609186798729ed0564b36ef2ef8044f1f9d05636874d1f46c819c7a669f", "base_nonce": "151d9929e2449747889bc923",
     "ct0": "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a"},
]
RFC9180_INFO = bytes.fromhex("4f6465206f6e2061204772656369616e2055726e")
RFC9180_PT = bytes.fromhex("4265617574792069732074727574682c20747275746820626561757479")


def seal_with_pyhpke(plaintext, public_key, marking="OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL", chunk_size=4096):
    """A sealed pack made with pyhpke (an independent HPKE), in the layout Casebook writes
    (Schemas/export/README.md, "Sealed packs")."""
    import pyhpke
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    suite = pyhpke.CipherSuite.new(pyhpke.KEMId.DHKEM_X25519_HKDF_SHA256, pyhpke.KDFId.HKDF_SHA256, pyhpke.AEADId.AES256_GCM)
    pk = suite.kem.deserialize_public_key(public_key)
    enc, sender = suite.create_sender_context(pk, info=ve.SEALED_MAGIC)
    fingerprint = hashlib.sha256(public_key).hexdigest()
    header = {"aead": "AES-256-GCM", "chunkSize": chunk_size, "contents": "zip", "enc": base64.b64encode(enc).decode(),
              "kdf": "HKDF-SHA256", "kem": "DHKEM(X25519, HKDF-SHA256)", "marking": marking, "mode": "base",
              "recipient": "test-recipient", "recipientKeySha256": fingerprint}
    preamble = ve.SEALED_MAGIC + b"\n" + canonical(header) + b"\n"
    header_hash = hashlib.sha256(preamble).digest()
    chunks = [plaintext[i:i + chunk_size] for i in range(0, len(plaintext), chunk_size)] or [b""]
    out = [preamble]
    for i, chunk in enumerate(chunks):
        sealed = sender.seal(chunk, aad=header_hash + (b"\x01" if i == len(chunks) - 1 else b"\x00"))
        out.append(len(sealed).to_bytes(4, "big") + sealed)
    return b"".join(out)


def recipient_key_file(directory, private_key, name="test-recipient"):
    path = pathlib.Path(directory) / (name + ".private")
    path.write_text("%s\n%s\n%s\n" % (ve.RECIPIENT_PRIVATE_KEY_FORMAT, name, base64.b64encode(private_key).decode()), encoding="utf-8")
    return path


class SealedPackTests(PackTestCase):
    """The data-sharing guidance §5 'Security': a pack with personal data travels encrypted for its
    recipient. The verifier's own HPKE key schedule (only `cryptography`'s X25519 and AES-GCM) is
    checked against RFC 9180's vectors and against pyhpke, and opens what an independent sealer made."""

    def key_pair(self):
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat
        sk = X25519PrivateKey.generate()
        raw = sk.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return raw, sk.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sealed_pack(self, private_key, public_key, **kw):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for path in sorted(self.pack.rglob("*")):
                if path.is_file():
                    z.write(path, path.relative_to(self.pack).as_posix())
        sealed = pathlib.Path(self.work.name) / "pack.hpke"
        sealed.write_bytes(seal_with_pyhpke(buffer.getvalue(), public_key, **kw))
        return sealed, recipient_key_file(self.work.name, private_key)

    def test_rfc9180_key_schedule_vectors(self):
        for v in RFC9180_VECTORS:
            key, nonce, shared = ve.hpke_base_receiver(bytes.fromhex(v["skRm"]), bytes.fromhex(v["enc"]), RFC9180_INFO, v["aead"])
            self.assertEqual(shared.hex(), v["shared_secret"])
            self.assertEqual(key.hex(), v["key"])
            self.assertEqual(nonce.hex(), v["base_nonce"])
            self.assertEqual(ve.hpke_aead_open(v["aead"], key, ve.hpke_nonce(nonce, 0), b"Count-0", bytes.fromhex(v["ct0"])), RFC9180_PT)

    def test_key_schedule_agrees_with_pyhpke(self):
        import pyhpke
        suite = pyhpke.CipherSuite.new(pyhpke.KEMId.DHKEM_X25519_HKDF_SHA256, pyhpke.KDFId.HKDF_SHA256, pyhpke.AEADId.AES256_GCM)
        for n in range(5):
            private_key, public_key = self.key_pair()
            info = b"casebook test %d" % n
            enc, sender = suite.create_sender_context(suite.kem.deserialize_public_key(public_key), info=info)
            key, nonce, _ = ve.hpke_base_receiver(private_key, enc, info, 0x0002)
            for seq in range(3):
                message = b"message %d of round %d" % (seq, n)
                ct = sender.seal(message, aad=b"aad")
                self.assertEqual(ve.hpke_aead_open(0x0002, key, ve.hpke_nonce(nonce, seq), b"aad", ct), message)

    def test_sealed_pack_opens_and_verifies(self):
        private_key, public_key = self.key_pair()
        sealed, key_file = self.sealed_pack(private_key, public_key)
        out_dir = pathlib.Path(self.work.name) / "opened"
        code, out = run(sealed, "--recipient-private-key", str(key_file), "--extract-to", str(out_dir))
        self.assertEqual(code, 0, out)
        self.assertIn("marked OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL", out)
        self.assertTrue((out_dir / "manifest.json").is_file())

    def test_sealed_pack_without_key_is_a_usage_error(self):
        private_key, public_key = self.key_pair()
        sealed, _ = self.sealed_pack(private_key, public_key)
        self.assertEqual(run(sealed)[0], ve.EXIT_USAGE)

    def test_extract_to_is_refused_for_a_plain_pack_or_a_directory_in_use(self):
        # --extract-to has no meaning for a plain pack: a usage error, not silently ignored.
        out_dir = pathlib.Path(self.work.name) / "opened"
        code, _ = run(self.pack, "--extract-to", str(out_dir))
        self.assertEqual(code, ve.EXIT_USAGE)
        self.assertFalse(out_dir.exists())
        # A directory that is not empty is refused before anything is decrypted or written.
        private_key, public_key = self.key_pair()
        sealed, key_file = self.sealed_pack(private_key, public_key)
        out_dir.mkdir()
        (out_dir / "keep.txt").write_text("mine")
        code, _ = run(sealed, "--recipient-private-key", str(key_file), "--extract-to", str(out_dir))
        self.assertEqual(code, ve.EXIT_USAGE)
        self.assertEqual(sorted(p.name for p in out_dir.iterdir()), ["keep.txt"])

    def test_tampered_ciphertext_refused(self):
        private_key, public_key = self.key_pair()
        sealed, key_file = self.sealed_pack(private_key, public_key)
        data = bytearray(sealed.read_bytes())
        data[-40] ^= 0x01
        sealed.write_bytes(bytes(data))
        code, out = run(sealed, "--recipient-private-key", str(key_file))
        self.assertEqual(code, 1, out)
        self.assertIn("does not decrypt", out)
        self.assertIn("authentication failed", out)

    def test_cut_short_and_relabelled_refused(self):
        private_key, public_key = self.key_pair()
        sealed, key_file = self.sealed_pack(private_key, public_key)
        whole = sealed.read_bytes()
        first = whole.index(b"\n")
        second = whole.index(b"\n", first + 1)
        sealed.write_bytes(whole[:second + 1 + 4 + 4096 + 16])  # only the first chunk of several
        code, out = run(sealed, "--recipient-private-key", str(key_file))
        self.assertEqual(code, 1, out)
        self.assertIn("chunk 1", out)
        sealed.write_bytes(whole.replace(b"PERSONAL AND CONFIDENTIAL", b"PERSONAL AND CONFIDENTIAX", 1))
        code, out = run(sealed, "--recipient-private-key", str(key_file))
        self.assertEqual(code, 1, out)
        self.assertIn("does not decrypt", out)

    def test_other_recipients_key_refused(self):
        private_key, public_key = self.key_pair()
        sealed, _ = self.sealed_pack(private_key, public_key)
        other, _ = self.key_pair()
        key_file = recipient_key_file(self.work.name, other, name="someone-else")
        code, out = run(sealed, "--recipient-private-key", str(key_file))
        self.assertEqual(code, 1, out)
        self.assertIn("not for the private key given", out)
