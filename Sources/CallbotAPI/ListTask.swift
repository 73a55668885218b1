// listTask: the request with its queryConditions and the reply's task records
// (SPEC §1.4). Task records stay JSON-backed with typed accessors for the usual fields.

import CallqJSON

/// `queryConditions` of a listTask request; nil members are not sent.
public struct TaskQuery: Sendable, Hashable {
    public var taskStatus: [Int]?
    public var taskName: [String]?
    public var sceneID: String?
    public var userTaskID: [String]?
    public var startTs: Int?
    public var endTs: Int?

    public init(
        taskStatus: [Int]? = nil, taskName: [String]? = nil, sceneID: String? = nil,
        userTaskID: [String]? = nil, startTs: Int? = nil, endTs: Int? = nil
    ) {
        self.taskStatus = taskStatus
        self.taskName = taskName
        self.sceneID = sceneID
        self.userTaskID = userTaskID
        self.startTs = startTs
        self.endTs = endTs
    }

    /// The conditions as a JSON object with only the set keys.
    public var json: JSONValue {
        var o = JSONObject()
        if let taskStatus { o["taskStatus"] = .array(taskStatus.map { .int($0) }) }
        if let taskName { o["taskName"] = .array(taskName.map { .string($0) }) }
        if let sceneID { o["sceneID"] = .string(sceneID) }
        if let userTaskID { o["userTaskID"] = .array(userTaskID.map { .string($0) }) }
        if let startTs { o["startTs"] = .int(startTs) }
        if let endTs { o["endTs"] = .int(endTs) }
        return .object(o)
    }

    /// Tolerant decode: a member of the wrong type is treated as unset.
    public init(json: JSONValue) {
        taskStatus = json["taskStatus"]?.arrayValue.map { $0.compactMap(\.intValue) }
        taskName = json["taskName"]?.arrayValue.map { $0.compactMap(\.stringValue) }
        sceneID = json["sceneID"]?.stringValue
        userTaskID = json["userTaskID"]?.arrayValue.map { $0.compactMap(\.stringValue) }
        startTs = json["startTs"]?.intValue
        endTs = json["endTs"]?.intValue
    }
}

/// A listTask request body.
public struct ListTaskRequest: Sendable, Hashable {
    public var productID = "callbot"
    public var query: TaskQuery
    public var page: Int
    public var size: Int

    public init(query: TaskQuery = TaskQuery(), page: Int = 1, size: Int = 100) {
        self.query = query
        self.page = page
        self.size = size
    }

    public var json: JSONValue {
        .object([
            "productID": .string(productID), "page": .int(page), "size": .int(size),
            "queryConditions": query.json
        ])
    }

    /// The exact bytes sent (and signed).
    public var body: [UInt8] { JSONWriter.bytes(json) }
}

/// One task as listTask reports it; `json` is the record exactly as sent.
public struct TaskRecord: Sendable, Hashable {
    public var json: JSONValue
    public init(json: JSONValue) { self.json = json }

    public var userTaskID: String? { json["userTaskID"]?.lenientString }
    public var taskID: String? { json["taskID"]?.lenientString }
    public var sceneID: String? { json["sceneID"]?.lenientString }
    public var taskName: String? { json["taskName"]?.stringValue }
    /// 1 pending · 2 running · 3 completed · 4 failed · 5 paused.
    public var taskStatus: Int? { json["taskStatus"]?.lenientInt }
    /// Epoch seconds.
    public var createTs: Int? { json["createTs"]?.lenientInt }
    /// The task's statistics (`taskStat`), when the record has them as an object.
    public var taskStat: TaskStat? { json["taskStat"].flatMap { $0.objectValue != nil ? TaskStat(json: $0) : nil } }
}

