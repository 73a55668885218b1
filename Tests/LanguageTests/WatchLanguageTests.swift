import CallqSyntax
import Testing

// `watch [every DURATION] [frames N] QUERY` (SPEC §13.2) in the language: parsed,
// printed back, checked (the query as any query, the interval in range, no `into`),
// and completed from the one grammar.
@testable import CallqSemantics

@Suite struct WatchLanguageTests {
    func watch(_ text: String) throws -> (WatchSpec, CheckedQuery) {
        guard case .watch(let spec, let q) = try Checker.check(text, context: T.context) else {
            return try #require(nil as (WatchSpec, CheckedQuery)?, "`\(text)` is not a watch")
        }
        return (spec, q)
    }

    @Test("every and frames are optional; milliseconds, seconds and minutes are intervals")
    func intervals() throws {
        let (plain, q) = try watch("watch orders from mirror count by status")
        #expect(plain == WatchSpec(interval: 10, frames: nil, queryText: "orders from mirror count by status"))
        #expect(q.source == .mirror(tasks: ["T1"], explicit: false))
        #expect(try watch("watch every 200ms orders count").0.interval == 0.2)
        #expect(
            try watch("WATCH EVERY 1m FRAMES 3 calls count").0 == WatchSpec(interval: 60, frames: 3, queryText: "calls count"))
        #expect(try watch("watch frames 2 tasks").0.frames == 2)
    }

    @Test("a watch prints back as it parses")
    func roundTrip() throws {
        for text in [
            "watch orders count", "watch every 200ms orders where status = busy count by agent",
            "watch every 10s frames 3 orders from mirror in task 'a' select orderID limit 5"
        ] {
            let statement = try Parser.parse(text)
            #expect(Printer.print(statement) == text)
            #expect(try Parser.parse(Printer.print(statement)) == statement)
        }
    }

    @Test("a bad interval, a bad frame count, a missing query and `into` are errors with a hint")
    func errors() throws {
        let unitless = try #require(T.error("watch every 5 orders count"))
        #expect(unitless.message.contains("expected a duration after `every`"))
        #expect(unitless.hint?.contains("every 10s") == true)
        #expect(try #require(T.error("watch every 50ms orders")).message.contains("at most every 100ms"))
        #expect(try #require(T.error("watch every 2d orders")).message.contains("at least once a day"))
        #expect(try #require(T.error("watch frames 0 orders")).message.contains("number of frames"))
        #expect(try #require(T.error("watch every 1s")).message.contains("a query"))
        let into = try #require(T.error("watch orders count into 'x.csv'"))
        #expect(into.message.contains("not `into` a file") && into.range.start.column == 25)
        #expect(try #require(T.error("watch orders where nosuch = 1")).kind == .unknownField)
        #expect(try #require(T.error("wach orders")).hint == "did you mean `watch`?")
    }

    @Test("completion knows watch from the grammar: its parts, then a query")
    func completion() {
        let words = { (text: String) in
            Completions.complete(before: text, taskIDs: [], helpTopics: []).words.map(\.text)
        }
        #expect(words("wat") == ["watch"])
        #expect(Set(words("watch ")) == ["every", "frames", "orders", "calls", "tasks"])
        #expect(Set(words("watch every 10s ")) == ["frames", "orders", "calls", "tasks"])
        #expect(words("watch every 10s orders where stat").contains("status"))
    }
}
