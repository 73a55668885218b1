// JSON text is UTF-8 (RFC 8259 §8.1). Saved files are held to the same rule as
// API replies: a line with bytes that are not UTF-8 is a bad line, never decoded
// with replacement characters nor passed on to NDJSON output. ASCII runs, most
// of an order, are stepped over 32 or 16 bytes at a time; only the characters
// above U+007F are looked at one by one (RFC 3629's table of well-formed sequences).

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
            if (a | b | c | d) & highs != 0 { break }
            i += 32
        }
        guard i < n else { return nil }
        return firstInvalidByte(base.assumingMemoryBound(to: UInt8.self), from: i, count: n)
    }

    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether `c` is a continuation byte (80–BF).
    @inline(__always)
    private static func continues(_ c: UInt8) -> Bool { Int8(bitPattern: c) < -64 }

    /// The general case from `start` on (a non-ASCII byte is near): ASCII passed over 16 bytes
    /// at a time, each other character checked by its lead byte's row of the table.
    @inline(never)
    static func firstInvalidByte(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int? {
        let raw = UnsafeRawPointer(p)
        var i = start
        while true {
            // Straight to the next byte above 0x7F.
            if i + 16 <= n {
                let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highs
                let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) & highs
                if a | b == 0 {
                    i += 16
                    continue
                }
                i += a != 0 ? a.trailingZeroBitCount >> 3 : 8 + b.trailingZeroBitCount >> 3
            } else {
                while i < n, p[i] < 0x80 { i += 1 }
                if i == n { return nil }
            }
            let length = sequenceLength(p, i, n)
            if length == 0 { return i }
            i += length
            if i >= n { return nil }
        }
    }

    /// The length of the well-formed sequence of two to four bytes that starts at `p[i]` (a byte
    /// above 0x7F; `n` bytes in all), each lead byte checked by its row of RFC 3629's table;
    /// 0 when the bytes there are not one.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let lead = p[i]
        if lead < 0xE0 {
            // C2–DF: one continuation byte (80–C1 never lead).
            guard lead >= 0xC2, i + 1 < n, continues(p[i + 1]) else { return 0 }
            return 2
        }
        if lead < 0xF0 {
            // E0: A0–BF next (no overlong form); ED: 80–9F next (no surrogate).
            guard i + 2 < n else { return 0 }
            let c1 = p[i + 1]
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard c1 >= low, c1 <= high, continues(p[i + 2]) else { return 0 }
            return 3
        }
        // F0: 90–BF next (no overlong form); F4: 80–8F next (nothing above U+10FFFF).
        guard lead <= 0xF4, i + 3 < n else { return 0 }
        let c1 = p[i + 1]
        let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
        guard c1 >= low, c1 <= high, continues(p[i + 2]), continues(p[i + 3]) else { return 0 }
        return 4
    }

    /// `firstInvalidByte` over an array.
    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidByte($0) }
    }
}
