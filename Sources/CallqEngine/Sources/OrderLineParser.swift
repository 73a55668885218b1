// Turns saved JSON into orders: one chunk of NDJSON lines at a time (on any
// thread, line numbers relative to the chunk), or a whole parsed document. What
// a value stands for — an order, an array of them, a saved listOrder reply, or
// a bad line — is decided the same way for both.
import CallbotAPI
import CallqJSON
import CallqSemantics
import Foundation

/// Orders, warnings and the first failure of one chunk of lines.
struct ParsedLines: Sendable {
    var orders: [Order] = []
    /// Lines skipped (`on_bad_line = skip`): line number within the chunk (1-based) and why.
    var skipped: [(line: Int, message: String)] = []
    /// The line that fails the read (`on_bad_line = fail`), within the chunk, and why.
    var failure: (line: Int, message: String)?
    /// Lines in the chunk, blank ones included.
    var lines = 0
    /// Orders read, those the filter dropped included.
    var read = 0
    /// With slot aggregation: the aggregates of every order of the chunk (`orders` is then empty).
    var partial: Aggregator?
}

/// How saved orders are read: which members to parse and what a bad line does.
struct OrderLineParser: Sendable {
    /// Members parsed of each order line (nil: whole orders).
    let selection: JSONSelection?
    let skipsBadLines: Bool
    /// Orders for which this is false are dropped as soon as they are parsed.
    let filter: (@Sendable (JSONValue) -> Bool)?
    /// Whether orders keep their bytes (`Order.raw`); without, `raw` is empty.
    let keepsRaw: Bool
    /// `filter` over slot values, when it compiles (lines are then slot-parsed first).
    let slotFilter: SlotFilter?
    /// The run's keys and aggregates over slot values, when they compile: the orders of a chunk
    /// are then aggregated as they are read (`ParsedLines.partial`).
    let slotAggregation: SlotAggregation?

    /// For slot reading: the nodes of `orderID` and `orderList` (what makes a line an order), and
    /// the members whose value nothing reads when no tree is built (slot aggregation).
    let orderNodes: (orderID: Int, orderList: Int, presenceOnly: [Int])?

    /// `keyPaths` are what the query reads (nil: everything). A line's `orderID`, and the
    /// members that make it a saved reply, are always read. Orders must pass `filter` and
    /// `residual` (each when given); with `residual` alone, if each of its tests reads a plain
    /// field, lines are tested on their slot values before a tree is built.
    init(
        keyPaths: [[String]]?, skipsBadLines: Bool, filter: (@Sendable (JSONValue) -> Bool)? = nil,
        residual: CheckedExpr? = nil, groups: (keys: [CheckedTerm], aggregates: [CheckedAggregate])? = nil,
        keepsRaw: Bool = true
    ) {
        self.skipsBadLines = skipsBadLines
        self.filter = Self.combined(filter, residual)
        self.keepsRaw = keepsRaw
        selection = keyPaths.flatMap { paths in
            paths.contains(where: \.isEmpty)
                ? nil
                : JSONSelection(paths: paths + [["orderID"], ["orderList"], ["retCode"], ["retMsg"]])
        }
        guard let selection, selection.supportsSlots, filter == nil,
            let orderID = selection.node(for: ["orderID"]), let orderList = selection.node(for: ["orderList"])
        else {
            slotFilter = nil
            slotAggregation = nil
            orderNodes = nil
            return
        }
        // Slots are used when the whole filter reads them (no filter: every line passes).
        let slotFilter = residual.map { SlotFilter($0, selection: selection) } ?? .constant(true)
        self.slotFilter = slotFilter
        let aggregation =
            slotFilter == nil
            ? nil
            : groups.flatMap {
                SlotAggregation(keys: $0.keys, aggregates: $0.aggregates, selection: selection)
            }
        slotAggregation = aggregation
        var presenceOnly: [Int] = []
        if let aggregation, let slotFilter {
            let read = aggregation.nodesRead.union(slotFilter.nodes)
            for path in [["orderID"], ["userTaskID"]] {
                if let n = selection.node(for: path), selection.keepsWhole(n), !read.contains(n) { presenceOnly.append(n) }
            }
        }
        orderNodes = (orderID, orderList, presenceOnly)
    }

