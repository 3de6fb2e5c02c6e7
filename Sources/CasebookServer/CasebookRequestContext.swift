import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus who is asking (set by `AuthMiddleware`).
public struct CasebookRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token's holder; nil for the public.
    public var identity: Identity?
    /// A token was presented but is unknown or revoked.
    public var presentedInvalidToken = false
    /// The browser session's id when the identity came from the session cookie (`AuthMiddleware`).
    public var sessionID: String?
    /// The CSRF token the session's forms carry (`FormGuard`); nil without a browser session.
    public var csrfToken: String?

    /// The client's IP address as the connection shows it (the sign-in throttle counts by it);
    /// nil when unknown (tests).
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are collected by the handlers themselves with their own limits.
    public var maxUploadSize: Int { 8 * 1024 * 1024 }

    /// The identity, or 401 (403 is the caller's to decide).
    func requireIdentity() throws -> Identity {
        guard let identity else {
            throw presentedInvalidToken
                ? APIError.unauthenticated("the token is not valid or has been revoked")
                : APIError.unauthenticated()
        }
        return identity
    }

    /// Throws 401 without an identity, 403 when `allowed` is false for it.
    func require(_ what: String, _ allowed: (Identity) -> Bool) throws -> Identity {
        let identity = try requireIdentity()
        guard allowed(identity) else {
            throw APIError.forbidden("a token with role \(identity.role) may not \(what)")
        }
        return identity
    }
}
