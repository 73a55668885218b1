// Slot parsing against the selective parser: on random orders (odd types,
// repeated keys, escaped and non-ASCII keys), plain and corrupted, with random
// path sets, a slot parse either gives up or records exactly what a field lookup
// reads, and the tree put together from its slots is the selective parse's tree.
// Plain order lines must not give up (else every line would take the slow path
// and only the speed would show it).
import Foundation
import Testing

@testable import CallqJSON

@Suite struct SlotParseTests {
    let helpers = SelectiveParseTests()

    /// Slot-parses `bytes` with `paths`; when it reads the line, its tree must be the selective
    /// parse's. Returns whether the slot parse read it.
    func check(_ bytes: [UInt8], paths: [[String]], _ note: String) throws -> Bool {
        let selection = JSONSelection(paths: paths)
        guard selection.supportsSlots else { return false }
        let slots = SlotValues.allocate(for: selection)
        defer { slots.deallocate() }
        let marked = SlotValues.allocate(for: selection)
        defer { marked.deallocate() }
        return try bytes.withUnsafeBytes { raw in
            try selection.withParser { parser in
                // Read through the line's marks (the structural pass), the parse must do exactly the same.
                let marks = LineMarks()
                marks.mark(raw)
                let readMarked = parser.parseSlots(raw, into: marked, marks: marks)
                let read = parser.parseSlots(raw, into: slots)
                #expect(readMarked == read, "\(note): with marks \(readMarked), without \(read)")
                guard read else { return false }
                if readMarked {
                    #expect(parser.tree(from: marked) == parser.tree(from: slots), "\(note) (marks)")
                }
                let expected = try JSONParser.parse(raw, selecting: selection)
                #expect(parser.tree(from: slots) == expected, "\(note)")
                // Each path's slot is what a lookup through first members reads.
                for path in paths {
                    guard let n = selection.node(for: path), selection.keepsWhole(n) else { continue }
                    var v: JSONValue? = expected
                    for key in path { v = v.flatMap { $0.objectValue?[key] } }
                    #expect(slots[n] == v, "\(note) \(path)")
                }
                return true
            }
        }
    }

    @Test func randomOrdersReadThroughSlotsGiveTheSelectiveTree() throws {
        var rng = SplitMix(seed: 47)
        var read = 0
        for round in 0..<3_000 {
            var bytes = helpers.randomSpelling(helpers.randomOrder(&rng), &rng)
            if round % 3 == 0 { helpers.corrupt(&bytes, &rng) }
            if try check(bytes, paths: helpers.randomPaths(&rng), "round \(round)") { read += 1 }
        }
        #expect(read > 500)
    }

    @Test func plainOrderLinesAreReadThroughSlots() throws {
        let line =
            #"{"orderID":"o1","userPhone":"+62","userName":"A \"B\"","userTaskID":"t","finish":true,"#
            + #""callInfoDetail":{"callID":"c","callStatus":6,"callStartTs":1732523163,"callAnswerTs":null,"#
            + #""callDuration":40,"hangupCause":"NO_ANSWER","intents":[{"intentName":"x"}],"params":[]}}"#
        let paths = [
            ["orderID"], ["userTaskID"], ["orderList"], ["retCode"], ["retMsg"],
            ["callInfoDetail", "callStatus"], ["callInfoDetail", "callDuration"], ["finish"]
        ]
        #expect(try check(Array(line.utf8), paths: paths, "plain"))
        // A key that repeats on a path, an escaped key, a document that is not an object: the ordinary way.
        for odd in [#"{"orderID":"a","orderID":"b"}"#, #"{"order\u0049D":"a"}"#, #"[{"orderID":"a"}]"#] {
            #expect(try !check(Array(odd.utf8), paths: paths, odd))
        }
    }

