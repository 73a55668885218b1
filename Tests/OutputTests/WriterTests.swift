// Writer behaviour beyond the goldens: csv read back equals what went in,
// raw orders pass through byte for byte, json streams before it finishes.
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

@Suite struct WriterTests {
    static let awkward: [String] = [
        "plain", "张伟", "田中", "comma, here", #"quote " inside"#, #""starts and ends""#,
        "new\nline", "cr\r\nlf", "tab\there", "", " padded ", "emoji 👩‍👩‍👧", "back\\slash", "semi;colon"
    ]

    func rows() -> [OutputRow] {
        Self.awkward.enumerated().map { i, s in OutputRow([.string(s), .int(i), .null]) }
    }

    let columns = [Column("text", .text), Column("n", .integer), Column("nothing", .text)]

    @Test func csvReadsBackAsWritten() throws {
        let text = try renderOutput(
            columns: columns, rows: rows(), summary: .init(rows: 0, requests: 0, seconds: 0),
            options: OutputOptions(format: .csv))
        let records = try CSVReader.parse(text)
        #expect(records.first == ["text", "n", "nothing"])
        #expect(records.count == Self.awkward.count + 1)
        for (i, s) in Self.awkward.enumerated() where i + 1 < records.count {
            #expect(records[i + 1] == [s, String(i), ""])
        }
    }

    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)

    /// An independent reader: Python's csv module (skipped, and reported so, without python3).
    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func csvWithPython() throws {
        let python = try #require(Self.python)
        let text = try renderOutput(
            columns: columns, rows: rows(), summary: .init(rows: 0, requests: 0, seconds: 0),
            options: OutputOptions(format: .csv))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-c",
            "import csv,sys,json,io; print(json.dumps(list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')))))"
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let parsed = try JSONParser.parse(Array(data))
        let records = parsed.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
        #expect(records.count == Self.awkward.count + 1)
        for (i, s) in Self.awkward.enumerated() where i + 1 < records.count {
            #expect(records[i + 1] == [s, String(i), ""])
        }
    }

    @Test func tsvKeepsOneRecordPerLine() throws {
        let text = try renderOutput(
            columns: columns, rows: rows(), summary: .init(rows: 0, requests: 0, seconds: 0),
            options: OutputOptions(format: .tsv))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Self.awkward.count + 2)  // header, rows, empty after the last LF
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 3 || $0.isEmpty })
    }

    @Test func rawOrdersPassThroughByteForByte() throws {
        let raw = Array(#"{"orderID":"o-1",  "userName":"张伟","x":[1, 2 ],"s":"a\nb\u0041"}"#.utf8)
        let sink = OutputSink.memory()
        var writer = makeWriter(OutputOptions(format: .ndjson), sink: sink)
        try writer.begin(columns: [Column("orderID")])
        try writer.write(OutputRow(["ignored"], raw: raw))
        try writer.write(OutputRow(["o-2"]))
        try writer.finish(.init(rows: 2, requests: 1, seconds: 0))
        #expect(sink.contents == raw + [0x0A] + Array(#"{"orderID":"o-2"}"#.utf8) + [0x0A])
    }

    @Test func prettyRawOrdersAreCompactedToOneLine() throws {
        let raw = Array("{\n  \"a\": \"x  y\",\n  \"b\": [1,\r\n 2]\n}".utf8)
        let sink = OutputSink.memory()
        var writer = makeWriter(OutputOptions(format: .ndjson), sink: sink)
        try writer.begin(columns: [])
        try writer.write(OutputRow([], raw: raw))
        try writer.finish(.init(rows: 1, requests: 0, seconds: 0))
        #expect(sink.text == "{\"a\":\"x  y\",\"b\":[1,2]}\n")
    }

    @Test func jsonArrayStreamsAndParses() throws {
        let sink = OutputSink.memory()
        var writer = makeWriter(OutputOptions(format: .json), sink: sink)
        try writer.begin(columns: [Column("id"), Column("at", .time), Column("tags", .list(.text))])
        try writer.write(OutputRow(["a", 1_732_410_005, ["x", "y"]]))
        // Before finish the first row is already in the sink: nothing waits for the end.
        #expect(sink.text == "[\n{\"id\":\"a\",\"at\":1732410005,\"tags\":[\"x\",\"y\"]}")
        try writer.write(OutputRow(["b", nil, []]))
        try writer.finish(.init(rows: 2, requests: 1, seconds: 0))
        let parsed = try JSONParser.parse(sink.text)
        #expect(parsed == [["id": "a", "at": 1_732_410_005, "tags": ["x", "y"]], ["id": "b", "at": nil, "tags": []]])
    }

    @Test func emptyJsonIsAnEmptyArray() throws {
        let text = try renderOutput(
            columns: [Column("id")], rows: [], summary: .init(rows: 0, requests: 0, seconds: 0),
            options: OutputOptions(format: .json))
        #expect(text == "[]\n")
    }

    @Test func tableFitsTheTerminal() throws {
        let long = String(repeating: "张", count: 50)
        for width in [20, 33, 47, 80] {
            let text = try renderOutput(
                columns: [Column("id"), Column("name"), Column("n", .integer)],
                rows: [OutputRow(["o-1", .string(long), 5]), OutputRow(["o-2", "short", 123_456])],
                summary: .init(rows: 2, requests: 1, seconds: 0),
                options: OutputOptions(format: .table, terminalWidth: width, footer: false))
            for line in text.split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= width, "width \(width): \(line)")
            }
            #expect(text.contains("…"))
        }
    }
}

/// A strict RFC 4180 reader for the round-trip test (CRLF or LF records).
enum CSVReader {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw Malformed() }
                quoted = true
            case ",":
                record.append(field); field = ""
            case "\r":
                guard chars.first == "\n" else { throw Malformed() }
            case "\n":
                record.append(field); field = ""
                records.append(record); record = []
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw Malformed() }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
