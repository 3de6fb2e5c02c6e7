import Foundation
import Testing
@testable import Casework

@Suite struct CaseReferenceTests {
    @Test(arguments: [
        ("FOI-2026-0042", CaseKind.request), ("EIR-2025-123", .request), ("SAR-2026-000001", .subjectAccess),
        ("BR-2026-0007", .breach), ("NM-2024-999999", .nearMiss),
    ])
    func validReferencesParseWithTheirKind(raw: String, kind: CaseKind) throws {
        let reference = try CaseReference(raw)
        #expect(reference.kind == kind)
        #expect(reference.rawValue == raw)
        #expect(reference.description == raw)
    }

    @Test(arguments: ["", "FOI-2026-42", "FOI-26-0042", "foi-2026-0042", "XX-2026-0042", "FOI-2026-1234567",
                      "FOI-2026-00A2", "FOI_2026_0042", "FOI-2026-0042-1", " FOI-2026-0042", "FOI-２０２６-0042",
                      "FOI-2026-0001\u{301}", "FOI-2026-000\u{0661}", "FOI\u{2010}2026-0001"])
    func invalidReferencesAreRefused(raw: String) {
        #expect(throws: CaseworkError.self) { try CaseReference(raw) }
        do {
            _ = try CaseReference(raw)
        } catch {
            #expect(error.code == .invalidCaseReference)
            #expect(error.message.contains("FOI-2026-0042"))
        }
    }

    @Test func codableAsPlainString() throws {
        let reference = try CaseReference("BR-2026-0007")
        let data = try JSONEncoder().encode([reference])
        #expect(String(decoding: data, as: UTF8.self) == #"["BR-2026-0007"]"#)
        #expect(try JSONDecoder().decode([CaseReference].self, from: data) == [reference])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CaseReference].self, from: Data(#"["BR-26-7"]"#.utf8))
        }
    }
}
