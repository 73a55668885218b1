// Turns a record into its output values, one per column, from the plan's terms.
// Several selected fields of the same array (`select intentName, intentTag`) come
// out element-aligned: arrays of the same length, null where an element lacks
// the field, so the n-th name and the n-th tag belong together.
import CallqJSON
import CallqSemantics

/// Computes the output values of a record.
struct Projector: Sendable {
    let terms: [CheckedTerm]
    /// Groups of ≥2 column positions that read fields of one array, with how to read them.
    private let aligned: [(positions: [Int], fields: [Field], prefix: FieldPath, rests: [FieldPath])]

    init(_ terms: [CheckedTerm]) {
        self.terms = terms
        var groups: [[FieldPath.Step]: [(Int, Field)]] = [:]
        var order: [[FieldPath.Step]] = []
        for (i, t) in terms.enumerated() {
            guard case .field(let f) = t, let prefix = f.path.arrayPrefix else { continue }
            if groups[prefix] == nil { order.append(prefix) }
            groups[prefix, default: []].append((i, f))
        }
        aligned = order.compactMap { prefix in
            let members = groups[prefix]!
            guard members.count > 1 else { return nil }
            return (
                members.map(\.0), members.map(\.1), FieldPath(prefix),
                members.map { FieldPath(Array($0.1.path.steps.dropFirst(prefix.count))) }
            )
        }
    }

    func values(_ record: JSONValue) -> [JSONValue] {
        var out = terms.map { $0.value(in: record) }
        for group in aligned {
            var columns = Array(repeating: [JSONValue](), count: group.fields.count)
            _ = group.prefix.visit(record) { element in
                for k in group.fields.indices {
                    var found = JSONValue.null
                    _ = group.rests[k].visit(element) { v in
                        found = v; return true
                    }
                    columns[k].append(group.fields[k].typed(found) ?? .null)
                }
                return false
            }
            for (k, pos) in group.positions.enumerated() { out[pos] = .array(columns[k]) }
        }
        return out
    }
}
