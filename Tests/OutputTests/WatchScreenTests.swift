// The watch's drawing (SPEC §13.2) stage by stage: what moved between two frames
// and how a table and a chart show it, how a frame is fitted to the window and
// drawn over the previous one, and how frames are stamped for a pipe.
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

@Suite struct WatchScreenTests {
    let utc = TimeZone(identifier: "UTC")!
    static let statuses: ColumnKind = .enumeration([1: "ready", 6: "completed", 10: "busy"])

    func counts(_ pairs: [(Int, Int)]) -> WatchResult {
        WatchResult(
            columns: [Column("status", Self.statuses), Column("count", .integer)],
            rows: pairs.map { OutputRow([.int($0.0), .int($0.1)]) }, groupKeys: 1)
    }

    @Test("a moved number carries its change, a new group starts with +, the first frame marks nothing")
    func tableMarks() throws {
        let screen = WatchScreen(width: 80, height: 24)
        let before = counts([(1, 24), (6, 192)])
        let after = counts([(1, 21), (6, 195), (10, 2)])
        let first = try screen.body(before, previous: nil, format: .table, timeZone: utc)
        #expect(
            first == [" status       | count", "--------------+-------", " ready(1)     |    24", " completed(6) |   192"],
            "\(first)")
        let lines = try screen.body(after, previous: before, format: .table, timeZone: utc)
        #expect(lines.contains(" ready(1)     |  21 (-3)"), "\(lines)")
        #expect(lines.contains(" completed(6) | 195 (+3)"), "\(lines)")
        #expect(lines.contains("+busy(10)     |        2"), "\(lines)")
        // Unchanged the next time: no marks, so the lines are shorter again.
        let still = try screen.body(after, previous: after, format: .table, timeZone: utc)
        #expect(
            still == [
                " status       | count", "--------------+-------", " ready(1)     |    21", " completed(6) |   195",
                " busy(10)     |     2"
            ], "\(still)")
    }

    @Test("rows that the previous frame did not have are marked")
    func newRows() throws {
        let columns = [Column("id", .text), Column("ended", .time)]
        let a = WatchResult(columns: columns, rows: [OutputRow([.string("o-1"), .int(1_796_600_000)])], groupKeys: nil)
        let b = WatchResult(
            columns: columns,
            rows: [
                OutputRow([.string("o-2"), .int(1_796_600_060)]),
                OutputRow([.string("o-1"), .int(1_796_600_000)])
            ], groupKeys: nil)
        let lines = try WatchScreen(width: 80, height: 24).body(b, previous: a, format: .table, timeZone: utc)
        #expect(lines.contains("+o-2 | 2026-12-06 23:34:20"), "\(lines)")
        #expect(lines.contains(" o-1 | 2026-12-06 23:33:20"), "\(lines)")
    }

    @Test("changes are written in the column's own terms")
    func changeTexts() {
        let cells = CellFormatter(style: .display, timeZone: utc)
        #expect(WatchDiff.text(3, kind: .integer, formatter: cells) == "(+3)")
        #expect(WatchDiff.text(-2, kind: .integer, formatter: cells) == "(-2)")
        #expect(WatchDiff.text(65, kind: .seconds, formatter: cells) == "(+1m05s)")
        #expect(WatchDiff.text(-0.5, kind: .number, formatter: cells).hasPrefix("(-0.5"))
    }

    @Test("a chart is redrawn with the marks in a gutter and the change after the value")
    func chartMarks() throws {
        let screen = WatchScreen(width: 60, height: 24)
        let lines = try screen.body(
            counts([(1, 21), (6, 195), (10, 2)]), previous: counts([(1, 24), (6, 192)]),
            format: .chart, timeZone: utc)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("  ready(1)") && lines[0].hasSuffix(" 21 (-3)"), "\(lines)")
        #expect(lines[1].hasPrefix("  completed(6)") && lines[1].contains("█") && lines[1].hasSuffix(" 195 (+3)"), "\(lines)")
        #expect(lines[2].hasPrefix("+ busy(10)") && lines[2].hasSuffix(" 2"), "\(lines)")
    }

    @Test("a frame fits the window: lines cut to its width, the rows beyond its height left out with a note")
    func fitting() {
        let screen = WatchScreen(width: 20, height: 8)
        let body = (1...10).map { "line \($0) " + String(repeating: "x", count: 30) }
        let lines = screen.fit(header: ["every 1s · frame 1", "q", ""], body: body)
        #expect(lines.count == 7)  // the last row stays free: nothing scrolls
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(lines[3].hasPrefix("line 1 ") && lines[3].hasSuffix("…"))
        #expect(lines[6].hasPrefix("… 7 more lines"))
        #expect(screen.fit(header: ["h"], body: ["a", "b"]) == ["h", "a", "b"])
    }

    @Test("the first frame clears the screen; later ones go home and erase each line and the rest")
    func drawing() {
        var screen = WatchScreen(width: 40, height: 10)
        let first = screen.draw(["one", "two"])
        #expect(first == "\u{1B}[H\u{1B}[2J\u{1B}[2Kone\n\u{1B}[2Ktwo\n\u{1B}[J")
        let second = screen.draw(["1"])
        #expect(second == "\u{1B}[H\u{1B}[2K1\n\u{1B}[J")
        #expect(
            WatchScreen.header(interval: "10s", frame: 7, time: "14:05:10", requests: 4, sync: "25 new, 60 finished")
                == "every 10s · frame 7 · 14:05:10 · 4 requests · 25 new, 60 finished")
        #expect(
            WatchScreen.header(interval: "200ms", frame: 1, time: "09:00:00", requests: 1, sync: nil)
                == "every 200ms · frame 1 · 09:00:00 · 1 request")
    }

    @Test("on a pipe every row starts with frame and at; whole orders get them as their first keys")
    func stamping() throws {
        let sink = OutputSink.memory()
        var stream = WatchStream(sink: sink, format: .ndjson, timeZone: utc)
        let orders = WatchResult(
            columns: [Column("orderID", .text)],
            rows: [
                OutputRow([.string("o-1")], raw: Array(#"{"orderID":"o-1","finish":true}"#.utf8)),
                OutputRow([.string("o-2")], raw: Array("{\n  \"orderID\": \"o-2\"\n}".utf8)),
                OutputRow([.string("o-3")], raw: Array("{}".utf8))
            ], groupKeys: nil)
        try stream.write(frame: 1, at: 1_796_600_000, orders)
        try stream.write(frame: 2, at: 1_796_600_010, counts([(6, 3)]))
        let lines = sink.text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                #"{"frame":1,"at":1796600000,"orderID":"o-1","finish":true}"#,
                #"{"frame":1,"at":1796600000,"orderID":"o-2"}"#,
                #"{"frame":1,"at":1796600000}"#,
                #"{"frame":2,"at":1796600010,"status":6,"count":3}"#
            ])
    }

    @Test("csv writes its header once for frames of the same columns")
    func csvStream() throws {
        let sink = OutputSink.memory()
        var stream = WatchStream(sink: sink, format: .csv, timeZone: utc)
        try stream.write(frame: 1, at: 1_796_600_000, counts([(6, 3)]))
        try stream.write(frame: 2, at: 1_796_600_010, counts([(6, 4)]))
        let lines = sink.text.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count == 3 && lines[0] == "frame,at,status,count", "\(lines)")
        #expect(lines[2].hasPrefix("2,") && lines[2].hasSuffix(",6,4"), "\(lines)")
    }

    @Test("the formats for people write each frame whole under a heading with its number and time")
    func tableStream() throws {
        let sink = OutputSink.memory()
        var stream = WatchStream(sink: sink, format: .table, timeZone: utc)
        try stream.write(frame: 1, at: 1_796_600_000, counts([(6, 3)]))
        try stream.write(frame: 2, at: 1_796_600_010, counts([(6, 4)]))
        #expect(
            sink.text == """
                frame 1 at 2026-12-06 23:33:20
                 status       | count
                --------------+-------
                 completed(6) |     3
                frame 2 at 2026-12-06 23:33:30
                 status       | count
                --------------+-------
                 completed(6) |     4

                """)
    }
}
