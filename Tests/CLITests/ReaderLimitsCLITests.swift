// `max_line` from the command line: input without a newline (a generated stream
// of zero bytes, as `< /dev/zero` gives) ends with a clear error and exit 1, not
// a buffer that grows until the process is killed.
import Foundation
import Testing

@Suite struct ReaderLimitsCLITests {
    @Test func anEndlessLineIsAnErrorWithExit1() throws {
        let run = try callq([], shell: #"head -c 3000000 /dev/zero | "$CALLQ" -c "set max_line = 1; orders from stdin count""#)
        #expect(run.status == 1)
        #expect(run.stderr.contains("stdin:1: a line longer than max_line (1 MB)"))
    }

    @Test func maxLineIsASettingWithARange() throws {
        let help = try callq(["-c", "help set"])
        #expect(help.stdout.contains("set max_line = 64"))
        let bad = try callq(["-c", "set max_line = 0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("`max_line` takes a whole number from 1 to 4096, not 0"))
    }
}
