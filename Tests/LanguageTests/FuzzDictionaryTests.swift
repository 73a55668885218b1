// scripts/fuzz-query.dict lists the words of the language so the fuzzer reaches
// deep paths; this keeps it in step with the catalog and the parser.

import CallqResult
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct FuzzDictionaryTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/fuzz-query.dict").standardized

    /// The dictionary's entries (`"word"` lines; only `\"` and `\\` escapes are used for words).
    static func entries() throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        return Set(text.split(separator: "\n").filter { $0.hasPrefix("\"") && $0.hasSuffix("\"") }.map {
            String($0.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                .replacingOccurrences(of: "\\\\", with: "\\")
        })
    }

    @Test func listsEveryKeywordFieldAndEnumName() throws {
        let entries = try FuzzDictionaryTests.entries()
        var words: [String] = Catalog.keywords + Parser.clauseWords
        words += Catalog.orders.allNames + Catalog.calls.allNames + Catalog.tasks.allNames + Catalog.enumNames
        words += SettingSpec.allNames + OutputFormat.allCases.map(\.rawValue)
        let missing = Set(words).subtracting(entries).sorted()
        #expect(missing.isEmpty, "add to scripts/fuzz-query.dict: \(missing.joined(separator: ", "))")
    }
}
