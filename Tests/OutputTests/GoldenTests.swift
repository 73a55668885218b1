// Golden output: each `Golden/NAME.case.json` (columns, rows, options) is
// written in every format it lists and compared byte for byte with
// `Golden/NAME.FORMAT`. Add a case by adding a file; CALLQ_UPDATE_GOLDEN=1 rewrites the expected files.
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

/// One golden case file, decoded.
///
/// Keys: `columns` `[[name, kind], …]` (kinds as in `kind(_:)`), `rows` (arrays
/// of JSON values), optional `raw` (per row: the original order text or null),
/// `options` {timeZone, terminalWidth, footer, noun, groupKeys}, `summary` {rows,
/// requests, seconds} (rows defaults to the row count), `formats` (default all but `chart`).
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let columns: [Column]
    let rows: [OutputRow]
    let summary: OutputSummary
    let options: OutputOptions
    let formats: [OutputFormat]

    var testDescription: String { name }

    /// Where the golden files live in the source tree (so regeneration writes there).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var regenerate: Bool { ProcessInfo.processInfo.environment["CALLQ_UPDATE_GOLDEN"] == "1" }

    /// Every `*.case.json`, sorted by name.
    static func all() -> [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".case.json") }.sorted().map { file in
            let name = String(file.dropLast(".case.json".count))
            do {
                let bytes = try Array(Data(contentsOf: directory.appendingPathComponent(file)))
                return try GoldenCase(name: name, json: JSONParser.parse(bytes))
            } catch {
                // A broken case file must fail loudly, not vanish from the run.
                return GoldenCase(broken: name, reason: "\(error)")
            }
        }
    }

    init(broken name: String, reason: String) {
        self.name = name + " (unreadable: \(reason))"
        columns = []; rows = []; formats = []
        summary = OutputSummary(rows: 0, requests: 0, seconds: 0)
        options = OutputOptions(format: .table)
    }

    init(name: String, json: JSONValue) throws {
        self.name = name
        columns = try (json["columns"]?.arrayValue ?? []).map { c in
            guard let pair = c.arrayValue, pair.count == 2, let n = pair[0].stringValue else {
                throw GoldenError.bad("column \(c) is not [name, kind]")
            }
            return Column(n, try Self.kind(pair[1]))
        }
        let raws = json["raw"]?.arrayValue ?? []
        rows = (json["rows"]?.arrayValue ?? []).enumerated().map { i, r in
            OutputRow(r.arrayValue ?? [], raw: i < raws.count ? raws[i].stringValue.map { Array($0.utf8) } : nil)
        }
        let o = json["options"] ?? [:]
        let chart = o["groupKeys"]?.intValue.map { [columns] keys in ChartColumns(columns: columns, keys: keys) }
        options = OutputOptions(
            format: .table,
            timeZone: TimeZone(identifier: o["timeZone"]?.stringValue ?? "UTC")!,
            terminalWidth: o["terminalWidth"]?.intValue,
            footer: o["footer"]?.boolValue ?? true,
            noun: o["noun"]?.stringValue ?? "rows",
            chart: chart)
        let s = json["summary"] ?? [:]
        summary = OutputSummary(
            rows: s["rows"]?.intValue ?? rows.count, requests: s["requests"]?.intValue ?? 0,
            seconds: s["seconds"]?.doubleValue ?? 0)
        formats =
            try
            (json["formats"]?.arrayValue?.map { f in
                guard let format = f.stringValue.flatMap(OutputFormat.init(rawValue:)) else {
                    throw GoldenError.bad("unknown format \(f)")
                }
                return format
            }) ?? OutputFormat.allCases.filter { $0 != .chart }  // a chart is asked for by name (grouped cases)
    }

    /// `"text"`, `"seconds"`, …, `{"enum": {"10": "busy"}}`, `{"list": KIND}`.
    static func kind(_ v: JSONValue) throws -> ColumnKind {
        if let name = v.stringValue {
            switch name {
            case "text": return .text
            case "integer": return .integer
            case "number": return .number
            case "bool": return .bool
            case "seconds": return .seconds
            case "time": return .time
            case "json": return .json
            case "weekday": return .weekday
            default: throw GoldenError.bad("unknown kind \(name)")
            }
        }
        if let names = v["enum"]?.objectValue {
            var map: [Int: String] = [:]
            for m in names.members {
                guard let code = Int(m.key), let n = m.value.stringValue else { throw GoldenError.bad("enum \(m.key)") }
                map[code] = n
            }
            return .enumeration(map)
        }
        if let element = v["list"] { return .list(try kind(element)) }
        if let pair = v["bucket"]?.arrayValue, pair.count == 2 { return .bucket(try kind(pair[0]), try step(pair[1])) }
        throw GoldenError.bad("unknown kind \(v)")
    }

    /// `"day"`, `"week"`, `"month"`, `"hour"`, `{"bin": SECONDS}` (a time bin), `{"valueBin": S}`.
    static func step(_ v: JSONValue) throws -> BucketStep {
        switch v.stringValue {
        case "day": return .day
        case "week": return .week
        case "month": return .month
        case "hour": return .hourOfDay
        default: break
        }
        if let seconds = v["bin"]?.intValue { return .timeBin(seconds: seconds) }
        if let size = v["valueBin"]?.doubleValue { return .valueBin(size) }
        throw GoldenError.bad("unknown bucket step \(v)")
    }

    func render(_ format: OutputFormat) throws -> String {
        var o = options
        o.format = format
        return try renderOutput(columns: columns, rows: rows, summary: summary, options: o)
    }
}

enum GoldenError: Error { case bad(String) }

@Suite struct GoldenTests {
    @Test("golden output", arguments: GoldenCase.all())
    func golden(_ c: GoldenCase) throws {
        #expect(!c.formats.isEmpty, "case \(c.name) lists no formats")
        for format in c.formats {
            let actual = try c.render(format)
            let file = GoldenCase.directory.appendingPathComponent("\(c.name).\(format.rawValue)")
            if GoldenCase.regenerate {
                try Data(actual.utf8).write(to: file)
                continue
            }
            guard let expected = try? Data(contentsOf: file) else {
                Issue.record("missing \(file.lastPathComponent); run with CALLQ_UPDATE_GOLDEN=1 and review it")
                continue
            }
            let text = String(decoding: expected, as: UTF8.self)
            #expect(actual == text, "\(c.name).\(format.rawValue) differs")
            // String == equates canonically equivalent text; the bytes must match too.
            if actual == text { #expect(Array(actual.utf8) == Array(expected), "\(c.name).\(format.rawValue) bytes differ") }
        }
    }

    @Test func thereAreCases() {
        #expect(GoldenCase.all().count >= 4)
    }
}
