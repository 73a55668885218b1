// Skipping a value without building it, for the members a selective parse leaves
// out. Each check mirrors the full parser's (JSONParser.swift, JSONReader+Scalars)
// so that input the full parse rejects is rejected here with the same message at
// the same offset. Strings are scanned eight bytes at a time for `"` and `\`.

extension JSONReader {
    /// Validates and steps over one value.
    mutating func skipValue() throws(JSONParseError) {
        guard i < end else { throw fail("unexpected end of input, expected a value") }
        switch byte(i) {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"): try skipObject()
        case UInt8(ascii: "["): try skipArray()
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default:
            if byte(i) == UInt8(ascii: "<") { throw fail("expected a JSON value but found `<` (an HTML page?)") }
            throw fail("unexpected \(unexpected(byte(i))), expected a value")
        }
    }

    mutating func skipObject() throws(JSONParseError) {
        try enter()
        i &+= 1
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "}") {
            i &+= 1; depth &-= 1
            return
        }
        if skipPlainMembers() { return }
        while true {
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an object") }
            guard byte(i) == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            try skipUnreadValue()
            skipWhitespace()
            guard i < end, byte(i) == UInt8(ascii: ":") else { throw fail("expected `:` after a member name") }
            i &+= 1
            skipWhitespace()
            try skipUnreadValue()
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an object") }
            let b = byte(i)
            i &+= 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw fail("expected `,` or `}` in an object", at: i - 1)
        }
        depth &-= 1
    }

    mutating func skipArray() throws(JSONParseError) {
        try enter()
        i &+= 1
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "]") {
            i &+= 1; depth &-= 1
            return
        }
        if skipPlainElements() { return }
        while true {
            skipWhitespace()
            try skipUnreadValue()
            skipWhitespace()
            guard i < end else { throw fail("unexpected end of input in an array") }
            let b = byte(i)
            i &+= 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw fail("expected `,` or `]` in an array", at: i - 1)
        }
        depth &-= 1
    }

    /// Steps over a string (the cursor on its opening quote), checking its escapes.
    mutating func skipString() throws(JSONParseError) {
        let open = i
        let k = scanQuoteOrBackslash(from: i &+ 1)
        guard k < end else { throw fail("unterminated string", at: open) }
        if byte(k) == UInt8(ascii: "\"") {
            i = k &+ 1
            return
        }
        i = k
        try skipEscapedRest()
    }

    /// The rest of a string from its first backslash, as `parseEscapedString` reads it.
    private mutating func skipEscapedRest() throws(JSONParseError) {
        while i < end {
            let b = byte(i)
            if b == UInt8(ascii: "\"") {
                i &+= 1
                return
            }
            if b != UInt8(ascii: "\\") {
                i = scanQuoteOrBackslash(from: i &+ 1)
                continue
            }
            guard i &+ 1 < end else { break }
            let e = byte(i &+ 1)
            i &+= 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                let scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i &+ 1 < end,
                    byte(i) == UInt8(ascii: "\\"), byte(i &+ 1) == UInt8(ascii: "u")
                {
                    let save = i
                    i &+= 2
                    let low = try hex4()
                    if !(0xDC00..<0xE000).contains(low) { i = save }
                }
            default:
                throw fail("invalid escape `\\\(printable(e))` in a string", at: i - 2)
            }
        }
        throw fail("unterminated string")
    }

    /// Steps over a number with the full parser's checks (its value is not computed).
    mutating func skipNumber() throws(JSONParseError) {
        let start = i
        if byte(i) == UInt8(ascii: "-") { i &+= 1 }
        guard i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") else {
            throw fail("invalid number", at: start)
        }
        while i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") { i &+= 1 }
        if i < end, byte(i) == UInt8(ascii: ".") {
            i &+= 1
            let digits = i
            while i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") { i &+= 1 }
            if i == digits { throw fail("invalid number: no digits after `.`", at: start) }
        }
        if i < end, byte(i) == UInt8(ascii: "e") || byte(i) == UInt8(ascii: "E") {
            i &+= 1
            if i < end, byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") { i &+= 1 }
            let digits = i
            while i < end, byte(i) >= UInt8(ascii: "0"), byte(i) <= UInt8(ascii: "9") { i &+= 1 }
            if i == digits { throw fail("invalid number: no digits in the exponent", at: start) }
        }
    }

    /// The offset of the first `"` or `\` at or after `k`, or `end` when there is none.
    @inline(__always) func scanQuoteOrBackslash(from k: Int) -> Int {
        Self.quoteOrBackslash(base!, k, end, quoteMarks)
    }
}
