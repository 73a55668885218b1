// Keeps every row on one line: control characters become visible escapes
// (`\n`, `\t`, `\r`, `\x1B`) in the formats people read, and the few
// characters a format gives meaning to (`|` in Markdown) are escaped.

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

    /// Markdown cell text: `\` and `|` backslash-escaped, controls as in `controls`.
    static func markdown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "|" || isControl($0) }) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            default: out += isControl(s) ? escape(s) : String(s)
            }
        }
        return out
    }

    /// TSV field text: tab, newline, CR and backslash as `\t` `\n` `\r` `\\`.
    static func tsv(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 || $0 == 92 }) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
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
