import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// The monitoring reports, every figure worked out by hand from `MonitoringScenario`.
@Suite("Monitoring reports (the data protection policy §4.9.1, §7.3; the breach procedure §3.6; FOIA s45 Code of Practice)")
struct MonitoringReportTests {
    typealias Action = MonitoringReport.OpenAction

    func snapshot(_ dir: String) throws -> RegisterSnapshot { try MonitoringScenario.build(in: dir).snapshot() }

    @Test("Financial half-years run April–September and October–March (the breach procedure §3.6)")
    func halvesAndShifts() {
        let h1 = ReportPeriod.half("2026-H1")!
        #expect((h1.label, h1.from, h1.to) == ("2026-H1", day("2026-04-01"), day("2026-09-30")))
        let h2 = ReportPeriod.half("fy2026-h2")!
        #expect((h2.label, h2.from, h2.to) == ("2026-H2", day("2026-10-01"), day("2027-03-31")))
        for bad in ["2026-H3", "2026-H0", "2026H1", "H1", "2026-Q1", ""] { #expect(ReportPeriod.half(bad) == nil, "\(bad)") }
        #expect(ReportPeriod.anyKind("2026-H2") == h2)
        let q2 = ReportPeriod("2026-Q2")!
        #expect((q2.previous.label, q2.previous.from, q2.previous.to) == ("2026-Q1", day("2026-01-01"), day("2026-03-31")))
        #expect((q2.sameLastYear.label, q2.sameLastYear.from, q2.sameLastYear.to) == ("2025-Q2", day("2025-04-01"), day("2025-06-30")))
        #expect((h1.previous.label, h1.previous.from, h1.previous.to) == ("2025-H2", day("2025-10-01"), day("2026-03-31")))
        #expect(h2.sameLastYear.label == "2025-H2")
        #expect(ReportPeriod("fy2026")!.previous.label == "fy2025")
        #expect(ReportPeriod("2026")!.previous.label == "2025")
        #expect(ReportPeriod("2026-01")!.previous.label == "2025-12")
        #expect(ReportPeriod("2026-Q1")!.previous.label == "2025-Q4")
        #expect(q2.isQuarter && !h1.isQuarter && !ReportPeriod("2026-04")!.isQuarter)
    }

    @Test("Quarterly monitoring report 2026-Q2 by hand (the data protection policy §4.9.1)")
    func quarterlyFigures() throws {
        try withTemporaryDirectory { dir in
            let r = MonitoringReport(.quarterly, period: ReportPeriod("2026-Q2")!, snapshot: try snapshot(dir), today: MonitoringScenario.today)
            #expect((r.period, r.from, r.to) == ("2026-Q2", day("2026-04-01"), day("2026-06-30")))
            // Aware in Q2: BR-0002 (00:30 on 1 April in London), BR-0003, BR-0004 (30 June). Not BR-0001 (31 March) or BR-0005 (1 July).
            let b = r.breaches
            #expect(b.total == 3)
            #expect(b.sensitive == 1)
            #expect(b.byCategory == ["unauthorisedDisclosure": 3, "humanError": 1])
            #expect(b.byService == ["Housing": 2, "Finance": 1])
            // BR-0002 notified after 75.5 hours; BR-0003 decided not to notify; BR-0004 undecided.
            #expect((b.notifiedToICO, b.notifiedWithin72h, b.notifiedLate, b.decidedNotToNotify, b.notificationUndecided) == (1, 0, 1, 1, 1))
            #expect((b.subjectsTold, b.peopleTold, b.investigationsOpened, b.closed) == (1, 3, 1, 1))
            // Occurred in Q2: NM-0002 (on time) and NM-0003 (reported 10 July, due 7 July); neither reviewed.
            let n = r.nearMisses
            #expect((n.total, n.reportedOnTime, n.reviewed) == (2, 1, 0))
            #expect(n.byCategory == ["unauthorisedDisclosure": 1, "loss": 1])
            #expect(n.byService == ["Housing": 1, "Finance": 1])
            // Received in Q2: SAR-0002 (on time), -0003 (late), -0004 (overdue), -0005 (not yet due), -0006 (withdrawn).
            let a = r.subjectAccess
            #expect((a.received, a.answered, a.answeredOnTime, a.answeredLate, a.overdue, a.withdrawn) == (5, 2, 1, 1, 1, 1))
            #expect((a.onTime.counted, a.onTime.onTime, a.onTime.percent) == (3, 1, "33.3"))
            // No third-party request in this scenario: the section is there, with nothing in it.
            #expect(r.thirdPartyDisclosures == MonitoringReport.ThirdPartyDisclosures())
            #expect(!r.text.contains("Third-party disclosures: not recorded in this ledger"))
        }
    }

    @Test("Third-party requests count by the day received, with their decisions, and an overdue one is an open action (the data protection policy Appendix 4, §4.9.1)")
    func thirdPartyRequests() throws {
        func row(_ reference: String, received: String, due: String, outcome: String?) throws -> ThirdPartyRow {
            var fields: [String: Any] = [
                "reference": reference, "receivedOn": received, "requesterCategory": "police",
                "requesterOrganisation": "Police Scotland", "purpose": "preventionOrDetectionOfCrime", "inWriting": true,
                "missingDetails": [String](), "dueOn": due, "status": outcome ?? "received",
                "lateEntries": [Any](), "correctedFields": [String](),
            ]
            if let outcome {
                fields["outcome"] = outcome
                fields[outcome == "disclosed" ? "disclosedOn" : "refusedOn"] = due
            }
            return try JSONDecoder().decode(ThirdPartyRow.self, from: JSONSerialization.data(withJSONObject: fields))
        }
        var s = RegisterSnapshot()
        s.thirdParty = [
            try row("TPD-2026-0001", received: "2026-03-31", due: "2026-04-28", outcome: "disclosed"),  // Q1: not counted in Q2
            try row("TPD-2026-0002", received: "2026-04-01", due: "2026-04-29", outcome: "disclosed"),
            try row("TPD-2026-0003", received: "2026-05-12", due: "2026-06-09", outcome: "refused"),
            try row("TPD-2026-0004", received: "2026-06-30", due: "2026-07-28", outcome: nil),          // open, overdue on 2026-08-03
        ]
        let r = MonitoringReport(.quarterly, period: ReportPeriod("2026-Q2")!, snapshot: s, today: LocalDate(iso: "2026-08-03")!)
        let t = r.thirdPartyDisclosures
        #expect((t.received, t.decided) == (3, 2))
        #expect(t.byDecision == ["disclosed": 1, "refused": 1])
        #expect(r.openActions.map(\.reference) == ["TPD-2026-0004"])
        let open = try #require(r.openActions.first)
        #expect((open.register, open.action, open.overdue) == ("third-party", "response", true))
        // The schema knows the third-party register as the home of an open action.
        try withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let file = dir + "/monitoring.json"
            try Data(try r.json().canonicalBytes()).write(to: URL(fileURLWithPath: file))
            let result = try runProcess(["python3", "Tools/validate-rows.py", "monitoring", file], in: repositoryRoot)
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test("The actions still open: investigations, near-miss reviews and overdue steps, overdue first (the data protection policy §4.9.1; the breach procedure §3.6)")
    func openActions() throws {
        try withTemporaryDirectory { dir in
            let r = MonitoringReport(.quarterly, period: ReportPeriod("2026-Q2")!, snapshot: try snapshot(dir), today: MonitoringScenario.today)
            let got = r.openActions.map { "\($0.reference) \($0.action) \($0.dueOn?.iso ?? "-") \($0.overdue)" }
            // BR-0002's form was due 2 working days after 1 April (Good Friday and Easter Monday skipped): 7 April.
            // NM-0002's review: 5 working days after 3 April = 13 April. BR-0004's form 2 July, its 72 hours end 3 July.
            // BR-0002 is sensitive, so its report to the Business Manager was due the same working day
            // (the breach procedure §3.1), and with an investigation ordered its updated form two weeks
            // after discovery (§5.5): 15 April.
            #expect(got == [
                "BR-2026-0002 reportToBusinessManager 2026-04-01 true",
                "BR-2026-0002 reportingForm 2026-04-07 true",
                "NM-2026-0002 nearMissReview 2026-04-13 true",
                "BR-2026-0002 updatedReportingForm 2026-04-15 true",
                "BR-2026-0002 investigation 2026-05-01 true",
                "SAR-2026-0004 response 2026-07-01 true",
                "BR-2026-0004 reportingForm 2026-07-02 true",
                "BR-2026-0004 icoNotification 2026-07-03 true",
                "NM-2026-0003 nearMissReview 2026-07-17 false",
                "BR-2026-0001 proposedMeasures - false",
                "BR-2026-0002 proposedMeasures - false",
                "BR-2026-0004 proposedMeasures - false",
            ])
            #expect(r.openActions.last?.detail == "Proposed measures still to be carried out and the breach closed: Refresher training for the team")
            // A reader of the FOI and SAR registers only sees the SAR action; the counts stay.
            let officer = r.restricted { $0 == "foi" || $0 == "sar" }
            #expect(officer.openActions.map(\.reference) == ["SAR-2026-0004"])
            #expect(officer.breaches == r.breaches)
        }
    }

