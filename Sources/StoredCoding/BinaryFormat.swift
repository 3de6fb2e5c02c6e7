/// The tags of the binary format (see `BinaryStore`).
enum BinaryTag {
    static let null: UInt8 = 0x00
    static let `false`: UInt8 = 0x01
    static let `true`: UInt8 = 0x02
    static let int: UInt8 = 0x03
    static let uint: UInt8 = 0x04
    static let double: UInt8 = 0x05
    static let string: UInt8 = 0x06
    static let array: UInt8 = 0x07
    static let object: UInt8 = 0x08
}

/// A key in a coding path the binary coders rebuild: a member's name, or an array position
/// spelled as Foundation's coders spell it (`"Index 3"`, `intValue` 3).
struct BinaryPathKey: CodingKey {
    private let name: String?
    let intValue: Int?
    var stringValue: String { name ?? "Index \(intValue ?? 0)" }

    init(stringValue: String) {
        self.name = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.name = nil
        self.intValue = intValue
    }
}

/// Marks dictionaries, whose keys the encoder sorts so that equal values give equal bytes.
protocol BinaryUnorderedKeys {}
extension Dictionary: BinaryUnorderedKeys {}
