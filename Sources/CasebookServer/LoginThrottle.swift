import Foundation

/// Failed sign-ins, counted per user name and per client address: `limit` failures within
/// `window` lock further attempts on that name, or from that address, for `lockout`. While
/// locked, attempts are refused before any password is checked (and are not counted again).
///
/// Locking a name lets someone who knows it keep its owner out for a while; that is the price of
/// stopping password guessing against one account from many addresses, and the lock ends by
/// itself. In memory: a restart forgets the counts.
actor LoginThrottle {
    let limit: Int
    let window: TimeInterval
    let lockout: TimeInterval
    private let clock: @Sendable () -> Date
    private var failures: [String: [Date]] = [:]
    private var lockedUntil: [String: Date] = [:]

    init(limit: Int, window: TimeInterval, lockout: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.limit = limit
        self.window = window
        self.lockout = lockout
        self.clock = clock
    }

    /// The key of a user name (compared as typed, lower-cased, so case games do not reset it).
    static func key(user: String) -> String { "user:" + user.precomposedStringWithCanonicalMapping.lowercased() }
    static func key(address: String) -> String { "address:" + address }

    /// When the latest lock among `keys` ends, or nil when none is locked.
    func locked(_ keys: [String]) -> Date? {
        let now = clock()
        var latest: Date?
        for key in keys {
            guard let until = lockedUntil[key] else { continue }
            if until <= now {
                lockedUntil[key] = nil
            } else if latest.map({ until > $0 }) ?? true {
                latest = until
            }
        }
        return latest
    }

    /// Counts a failure against each key; returns when a lock it caused ends, if it caused one.
    @discardableResult
    func recordFailure(_ keys: [String]) -> Date? {
        let now = clock()
        prune(now: now)
        var until: Date?
        for key in keys {
            var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            if recent.count >= limit {
                lockedUntil[key] = now.addingTimeInterval(lockout)
                until = now.addingTimeInterval(lockout)
                recent = []
            }
            failures[key] = recent.isEmpty ? nil : recent
        }
        return until
    }

    /// Forgets the failures of `key` (a successful sign-in under that name).
    func reset(_ key: String) {
        failures[key] = nil
        lockedUntil[key] = nil
    }

    /// Drops counts older than the window, so the tables stay the size of recent activity.
    private func prune(now: Date) {
        guard failures.count + lockedUntil.count > 1000 else { return }
        failures = failures.compactMapValues { dates in
            let recent = dates.filter { now.timeIntervalSince($0) < window }
            return recent.isEmpty ? nil : recent
        }
        lockedUntil = lockedUntil.filter { $0.value > now }
    }
}
