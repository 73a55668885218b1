// Where each member of a JSON object lies in its bytes, so a new object can be
// spliced from some of the members exactly as they were received (an attempt
// row keeps its order's fields byte for byte). Only for text a parse accepted.

/// Finds the members of one JSON object in its bytes.
enum JSONMemberScanner {
    /// One member: its key's bytes without the quotes, and the range of `"key":value`.
    struct Member {
        var key: ArraySlice<UInt8>
        var range: Range<Int>
    }

    /// The members of the object `bytes` holds (leading and trailing white space allowed),
    /// in order; nil when the bytes are not a well-formed object.
    static func members(_ bytes: [UInt8]) -> [Member]? {
        var i = 0
        skipSpace(bytes, &i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var out: [Member] = []
        skipSpace(bytes, &i)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return out }
        while i < bytes.count {
            skipSpace(bytes, &i)
            let start = i
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), skipString(bytes, &i) else { return nil }
            let key = bytes[(start + 1)..<(i - 1)]
            skipSpace(bytes, &i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace(bytes, &i)
            guard skipValue(bytes, &i) else { return nil }
            out.append(Member(key: key, range: start..<i))
            skipSpace(bytes, &i)
            guard i < bytes.count else { return nil }
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "}") { return out }
            guard b == UInt8(ascii: ",") else { return nil }
        }
        return nil
    }

    /// The byte ranges of the elements of the array that member `key` of the object
    /// `bytes` holds (the first such member); nil when there is no such array.
    static func elementRanges(ofArrayMember key: [UInt8], in bytes: [UInt8]) -> [Range<Int>]? {
        guard let members = members(bytes),
            let member = members.first(where: { $0.key.elementsEqual(key) })
        else { return nil }
        // The value starts after the key, white space, `:` and white space.
        var i = member.range.lowerBound + key.count + 2
        skipSpace(bytes, &i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        skipSpace(bytes, &i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var out: [Range<Int>] = []
        skipSpace(bytes, &i)
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return out }
        while i < bytes.count {
            skipSpace(bytes, &i)
            let start = i
            guard skipValue(bytes, &i) else { return nil }
            out.append(start..<i)
            skipSpace(bytes, &i)
            guard i < bytes.count else { return nil }
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "]") { return out }
            guard b == UInt8(ascii: ",") else { return nil }
        }
        return nil
    }

    private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// Skips the string starting at `i` (on its opening quote); false when it does not end.
    private static func skipString(_ b: [UInt8], _ i: inout Int) -> Bool {
        i += 1
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return true
            default: i += 1
            }
        }
        return false
    }

    /// Skips one value starting at `i`; false when it does not end.
    private static func skipValue(_ b: [UInt8], _ i: inout Int) -> Bool {
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "\""):
            return skipString(b, &i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\""):
                    guard skipString(b, &i) else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            let start = i
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]")
                    || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
                {
                    break
                }
                i += 1
            }
            return i > start
        }
    }
}