/// A task's `taskStat` object (SPEC §1.4). The simulator sends counts as integers and
/// rates as numbers from 0 to 1 (4 decimals, 0 when nothing was counted); reading is
/// tolerant: numbers sent as strings are read, anything else is nil.
public struct TaskStat: Sendable, Hashable {
    /// Orders with at least one answered call.
    public var answerOrderCount: Int?
    /// Orders whose `finish` is true.
    public var finishOrderCount: Int?
    /// All orders of the task.
    public var totalOrderCount: Int?
    /// finishOrderCount ÷ totalOrderCount.
    public var finishRate: Double?
    /// Call attempts that were answered (callStatus 6).
    public var totalAnswerCall: Int?
    /// Call attempts dialled (every attempt past ready/dispatching).
    public var totalCall: Int?
    /// totalAnswerCall ÷ totalCall.
    public var answerRate: Double?

    public init(
        answerOrderCount: Int? = nil, finishOrderCount: Int? = nil, totalOrderCount: Int? = nil,
        finishRate: Double? = nil, totalAnswerCall: Int? = nil, totalCall: Int? = nil,
        answerRate: Double? = nil
    ) {
        self.answerOrderCount = answerOrderCount
        self.finishOrderCount = finishOrderCount
        self.totalOrderCount = totalOrderCount
        self.finishRate = finishRate
        self.totalAnswerCall = totalAnswerCall
        self.totalCall = totalCall
        self.answerRate = answerRate
    }

    /// Tolerant decode of a `taskStat` object.
    public init(json: JSONValue) {
        func rate(_ v: JSONValue?) -> Double? {
            switch v {
            case .string(let s)?: return Double(s.trimmingSpaces)
            case let v?: return v.doubleValue
            case nil: return nil
            }
        }
        answerOrderCount = json["answerOrderCount"]?.lenientInt
        finishOrderCount = json["finishOrderCount"]?.lenientInt
        totalOrderCount = json["totalOrderCount"]?.lenientInt
        finishRate = rate(json["finishRate"])
        totalAnswerCall = json["totalAnswerCall"]?.lenientInt
        totalCall = json["totalCall"]?.lenientInt
        answerRate = rate(json["answerRate"])
    }

    /// The object in the vendor's key order; unset members are not written.
    public var json: JSONValue {
        var o = JSONObject()
        func int(_ key: String, _ v: Int?) { if let v { o.members.append(.init(key, .int(v))) } }
        func double(_ key: String, _ v: Double?) { if let v { o.members.append(.init(key, .double(v))) } }
        int("answerOrderCount", answerOrderCount)
        int("finishOrderCount", finishOrderCount)
        int("totalOrderCount", totalOrderCount)
        double("finishRate", finishRate)
        int("totalAnswerCall", totalAnswerCall)
        int("totalCall", totalCall)
        double("answerRate", answerRate)
        return .object(o)
    }
}

/// A decoded listTask reply.
public struct ListTaskReply: Sendable, Hashable {
    public var status: ReplyStatus
    public var totalCount: Int?
    public var tasks: [TaskRecord]

    public init(status: ReplyStatus, totalCount: Int?, tasks: [TaskRecord]) {
        self.status = status
        self.totalCount = totalCount
        self.tasks = tasks
    }

    /// Tolerant decode of a parsed reply; non-object elements of `taskData` are dropped.
    public init(json: JSONValue) {
        status = ReplyStatus(json: json)
        totalCount = json["totalCount"].flatMap(\.lenientInt)
        tasks = (json["taskData"]?.arrayValue ?? []).compactMap {
            if case .object = $0 { return TaskRecord(json: $0) } else { return nil }
        }
    }

    public var json: JSONValue {
        var o = JSONObject()
        o["retCode"] = .int(status.retCode?.rawValue ?? 1)
        o["retMsg"] = .string(status.retMsg ?? "")
        o["responseID"] = .string(status.responseID ?? "")
        if let totalCount { o["totalCount"] = .int(totalCount) }
        o["taskData"] = .array(tasks.map(\.json))
        return .object(o)
    }
}
