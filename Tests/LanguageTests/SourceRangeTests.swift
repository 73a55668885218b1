// Every node of a parsed statement carries the range of the text it came from.

import CallqSyntax
import Testing

@Suite struct SourceRangeTests {
    func text(_ s: String, _ r: SourceRange) -> String {
        let b = Array(s.utf8)
        return String(decoding: b[r.start.offset..<r.end.offset], as: UTF8.self)
    }

    @Test func rangesCoverTheirText() throws {
        let src =
            "explain orders where (status = busy or name like 'a%') and not duration > 30 select id as i order by id desc page 2..3"
        let stmt = try Parser.parse(src)
        #expect(text(src, stmt.range) == src)
        guard case .explain(let q) = stmt.kind, let f = q.filter, case .and(let l, let r) = f.kind else {
            Issue.record("shape"); return
        }
        #expect(text(src, f.range) == "(status = busy or name like 'a%') and not duration > 30")
        #expect(text(src, l.range) == "(status = busy or name like 'a%')")
        #expect(text(src, r.range) == "not duration > 30")
        guard case .or(let a, let b) = l.kind, case .compare(let field, _, let v) = a.kind else { Issue.record("or"); return }
        #expect(text(src, a.range) == "status = busy")
        #expect(text(src, b.range) == "name like 'a%'")
        #expect(text(src, field.range) == "status")
        #expect(text(src, v.range) == "busy")
        guard case .rows(let items?) = q.output else { Issue.record("select"); return }
        #expect(text(src, items[0].range) == "id as i")
        #expect(text(src, q.orderBy[0].range) == "id desc")
        #expect(text(src, q.page!.range) == "2..3")
    }

    @Test func positionsCountCharactersAndLines() throws {
        let src = "orders where name = '张伟'\n  and status = bussy"
        guard case .query(let q) = try Parser.parse(src).kind, case .and(_, let r) = q.filter!.kind,
            case .compare(_, _, let v) = r.kind
        else { Issue.record("shape"); return }
        #expect(v.range.start.line == 2)
        #expect(v.range.start.column == 16)
        #expect(text(src, v.range) == "bussy")
    }
}
