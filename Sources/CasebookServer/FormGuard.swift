import Crypto
import Foundation
import Hummingbird

/// CSRF protection for the HTML forms. Every form carries a hidden `csrf` field whose value is
/// bound to the browser's session: HMAC-SHA256, under a key only this server process holds, of the
/// session's id. A POST to a page route is accepted only from a signed-in browser session and
/// only with the token of that session, so a page on another site cannot submit a form as the
/// officer (it can neither read the token nor compute it), and a machine's API token cannot post
/// forms (machines use `/api/v1`).
struct FormGuard: Sendable {
    /// The hidden field's name.
    static let field = "csrf"
    private let key: SymmetricKey

    /// A fresh key per server process: forms rendered before a restart must be reloaded.
    init(key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.key = key
    }

    /// The token every form of the session `session` carries.
    func token(forSession session: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("casebook-csrf\u{0}" + session).utf8), using: key)
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Refuses a form post that is not from a signed-in browser session or lacks that session's token.
    func verify(_ form: [String: String], context: CasebookRequestContext) throws {
        let identity = try context.requireIdentity()
        guard identity.viaCookie, let session = context.sessionID else {
            throw APIError.forbidden("forms are for people signed in through the sign-in page; a program records events through /api/v1 with its token")
        }
        let expected = Array(token(forSession: session).utf8)
        let given = Array((form[Self.field] ?? "").utf8)
        // Constant time over the expected length, so the comparison does not leak how much matched.
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for (i, byte) in expected.enumerated() { difference |= byte ^ (i < given.count ? given[i] : 0) }
        guard difference == 0 else {
            throw APIError.forbidden("this form has expired or did not come from this site; reload the page and submit it again")
        }
    }
}
