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
        sig = self.key.sign(body.encode())
        return body + "\n\u2014 %s %s\n" % (self.name, base64.b64encode(self.key_id + sig).decode())


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
    (d / "registers" / "foi-requests.csv").write_bytes(
        b'reference,received,summary,status\r\n'
        b'FOI-2026-0001,2026-01-01,"gritting budget, 2025\r\nand ""salt""",closed\r\n')
    (d / "registers" / "foi-requests.json").write_text(json.dumps({
        "register": "foi-requests", "generatedAt": "2026-02-01T00:00:00Z",
        "rows": [{"reference": "FOI-2026-0001", "status": "closed"}]}), encoding="utf-8")
    (d / "registers" / "subject-access.csv").write_bytes(b"reference,status\nSAR-2026-0002,closed\n")
    (d / "README.txt").write_text("Casebook ICO export (synthetic test pack).\n", encoding="utf-8")
    (d / "public-key.txt").write_text(signer.verifier_key + "\n", encoding="utf-8")
    (d / "checkpoint.txt").write_text(signer.sign(ORIGIN, size, root), encoding="utf-8")
    write_manifest(d, size)
    return {"signer": signer, "size": size, "root": root, "leaves": leaves, "exported": sorted(exported)}


def write_manifest(directory, tree_size=None):
    """(Re)writes manifest.json with the SHA-256 of every other file, as an attacker who also
    rewrites the unsigned manifest would."""
    d = pathlib.Path(directory)
    old = {}
    if (d / "manifest.json").exists():
        old = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    files = {}
    for p in sorted(d.rglob("*")):
        rel = p.relative_to(d).as_posix()
        if p.is_file() and rel != "manifest.json":
            files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    manifest = {"format": "casebook-export/1", "origin": old.get("origin", ORIGIN),
                "createdAt": old.get("createdAt", "2026-02-01T00:00:00Z"),
                "treeSize": old.get("treeSize", tree_size), "files": files}
    (d / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


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
        self.assertIn("2 registers (3 files, 3 rows)", out)
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
        self.assertEqual((result["cases"], result["events"], result["registers"]), (2, 8, 2))
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
                    if p.name == "foi-requests.csv":
                        data = data.replace(b"closed", b"open!!")
                    z.writestr(p.relative_to(self.pack).as_posix(), data)
        self.pack = zpath
        self.assertFails("registers/foi-requests.csv", "SHA-256")

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
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "position 0", "leaf hash")

    def test_timeline_bytes_and_leaf_hash_changed_and_manifest_rewritten(self):
        def change(doc):
            entry = self.flip_stored_byte(doc)
            entry["leafHash"] = ref_leaf(base64.b64decode(entry["bytes"])).hex()
            entry["event"]["payload"]["summary"] = entry["event"]["payload"]["summary"].replace("Dear", "Deer")
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 4", "proofs/inclusion.ndjson line 1", "index 0", "leafHash")

    def test_everything_recomputed_except_the_signature(self):
        """The tamperer fixes leaf hash and inclusion proofs too: only the signed root stops them."""
        events = copy.deepcopy(LEDGER_EVENTS)
        events[0][2]["summary"] = "Deer council"
        forged = pathlib.Path(self.work.name) / "forged"
        write_pack(forged, signer=self.built["signer"], events=events)
        shutil.copy(self.pack / "checkpoint.txt", forged / "checkpoint.txt")
        write_manifest(forged)
        self.pack = forged
        self.assertFails("check 4", "does not verify to the checkpoint root", "timelines/FOI-2026-0001.json")

    def test_whole_pack_resigned_with_another_key_fails_a_pinned_key(self):
        events = copy.deepcopy(LEDGER_EVENTS)
        events[0][2]["summary"] = "Deer council"
        forged = pathlib.Path(self.work.name) / "forged"
        write_pack(forged, signer=Signer(), events=events)
        self.pack = forged
        self.assertFails("check 2", "public-key.txt", "not the expected key",
                         args=("--key", self.built["signer"].verifier_key))

    def test_stored_bytes_not_canonical(self):
        def change(doc):
            entry = doc["events"][0]
            stored = base64.b64decode(entry["bytes"])
            stored = stored.replace(b'"channel":"email"', b'"channel": "email"')
            entry["bytes"] = base64.b64encode(stored).decode()
            entry["leafHash"] = ref_leaf(stored).hex()
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "not canonical")

    # -- one byte of a register CSV

    def test_register_csv_byte_changed(self):
        path = self.pack / "registers" / "foi-requests.csv"
        data = bytearray(path.read_bytes())
        data[-3] ^= 0x01
        path.write_bytes(bytes(data))
        self.assertFails("check 1", "registers/foi-requests.csv", "SHA-256")

    def test_register_csv_broken_and_manifest_rewritten(self):
        path = self.pack / "registers" / "foi-requests.csv"
        path.write_bytes(path.read_bytes().replace(b"FOI-2026-0001,", b'FOI-2026-"0001,', 1))
        write_manifest(self.pack)
        self.assertFails("check 6", "registers/foi-requests.csv", "line 2")

    def test_register_json_without_rows(self):
        (self.pack / "registers" / "foi-requests.json").write_text('{"register":"foi-requests","generatedAt":"x"}')
        write_manifest(self.pack)
        self.assertFails("check 6", "registers/foi-requests.json", "rows")

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
        write_manifest(self.pack)
        self.assertFails("check 4", "proofs/inclusion.ndjson line 3", "index %d" % line["index"], "does not verify")

    def test_proof_line_missing(self):
        path = self.pack / "proofs" / "inclusion.ndjson"
        lines = path.read_text().splitlines()
        path.write_text("\n".join(lines[:3] + lines[4:]) + "\n")
        write_manifest(self.pack)
        missing = json.loads(lines[3])["index"]
        self.assertFails("check 4", "position %d" % missing, "has no inclusion proof")

    def test_proof_line_for_an_event_not_exported(self):
        leaves = self.built["leaves"]
        extra = {"index": 3, "size": len(leaves), "leafHash": leaves[3].hex(),
                 "proof": [h.hex() for h in ref_path(3, leaves)]}
        with open(self.pack / "proofs" / "inclusion.ndjson", "a") as f:
            f.write(json.dumps(extra) + "\n")
        write_manifest(self.pack)
        self.assertFails("check 4", "line 9", "position 3 is not an exported event")

    def test_proof_line_duplicated(self):
        path = self.pack / "proofs" / "inclusion.ndjson"
        lines = path.read_text().splitlines()
        path.write_text("\n".join(lines + [lines[0]]) + "\n")
        write_manifest(self.pack)
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
        write_manifest(self.pack)
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
        write_manifest(self.pack)
        self.assertFails("check 2", "checkpoint.txt", "signature does not verify")

    def test_checkpoint_tree_size_differs_from_manifest(self):
        manifest = json.loads((self.pack / "manifest.json").read_text())
        manifest["treeSize"] += 1
        (self.pack / "manifest.json").write_text(json.dumps(manifest))
        self.assertFails("check 2", "tree size")

    # -- files deleted or added

    def test_file_deleted(self):
        (self.pack / "timelines" / "SAR-2026-0002.json").unlink()
        self.assertFails("check 1", "timelines/SAR-2026-0002.json", "missing")

    def test_file_deleted_and_manifest_rewritten(self):
        """A whole case removed: its events still have inclusion proofs, which no longer belong."""
        (self.pack / "timelines" / "SAR-2026-0002.json").unlink()
        write_manifest(self.pack)
        self.assertFails("check 4", "position 1 is not an exported event")

    def test_file_added(self):
        (self.pack / "timelines" / "extra-notes.txt").write_text("nothing to see\n")
        self.assertFails("check 1", "timelines/extra-notes.txt", "not listed in manifest.json")

    def test_extra_file_listed_in_manifest_is_reported(self):
        (self.pack / "summaries").mkdir()
        (self.pack / "summaries" / "FOI-2026-0001.txt").write_text("a plain-words summary\n")
        (self.pack / "timelines" / "index.md").write_text("not a timeline, so not parsed as one\n")
        write_manifest(self.pack)
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
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "entry 2", "version 3 where version 2 should be")

    def test_event_removed_from_timeline(self):
        self.edit_timeline(lambda doc: doc["events"].pop(1))
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "entry 2", "version 3 where version 2")

    def test_view_changed_at_a_non_sealed_place(self):
        def change(doc):
            doc["events"][1]["event"]["payload"]["note"] = "ack sent, 40 working days"
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/FOI-2026-0001.json", "position 2",
                         "event view differs", "event.payload.note")

    def test_view_placeholder_at_a_non_sealed_place(self):
        def change(doc):
            doc["events"][0]["event"]["payload"]["channel"] = "[redacted]"
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "event.payload.channel")

    def test_view_type_changed(self):
        def change(doc):
            doc["events"][2]["event"]["payload"]["exempt"] = 0  # false in the stored bytes
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "position 5", "event.payload.exempt")

    def test_view_key_added(self):
        def change(doc):
            doc["events"][2]["event"]["payload"]["withheld"] = 2
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "event.payload.withheld", "not in the stored bytes")

    def test_entry_field_differs_from_stored_bytes(self):
        def change(doc):
            doc["events"][0]["occurredAt"] = "2026-01-02T09:30:00Z"
        self.edit_timeline(change)
        write_manifest(self.pack)
        self.assertFails("check 3", "position 0", "occurredAt")

    def test_timeline_case_differs_from_file_name(self):
        src = self.timeline("SAR-2026-0002")
        src.rename(self.pack / "timelines" / "SAR-2026-0099.json")
        write_manifest(self.pack)
        self.assertFails("check 3", "timelines/SAR-2026-0099.json", "file name")


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
        write_pack(self.pack, consistency_from=7)
        path = self.pack / "proofs" / "consistency.json"
        doc = json.loads(path.read_text())
        lines = doc["previousCheckpoint"].split("\n")
        doc["previousCheckpoint"] = Signer().sign(lines[0], int(lines[1]), base64.b64decode(lines[2]))
        path.write_text(json.dumps(doc))
        write_manifest(self.pack)
        code, out = run(self.pack)
        self.assertEqual(code, 1, out)
        self.assertIn("previousCheckpoint", out)
        self.assertIn("no signature by the key", out)

    def test_from_root_not_the_previous_checkpoint_root_fails(self):
        write_pack(self.pack, consistency_from=4)
        path = self.pack / "proofs" / "consistency.json"
        doc = json.loads(path.read_text())
        doc["fromRoot"] = "00" * 32
        path.write_text(json.dumps(doc))
        write_manifest(self.pack)
        code, out = run(self.pack)
        self.assertEqual(code, 1, out)
        self.assertIn("fromRoot", out)


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
        write_manifest(self.pack)

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
        write_manifest(self.pack)
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
