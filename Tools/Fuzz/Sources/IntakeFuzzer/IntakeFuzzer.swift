import Casework
import Foundation
import LedgerStore

/// libFuzzer's entry point: any bytes, as an NDJSON input and as each event type's payload.
///
/// A crash, a trap or a hang is the finding; refusals are the expected answer. Each line the
/// intake accepts is also decoded as its event type's payload (reporting every problem), and the
/// bytes are tried as a payload of every type, so the payload decoders see the same input.
@_cdecl("LLVMFuzzerTestOneInput")
public func intakeFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let read = try? NDJSONIntake.parseCollecting(bytes) {
        for draft in read.batch.events {
            if let type = try? EventCatalogue.eventType(named: draft.type) {
                _ = try? EventCatalogue.decodeReportingAll(type, from: draft.payload)
            }
        }
    }
    if let value = try? JSONValue.parse(bytes) {
        for type in EventType.allCases {
            _ = try? EventCatalogue.decodeReportingAll(type, from: value)
        }
        _ = MomentInput.instant(value.stringValue ?? "")
    }
    if let text = String(bytes: bytes, encoding: .utf8) {
        _ = MomentInput.instant(text)
        _ = MomentInput.day(text)
        _ = try? CaseReference(text)
    }
    return 0
}

/// libFuzzer's driver, with the input callback above.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The program's entry: SwiftPM links an executable target's main under this name, so the
/// fuzzer starts libFuzzer's driver itself rather than relying on libFuzzer's own `main`.
@_cdecl("IntakeFuzzer_main")
public func intakeFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments, intakeFuzzerTestOneInput)
}
