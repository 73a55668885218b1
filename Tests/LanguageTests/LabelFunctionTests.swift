// `label(e)` (#26 item 9): an enum field's name as text, so csv and json exports
// can say `rejected` where the field itself writes 12.

import CallqJSON
import CallqResult
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct LabelFunctionTests {
    func column(_ text: String) throws -> (CheckedTerm, Column) {
        let q = try T.query("orders select " + text)
        guard case .records(let values, _) = q.shape else { throw Diagnostic(.unexpectedToken, "not rows", at: .none) }
        return (try #require(values.first), try #require(q.columns.first))
    }

    @Test func anEnumCodeBecomesItsName() throws {
        let (term, column) = try column("label(status)")
        #expect(column.name == "label(status)")
        #expect(column.kind == .text)
        #expect(term.value(in: T.full) == .string("busy"))
        #expect(term.value(in: T.bare) == .null)
        let unnamed: JSONValue = ["orderID": "o9", "callInfoDetail": ["callStatus": 99]]
        #expect(term.value(in: unnamed) == .string("99"))
        #expect(try self.column("label(agentCallStatus) as leg").0.value(in: T.full) != JSONValue.null)
    }

    @Test func itFiltersAndGroupsLikeAnyTerm() throws {
        #expect(try T.eval("label(status) = 'busy'", T.full))
        #expect(try T.eval("label(status) like 'bu%'", T.full))
        #expect(try !T.eval("label(status) = 'rejected'", T.full))
    }

    @Test func onlyEnumFieldsHaveLabels() throws {
        let error = try #require(T.error("orders select label(duration)"))
        #expect(error.message == "`label` needs an enum field (status, agentCallStatus …); `duration` is seconds")
        #expect(T.error("orders select label(status, 1)")?.message == "`label` takes 1 argument (an enum field), not 2")
    }
}
