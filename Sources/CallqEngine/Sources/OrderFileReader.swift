// Reads orders saved earlier — NDJSON (one order per line), a JSON array of
// orders, or saved listOrder replies (objects with an `orderList`) — from a file
// or standard input, in batches, with memory bounded by the batch, not the file.
import CallbotAPI
import CallqJSON
import Foundation

/// A line (or document) of a saved file that is not an order.
public struct BadInputError: Error, CustomStringConvertible, Sendable {
    public var source: String
    public var line: Int
    public var message: String
    public var description: String { "\(source):\(line): \(message)" }
}

/// Pulls batches of orders out of a byte stream.
public final class OrderFileReader {
    public enum BadLine: Sendable { case fail, skip(warn: @Sendable (String) -> Void) }

    private let fd: Int32
    private let ownsFD: Bool
    public let sourceName: String
    private let badLine: BadLine
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var lineNumber = 0
    private var mode: Mode = .undecided
    public private(set) var skippedLines = 0

    private enum Mode { case undecided, lines, document, done }
    static let chunkSize = 1 << 20

    /// Opens `path` for reading; throws a readable error when it cannot.
    public init(path: String, badLine: BadLine) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw BadInputError(source: path, line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.ownsFD = true
        self.sourceName = path
        self.badLine = badLine
    }

    /// Reads from an already open descriptor (standard input).
    public init(fd: Int32, name: String, badLine: BadLine) {
        self.fd = fd
        self.ownsFD = false
        self.sourceName = name
        self.badLine = badLine
    }

    deinit { if ownsFD { close(fd) } }

    /// Reads more bytes; returns false at end of input.
    private func fill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let old = buffer.count
        buffer.reserveCapacity(old + OrderFileReader.chunkSize)
        buffer.append(contentsOf: repeatElement(0, count: OrderFileReader.chunkSize))
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, OrderFileReader.chunkSize) }
        } while n < 0 && errno == EINTR
        if n < 0 {
            buffer.removeLast(OrderFileReader.chunkSize)
            throw BadInputError(source: sourceName, line: lineNumber, message: "read failed: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(OrderFileReader.chunkSize - n)
        if n == 0 { eof = true; return false }
        return true
    }

    /// The next batch of orders, or nil at the end.
    public func nextBatch(maxOrders: Int = 1024) throws -> [Order]? {
        if mode == .undecided { try decideMode() }
        switch mode {
        case .done, .undecided: return nil
        case .document:
            mode = .done
            return try parseWholeDocument()
        case .lines:
            return try nextLines(maxOrders: maxOrders)
        }
    }

    /// Looks at the first non-blank byte: `[` means one JSON document, else lines.
    private func decideMode() throws {
        while true {
            var k = start
            while k < buffer.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(buffer[k]) { k += 1 }
            if k < buffer.count {
                mode = buffer[k] == UInt8(ascii: "[") ? .document : .lines
                return
            }
            if try !fill() { mode = .done; return }
        }
    }

    private func parseWholeDocument() throws -> [Order] {
        while try fill() {}
        let bytes = Array(buffer[start...])
        buffer = []; start = 0
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw BadInputError(source: sourceName, line: line(ofOffset: error.offset, in: bytes),
                                message: "not valid JSON: \(error.message)")
        }
        return try orders(in: value, line: 1)
    }

    private func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The orders a parsed value stands for: an order, an array, or a reply.
    private func orders(in value: JSONValue, line: Int, raw: [UInt8]? = nil) throws -> [Order] {
        switch value {
        case .array(let items):
            var out: [Order] = []
            for item in items { out += try orders(in: item, line: line) }
            return out
        case .object(let o):
            if let list = o["orderList"] {
                if let code = o["retCode"]?.intValue, code != 0 {
                    return try bad(line, "a saved reply with retCode \(code): \(o["retMsg"]?.stringValue ?? "")")
                }
                return try orders(in: list.isNull ? .array([]) : list, line: line)
            }
            return [raw.map { Order(raw: $0, json: value) } ?? Order(json: value)]
        default:
            return try bad(line, "expected an order (a JSON object), found \(JSONWriter.string(value).prefix(40))")
        }
    }

    private func bad(_ line: Int, _ message: String) throws -> [Order] {
        switch badLine {
        case .fail: throw BadInputError(source: sourceName, line: line, message: message)
        case .skip(let warn):
            skippedLines += 1
            warn("\(sourceName):\(line): skipped: \(message)")
            return []
        }
    }

    private func nextLines(maxOrders: Int) throws -> [Order]? {
        var out: [Order] = []
        out.reserveCapacity(maxOrders)
        while out.count < maxOrders {
            guard let (lineStart, lineEnd) = try nextLineRange() else { break }
            lineNumber += 1
            var a = lineStart, b = lineEnd
            while a < b, buffer[a] == 0x20 || buffer[a] == 0x09 || buffer[a] == 0x0D { a += 1 }
            while b > a, buffer[b - 1] == 0x20 || buffer[b - 1] == 0x09 || buffer[b - 1] == 0x0D { b -= 1 }
            if a == b { continue }
            let parsed = buffer.withUnsafeBytes { raw in
                Result { () throws(JSONParseError) -> JSONValue in
                    try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[a..<b]))
                }
            }
            switch parsed {
            case .success(let value):
                if case .object = value, value["orderList"] == nil {
                    out.append(Order(raw: Array(buffer[a..<b]), json: value))
                } else {
                    out += try orders(in: value, line: lineNumber)
                }
            case .failure(let e):
                if lineNumber == 1, buffer[a] == UInt8(ascii: "{") {
                    // Perhaps one pretty-printed object spanning lines (a saved reply).
                    if let whole = try reparseAsDocument(from: lineStart) { return whole }
                }
                out += try bad(lineNumber, "not valid JSON: \(e.message) (column \(e.offset + 1))")
            }
        }
        if out.isEmpty && mode == .done { return nil }
        if out.isEmpty && eof && start >= buffer.count { mode = .done; return nil }
        return out
    }

    /// Retries the input from `offset` as one JSON document; nil when that fails too.
    private func reparseAsDocument(from offset: Int) throws -> [Order]? {
        while try fill() {}
        let bytes = Array(buffer[offset...])
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        buffer = []; start = 0; mode = .done
        return try orders(in: value, line: 1)
    }

    /// The byte range of the next line (without its newline), reading as needed.
    private func nextLineRange() throws -> (Int, Int)? {
        var scanFrom = start
        while true {
            let found: Int? = buffer.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
                guard scanFrom < raw.count,
                      let p = memchr(raw.baseAddress! + scanFrom, 0x0A, raw.count - scanFrom) else { return nil }
                return UnsafeRawPointer(p) - raw.baseAddress!
            }
            if let nl = found {
                let range = (start, nl)
                start = nl + 1
                return range
            }
            scanFrom = buffer.count
            let consumed = start
            if try !fill() {
                if start < buffer.count {
                    let range = (start, buffer.count)
                    start = buffer.count
                    return range
                }
                return nil
            }
            scanFrom -= consumed  // fill() dropped the consumed prefix
        }
    }
}