    /// `filter` and `residual` as one test (nil when neither is given).
    static func combined(_ filter: (@Sendable (JSONValue) -> Bool)?, _ residual: CheckedExpr?)
        -> (@Sendable (JSONValue) -> Bool)?
    {
        guard let residual else { return filter }
        guard let filter else { return { (order: JSONValue) -> Bool in residual.evaluate(order) } }
        return { (order: JSONValue) -> Bool in filter(order) && residual.evaluate(order) }
    }

    /// Parses the lines of `bytes[0 ..< count]`.
    func parse(_ chunk: LineChunk) -> ParsedLines {
        guard let selection else {
            return parse(chunk) { (line) throws(JSONParseError) -> JSONValue in try JSONParser.parse(line) }
        }
        return selection.withParser { parser in
            let ordinary = { (line: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue in
                try parser.parse(line)
            }
            guard let slotFilter, let (orderID, orderList, presenceOnly) = orderNodes else {
                return parse(chunk, ordinary)
            }
            let lineFilter = LineFilter(slotFilter)
            let slots = SlotValues.allocate(for: selection)
            defer { slots.deallocate() }
            if let aggregation = slotAggregation {
                // No tree is built: of the members the query does not read, only whether they are there matters.
                for n in presenceOnly { slots.readPresenceOnly(n) }
                var out = parse(
                    chunk, ordinary,
                    fast: { line, marks, out in
                        // The first orders of the chunk read the ordinary way are added before this one.
                        if !out.orders.isEmpty { Self.fold(&out, aggregation) }
                        guard parser.parseSlots(line, into: slots, marks: marks), slots.has(orderID), !slots.has(orderList)
                        else {
                            return false
                        }
                        if lineFilter.evaluate(slots) {
                            if out.partial == nil { out.partial = aggregation.empty }
                            // A key with several values (not from these fields, but never assumed): its tree.
                            guard aggregation.add(slots, to: &out.partial!) else { return false }
                        }
                        out.read += 1
                        return true
                    })
                if !out.orders.isEmpty { Self.fold(&out, aggregation) }
                return out
            }
            return parse(
                chunk, ordinary,
                fast: { line, marks, out in
                    // An order line read through its slots: tested first, its tree built only when it passes.
                    guard parser.parseSlots(line, into: slots, marks: marks), slots.has(orderID), !slots.has(orderList)
                    else {
                        return false
                    }
                    out.read += 1
                    if lineFilter.evaluate(slots) {
                        out.orders.append(Order(raw: keepsRaw ? Array(line) : [], json: parser.tree(from: slots)))
                    }
                    return true
                })
        }
    }

    /// Moves the orders of `out` into its partial aggregates, in order.
    private static func fold(_ out: inout ParsedLines, _ aggregation: SlotAggregation) {
        if out.partial == nil { out.partial = aggregation.empty }
        for o in out.orders { out.partial!.add(o.json) }
        out.orders.removeAll(keepingCapacity: true)
    }

    /// Parses the lines of a chunk, each with `parseLine`.
    /// `fast`, when given, reads a line first and says whether it did (else the line is read the
    /// ordinary way).
    private func parse(
        _ chunk: LineChunk,
        _ parseLine: (UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue,
        fast: ((UnsafeRawBufferPointer, LineMarks, inout ParsedLines) -> Bool)? = nil
    ) -> ParsedLines {
        var out = ParsedLines()
        // A line read fast is marked first (quotes, backslashes, bytes above 0x7F): its UTF-8 check
        // and the slot parse's string scans then read the marks.
        let marks = fast == nil ? nil : LineMarks()
        out.orders.reserveCapacity(chunk.count / 512 + 8)
        chunk.bytes.withUnsafeBytes { all in
            let raw = UnsafeRawBufferPointer(rebasing: all[0..<chunk.count])
            guard let base = raw.baseAddress else { return }
            var lineStart = 0
            while lineStart < raw.count {
                let lineEnd =
                    memchr(base + lineStart, 0x0A, raw.count - lineStart)
                    .map { UnsafeRawPointer($0) - base } ?? raw.count
                out.lines += 1
                var a = lineStart, b = lineEnd
                lineStart = lineEnd + 1
                while a < b, raw[a] == 0x20 || raw[a] == 0x09 || raw[a] == 0x0D { a += 1 }
                while b > a, raw[b - 1] == 0x20 || raw[b - 1] == 0x09 || raw[b - 1] == 0x0D { b -= 1 }
                if a == b { continue }
                let line = UnsafeRawBufferPointer(rebasing: raw[a..<b])
                // JSON is UTF-8: a line that is not is bad, like an API reply that is not.
                let bad: Int?
                if let marks {
                    marks.mark(line)
                    bad = marks.firstInvalidUTF8(line)
                } else {
                    bad = UTF8Validation.firstInvalidByte(line)
                }
                if let bad {
                    if !reject(out.lines, Self.notUTF8(line, at: bad), into: &out) { return }
                    continue
                }
                if let fast, let marks, fast(line, marks, &out) { continue }
                if !read(line, number: out.lines, parseLine, into: &out) { return }
            }
        }
        return out
    }

    /// Reads one trimmed line; false when it fails the chunk.
    private func read(
        _ line: UnsafeRawBufferPointer, number: Int,
        _ parseLine: (UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue,
        into out: inout ParsedLines
    ) -> Bool {
        let parsed = Result { () throws(JSONParseError) -> JSONValue in try parseLine(line) }
        switch parsed {
        case .success(let value):
            if case .object(let o) = value, o["orderList"] == nil, o["orderID"] != nil {
                out.read += 1
                if let filter, !filter(value) { return true }
                out.orders.append(Order(raw: keepsRaw ? Array(line) : [], json: value))
                return true
            }
            // Rare shapes: read the line whole so nothing left out can matter.
            let whole = selection == nil ? value : (try? JSONParser.parse(line)) ?? value
            var found: [Order] = []
            var rejected: [String] = []
            _ = OrderLineParser.collect(whole, topLevel: true, into: &found) { why in
                rejected.append(why)
                return skipsBadLines
            }
            out.read += found.count
            out.orders += filter.map { f in found.filter { f($0.json) } } ?? found
            for why in rejected where !reject(number, why, into: &out) { return false }
            return true
        case .failure(let e):
            return reject(number, "not valid JSON: \(e.message) (column \(e.offset + 1))", into: &out)
        }
    }

    /// Why a line (or document) whose byte `offset` breaks UTF-8 is bad.
    static func notUTF8(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String {
        let b = bytes[offset]
        let hex = String(b, radix: 16, uppercase: true)
        return "not valid UTF-8: byte 0x\(b < 0x10 ? "0" : "")\(hex) at column \(offset + 1)"
    }

    private func reject(_ line: Int, _ message: String, into out: inout ParsedLines) -> Bool {
        if skipsBadLines {
            out.skipped.append((line, message))
            return true
        }
        out.failure = (line, message)
        return false
    }

    /// Adds the orders a parsed value stands for: an order, an array of them, or a saved
    /// reply. A top-level object (a line, a document, an element of a top-level array) is
    /// an order only with an `orderID` member: an object with neither that nor `orderList`
    /// is not one. Orders inside a reply's `orderList` are taken as they are. `reject` is
    /// told why each value that is not an order is not; returns false when it says stop.
    static func collect(
        _ value: JSONValue, topLevel: Bool, into orders: inout [Order],
        reject: (String) -> Bool
    ) -> Bool {
        switch value {
        case .array(let items):
            for item in items where !collect(item, topLevel: topLevel, into: &orders, reject: reject) { return false }
            return true
        case .object(let o):
            if let list = o["orderList"] {
                if let code = o["retCode"]?.intValue, code != 0 {
                    return reject("a saved reply with retCode \(code): \(o["retMsg"]?.stringValue ?? "")")
                }
                return collect(list.isNull ? .array([]) : list, topLevel: false, into: &orders, reject: reject)
            }
            if topLevel && o["orderID"] == nil {
                guard !o.isEmpty else {
                    return reject("an empty object, not an order (an order has `orderID`, a saved reply `orderList`)")
                }
                let keys = o.keys.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
                return reject("an object with neither `orderID` nor `orderList` (its keys: \(keys)\(o.count > 8 ? ", …" : ""))")
            }
            orders.append(Order(json: value))
            return true
        default:
            return reject("expected an order (a JSON object), found \(JSONWriter.string(value).prefix(40))")
        }
    }
}
