// Replies must be UTF-8 (JSON's encoding): a reply in another encoding (say GBK)
// would otherwise decode with replacement characters and pass invalid bytes on
// to NDJSON output. This finds the first byte that breaks UTF-8.

enum UTF8Check {
    /// The offset of the first byte that is not part of a valid UTF-8 sequence; nil when all are.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            var i = 0
            while i < n {
                // ASCII, 8 bytes at a time: most of a reply.
                while i + 8 <= n,
                      UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                guard i < n else { return nil }
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
    }
}
