#!/usr/bin/env python3
"""The real-browser check of daily work (issue 16): Debian's Chromium driven by Playwright.

An officer signs in with a user name and password, records a whole FOI request through the web
forms from receipt to publication (receive, acknowledge, respond, publish — each through "Check
your answers" then "Record"), checks the register row and the case page, opens the other pages
people use (dashboard, registers, reports, the public disclosure log), imports a sheet on the
import page (the upload form, the dry run's report with refused rows, the result), signs out, and checks that
the old session cookie no longer opens a page. Every page is checked with axe-core
(axe-playwright-python): a serious or critical violation fails the check. A full-page screenshot
of every page is written to OUT, which CI keeps as its artefacts.

Playwright drives Debian's chromium through `executable_path`; nothing downloads a browser.

    Tools/tests/browser_flow.py BASE_URL USER PASSWORD OUT
"""

import pathlib
import re
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

BASE, USER, PASSWORD, OUT = sys.argv[1], sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4])
CHROMIUM = "/usr/bin/chromium"
OUT.mkdir(parents=True, exist_ok=True)
axe = Axe()
problems = []
shots = 0


def say(text):
    print("browser-flow: " + text, file=sys.stderr, flush=True)


def check(page, name):
    """Screenshot `page` as NAME and check it with axe; serious and critical violations fail."""
    global shots
    shots += 1
    page.screenshot(path=str(OUT / ("%02d-%s.png" % (shots, name))), full_page=True)
    result = axe.run(page)
    for v in result.response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(n["target"]) for n in v["nodes"]][:3]
            problems.append("%s: axe %s (%s) %s at %s" % (name, v["id"], v["impact"], v["help"], targets))
    if page.locator("html[lang]").count() != 1:
        problems.append(name + ": the page has no lang")


def must(condition, what):
    if not condition:
        problems.append(what)
        say("FAIL: " + what)


