// Completion by context: the Parser, in completion mode, says what it expected at the cursor;
// this turns each expectation into words from the catalog — the fields of the statement's
// source, the operators and values that suit the checker's type of a left side, formats,
// settings, output columns, task ids seen — and keeps those that start with what was typed.
// Hosts call it through `CallqLanguage.completions` (CallqKit).
import CallqResult
import CallqSyntax
import Foundation

/// One word completion may insert.
public struct CompletionWord: Sendable, Hashable {
    /// How the word's case is chosen when inserted.
    public enum Kind: Sendable, Hashable {
        /// A keyword or function: upper-case when everything typed so far is upper-case.
        case keyword
        /// A name (field, enum value, format, column, task id, symbol): as spelled here.
        case name
    }

    public var text: String
    public var kind: Kind
    /// Appended when it is the only candidate: a space, `(` after a function, `.` after
    /// `param`, the closing quote of a quoted string.
    public var suffix: String

    public init(_ text: String, _ kind: Kind, suffix: String = " ") {
        self.text = text
        self.kind = kind
        self.suffix = suffix
    }
}

/// What may be completed before the cursor.
public struct LanguageCompletion: Sendable, Equatable {
    /// The text the candidates replace (the word being typed, or an open quote's content).
    public var typed: String
    /// The open quote when the cursor is inside a string.
    public var quote: Character?
    /// The words that may stand there and start with `typed` (ignoring case), sorted.
    public var words: [CompletionWord]
    /// Whether a file path may stand there (quoted; the host lists the directories).
    public var paths: Bool
}

/// Completion by context over the catalog.
public enum Completions {
    /// What may be completed at the end of `text` (the statement so far, up to the cursor);
    /// `taskIDs` are the task ids seen in the session, `helpTopics` the topics of `help`.
    public static func complete(
        before text: String, taskIDs: [String] = [],
        helpTopics: [String] = []
    ) -> LanguageCompletion {
        let point = Parser.expectations(before: text)
        var words: [CompletionWord] = []
        var paths = false
        for slot in point.expected {
            if slot == .paths {
                paths = true
            } else {
                words += CompletionWords.words(for: slot, quote: point.quote, taskIDs: taskIDs, helpTopics: helpTopics)
            }
        }
        // Case is ignored, and `-` matches `_` (enum names may be written `ring-missed`).
        func folded(_ text: String) -> String { text.lowercased().replacingOccurrences(of: "-", with: "_") }
        let prefix = folded(point.typed)
        var seen = Set<String>()
        let matching = words.filter { folded($0.text).hasPrefix(prefix) && seen.insert($0.text.lowercased()).inserted }
        return LanguageCompletion(
            typed: point.typed, quote: point.quote,
            words: matching.sorted { ($0.text.lowercased(), $0.text) < ($1.text.lowercased(), $1.text) },
            paths: paths)
    }
}

/// The words of each expectation.
enum CompletionWords {
    static func words(
        for slot: Expectation, quote: Character?, taskIDs: [String],
        helpTopics: [String]
    ) -> [CompletionWord] {
        switch slot {
        case .word(let w):
            return [CompletionWord(w, .keyword)]
        case .symbol(let s):
            return [CompletionWord(s, .name, suffix: s == "(" ? "" : " ")]
        case .fields(let scope):
            return catalog(scope).allNames.map { CompletionWord($0, .name, suffix: $0 == "param" ? "." : " ") }
        case .functions:
            return TermFunction.names.map { CompletionWord($0, .keyword, suffix: "(") }
        case .aggregates:
            return LanguageCatalog.aggregateNames.map { CompletionWord($0, .keyword, suffix: "(") }
        case .operators(let left, let scope):
            return operators(for: left, scope).map {
                CompletionWord($0, $0.first!.isLetter ? .keyword : .name)
            }
        case .negatedOperators(let left, let scope):
            let type = self.type(of: left, scope)
            return (type == nil || type == .text ? ["in", "like"] : ["in"]).map { CompletionWord($0, .keyword) }
        case .values(let left, let scope):
            return values(for: left, scope)
        case .formats:
            return OutputFormat.allCases.map { CompletionWord($0.rawValue, .name) }
        case .columns(let output):
            return columnNames(output).map { CompletionWord($0, .name) }
        case .settings:
            return SettingSpec.allNames.map { CompletionWord($0, .name) }
        case .settingValues(let name):
            guard let spec = SettingSpec.named(name) else { return [] }
            if case .zone = spec.type { return zoneSegments(after: "") }
            return spec.valueWords.map { CompletionWord($0, .name) }
        case .zonePath(let prefix):
            return zoneSegments(after: prefix)
        case .helpTopics:
            return helpTopics.map { CompletionWord($0, .name) }
        case .taskIDs:
            // Inside the quote: the id and the closing quote; before it: the whole quoted id.
            if let quote { return taskIDs.map { CompletionWord($0, .name, suffix: String(quote)) } }
            return taskIDs.map { CompletionWord("'\($0)'", .name) }
        case .paths:
            return []
        }
    }

