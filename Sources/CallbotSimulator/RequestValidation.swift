// Validation of listOrder, listTask and listOrderDetail request bodies the way
// the simulator answers them: retCode 2 missing (listOrder's `options` and
// listTask's `queryConditions` are required, as the vendor marks them), 3 wrong
// type, 4 bad value, 4001 list too long.

import CallbotAPI
import CallqJSON

/// A refused request: retCode and message.
struct APIFailure: Error {
    var retCode: RetCode
    var message: String
    init(_ retCode: RetCode, _ message: String) {
        self.retCode = retCode
        self.message = message
    }
}

/// A valid listOrder request.
struct ListOrderCall {
    var userTaskID: String
    var options: ListOrderOptions
    var page: Int
    var size: Int
}

/// A valid listOrderDetail request.
struct ListOrderDetailCall {
    var userTaskID: String
    var orderIDs: [String]
}

/// A valid listTask request.
struct ListTaskCall {
    var query: TaskQuery
    var page: Int
    var size: Int
}

enum RequestValidation {
    static func listOrder(_ json: JSONValue, pageSizeLimit: Int, listLimit: Int) throws(APIFailure) -> ListOrderCall {
        try productID(json)
        let task = try requiredString(json, "userTaskID")
        guard !task.isEmpty else { throw APIFailure(.invalidValue, "userTaskID is empty") }
        let (page, size) = try paging(json, pageSizeLimit: pageSizeLimit)
        guard let o = json["options"], !o.isNull else { throw APIFailure(.missingParameter, "missing parameter options") }
        guard case .object = o else { throw APIFailure(.formatError, "options must be an object") }
        try checkOptions(o, listLimit: listLimit)
        return ListOrderCall(userTaskID: task, options: ListOrderOptions(json: o), page: page, size: size)
    }

    static func listTask(_ json: JSONValue, pageSizeLimit: Int, listLimit: Int) throws(APIFailure) -> ListTaskCall {
        try productID(json)
        let (page, size) = try paging(json, pageSizeLimit: pageSizeLimit)
        guard let q = json["queryConditions"], !q.isNull else {
            throw APIFailure(.missingParameter, "missing parameter queryConditions")
        }
        guard case .object = q else { throw APIFailure(.formatError, "queryConditions must be an object") }
        try list(q, "taskStatus", ofInts: true, limit: listLimit)
        try list(q, "taskName", ofInts: false, limit: listLimit)
        try list(q, "userTaskID", ofInts: false, limit: listLimit)
        if let s = q["sceneID"], !s.isNull, s.stringValue == nil {
            throw APIFailure(.formatError, "sceneID must be a string")
        }
        for key in ["startTs", "endTs"] {
            if let v = q[key], !v.isNull, v.intValue == nil {
                throw APIFailure(.formatError, "\(key) must be an integer")
            }
        }
        return ListTaskCall(query: TaskQuery(json: q), page: page, size: size)
    }

    /// `{"productID","userTaskID","orderList":[ids]}`; more than `limit` ids is 4001.
    static func listOrderDetail(_ json: JSONValue, limit: Int) throws(APIFailure) -> ListOrderDetailCall {
        try productID(json)
        let task = try requiredString(json, "userTaskID")
        guard !task.isEmpty else { throw APIFailure(.invalidValue, "userTaskID is empty") }
        guard let v = json["orderList"], !v.isNull else { throw APIFailure(.missingParameter, "missing parameter orderList") }
        try list(json, "orderList", ofInts: false, limit: limit)
        return ListOrderDetailCall(userTaskID: task, orderIDs: v.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    private static func productID(_ json: JSONValue) throws(APIFailure) {
        guard case .object = json else { throw APIFailure(.formatError, "body is not a JSON object") }
        let product = try requiredString(json, "productID")
        guard product == "callbot" else { throw APIFailure(.invalidValue, "unknown productID \(product)") }
    }

    private static func requiredString(_ json: JSONValue, _ key: String) throws(APIFailure) -> String {
        guard let v = json[key], !v.isNull else { throw APIFailure(.missingParameter, "missing parameter \(key)") }
        guard let s = v.stringValue else { throw APIFailure(.formatError, "\(key) must be a string") }
        return s
    }

    private static func requiredInt(_ json: JSONValue, _ key: String) throws(APIFailure) -> Int {
        guard let v = json[key], !v.isNull else { throw APIFailure(.missingParameter, "missing parameter \(key)") }
        guard case .int(let i) = v else { throw APIFailure(.formatError, "\(key) must be an integer") }
        return i
    }

    private static func paging(_ json: JSONValue, pageSizeLimit: Int) throws(APIFailure) -> (Int, Int) {
        let page = try requiredInt(json, "page")
        let size = try requiredInt(json, "size")
        guard page >= 1 else { throw APIFailure(.invalidValue, "page must be at least 1") }
        guard size >= 1, size <= pageSizeLimit else {
            throw APIFailure(.invalidValue, "size must be between 1 and \(pageSizeLimit)")
        }
        return (page, size)
    }

    private static func list(_ o: JSONValue, _ key: String, ofInts: Bool, limit: Int) throws(APIFailure) {
        guard let v = o[key], !v.isNull else { return }
        guard let items = v.arrayValue else { throw APIFailure(.formatError, "\(key) must be an array") }
        for item in items {
            let ok: Bool
            if ofInts { if case .int = item { ok = true } else { ok = false } } else { ok = item.stringValue != nil }
            guard ok else {
                throw APIFailure(.formatError, "\(key) must hold \(ofInts ? "integers" : "strings")")
            }
        }
        guard items.count <= limit else {
            throw APIFailure(.tooManyElements, "\(key) has \(items.count) elements, at most \(limit) allowed")
        }
    }

    private static func checkOptions(_ o: JSONValue, listLimit: Int) throws(APIFailure) {
        for key in ["orderID", "intentID", "intentName", "intentTag"] {
            try list(o, key, ofInts: false, limit: listLimit)
        }
        try list(o, "callStatus", ofInts: true, limit: listLimit)
        if let f = o["finish"], !f.isNull {
            guard case .int(let finish) = f else { throw APIFailure(.formatError, "finish must be an integer") }
            guard finish == 1 || finish == 2 else { throw APIFailure(.invalidValue, "finish must be 1 or 2") }
        }
        for key in ["turnTime", "callDuration"] {
            guard let r = o[key], !r.isNull else { continue }
            guard case .object = r else { throw APIFailure(.formatError, "\(key) must be an object") }
            for bound in ["gt", "lt"] {
                if let b = r[bound], !b.isNull {
                    guard case .int = b else { throw APIFailure(.formatError, "\(key).\(bound) must be an integer") }
                }
            }
            if let e = r["enable"], !e.isNull {
                guard case .bool = e else { throw APIFailure(.formatError, "\(key).enable must be a boolean") }
            }
        }
    }
}
