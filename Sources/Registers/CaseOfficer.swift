import Casework
import Foundation
import LedgerStore

/// Who works a case: the person who opened it (the opening event's actor id), then whoever the
/// latest `Reassigned` event gave it to (`to`). The registers carry it as `officer`; the due
/// list, "my cases" and the feeds filter on it.
enum CaseOfficer {
    /// Notes `event`'s effect on the row's officer, after the register has applied it;
    /// `opening`: the row did not exist before the event.
    static func track<R: CaseRow>(_ event: CaseEvent, in row: inout R?, opening: Bool) {
        guard var r = row else { return }
        if event.type == EventType.reassigned.rawValue, let to = event.string("to"), !to.isEmpty {
            r.officer = to
        } else if opening, r.officer == nil, let actor = event.actorId, !actor.isEmpty {
            r.officer = actor
        }
        row = r
    }
}

extension [DueItem] {
    /// The items with each case's officer read from its stored register row (one read a case).
    func withOfficers(in log: LogView) throws -> [DueItem] {
        var officers: [String: String?] = [:]
        return try map { item in
            var item = item
            if let known = officers[item.reference] {
                item.officer = known
                return item
            }
            var officer: String?
            if let name = RegisterName(rawValue: item.register) {
                let kind = RegisterKind.named(name)
                officer = try log.transaction.reading(log.transaction.database(name.rowsTable), [UInt8](item.reference.utf8)) {
                    try $0.map { try kind.decode($0) }
                }?.caseOfficer
            }
            officers[item.reference] = .some(officer)
            item.officer = officer
            return item
        }
    }
}