def record(page, name):
    """On a filled form: Continue to Check your answers, then Record; returns to the case page."""
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    must(page.locator("h1").inner_text().startswith("Check your answers"),
         name + ": Continue did not lead to Check your answers (" + page.locator("h1").inner_text() + ")")
    check(page, name + "-check-answers")
    page.get_by_role("button", name="Record").click()
    page.wait_for_load_state()
    must(re.search(r"/cases/FOI-\d{4}-\d{4}", page.url) is not None, name + ": Record did not lead to the case page: " + page.url)
    must("Recorded" in page.content(), name + ": no 'Recorded' banner on the case page")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)

    # The public see only the disclosure log.
    page.goto(BASE + "/disclosure-log")
    check(page, "public-disclosure-log")
    shown = page.locator("body").inner_text()
    must(not re.search(r"\b(grantedInPart|grantedInFull|neitherConfirmNorDeny|notHeld)\b", shown), "the public log shows machine values")

    # Sign in: a wrong password first (the error summary), then the right one.
    page.goto(BASE + "/sign-in")
    check(page, "sign-in")
    page.fill("#username", USER)
    page.fill("#password", "not the password at all")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    must(page.locator(".error-summary, [role=alert]").count() > 0, "a wrong password shows no error summary")
    check(page, "sign-in-error")
    page.fill("#username", USER)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    must(page.url.endswith("/dashboard"), "signing in did not lead to the dashboard: " + page.url)
    must(("Signed in as " + USER) in page.content(), "the dashboard does not say who is signed in")
    check(page, "dashboard")

    # Receive: the opening form.
    page.goto(BASE + "/new/foi/receive")
    check(page, "form-receive")
    page.check("input[name=channel][value=email]")
    page.check("input[name=regime][value=foia]")
    page.check("input[name=requesterType][value=individual]")
    page.fill("[name='requester.name']", "Robin Browserton")
    page.fill("[name='requester.email']", "robin.browserton@example.org")
    page.fill("[name=summary]", "Bus lane camera income 2025")
    page.fill("[name=service]", "Highways")
    record(page, "receive")
    reference = re.search(r"FOI-\d{4}-\d{4}", page.url).group(0)
    say("recorded " + reference)
    check(page, "case-received")

    # A form with a mistake comes back with the error summary and records nothing.
    page.goto(BASE + "/cases/%s/actions/acknowledge" % reference)
    page.fill("[name=acknowledgedAt-day]", "31")
    page.fill("[name=acknowledgedAt-month]", "2")
    page.fill("[name=acknowledgedAt-year]", "2026")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    must(summary.count() == 1 and summary.locator("a").count() >= 1, "a bad date gives no error summary linking to its field")
    check(page, "form-acknowledge-error")

    # Acknowledge, respond, publish.
    page.goto(BASE + "/cases/%s/actions/acknowledge" % reference)
    page.check("input[name=channel][value=email]")
    record(page, "acknowledge")
    page.goto(BASE + "/cases/%s/actions/respond" % reference)
    check(page, "form-respond")
    page.check("input[name=outcome][value=grantedInFull]")
    page.check("input[name=reviewRightsGiven][value=true]")
    page.check("input[name=appealRightsGiven][value=true]")
    record(page, "respond")
    page.goto(BASE + "/cases/%s/actions/publish" % reference)
    page.fill("[name=url]", "https://council.example/foi/disclosures/%s" % reference.lower())
    record(page, "publish")

    # The case page: status, clocks and the timeline in words.
    page.goto(BASE + "/cases/" + reference)
    html = page.content()
    for words in ("Request received", "Request acknowledged", "Response sent", "Published"):
        must(words in html, "the case page has no '%s'" % words)
    check(page, "case-page")

    # The register row, and the public log now lists the request.
    page.goto(BASE + "/registers/foi?q=" + reference)
    row = page.locator("tr", has_text=reference)
    must(row.count() == 1, "the FOI register has no row for " + reference)
    if row.count() == 1:
        text = row.inner_text()
        must("Granted in full" in text, "the register row does not say 'Granted in full': " + text)
        must("Bus lane camera income 2025" in text, "the register row has no summary: " + text)
    check(page, "register-foi")
    for path, name in (("/registers/sar", "register-sar"), ("/registers/breach", "register-breach"),
                       ("/reports", "reports"), ("/new", "new-case")):
        page.goto(BASE + path)
        check(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(BASE + "/registers/foi")
    width = page.evaluate("document.documentElement.scrollWidth")
    must(width <= 390, "the FOI register is %d px wide at a 390 px window (the page scrolls sideways)" % width)
    check(page, "register-foi-390px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Import: the upload form, the dry run's report (the broken fixture's refused rows and the
    # "Import N rows" button), then the import itself and its result.
    fixtures = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "import"
    page.goto(BASE + "/import")
    check(page, "import-form")
    page.check("input[name=kind][value=foi]")
    page.set_input_files("#file", str(fixtures / "foi-log-broken.csv"))
    page.set_input_files("#mapping", str(fixtures / "foi-log-a.mapping.json"))
    page.get_by_role("button", name="Check the sheet").click()
    page.wait_for_load_state()
    must(page.locator("h1").inner_text().startswith("Check the import"),
         "the import form did not lead to the dry run's report (" + page.locator("h1").inner_text() + ")")
    must(page.locator("#refused-caption").count() == 1, "the dry run of the broken file shows no refused rows")
    check(page, "import-dry-run")
    button = page.get_by_role("button", name=re.compile(r"^Import \d+ rows?$"))
    must(button.count() == 1, "the dry run has no 'Import N rows' button")
    if button.count() == 1:
        button.click()
        page.wait_for_load_state()
        must("Import complete" in page.content(), "importing did not lead to the result page")
        check(page, "import-result")

    page.goto(BASE + "/disclosure-log")
    must(reference in page.content(), "the public disclosure log does not list " + reference)
    must("Robin Browserton" not in page.content(), "the public disclosure log shows the requester's name")

    # Sign out; the old session no longer opens a page.
    session = [c for c in context.cookies() if c["name"] == "casebook_session"]
    must(len(session) == 1, "no session cookie in the browser")
    page.goto(BASE + "/dashboard")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    must("/sign-in" in page.url, "signing out did not lead to the sign-in page: " + page.url)
    context.add_cookies(session)
    page.goto(BASE + "/dashboard")
    must("/sign-in" in page.url, "the old session cookie still opens the dashboard after sign-out: " + page.url)
    check(page, "after-sign-out")
    browser.close()

if problems:
    for problem in problems:
        say("FAIL: " + problem)
    sys.exit(1)
say("OK: %s recorded through the forms from receipt to publication; %d pages checked with axe (no serious or critical violation); screenshots in %s"
    % (reference, shots, OUT))
