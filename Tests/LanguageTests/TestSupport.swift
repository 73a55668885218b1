// Helpers shared by the language tests: a fixed session context, checking a
// where-expression, and a few sample orders.

import CallqJSON
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

enum T {
    /// 2024-11-25T12:00:00Z
    static let now = Date(timeIntervalSince1970: 1_732_536_000)
    static let context = CheckContext(timeZone: TimeZone(identifier: "UTC")!, now: now, defaultTasks: ["T1"])

    /// The checked filter of `orders where <text>`.
    static func filter(_ text: String, context: CheckContext = T.context) throws -> CheckedExpr {
        guard case .query(let q) = try Checker.check("orders where " + text, context: context), let f = q.filter else {
            throw Diagnostic(.unexpectedToken, "no filter", at: .none)
        }
        return f
    }

    /// The checked query of `text`; the test fails when it is another statement.
    static func query(_ text: String, context: CheckContext = T.context) throws -> CheckedQuery {
        let statement = try Checker.check(text, context: context)
        if case .query(let q) = statement { return q }
        return try #require(nil as CheckedQuery?, "`\(text)` is not a query")
    }

    /// The diagnostic `text` produces, if any.
    static func error(_ text: String, context: CheckContext = T.context) -> Diagnostic? {
        do {
            _ = try Checker.check(text, context: context)
            return nil
        } catch {
            return error
        }
    }

    /// Evaluates `orders where <text>` on an order.
    static func eval(_ text: String, _ order: JSONValue) throws -> Bool {
        try filter(text).evaluate(order)
    }

    static let full: JSONValue = [
        "orderID": "o1", "userPhone": "6281234", "userName": "Ann Lee", "userTaskID": "T1", "finish": true,
        "callInfoDetail": [
            "callStatus": 10, "callDuration": 45, "callStartTs": 1_732_500_000, "hangupCause": "normal",
            "intents": [
                ["intentID": "i1", "intentName": "interested", "intentTag": "A", "intentLevel": 3],
                ["intentID": "i2", "intentName": "callback", "intentTag": "B", "intentLevel": "2"]
            ],
            "sms": [["smsContent": "Hello 50% off", "smsSendTs": 1_732_500_100, "sysMessageID": "m1"]],
            "agent": ["agentName": "bob", "agentCallStatus": 3, "agentCallElapsed": 30, "manualHangupBy": 2],
            "params": [["name": "city", "value": "Jakarta"], ["name": "order no", "value": "A-7"]]
        ]
    ]

    static let bare: JSONValue = ["orderID": "o2", "userTaskID": "T1"]

    static let nulls: JSONValue = [
        "orderID": "o3", "userName": nil, "finish": nil,
        "callInfoDetail": ["callStatus": nil, "callDuration": nil, "intents": nil, "agent": nil, "sms": []]
    ]
}

/// `#expect` over a throwing expression, evaluated outside the macro (a `try` inside
/// `#expect` over typed-throws calls has crashed test processes).
func expectTrue(
    _ value: @autoclosure () throws -> Bool, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let v = try value()
        #expect(v, comment, sourceLocation: sourceLocation)
    } catch {
        Issue.record(error, sourceLocation: sourceLocation)
    }
}
