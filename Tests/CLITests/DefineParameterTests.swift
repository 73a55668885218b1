// `-D NAME=VALUE` against a script's own `let NAME = …`: the command line wins (the
// script's value is its default), and a -D no statement uses is a warning naming it
// (issue 26 item 3: `let since` silently beat `-D since=…`, a typo went unnoticed).
import Foundation
import Testing

@Suite struct DefineParameterTests {
    static let script = """
        let min = 800   # the default when -D min=… is not given
        orders where duration > $min count
        """

    @Test func commandLineBeatsTheScriptsLet() throws {
        let path = try writeTemp("report.cq", Self.script)
        let byDefault = try callq(["--demo", path])
        #expect(byDefault.stdout == "{\"count\":5}\n")
        let given = try callq(["--demo", path, "-D", "min=30"])
        #expect(given.status == 0)
        #expect(given.stdout == "{\"count\":125}\n")
        #expect(!given.stderr.contains("warning"))
        // The same from -c and from stdin.
        let c = try callq(["--demo", "-D", "min=30", "-c", "let min = 800; orders where duration > $min count"])
        #expect(c.stdout == "{\"count\":125}\n")
        let stdin = try callq(["--demo", "-D", "min=30"], stdin: Self.script)
        #expect(stdin.stdout == "{\"count\":125}\n")
    }

    @Test func anUnusedDefinitionIsAWarningNamingIt() throws {
        let path = try writeTemp("report.cq", Self.script)
        let r = try callq(["--demo", path, "-D", "mni=30"])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"count\":5}\n")
        #expect(r.stderr.contains("callq: warning: -D mni is not used: no statement says `$mni` (did you mean `min`?)"))
        let check = try callq(["--task", "T", "--check", path, "-D", "other=1"])
        #expect(check.status == 0)
        #expect(check.stderr.contains("callq: warning: -D other is not used"))
    }
}
