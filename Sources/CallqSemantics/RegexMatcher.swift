// `~` regular expressions, compiled once at check time (NSRegularExpression,
// ICU syntax) and searched unanchored; pattern and text in NFC. A search is
// watched: it stops when its query is cancelled (Ctrl-C), and one that runs past
// the time limit or hits ICU's backtracking limits is recorded as a failure the
// executor reports — never taken silently as "no match".

import Foundation
import Synchronization

/// Why a regular expression could not be evaluated on one value.
public struct RegexFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var pattern: String
    /// The field (or term) the value came from, as written in the query.
    public var field: String
    /// The value's length in characters.
    public var length: Int
    /// What went wrong, as a clause: "took longer than regex_timeout = 10s".
    public var reason: String

    public var description: String {
        "regular expression '\(pattern)' could not be evaluated on \(field) "
            + "(a value of \(length.formatted(.number.grouping(.automatic))) characters): \(reason)"
    }
}

/// A compiled regular expression shared by every evaluation.
public final class RegexMatcher: @unchecked Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    let regex: NSRegularExpression

    private struct Watch {
        var stopped = false
        var failure: RegexFailure?
        var timeLimit: Double = 10
    }

    private let watch = Mutex(Watch())
    /// Read on every progress call of a search, without the lock.
    private let stopped = Atomic<Bool>(false)

    /// Compiles `pattern`; throws the compiler's message when it is invalid.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        let canonical = CanonicalText.nfc(pattern)
        regex = try NSRegularExpression(pattern: canonical.isEmpty ? "(?:)" : canonical, options: [])
    }

    /// Readies the matcher for a run: no failure, not stopped, `timeLimit` seconds per value.
    public func begin(timeLimit: Double) {
        stopped.store(false, ordering: .relaxed)
        watch.withLock { $0 = Watch(timeLimit: timeLimit) }
    }

    /// Stops searches now and later in this run (they answer false): the query was cancelled.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// The first value this run could not evaluate, if any.
    public var failure: RegexFailure? { watch.withLock { $0.failure } }

    /// True when the pattern occurs anywhere in `text` (read from `field`).
    ///
    /// False, with `failure` set, when the engine gave up (its backtracking stack is
    /// full) or the search ran past the time limit; false when `stop()` was called.
    public func search(_ text: String, field: @autoclosure () -> String = "the value") -> Bool {
        if stopped.load(ordering: .relaxed) { return false }
        let text = CanonicalText.nfc(text)
        let limit = watch.withLock { $0.timeLimit }
        let start = ContinuousClock.now
        var found = false
        var problem: String?
        regex.enumerateMatches(
            in: text, options: [.reportProgress, .reportCompletion],
            range: NSRange(text.startIndex..., in: text)
        ) { result, flags, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if flags.contains(.internalError) {
                problem =
                    "the pattern backtracks more than the regex engine allows on a value this long; "
                    + "anchor it or simplify the repetition"
            } else if flags.contains(.progress) {
                if self.stopped.load(ordering: .relaxed) {
                    stop.pointee = true
                } else if (ContinuousClock.now - start) > .milliseconds(Int64(limit * 1000)) {
                    problem =
                        "it took longer than regex_timeout = \(Self.secondsText(limit)) "
                        + "(the pattern backtracks catastrophically; simplify it or raise `set regex_timeout`)"
                    stop.pointee = true
                }
            }
        }
        if let problem, !found {
            let failure = RegexFailure(pattern: pattern, field: field(), length: text.count, reason: problem)
            watch.withLock { if $0.failure == nil { $0.failure = failure } }
            return false
        }
        return found
    }

    static func secondsText(_ s: Double) -> String {
        s < 1 ? "\(Int((s * 1000).rounded()))ms" : (s.rounded() == s ? "\(Int(s))s" : "\(s)s")
    }

    public static func == (a: RegexMatcher, b: RegexMatcher) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }
}

extension CheckedExpr {
    /// Every regular expression the expression tests with.
    public var regexMatchers: [RegexMatcher] {
        switch self {
        case .and(let xs), .or(let xs): xs.flatMap(\.regexMatchers)
        case .not(let x): x.regexMatchers
        case .test(let t): if case .regex(let r) = t.op { [r] } else { [] }
        case .termTest(let t): if case .regex(let r) = t.op { [r] } else { [] }
        case .constant: []
        }
    }
}
