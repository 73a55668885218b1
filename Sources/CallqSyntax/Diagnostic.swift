// A query error: what went wrong, where, and a hint. Thrown by the lexer,
// parser, checker and planner; rendered like a compiler message with the
// source line and a caret under the spot.

/// An error in a callq statement, with its source range and an optional hint.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family of the error (stable, for tests and tools).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case invalidCharacter, unclosedString, invalidNumber, invalidEscape
        case unexpectedToken, missingValue, tooDeep, unknownStatement
        case unknownField, unknownValue, unknownVariable, unknownFunction
        case typeMismatch, invalidTime, invalidRegex, invalidSetting
        case turnsPlacement, noTask, invalidClause
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    public var hint: String?

    public init(_ kind: Kind, _ message: String, at range: SourceRange, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint
    }

    public var description: String {
        "\(range.start.line):\(range.start.column): error: \(message)" + (hint.map { " (hint: \($0))" } ?? "")
    }
}
