// `help` covers the language catalog: every function and aggregate has a line in
// `help functions`, `help queries` names every aggregate and every format, and
// `help formats` has a line per format, `help set` one per setting.
import CallqKit
import CallqResult
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct HelpCatalogTests {
    @Test func helpFunctionsListsEveryCatalogEntry() {
        let help = HelpText.text(for: "functions")
        for entry in LanguageCatalog.functions {
            #expect(help.contains(entry.signature) && help.contains(entry.help), "\(entry.name) missing from help functions")
        }
        #expect(HelpText.topics.contains("functions"))
        #expect(HelpText.text(for: "stats") == help)
    }

    @Test func helpQueriesNamesEveryAggregateAndFormat() {
        let help = HelpText.text(for: "queries")
        for entry in LanguageCatalog.functions where entry.kind == .aggregate {
            #expect(help.contains(entry.signature), "\(entry.signature) missing from help queries")
        }
        for format in OutputFormat.allCases { #expect(help.contains(format.rawValue)) }
    }

    @Test func helpSetHasALinePerSetting() {
        let lines = HelpText.text(for: "set").split(separator: "\n")
        for spec in SettingSpec.all {
            #expect(
                lines.contains { $0.hasPrefix("set \(spec.name) = ") && $0.contains(spec.help) },
                "\(spec.name) missing from help set")
        }
    }

    @Test func dotHelpListsEveryDotCommandInAlignedColumns() throws {
        let lines = HelpText.text(for: "repl").split(separator: "\n").map(String.init)
        let commands = lines.filter { $0.hasPrefix(".") }
        #expect(commands.count == HelpText.dotCommands.count)
        #expect(HelpText.dotCommandNames.contains(".exit") && HelpText.dotCommandNames.contains(".quit"))
        // The descriptions start in one column.
        var starts = Set<Int>()
        for (line, entry) in zip(commands, HelpText.dotCommands) {
            let help = try #require(line.range(of: entry.help), "\(entry.usage) is not in `\(line)`")
            starts.insert(line.distance(from: line.startIndex, to: help.lowerBound))
        }
        #expect(starts.count == 1, "\(starts)")
    }

    @Test func helpFormatsHasALinePerFormat() {
        let lines = HelpText.text(for: "formats").split(separator: "\n")
        #expect(lines.count == OutputFormat.allCases.count)
        for (line, format) in zip(lines, OutputFormat.allCases) { #expect(line.hasPrefix(format.rawValue + " ")) }
    }
}
