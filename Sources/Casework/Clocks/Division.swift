/// A part of the United Kingdom with its own list of bank holidays (Banking and Financial Dealings
/// Act 1971, Schedule 1). Raw values are the gov.uk feed's division keys.
public enum Division: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case englandAndWales = "england-and-wales"
    case scotland = "scotland"
    case northernIreland = "northern-ireland"

    public var description: String { rawValue }
}
