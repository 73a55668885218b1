// The selective parser against the full parser: on random orders (odd types,
// repeated keys, escaped and non-ASCII keys, nested junk), on the fuzz corpus and
// on corrupted copies of them, with random path sets, the partial tree is the
// full tree pruned to the paths, lookups agree, and errors are identical.
import Foundation
import Testing

@testable import CallqJSON

@Suite struct SelectiveParseTests {
    /// Keys orders use, plus near misses (prefixes, case, escapes).
    static let keys = [
        "orderID", "userTaskID", "userName", "userPhone", "callInfoDetail", "callStatus",
        "callDuration", "callStartTs", "intents", "intentName", "agent", "agentName", "params",
        "sms", "finish", "orderList", "retCode", "order", "orderId", "callstatus", "a", "",
        "userTas\u{212A}ID", "caf\u{E9}", "cafe\u{301}"
    ]

    @Test func keepsExactlyThePathsOnRandomOrders() throws {
        var rng = SplitMix(seed: 41)
        for round in 0..<3_000 {
            let doc = randomOrder(&rng)
            let bytes = randomSpelling(doc, &rng)
            let paths = randomPaths(&rng)
            try checkAgainstFullParse(bytes, paths: paths, "round \(round)")
        }
    }

    @Test func malformedInputFailsExactlyAsTheFullParser() throws {
        var rng = SplitMix(seed: 43)
        var failures = 0
        for round in 0..<6_000 {
            var bytes = randomSpelling(randomOrder(&rng), &rng)
            corrupt(&bytes, &rng)
            if (try? JSONParser.parse(bytes)) == nil { failures += 1 }
            try checkAgainstFullParse(bytes, paths: randomPaths(&rng), "round \(round)")
        }
        #expect(failures > 3_000)
    }

