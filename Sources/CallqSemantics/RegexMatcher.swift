// `~` regular expressions, compiled once at check time (NSRegularExpression,
// ICU syntax) and searched unanchored; pattern and text in NFC.

import Foundation

/// A compiled regular expression shared by every evaluation.
public final class RegexMatcher: @unchecked Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    let regex: NSRegularExpression

    /// Compiles `pattern`; throws the compiler's message when it is invalid.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        let canonical = CanonicalText.nfc(pattern)
        regex = try NSRegularExpression(pattern: canonical.isEmpty ? "(?:)" : canonical, options: [])
    }

    /// True when the pattern occurs anywhere in `text`.
    public func search(_ text: String) -> Bool {
        let text = CanonicalText.nfc(text)
        return regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    public static func == (a: RegexMatcher, b: RegexMatcher) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }
}
