// The checked form of a value expression: what `select`, `by`, `order by` and an
// aggregate's argument read from a record. Each term knows its output kind and
// the catalog fields it reads, and evaluates to a typed JSON value.

import CallqJSON
import CallqResult

/// A type-checked value expression over one record.
public indirect enum CheckedTerm: Sendable, Hashable {
    /// A catalog field: `duration`, `param.city`.
    case field(Field)

    /// How the value is shown.
    public var kind: ColumnKind {
        switch self {
        case .field(let f): f.kind
        }
    }

    /// Every catalog field the term reads.
    public var fields: [Field] {
        switch self {
        case .field(let f): [f]
        }
    }

    /// The term as callq text (canonical field names), for explain.
    public var callqText: String {
        switch self {
        case .field(let f): f.callqText
        }
    }

    /// True when the term can have several values per record (a multi-valued field).
    public var isMulti: Bool {
        switch self {
        case .field(let f): f.isMulti
        }
    }

    /// The term's value in `record`, coerced to its type: null when absent or unusable; for a
    /// multi-valued field an array of its usable values.
    public func value(in record: JSONValue) -> JSONValue {
        switch self {
        case .field(let f): f.typedValue(in: record)
        }
    }
}

extension Field {
    /// The field's value in `record`, each value coerced to the field's type (so `"33"` in a
    /// numeric field is 33 everywhere, as the evaluator reads it); null, or left out of a
    /// multi-valued field's list, when unusable.
    public func typedValue(in record: JSONValue) -> JSONValue {
        let raw = extract(record)
        if isMulti, case .array(let items) = raw { return .array(items.compactMap(typed)) }
        return typed(raw) ?? .null
    }

    /// One raw value coerced to the field's type, as JSON; nil when null or unusable.
    public func typed(_ value: JSONValue) -> JSONValue? {
        switch scalar(value) {
        case .int(let i)?: return .int(i)
        case .text(let s)?: return .string(s)
        case .bool(let b)?: return .bool(b)
        case .number(let d)?: return .double(d)
        case nil: return nil
        }
    }
}
