// Strings and numbers for the JSON parser: the common case (no escapes, a plain
// integer) is decoded straight from the buffer; escapes and floats take a slower path.

extension JSONReader {
    mutating func parseString() throws(JSONParseError) -> String {
        let open = i
        i += 1
        let start = i
        i = scanQuoteOrBackslash(from: i)
        guard i < end else { throw fail("unterminated string", at: open) }
        if byte(i) == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
        let s = String(decoding: UnsafeBufferPointer(start: base! + start, count: i - start), as: UTF8.self)
        i += 1
        return s
    }

    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(i - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(start: base! + start, count: i - start))
        while i < end {
            let b = byte(i)
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b != UInt8(ascii: "\\") {
                out.append(b); i += 1; continue
            }
            guard i + 1 < end else { break }
            let e = byte(i + 1)
            i += 2
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < end,
                    byte(i) == UInt8(ascii: "\\"), byte(i + 1) == UInt8(ascii: "u")
                {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw fail("invalid escape `\\\(printable(e))` in a string", at: i - 2)
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= end else { throw fail("unexpected end of input in a \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = byte(i)
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in a \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        var negative = false
        if byte(i) == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") else {
            throw fail("invalid number", at: start)
        }
        var value = 0
        var overflow = false
        while i < end {
            let b = byte(i)
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
            value = a
            overflow = overflow || o1 || o2
            i += 1
        }
        var isFloat = false
        if i < end, byte(i) == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            let digits = i
            while i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") { i += 1 }
            if i == digits { throw fail("invalid number: no digits after `.`", at: start) }
        }
        if i < end, byte(i) == UInt8(ascii: "e") || byte(i) == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < end, byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") { i += 1 }
            if i == digits { throw fail("invalid number: no digits in the exponent", at: start) }
        }
        if !isFloat && !overflow { return .int(negative ? -value : value) }
        let text = String(decoding: UnsafeBufferPointer(start: base! + start, count: i - start), as: UTF8.self)
        guard let d = Double(text) else { throw fail("invalid number", at: start) }
        return .double(d)
    }
}
