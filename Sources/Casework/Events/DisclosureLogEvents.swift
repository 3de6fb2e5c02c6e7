/// Material published on the disclosure log in error was withdrawn from it (the FOI policy
/// "Create and publish a Disclosure Log"; the wrongful-release protocol). The public log then shows
/// only the reference and "withdrawn on" the day, never the material; a later
/// `PublishedToDisclosureLog` publishes the case again.
public struct PublicationWithdrawn: EventPayload {
    public static let eventType = EventType.publicationWithdrawn
    public static let personalFields: [PersonalField] = []

    public var withdrawnOn: LocalDate
    /// Why it was withdrawn (kept on the FOI register, never on the public log).
    public var reason: String
    /// Who withdrew it (officer id).
    public var withdrawnBy: String

    public init(withdrawnOn: LocalDate, reason: String, withdrawnBy: String) {
        self.withdrawnOn = withdrawnOn
        self.reason = reason
        self.withdrawnBy = withdrawnBy
    }
}
