// The catalog of fields (SPEC §3.4): every order field with aliases, type,
// JSON path and server option; `param.NAME`; the task fields for `tasks where`.
// Lookups are case-insensitive; unknown names get a did-you-mean.

import CallqSyntax

/// A set of fields that names resolve against.
public struct Catalog: Sendable {
    /// Fields in display order.
    public let fields: [Field]
    /// Whether `param.NAME` is allowed.
    public let hasParams: Bool
    /// The columns shown when a query has no `select` (json and ndjson pass records through instead).
    public let defaultFields: [Field]
    let byName: [String: Field]

    public init(fields: [Field], hasParams: Bool, defaults: [String]) {
        self.fields = fields
        self.hasParams = hasParams
        var m: [String: Field] = [:]
        for f in fields {
            m[f.name.lowercased()] = f
            for a in f.aliases { m[a.lowercased()] = f }
        }
        byName = m
        defaultFields = defaults.map { m[$0.lowercased()]! }
    }

    /// The field a name or alias stands for (case-insensitive), or nil.
    public func field(named name: String) -> Field? { byName[name.lowercased()] }

    /// The field for `param.NAME`: the `value` of the order's param whose `name` is NAME.
    public func parameter(_ name: String) -> Field {
        Field(
            "param." + name, .text,
            FieldPath([.key("callInfoDetail"), .key("params"), .eachWhere(key: "name", equals: name), .key("value")]),
            help: "value of the call parameter `\(name)`")
    }

    /// Every name and alias, for completion and hints.
    public var allNames: [String] { fields.flatMap { [$0.name] + $0.aliases } + (hasParams ? ["param"] : []) }
}

extension Catalog {
    /// The fields of an order.
    public static let orders: Catalog = {
        func top(_ k: String) -> FieldPath { FieldPath([.key(k)]) }
        func call(_ k: String) -> FieldPath { FieldPath([.key("callInfoDetail"), .key(k)]) }
        func each(_ a: String, _ k: String) -> FieldPath { FieldPath([.key("callInfoDetail"), .key(a), .each, .key(k)]) }
        func agent(_ k: String) -> FieldPath { FieldPath([.key("callInfoDetail"), .key("agent"), .key(k)]) }
        return Catalog(
            fields: [
                Field("orderID", aliases: ["id", "order"], .text, top("orderID"), pushdown: .orderID, help: "order id"),
                Field("userPhone", aliases: ["phone"], .text, top("userPhone"), help: "phone number called"),
                Field("userName", aliases: ["name"], .text, top("userName"), help: "name of the person called"),
                Field("sceneID", aliases: ["scene"], .text, top("sceneID"), help: "scene (bot script) id"),
                Field("userTaskID", aliases: ["task"], .text, top("userTaskID"), pushdown: .userTaskID, help: "task id"),
                Field("taskID", .text, top("taskID"), help: "internal task id"),
                Field("finish", aliases: ["finished"], .bool, top("finish"), pushdown: .finish, help: "order completed"),
                Field("other", .text, top("other"), help: "free text stored with the order"),
                Field("callID", .text, call("callID"), help: "id of the last call"),
                Field("callingNumber", aliases: ["caller"], .text, call("callingNumber"), help: "number shown to the callee"),
                Field("lineAddress", aliases: ["line"], .text, call("lineAddress"), help: "line used"),
                Field(
                    "callStatus", aliases: ["status"], .enumeration(.callStatus), call("callStatus"),
                    pushdown: .callStatus, help: "status of the last call"),
                Field("callStartTs", aliases: ["started", "start"], .time, call("callStartTs"), help: "call start time"),
                Field("callAnswerTs", aliases: ["answered"], .time, call("callAnswerTs"), help: "answer time"),
                Field("callEndTs", aliases: ["ended", "end"], .time, call("callEndTs"), help: "hang-up time"),
                Field(
                    "callDuration", aliases: ["duration"], .seconds, call("callDuration"), pushdown: .callDuration,
                    help: "call length in seconds"),
                Field("callAudioUrl", aliases: ["audio"], .text, call("callAudioUrl"), help: "recording URL"),
                Field("hangupCause", aliases: ["cause"], .text, call("hangupCause"), help: "hang-up cause"),
                Field("termSipCode", aliases: ["sip"], .text, call("termSipCode"), help: "final SIP code"),
                Field("intentID", .text, each("intents", "intentID"), pushdown: .intentID, help: "intent ids (multi)"),
                Field(
                    "intentName", aliases: ["intent"], .text, each("intents", "intentName"), pushdown: .intentName,
                    help: "intent names (multi)"),
                Field("intentTag", .text, each("intents", "intentTag"), pushdown: .intentTag, help: "intent tags (multi)"),
                Field("intentLevel", .integer, each("intents", "intentLevel"), help: "intent levels (multi)"),
                Field(
                    "turnTime", aliases: ["turns"], .integer, call("turnTime"), pushdown: .turnTime, serverOnly: true,
                    help: "dialogue turns (server-side filter only; not in replies)"),
                Field("smsContent", aliases: ["sms"], .text, each("sms", "smsContent"), help: "SMS texts sent (multi)"),
                Field("smsSendTs", .time, each("sms", "smsSendTs"), help: "SMS send times (multi)"),
                Field("sysMessageID", .text, each("sms", "sysMessageID"), help: "SMS message ids (multi)"),
                Field("paramName", .text, each("params", "name"), help: "call parameter names (multi; one is `param.NAME`)"),
                Field("paramValue", .text, each("params", "value"), help: "call parameter values (multi, paired with paramName)"),
                Field("agentName", aliases: ["agent"], .text, agent("agentName"), help: "agent who took the call"),
                Field("agentGroup", .text, agent("agentGroup"), help: "agent group"),
                Field("agentCallStatus", .enumeration(.agentCallStatus), agent("agentCallStatus"), help: "agent leg status"),
                Field("agentCallElapsed", .seconds, agent("agentCallElapsed"), help: "agent talk seconds"),
                Field("agentLabel", .text, agent("agentLabel"), help: "label set by the agent"),
                Field("manualCallStart", .time, agent("manualCallStart"), help: "agent leg start"),
                Field("manualCallAnswer", .time, agent("manualCallAnswer"), help: "agent leg answer"),
                Field("manualCallEnd", .time, agent("manualCallEnd"), help: "agent leg end"),
                Field(
                    "manualHangupBy", .enumeration(.manualHangupBy), agent("manualHangupBy"),
                    help: "who hung up (none, agent, user)"),
                Field(
                    "seen", .time, top("seen"),
                    help: "when a sync first stored this row in the mirror (from mirror only; null elsewhere)"),
                Field(
                    "changed", .time, top("changed"),
                    help: "when a sync last stored different bytes for this row (from mirror only; null elsewhere)")
            ], hasParams: true,
            defaults: [
                "orderID", "userPhone", "userName", "callStatus", "callDuration", "callStartTs", "intentName", "finish"
            ])
    }()

