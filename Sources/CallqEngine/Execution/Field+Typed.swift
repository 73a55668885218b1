// Reading a field for output, grouping, sorting and aggregates the way the
// evaluator reads it for filters: by the field's type. So `"33"` in a numeric
// field is 33 everywhere, and a value of no use (text in a numeric field) is null.
import CallqJSON
import CallqSemantics

extension Field {
    /// The field's value in `order`, each value coerced to the field's type (null, or
    /// left out of a multi-valued field's list, when unusable).
    func typedValue(in order: JSONValue) -> JSONValue {
        let raw = extract(order)
        if isMulti, case .array(let items) = raw { return .array(items.compactMap(typed)) }
        return typed(raw) ?? .null
    }

    private func typed(_ value: JSONValue) -> JSONValue? {
        switch scalar(value) {
        case .int(let i)?: return .int(i)
        case .text(let s)?: return .string(s)
        case .bool(let b)?: return .bool(b)
        case nil: return nil
        }
    }
}
