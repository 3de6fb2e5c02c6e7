import LedgerStore
import Foundation

extension TimelineEntry {
    /// A case's timeline as one JSON document (`Schemas/timeline.schema.json`):
    /// `{"reference": "FOI-2026-0012", "events": [ … ]}`, each event as `json` gives it, in order.
    public static func document(reference: String, _ entries: [TimelineEntry]) -> JSONValue {
        .object(["reference": .string(reference), "events": .array(entries.map(\.json))])
    }
}
