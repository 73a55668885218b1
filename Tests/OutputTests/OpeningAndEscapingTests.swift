// What reaches the output when a statement fails before its first row (nothing,
// in every format), what an empty successful result looks like, and how a `;`
// or `\` inside one value of a multi-valued field is kept apart from the `;`
// that joins the values (issue 12, items 9 and 13).
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

@Suite struct OpeningAndEscapingTests {
    let columns = [Column("id", .text), Column("n", .integer)]

    func writer(_ format: OutputFormat) -> (any RowWriter, OutputSink) {
        let sink = OutputSink.memory()
        return (makeWriter(OutputOptions(format: format, footer: true, noun: "orders"), sink: sink), sink)
    }

    @Test("a statement that fails before its first row writes nothing", arguments: OutputFormat.allCases)
    func failureBeforeTheFirstRowWritesNothing(_ format: OutputFormat) throws {
        var (w, sink) = writer(format)
        try w.begin(columns: columns)
        // The query fails here: no row, no finish.
        try sink.flush()
        #expect(sink.text == "", "\(format) wrote \(sink.text.debugDescription) before any row")
    }

    @Test func anEmptySuccessfulResultStillHasItsFrame() throws {
        func empty(_ format: OutputFormat) throws -> String {
            var (w, sink) = writer(format)
            try w.begin(columns: columns)
            try w.finish(OutputSummary(rows: 0, requests: 1, seconds: 0.25))
            return sink.text
        }
        #expect(try empty(.json) == "[]\n")
        #expect(try empty(.ndjson) == "")
        #expect(try empty(.csv) == "id,n\r\n")
        #expect(try empty(.tsv) == "id\tn\n")
        #expect(try empty(.markdown) == "| id | n |\n| --- | ---: |\n")
        #expect(try empty(.table) == " id | n\n----+---\n(0 orders, 1 request, 0.25 s)\n")
        #expect(try empty(.line) == "")
    }

    @Test func theFrameOpensWithTheFirstRow() throws {
        for format in [OutputFormat.json, .csv, .markdown] {
            var (w, sink) = writer(format)
            try w.begin(columns: columns)
            try w.write(OutputRow(["a", 1]))
            try sink.flush()
            let text = sink.text
            switch format {
            case .json: #expect(text == "[\n{\"id\":\"a\",\"n\":1}")
            case .csv: #expect(text == "id,n\r\na,1\r\n")
            default: #expect(text == "| id | n |\n| --- | ---: |\n| a | 1 |\n")
            }
        }
    }

    func render(_ values: [JSONValue], _ format: OutputFormat) throws -> String {
        try renderOutput(
            columns: [Column("intents", .list(.text))], rows: [OutputRow([.array(values)])],
            summary: OutputSummary(rows: 1, requests: 0, seconds: 0),
            options: OutputOptions(format: format, footer: false))
    }

    @Test func aSemicolonInsideOneValueIsEscaped() throws {
        let values: [JSONValue] = ["a;b", "c"]
        #expect(try render(values, .csv) == "intents\r\na\\;b;c\r\n")
        #expect(try render(values, .tsv) == "intents\na\\;b;c\n")
        #expect(try render(values, .table).contains(" a\\;b;c\n"))
        #expect(try render(values, .line) == "intents = a\\;b;c\n")
        // Markdown escapes the backslash once more, so it renders as `a\;b;c`.
        #expect(try render(values, .markdown).hasSuffix("| a\\\\;b;c |\n"))
        // Backslashes inside a value are doubled, in tsv exactly once.
        #expect(try render(["a\\b", "c"], .csv) == "intents\r\na\\\\b;c\r\n")
        #expect(try render(["a\\b", "c"], .tsv) == "intents\na\\\\b;c\n")
        #expect(try render(["tab\there", "x"], .tsv) == "intents\ntab\\there;x\n")
        // A plain text column keeps its `;` as it is.
        let plain = try renderOutput(
            columns: [Column("name", .text)], rows: [OutputRow(["a;b"])],
            summary: OutputSummary(rows: 1, requests: 0, seconds: 0),
            options: OutputOptions(format: .csv, footer: false))
        #expect(plain == "name\r\na;b\r\n")
    }

    /// Splits a joined list at every `;` not escaped, undoing the escapes.
    func split(_ joined: String) -> [String] {
        var parts: [String] = [], current = "", escaped = false
        for c in joined {
            if escaped {
                current.append(c); escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == ";" {
                parts.append(current); current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }

    @Test func aJoinedListSplitsBackIntoItsValues() {
        let cells = CellFormatter(style: .flat, timeZone: TimeZone(identifier: "UTC")!)
        let samples: [[String]] = [["a;b", "c"], ["\\", ";"], ["a\\;b", ""], ["x\\", "\\;y;", "z"], ["只有;一个"]]
        for sample in samples {
            let joined = cells.format(.array(sample.map { .string($0) }), .list(.text))
            #expect(split(joined) == sample, "\(sample) → \(joined)")
        }
    }
}
