import CallqSyntax
import Foundation
import Testing

// Completion is the parser's own expectations: over prefixes of valid statements (the
// goldens and the fuzz corpus), every word offered continues a prefix the parser accepts,
// and every keyword or field the statement goes on with is offered. Also the places where
// the second grammar had drifted from the parser (negative decimals).
@testable import CallqSemantics

@Suite("Completion from the one parser")
struct CompletionPropertyTests {
    /// Whether the parser reads `text` as the start of a statement: it parses, or its first
    /// mistake is at the end of the text (something more is needed).
    static func acceptsPrefix(_ text: String) -> Bool {
        do {
            _ = try Parser.parse(text)
            return true
        } catch {
            let end = (try? Lexer.tokenize(text))?.last?.range.start.offset ?? Int.max
            return error.range.start.offset >= end
        }
    }

    /// Valid one-statement lines: the goldens' statements and the fuzz corpus's lines that parse.
    static let statements: [String] = lines(checked: false)

    /// The statements that also pass the checker (names in their right places).
    static let checkedStatements: [String] = lines(checked: true)

    static func lines(checked: Bool) -> [String] {
        let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz/query")
        let corpus = ((try? FileManager.default.contentsOfDirectory(atPath: fuzz.path)) ?? []).sorted().flatMap { name in
            ((try? String(contentsOf: fuzz.appendingPathComponent(name), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }
        let lines = CompletionParserAgreementTests.statements(checked: checked) + corpus
        return lines.filter {
            !$0.contains(";") && $0.utf8.count < 400 && (try? Parser.parse($0)) != nil && (!checked || T.error($0) == nil)
        }
    }

    /// The prefixes of `statement` that end where a token starts (the cursor after a space or a symbol).
    static func prefixes(_ statement: String) -> [String] {
        let bytes = Array(statement.utf8)
        guard let tokens = try? Lexer.tokenize(statement) else { return [] }
        return tokens.map { String(decoding: bytes[..<$0.range.start.offset], as: UTF8.self) }
    }

    @Test("every word offered after a prefix of a valid statement continues a prefix the parser accepts")
    func offeredWordsParse() {
        #expect(Self.statements.count > 100)
        var random = SeededRandom(seed: 25)
        var checked = 0
        for statement in Self.statements {
            let all = Self.prefixes(statement)
            // A seeded sample keeps the suite fast; every statement contributes.
            for before in all where all.count < 12 || random.chance(0.35) {
                let completion = Completions.complete(before: before, taskIDs: ["t-1"], helpTopics: ["fields"])
                let stem = String(decoding: Array(before.utf8).dropLast(completion.typed.utf8.count), as: UTF8.self)
                for word in completion.words {
                    checked += 1
                    let next = stem + word.text + (word.suffix == " " ? "" : word.suffix)
                    #expect(Self.acceptsPrefix(next), "`\(word.text)` offered after `\(before)`")
                }
            }
        }
        #expect(checked > 5_000)
    }

    @Test("every keyword and field a valid statement goes on with is offered there")
    func nextWordIsOffered() throws {
        let keywords = Set(
            LanguageCatalog.statementWords + LanguageCatalog.clauseWords + [
                "between", "like", "is", "null", "empty", "by",
                "nulls", "first", "last", "task", "file",
                "stdin", "mirror", "full", "having"
            ])
        let fields = Set((Catalog.orders.allNames + Catalog.tasks.allNames + Catalog.calls.allNames).map { $0.lowercased() })
        var checked = 0
        for statement in Self.checkedStatements {
            let bytes = Array(statement.utf8)
            let tokens = try Lexer.tokenize(statement)
            for (i, token) in tokens.enumerated() {
                guard case .word(let word) = token.kind else { continue }
                let lower = word.lowercased()
                guard keywords.contains(lower) || fields.contains(lower) else { continue }
                // Free names and values are not completed: an alias, a variable, a setting, a help
                // topic, a parameter name, the value after an operator.
                if i > 0 {
                    let before = tokens[i - 1]
                    if ["as", "let", "set", "help", "format"].contains(before.word?.lowercased() ?? "") { continue }
                    if case .symbol(let s) = before.kind, [".", "=", "!=", "<", "<=", ">", ">=", "~"].contains(s),
                        !(i >= 2 && tokens[i - 2].isWord("let"))
                    {
                        continue
                    }
                    if i >= 2, tokens[i - 2].isWord("set") { continue }
                }
                if tokens.first?.isWord("set") == true || tokens.first?.isWord("help") == true { continue }
                let before = String(decoding: bytes[..<token.range.start.offset], as: UTF8.self)
                let offered = Completions.complete(before: before).words.map { $0.text.lowercased() }
                checked += 1
                #expect(offered.contains(lower), "`\(word)` after `\(before)`: \(offered)")
            }
        }
        #expect(checked > 500)
    }

    @Test("negative decimals do not stop completion (the second grammar's drift)")
    func negativeDecimals() {
        let conditionStart = CompletionTests.conditionStart
        let words = { (text: String) in Completions.complete(before: text).words.map(\.text) }
        #expect(words("orders where duration > -1.5 and ") == conditionStart)
        #expect(words("orders where duration between -1.5 and 2.5 and ") == conditionStart)
        #expect(words("orders where started between -1.5 and ") == ["now", "today"])
        #expect(words("orders stats countif(duration > -1.5), ") == CompletionTests.sorted(LanguageCatalog.aggregateNames))
        #expect(words("orders stats countif(duration > -1.5 and ") == conditionStart)
        #expect(words("orders stats sumif(duration, duration > -1.5 or ") == conditionStart)
        #expect(words("orders where duration > -1.5 ") == CompletionTests.clausesAfterFilter)
    }
}
