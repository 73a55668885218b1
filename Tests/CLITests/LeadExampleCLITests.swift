// The first query a new user copies, from README.md and docs/LANGUAGE.md, returns
// rows on `callq --demo` (issue 26 item 14: the old one asked for busy calls that
// talked, which never happen, and showed nothing).
import Foundation
import Testing

@Suite struct LeadExampleCLITests {
    /// The first indented line of a file that starts with `orders`.
    static func leadExample(_ file: String) -> String? {
        DocExamples.lines(file).first { $0.hasPrefix("    orders ") }?.trimmingCharacters(in: .whitespaces)
    }

    @Test(arguments: ["README.md", "docs/LANGUAGE.md"])
    func theLeadExampleReturnsRowsOnTheDemo(file: String) throws {
        let query = try #require(Self.leadExample(file))
        let r = try callq(["--demo", "-c", query])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count >= 10, "\(file): `\(query)` returned \(r.stdout.count) bytes")
    }
}
