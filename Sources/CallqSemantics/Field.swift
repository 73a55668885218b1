// A field of the catalog: its name, aliases, type, JSON path and the server
// option it can be pushed to. Reading a field from an order coerces tolerantly
// (documented in docs/LANGUAGE.md): wrong JSON types become null, never a crash.

import CallqJSON
import CallqResult

/// The listOrder option a field's tests can be pushed to.
public enum PushOption: String, Sendable, Hashable {
    case orderID, intentID, intentName, intentTag, finish, callStatus, callDuration, turnTime
    /// `userTaskID` chooses which task's requests run.
    case userTaskID
}

/// One field of an order (or of a task, for `tasks where …`). A class: checked expressions
/// share one instance per field, so evaluating a test copies a reference, not a dozen strings.
public final class Field: Sendable, Hashable {
    /// The canonical name (`callStatus`, `param.city`).
    public let name: String
    public let aliases: [String]
    public let type: FieldType
    public let path: FieldPath
    /// The server option its tests push to, if any.
    public let pushdown: PushOption?
    /// True when replies do not contain the field (`turnTime`): it can only be pushed.
    public let serverOnly: Bool
    /// One line for `.fields`.
    public let help: String

    public init(
        _ name: String, aliases: [String] = [], _ type: FieldType, _ path: FieldPath,
        pushdown: PushOption? = nil, serverOnly: Bool = false, help: String = ""
    ) {
        self.name = name; self.aliases = aliases; self.type = type; self.path = path
        self.pushdown = pushdown; self.serverOnly = serverOnly; self.help = help
    }

    public static func == (a: Field, b: Field) -> Bool { a.name == b.name && a.path == b.path }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// True for fields with several values per order (intents, sms, params).
    public var isMulti: Bool { path.isMulti }

    /// How the output stage shows this field's values.
    public var kind: ColumnKind {
        let k: ColumnKind =
            switch type {
            case .text: .text
            case .integer: .integer
            case .number: .number
            case .bool: .bool
            case .seconds: .seconds
            case .time: .time
            case .enumeration(let e): e.columnKind
            }
        return isMulti ? .list(k) : k
    }

    /// The field's value in an order as JSON: the raw value (or `.null`), or for a
    /// multi-valued field an `.array` of its non-null values.
    public func extract(_ order: JSONValue) -> JSONValue {
        if isMulti {
            var out: [JSONValue] = []
            _ = path.visit(order) { v in
                if !v.isNull { out.append(v) }
                return false
            }
            return .array(out)
        }
        var found = JSONValue.null
        _ = path.visit(order) { v in
            found = v; return true
        }
        return found
    }

    /// True when some (coerced, non-null) value of the field satisfies `test`.
    @inline(__always)
    public func anyValue(in order: JSONValue, _ test: (Scalar) -> Bool) -> Bool {
        path.visit(order) { v in
            guard let s = scalar(v) else { return false }
            return test(s)
        }
    }

    /// The JSON value coerced to this field's type; nil for null or an unusable value.
    /// Text fields accept numbers (as their decimal text); numeric fields accept integral
    /// doubles and strings holding an integer; bool fields accept 0/1 and "true"/"false".
    public func scalar(_ v: JSONValue) -> Scalar? {
        switch type {
        case .text:
            switch v {
            case .string(let s): return .text(s)
            case .int(let i): return .text(String(i))
            case .double(let d): return .text(d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d))
            default: return nil
            }
        case .bool:
            switch v {
            case .bool(let b): return .bool(b)
            case .int(0): return .bool(false)
            case .int(1): return .bool(true)
            case .string(let s):
                switch s.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return nil
                }
            default: return nil
            }
        case .number:
            switch v {
            case .int(let i): return .number(Double(i))
            case .double(let d): return d.isFinite ? .number(d) : nil
            case .string(let s): return Double(s.trimmingSpaces).flatMap { $0.isFinite ? .number($0) : nil }
            default: return nil
            }
        case .integer, .seconds, .time, .enumeration:
            switch v {
            case .int(let i): return .int(i)
            case .double(let d): return d.rounded() == d && abs(d) < 9e15 ? .int(Int(d)) : nil
            case .string(let s): return Int(s.trimmingSpaces).map { .int($0) }
            default: return nil
            }
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