    @Test("31 March falls in the quarter before 1 April, judged on the London day (the data protection policy §4.9.1)")
    func quarterBoundary() throws {
        try withTemporaryDirectory { dir in
            let s = try snapshot(dir)
            let q1 = MonitoringReport(.quarterly, period: ReportPeriod("2026-Q1")!, snapshot: s, today: MonitoringScenario.today)
            // BR-0006 (February) and BR-0001 (31 March); BR-0002 at 23:30 UTC on 31 March is 1 April in London.
            #expect(q1.breaches.total == 2)
            #expect(q1.breaches.byCategory == ["unauthorisedDisclosure": 1, "loss": 1])
            #expect((q1.breaches.notifiedToICO, q1.breaches.notifiedWithin72h) == (1, 1))
            #expect(q1.nearMisses.total == 1)
            #expect(q1.subjectAccess.received == 1)
            // Only cases begun by 31 March: BR-0001's proposed measures.
            #expect(q1.openActions.map { "\($0.reference) \($0.action)" } == ["BR-2026-0001 proposedMeasures"])
            let q3 = MonitoringReport(.quarterly, period: ReportPeriod("2026-Q3")!, snapshot: s, today: MonitoringScenario.today)
            #expect(q3.breaches.total == 1)  // BR-0005 on 1 July
            #expect(q3.breaches.byService == ["Finance": 1])
            #expect(q3.subjectAccess.received == 0)
        }
    }

