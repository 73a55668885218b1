// Which members of a JSON document a selective parse keeps: a set of key paths
// compiled into a small trie. Members off every path are validated and skipped
// without being built; where a path ends, the whole value is kept.

/// The key paths a selective parse (`JSONParser.parse(_:selecting:)`) keeps.
///
/// A path is a list of object keys from the document's root (`["callInfoDetail",
/// "callStatus"]`). The parse keeps, in every object on a path, only the members
/// whose key continues some path (every member with that key, in order, so
/// repeated keys read as in the full tree); the value where a path ends is kept
/// whole, and so is an array met before a path ends. The empty path keeps the
/// whole document. Keys are compared as Swift compares strings (canonical
/// equivalence), exactly as `JSONObject`'s subscript does.
public struct JSONSelection: Sendable, Hashable {
    struct Node: Sendable, Hashable {
        /// Keep the whole value: a path ends here.
        var whole: Bool
        /// This node's edges are `edges[firstEdge ..< firstEdge + edgeCount]`.
        var firstEdge: Int
        var edgeCount: Int
        /// Every edge key is ASCII, so a raw ASCII key can be compared byte for byte.
        var asciiKeys: Bool
        /// For an array value: the node each element is read with (-1: keep arrays whole).
        var elements: Int
        /// Record the byte range of each element read with `elements`.
        var captureElements: Bool
        /// One bit per edge, at `JSONSelection.filterBit` of its key: a key whose bit is clear
        /// is no edge's, found without comparing it with each.
        var keyFilter: UInt64 = 0
    }

    /// The bit of `keyFilter` for a key of `count` bytes whose first eight bytes are `head`
    /// (little-endian, zero-padded).
    @inline(__always) static func filterBit(count: Int, head: UInt64) -> UInt64 {
        1 << (((head &+ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// An edge: plain data, so the parser's key loop copies no string (the key is `edgeKeys[k]`).
    struct Edge: Sendable, Hashable {
        /// The key's UTF-8 bytes are `keyBytes[keyStart ..< keyStart + keyCount]`.
        var keyStart: Int
        var keyCount: Int
        /// The key's first eight bytes, little-endian, zero-padded: most keys compare in one step.
        var prefix: UInt64
        var node: Int
    }

    var nodes: [Node]
    var edges: [Edge]
    /// The key of each edge.
    var edgeKeys: [String]
    var keyBytes: [UInt8]

    /// Keeps the members on `paths` (see the type's documentation).
    public init(paths: [[String]]) {
        let root = Builder()
        for path in paths { root.add(path[...]) }
        self.init(root)
    }

    /// A selection that keeps whole documents (a selective parse is then a full parse).
    public static let everything = JSONSelection(paths: [[]])

    /// True when nothing is left out.
    public var keepsEverything: Bool { nodes[0].whole }

    /// For envelopes that carry a list: the members `envelope` kept whole, and each element
    /// of the array member `list` read with `elements`, its byte range captured
    /// (`JSONParser.parseCapturing(_:selecting:)` returns the ranges).
    public static func list(_ list: String, elements: JSONSelection, envelope: [String]) -> JSONSelection {
        let root = Builder()
        for key in envelope { root.add([key][...]) }
        let member = root.child(list)
        member.whole = false
        member.children = []
        member.elements = Builder(elements)
        member.captureElements = true
        return JSONSelection(root)
    }

    /// A mutable trie, flattened into `nodes`/`edges` once built.
    final class Builder {
        var whole = false
        var children: [(String, Builder)] = []
        var elements: Builder?
        var captureElements = false

        init() {}

        /// The builder tree of a compiled selection's node `n`.
        convenience init(_ selection: JSONSelection, node n: Int = 0) {
            self.init()
            let node = selection.nodes[n]
            whole = node.whole
            captureElements = node.captureElements
            for e in node.firstEdge..<node.firstEdge + node.edgeCount {
                children.append((selection.edgeKeys[e], Builder(selection, node: selection.edges[e].node)))
            }
            if node.elements >= 0 { elements = Builder(selection, node: node.elements) }
        }

        func child(_ key: String) -> Builder {
            if let found = children.first(where: { $0.0 == key }) { return found.1 }
            let b = Builder()
            children.append((key, b))
            return b
        }

        func add(_ path: ArraySlice<String>) {
            if whole { return }
            guard let first = path.first else {
                whole = true
                children = []
                return
            }
            child(first).add(path.dropFirst())
        }
    }

    init(_ root: Builder) {
        nodes = []
        edges = []
        edgeKeys = []
        keyBytes = []
        _ = flatten(root)
    }

    /// Appends `b` and its subtree; returns its node index.
    private mutating func flatten(_ b: Builder) -> Int {
        let index = nodes.count
        nodes.append(
            Node(
                whole: b.whole, firstEdge: 0, edgeCount: 0, asciiKeys: true, elements: -1,
                captureElements: b.captureElements))
        if b.whole { return index }
        // Children first, so this node's edges can be laid out contiguously afterwards.
        let childNodes = b.children.map { flatten($0.1) }
        let elements = b.elements.map { flatten($0) } ?? -1
        let first = edges.count
        var ascii = true
        var filter: UInt64 = 0
        for ((key, _), node) in zip(b.children, childNodes) {
            let bytes = Array(key.utf8)
            ascii = ascii && bytes.allSatisfy { $0 < 0x80 }
            var prefix: UInt64 = 0
            for (k, b) in bytes.prefix(8).enumerated() { prefix |= UInt64(b) << (8 * UInt64(k)) }
            filter |= Self.filterBit(count: bytes.count, head: prefix)
            edges.append(Edge(keyStart: keyBytes.count, keyCount: bytes.count, prefix: prefix, node: node))
            edgeKeys.append(key)
            keyBytes += bytes
        }
        nodes[index].firstEdge = first
        nodes[index].edgeCount = b.children.count
        nodes[index].asciiKeys = ascii
        nodes[index].keyFilter = filter
        nodes[index].elements = elements
        return index
    }
}
