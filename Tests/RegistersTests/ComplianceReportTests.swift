import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

@Suite("Compliance report")
struct ComplianceReportTests {
    @Test func periods() {
        let fy = ReportPeriod("fy2025")!
        #expect((fy.from, fy.to) == (day("2025-04-01"), day("2026-03-31")))
        #expect(fy.months.count == 12)
        let q3 = ReportPeriod("2025-Q3")!
        #expect((q3.from, q3.to) == (day("2025-07-01"), day("2025-09-30")))
        let m = ReportPeriod("2024-02")!
        #expect((m.from, m.to) == (day("2024-02-01"), day("2024-02-29")))
        let y = ReportPeriod("2025")!
        #expect((y.from, y.to) == (day("2025-01-01"), day("2025-12-31")))
        for bad in ["2025-Q5", "2025-13", "fy25", "Q3", "", "2025-7"] { #expect(ReportPeriod(bad) == nil, "\(bad)") }
    }

    @Test func percentagesRoundHalfUpInIntegers() {
        #expect(Timeliness.percent(2, of: 3) == "66.7")
        #expect(Timeliness.percent(5, of: 7) == "71.4")
        #expect(Timeliness.percent(1, of: 8) == "12.5")
        #expect(Timeliness.percent(9, of: 10) == "90.0")
        #expect(Timeliness.percent(0, of: 0) == nil)
    }

    /// 2025-Q3 (July–September), judged on 1 October, worked by hand from the scenario.
    @Test func quarterThreeByHand() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let r = ComplianceReport(period: ReportPeriod("2025-Q3")!, snapshot: s, today: Scenario.today)
            func t(_ cases: Int, _ counted: Int, _ onTime: Int, _ percent: String?, _ meets: Bool?) -> Timeliness {
                var x = Timeliness()
                x.cases = cases; x.counted = counted; x.onTime = onTime; x.late = counted - onTime
                x.percent = percent; x.meetsBenchmark = meets
                return x
            }
            // Received in Q3: FOI-0004 (on time), FOI-0005 (unanswered, due 29 Aug: late), EIR-0001 (on time),
            // FOI-0006 (on time), FOI-0009 (fee unpaid: no due day, not counted), FOI-0010 (due 15 Oct: not counted);
            // FOI-0008 withdrawn unanswered: left out. 3 of 4 = 75.0%, below 90%.
            #expect(r.requests == t(6, 4, 3, "75.0", false))
            #expect(r.requestsByRegime == ["foia": t(4, 2, 2, "100.0", true), "foisa": t(1, 1, 0, "0.0", false), "eir": t(1, 1, 1, "100.0", true)])
            // All seven received in Q3 count (FOI-0008 was never acknowledged and is past its 48 hours);
            // FOI-0006 (late entry, acknowledged after 50 hours) and FOI-0008 missed: 5 of 7 = 71.4%.
            #expect(r.acknowledgements == t(7, 7, 5, "71.4", false))
            // SAR-2025-0004 received 30 Aug, unanswered past 30 Sep.
            #expect(r.subjectAccess == t(1, 1, 0, "0.0", false))
            // Reviews decided in Q3: FOI-0011 (30 Jul, upheld), FOI-0004 (19 Sep, overturned); both on time.
            #expect(r.internalReviews.decided == 2)
            #expect(r.internalReviews.onTime == 2)
            #expect(r.internalReviews.byOutcome == ["upheld": 1, "overturned": 1])
            // First responses in Q3: FOI-0011 (3 Jul, none), FOI-0003 (10 Jul, none), FOI-0004 (20 Aug, 43(2)),
            // FOI-0006 (26 Sep, none), EIR-0001 (30 Sep, none).
            #expect(r.exemptions == ["43(2)": 1])
            // Discovered in Q3: BR-2025-0004 only; its 72 hours end on 2 Oct, so nothing is counted yet.
            #expect(r.breaches.total == 1)
            #expect(r.breaches.undecided == 1)
            #expect(r.breaches.within72h == t(1, 0, 0, nil, nil))
            #expect(r.breaches.byCategory == ["theft": 1])
            #expect(r.breaches.byService == ["Housing": 1])
            // Occurred in Q3: NM-0002 (ASC, loss, late) and NM-0003 (Housing, human error, on time).
            #expect(r.nearMisses.total == 2)
            #expect(r.nearMisses.reportedOnTime == 1)
            #expect(r.nearMisses.byCategory == ["loss": 1, "humanError": 1])
            #expect(r.nearMisses.byService == ["Adult Social Care": 1, "Housing": 1])
            // By month of receipt: July FOI-0004 on time, FOI-0005 late; August EIR-0001; September FOI-0006.
            #expect(r.monthly.map(\.month) == ["2025-07", "2025-08", "2025-09"])
            #expect(r.monthly.map(\.requests) == [t(2, 2, 1, "50.0", false), t(1, 1, 1, "100.0", true), t(3, 1, 1, "100.0", true)])
        }
    }

    /// Calendar year 2025: the breach figures.
    @Test func breachesIn2025ByHand() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let r = ComplianceReport(period: ReportPeriod("2025")!, snapshot: s, today: Scenario.today)
            let b = r.breaches
            #expect(b.total == 4)
            #expect((b.decidedNotify, b.decidedNotToNotify, b.undecided) == (2, 1, 1))
            // BR-0001 notified after 75 hours (with reasons), BR-0003 after 25.5 hours.
            #expect((b.notified, b.notifiedWithin72h, b.notifiedLate, b.lateWithoutReasons) == (2, 1, 1, 0))
            #expect(b.within72h.counted == 2)
            #expect(b.within72h.percent == "50.0")
            #expect(b.byCategory == ["loss": 1, "unauthorisedDisclosure": 2, "humanError": 1, "theft": 1])
            #expect(b.byService == ["Adult Social Care": 1, "Housing": 2, "Finance": 1])
            #expect(r.nearMisses.byService == ["Housing": 2, "Adult Social Care": 1])
            // FOI/EIR received in 2025: 12, less FOI-0008 (withdrawn) = 11 in scope; counted: all answered (8)
            // plus FOI-0005; FOI-0003 late and FOI-0005 late → 7 of 9 = 77.8%.
            #expect(r.requests.cases == 11)
            #expect(r.requests.counted == 9)
            #expect(r.requests.onTime == 7)
            #expect(r.requests.percent == "77.8")
            #expect(r.exemptions == ["21": 1, "43(2)": 1])
            #expect(r.monthly.count == 12)
        }
    }

    @Test func svgChartIsAccessible() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let svg = ComplianceReport(period: ReportPeriod("2025-Q3")!, snapshot: s, today: Scenario.today).svgChart
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("<title id=\"chart-title\">FOI/EIR requests answered on time, 2025-Q3</title>"))
            #expect(svg.contains("<desc id=\"chart-desc\">"))
            #expect(svg.contains("2025-07: 50.0% (1 of 2)"))
            #expect(svg.contains("ICO benchmark 90%"))
            #expect(svg.contains(">Month of receipt</text>"))
            #expect(svg.contains(">Answered on time (%)</text>"))
            #expect(svg.components(separatedBy: "<rect").count - 1 == 1 + 3)  // background + three bars
            // The benchmark's label starts (text-anchor start: x is its left edge) to the right of every bar (it used to sit on top of a bar at or above 90%).
            func numbers(_ pattern: String) -> [Double] {
                let regex = try! NSRegularExpression(pattern: pattern)
                return regex.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
                    Double(svg[Range($0.range(at: 1), in: svg)!])!
                }
            }
            let barRightEdges = zip(numbers(##"<rect x="(\d+)" y="\d+" width="\d+" height="\d+" fill="#[0-9a-f]+"><title>"##),
                                    numbers(##"<rect x="\d+" y="\d+" width="(\d+)" height="\d+" fill="#[0-9a-f]+"><title>"##)).map { $0 + $1 }
            let labelX = try #require(numbers(#"<text x="(\d+)" y="\d+" text-anchor="start"[^>]*>ICO benchmark 90%</text>"#).first)
            #expect(barRightEdges.count == 3 && barRightEdges.allSatisfy { $0 < labelX }, "bars end at \(barRightEdges), label starts at \(labelX)")
            // Well-formed XML (checked with Python's parser).
            let file = dir + "-chart.svg"
            defer { try? FileManager.default.removeItem(atPath: file) }
            try Data(svg.utf8).write(to: URL(fileURLWithPath: file))
            let parsed = try runProcess(["python3", "-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", file])
            #expect(parsed.status == 0, "\(parsed.output)")
        }
    }
}
