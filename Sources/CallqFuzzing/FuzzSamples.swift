// Fixed inputs the query harness evaluates against: a session context with a
// frozen clock and a few `-D` style variables, and sample orders and tasks of
// every shape (full, bare, nulls, mistyped values).

import CallqJSON
import CallqSemantics
import Foundation

enum FuzzSamples {
    /// 2024-11-25T12:00:00Z
    static let now = Date(timeIntervalSince1970: 1_732_536_000)

    /// The context each fuzzed script starts from: UTC, task T1, and text variables as `-D` gives them.
    static var context: CheckContext {
        CheckContext(
            variables: [
                "n": .text("30"), "since": .text("now - 2h"), "day": .text("2024-11-24"),
                "cond": .text("status = busy or duration > 30"), "who": .text("Ann")
            ],
            timeZone: TimeZone(identifier: "UTC")!, now: now, defaultTasks: ["T1"])
    }

    static let orders: [JSONValue] = [
        [
            "orderID": "o1", "userPhone": "6281234", "userName": "Ann Lee", "userTaskID": "T1", "finish": true,
            "callInfoDetail": [
                "callStatus": 10, "callDuration": 45, "callStartTs": 1_732_500_000, "hangupCause": "normal",
                "turnTime": 4,
                "intents": [
                    ["intentID": "i1", "intentName": "interested", "intentTag": "A", "intentLevel": "high"],
                    ["intentID": "i2", "intentName": "callback", "intentTag": "B"]
                ],
                "sms": [["smsContent": "Hello 50% off", "smsSendTs": 1_732_500_100, "sysMessageID": "m1"]],
                "agent": ["agentName": "bob", "agentCallStatus": 3, "agentCallElapsed": 30, "manualHangupBy": 2],
                "params": [
                    ["name": "city", "value": "Jakarta"], ["name": "order no", "value": "A-7"],
                    ["name": 5, "value": 7]
                ]
            ]
        ],
        ["orderID": "o2", "userTaskID": "T1"],
        [
            "orderID": "o3", "userName": nil, "finish": nil,
            "callInfoDetail": ["callStatus": nil, "callDuration": nil, "intents": nil, "agent": nil, "sms": []]
        ],
        [
            "orderID": 4, "userName": 12, "finish": "true", "userTaskID": ["T1"],
            "callInfoDetail": [
                "callStatus": "11", "callDuration": 1.5e300, "callStartTs": -1.0, "callEndTs": " 42 ",
                "intents": [nil, 3, ["intentName": ["x"]], ["intentName": 2.5]],
                "sms": "none", "agent": [], "params": [["name": "city"], ["value": "x"], "city"]
            ]
        ],
        "not an order"
    ]

    static let tasks: [JSONValue] = [
        [
            "userTaskID": "T1", "taskID": "t-1", "sceneID": "s", "taskName": "Nov", "taskStatus": 2,
            "createTs": 1_732_000_000
        ],
        ["userTaskID": nil, "taskStatus": "x", "createTs": 9.5]
    ]
}
