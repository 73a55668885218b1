// `json` and `ndjson`: rows as JSON objects keyed by column name, or, for whole
// orders, the exact bytes the API sent. `json` streams one array (`[`, rows
// separated by `,\n`, `]`) and never holds more than one row; the `[` is
// written with the first row or at a successful end, never before.
import CallqJSON
import Glibc

/// Writes rows as a streamed JSON array (`json`) or one object per line (`ndjson`).
///
/// A row with `raw` bytes is written as those bytes, unchanged when they are
/// compact; a pretty-printed order (saved by another tool) has its
/// insignificant white space removed so it stays on one line. Without `raw`,
/// the row is an object keyed by the column names with the raw values:
/// numbers stay numbers, times stay epoch seconds, lists stay arrays.
struct JSONRowWriter: RowWriter {
    let sink: OutputSink
    /// True for `json` (one array), false for `ndjson`.
    let array: Bool
    var keys: [[UInt8]] = []
    var rows = 0

    init(sink: OutputSink, array: Bool) {
        self.sink = sink
        self.array = array
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        keys = columns.map { c in
            var k: [UInt8] = []
            JSONWriter.appendString(c.name, to: &k)
            k.append(UInt8(ascii: ":"))
            return k
        }
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        if !array, let raw = row.raw, !Self.hasLineBreak(raw) {
            rows += 1
            try sink.write(raw, terminator: 0x0A)  // the common case: no copy
            return
        }
        var out: [UInt8] = []
        if array { out.append(contentsOf: rows == 0 ? [UInt8(ascii: "["), 0x0A] : [UInt8(ascii: ","), 0x0A]) }
        if let raw = row.raw {
            if Self.hasLineBreak(raw) {
                Self.appendCompacted(raw, to: &out)
            } else {
                out.append(contentsOf: raw)
            }
        } else {
            out.reserveCapacity(64 * keys.count)
            out.append(UInt8(ascii: "{"))
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: key)
                JSONWriter.append(i < row.values.count ? row.values[i] : .null, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        if !array { out.append(0x0A) }
        rows += 1
        try sink.write(out)
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        if array { try sink.write(Array((rows == 0 ? "[]\n" : "\n]\n").utf8)) }
        try sink.flush()
    }

    static func hasLineBreak(_ raw: [UInt8]) -> Bool {
        raw.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return false }
            return memchr(base, 0x0A, p.count) != nil || memchr(base, 0x0D, p.count) != nil
        }
    }

    /// Copies JSON text without white space outside strings (JSON strings cannot hold raw newlines).
    static func appendCompacted(_ raw: [UInt8], to out: inout [UInt8]) {
        var inString = false
        var escaped = false
        for b in raw {
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                out.append(b)
            } else {
                switch b {
                case 0x20, 0x09, 0x0A, 0x0D: continue
                case UInt8(ascii: "\""): inString = true; out.append(b)
                default: out.append(b)
                }
            }
        }
    }
}
