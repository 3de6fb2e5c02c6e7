extension Ledger {
    /// What the ledger would stamp as `recordedAt` on an event appended now (its injected clock),
    /// for callers that judge an event before appending it (a dry run).
    public func recordingTime() -> Timestamp { options.clock() }
}
