import Casework
import Testing
@testable import Registers

@Suite("The due list for people")
struct DueListTextTests {
    func item(_ due: String) -> DueItem {
        DueItem(reference: "BR-2026-0001", register: "breach", step: "icoNotification", due: due,
                dueOn: LocalDate(iso: String(due.prefix(10)))!, overdue: false, workingDaysLeft: 1)
    }

    @Test("an hour clock's deadline is shown on the London clock, a day clock's as its day (never a UTC instant beside days)")
    func londonTimes() {
        #expect(item("2026-06-03").dueForPeople == "2026-06-03")
        // 13:30 UTC in June is 14:30 BST; in January UTC and London agree.
        #expect(item("2026-06-03T13:30:00Z").dueForPeople == "2026-06-03 14:30 London")
        #expect(item("2026-01-15T09:05:00Z").dueForPeople == "2026-01-15 09:05 London")
        // 23:30 UTC on 31 March 2026 is already 1 April in London (BST).
        #expect(item("2026-03-31T23:30:00Z").dueForPeople == "2026-04-01 00:30 London")
    }
}