    @Test("Biannual report to the management team, 2026-H1 April–September (the breach procedure §3.6)")
    func biannual() throws {
        try withTemporaryDirectory { dir in
            let r = MonitoringReport(.biannual, period: ReportPeriod.half("2026-H1")!, snapshot: try snapshot(dir), today: MonitoringScenario.today)
            #expect(r.kind == .biannual)
            #expect(r.basis.contains("the breach procedure §3.6"))
            #expect((r.from, r.to) == (day("2026-04-01"), day("2026-09-30")))
            // Q2's three and BR-0005 (1 July).
            #expect(r.breaches.total == 4)
            #expect(r.breaches.byCategory == ["unauthorisedDisclosure": 3, "humanError": 1, "loss": 1])
            #expect(r.breaches.byService == ["Housing": 2, "Finance": 2])
            #expect(r.nearMisses.total == 2)
            #expect(r.subjectAccess.received == 5)
            // Q2's twelve actions and BR-0005's three: form due 3 July, 72 hours ending 4 July, proposed measures.
            #expect(r.openActions.count == 15)
            #expect(r.openActions.filter { $0.reference == "BR-2026-0005" }.map { "\($0.action) \($0.dueOn?.iso ?? "-")" }
                == ["reportingForm 2026-07-03", "icoNotification 2026-07-04", "proposedMeasures -"])
            #expect(r.text.hasPrefix("Report to the management team 2026-H1 (2026-04-01 to 2026-09-30), as of 2026-07-15"))
        }
    }

    @Test("Trends: rising when up on the previous period and on the same period last year (the data protection policy §7.3)")
    func trends() throws {
        try withTemporaryDirectory { dir in
            let t = TrendsReport(period: ReportPeriod("2026-Q2")!, snapshot: try snapshot(dir))
            #expect((t.current.period, t.previous.period, t.sameLastYear.period) == ("2026-Q2", "2026-Q1", "2025-Q2"))
            func rows(_ register: String, _ by: String) -> [String] {
                let s = t.series.first { $0.register == register && $0.by == by }!
                return ([s.total] + s.rows).map { "\($0.key) \($0.current)/\($0.previous)/\($0.sameLastYear)\($0.rising ? " rising" : "")" }
            }
            // Breaches 2026-Q2 / 2026-Q1 / 2025-Q2.
            #expect(rows("breach", "category") == ["all 3/2/1 rising", "unauthorisedDisclosure 3/1/1 rising", "humanError 1/0/0 rising", "loss 0/1/0"])
            // Finance is up on the previous quarter but level with last year; Housing level with the previous quarter: neither rises.
            #expect(rows("breach", "service") == ["all 3/2/1 rising", "Housing 2/2/0", "Finance 1/0/1"])
            #expect(rows("near-miss", "category") == ["all 2/1/1 rising", "loss 1/0/0 rising", "unauthorisedDisclosure 1/0/1", "humanError 0/1/0"])
            #expect(rows("near-miss", "service") == ["all 2/1/1 rising", "Finance 1/0/0 rising", "Housing 1/1/1"])
            #expect(t.text.contains(TrendsReport.rule))
            #expect(t.text.contains("RISING"))
            let csv = t.csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csv.first == "register,by,key,period,count,previousPeriod,previousCount,lastYearPeriod,lastYearCount,rising")
            #expect(csv.contains("breach,service,Finance,2026-Q2,1,2026-Q1,0,2025-Q2,1,false"))
            #expect(csv.contains("near-miss,category,loss,2026-Q2,1,2026-Q1,0,2025-Q2,0,true"))
            #expect(csv.count == 1 + 4 + 3 + 4 + 3)  // header, then each series's total and rows
        }
    }

    @Test("The trends chart parses as SVG with a title, a description, every label, and no overlapping text (the data protection policy §7.3)")
    func trendsChart() throws {
        try withTemporaryDirectory { dir in
            let t = TrendsReport(period: ReportPeriod("2026-Q2")!, snapshot: try snapshot(dir))
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let file = dir + "/trends.svg"
            try Data(t.svgChart.utf8).write(to: URL(fileURLWithPath: file))
            // Parse with Python's XML parser; list the title, desc and every text element with its box
            // (width estimated at 0.62 em a character), and any pair of text boxes that overlap.
            let script = #"""
            import json, sys, xml.etree.ElementTree as ET
            ns = {"s": "http://www.w3.org/2000/svg"}
            root = ET.parse(sys.argv[1]).getroot()
            texts, boxes = [], []
            for t in root.iter("{http://www.w3.org/2000/svg}text"):
                x, y, fs = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
                w = len(t.text or "") * fs * 0.62
                left = x - w if t.get("text-anchor") == "end" else (x - w / 2 if t.get("text-anchor") == "middle" else x)
                texts.append(t.text)
                boxes.append((left, y - fs, left + w, y, t.text))
            overlaps = [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
            width = float(root.get("width"))
            outside = [b[4] for b in boxes if b[0] < 0 or b[2] > width]
            print(json.dumps({"title": root.find("s:title", ns).text, "desc": root.find("s:desc", ns).text,
                              "role": root.get("role"), "texts": texts, "overlaps": overlaps, "outside": outside}))
            """#
            let result = try runProcess(["python3", "-c", script, file])
            try #require(result.status == 0, "\(result.output)")
            let parsed = try JSONValue.parse(Array(result.output.utf8))
            #expect(parsed["role"]?.stringValue == "img")
            #expect(parsed["title"]?.stringValue == "Breaches and near misses, 2026-Q2 against 2026-Q1 and 2025-Q2")
            let desc = parsed["desc"]?.stringValue ?? ""
            #expect(desc.contains(TrendsReport.rule))
            #expect(desc.contains("Breaches by category: unauthorisedDisclosure"))
            #expect(desc.contains("Near misses by service: Finance"))
            let texts = Set(parsed["texts"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for label in ["Breaches by category", "Breaches by service", "Near misses by potential category", "Near misses by service",
                          "unauthorisedDisclosure", "humanError", "loss", "Housing", "Finance", "all", "2026-Q2", "previous 2026-Q1", "last year 2025-Q2",
                          "3 (previous 1, last year 1) rising", "1 (previous 0, last year 1)"] {
                #expect(texts.contains(label), "label \(label)")
            }
            #expect(parsed["overlaps"]?.arrayValue?.isEmpty == true, "\(parsed["overlaps"].map { "\($0)" } ?? "")")
            #expect(parsed["outside"]?.arrayValue?.isEmpty == true, "\(parsed["outside"].map { "\($0)" } ?? "")")
        }
    }

    @Test("Request statistics for 2026-Q2 in the form of the section 45 Code of Practice")
    func statisticsQuarter() throws {
        try withTemporaryDirectory { dir in
            let r = RequestStatistics(period: ReportPeriod("2026-Q2")!, snapshot: try snapshot(dir), today: MonitoringScenario.today)
            // Received in Q2: FOI-0002…0008 and EIR-0001 (FOI-0006 withdrawn counts as received).
            #expect(r.received == 8)
            #expect(r.receivedByRegime == ["foia": 7, "eir": 1])
            #expect((r.withdrawn, r.transferred) == (1, 0))
            // Answered: 0002, 0003 (late), EIR-0001, 0004, 0005; FOI-0007 overdue; FOI-0008 not yet due.
            #expect((r.answered, r.answeredInTime, r.answeredLate, r.overdue, r.open) == (5, 4, 1, 1, 1))
            #expect((r.inTime.counted, r.inTime.onTime, r.inTime.percent, r.inTime.meetsBenchmark) == (6, 4, "66.7", false))
            #expect(r.extended == 1)
            #expect(r.outcomes == ["refused": 3, "grantedInPart": 1, "grantedInFull": 1])
            let f = r.refusals
            #expect((f.inFull, f.inPart, f.costLimit, f.vexatious, f.neitherConfirmNorDeny) == (3, 1, 1, 1, 0))
            #expect(f.inFullByExemption == ["41": 1])
            #expect(f.inPartByExemption == ["21": 1])
            // Reviews requested 25 April (upheld) and 26 May (overturned), both decided within 20 working days.
            #expect((r.internalReviews.requested, r.internalReviews.decided, r.internalReviews.decidedOnTime, r.internalReviews.pending) == (2, 2, 2, 0))
            #expect(r.internalReviews.byOutcome == ["upheld": 1, "overturned": 1])
            #expect((r.icoComplaints.received, r.icoComplaints.decisionNotices, r.icoComplaints.pending) == (1, 0, 1))
            let csv = r.csv.components(separatedBy: "\r\n")
            #expect(csv.first == "table,key,measure,value")
            #expect(csv.contains("exemptions,41,refused in full,1"))
            #expect(csv.contains("refusals,cost limit (s12),count,1"))
        }
    }

    @Test("Request statistics for a year: the financial year starts on 1 April (the FOI policy 'Information Commissioners Office')")
    func statisticsYear() throws {
        try withTemporaryDirectory { dir in
            let s = try snapshot(dir)
            let fy = RequestStatistics(period: ReportPeriod("fy2026")!, snapshot: s, today: MonitoringScenario.today)
            // Q2's eight and FOI-0009 (1 July, in time); FOI-0001 (31 March) belongs to fy2025.
            #expect(fy.received == 9)
            #expect((fy.answered, fy.answeredInTime, fy.inTime.counted, fy.inTime.percent) == (6, 5, 7, "71.4"))
            let before = RequestStatistics(period: ReportPeriod("fy2025")!, snapshot: s, today: MonitoringScenario.today)
            #expect(before.received == 1)
            #expect(before.inTime.percent == "100.0")
            let calendar = RequestStatistics(period: ReportPeriod("2026")!, snapshot: s, today: MonitoringScenario.today)
            #expect(calendar.received == 10)
        }
    }

    @Test("Report JSON validates against its schema, and no personal field reaches any report (the data protection policy §4.9.1)")
    func schemasAndPersonalData() throws {
        try withTemporaryDirectory { dir in
            let s = try snapshot(dir + "/ledger")
            let probe = try runProcess(["python3", "-c", "import jsonschema"])
            try #require(probe.status == 0, "python3 with jsonschema is needed (run Tools/test)")
            let q2 = ReportPeriod("2026-Q2")!
            let monitoring = MonitoringReport(.quarterly, period: q2, snapshot: s, today: MonitoringScenario.today)
            let management = MonitoringReport(.biannual, period: ReportPeriod.half("2026-H1")!, snapshot: s, today: MonitoringScenario.today)
            let trends = TrendsReport(period: q2, snapshot: s)
            let statistics = RequestStatistics(period: ReportPeriod("fy2026")!, snapshot: s, today: MonitoringScenario.today)
            let outputs: [(String, JSONValue)] = [("monitoring", try monitoring.json()), ("monitoring", try management.json()),
                                                  ("trends", try trends.json()), ("statistics", try statistics.json())]
            for (i, (name, value)) in outputs.enumerated() {
                let file = "\(dir)/\(i)-\(name).json"
                try Data(value.canonicalBytes()).write(to: URL(fileURLWithPath: file))
                let result = try runProcess(["python3", "Tools/validate-rows.py", name, file], in: repositoryRoot)
                #expect(result.status == 0, "\(name): \(result.output)")
            }
            // The schema does reject a report with a field it does not know.
            let bad = "\(dir)/bad.json"
            try Data(#"{"kind":"quarterly","requester":"Someone"}"#.utf8).write(to: URL(fileURLWithPath: bad))
            #expect(try runProcess(["python3", "Tools/validate-rows.py", "monitoring", bad], in: repositoryRoot).status == 1)
            // Requesters' names carry "CANARY" in this scenario; none may appear.
            let everything = monitoring.text + monitoring.csv + management.text + trends.text + trends.csv + trends.svgChart
                + statistics.text + statistics.csv + outputs.map(\.1.canonicalString).joined()
            #expect(!everything.contains("CANARY"))
        }
    }
}
