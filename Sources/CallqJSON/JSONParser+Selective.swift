// On-demand parsing: a document is read keeping only the members on a
// `JSONSelection`'s key paths. Every byte is still validated, so malformed input
// fails exactly as the full parse fails (same message, same offset), and what is
// kept is exactly what the full tree holds there.

extension JSONParser {
    /// Parses `bytes` keeping only the members on `selection`'s paths: the result is
    /// the full tree with every other member left out (see `JSONSelection`).
    public static func parse(_ bytes: UnsafeRawBufferPointer, selecting selection: JSONSelection)
        throws(JSONParseError) -> JSONValue
    {
        try parseCapturing(bytes, selecting: selection).0
    }

    public static func parse(_ bytes: [UInt8], selecting selection: JSONSelection) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw, selecting: selection) }
        }
        return try result.get()
    }

    /// A selective parse that also returns the byte ranges of the elements read by a
    /// node built with `JSONSelection.list` (in document order).
    public static func parseCapturing(_ bytes: UnsafeRawBufferPointer, selecting selection: JSONSelection)
        throws(JSONParseError) -> (JSONValue, [Range<Int>])
    {
        let result = selection.withParser { parser in
            Result { () throws(JSONParseError) -> (JSONValue, [Range<Int>]) in
                var reader = parser.reader(bytes)
                let value = try reader.parseDocument()
                return (value, reader.captured)
            }
        }
        return try result.get()
    }

    public static func parseCapturing(_ bytes: [UInt8], selecting selection: JSONSelection)
        throws(JSONParseError) -> (JSONValue, [Range<Int>])
    {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> (JSONValue, [Range<Int>]) in
                try parseCapturing(raw, selecting: selection)
            }
        }
        return try result.get()
    }
}

/// A selective parser bound to one selection's tables, for parsing many documents in a row
/// (the lines of a chunk) without setting them up for each. Valid only inside
/// `JSONSelection.withParser`.
public struct SelectiveParser {
    let nodes: UnsafeBufferPointer<JSONSelection.Node>
    let edges: UnsafeBufferPointer<JSONSelection.Edge>
    let keyBytes: UnsafeBufferPointer<UInt8>
    let edgeKeys: UnsafeBufferPointer<String>
    let everything: Bool

    func reader(_ bytes: UnsafeRawBufferPointer) -> JSONReader {
        var reader = JSONReader(bytes)
        if everything { return reader }
        reader.nodes = nodes
        reader.edges = edges
        reader.edgeKeys = edgeKeys
        reader.keyBytes = keyBytes
        return reader
    }

    /// `JSONParser.parse(bytes, selecting:)` with the bound selection.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var reader = reader(bytes)
        return try reader.parseDocument()
    }
}

extension JSONSelection {
    /// Calls `body` with a parser bound to this selection (see `SelectiveParser`).
    public func withParser<R>(_ body: (SelectiveParser) throws -> R) rethrows -> R {
        try nodes.withUnsafeBufferPointer { nodes in
            try edges.withUnsafeBufferPointer { edges in
                try keyBytes.withUnsafeBufferPointer { keyBytes in
                    try edgeKeys.withUnsafeBufferPointer { edgeKeys in
                        try body(
                            SelectiveParser(
                                nodes: nodes, edges: edges, keyBytes: keyBytes, edgeKeys: edgeKeys,
                                everything: keepsEverything))
                    }
                }
            }
        }
    }
}

extension JSONReader {
    /// A value read with selection node `n`.
    mutating func parseSelectedValue(_ n: Int) throws(JSONParseError) -> JSONValue {
        let node = nodes[n]
        if node.whole { return try parseValue() }
        guard i < end else { throw fail("unexpected end of input, expected a value") }
        switch byte(i) {
        case UInt8(ascii: "{"): return try parseSelectedObject(node)
        case UInt8(ascii: "["):
            if node.elements >= 0 { return try parseSelectedArray(node.elements, capturing: node.captureElements) }
            return try parseArray(capturing: false)
        default: return try parseValue()
        }
    }

    /// An object keeping only the members whose key is an edge of `node`.
    mutating func parseSelectedObject(_ node: JSONSelection.Node) throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "}") {
            i += 1; depth -= 1
            return .object(JSONObject(members))
        }
        // One allocation for what is usually kept (each key once).
        members.reserveCapacity(node.edgeCount)
        while true {
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an object") }
            guard byte(i) == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            var decodedKey: String? = nil
            var edge = -1
            let keyStart = i + 1
            let keyEnd = plainASCIIKeyEnd(from: keyStart)
            if keyEnd >= 0, node.asciiKeys {
                edge = edgeMatching(bytesFrom: keyStart, to: keyEnd, node)
                i = keyEnd + 1
            } else {
                // Escapes or non-ASCII: decode the key and compare as strings (canonical equivalence).
                let key = try parseString()
                edge = edgeMatching(key, node)
                decodedKey = key
            }
            skipWhitespace()
            guard i < end, byte(i) == UInt8(ascii: ":") else { throw fail("expected `:` after a member name") }
            i += 1
            skipWhitespace()
            if edge >= 0 {
                let value = try parseSelectedValue(edges[edge].node)
                members.append(JSONObject.Member(decodedKey ?? edgeKeys[edge], value))
            } else {
                try skipUnreadValue()
            }
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an object") }
            let b = byte(i)
            i += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw fail("expected `,` or `}` in an object", at: i - 1)
        }
        depth -= 1
        return .object(JSONObject(members))
    }

    /// An array whose elements are read with node `n`, their ranges captured when asked.
    mutating func parseSelectedArray(_ n: Int, capturing: Bool) throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "]") {
            i += 1; depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            let start = i
            if capturing, let slotting, slotElement(slotting) {
                elements.append(.null)  // read into slots and handed to `slotting`
            } else {
                elements.append(try parseSelectedValue(n))
            }
            if capturing { captured.append(start..<i) }
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an array") }
            let b = byte(i)
            i += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw fail("expected `,` or `]` in an array", at: i - 1)
        }
        depth -= 1
        return .array(elements)
    }

    /// Where the key starting at `k` closes, when it is plain ASCII without escapes; else -1.
    @inline(__always) func plainASCIIKeyEnd(from k: Int) -> Int {
        if let quoteMarks, let highMarks { return Self.markedKeyEnd(base!, k, end, quoteMarks, highMarks) }
        return Self.plainKeyEnd(base!, k, end)
    }

    /// The edge of `node` whose key has exactly the bytes `a..<b`; -1 when none.
    @inline(__always) func edgeMatching(bytesFrom a: Int, to b: Int, _ node: JSONSelection.Node) -> Int {
        Self.edge(ofPlainKey: base!, a, b, end, node, edges, keyBytes)
    }

    /// The edge of `node` whose key equals `key` as Swift compares strings; -1 when none.
    func edgeMatching(_ key: String, _ node: JSONSelection.Node) -> Int {
        for e in node.firstEdge..<node.firstEdge + node.edgeCount where edgeKeys[e] == key { return e }
        return -1
    }
}
