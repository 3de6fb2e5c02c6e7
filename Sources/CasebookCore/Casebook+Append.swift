import Casework
import Foundation
import LedgerStore

extension Casebook {
    /// Records NDJSON lines appended by the ledger user `userName` (`casebook append`): as
    /// `record(ndjson:)`, with who acted checked against the user list.
    ///
    /// A line without an `actor` is recorded as `userName`, with the role the user list gives them
    /// for that event. A line with an actor must name a role that may record the event
    /// (`RecordingPolicy`, so never `admin`); an actor other than `userName` is allowed only when
    /// `userName` is an admin (a replay of records made by others), and `userName`'s own lines
    /// must use a role they hold. Every problem is reported; nothing is stored unless all pass.
    @discardableResult
    public func record(ndjson bytes: [UInt8], as userName: String) async throws -> [AppendResult] {
        guard let user = try self.user(named: userName) else {
            _ = try actor(for: userName, recording: .noteAdded, on: .request)  // throws the explanation
            throw CasebookError(.unknownUser, "\(userName) is not a user of this ledger")
        }
        // Lines without an actor act as the user, with the role the user list gives for the event.
        let (raw, lineNumbers, unreadable) = try NDJSONIntake.parseCollecting(bytes, defaultActor: { typeName, stream in
            guard let type = EventType(rawValue: typeName), let reference = try? CaseReference(stream) else {
                return .success(Actor(id: user.name, role: user.roles.first?.rawValue ?? ""))  // refused below, by the catalogue
            }
            do { return .success(try self.actor(for: user.name, recording: type, on: reference.kind)) } catch {
                return .failure(LedgerError(.refused, (error as? CasebookError)?.message ?? "\(error)"))
            }
        })
        var problems = unreadable.map { CasebookError.Problem(field: nil, message: $0) }
        for (i, draft) in raw.events.enumerated() {
            guard let type = EventType(rawValue: draft.type), let reference = try? CaseReference(draft.stream) else { continue }
            let at = "line \(lineNumbers[i]) (\(draft.type) on \(draft.stream))"
            guard let role = Role(rawValue: draft.actor.role) else {
                problems.append(.init(field: "actor.role", message: "\(at): \"\(draft.actor.role)\" is not a role; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if draft.actor.id == user.name {
                if !user.roles.contains(role) {
                    problems.append(.init(field: "actor.role", message: "\(at): \(user.name) (roles: \(user.roleList)) does not have role \(role); leave actor out to act with your own roles"))
                }
            } else if !user.roles.contains(.admin) {
                problems.append(.init(field: "actor.id", message: "\(at): only an admin appends events recorded by someone else; leave actor out, or make it {\"id\": \"\(user.name)\", …}"))
            }
            if !RecordingPolicy.mayRecord(type, on: reference.kind, as: role) {
                let needs = RecordingPolicy.roles(thatMayRecord: type, on: reference.kind).map(\.rawValue).joined(separator: " or ")
                problems.append(.init(field: "actor.role", message: "\(at): role \(role) may not record \(type) on \(reference.kind.casePhrase)\(needs.isEmpty ? "; nobody records it by hand" : "; that needs role \(needs)")"))
            }
        }
        return try await record(parsed: raw, lines: lineNumbers, problems: problems)
    }
}
