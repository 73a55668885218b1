// JSON text is UTF-8 (RFC 8259 §8.1). Saved files are held to the same rule as
// API replies: a line with bytes that are not UTF-8 is a bad line, never decoded
// with replacement characters nor passed on to NDJSON output. ASCII runs, most
// of an order, are stepped over 32 bytes (four words) at a time.

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
        while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
        }
        guard i < n else { return nil }
        return firstInvalidByte(base.assumingMemoryBound(to: UInt8.self), from: i, count: n)
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
