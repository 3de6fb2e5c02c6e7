"""HTTP requests a client can get wrong at the framing level, sent raw to a running `casebook serve`.

Each must be answered with a 4xx that says what is wrong; none may be a 500. Needs the debug
build (`swift build`); skipped with a message when it is missing.

Run from the repository root:  python3 -m unittest discover -s Tools/tests -v
"""

import json
import os
import pathlib
import re
import select
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASEBOOK = ROOT / ".build" / "debug" / "casebook"


def can_mount_tmpfs():
    if os.geteuid() != 0:
        return False
    d = tempfile.mkdtemp(prefix="casebook-mount-probe-")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", d], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", d])
    os.rmdir(d)
    return ok


@unittest.skipUnless(CASEBOOK.exists(), "build the CLI first (swift build)")
class HTTPEdgeTests(unittest.TestCase):
    #: Where the ledger lives: a fresh temporary directory (a subclass mounts a small disk there).
    @classmethod
    def make_directory(cls):
        return tempfile.mkdtemp(prefix="casebook-http-edges-")

    @classmethod
    def remove_directory(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def setUpClass(cls):
        cls.dir = cls.make_directory()
        ledger = os.path.join(cls.dir, "ledger")
        cls.ledger = ledger
        run = lambda *args: subprocess.run([str(CASEBOOK), *args, "--ledger", ledger], check=True, capture_output=True, text=True)
        run("init", "--origin", "http-edges.example/log")
        cls.token = run("token", "create", "--role", "officer", "--name", "edge.tester").stdout.strip().splitlines()[-1]
        # A person for the sign-in form (`init` made whoever runs this the ledger's admin).
        run("user", "add", "edge.person", "--role", "officer")
        cls.password = "edge tester's long password"
        subprocess.run([str(CASEBOOK), "user", "password", "edge.person", "--password-stdin", "--ledger", ledger],
                       input=cls.password + "\n", check=True, capture_output=True, text=True)
        cls.server = subprocess.Popen([str(CASEBOOK), "serve", "--ledger", ledger, "--port", "0"],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        cls.port = None
        deadline = time.time() + 60
        while time.time() < deadline and cls.port is None:
            line = cls.server.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                cls.port = int(m.group(1))
        if cls.port is None:
            cls.server.kill()
            raise RuntimeError("casebook serve did not start")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        try:
            cls.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            cls.server.kill()
        cls.remove_directory()

    def headers(self, extra):
        return ("Host: localhost\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nConnection: close\r\n%s\r\n"
                % (self.token, extra)).encode()

    def exchange(self, head, body=b"", close_write=True, wait=10):
        """Sends the request (optionally without finishing it) and returns (status, JSON body)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=wait)
        try:
            s.sendall(head + body)
            if close_write:
                s.shutdown(socket.SHUT_WR)
            data = b""
            while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < self._length(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            s.close()
        status = int(data.split(b" ", 2)[1])
        payload = data.split(b"\r\n\r\n", 1)[1]
        return status, json.loads(payload) if payload.strip() else None

    @staticmethod
    def _length(data):
        m = re.search(rb"(?i)content-length: (\d+)", data.split(b"\r\n\r\n", 1)[0])
        return int(m.group(1)) if m else 0

    def raw(self, head, body=b""):
        """Sends a whole request; returns (status, header block as text, body bytes)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            s.sendall(head + body)
            s.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            s.close()
        head_text, _, payload = data.partition(b"\r\n\r\n")
        return int(data.split(b" ", 2)[1]), head_text.decode("latin-1"), payload

    def sign_in_form(self, origin, password):
        body = ("username=edge.person&password=%s&next=%%2Fdashboard" % password.replace(" ", "+").replace("'", "%27")).encode()
        head = ("POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (self.port, origin, len(body))).encode()
        return self.raw(head, body)

    def test_sign_in_posted_from_another_site_is_403_without_a_cookie(self):
        status, head, body = self.sign_in_form("https://elsewhere.example", self.password)
        self.assertEqual(status, 403, body)
        self.assertNotIn("set-cookie", head.lower())
        self.assertIn(b"not from this site", body)

    def test_a_signed_in_session_cookie_cannot_call_the_api(self):
        status, head, body = self.sign_in_form("http://127.0.0.1:%d" % self.port, self.password)
        self.assertEqual(status, 303, body)
        m = re.search(r"(?im)^set-cookie: (casebook_session=[^;]+);(.*)$", head)
        self.assertIsNotNone(m, head)
        self.assertIn("HttpOnly", m.group(2))
        self.assertIn("SameSite=Lax", m.group(2))
        cookie = m.group(1)
        self.assertNotIn(self.token, cookie)
        status, _, body = self.raw(("GET /api/v1/due HTTP/1.1\r\nHost: localhost\r\nCookie: %s\r\nConnection: close\r\n\r\n" % cookie).encode())
        self.assertEqual(status, 401, body)
        self.assertIn("Authorization: Bearer", json.loads(body)["error"]["message"])
        status, _, _ = self.raw(("GET /dashboard HTTP/1.1\r\nHost: localhost\r\nCookie: %s\r\nConnection: close\r\n\r\n" % cookie).encode())
        self.assertEqual(status, 200)

    def test_oversized_sign_in_form_is_413(self):
        body = b"username=edge.person&password=" + b"x" * (64 << 10)
        head = ("POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (self.port, self.port, len(body))).encode()
        status, _, _ = self.raw(head, body)
        self.assertEqual(status, 413)

    def test_body_shorter_than_its_content_length_is_400(self):
        status, body = self.exchange(b"POST /api/v1/deadline HTTP/1.1\r\n" + self.headers("Content-Length: 100\r\n"), b'{"a":1}')
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["code"], "badBody")
        self.assertIn("Content-Length", body["error"]["message"])

    def test_bad_chunk_size_is_400(self):
        status, body = self.exchange(b"POST /api/v1/deadline HTTP/1.1\r\n" + self.headers("Transfer-Encoding: chunked\r\n"),
                                     b'ZZ\r\n{"a":1}\r\n0\r\n\r\n')
        self.assertEqual(status, 400, body)
        self.assertIn("chunk", body["error"]["message"])

    def test_fee_paid_before_its_notice_is_422(self):
        question = json.dumps({"clock": "foia", "received": "2026-01-05", "feeNotice": "2026-01-10", "feePaid": "2026-01-07"}).encode()
        status, body = self.exchange(b"POST /api/v1/deadline HTTP/1.1\r\n" + self.headers("Content-Length: %d\r\n" % len(question)), question)
        self.assertEqual(status, 422, body)
        self.assertIn("before the fee notice", body["error"]["message"])

    def test_oversized_body_is_refused_before_it_is_sent(self):
        # 20 MiB declared; not one byte of the body is sent. The 413 must come anyway.
        head = b"POST /api/v1/events HTTP/1.1\r\n" + self.headers("Content-Length: %d\r\n" % (20 << 20))
        started = time.time()
        status, body = self.exchange(head, close_write=False, wait=10)
        self.assertEqual(status, 413, body)
        self.assertEqual(body["error"]["code"], "tooLarge")
        self.assertLess(time.time() - started, 10)

    def test_content_length_that_is_not_a_number_is_400(self):
        status, _ = self.exchange(b"POST /api/v1/deadline HTTP/1.1\r\n" + self.headers("Content-Length: lots\r\n"), b"{}")
        self.assertEqual(status // 100, 4)


@unittest.skipUnless(CASEBOOK.exists() and can_mount_tmpfs(), "needs the CLI build and root to mount a small tmpfs")
class FullDiskTests(HTTPEdgeTests):
    """The same server with its ledger on a 4 MiB disk that is then filled."""

    @classmethod
    def make_directory(cls):
        d = tempfile.mkdtemp(prefix="casebook-full-disk-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", d], check=True)
        return d

    @classmethod
    def remove_directory(cls):
        subprocess.run(["umount", cls.dir])
        os.rmdir(cls.dir)

    def test_append_to_a_full_disk_is_507_and_works_once_space_is_freed(self):
        filler = os.path.join(self.dir, "filler")
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        summary = "Gritting routes and salt bins " * 600
        opening = json.dumps({"requester": {"name": "Alex Example"}, "summary": summary, "receivedAt": "2026-03-02 09:15"}).encode()
        try:
            status, body = self.exchange(b"POST /api/v1/actions/foi/receive HTTP/1.1\r\n" + self.headers("Content-Length: %d\r\n" % len(opening)), opening)
            self.assertEqual(status, 507, body)
            self.assertEqual(body["error"]["code"], "diskFull")
            self.assertIn("disk is full", body["error"]["message"])
        finally:
            os.remove(filler)
        verify = subprocess.run([str(CASEBOOK), "verify", "--ledger", self.ledger], capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stderr)

    # The framing tests are the parent's; once is enough.
    test_bad_chunk_size_is_400 = None
    test_body_shorter_than_its_content_length_is_400 = None
    test_fee_paid_before_its_notice_is_422 = None
    test_oversized_body_is_refused_before_it_is_sent = None
    test_content_length_that_is_not_a_number_is_400 = None
    test_sign_in_posted_from_another_site_is_403_without_a_cookie = None
    test_a_signed_in_session_cookie_cannot_call_the_api = None
    test_oversized_sign_in_form_is_413 = None


if __name__ == "__main__":
    unittest.main()
