// How many terminal cells text takes: a small wcwidth. CJK and emoji take
// two cells, combining marks and joiners none, everything else one. Tables
// use it to align columns and to cut long cells at a cell boundary.

/// Terminal cell widths of characters and strings.
public enum DisplayWidth {
    /// Cells a string takes (sum over its grapheme clusters).
    public static func of(_ text: String) -> Int {
        if let fast = simpleWidth(text) { return fast }
        var total = 0
        for c in text { total += of(c) }
        return total
    }

    /// The width without grapheme segmentation, when no scalar can join or
    /// change its neighbours (no marks, joiners, emoji, controls); nil otherwise.
    /// Printable ASCII, Latin, CJK ideographs and Hangul syllables take this path.
    static func simpleWidth(_ text: String) -> Int? {
        var total = 0
        for b in text.utf8 {
            guard b >= 0x20 && b < 0x7F else { total = -1; break }
            total += 1
        }
        if total >= 0 { return total }
        total = 0
        for s in text.unicodeScalars {
            let v = s.value
            if v >= 0x20 && v < 0x7F {
                total += 1
            } else if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0x30A0...0x30FF).contains(v)
                || (0x3041...0x3096).contains(v) || (0xFF01...0xFF60).contains(v)
            {
                total += 2
            } else if v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x1100...0x11FF).contains(v)
                || isZeroWidth(s) || s.properties.isEmoji || s.properties.isEmojiPresentation
            {
                return nil
            } else {
                total += of(s)
            }
        }
        return total
    }

    /// Cells one grapheme cluster takes: 0, 1 or 2.
    ///
    /// Emoji shown as pictures (emoji presentation, or text emoji followed by
    /// U+FE0F, flags, ZWJ families, keycaps) take 2; otherwise the widths of
    /// the cluster's scalars add up (a base letter plus combining marks is 1).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : (scalars.count > 1 && isKeycap(scalars) ? 2 : 1) }
        if first.properties.isEmojiPresentation { return 2 }
        if scalars.count > 1, first.properties.isEmoji, scalars.contains(where: { $0.value == 0xFE0F }) {
            return 2
        }
        var total = 0
        for s in scalars { total += of(s) }
        return min(total, 2)
    }

    /// Cells one scalar takes on its own: 0 (marks, joiners, controls), 2 (wide) or 1.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// `#️⃣`-style keycaps: an ASCII digit, `#` or `*`, then U+20E3.
    static func isKeycap(_ scalars: Character.UnicodeScalarView) -> Bool {
        scalars.contains { $0.value == 0x20E3 }
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF { return true }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }  // Hangul jamo vowels/finals
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }  // variation selectors
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), plus the emoji blocks.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
            0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
            0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `width` cells, then `…`.
    ///
    /// Returns `text` unchanged when it fits. The result is exactly `width`
    /// cells or fewer (a wide character that would straddle the edge is
    /// replaced by a space so columns stay aligned).
    public static func truncate(_ text: String, to width: Int) -> String {
        if of(text) <= width { return text }
        if width <= 0 { return "" }
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        if used < width - 1 { out.append(String(repeating: " ", count: width - 1 - used)) }
        out.append("…")
        return out
    }
}
