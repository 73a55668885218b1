// scripts/fuzz-query.dict, generated from the language's catalogs (keywords,
// functions, fields, enum names, settings and their values, formats) plus fixed
// shapes (operators, literals, boundary numbers, Unicode edge cases).
// `CALLQ_UPDATE_FUZZ_DICT=1 swift test --filter FuzzDictionaryTests` rewrites it.
import CallqResult
import CallqSemantics
import CallqSyntax

/// The libFuzzer dictionary of query mode.
public enum FuzzDictionary {
    /// The dictionary's text, as checked in at scripts/fuzz-query.dict.
    public static var text: String {
        var out = [
            "# libFuzzer dictionary for `scripts/fuzz SECONDS query`, generated from the language",
            "# catalogs by CallqFuzzing/FuzzDictionary.swift: do not edit; LanguageTests checks it."
        ]
        var seen = Set<String>()
        func section(_ title: String, _ words: [String]) {
            out.append("# " + title)
            for w in words where seen.insert(w).inserted {
                out.append(
                    "\"" + w.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"")
            }
        }
        section("keywords", LanguageCatalog.keywords)
        section(
            "fields and aliases (orders, calls, tasks)",
            Catalog.orders.allNames + Catalog.calls.allNames + Catalog.tasks.allNames + ["param."])
        section("enum names", Catalog.enumNames)
        section("settings and their values", SettingSpec.allNames + SettingSpec.all.flatMap(\.valueWords))
        section("formats", OutputFormat.allCases.map(\.rawValue))
        section(
            "functions and aggregates",
            LanguageCatalog.functions.map { $0.arguments.isEmpty ? $0.name + "()" : $0.name + "(" })
        return out.joined(separator: "\n") + "\n" + shapes
    }

    /// Entries that are not words of a catalog: operators, literals, boundary values.
    static let shapes = #"""
        # fragments: compound keywords, numbers and zones
        "nulls first"
        "nulls last"
        "from mirror"
        "*"
        "/"
        "1.5"
        "0.25"
        "15m"
        "'UTC'"
        "'Asia/Jakarta'"
        "yes"
        "no"
        # operators, punctuation, comments, line breaks
        "="
        "!="
        "<>"
        "<"
        "<="
        ">"
        ">="
        "~"
        "("
        ")"
        ","
        ";"
        "."
        ".."
        "-"
        "+"
        "*"
        "$"
        "'"
        "\""
        "\\"
        "--"
        "#"
        "\x0A"
        "\x0A  "
        "\\\x0A"
        "\x0D\x0A"
        # literals and clause fragments
        "90s"
        "5m"
        "2h"
        "1d"
        "1h30m"
        "-1h"
        "9223372036854775807"
        "0"
        "-5"
        "'2024-11-24'"
        "'2024-11-24 08:00'"
        "'2024-11-24T08:00:00Z'"
        "'2024-11-24 08:00:00+07:00'"
        "now - 2h"
        "today + 8h"
        "param.'a b'"
        "'%a_'"
        "'\\%'"
        "'^6[0-9]'"
        "$x"
        "let x = ("
        "in ("
        "is not null"
        "is empty"
        "not in ("
        "not like"
        "between "
        " and "
        "page 1..2"
        "order by "
        "count by "
        "stats "
        "select "
        "where "
        "from file 'a.ndjson'"
        "from stdin"
        "in task 'T1'"
        "use task 'T1'"
        "into 'o.csv'"
        "format csv"
        # boundary numbers: Int limits, the server's range limit, times outside years 0000-9999
        "-9223372036854775807"
        "9223372036854775806"
        "2147483647"
        "2147483646"
        "253402300800"
        "-62167219201"
        "86400"
        "-1"
        # Unicode edge cases: combining mark, BOM, wide, emoji, no-break space, line separator, CR
        "\xCC\x81"
        "\xEF\xBB\xBF"
        "\xE4\xB8\xAD"
        "\xF0\x9F\x98\x80"
        "\xC2\xA0"
        "\xE2\x80\xA8"
        "\x0D"

        """#
}
