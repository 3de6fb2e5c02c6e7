import Foundation
import Testing
@testable import LedgerStore

@Suite("Event ids Casebook makes")
struct EventIDTests {
    @Test("version 7, RFC 9562 variant, the moment in the first 48 bits, strictly increasing within a millisecond")
    func timeOrdered() {
        let now = Date(timeIntervalSince1970: 1_780_000_000.123)
        let ids = (0..<5000).map { _ in EventID.next(now: now) }
        for id in ids {
            #expect(id.uuid.6 >> 4 == 7)
            #expect(id.uuid.8 >> 6 == 0b10)
        }
        // 5000 ids in one millisecond overflow the 12-bit counter: the next millisecond is borrowed.
        #expect(EventID.milliseconds(of: ids[0]) ?? 0 >= 1_780_000_000_123)
        let bytes = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(Set(ids).count == ids.count)
    }

    @Test("a clock that steps back does not make an id sort before the last one")
    func clockStepsBack() {
        let a = EventID.next(now: Date(timeIntervalSince1970: 1_790_000_000))
        let b = EventID.next(now: Date(timeIntervalSince1970: 1_789_999_000))
        #expect(withUnsafeBytes(of: a.uuid) { Array($0) }.lexicographicallyPrecedes(withUnsafeBytes(of: b.uuid) { Array($0) }))
    }

    @Test("a version-4 id has no moment")
    func otherVersions() {
        #expect(EventID.milliseconds(of: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!) == nil)
        #expect(EventID.milliseconds(of: EventID.make(milliseconds: 42, counter: 1, random: 7)) == 42)
    }
}
