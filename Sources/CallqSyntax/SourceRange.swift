// Positions and ranges in callq source text. Every token, AST node and
// diagnostic carries one, so errors can point at the exact spot.

/// A point in the source: UTF-8 byte offset plus 1-based line and column (in characters).
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int = 0, line: Int = 1, column: Int = 1) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.offset < b.offset }
    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text `[start, end)`.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(_ start: SourcePosition, _ end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty range at a position.
    public init(at p: SourcePosition) { self.init(p, p) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    /// Used where a node is built by a program rather than parsed.
    public static let none = SourceRange(at: SourcePosition(offset: 0, line: 0, column: 0))

    public var description: String { "\(start)-\(end)" }
}
