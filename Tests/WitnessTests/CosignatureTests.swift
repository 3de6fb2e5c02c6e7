import Foundation
import LedgerStore
import Testing
@testable import Witness

@Suite("Cosignatures (C2SP tlog-cosignature v1, Ed25519)")
struct CosignatureTests {
    static let body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

    @Test("known answer: key id, verifier key and cosignature line for a fixed seed and time")
    func knownAnswer() throws {
        // Computed independently with Python's `cryptography` (Ed25519 is deterministic):
        // seed 0x01…0x20, name witness.example/w1, the spec's example body, time 1679315147.
        let key = try CosignerKey(name: "witness.example/w1", seed: Array(1...32))
        #expect(key.verifierKey == "witness.example/w1+468d99bb+BHm1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk")
        #expect(try key.cosign(body: Self.body, time: 1679315147) ==
            "\u{2014} witness.example/w1 Ro2ZuwAAAABkGFDLQB2dbiQ7rPMIDjq/twq5Ixt42T+awjiYS4+fxrnLnI31x5abVjZlhDVvZAcRRLyAiG4oQlhTgi4DsxiPwiDaDg==\n")
    }

    @Test("the spec's example cosignature has the layout key id ‖ u64 BE time ‖ 64-byte signature")
    func specLayout() throws {
        let note = Self.body + "\n\u{2014} witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
        let s = try #require(try SignedNote(note).signatures.first)
        #expect(s.blob.count == 76)
        #expect(UInt64(bigEndianBytes: s.blob[4..<12]) == 1679315147)  // the time in the spec's signed-message example
    }

    @Test("the message signed is cosignature/v1, the time line, then the whole body")
    func message() {
        #expect(String(decoding: Cosignature.signedMessage(body: Self.body, time: 1679315147), as: UTF8.self)
            == "cosignature/v1\ntime 1679315147\n" + Self.body)
    }

    @Test("a flipped bit anywhere in the cosignature, or another body, is forged; another witness's line is ignored")
    func forgeries() throws {
        let key = try CosignerKey(name: "witness.example/w1", seed: Array(1...32))
        let verifier = try CosignatureVerifier(verifierKey: key.verifierKey)
        let line = try key.cosign(body: Self.body, time: 1679315147)
        let good = Self.body + "\n" + line
        #expect(try verifier.check(note: good) == .verified(time: 1679315147))
        let blob = try SignedNote(good).signatures[0].blob
        for i in 4..<blob.count {  // bytes 0-3 are the key id: flipping those makes it another key's line
            var b = blob
            b[i] ^= 0x10
            let note = Self.body + "\n\u{2014} witness.example/w1 \(Data(b).base64EncodedString())\n"
            guard case .forged = try verifier.check(note: note) else { Issue.record("byte \(i) flipped still verifies"); continue }
        }
        let otherBody = Self.body.replacingOccurrences(of: "20852163", with: "20852164")
        guard case .forged = try verifier.check(note: otherBody + "\n" + line) else { Issue.record("a moved cosignature verified"); return }
        let other = try CosignerKey(name: "witness.example/w2", seed: Array(repeating: 9, count: 32))
        #expect(try verifier.check(note: Self.body + "\n" + (try other.cosign(body: Self.body, time: 1))) == .absent)
    }

    @Test("verifier keys: a log key (type 0x01), a wrong key id and garbage are refused")
    func verifierKeys() throws {
        let key = try CosignerKey(name: "witness.example/w1", seed: Array(1...32))
        _ = try CosignatureVerifier(verifierKey: key.verifierKey)
        let raw = "BHm1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk"
        let asLog = "witness.example/w1+468d99bb+" + Data([0x01] + Array(Data(base64Encoded: raw)!.dropFirst())).base64EncodedString()
        #expect(throws: LedgerError.self) { try CosignatureVerifier(verifierKey: asLog) }
        #expect(throws: LedgerError.self) { try CosignatureVerifier(verifierKey: "witness.example/w1+468d99bc+" + raw) }
        #expect(throws: LedgerError.self) { try CosignatureVerifier(verifierKey: "nonsense") }
    }
}
