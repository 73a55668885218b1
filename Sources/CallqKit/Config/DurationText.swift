// Durations as people type them on the command line and in config.toml:
// `30`, `1.5`, `500ms`, `1s`, `2m`, `1h`, or combinations such as `1m30s`.
// Used for `--timeout` and the config's `timeout`, which must accept what
// `set timeout` does.
import Foundation

/// Parses duration text into seconds.
public enum DurationText {
    /// Seconds in `text`: a bare number is seconds; units `ms`, `s`, `m`, `h`,
    /// `d` may be combined (`1m30s`). Nil when it is not a duration or not above zero.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        if let plain = Double(t) { return plain > 0 && plain.isFinite ? plain : nil }
        var total = 0.0
        var rest = Substring(t)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += value / 1000
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
        }
        return total > 0 && total.isFinite ? total : nil
    }
}
