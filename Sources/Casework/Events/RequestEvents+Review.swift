// FOI review and refusal integrity: the review extension and the channelling of a requester's own
// personal data to subject access (the FOI policy "Complaints" and Appendix 2 "Section 40").

/// An internal review was extended beyond the policy's 20 working days because it is complex (the
/// FOI policy "Complaints": "In exceptional circumstances where the review is deemed complex, this
/// may be extended to 40 days"). Once per review, while it is open, at most 40 working days in all.
/// FOIA only: EIR reconsiderations have their statutory 40 working days (reg 11(4)) and FOISA reviews
/// 20 (s21(1)), neither extendable.
public struct InternalReviewExtended: EventPayload {
    public static let eventType = EventType.internalReviewExtended
    public static let personalFields: [PersonalField] = []

    public var extendedOn: LocalDate
    /// Further working days beyond the policy's review period; the review has at most the policy's
    /// `internalReviewMaxWorkingDays` (40) in all.
    public var workingDays: Int
    /// Why the review is complex enough to need more time.
    public var reasons: String
    /// The new due date as told to the requester, if stated.
    public var newDueDate: LocalDate?
    /// When the requester was told of the new timescale (the FOI policy "Complaints").
    public var requesterInformedOn: LocalDate?

    public init(extendedOn: LocalDate, workingDays: Int, reasons: String, newDueDate: LocalDate? = nil,
                requesterInformedOn: LocalDate? = nil) {
        self.extendedOn = extendedOn
        self.workingDays = workingDays
        self.reasons = reasons
        self.newDueDate = newDueDate
        self.requesterInformedOn = requesterInformedOn
    }
}

/// The request is for the requester's own personal data, exempt under FOIA s40(1) (FOISA
/// s38(1)(a); EIR reg 5(3)), and was channelled to the subject access procedure: closes the
/// request, which is answered by the linked SAR (the FOI policy Appendix 2 "Section 40"; the data
/// protection policy §2.1.4).
public struct ChannelledToSubjectAccess: EventPayload {
    public static let eventType = EventType.channelledToSubjectAccess
    public static let personalFields: [PersonalField] = []

    /// The SAR case opened for it, in the same append.
    public var sarCase: CaseReference
    public var channelledOn: LocalDate
    /// Why the information is the requester's own personal data (identity-free).
    public var reason: String?

    public init(sarCase: CaseReference, channelledOn: LocalDate, reason: String? = nil) {
        self.sarCase = sarCase
        self.channelledOn = channelledOn
        self.reason = reason
    }
}
