// The result of completing one word (what to replace and the candidates) and the pure
// decision of what a Tab press does with it: insert the only match or the common prefix,
// or list the candidates on a second Tab (the way bash does).

/// One word the completer could insert.
public struct CompletionCandidate: Sendable, Hashable {
    /// The text that replaces the word being completed.
    public var text: String
    /// How the candidate is shown in a listing (a file's name without its directory).
    public var display: String
    /// Appended when this is the only candidate: a space after a word, a closing quote
    /// after a quoted string, nothing after a directory (its text ends in `/`).
    public var suffix: String

    public init(text: String, display: String? = nil, suffix: String = " ") {
        self.text = text
        self.display = display ?? text
        self.suffix = suffix
    }
}

/// The completions of the word before the cursor.
public struct Completion: Sendable, Equatable {
    /// The part of the line the chosen text replaces (it ends at the cursor).
    public var replaceRange: Range<String.Index>
    /// The word as typed (the text in `replaceRange`).
    public var typed: String
    /// The candidates, sorted, without duplicates.
    public var candidates: [CompletionCandidate]

    public init(replaceRange: Range<String.Index>, typed: String, candidates: [CompletionCandidate]) {
        self.replaceRange = replaceRange
        self.typed = typed
        self.candidates = candidates
    }

    /// The longest text every candidate starts with.
    public var commonPrefix: String {
        guard var prefix = candidates.first?.text else { return "" }
        for candidate in candidates.dropFirst() {
            prefix = String(zip(prefix, candidate.text).prefix { $0 == $1 }.map(\.0))
        }
        return prefix
    }

    /// What a Tab press does: see `TabAction`.
    public func action(secondTab: Bool) -> TabAction {
        switch candidates.count {
        case 0:
            return .beep
        case 1:
            let only = candidates[0]
            return .replace(with: only.text + only.suffix)
        default:
            let prefix = commonPrefix
            if prefix.count > typed.count { return .replace(with: prefix) }
            return secondTab ? .list(candidates.map(\.display)) : .beep
        }
    }
}

/// The effect of one Tab press.
public enum TabAction: Sendable, Equatable {
    /// Replace the typed word with this text.
    case replace(with: String)
    /// Show these candidates below the line, then redraw it.
    case list([String])
    /// Nothing to add: ring the bell.
    case beep
}

/// Lays candidates out in columns, filled top to bottom like `ls`.
enum CompletionListing {
    static func layout(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let columnWidth = (items.map(\.count).max() ?? 0) + 2
        let columns = max(1, min(items.count, width / max(columnWidth, 1)))
        let rows = (items.count + columns - 1) / columns
        var out = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < items.count else { break }
                let item = items[index]
                let isLast = column == columns - 1 || (column + 1) * rows + row >= items.count
                line += isLast ? item : item + String(repeating: " ", count: columnWidth - item.count)
            }
            out += line + "\n"
        }
        return out
    }
}
