// `~` at the regex engine's limits (#27-5, #27-6): a value past ICU's backtracking
// stack is a failure naming the field and the length (never a silent non-match), a
// catastrophic pattern fails at the time limit, and `stop()` ends a search at once.
// Also `set timeout = 500ms` (#27-11): milliseconds lex as a decimal number of seconds.

import CallqJSON
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct RegexLimitTests {
    @Test("a value past the engine's backtracking limit is a failure, not a non-match")
    func engineLimitIsAFailure() throws {
        let r = try RegexMatcher("^(AB)*$")
        r.begin(timeLimit: 30)
        #expect(r.search(String(repeating: "AB", count: 500_000), field: "userName") == false)
        let failure = try #require(r.failure)
        #expect(failure.field == "userName")
        #expect(failure.length == 1_000_000)
        #expect(failure.description.contains("userName (a value of 1,000,000 characters)"))
        r.begin(timeLimit: 30)
        #expect(r.search(String(repeating: "AB", count: 1000)))  // a short one still matches
        #expect(r.failure == nil)
        r.begin(timeLimit: 30)
        let long = r.search(String(repeating: "AB", count: 200_000), field: "userName")  // 400,000 characters
        #expect(long || r.failure != nil)  // the right answer, or an error: never a silent false
        #expect(r.failure == nil)
    }

    @Test("a catastrophic pattern fails at the time limit")
    func catastrophicPatternTimesOut() throws {
        let r = try RegexMatcher("(A+)+$")
        r.begin(timeLimit: 0.2)
        let started = ContinuousClock.now
        #expect(r.search(String(repeating: "A", count: 300) + "!", field: "userName") == false)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(r.failure?.reason.contains("regex_timeout = 200ms") == true)
    }

    @Test("stop() ends a running search within a second")
    func stopEndsASearch() throws {
        let r = try RegexMatcher("(A+)+$")
        r.begin(timeLimit: 600)
        let stopper = Thread {
            usleep(200_000)
            r.stop()
        }
        stopper.start()
        let started = ContinuousClock.now
        #expect(r.search(String(repeating: "A", count: 300) + "!") == false)
        #expect(ContinuousClock.now - started < .seconds(1.2))
        #expect(r.failure == nil)  // a stop is no failure: the query was cancelled
    }

    @Test("the filter's regexes are found for the executor to watch")
    func matchersAreCollected() throws {
        let q = try Checker.check(
            "orders in task 't' where name ~ 'a' or not (phone ~ 'b' and status = busy)",
            context: T.context)
        guard case .query(let query) = q else { Issue.record("not a query"); return }
        #expect(query.filter?.regexMatchers.map(\.pattern).sorted() == ["a", "b"])
    }

    @Test("`set timeout = 500ms` and `set regex_timeout = 250ms` take milliseconds")
    func millisecondSettings() throws {
        guard case .set(.timeout, .seconds(0.5)) = try Checker.check("set timeout = 500ms", context: T.context) else {
            Issue.record("timeout = 500ms"); return
        }
        guard case .set(.regexTimeout, .seconds(0.25)) = try Checker.check("set regex_timeout = 250ms", context: T.context)
        else { Issue.record("regex_timeout"); return }
        guard case .set(.maxReply, .integer(8)) = try Checker.check("set max_reply = 8", context: T.context)
        else { Issue.record("max_reply"); return }
    }
}
