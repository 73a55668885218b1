// Checking `set NAME = VALUE` against the settings table: a known name (with
// did-you-mean), and a value of the setting's type and range — reported with a
// caret under the value, exactly as a run would report it.

import CallqSyntax

extension Checker {
    mutating func checkSet(_ name: Name, _ value: Value) throws(Diagnostic) -> CheckedStatement {
        guard let spec = SettingSpec.named(name.text) else {
            let names = SettingSpec.allNames
            throw Diagnostic(
                .invalidSetting, "unknown setting `\(name.text)`", at: name.range,
                hint: EditDistance.suggest(name.text.lowercased(), among: names).map { "did you mean `\($0)`?" }
                    ?? "settings: " + SettingSpec.all.map(\.name).joined(separator: ", "))
        }
        let text: String
        switch value.kind {
        case .string(let s), .name(let s): text = s
        case .integer(let n): text = String(n)
        case .bool(let b): text = b ? "on" : "off"
        case .duration(let s, _): text = "\(s)s"
        case .decimal(let d, _): text = String(d)  // `500ms` lexes as 0.5 (seconds)
        default:
            throw Diagnostic(
                .invalidSetting, "`\(spec.name)` takes \(spec.expectation), not \(Printer.print(value))",
                at: value.range)
        }
        switch spec.parse(text) {
        case .success(let v): return .set(spec.key, v)
        case .failure:
            if case .format = spec.type, case .name = value.kind {
                _ = try checkFormat(Name(text, value.range))
            }
            var hint: String?
            if case .zone = spec.type { hint = "use an IANA name like 'UTC' or 'Asia/Jakarta'" }
            let what =
                if case .zone = spec.type { "unknown time zone `\(text)`" } else {
                    "`\(spec.name)` takes \(spec.expectation), not \(Printer.print(value))"
                }
            throw Diagnostic(.invalidSetting, what, at: value.range, hint: hint)
        }
    }
}
