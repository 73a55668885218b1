// scripts/fuzz-query.dict is generated from the language's catalogs
// (`FuzzDictionary.text`): this keeps the checked-in file equal to it.
// `CALLQ_UPDATE_FUZZ_DICT=1 swift test --filter FuzzDictionaryTests` rewrites the file.

import CallqFuzzing
import CallqResult
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct FuzzDictionaryTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/fuzz-query.dict").standardized

    @Test func checkedInFileIsTheGeneratedOne() throws {
        let generated = FuzzDictionary.text
        if ProcessInfo.processInfo.environment["CALLQ_UPDATE_FUZZ_DICT"] == "1" {
            try generated.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(text == generated, "scripts/fuzz-query.dict is stale: run with CALLQ_UPDATE_FUZZ_DICT=1")
    }

    @Test func listsEveryKeywordFunctionFieldEnumNameSettingAndFormat() throws {
        let entries = Set(
            FuzzDictionary.text.split(separator: "\n").filter { $0.hasPrefix("\"") && $0.hasSuffix("\"") }
                .map { String($0.dropFirst().dropLast()) })
        var words: [String] = LanguageCatalog.keywords + LanguageCatalog.scalarNames.map { $0 + "(" }
        words += Catalog.orders.allNames + Catalog.calls.allNames + Catalog.tasks.allNames + Catalog.enumNames
        words += SettingSpec.allNames + OutputFormat.allCases.map(\.rawValue)
        let missing = Set(words).subtracting(entries).sorted()
        #expect(missing.isEmpty, "missing from the dictionary: \(missing.joined(separator: ", "))")
    }
}

/// The catalog is the one list the checker's evaluators and the parser agree with.
@Suite struct LanguageCatalogTests {
    @Test func aggregatesAreTheCheckersAggregates() {
        #expect(Set(LanguageCatalog.aggregateNames) == Set(AggregateFunction.allCases.map(\.rawValue)))
        #expect(LanguageCatalog.aggregateNames.count == AggregateFunction.allCases.count)
    }

    @Test func everyScalarFunctionChecksAndEveryOtherNameDoesNot() throws {
        for name in LanguageCatalog.scalarNames {
            let args = [
                "coalesce": "name, 'x'", "bin": "duration, 30s", "lower": "name", "upper": "name", "length": "name",
                "label": "status"
            ]
            let error = T.error("orders select \(name)(\(args[name] ?? "started"))")
            #expect(error == nil, "\(name): \(String(describing: error))")
        }
        #expect(T.error("orders select hours(started)")?.message.contains("unknown function") == true)
    }

    @Test func conditionArgumentsAreParsedAsConditions() throws {
        for entry in LanguageCatalog.functions {
            guard let at = entry.conditionArgument else { continue }
            let args = (0...at).map { $0 == at ? "status = busy" : "duration" }.joined(separator: ", ")
            let statement = try Parser.parse("orders stats \(entry.name)(\(args))")
            guard case .query(let q) = statement.kind, case .stats(let items, _) = q.output,
                case .call(_, let arguments) = items.first?.term.kind
            else {
                Issue.record("`\(entry.name)` did not parse as a call")
                continue
            }
            #expect(arguments.count == at + 1)
            if case .condition = arguments[at] {} else { Issue.record("`\(entry.name)` argument \(at) is not a condition") }
        }
    }
}
