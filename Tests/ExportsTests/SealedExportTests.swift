import Casework
import Crypto
import Foundation
import LedgerStore
import Testing
@testable import Exports
@testable import CasebookCore
import CasebookDemo
@testable import Registers

/// Exports holding personal data are marked and encrypted for their recipient (the data-sharing
/// guidance §5 'Security'): HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
/// AES-256-GCM; the standalone Python verifier opens what Casebook seals.
@Suite("Sealed exports and markings (the data-sharing guidance §5 'Security')", .serialized)
struct SealedExportTests {
    static func hex(_ s: String) -> Data {
        var out = Data()
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// RFC 9180 test vectors, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256: Appendix A.1.1
    /// (AES-128-GCM), A.2.1 (ChaCha20-Poly1305), and the CFRG vector for AES-256-GCM (the suite
    /// sealed packs use). Sequence numbers 0 and 1 of each.
    struct Vector: Sendable {
        /// The RFC 9180 AEAD id: 1 AES-128-GCM, 2 AES-256-GCM, 3 ChaCha20-Poly1305.
        var aead: Int
        var skRm, enc, pt: String
        var ciphertexts: [(aad: String, ct: String)]
    }
    static let info = "4f6465206f6e2061204772656369616e2055726e"  // "Ode on a Grecian Urn"
    static let plaintext = "4265617574792069732074727574682c20747275746820626561757479"  // "Beauty is truth, truth beauty"
    static let vectors: [Vector] = [
        Vector(aead: 1, skRm: "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
               enc: "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431", pt: plaintext, ciphertexts: [
                ("436f756e742d30", "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"),
                ("436f756e742d31", "af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84"),
               ]),
        Vector(aead: 3, skRm: "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb",
               enc: "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a", pt: plaintext, ciphertexts: [
                ("436f756e742d30", "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28"),
                ("436f756e742d31", "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c"),
               ]),
        Vector(aead: 2, skRm: "497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d",
               enc: "6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256", pt: plaintext, ciphertexts: [
                ("436f756e742d30", "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a"),
                ("436f756e742d31", "2c43aff25343fdbff864506f0818b9d87df84ea01b1a2144d23b4d40c26bf655fdf197fe40297a8aebeed5cc2d"),
               ]),
    ]

    @Test("RFC 9180 Appendix A.1.1 and A.2.1 (and the CFRG AES-256-GCM vector): the recipient opens the published ciphertexts")
    func rfc9180Vectors() throws {
        for v in Self.vectors {
            let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Self.hex(v.skRm))
            let aead: HPKE.AEAD = v.aead == 1 ? .AES_GCM_128 : v.aead == 2 ? .AES_GCM_256 : .chaChaPoly
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: aead),
                                               info: Self.hex(Self.info), encapsulatedKey: Self.hex(v.enc))
            for c in v.ciphertexts {
                #expect(try recipient.open(Self.hex(c.ct), authenticating: Self.hex(c.aad)) == Self.hex(v.pt))
            }
        }
    }

    static func keyPair(_ dir: String, _ name: String = "ico-inspection") throws -> (RecipientPrivateKey, String, String) {
        let made = try RecipientPrivateKey.generate(name: name, stem: dir + "/" + name)
        return (made.key, made.privatePath, made.publicPath)
    }

    @Test("a sealed file opens with its key; a changed byte, a cut-off end, a changed header and another key are refused by name")
    func sealOpenAndTamper() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-seal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (key, privatePath, publicPath) = try Self.keyPair(dir)
        let mode = try FileManager.default.attributesOfItem(atPath: privatePath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let plain = Data((0..<(SealedExport.chunkSize * 2 + 1234)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let input = URL(fileURLWithPath: dir + "/plain.bin")
        try plain.write(to: input)
        let sealedURL = URL(fileURLWithPath: dir + "/plain.bin.hpke")
        let recipient = try RecipientPublicKey.load(from: publicPath)
        _ = try SealedExport.seal(file: input, to: sealedURL, recipient: recipient, marking: SecurityMarking.personalData.text)
        let sealed = try Data(contentsOf: sealedURL)
        let loaded = try RecipientPrivateKey.load(from: privatePath)
        let (header, opened) = try SealedExport.open(sealed, with: loaded)
        #expect(opened == plain && header.marking == "OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL" && header.recipient == "ico-inspection")
        #expect(header.recipientKeySHA256 == key.publicKey.fingerprint)
        #expect(throws: ExportError.self) { try SealedExport.seal(file: input, to: sealedURL, recipient: recipient, marking: "OFFICIAL") }

        func refusal(_ data: Data, with other: RecipientPrivateKey? = nil) -> String {
            do { _ = try SealedExport.open(data, with: other ?? loaded); return "" } catch { return "\(error)" }
        }
        var flipped = sealed
        flipped[flipped.count - 100] ^= 0x01
        #expect(refusal(flipped).contains("chunk 3") && refusal(flipped).contains("authentication failed"))
        let cut = sealed.prefix(sealed.count - (1234 + 16 + 4))
        #expect(refusal(Data(cut)).contains("chunk 2") || refusal(Data(cut)).contains("cut short"))
        let preambleEnd = try #require(sealed.indices.filter { sealed[$0] == 0x0A }.dropFirst().first) + 1
        let text = String(decoding: sealed.prefix(preambleEnd), as: UTF8.self)
        let relabelled = Data(text.replacingOccurrences(of: "PERSONAL AND CONFIDENTIAL", with: "PERSONAL AND CONFIDENTIAX").utf8) + sealed.dropFirst(preambleEnd)
        #expect(refusal(relabelled).contains("chunk 1"))
        let (other, _, _) = try Self.keyPair(dir, "someone-else")
        #expect(refusal(sealed, with: other).contains("not for someone-else's key"))
        #expect(refusal(Data("not a pack".utf8)).contains("not a sealed Casebook export"))
    }

    @Test("the header is one line of canonical JSON; a chunkSize that is not a positive integer is refused as damage")
    func headerIsCanonicalAndStrict() throws {
        let header = SealedExport.Header(marking: "OFFICIAL", recipient: "ico \"inspection\"", recipientKeySHA256: "ab", contents: "zip",
                                         encapsulatedKey: Data(repeating: 7, count: 32), chunkSize: 4096)
        let line = SealedExport.headerLine(header)
        #expect(line == (try JSONValue.parse(line)).canonicalString)
        let preamble = { (line: String) in Data((SealedExport.magic + "\n" + line + "\n").utf8) }
        #expect(try SealedExport.header(of: preamble(line)).header == header)
        for bad in ["true", "0", "1.5", "\"4096\"", "9223372036854775807"] {
            let changed = line.replacingOccurrences(of: "\"chunkSize\":4096", with: "\"chunkSize\":\(bad)")
            #expect(throws: ExportError.self, "chunkSize \(bad)") { try SealedExport.header(of: preamble(changed)) }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-seal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try preamble(line).write(to: URL(fileURLWithPath: dir + "/a.hpke"))
        try Data("PK\u{3}\u{4}".utf8).write(to: URL(fileURLWithPath: dir + "/a.zip"))
        #expect(SealedExport.isSealed(fileAt: dir + "/a.hpke") && !SealedExport.isSealed(fileAt: dir + "/a.zip") && !SealedExport.isSealed(fileAt: dir + "/none"))
    }

    @Test("the data-sharing guidance §5: an unredacted export is refused without a recipient key unless --unencrypted, and never marked only OFFICIAL")
    func unredactedNeedsKeyAndMarking() async throws {
        let f = try await ExportTests.Fixture(cases: 12, seed: 3)
        do {
            _ = try f.export("clear") { $0.access = .reveal }
            Issue.record("an unredacted export without a key was written")
        } catch let e as ExportError {
            #expect(e.description.contains("--recipient-key") && e.description.contains("--unencrypted"))
        }
        do {
            _ = try f.export("official") { $0.access = .reveal; $0.unencrypted = true; $0.marking = .official }
            Issue.record("an unredacted export marked OFFICIAL was written")
        } catch let e as ExportError {
            #expect(e.description.contains("OFFICIAL-SENSITIVE"))
        }
        let pack = try f.export("unencrypted") { $0.access = .reveal; $0.unencrypted = true }
        let manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/manifest.json"))))
        #expect(manifest["marking"] == .string("OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL"))
        #expect(manifest["encryption"]?.stringValue?.contains("--unencrypted") == true)
        #expect(ExportTests.swiftVerify(pack) == nil)
        #expect(try ExportTests.python(pack).0 == 0)
    }

    @Test("the data-sharing guidance §5: the marking is on every file that can carry it, and both verifiers accept the pack")
    func markingsOnEveryFile() async throws {
        let f = try await ExportTests.Fixture(cases: 60, seed: 4)
        let pack = try f.export("marked") { $0.marking = try? SecurityMarking(parsing: "official-sensitive") }
        let marking = "OFFICIAL-SENSITIVE"
        let readme = try String(contentsOfFile: pack + "/README.txt", encoding: .utf8)
        #expect(readme.hasPrefix(marking + "\n") && readme.hasSuffix(marking + "\n"))
        let manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/manifest.json"))))
        #expect(manifest["marking"] == .string(marking))
        let files = try #require(manifest["files"]?.objectValue).keys.map(\.string)
        var checked = 0
        for rel in files where rel.hasSuffix(".json") && (rel.hasPrefix("registers/") || rel.hasPrefix("timelines/")) {
            let doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/" + rel))))
            #expect(doc["marking"] == .string(marking), "\(rel)")
            checked += 1
        }
        #expect(checked > 10)
        #expect(files.contains("registers/agreements.json") && files.contains("registers/complaints.csv"))
        let agreements = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/registers/agreements.json"))))
        #expect((agreements["rows"]?.arrayValue?.count ?? 0) >= 1, "the demo has a data-sharing agreement in 60 cases")
        #expect(ExportTests.swiftVerify(pack) == nil)
        let (status, output) = try ExportTests.python(pack)
        #expect(status == 0, "\(output)")
    }

    @Test("HPKE round trip Swift → Python: the standalone verifier opens a sealed pack with the recipient's private key and verifies it")
    func sealedPackSwiftToPython() async throws {
        let f = try await ExportTests.Fixture(cases: 12, seed: 5)
        let (_, privatePath, publicPath) = try Self.keyPair(f.dir)
        let recipient = try RecipientPublicKey.load(from: publicPath)
        let path = try f.export("sealed") { $0.access = .reveal; $0.recipient = recipient }
        #expect(path.hasSuffix("/sealed.hpke"))
        #expect(!FileManager.default.fileExists(atPath: f.dir + "/sealed"), "no plaintext pack is left beside the sealed file")
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(sealed.range(of: Data(ExportTests.canary.utf8)) == nil, "the requester's name is not readable in the sealed file")
        let report = try ExportVerifier.verify(path, recipientPrivateKey: privatePath)
        #expect(report.lines.first?.contains("OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL") == true)

        func python(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", ExportTests.repoRoot.appendingPathComponent("Tools/verify-export").path] + args
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        let extracted = f.dir + "/opened"
        let (status, output) = try python([path, "--recipient-private-key", privatePath, "--extract-to", extracted])
        #expect(status == 0, "\(output)")
        #expect(output.contains("sealed") && output.contains("OK"))
        let readme = try String(contentsOfFile: extracted + "/README.txt", encoding: .utf8)
        #expect(readme.contains("Encryption:    sealed for ico-inspection") && readme.hasPrefix("OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL"))
        let timeline = try String(contentsOfFile: extracted + "/timelines/FOI-2026-9001.json", encoding: .utf8)
        #expect(timeline.contains(ExportTests.canary), "the sealed pack carries the personal data, decrypted for its recipient")
        #expect(try python([path]).0 == 2, "a sealed pack without the key is a usage error, not a crash")

        var tampered = sealed
        tampered[tampered.count / 2] ^= 0x80
        let bad = f.dir + "/tampered.hpke"
        try tampered.write(to: URL(fileURLWithPath: bad))
        let (badStatus, badOutput) = try python([bad, "--recipient-private-key", privatePath])
        #expect(badStatus == 1 && badOutput.contains("does not decrypt"), "\(badOutput)")
        #expect(throws: ExportVerifier.Failure.self) { try ExportVerifier.verify(bad, recipientPrivateKey: privatePath) }
    }
}
