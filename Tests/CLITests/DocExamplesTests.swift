// The docs promise real output. This runs every query shown with its output in
// README.md (the tour: `callq(demo-task)> QUERY` followed by the output) and in
// docs/COOKBOOK.md (an indented query followed by a fenced output block) against
// `callq --demo --format table`, and compares. In the expected text a line `…`
// or `...` stands for any number of lines, and the time in a footer such as
// `(3 orders, 1 request, 0.01 s)` is not compared, nor CSV's CRLF line ends.
// Shell commands (`callq …`) are not run.
import Foundation
import Testing

struct DocExample: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var statements: String
    var expected: [String]
    var testDescription: String { "\(file):\(line): \(statements.prefix(60))" }
}

enum DocExamples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func lines(_ file: String) -> [String] {
        let text = (try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\n")
    }

    /// README's tour: `    callq(demo-task)> QUERY` and the indented lines after it.
    static var readme: [DocExample] {
        let prompt = "    callq(demo-task)> "
        let ls = lines("README.md")
        var out: [DocExample] = []
        for (i, l) in ls.enumerated() where l.hasPrefix(prompt) {
            var expected: [String] = []
            var j = i + 1
            while j < ls.count, ls[j].hasPrefix("    "), !ls[j].hasPrefix(prompt) {
                expected.append(String(ls[j].dropFirst(4)))
                j += 1
            }
            out.append(
                DocExample(
                    file: "README.md", line: i + 1, statements: String(l.dropFirst(prompt.count)),
                    expected: expected))
        }
        return out
    }

    /// The cookbook: indented statements, blank lines, then a fenced block with the output.
    static var cookbook: [DocExample] {
        let ls = lines("docs/COOKBOOK.md")
        var out: [DocExample] = []
        var i = 0
        var inFence = false
        while i < ls.count {
            defer { i += 1 }
            if ls[i].hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, ls[i].hasPrefix("    "), i == 0 || !ls[i - 1].hasPrefix("    ") else { continue }
            var statements: [String] = []
            var j = i
            while j < ls.count, ls[j].hasPrefix("    ") { statements.append(String(ls[j].dropFirst(4))); j += 1 }
            while j < ls.count, ls[j].isEmpty { j += 1 }
            guard j < ls.count, ls[j] == "```", !statements.contains(where: { $0.hasPrefix("callq ") })
            else { continue }
            var expected: [String] = []
            var k = j + 1
            while k < ls.count, !ls[k].hasPrefix("```") { expected.append(ls[k]); k += 1 }
            out.append(
                DocExample(
                    file: "docs/COOKBOOK.md", line: i + 1,
                    statements: statements.joined(separator: "\n"), expected: expected))
            i = k
        }
        return out
    }

    /// Footers without their time: `(3 orders, 1 request, 0.01 s)` → `(3 orders, 1 request, … s)`.
    static func normalized(_ line: String) -> String {
        line.replacingOccurrences(of: #"\d+\.\d+ s\)$"#, with: "… s)", options: .regularExpression)
    }

    /// Whether `actual` matches `expected`, where an expected `…` / `...` line matches any run of lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        let trimmed = first.trimmingCharacters(in: .whitespaces)
        if trimmed == "…" || trimmed == "..." {
            return actual.indices.map { actual[$0...] }.contains { matches(expected.dropFirst(), $0) }
                || matches(expected.dropFirst(), actual[actual.endIndex...])
        }
        guard let a = actual.first, normalized(a) == normalized(first) else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }
}

@Suite struct DocExamplesTests {
    @Test func theDocsShowEnoughExamples() {
        #expect(DocExamples.readme.count >= 10, "README's tour should have ten queries")
        #expect(DocExamples.cookbook.count >= 15)
    }

    @Test(arguments: DocExamples.readme + DocExamples.cookbook)
    func exampleOutputIsReal(_ example: DocExample) throws {
        let dir = NSTemporaryDirectory() + "callq-doc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try callq(
            [], environment: ["Q": example.statements, "DIR": dir],
            shell: #"cd "$DIR" && "$CALLQ" --demo --format table --no-progress -c "$Q""#)
        #expect(r.status == 0, "\(r.stderr)")
        var actual = r.stdout.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if actual.last == "" { actual.removeLast() }
        var expected = example.expected
        while expected.last == "" { expected.removeLast() }
        #expect(
            DocExamples.matches(expected[...], actual[...]),
            "\(example.file):\(example.line) output differs; callq printed:\n\(r.stdout)")
    }
}
