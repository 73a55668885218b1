// The types of catalog fields and the scalar values the evaluator compares.

/// The type of a field's values.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case text
    case integer
    /// Any number, whole or not (task rates).
    case number
    case bool
    /// Whole seconds (durations).
    case seconds
    /// Epoch seconds.
    case time
    case enumeration(CatalogEnum)

    public var description: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .number: "number"
        case .bool: "bool"
        case .seconds: "seconds"
        case .time: "time"
        case .enumeration(let e): "\(e.name) enum"
        }
    }

    /// True for types whose scalars are integers.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number, .seconds, .time, .enumeration: true
        default: false
        }
    }
}

/// A comparable value, as the evaluator sees it after coercion.
public enum Scalar: Sendable, Hashable, Comparable {
    case int(Int)
    case text(String)
    case bool(Bool)
    /// A number that need not be whole (a rate).
    case number(Double)

    public static func < (a: Scalar, b: Scalar) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): x < y
        case (.number(let x), .number(let y)): x < y
        case (.int(let x), .number(let y)): Double(x) < y
        case (.number(let x), .int(let y)): x < Double(y)
        case (.text(let x), .text(let y)): x < y
        case (.bool(let x), .bool(let y)): !x && y
        default: false
        }
    }
}
