// `order by N` names the N-th output column (SQL), and a constant key is an error
// (issue 26 item 1: `order by 2` and `order by 'duration'` sorted by a constant).

import CallqSemantics
import CallqSyntax
import Testing

@Suite struct OrderByPositionTests {
    @Test func aNumberIsAnOutputColumn() throws {
        let checked = try Checker.check("orders select id, duration order by 2 desc limit 3", context: T.context)
        guard case .query(let q) = checked else { Issue.record("not a query"); return }
        #expect(q.orderBy.map(\.key) == [.column(1)])
        #expect(q.orderBy.first?.descending == true)
        let groups = try Checker.check("orders count by status order by 2 desc", context: T.context)
        guard case .query(let g) = groups else { Issue.record("not a query"); return }
        #expect(g.orderBy.map(\.key) == [.column(1)])
    }

    @Test func withoutSelectANumberIsADefaultField() throws {
        let checked = try Checker.check("orders order by 1", context: T.context)
        guard case .query(let q) = checked else { Issue.record("not a query"); return }
        let first = try #require(Catalog.orders.defaultFields.first)
        #expect(q.orderBy.map(\.key) == [.term(.field(first))])
    }

    @Test func aNumberPastTheColumnsIsAnError() throws {
        let e = try #require(T.error("orders select id, duration order by 3"))
        #expect(e.kind == .invalidClause)
        #expect(e.message == "`order by 3`: the result has 2 output columns")
        #expect(e.hint == "output columns: id, duration")
        #expect(e.range.start.column == 37)
        #expect(T.error("orders select id order by 0")?.kind == .invalidClause)
    }

    @Test func aConstantIsNoSortKey() throws {
        for text in [
            "orders select id, duration order by 'duration'", "orders order by 'duration'",
            "orders count by status order by 'count'", "orders select id order by 1.5", "orders order by now"
        ] {
            let e = try #require(T.error(text), "\(text)")
            #expect(e.kind == .invalidClause, "\(text)")
            #expect(e.message.hasPrefix("a constant is not a sort key"), "\(text)")
        }
    }
}
