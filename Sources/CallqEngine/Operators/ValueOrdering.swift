// A total order over JSON values for `order by`, `min`/`max` and group output:
// numbers by value, strings by Unicode order, booleans false < true; nulls sort
// after every other value (the sorter places them by each key's `nulls` rule).
import CallqJSON

/// Compares JSON values for sorting.
public enum ValueOrdering {
    /// Rank of a value's kind when kinds differ.
    static func rank(_ v: JSONValue) -> Int {
        switch v {
        case .bool: return 0
        case .int, .double: return 1
        case .string: return 2
        case .array: return 3
        case .object: return 4
        case .null: return 5
        }
    }

    /// True when `a` sorts before `b` ascending.
    public static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        compare(a, b) < 0
    }

    /// -1, 0 or 1.
    public static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let x = a.doubleValue!, y = b.doubleValue!
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.array(let x), .array(let y)):
            for (p, q) in zip(x, y) {
                let c = compare(p, q)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        default:
            let r = rank(a), s = rank(b)
            if r != s { return r < s ? -1 : 1 }
            return JSONWriter.string(a) < JSONWriter.string(b) ? -1 : (a == b ? 0 : 1)
        }
    }
}
