/// The coding keys the JSONValue coders put in coding paths: dictionary and array positions
/// spelled as Foundation's JSON coders spell them (`"Index 3"` with `intValue` 3, `"super"`), so
/// that a message built from a coding path reads the same whichever coder produced it.
struct JSONValueCodingKey: CodingKey, Sendable {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }

    static let `super` = JSONValueCodingKey(stringValue: "super")
}

/// A coding path as an immutable linked list: pushing a key is one small allocation, and a
/// container keeps the path it was made at however the decoder moves on.
final class CodingPathNode: @unchecked Sendable {
    // Immutable after init: safe to share.
    let key: (any CodingKey)?
    let parent: CodingPathNode?
    let depth: Int

    static let root = CodingPathNode()

    private init() {
        key = nil
        parent = nil
        depth = 0
    }

    private init(key: any CodingKey, parent: CodingPathNode) {
        self.key = key
        self.parent = parent
        self.depth = parent.depth + 1
    }

    func appending(_ key: any CodingKey) -> CodingPathNode {
        CodingPathNode(key: key, parent: self)
    }

    func appending(index: Int) -> CodingPathNode {
        CodingPathNode(key: JSONValueCodingKey(index: index), parent: self)
    }

    var path: [any CodingKey] {
        guard depth > 0 else { return [] }
        var keys: [any CodingKey] = []
        keys.reserveCapacity(depth)
        var node: CodingPathNode? = self
        while let n = node, let key = n.key {
            keys.append(key)
            node = n.parent
        }
        return keys.reversed()
    }

    func path(byAppending key: (any CodingKey)?) -> [any CodingKey] {
        guard let key else { return path }
        return path + [key]
    }
}
