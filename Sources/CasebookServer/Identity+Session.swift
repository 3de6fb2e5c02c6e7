import CasebookCore

extension Identity {
    /// The identity of a person signed in through the sign-in page, acting in `role`: events
    /// they record carry their user name and that role (`actor`).
    ///
    /// An auditor signed in on the web sees personal data redacted: the user list grants no
    /// auditor decrypted access, and one who needs it for an inspection uses a token created with
    /// `casebook token create --role auditor --personal-data`, or the ICO export.
    init(session: BrowserSession, role: Role, csrfToken: String) {
        self.tokenId = "session"
        self.name = session.userName
        self.role = role
        self.personalData = false
        self.viaCookie = true
        self.csrfToken = csrfToken
    }
}
