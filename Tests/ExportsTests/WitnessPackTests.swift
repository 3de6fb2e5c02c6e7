import Foundation
import LedgerStore
import Testing
@testable import Exports
import Witness

/// A pack whose checkpoint a witness cosigned: both verifiers check the cosignature against
/// witnesses.txt, and a forged one fails both.
@Suite("ICO pack with a witness cosignature", .serialized)
struct WitnessPackTests {
    struct InProcess: WitnessTransport {
        let witness: Witness
        func addCheckpoint(url: String, body: String) async throws -> (status: Int, contentType: String?, body: String) {
            let o = witness.addCheckpoint(body: Array(body.utf8))
            return (o.status, o.contentType, o.body)
        }
    }

    @Test("the cosigned checkpoint and witnesses.txt verify in both verifiers; a forged cosignature fails both")
    func cosignedPack() async throws {
        let f = try await ExportTests.Fixture(cases: 12)
        let ledger = f.casebook.ledger
        let witness = try Witness.create(at: f.dir + "/witness", name: "witness.example-council.gov.uk/w1", clock: { 1_782_810_000 })
        try witness.trust(logKey: try ledger.publicKey())
        var list = WitnessList()
        try list.add(url: "http://witness.test", key: witness.key.verifierKey)
        try list.save(ledger: ledger.directory)
        let result = try await Witnessing.cosign(note: try ledger.checkpoint(), ledger: ledger, transport: InProcess(witness: witness))
        #expect(result.reports.first?.cosignature != nil)

        let pack = try f.export("cosigned")
        #expect(try String(contentsOfFile: pack + "/checkpoint.txt", encoding: .utf8) == result.note)
        #expect(try String(contentsOfFile: pack + "/witnesses.txt", encoding: .utf8) == witness.key.verifierKey + "\n")
        let report = try ExportVerifier.verify(pack)
        #expect(report.lines.contains { $0.hasPrefix("witness witness.example-council.gov.uk/w1: cosignature verified") })
        let (status, output) = try ExportTests.python(pack)
        #expect(status == 0, "\(output)")
        #expect(output.contains("witness witness.example-council.gov.uk/w1: cosignature verified"))

        // One bit of the witness's signature flipped; the manifest rewritten to match and signed
        // again with the ledger's key: the forger is the log's operator, whom witnesses guard against.
        let forged = try ExportTests.copy(pack, "forged")
        var note = try SignedNote(try String(contentsOfFile: forged + "/checkpoint.txt", encoding: .utf8))
        let i = try #require(note.signatures.firstIndex { $0.name == "witness.example-council.gov.uk/w1" })
        var blob = note.signatures[i].blob
        blob[40] ^= 0x04
        note.signatures[i].line = "\u{2014} \(note.signatures[i].name) \(Data(blob).base64EncodedString())\n"
        try Data(note.text.utf8).write(to: URL(fileURLWithPath: forged + "/checkpoint.txt"))
        try ExportTests.rewriteManifest(forged, resigningWith: f.casebook.ledger)
        try ExportTests.expectBothFail(forged, mentioning: ["cosignature by witness.example-council.gov.uk/w1 does not verify"], "a forged cosignature")

        // Without witnesses.txt the pack claims no witness, and the ledger's signature still holds.
        let unlisted = try ExportTests.copy(pack, "unlisted")
        try FileManager.default.removeItem(atPath: unlisted + "/witnesses.txt")
        var manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: unlisted + "/manifest.json")))).objectValue!
        var files = manifest["files"]!.objectValue!
        files["witnesses.txt"] = nil
        manifest["files"] = .object(files)
        try Data(JSONValue.object(manifest).canonicalString.utf8).write(to: URL(fileURLWithPath: unlisted + "/manifest.json"))
        try ExportTests.rewriteManifest(unlisted, resigningWith: f.casebook.ledger)
        #expect(ExportTests.swiftVerify(unlisted) == nil)
        #expect(try ExportTests.python(unlisted).0 == 0)
    }
}