    /// The values of members nothing reads are stepped over inline when they are plain strings,
    /// integers or `null`/`true`; each variant must be read exactly as the full parser reads it,
    /// and a line the full parser rejects must never be read through slots.
    @Test func skippedValuesAreCheckedAsTheFullParserChecksThem() throws {
        let paths = [["orderID"], ["callInfoDetail", "callStatus"], ["callInfoDetail", "callStartTs"]]
        func line(_ skipped: String) -> [UInt8] {
            Array(
                (#"{"orderID":"o","x":"# + skipped + #","callInfoDetail":{"callStartTs":7,"callStartTsX":"#
                    + skipped + #","callStatus":6}}"#).utf8)
        }
        let good = [
            #""plain""#, #""with \"escape\" and \u00e9""#, #""张伟""#, "0", "0123", "17325231630", "-4", "1.5",
            "2e9", "3E-2", "null", "true", "false", "[]", #"[{"name":"amount","value":"1,576.00"}]"#,
            #"{"k":null,"l":[true,false,-0.5e+3]}"#, #""""#, #""\\""#, #""a\/b\n\t\r\b\f\\\"""#,
            #"[{}, {"a":"b\"c","d":-12}, 3, "x", [], {}]"#, #"{ "k" : [ { "a" : false } ] }"#, "-0", "[ ]", "{ }",
            #"[{"n\"k":"v"}]"#, #"[{"a":"\u00e9"}]"#, "[[1],[2]]"
        ]
        for value in good {
            #expect(try check(line(value), paths: paths, value), "\(value) should be read through slots")
        }
        // Read values: integers short enough are taken straight from the bytes, others as the full parser reads them.
        for value in [
            "0", "0123", "17325231630", "999999999999999999", "9999999999999999999", "12345678901234567890",
            "-4", "1.5", "2e3", "7E1", "00", #""6""#, "null"
        ] {
            let bytes = Array((#"{"orderID":"o","callInfoDetail":{"callStatus":"# + value + "}}").utf8)
            #expect(try check(bytes, paths: paths, value), "\(value) should be read through slots")
        }
        let bad = [
            "nul", "nulx", "tru", "truex", "fals", "1.", "1e", "1.e5", "-", "--1", "01x", #""open"#, #""bad \q""#,
            #""\u12G4""#, "[1,]", #"{"k":}"#, #"{"k" 1}"#, "[", "{", "", "nan", "+1", ".5",
            #"[{"k":1},]"#, #"[{"k":1}"#, #"{"k":1,}"#, #"[{"k" 1}]"#, #"[{"k":1}}"#, #""bad \x""#, #""end \"#,
            "-x", "-.5", "[{k:1}]", #"[{"k":1]"#, "falsy", "f", #"[{"a":nul}]"#, #"{"a":[1,}"#
        ]
        for value in bad {
            let bytes = line(value)
            #expect(throws: JSONParseError.self, "\(value)") { try JSONParser.parse(bytes) }
            let selection = JSONSelection(paths: paths)
            let slots = SlotValues.allocate(for: selection)
            defer { slots.deallocate() }
            let read = bytes.withUnsafeBytes { raw in selection.withParser { $0.parseSlots(raw, into: slots) } }
            #expect(!read, "\(value) must be left to the full parser")
        }
    }

    /// An array of objects nothing reads still counts its levels of nesting: one level too deep,
    /// the line is left to the full parser, which rejects it there.
    @Test func aFlatContainerAtTheNestingLimitIsLeftToTheFullParser() throws {
        let paths = [["orderID"]]
        let selection = JSONSelection(paths: paths)
        let slots = SlotValues.allocate(for: selection)
        defer { slots.deallocate() }
        // The order's object is level 1; `"x"` holds arrays nested `wraps` deep around `[{"k":1}]`.
        for wraps in [JSONParser.maxDepth - 4, JSONParser.maxDepth - 3, JSONParser.maxDepth - 2] {
            let value = String(repeating: "[", count: wraps) + #"[{"k":1}]"# + String(repeating: "]", count: wraps)
            let bytes = Array((#"{"orderID":"o","x":"# + value + "}").utf8)
            let fits = (try? JSONParser.parse(bytes)) != nil
            #expect(fits == (wraps + 3 <= JSONParser.maxDepth), "\(wraps)")
            let read = bytes.withUnsafeBytes { raw in selection.withParser { $0.parseSlots(raw, into: slots) } }
            if !fits { #expect(!read, "\(wraps) levels: must be left to the full parser") }
            #expect(try check(bytes, paths: paths, "\(wraps)") == read)
        }
    }
}
