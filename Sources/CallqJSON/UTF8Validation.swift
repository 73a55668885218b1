// JSON text is UTF-8 (RFC 8259 §8.1). Saved files are held to the same rule as
// API replies: a line with bytes that are not UTF-8 is a bad line, never decoded
// with replacement characters nor passed on to NDJSON output. ASCII runs, most
// of an order, are stepped over 32 bytes (four words) at a time, and of the
// rest only the words with bytes above 0x7F are run through the automaton.

/// Finds bytes that break UTF-8.
public enum UTF8Validation {
    /// The offset of the first byte that is not part of a valid UTF-8 sequence (overlong forms,
    /// surrogates and scalars above U+10FFFF included); nil when every byte is.
    @inline(__always)
    public static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i + 32 <= n {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 { break }
            i += 32
        }
        guard i < n else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        // Valid text (the usual case) is confirmed by the automaton, without a branch per byte;
        // only text that is not UTF-8 is decoded again to find where it breaks.
        if accepts(p, from: i, count: n) { return nil }
        return firstInvalidByte(p, from: i, count: n)
    }

    /// The automaton (RFC 3629's table of well-formed sequences) as a shift DFA: state k is the
    /// number 6·k, and `rows[byte] >> state & 63` is the next state, so a byte costs a load that
    /// does not wait on the state, a shift and a mask. States: 0 between characters, 1 rejected
    /// (for good); 2, 3, 4: one, two, three continuation bytes due; 5 after E0 (A0–BF next),
    /// 6 after ED (80–9F next), 7 after F0 (90–BF next), 8 after F4 (80–8F next).
    private static let rows: [UInt64] = {
        var next = [[Int]](repeating: [Int](repeating: 1, count: 256), count: 9)
        func set(_ state: Int, _ bytes: ClosedRange<Int>, _ to: Int) { for b in bytes { next[state][b] = to } }
        set(0, 0x00...0x7F, 0)
        set(0, 0xC2...0xDF, 2)
        set(0, 0xE0...0xE0, 5)
        set(0, 0xE1...0xEC, 3)
        set(0, 0xED...0xED, 6)
        set(0, 0xEE...0xEF, 3)
        set(0, 0xF0...0xF0, 7)
        set(0, 0xF1...0xF3, 4)
        set(0, 0xF4...0xF4, 8)
        set(2, 0x80...0xBF, 0)
        set(3, 0x80...0xBF, 2)
        set(4, 0x80...0xBF, 3)
        set(5, 0xA0...0xBF, 2)
        set(6, 0x80...0x9F, 2)
        set(7, 0x90...0xBF, 3)
        set(8, 0x80...0x8F, 3)
        var rows = [UInt64](repeating: 0, count: 256)
        for b in 0..<256 {
            for k in 0..<9 {
                let to = UInt64(6 * next[k][b])
                rows[b] |= to << UInt64(6 * k)
            }
        }
        return rows
    }()

    /// Whether `p[start ..< n]` is UTF-8: ASCII words stepped over, other words run through
    /// the automaton.
    static func accepts(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Bool {
        rows.withUnsafeBufferPointer { rows in
            var state: UInt64 = 0
            var i = start
            // Between characters, 32 ASCII bytes are passed over in one test.
            while i + 32 <= n {
                let a = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(p + i + 8).loadUnaligned(as: UInt64.self)
                let c = UnsafeRawPointer(p + i + 16).loadUnaligned(as: UInt64.self)
                let d = UnsafeRawPointer(p + i + 24).loadUnaligned(as: UInt64.self)
                if state == 0, (a | b | c | d) & 0x8080_8080_8080_8080 == 0 {
                    i += 32
                    continue
                }
                // Only the words that hold (or continue) a character above U+007F go through it.
                for w in [a, b, c, d] {
                    if state == 0, w & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                    for k in 0..<8 { state = rows[Int(p[i + k])] >> state & 63 }
                    i += 8
                }
                if state == 6 { return false }
            }
            while i + 8 <= n {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if state == 0, w & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                for k in 0..<8 { state = rows[Int(p[i + k])] >> state & 63 }
                if state == 6 { return false }
                i += 8
            }
            while i < n {
                state = rows[Int(p[i])] >> state & 63
                i += 1
            }
            return state == 0
        }
    }

    /// The general case from `i` on (a non-ASCII byte is near).
    @inline(never)
    static func firstInvalidByte(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int? {
        var i = start
        while i < n {
            if i + 32 <= n {
                let a = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(p + i + 8).loadUnaligned(as: UInt64.self)
                let c = UnsafeRawPointer(p + i + 16).loadUnaligned(as: UInt64.self)
                let d = UnsafeRawPointer(p + i + 24).loadUnaligned(as: UInt64.self)
                if (a | b | c | d) & 0x8080_8080_8080_8080 == 0 {
                    i += 32
                    continue
                }
            }
            if i + 8 <= n {
                // Straight to the next byte above 0x7F (or eight bytes on).
                let high = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
                if high == 0 {
                    i += 8
                    continue
                }
                i += high.trailingZeroBitCount >> 3
            }
            let lead = p[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = p[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            let overlong = (length == 3 && scalar < 0x800) || (length == 4 && scalar < 0x1_0000)
            if overlong || scalar > 0x10_FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }

    /// `firstInvalidByte` over an array.
    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidByte($0) }
    }
}
