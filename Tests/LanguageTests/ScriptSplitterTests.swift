// Statement boundaries in scripts (SPEC §3) and the REPL's completeness check.

import CallqSyntax
import Testing

@Suite struct ScriptSplitterTests {
    func texts(_ s: String) -> [String] { ScriptSplitter.split(s).map(\.text) }

    @Test func semicolonsAndLines() {
        #expect(texts("ping; help\norders count") == ["ping", "help", "orders count"])
        #expect(texts("\n\n  ping  \n\n") == ["ping"])
        #expect(texts("") == [])
        #expect(texts("-- only a comment\n# another") == [])
    }

    @Test func positions() {
        let s = ScriptSplitter.split("ping\n\n  orders\n    where x = 1;  help")
        #expect(s.map(\.line) == [1, 3, 4])
        #expect(s.map(\.column) == [1, 3, 19])
        #expect(s[1].text == "orders\n    where x = 1")
        #expect(s[1].offset == 8)
    }

    @Test func openBracketsAndQuotesContinue() {
        #expect(texts("orders where status in (busy,\n11)\nping") == ["orders where status in (busy,\n11)", "ping"])
        #expect(texts("orders where name = 'a\nb'\nping") == ["orders where name = 'a\nb'", "ping"])
        #expect(texts("orders where name = 'a;b'; ping") == ["orders where name = 'a;b'", "ping"])
        #expect(texts("orders where name = 'it\\'s -- no comment'\nping").count == 2)
    }

    @Test func continuationTokens() {
        for tail in ["and", "or", "not", "where", "by", "=", "!=", ">=", "<", ",", "in", "like", "between", "-", "select"] {
            #expect(texts("orders where a = 1 \(tail)\nb").count == 1, "after \(tail)")
        }
        #expect(texts("orders where a = 1 and -- comment\nb = 2").count == 1)
        #expect(texts("orders where a = 1 \\\nand b = 2") == ["orders where a = 1 \\\nand b = 2"])
        #expect(texts("orders count by task\nping").count == 2)
        #expect(texts("orders select order\nping").count == 2)
    }

    @Test func indentedLinesContinue() {
        #expect(texts("orders\n  where a = 1\n  select id\nping") == ["orders\n  where a = 1\n  select id", "ping"])
        #expect(texts("orders\n\n  ping").count == 2)
    }

    @Test func continuedStatementsParse() throws {
        let script = "explain orders \\\n  where status = busy and\nduration > 5\n# done\n"
        let s = ScriptSplitter.split(script)
        #expect(s.count == 1)
        _ = try Parser.parse(s[0].text, origin: s[0].origin)
    }

    @Test func errorPositionsAreScriptPositions() {
        let script = "ping\n\norders where\n  staus = busy"
        let d = Checker_checkScript(script)
        #expect(d.count == 1)
        #expect(d.first?.range.start.line == 4)
        #expect(d.first?.range.start.column == 3)
        #expect(d.first?.render(source: script, fileName: "a.cq").hasPrefix("a.cq:4:3: error: unknown field `staus`") == true)
    }

    @Test func isComplete() {
        #expect(ScriptSplitter.isComplete(""))
        #expect(ScriptSplitter.isComplete("orders where a = 1"))
        #expect(!ScriptSplitter.isComplete("orders where a = 1 and"))
        #expect(!ScriptSplitter.isComplete("orders where a in (1,"))
        #expect(!ScriptSplitter.isComplete("orders where name = 'abc"))
        #expect(!ScriptSplitter.isComplete("orders where a = 1 \\"))
        #expect(!ScriptSplitter.isComplete("orders where a = 1; orders where"))
        #expect(ScriptSplitter.isComplete("orders -- trailing and"))
        #expect(!ScriptSplitter.isComplete("orders where"))
    }
}