    /// The fields of a task (`tasks where …`): listTask's task record and its `taskStat`.
    public static let tasks: Catalog = {
        func top(_ k: String) -> FieldPath { FieldPath([.key(k)]) }
        func stat(_ k: String) -> FieldPath { FieldPath([.key("taskStat"), .key(k)]) }
        return Catalog(
            fields: [
                Field("userTaskID", aliases: ["task", "id"], .text, top("userTaskID"), help: "task id"),
                Field("taskID", .text, top("taskID"), help: "internal task id"),
                Field("sceneID", aliases: ["scene"], .text, top("sceneID"), help: "scene id"),
                Field("taskName", aliases: ["name"], .text, top("taskName"), help: "task name (may be absent)"),
                Field("taskStatus", aliases: ["status"], .enumeration(.taskStatus), top("taskStatus"), help: "task status"),
                Field("createTs", aliases: ["created"], .time, top("createTs"), help: "creation time"),
                Field("totalOrderCount", aliases: ["orders"], .integer, stat("totalOrderCount"), help: "orders in the task"),
                Field("finishOrderCount", .integer, stat("finishOrderCount"), help: "orders completed"),
                Field("answerOrderCount", .integer, stat("answerOrderCount"), help: "orders answered"),
                Field("finishRate", .number, stat("finishRate"), help: "share of orders completed, as the API reports it"),
                Field("totalCall", aliases: ["calls"], .integer, stat("totalCall"), help: "calls made"),
                Field("totalAnswerCall", .integer, stat("totalAnswerCall"), help: "calls answered"),
                Field("answerRate", .number, stat("answerRate"), help: "share of calls answered, as the API reports it")
            ], hasParams: false, defaults: ["userTaskID", "taskName", "taskStatus", "createTs", "sceneID"])
    }()

    /// All enumerations (for `.statuses` and completion).
    public static let enums: [CatalogEnum] = [.callStatus, .agentCallStatus, .manualHangupBy, .taskStatus]

    /// Every enum name of every enumeration, without repeats.
    public static var enumNames: [String] {
        var seen = Set<String>()
        return enums.flatMap(\.allNames).filter { seen.insert($0).inserted }
    }

}