    /// The time zones a `set tz` may name, as the system knows them, and `UTC`.
    static let zoneNames: [String] = ["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" }

    /// The next word of the zone names under `prefix` (`Asia/` → `Jakarta`; `` → `Asia` followed
    /// by `/`), as the lexer reads a zone name: words joined by slashes.
    static func zoneSegments(after prefix: String) -> [CompletionWord] {
        var seen = Set<String>()
        var out: [CompletionWord] = []
        for zone in zoneNames where zone.hasPrefix(prefix) {
            let rest = zone.dropFirst(prefix.count)
            let word = String(rest.prefix { $0 != "/" })
            guard !word.isEmpty, seen.insert(word).inserted else { continue }
            out.append(CompletionWord(word, .name, suffix: word.count < rest.count ? "/" : " "))
        }
        return out
    }

    // MARK: - Fields, columns and types

    static func catalog(_ scope: ExpectedScope) -> Catalog {
        switch scope {
        case .orders: .orders
        case .tasks: .tasks
        case .calls: .calls
        }
    }

    /// The output columns of a query's output, named as the checker names them.
    static func columnNames(_ output: Output) -> [String] {
        switch output {
        case .allFields, .rows(nil): return []
        case .rows(let items?): return items.map { $0.alias?.text ?? Checker.columnName($0.term) }
        case .count(let keys): return keys.map(Checker.columnName) + ["count"]
        case .stats(let items, let keys):
            return keys.map(Checker.columnName) + items.map { $0.alias?.text ?? Checker.columnName($0.term) }
        }
    }

    /// The type of a comparison's left side as the checker reads it, when it is known.
    static func type(of left: Term, _ scope: ExpectedScope) -> FieldType? {
        if let ref = left.field {
            return ref.parameter != nil ? .text : catalog(scope).field(named: ref.name)?.type
        }
        var checker = Checker(context: CheckContext())
        checker.catalog = catalog(scope)
        guard let checked = try? checker.checkTerm(left) else { return nil }
        return fieldType(checked.kind)
    }

    /// The field type whose values compare like values of this column kind.
    static func fieldType(_ kind: ColumnKind) -> FieldType? {
        switch kind {
        case .text: .text
        case .integer, .weekday: .integer
        case .number: .number
        case .bool: .bool
        case .seconds: .seconds
        case .time: .time
        case .enumeration: CatalogEnum.all.first { $0.columnKind == kind }.map { .enumeration($0) }
        case .list(let k), .bucket(let k, _): fieldType(k)
        case .json: nil
        }
    }

    // MARK: - Operators and values

    /// The operators that suit a left side of this type (SPEC §3.3): `like` and `~` need
    /// text, order comparisons and `between` an ordered type; `turns` is filtered by the
    /// server only, with order comparisons.
    static func operators(for left: Term, _ scope: ExpectedScope) -> [String] {
        if let ref = left.field, ref.parameter == nil, let f = catalog(scope).field(named: ref.name), f.serverOnly {
            return ["=", "<", "<=", ">", ">=", "between"]
        }
        let ordered = ["<", "<=", ">", ">=", "between"]
        switch type(of: left, scope) {
        case .bool?:
            return ["=", "!=", "in", "not", "is"]
        case .text?, nil:
            return ["=", "!=", "~", "in", "not", "like", "is"] + ordered
        default:
            return ["=", "!=", "in", "not", "is"] + ordered
        }
    }

    /// The words a value compared with this left side may be: its enum's names, `true` and
    /// `false` for a flag, `now` and `today` for a time. Other values (numbers, text) are typed.
    static func values(for left: Term, _ scope: ExpectedScope) -> [CompletionWord] {
        switch type(of: left, scope) {
        case .enumeration(let e)?: return e.allNames.map { CompletionWord($0, .name) }
        case .bool?: return ["true", "false"].map { CompletionWord($0, .keyword) }
        case .time?: return ["now", "today"].map { CompletionWord($0, .keyword) }
        default: return []
        }
    }
}