    @Test func fuzzCorpusAndItsCorruptions() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../LanguageTests/Fuzz/json").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count >= 4)
        var rng = SplitMix(seed: 47)
        for name in names {
            let original = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            for round in 0..<300 {
                var bytes = original
                if round > 0 { corrupt(&bytes, &rng) }
                try checkAgainstFullParse(bytes, paths: randomPaths(&rng), "\(name) round \(round)")
            }
        }
    }

    @Test func handWrittenEdgeCases() throws {
        let cases: [String] = [
            #"{"orderID":"a","orderID":"b","callInfoDetail":{"callStatus":"6"},"callInfoDetail":{"callStatus":7}}"#,
            #"{"orderI\u0044":"escaped key","userTas\u212AID":"kelvin sign","callInfoDetail":[1,{"callStatus":2}]}"#,
            #"{"callInfoDetail":"a string","x":{"deep":[[[{"a":"\ud83d\ude00 \ud800 \u00e9"}]]]}}"#,
            #"{"x":"\ud800\u12"}"#, #"{"x":"\ud800\uZZZZ","orderID":1}"#, #"{"x":"\q"}"#, #"{"x":"abc\"#,
            #"{"x":"abc\\"#, "{\"x\":\"raw\ncontrol\u{1}\"}", #"{"x":-}"#, #"{"x":1.}"#, #"{"x":1e}"#,
            #"{"x":1e+}"#, #"{"x":012,"orderID":99999999999999999999999}"#, #"{"x":tru}"#, #"{"x":nul"#,
            #"{"x":<b>}"#, #"{"x":[1,]}"#, #"{"x":[1 2]}"#, #"{"x" 1}"#, #"{x:1}"#, #"{"x":1,}"#, "{\"x\":1}}",
            #"{"orderID":"a"} trailing"#, "\u{FEFF}{\"orderID\":\"bom\"}", "  ", "", #"{"x":"#,
            #"{"x":1e99999,"y":-0.0,"orderID":1.5e-400}"#, #"{"x":[{"a":[{"b":[]}]}],"orderID":{"nested":[1]}}"#,
            "{\"x\":" + String(repeating: "[", count: 300) + "}",
            "{\"orderID\":\"" + String(repeating: "x", count: 1000) + "\\n\"}"
        ]
        let pathSets: [[[String]]] = [
            [["orderID"]], [["orderID"], ["userTaskID"], ["callInfoDetail", "callStatus"]], [["x"]], [["x", "deep"]],
            [["callInfoDetail"]], [["userTaskID"]], [[]], [], [["callInfoDetail", "intents"], ["y"]]
        ]
        for text in cases {
            for paths in pathSets {
                try checkAgainstFullParse(Array(text.utf8), paths: paths, text)
            }
        }
    }

    @Test func repliesCaptureExactElementBytesWithSelectedOrders() throws {
        let text =
            #"{"retCode":0,"totalCount":2,"junk":{"a":[1,2]},"orderList":[ {"orderID":"a","big":[1,2,3]} ,{"orderID":"b","callInfoDetail":{"callStatus":6,"x":"y"}}]}"#
        let bytes = Array(text.utf8)
        let orders = JSONSelection(paths: [["orderID"], ["callInfoDetail", "callStatus"]])
        let selection = JSONSelection.list("orderList", elements: orders, envelope: ["retCode", "totalCount"])
        let (value, ranges) = try JSONParser.parseCapturing(bytes, selecting: selection)
        #expect(
            value == [
                "retCode": 0, "totalCount": 2,
                "orderList": [["orderID": "a"], ["orderID": "b", "callInfoDetail": ["callStatus": 6]]]
            ])
        #expect(
            ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
                == [#"{"orderID":"a","big":[1,2,3]}"#, #"{"orderID":"b","callInfoDetail":{"callStatus":6,"x":"y"}}"#])
        let (_, full) = try JSONParser.parse(bytes, capturingElementsOf: "orderList")
        #expect(full == ranges)
    }

    // MARK: The check

    func checkAgainstFullParse(_ bytes: [UInt8], paths: [[String]], _ note: String) throws {
        let selection = JSONSelection(paths: paths)
        let full = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes) }
        let partial = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes, selecting: selection) }
        switch (full, partial) {
        case (.success(let f), .success(let p)):
            #expect(p == prune(f, paths), "\(note): \(paths)")
            for path in paths + SelectiveParseTests.probes {
                #expect(lookup(p, path) == lookupIfSelected(f, path, paths), "\(note): \(path) of \(paths)")
            }
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(note): \(paths)")
        default:
            Issue.record("\(note): full \(full) but selective \(partial) for \(paths)")
        }
    }

    static let probes: [[String]] = [
        ["orderID"], ["userTaskID"], ["callInfoDetail", "callStatus"],
        ["callInfoDetail", "intents"], ["x"]
    ]

    /// The full tree with every member off `paths` removed (the reference the parser must match).
    func prune(_ v: JSONValue, _ paths: [[String]]) -> JSONValue {
        if paths.contains(where: \.isEmpty) { return v }
        guard case .object(let o) = v else { return v }
        var kept: [JSONObject.Member] = []
        for m in o.members {
            let below = paths.filter { $0.first == m.key }.map { Array($0.dropFirst()) }
            if !below.isEmpty { kept.append(JSONObject.Member(m.key, prune(m.value, below))) }
        }
        return .object(JSONObject(kept))
    }

    /// The value at `path` (first member with each key), as field extraction reads it.
    func lookup(_ v: JSONValue, _ path: [String]) -> JSONValue? {
        var v = v
        for key in path {
            guard let next = v[key] else { return nil }
            v = next
        }
        return v
    }

    /// The full tree's value at `path` when `path` is within the selection (else nil, as left out).
    func lookupIfSelected(_ v: JSONValue, _ path: [String], _ paths: [[String]]) -> JSONValue? {
        let covered = paths.contains { p in
            path.count >= p.count ? Array(path.prefix(p.count)) == p : Array(p.prefix(path.count)) == path
        }
        guard covered else { return nil }
        guard let found = lookup(v, path) else { return nil }
        // A path that stops above the end of a selected one sees the pruned subtree.
        let below = paths.filter { $0.count > path.count && Array($0.prefix(path.count)) == path }.map {
            Array($0.dropFirst(path.count))
        }
        let ends = paths.contains { path.count >= $0.count && Array(path.prefix($0.count)) == $0 }
        return ends ? found : prune(found, below)
    }

    // MARK: Random inputs

    func randomPaths(_ rng: inout SplitMix) -> [[String]] {
        let n = Int(rng.next() % 5)
        return (0..<n).map { _ in
            let depth = 1 + Int(rng.next() % 3)
            return (0..<depth).map { _ in SelectiveParseTests.keys[Int(rng.next() % UInt64(SelectiveParseTests.keys.count))] }
        }
    }

    func randomOrder(_ rng: inout SplitMix) -> JSONValue {
        func pick(_ r: inout SplitMix) -> String {
            SelectiveParseTests.keys[Int(r.next() % UInt64(SelectiveParseTests.keys.count))]
        }
        func oddScalar(_ r: inout SplitMix) -> JSONValue {
            switch r.next() % 9 {
            case 0: return .null
            case 1: return .int(Int(truncatingIfNeeded: r.next() % 2000) - 1000)
            case 2: return .string(String(r.next() % 100))
            case 3: return .double(Double(r.next() % 1000) / 8)
            case 4: return .bool(r.next() % 2 == 0)
            case 5: return .string("q\"\\/\n\u{1}é中😀")
            case 6: return .array([.int(1), .string("x"), .null])
            case 7: return .object(JSONObject())
            default: return .string("")
            }
        }
        func object(_ r: inout SplitMix, depth: Int) -> JSONValue {
            let n = Int(r.next() % 7)
            var members: [JSONObject.Member] = []
            for _ in 0..<n {
                let key = pick(&r)
                let value: JSONValue
                switch r.next() % 6 {
                case 0 where depth < 4: value = object(&r, depth: depth + 1)
                case 1 where depth < 4: value = .array((0..<Int(r.next() % 4)).map { _ in object(&r, depth: depth + 1) })
                default: value = oddScalar(&r)
                }
                members.append(JSONObject.Member(key, value))
            }
            return .object(JSONObject(members))
        }
        return object(&rng, depth: 0)
    }

    /// `value` as JSON text, spelled randomly: whitespace, escaped characters in keys and
    /// strings, numbers with exponents (all of which the full parser reads back the same).
    func randomSpelling(_ value: JSONValue, _ rng: inout SplitMix) -> [UInt8] {
        var out: [UInt8] = []
        func ws(_ r: inout SplitMix) {
            if r.next() % 4 == 0 { out += Array([" ", "\n", "\t", "\r\n  "][Int(r.next() % 4)].utf8) }
        }
        func string(_ s: String, _ r: inout SplitMix) {
            guard r.next() % 4 == 0 else { JSONWriter.appendString(s, to: &out); return }
            out.append(UInt8(ascii: "\""))
            for u in s.unicodeScalars {
                if r.next() % 3 == 0 || u == "\"" || u == "\\" || u.value < 0x20 {
                    if u.value > 0xFFFF {
                        let v = u.value - 0x10000
                        out += Array(String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)).utf8)
                    } else {
                        out += Array(String(format: "\\u%04X", u.value).utf8)
                    }
                } else {
                    out += Array(String(u).utf8)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        func write(_ v: JSONValue, _ r: inout SplitMix) {
            ws(&r)
            switch v {
            case .object(let o):
                out.append(UInt8(ascii: "{"))
                for (k, m) in o.members.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    ws(&r); string(m.key, &r); ws(&r)
                    out.append(UInt8(ascii: ":"))
                    write(m.value, &r)
                }
                ws(&r)
                out.append(UInt8(ascii: "}"))
            case .array(let a):
                out.append(UInt8(ascii: "["))
                for (k, e) in a.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    write(e, &r)
                }
                ws(&r)
                out.append(UInt8(ascii: "]"))
            case .string(let s): string(s, &r)
            case .int(let n) where r.next() % 5 == 0: out += Array("\(n)e0".utf8)
            default: JSONWriter.append(v, to: &out)
            }
            ws(&r)
        }
        write(value, &rng)
        return out
    }

    /// Breaks `bytes` a little: cut, drop, insert or replace a byte with JSON's busiest characters.
    func corrupt(_ bytes: inout [UInt8], _ rng: inout SplitMix) {
        let alphabet = Array(#"{}[]",:\0123456789-+.eEtrufalsnu"#.utf8) + [0x20, 0x0A, 0xE4, 0xFF, 0x00]
        for _ in 0...Int(rng.next() % 3) {
            guard !bytes.isEmpty else { return }
            let at = Int(rng.next() % UInt64(bytes.count))
            let b = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            switch rng.next() % 4 {
            case 0: bytes.removeLast(bytes.count - at)
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(b, at: at)
            default: bytes[at] = b
            }
        }
    }
}
