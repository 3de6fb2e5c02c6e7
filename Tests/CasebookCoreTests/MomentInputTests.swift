import Casework
import Testing
@testable import CasebookCore

@Suite("Moments as people type them")
struct MomentInputTests {
    @Test("a day, a UK local time (winter and summer) and RFC 3339 are all read")
    func forms() {
        #expect(MomentInput.day("2026-11-21")?.iso == "2026-11-21")
        #expect(MomentInput.instant("2026-11-21 14:30")?.rfc3339 == "2026-11-21T14:30:00Z")   // GMT
        #expect(MomentInput.instant("2026-07-01 09:30")?.rfc3339 == "2026-07-01T08:30:00Z")   // BST
        #expect(MomentInput.instant("2026-07-01T09:30")?.rfc3339 == "2026-07-01T08:30:00Z")
        #expect(MomentInput.instant("2026-07-01T09:30:00+01:00")?.rfc3339 == "2026-07-01T08:30:00Z")
        #expect(MomentInput.instant("2026-07-01")?.rfc3339 == "2026-06-30T23:00:00Z")        // start of the UK day
        #expect(MomentInput.day("2026-07-01T23:30:00Z")?.iso == "2026-07-02")               // already the 2nd in London
    }

    @Test("impossible dates and times are refused")
    func refused() {
        for text in ["yesterday", "2026-02-30", "2026-02-30 10:00", "2026-11-21 24:00", "2026-11-21 10:60", "20260105", "2026-11-21 9:30", ""] {
            #expect(MomentInput.instant(text) == nil, "\(text)")
        }
        #expect(MomentInput.day("2026-13-01") == nil)
    }
}
