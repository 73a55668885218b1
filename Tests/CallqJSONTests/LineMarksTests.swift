// The structural pass's marks (CallqScanMarks through LineMarks) against the
// bytes themselves: every quote, backslash and byte above 0x7F marked and
// nothing else, on lines of every length around the 64-byte blocks; and the
// UTF-8 check that reads the marks agrees with the one that reads the bytes.
import CallqScanMarks
import Testing

@testable import CallqJSON

@Suite struct LineMarksTests {
    /// A random line drawn mostly from the bytes that matter here: quotes, backslashes,
    /// letters, and pieces of valid and broken UTF-8.
    /// Without `broken`, only ASCII and whole UTF-8 characters.
    func randomLine(_ rng: inout SplitMix, length: Int, broken: Bool = true) -> [UInt8] {
        let pieces: [[UInt8]] = [
            [0x22], [0x5C], [0x61], [0x7A], [0x20], [0x7F], [0x00],
            Array("é".utf8), Array("张".utf8), Array("😀".utf8),
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF], [0xE2, 0x82]
        ]
        var line: [UInt8] = []
        while line.count < length {
            let piece = pieces[Int(rng.next() % UInt64(broken ? pieces.count : 10))]
            // Mostly ASCII, as orders are.
            line += rng.next() % 4 == 0 ? piece : [UInt8(0x30 + rng.next() % 40)]
        }
        return Array(line.prefix(length))
    }

    /// Every level of the pass this processor runs (AVX2, SSE2, the plain loop) marks the same
    /// bits, on every length around the blocks (the last bytes come from an overlapping block).
    @Test func everyLevelMarksTheSameBits() throws {
        var rng = SplitMix(seed: 65)
        let best = Int(callq_scan_marks_best_level())
        #expect(best >= 0)
        for length in Array(0...300) + [1_000, 4_099] {
            let line = randomLine(&rng, length: length)
            let words = (length + 63) / 64
            var marks: [[UInt64]] = []
            for level in 0...best {
                var quotes = [UInt64](repeating: 0xDEAD, count: words), highs = quotes
                line.withUnsafeBufferPointer { p in
                    callq_scan_marks_at(Int32(level), p.baseAddress, length, &quotes, &highs)
                }
                marks.append(quotes + highs)
            }
            for level in 1...max(1, best) where level <= best {
                #expect(marks[level] == marks[0], "length \(length), level \(level) against the plain loop")
            }
        }
    }

    @Test func marksAreTheQuotesBackslashesAndHighBytes() throws {
        var rng = SplitMix(seed: 64)
        let marks = LineMarks()
        for length in Array(0...200) + [255, 256, 257, 1_000, 5_000] {
            let line = randomLine(&rng, length: length)
            line.withUnsafeBytes { raw in
                marks.mark(raw)
                for (k, b) in line.enumerated() {
                    let quote = marks.quotes[k >> 6] >> UInt64(k & 63) & 1 == 1
                    let high = marks.highs[k >> 6] >> UInt64(k & 63) & 1 == 1
                    #expect(quote == (b == 0x22 || b == 0x5C), "length \(length), byte \(k)")
                    #expect(high == (b >= 0x80), "length \(length), byte \(k)")
                }
                // Bits past the line are clear (the scans rely on it).
                if length % 64 != 0 {
                    let w = length >> 6
                    #expect(marks.quotes[w] >> UInt64(length & 63) == 0, "length \(length)")
                    #expect(marks.highs[w] >> UInt64(length & 63) == 0, "length \(length)")
                }
            }
        }
    }

    @Test func theUTF8CheckOnMarksFindsTheSameFirstBadByte() throws {
        var rng = SplitMix(seed: 65)
        let marks = LineMarks()
        var bad = 0
        for round in 0..<4_000 {
            let line = randomLine(&rng, length: Int(rng.next() % 300), broken: round % 2 == 0)
            line.withUnsafeBytes { raw in
                marks.mark(raw)
                let expected = UTF8Validation.firstInvalidByte(raw)
                #expect(marks.firstInvalidUTF8(raw) == expected, "round \(round): \(line)")
                if expected != nil { bad += 1 }
            }
        }
        // Both outcomes were tried many times (a line cut inside a character is bad too).
        #expect(bad > 1_000 && bad < 3_000)
    }

    @Test func aStringEndIsFoundAcrossBlocks() {
        // A key ending in the next block, and a value whose closing quote is 130 bytes on.
        let value = String(repeating: "x", count: 130)
        let line = Array(#"{"\#(String(repeating: "k", count: 70))":"\#(value)","a":1}"#.utf8)
        let marks = LineMarks()
        line.withUnsafeBytes { raw in
            marks.mark(raw)
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let keyEnd = JSONReader.markedKeyEnd(p, 2, line.count, marks.quotes, marks.highs)
            #expect(keyEnd == 72)
            #expect(JSONReader.afterPlainValue(p, 74, line.count, marks.quotes) == 74 + 132)
            #expect(JSONReader.afterPlainValue(p, 74, line.count, nil) == 74 + 132)
        }
    }
}
