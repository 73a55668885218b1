// Help texts for the REPL's `.fields` and `.statuses` and for `help fields`.

extension Catalog {
    /// One line per field: name, aliases, type, pushdown.
    public var fieldsHelp: String { fieldsHelp(only: nil) }

    /// `fieldsHelp` for the fields named in `only` (all when nil; then with `param.NAME`).
    public func fieldsHelp(only: Set<String>?) -> String {
        var rows: [(String, String, String, String)] = []
        for f in fields where only?.contains(f.name) ?? true {
            let push: String =
                f.serverOnly ? "server only" : f.pushdown.map { $0 == .userTaskID ? "selects task" : "pushed" } ?? ""
            rows.append(
                (
                    f.name, f.aliases.joined(separator: ", "), f.type.description + (f.isMulti ? " (multi)" : ""),
                    push.isEmpty ? f.help : "\(f.help) [\(push)]"
                ))
        }
        if hasParams, only == nil { rows.append(("param.NAME", "", "text (multi)", "a call parameter by name")) }
        let w0 = rows.map(\.0.count).max() ?? 0, w1 = rows.map(\.1.count).max() ?? 0, w2 = rows.map(\.2.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        return rows.map { "\(pad($0.0, w0))  \(pad($0.1, w1))  \(pad($0.2, w2))  \($0.3)" }.joined(separator: "\n") + "\n"
    }

    /// Every enumeration with its codes, names and groups.
    public static var statusesHelp: String {
        var out = ""
        for e in enums {
            out += "\(e.name):\n"
            for c in e.cases { out += "  \(c.code)\t\(c.name)\n" }
            for g in e.groups { out += "  \(g.name) = \(g.codes.map(String.init).joined(separator: ", "))\n" }
        }
        return out
    }
}
