// Where a field lives in an order's JSON, precompiled into steps so that
// reading a field is a few key lookups, with no string parsing per order.

import CallqJSON

/// A path into an order's JSON.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        /// Member of an object.
        case key(String)
        /// Every element of an array.
        case each
        /// The elements of an array whose member `key` equals `value` (`params[name=city]`).
        case eachWhere(key: String, equals: String)
    }
    public let steps: [Step]
    public init(_ steps: [Step]) { self.steps = steps }

    /// `callInfoDetail.intents[].intentName`
    public var description: String {
        var out = ""
        for s in steps {
            switch s {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .each: out += "[]"
            case .eachWhere(let k, let v): out += "[\(k)=\(v)]"
            }
        }
        return out
    }

    /// True when the path goes through an array (the field is multi-valued).
    public var isMulti: Bool { steps.contains { if case .key = $0 { false } else { true } } }

    /// The object keys down to the first array (what a selective JSON reader must keep).
    public var keyPrefix: [String] {
        var out: [String] = []
        for s in steps { if case .key(let k) = s { out.append(k) } else { break } }
        return out
    }

    /// Calls `body` with each value the path reaches (nulls included); stops when it returns true.
    @inline(__always)
    public func visit(_ v: JSONValue, _ body: (JSONValue) -> Bool) -> Bool {
        visit(v, from: 0, body)
    }

    /// The first member named `key`, compared in place (no copy of the members scanned).
    @inline(__always)
    static func member(_ o: JSONObject, _ key: String) -> JSONValue? {
        o.members.withUnsafeBufferPointer { members in
            for idx in members.indices where members[idx].key == key { return members[idx].value }
            return nil
        }
    }

    func visit(_ v: JSONValue, from i: Int, _ body: (JSONValue) -> Bool) -> Bool {
        if i == steps.count { return body(v) }
        switch steps[i] {
        case .key(let k):
            guard case .object(let o) = v, let next = FieldPath.member(o, k) else { return false }
            return visit(next, from: i + 1, body)
        case .each:
            guard case .array(let a) = v else { return false }
            for e in a where visit(e, from: i + 1, body) { return true }
            return false
        case .eachWhere(let k, let want):
            guard case .array(let a) = v else { return false }
            for e in a {
                guard case .object(let o) = e, let n = FieldPath.member(o, k) else { continue }
                let matches: Bool =
                    switch n {
                    case .string(let s): s == want
                    case .int(let x): String(x) == want
                    default: false
                    }
                if matches, visit(e, from: i + 1, body) { return true }
            }
            return false
        }
    }
}
