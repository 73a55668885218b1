// `help` covers the language catalog: every function and aggregate has a line in
// `help functions`, `help queries` names every aggregate and every format, and
// `help formats` has a line per format.
import CallqKit
import CallqResult
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

    @Test func helpFormatsHasALinePerFormat() {
        let lines = HelpText.text(for: "formats").split(separator: "\n")
        #expect(lines.count == OutputFormat.allCases.count)
        for (line, format) in zip(lines, OutputFormat.allCases) { #expect(line.hasPrefix(format.rawValue + " ")) }
    }
}
