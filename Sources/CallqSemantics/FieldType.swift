// The types of catalog fields and the scalar values the evaluator compares.

/// The type of a field's values.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case text
    case integer
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
        case .bool: "bool"
        case .seconds: "seconds"
        case .time: "time"
        case .enumeration(let e): "\(e.name) enum"
        }
    }

    /// True for types whose scalars are integers.
    public var isNumeric: Bool {
        switch self {
        case .integer, .seconds, .time, .enumeration: true
        default: false
        }
    }
}

/// What a projected value is, so the output stage can format it.
public indirect enum ValueKind: Sendable, Hashable {
    case text, integer, bool, seconds, time
    /// An enum code with its names (`busy(10)`).
    case enumeration(CatalogEnum)
    /// A multi-valued field: a JSON array of the element kind.
    case list(ValueKind)
}

/// A comparable value, as the evaluator sees it after coercion.
public enum Scalar: Sendable, Hashable, Comparable {
    case int(Int)
    case text(String)
    case bool(Bool)

    public static func < (a: Scalar, b: Scalar) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): x < y
        case (.text(let x), .text(let y)): x < y
        case (.bool(let x), .bool(let y)): !x && y
        default: false
        }
    }
}
