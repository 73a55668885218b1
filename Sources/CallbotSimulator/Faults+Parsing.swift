// Parsing of the fault flags of `callq sim` (`--latency 50ms`, `--busy-rate 0.1`
// or `10%`, `--malformed html,empty`), so the command line and tests read values the same way.

extension Faults {
    /// Milliseconds from `50ms`, `1.5s`, `2m` or a bare number of milliseconds; nil when malformed.
    public static func milliseconds(from text: String) -> Int? {
        let t = text.lowercased().filter { $0 != " " }
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v >= 0 else { return nil }
            return Int((v * factor).rounded())
        }
        guard let v = Double(t), v >= 0 else { return nil }
        return Int(v.rounded())
    }

    /// A rate in 0...1 from `0.1` or `10%`; nil when malformed or out of range.
    public static func rate(from text: String) -> Double? {
        let t = text.filter { $0 != " " }
        let value = t.hasSuffix("%") ? Double(t.dropLast()).map { $0 / 100 } : Double(t)
        guard let value, (0...1).contains(value) else { return nil }
        return value
    }

    /// Malformed-reply kinds from `html,empty` (`all` names every kind); the unknown
    /// names are thrown back.
    public static func malformedKinds(from text: String) throws(UnknownKinds) -> [MalformedReply.Kind] {
        var kinds: [MalformedReply.Kind] = []
        var unknown: [String] = []
        for name in text.split(separator: ",").map({ $0.filter { $0 != " " }.lowercased() }) where !name.isEmpty {
            if name == "all" {
                kinds += MalformedReply.Kind.allCases
            } else if let kind = MalformedReply.Kind(rawValue: name) {
                kinds.append(kind)
            } else {
                unknown.append(name)
            }
        }
        guard unknown.isEmpty, !kinds.isEmpty else { throw UnknownKinds(names: unknown) }
        var seen = Set<MalformedReply.Kind>()
        return kinds.filter { seen.insert($0).inserted }
    }

    /// Names that are not malformed-reply kinds.
    public struct UnknownKinds: Error, CustomStringConvertible {
        public var names: [String]
        public var description: String {
            let known = MalformedReply.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            let what = names.isEmpty ? "no kind given" : "unknown kind \(names.joined(separator: ", "))"
            return "\(what); kinds: \(known), or all"
        }
    }
}
