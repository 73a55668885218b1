// The slot parse's inner steps, written for the common case of a saved order: a
// plain ASCII key found and classified in one word-at-a-time pass, and the values
// of members nothing reads (short strings, integers, literals) stepped over
// inline. Anything out of the ordinary goes to the general skip (JSONReader+Skip),
// so what is accepted and rejected is exactly the full parser's.

extension JSONReader {
    /// For a key starting at `k` (just after its opening quote): where it closes, when it is
    /// plain ASCII without escapes; -1 otherwise (an escape, a byte above 0x7F, no closing quote).
    /// One pass finds the first quote, backslash or high byte eight bytes at a time.
    @inline(__always) static func plainKeyEnd(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> Int {
        var k = k
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while k &+ 8 <= end {
                let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                let q = w ^ 0x2222_2222_2222_2222
                let s = w ^ 0x5C5C_5C5C_5C5C_5C5C
                // The lowest flagged byte is a real quote, backslash or high byte (a false flag of
                // the zero-byte test only appears above a real zero byte).
                let hit = (((q &- ones) & ~q) | ((s &- ones) & ~s) | w) & highs
                if hit != 0 {
                    let at = k &+ hit.trailingZeroBitCount >> 3
                    return p[at] == UInt8(ascii: "\"") ? at : -1
                }
                k &+= 8
            }
        #endif
        while k < end {
            let b = p[k]
            if b == UInt8(ascii: "\"") { return k }
            if b == UInt8(ascii: "\\") || b >= 0x80 { return -1 }
            k &+= 1
        }
        return -1
    }

    /// The first offset from `k` that is not JSON white space (or `end`).
    @inline(__always) static func afterWhitespace(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> Int {
        var k = k
        while k < end {
            let b = p[k]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
            k &+= 1
        }
        return k
    }

    /// The offset of the first `"` or `\` at or after `k`, or `end` when there is none.
    @inline(__always) static func quoteOrBackslash(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> Int {
        var k = k
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while k &+ 8 <= end {
                let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                let q = w ^ 0x2222_2222_2222_2222
                let s = w ^ 0x5C5C_5C5C_5C5C_5C5C
                // A byte of q (or s) is zero where w has a quote (or backslash); the lowest flagged
                // byte is always a real one (false flags only appear above a real zero byte).
                let hit = (((q &- ones) & ~q) | ((s &- ones) & ~s)) & highs
                if hit != 0 { return k &+ hit.trailingZeroBitCount >> 3 }
                k &+= 8
            }
        #endif
        while k < end {
            let b = p[k]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return k }
            k &+= 1
        }
        return end
    }

    /// The value of an integer of 1–18 digits starting at `k` (no sign, not followed by `.`, `e`
    /// or `E`: what `parseNumber` reads as that integer) and where it ends; -1 as the end
    /// for anything else.
    @inline(__always) static func plainInteger(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> (Int, Int) {
        var j = k
        var value = 0
        while j < end, j &- k < 19 {
            let d = p[j] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            value = value &* 10 &+ Int(d)
            j &+= 1
        }
        guard j > k, j &- k <= 18 else { return (0, -1) }
        if j < end, p[j] == UInt8(ascii: ".") || p[j] | 0x20 == UInt8(ascii: "e") { return (0, -1) }
        return (value, j)
    }

    /// The first offset from `k` that is not an ASCII digit (or `end`), eight bytes at a time.
    @inline(__always) static func afterDigits(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> Int {
        var k = k
        #if _endian(little)
            while k &+ 8 <= end {
                // A byte of x is below 10 exactly where w has a digit; x + 0x76 (or x itself) reaches
                // 0x80 elsewhere. A carry only leaves a byte that is flagged already, so the
                // lowest flag is a real non-digit.
                let x = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
                let flags = ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080
                if flags != 0 { return k &+ flags.trailingZeroBitCount >> 3 }
                k &+= 8
            }
        #endif
        while k < end, p[k] &- UInt8(ascii: "0") < 10 { k &+= 1 }
        return k
    }

    /// Where a value starting at `k` ends when it is a string without escapes, an integer
    /// (digits not followed by `.`, `e` or `E`), `null` or `true`: each accepted exactly as
    /// `skipValue` accepts it. -1 for anything else (`skipValue` decides).
    /// With `quotes` (the line's marks, see `LineMarks`), a string's end is read from them.
    @inline(__always) static func afterPlainValue(
        _ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int, _ quotes: UnsafePointer<UInt64>?
    ) -> Int {
        guard k < end else { return -1 }
        let b = p[k]
        if b == UInt8(ascii: "\"") {
            let close = quoteOrBackslash(p, k &+ 1, end, quotes)
            return close < end && p[close] == UInt8(ascii: "\"") ? close &+ 1 : -1
        }
        if b &- UInt8(ascii: "0") < 10 {
            let j = afterDigits(p, k &+ 1, end)
            if j < end, p[j] == UInt8(ascii: ".") || p[j] | 0x20 == UInt8(ascii: "e") { return -1 }
            return j
        }
        if k &+ 4 <= end {
            // "null" and "true" little-endian.
            let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt32.self)
            if w == 0x6C6C_756E || w == 0x6575_7274 { return k &+ 4 }
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
        let count = b &- a
        var head: UInt64 = 0
        if a &+ 8 <= end {
            head = UnsafeRawPointer(p + a).loadUnaligned(as: UInt64.self)
            if count < 8 { head &= (1 << (8 * UInt64(count))) &- 1 }
        } else {
            for k in 0..<min(count, 8) { head |= UInt64(p[a &+ k]) << (8 * UInt64(k)) }
        }
        if node.keyFilter & JSONSelection.filterBit(count: count, head: head) == 0 { return -1 }
        var e = node.firstEdge
        let last = node.firstEdge &+ node.edgeCount
        while e < last {
            let edge = edges[e]
            if edge.keyCount == count, edge.prefix == head {
                // The prefix held the first eight bytes. The rest eight at a time, the last eight
                // overlapping those before (a key longer than eight bytes has them all in the line).
                if count <= 8 { return e }
                let line = UnsafeRawPointer(p + a)
                let key = UnsafeRawPointer(keyBytes.baseAddress! + edge.keyStart)
                var j = 8
                while j &+ 8 < count,
                    line.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                        == key.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                {
                    j &+= 8
                }
                if j &+ 8 >= count,
                    line.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                        == key.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                {
                    return e
                }
            }
            e &+= 1
        }
        return -1
    }

    /// Steps over a value nothing reads, validating it as `skipValue` does: strings without
    /// escapes, integers and the two four-letter literals here, everything else there.
    @inline(__always) mutating func skipUnreadValue() throws(JSONParseError) {
        guard let p = base else { return try skipValue() }
        let after = Self.afterPlainValue(p, i, end, quoteMarks)
        if after >= 0 {
            i = after
            return
        }
        try skipValue()
    }

    /// In an object being skipped (the cursor on a member's key): steps over the members whose
    /// key and value are plain (see `afterPlainValue`). True when that reached the closing brace
    /// (the object is done); false with the cursor on the first member that is not plain, for
    /// the general loop to read with its checks and messages.
    @inline(__always) mutating func skipPlainMembers() -> Bool {
        guard let p = base else { return false }
        var k = i
        while k < end, p[k] == UInt8(ascii: "\"") {
            let keyEnd = Self.afterPlainValue(p, k, end, quoteMarks)
            guard keyEnd >= 0 else { break }
            var j = Self.afterWhitespace(p, keyEnd, end)
            guard j < end, p[j] == UInt8(ascii: ":") else { break }
            j = Self.afterPlainValue(p, Self.afterWhitespace(p, j &+ 1, end), end, quoteMarks)
            guard j >= 0 else { break }
            j = Self.afterWhitespace(p, j, end)
            guard j < end else { break }
            if p[j] == UInt8(ascii: "}") {
                i = j &+ 1
                depth &-= 1
                return true
            }
            guard p[j] == UInt8(ascii: ",") else { break }
            k = Self.afterWhitespace(p, j &+ 1, end)
        }
        i = k
        return false
    }

    /// `skipPlainMembers` for an array's elements (the cursor on an element).
    @inline(__always) mutating func skipPlainElements() -> Bool {
        guard let p = base else { return false }
        var k = i
        while true {
            var j = Self.afterPlainValue(p, k, end, quoteMarks)
            guard j >= 0 else { break }
            j = Self.afterWhitespace(p, j, end)
            guard j < end else { break }
            if p[j] == UInt8(ascii: "]") {
                i = j &+ 1
                depth &-= 1
                return true
            }
            guard p[j] == UInt8(ascii: ",") else { break }
            k = Self.afterWhitespace(p, j &+ 1, end)
        }
        i = k
        return false
    }
}
