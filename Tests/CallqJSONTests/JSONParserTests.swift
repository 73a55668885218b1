// The JSON parser and writer: values, escapes, numbers, element capture,
// errors with offsets, and a print-parse round trip.
import Testing

@testable import CallqJSON

@Suite struct JSONParserTests {
    @Test("a byte that is no printable character is named as a byte, not as `\\u{ff}` (#27-11)")
    func unreadableByteIsNamedReadably() throws {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse([UInt8](#"{"a": "#.utf8) + [0xFF, 0x7D]) }
        let text = try #require(error).description
        #expect(text.contains("unexpected byte 0xFF, expected a value"), "\(text)")
        #expect(!text.contains("\\u{"))
    }

    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#"{"a":1,"b":-2.5,"c":"x","d":[true,false,null],"e":{},"f":[]}"#)
        #expect(v["a"] == .int(1))
        #expect(v["b"] == .double(-2.5))
        #expect(v["c"] == .string("x"))
        #expect(v["d"] == .array([.bool(true), .bool(false), .null]))
        #expect(v["e"] == .object(JSONObject()))
        #expect(v["f"] == .array([]))
        #expect(v.objectValue?.keys == ["a", "b", "c", "d", "e", "f"])
    }

    @Test func decodesEscapesAndUnicode() throws {
        let v = try JSONParser.parse(#"["a\"b\\c\/d\n\t", "\u00e9\u4e2d", "\ud83d\ude00", "张伟"]"#)
        #expect(v == .array(["a\"b\\c/d\n\t", "é中", "😀", "张伟"]))
    }

    @Test func numbers() throws {
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("-17") == .int(-17))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(try JSONParser.parse("99999999999999999999") == .double(1e20))
        #expect(throws: JSONParseError.self) { try JSONParser.parse("-") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("1.") }
    }

    @Test func errorsCarryOffsets() {
        #expect(throws: JSONParseError(offset: 6, message: "unexpected end of input in an object")) {
            try JSONParser.parse(#"{"a":1"#)
        }
        do {
            _ = try JSONParser.parse("<html><body>502 Bad Gateway</body></html>")
            Issue.record("HTML parsed as JSON")
        } catch {
            #expect(error.description.contains("HTML"))
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1} x"#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#""abc"#) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func capturesElementRanges() throws {
        let text = #"{"retCode":0,"orderList":[{"orderID":"a"}, {"orderID":"b","x":[1]} ],"n":[5]}"#
        let bytes = Array(text.utf8)
        let (v, ranges) = try JSONParser.parse(bytes, capturingElementsOf: "orderList")
        #expect(v["retCode"] == .int(0))
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == [#"{"orderID":"a"}"#, #"{"orderID":"b","x":[1]}"#])
    }

    @Test func writerRoundTrips() throws {
        let v: JSONValue = ["s": "q\"\\\n\u{1}/中", "n": [1, -2, 2.5, nil, true], "o": ["k": "v"]]
        let text = JSONWriter.string(v)
        #expect(text == #"{"s":"q\"\\\n\u0001/中","n":[1,-2,2.5,null,true],"o":{"k":"v"}}"#)
        #expect(try JSONParser.parse(text) == v)
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SplitMix(seed: 7)
        for _ in 0..<500 {
            let v = randomValue(&rng, depth: 0)
            #expect(try JSONParser.parse(JSONWriter.bytes(v)) == v)
        }
    }

    @Test func garbageNeverCrashes() {
        var rng = SplitMix(seed: 11)
        let alphabet = Array(#"{}[]",:0123456789-+.eEtrufalsn\u"#.utf8) + [0x20, 0xE4, 0xB8]
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 24)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            _ = try? JSONParser.parse(bytes)
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomValue(_ rng: inout SplitMix, depth: Int) -> JSONValue {
    switch rng.next() % (depth > 3 ? 5 : 7) {
    case 0: return .null
    case 1: return .bool(rng.next() % 2 == 0)
    case 2: return .int(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 60))
    case 3: return .double(Double(Int(rng.next() % 100_000)) / 64)
    case 4:
        let pool = ["", "a", "é", "中文", "\"", "\\", "\n", "\t", "x y", "😀", "\u{7}"]
        return .string((0..<Int(rng.next() % 4)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined())
    case 5: return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
    default:
        return .object(
            JSONObject(
                (0..<Int(rng.next() % 4)).map { k in
                    .init("k\(k)", randomValue(&rng, depth: depth + 1))
                }))
    }
}
