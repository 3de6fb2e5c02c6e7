import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// Tamper evidence: the signed checkpoint and its public key (public), inclusion and consistency
/// proofs (any token).
struct ProofController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("checkpoint", use: checkpoint)
        routes.get("public-key", use: publicKey)
        routes.get("proofs/inclusion", use: inclusion)
        routes.get("proofs/consistency", use: consistency)
        return routes
    }

    /// The latest signed checkpoint (a C2SP signed note). A new one is signed and stored only when
    /// the log has grown since the last, so anonymous readers cannot make the server write at will.
    @Sendable func checkpoint(_ request: Request, context: Context) async throws -> Response {
        let ledger = casebook.ledger
        let note = try await blocking { () -> String in
            let publicKey = try ledger.publicKey()
            let (latest, size) = try ledger.read { log in (try log.latestCheckpoint(), try log.size()) }
            if let latest, let opened = try? CheckpointNote.open(latest, verifierKey: publicKey), opened.size == size {
                return latest
            }
            return try ledger.checkpoint()
        }
        return JSONResponse.text(note, contentType: "text/plain; charset=utf-8")
    }

    @Sendable func publicKey(_ request: Request, context: Context) async throws -> Response {
        JSONResponse.text(try casebook.ledger.publicKey() + "\n", contentType: "text/plain; charset=utf-8")
    }

    @Sendable func inclusion(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        guard let position = try query.position("position") else {
            throw APIError.badRequest("give position, the event's position in the log (and optionally size, the tree size)", code: "invalidParameter")
        }
        let size = try query.position("size")
        let proof = try casebook.ledger.read { log in try log.inclusionProof(index: position, size: size ?? log.size()) }
        guard case .object(var o) = proof.json else { return JSONResponse.ok(proof.json) }
        o["verified"] = .bool(proof.verify())
        return JSONResponse.ok(.object(o))
    }

    @Sendable func consistency(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        guard let from = try query.position("from") else {
            throw APIError.badRequest("give from (the earlier tree size) and optionally to (default: the current size)", code: "invalidParameter")
        }
        let to = try query.position("to")
        let proof = try casebook.ledger.read { log in try log.consistencyProof(from: from, to: to ?? log.size()) }
        guard case .object(var o) = proof.json else { return JSONResponse.ok(proof.json) }
        o["verified"] = .bool(proof.verify())
        return JSONResponse.ok(.object(o))
    }
}
