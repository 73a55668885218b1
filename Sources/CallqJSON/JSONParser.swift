// A fast byte-level JSON parser (RFC 8259, lenient about raw control characters
// in strings). It works on raw buffers so API pages and saved NDJSON lines can be
// parsed without copying, and can report the byte ranges of an array's elements.

/// Where and why a text is not valid JSON.
public struct JSONParseError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Byte offset of the problem in the input.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}

/// Parses JSON text into `JSONValue`s.
public enum JSONParser {
    /// Deepest nesting accepted; deeper input is an error, not a stack overflow.
    public static let maxDepth = 256

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes)
        return try reader.parseDocument()
    }

    /// Parses a top-level object and returns, besides the value, the exact byte
    /// ranges of the elements of its array member `key` (one range per element).
    public static func parse(_ bytes: [UInt8], capturingElementsOf key: String)
        throws(JSONParseError) -> (JSONValue, [Range<Int>])
    {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> (JSONValue, [Range<Int>]) in
                var reader = JSONReader(raw)
                reader.captureKey = Array(key.utf8)
                let value = try reader.parseDocument()
                return (value, reader.captured)
            }
        }
        return try result.get()
    }
}

/// The parser's cursor over one buffer.
struct JSONReader {
    let base: UnsafePointer<UInt8>?
    let end: Int
    var i = 0
    var depth = 0
    var captureKey: [UInt8]? = nil
    var captured: [Range<Int>] = []
    /// For a selective parse: the selection's nodes, edges and key bytes (see `JSONSelection`).
    var nodes: UnsafeBufferPointer<JSONSelection.Node> = UnsafeBufferPointer(start: nil, count: 0)
    var edges: UnsafeBufferPointer<JSONSelection.Edge> = UnsafeBufferPointer(start: nil, count: 0)
    var keyBytes: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
    var edgeKeys: UnsafeBufferPointer<String> = UnsafeBufferPointer(start: nil, count: 0)
    /// For a slot parse of a marked line (`LineMarks`): its quote-or-backslash and high-byte
    /// marks, which string scans then read instead of the bytes.
    var quoteMarks: UnsafePointer<UInt64>? = nil
    var highMarks: UnsafePointer<UInt64>? = nil
    /// For a selective parse with slot reading of the captured list (`ListSlotting`). Unowned, so
    /// a reader stays free to destroy (every saved line makes one): whoever sets it keeps it alive.
    unowned(unsafe) var slotting: ListSlotting? = nil

    init(_ raw: UnsafeRawBufferPointer) {
        base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
        end = raw.count
    }

    @inline(__always) func byte(_ k: Int) -> UInt8 { base![k] }

    func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? i, message: message)
    }

    @inline(__always) mutating func skipWhitespace() {
        while i < end {
            let b = byte(i)
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated.
        if end >= 3, byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF { i = 3 }
        skipWhitespace()
        if i >= end { throw fail("empty input, expected a JSON value") }
        let v = nodes.isEmpty ? try parseValue() : try parseSelectedValue(0)
        skipWhitespace()
        if i < end { throw fail("unexpected text after the JSON value") }
        return v
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < end else { throw fail("unexpected end of input, expected a value") }
        switch byte(i) {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray(capturing: false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            if byte(i) == UInt8(ascii: "<") { throw fail("expected a JSON value but found `<` (an HTML page?)") }
            throw fail("unexpected \(unexpected(byte(i))), expected a value")
        }
    }

    /// A byte as a message names it: character `x`, or byte 0xFF when it is no printable ASCII.
    func unexpected(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "character `\(UnicodeScalar(b))`" : "byte 0x" + hex(b)
    }

    func hex(_ b: UInt8) -> String {
        let digits = String(b, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    func printable(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "0x" + hex(b)
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= end else { throw fail("unexpected end of input in `\(word)`") }
        let p = word.utf8Start
        for k in 0..<n where byte(i + k) != p[k] {
            throw fail("invalid literal, expected `\(word)`")
        }
        i += n
    }

    @inline(__always) mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "}") {
            i += 1; depth -= 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an object") }
            guard byte(i) == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            let keyStart = i + 1
            let key = try parseString()
            let keyEnd = i - 1
            skipWhitespace()
            guard i < end, byte(i) == UInt8(ascii: ":") else { throw fail("expected `:` after a member name") }
            i += 1
            skipWhitespace()
            let value: JSONValue
            if depth == 1, let ck = captureKey, i < end, byte(i) == UInt8(ascii: "["),
                keyEnd - keyStart == ck.count, matches(ck, at: keyStart)
            {
                value = try parseArray(capturing: true)
            } else {
                value = try parseValue()
            }
            members.append(JSONObject.Member(key, value))
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

    func matches(_ word: [UInt8], at start: Int) -> Bool {
        for k in 0..<word.count where byte(start + k) != word[k] { return false }
        return true
    }

    mutating func parseArray(capturing: Bool) throws(JSONParseError) -> JSONValue {
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
            elements.append(try parseValue())
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
}
