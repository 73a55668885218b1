// SQL `like` patterns: `%` any run, `_` one character, case-insensitive;
// `\%` and `\_` match the characters themselves. Pattern and text are
// compared in NFC, so decomposed accents match precomposed ones.

/// A compiled like pattern.
public struct LikePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable { case char(Unicode.Scalar), one, any }
    /// The pattern as written (printed back by explain).
    public let source: String
    let pieces: [Piece]

    public init(_ source: String) {
        self.source = source
        var out: [Piece] = []
        var it = CanonicalText.nfc(source).lowercased().unicodeScalars.makeIterator()
        while let c = it.next() {
            switch c {
            case "%": if out.last != .any { out.append(.any) }
            case "_": out.append(.one)
            case "\\":
                if let n = it.next() { out.append(.char(n)) } else { out.append(.char("\\")) }
            default: out.append(.char(c))
            }
        }
        pieces = out
    }

    /// True when the whole of `text` matches (case-insensitive).
    public func matches(_ text: String) -> Bool {
        matches(canonical: Self.canonical(text))
    }

    /// The form texts are compared in: NFC, lower case. The mirror stores it for
    /// `like` pushdown, so a scan there need not normalize every row again.
    public static func canonical(_ text: String) -> String {
        CanonicalText.nfc(text).lowercased()
    }

    /// True when the whole of `canonical` (a text already in `canonical(_:)` form) matches.
    public func matches(canonical text: String) -> Bool {
        let s = text.unicodeScalars
        var si = s.startIndex, pi = 0
        var starP = -1, starS = s.startIndex
        while si < s.endIndex {
            if pi < pieces.count {
                switch pieces[pi] {
                case .any:
                    starP = pi; starS = si; pi += 1
                    continue
                case .one:
                    s.formIndex(after: &si); pi += 1
                    continue
                case .char(let c) where c == s[si]:
                    s.formIndex(after: &si); pi += 1
                    continue
                default: break
                }
            }
            guard starP >= 0 else { return false }
            pi = starP + 1
            s.formIndex(after: &starS)
            si = starS
        }
        while pi < pieces.count, pieces[pi] == .any { pi += 1 }
        return pi == pieces.count
    }
}
