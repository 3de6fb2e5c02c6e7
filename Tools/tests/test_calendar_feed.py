"""The per-officer iCalendar feed (GET /calendar/<secret>.ics) read by a real iCalendar parser.

A `casebook serve` on a 300-case demo ledger; the feed of the officer holding the most due steps
is parsed with the `icalendar` package (PyPI; Tools/setup installs it) and checked against the
due list the API gives and against case officers worked out here from the timelines: every step
of the officer's cases is one VEVENT whose DTSTART is the step's deadline (a date for day
deadlines, a UTC instant for hour clocks); UIDs are unique and the same on a second fetch; no
requester's name appears; a rotated secret is 404.

Needs the debug build (`swift build`, or $CASEBOOK_BIN); skipped with a message when it is missing.
Run from the repository root:  python3 -m unittest discover -s Tools/tests -v
"""

import collections
import datetime
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import icalendar

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASEBOOK = pathlib.Path(os.environ.get("CASEBOOK_BIN", ROOT / ".build" / "debug" / "casebook"))
ORIGIN = "calendar-feed.example/log"
BASE_URL = "https://casebook.council.example"
#: How far ahead the feed looks (DueCalendar.horizonWorkingDays).
HORIZON = 260


@unittest.skipUnless(CASEBOOK.exists(), "build the CLI first (swift build), or set CASEBOOK_BIN")
class CalendarFeedTests(unittest.TestCase):
    @classmethod
    def run_cli(cls, *args):
        return subprocess.run([str(CASEBOOK), *args, "--ledger", cls.ledger], check=True, capture_output=True, text=True).stdout

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="casebook-calendar-feed-")
        cls.ledger = os.path.join(cls.dir, "ledger")
        cls.run_cli("init", "--origin", ORIGIN)
        cls.run_cli("demo", "generate", "--cases", "300")
        cls.token = cls.run_cli("token", "create", "--role", "auditor", "--personal-data", "--name", "feed.checker").strip().splitlines()[-1]
        cls.server = subprocess.Popen([str(CASEBOOK), "serve", "--ledger", cls.ledger, "--port", "0", "--base-url", BASE_URL],
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
        # The server checks every register against the log at start-up; registers answer 503 until then.
        deadline = time.time() + 180
        while cls.get("/api/v1/due", cls.token)[0] == 503 and time.time() < deadline:
            time.sleep(0.5)

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        try:
            cls.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            cls.server.kill()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def get(cls, path, token=None):
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (cls.port, path))
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    @classmethod
    def api(cls, path):
        status, _, body = cls.get(path, cls.token)
        if status != 200:
            raise AssertionError("%s: %d %s" % (path, status, body[:300]))
        return json.loads(body)

    @classmethod
    def officer_of(cls, reference):
        """The case officer from the timeline: the first event's actor, then the latest Reassigned.to
        (a voided reassignment does not count)."""
        events = cls.api("/api/v1/cases/%s/timeline" % reference)["entries"]
        voided = {e["payload"].get("voidsEventId", "").lower() for e in events if e["type"] == "Voided"}
        officer = events[0]["actor"]["id"]
        for e in events:
            if e["type"] == "Reassigned" and e["eventId"] not in voided:
                officer = e["payload"]["to"]
        return officer, events

    def setUp(self):
        due = self.api("/api/v1/due?within=%d" % HORIZON)
        self.items = due["items"]
        self.assertGreater(len(self.items), 20, "the demo ledger should have steps due")
        self.officers, self.requesters = {}, set()
        for reference in sorted({i["reference"] for i in self.items}):
            officer, events = self.officer_of(reference)
            self.officers[reference] = officer
            for e in events:
                requester = e["payload"].get("requester")
                if isinstance(requester, dict) and isinstance(requester.get("name"), str):
                    self.requesters.add(requester["name"])
        counts = collections.Counter(self.officers[i["reference"]] for i in self.items)
        self.officer = counts.most_common(1)[0][0]
        self.expected = [i for i in self.items if self.officers[i["reference"]] == self.officer]
        self.assertTrue(self.requesters, "the demo cases have requesters to look for")
        users = json.loads(self.run_cli("user", "list", "--format", "json"))
        if self.officer not in {u["name"] for u in users}:
            self.run_cli("user", "add", self.officer, "--role", "officer")
        self.path = self.run_cli("user", "calendar", self.officer, "--rotate").strip()

    def fetch(self, path):
        status, headers, body = self.get(path)
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers.get("Content-Type"), "text/calendar; charset=utf-8")
        self.assertIn("no-store", headers.get("Cache-Control", ""))
        return body

    def test_feed_parses_and_matches_the_due_list(self):
        body = self.fetch(self.path)
        self.assertTrue(body.startswith(b"BEGIN:VCALENDAR\r\n"))
        for line in body.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
        self.assertNotIn(b"\n", body.replace(b"\r\n", b""), "every line ends with CRLF")
        calendar = icalendar.Calendar.from_ical(body)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertIn("PRODID", calendar)
        events = list(calendar.walk("VEVENT"))
        self.assertEqual(len(events), len(self.expected), "one VEVENT per due step of %s's cases" % self.officer)
        by_uid = {str(e["UID"]): e for e in events}
        self.assertEqual(len(by_uid), len(events), "UIDs are unique")
        for item in self.expected:
            uid = "%s.%s@%s" % (item["reference"], item["step"], ORIGIN)
            self.assertIn(uid, by_uid)
            event = by_uid[uid]
            start = event["DTSTART"].dt
            if "T" in item["due"]:
                self.assertIsInstance(start, datetime.datetime)
                self.assertEqual(start.utcoffset(), datetime.timedelta(0))
                want = datetime.datetime.strptime(item["due"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
                self.assertEqual(start, want, uid)
            else:
                self.assertNotIsInstance(start, datetime.datetime)
                self.assertEqual(start, datetime.date.fromisoformat(item["dueOn"]), uid)
            self.assertTrue(str(event["SUMMARY"]).startswith(item["reference"] + ": "))
            self.assertEqual(str(event["URL"]), "%s/cases/%s" % (BASE_URL, item["reference"]))
            self.assertIn("DTSTAMP", event)
        text = body.decode("utf-8")
        unfolded = text.replace("\r\n ", "")
        for name in self.requesters:
            self.assertNotIn(name, unfolded, "a requester's name is in the feed")
        self.assertNotIn(self.officer, unfolded, "the officer's own name is not in the feed")

    def test_uids_are_stable_across_fetches(self):
        first = icalendar.Calendar.from_ical(self.fetch(self.path))
        second = icalendar.Calendar.from_ical(self.fetch(self.path))
        uids = lambda c: sorted(str(e["UID"]) for e in c.walk("VEVENT"))
        self.assertEqual(uids(first), uids(second))

    def test_a_rotated_secret_is_404(self):
        old = self.path
        new = self.run_cli("user", "calendar", self.officer, "--rotate").strip()
        self.assertNotEqual(old, new)
        self.assertEqual(self.get(old)[0], 404)
        self.assertEqual(self.get("/calendar/made-up-secret.ics")[0], 404)
        self.fetch(new)
        self.path = new


if __name__ == "__main__":
    unittest.main()
