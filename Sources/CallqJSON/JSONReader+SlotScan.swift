// The slot parse's inner steps, written for the common case of a saved order: a
// plain ASCII key found and classified in one word-at-a-time pass, and the values
// of members nothing reads (short strings, integers, literals) stepped over
// inline. Anything out of the ordinary goes to the general skip (JSONReader+Skip),
// so what is accepted and rejected is exactly the full parser's.

extension JSONReader {
    /// For a key starting at `k` (just after its opening quote): where it closes, when it is
    /// plain ASCII without escapes; -1 otherwise (an escape, a byte above 0x7F, no closing quote).
    /// One pass finds the first quote, backslash or high byte eight bytes at a time.
    @inline(__always) func plainKeyEnd(from k: Int) -> Int {
        var k = k
        let p = base!
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while k + 8 <= end {
                let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                let q = w ^ 0x2222_2222_2222_2222
                let s = w ^ 0x5C5C_5C5C_5C5C_5C5C
                // The lowest flagged byte is a real quote, backslash or high byte (a false flag of
                // the zero-byte test only appears above a real zero byte).
                let hit = (((q &- ones) & ~q) | ((s &- ones) & ~s) | w) & highs
                if hit != 0 {
                    let at = k + hit.trailingZeroBitCount >> 3
                    return p[at] == UInt8(ascii: "\"") ? at : -1
                }
                k += 8
            }
        #endif
        while k < end {
            let b = p[k]
            if b == UInt8(ascii: "\"") { return k }
            if b == UInt8(ascii: "\\") || b >= 0x80 { return -1 }
            k += 1
        }
        return -1
    }

    /// The edge of `node` whose key is the ASCII bytes `p[a ..< b]` (no quote, escape or high
    /// byte among them); -1 when none. Reads no more than `end`. Static, with what it reads
    /// passed in: a method call that copies the reader's fields costs more than the lookup.
    @inline(__always) static func edge(
        ofPlainKey p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, _ end: Int, _ node: JSONSelection.Node,
        _ edges: UnsafeBufferPointer<JSONSelection.Edge>, _ keyBytes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        let count = b - a
        var head: UInt64 = 0
        if a + 8 <= end {
            head = UnsafeRawPointer(p + a).loadUnaligned(as: UInt64.self)
            if count < 8 { head &= (1 << (8 * UInt64(count))) - 1 }
        } else {
            for k in 0..<min(count, 8) { head |= UInt64(p[a + k]) << (8 * UInt64(k)) }
        }
        if node.keyFilter & JSONSelection.filterBit(count: count, head: head) == 0 { return -1 }
        var e = node.firstEdge
        let last = node.firstEdge + node.edgeCount
        while e < last {
            let edge = edges[e]
            if edge.keyCount == count, edge.prefix == head {
                var j = 8
                while j < count, p[a + j] == keyBytes[edge.keyStart + j] { j += 1 }
                if j >= count { return e }
            }
            e += 1
        }
        return -1
    }

    /// Steps over a value nothing reads, validating it as `skipValue` does: strings without
    /// escapes, integers and the three literals here, everything else there.
    @inline(__always) mutating func skipUnreadValue() throws(JSONParseError) {
        guard i < end else { return try skipValue() }
        let p = base!
        let b = p[i]
        if b == UInt8(ascii: "\"") {
            let k = scanQuoteOrBackslash(from: i + 1)
            if k < end, p[k] == UInt8(ascii: "\"") {
                i = k + 1
                return
            }
            return try skipString()
        }
        if b &- UInt8(ascii: "0") < 10 {
            // An integer: digits up to something that cannot continue a number.
            var k = i + 1
            while k < end, p[k] &- UInt8(ascii: "0") < 10 { k += 1 }
            if k < end, p[k] == UInt8(ascii: ".") || p[k] | 0x20 == UInt8(ascii: "e") { return try skipNumber() }
            i = k
            return
        }
        if i + 4 <= end {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
            // "null" and "true" little-endian.
            if w == 0x6C6C_756E || w == 0x6575_7274 {
                i += 4
                return
            }
        }
        try skipValue()
    }
}
