// Checking `set NAME = VALUE`: known setting names (with did-you-mean) and
// the kind of value each takes.

import CallqSyntax
import Foundation

extension Checker {
    mutating func checkSet(_ name: Name, _ value: Value) throws(Diagnostic) -> CheckedStatement {
        let key = name.text.lowercased()
        guard let kind = Checker.settings[key] else {
            throw Diagnostic(.invalidSetting, "unknown setting `\(name.text)`", at: name.range,
                             hint: EditDistance.suggest(key, among: Array(Checker.settings.keys)).map { "did you mean `\($0)`?" }
                                 ?? "settings: " + Checker.settings.keys.sorted().joined(separator: ", "))
        }
        func bad(_ what: String) -> Diagnostic {
            Diagnostic(.invalidSetting, "`\(name.text)` takes \(what), not \(Printer.print(value))", at: value.range)
        }
        var text: String?
        switch value.kind {
        case .string(let s), .name(let s): text = s
        default: break
        }
        switch kind {
        case "int":
            guard case .integer(let n) = value.kind, n >= 1 else { throw bad("a whole number of at least 1") }
            return .set(name: key, value: .integer(n))
        case "seconds":
            switch value.kind {
            case .integer(let n) where n > 0: return .set(name: key, value: .integer(n))
            case .duration(let s, _) where s > 0: return .set(name: key, value: .integer(s))
            default: throw bad("a duration (30s, 2m) or a number of seconds")
            }
        case "bool":
            if case .bool(let b) = value.kind { return .set(name: key, value: .bool(b)) }
            switch text?.lowercased() {
            case "on", "yes", "true": return .set(name: key, value: .bool(true))
            case "off", "no", "false": return .set(name: key, value: .bool(false))
            default: throw bad("on or off")
            }
        case "format":
            guard let text else { throw bad("a format name") }
            if text.lowercased() == "auto" { return .set(name: key, value: .text("auto")) }
            return .set(name: key, value: .text(try checkFormat(Name(text, value.range))))
        case "badLine":
            guard let t = text?.lowercased(), ["error", "skip"].contains(t) else { throw bad("error or skip") }
            return .set(name: key, value: .text(t))
        case "verify":
            guard let t = text?.lowercased(), ["strict", "auto", "off"].contains(t) else { throw bad("strict, auto or off") }
            return .set(name: key, value: .text(t))
        default: // tz
            guard let text else { throw bad("a time zone name like 'Asia/Jakarta'") }
            let zone = text.hasPrefix(":") ? String(text.dropFirst()) : text
            guard TimeZone(identifier: zone) != nil || ["utc", "z"].contains(zone.lowercased()) else {
                throw Diagnostic(.invalidSetting, "unknown time zone `\(text)`", at: value.range,
                                 hint: "use an IANA name like 'UTC' or 'Asia/Jakarta'")
            }
            return .set(name: "tz", value: .text(["utc", "z"].contains(zone.lowercased()) ? "UTC" : zone))
        }
    }
}
