import Foundation

/// Event ids the product generates: UUID version 7 (RFC 9562 §5.7), time-ordered.
///
/// The `eventIds` index is a B-tree keyed by the id's bytes. Random (version 4) ids land all
/// over it, so every insert touches a different leaf page and the index's cost grows with the
/// log; ids that grow with time are appended at its right edge. Ids a client supplies stay any
/// UUID: only the ones Casebook makes are ordered.
///
/// Layout: 48 bits of Unix milliseconds, the version (7), 12 bits of a counter that keeps ids
/// made in the same millisecond increasing (RFC 9562 §6.2 method 1), the variant, 62 random bits.
public enum EventID {
    private static let state = Mutex()

    /// A new time-ordered id; strictly greater than every id this process made before it.
    public static func next(now: Date = Date()) -> UUID {
        let ms = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        let (time, counter) = state.advance(to: ms)
        var random = SystemRandomNumberGenerator()
        return make(milliseconds: time, counter: counter, random: random.next())
    }

    /// The version-7 id for a moment, a 12-bit counter and 62 random bits (for generators that
    /// must be deterministic, e.g. the demo history).
    public static func make(milliseconds: UInt64, counter: UInt16, random: UInt64) -> UUID {
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(i))) }
        b[6] = 0x70 | UInt8(truncatingIfNeeded: (counter >> 8) & 0x0F)
        b[7] = UInt8(truncatingIfNeeded: counter)
        for i in 0..<8 { b[8 + i] = UInt8(truncatingIfNeeded: random >> (56 - 8 * UInt64(i))) }
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// The millisecond a version-7 id was made at, or nil for another version.
    public static func milliseconds(of id: UUID) -> UInt64? {
        let u = id.uuid
        guard u.6 >> 4 == 7 else { return nil }
        return [u.0, u.1, u.2, u.3, u.4, u.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The last (millisecond, counter) issued; a clock that steps back keeps the last millisecond.
    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var lastMs: UInt64 = 0
        private var counter: UInt16 = 0

        func advance(to ms: UInt64) -> (UInt64, UInt16) {
            lock.lock()
            defer { lock.unlock() }
            if ms > lastMs {
                lastMs = ms
                counter = 0
            } else if counter < 0x0FFF {
                counter += 1
            } else {
                // 4096 ids in one millisecond: borrow the next millisecond.
                lastMs += 1
                counter = 0
            }
            return (lastMs, counter)
        }
    }
}
