// Keeps every row on one line: control characters become visible escapes
// (`\n`, `\t`, `\r`, `\x1B`) in the formats people read, and the
// characters a format gives meaning to (`|`, `*`, `_`, … in Markdown) are escaped.

enum TextEscaping {
    /// Control characters (C0, DEL, C1) as `\n` `\t` `\r` or `\xHH`; other text unchanged.
    static func controls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isControl(s) { out.append(contentsOf: escape(s).unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    /// Markdown cell text: `\`, `|` and the characters that start inline
    /// formatting (`*` `_` `` ` `` `<` `[` `]` `~`) backslash-escaped, so a value
    /// always renders as the text it is; controls as in `controls`.
    static func markdown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { markdownSpecial.contains($0) || isControl($0) }) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            if markdownSpecial.contains(s) {
                out += "\\" + String(s)
            } else {
                out += isControl(s) ? escape(s) : String(s)
            }
        }
        return out
    }

    /// Characters a Markdown cell escapes with a backslash.
    static let markdownSpecial: Set<Unicode.Scalar> = ["\\", "|", "*", "_", "`", "<", "[", "]", "~"]

    /// TSV field text: tab, newline, CR and (unless `backslashes` is false) backslash
    /// as `\t` `\n` `\r` `\\`.
    static func tsv(_ text: String, backslashes: Bool = true) -> String {
        guard text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 || ($0 == 92 && backslashes) }) else {
            return text
        }
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\" where backslashes: out += "\\\\"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    static func escape(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            let hex = String(s.value, radix: 16, uppercase: true)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
    }
}
