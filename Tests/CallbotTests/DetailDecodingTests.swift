// listOrderDetail's wire types without HTTP: the request body, tolerant reply
// decoding, exact bytes of entries and attempts, attempt rows spliced from them,
// and the oldest-first order of attempts.

import CallbotAPI
import CallqJSON
import Testing

struct DetailDecodingTests {
    @Test func requestBodyHasTheVendorsShape() {
        let r = ListOrderDetailRequest(userTaskID: "t1", orderIDs: ["a", "b\"c"])
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"productID":"callbot","userTaskID":"t1","orderList":["a","b\"c"]}"#)
        #expect(CallbotEndpoint.listOrderDetail.path == "/callcentre/api/v3/listOrderDetail")
        #expect(CallbotEndpoint(path: "/callcentre/api/v3/listOrderDetail") == .listOrderDetail)
    }

    static let attempt1 = #"{ "callID":"c1", "callStatus": 10 ,"callStartTs":100}"#
    static let attempt2 = #"{"callID":"c2","callStatus":6,"callStartTs":"200","intents":[{"intentLevel":3}]}"#
    static let entry =
        #"{"orderID":"o1", "userName":"王 \"x\"","finish":true,"callInfoDetailList":[ "#
        + attempt1 + " ,\n" + attempt2 + #"],"other":null}"#

    @Test func entriesAndAttemptsKeepTheirExactBytes() throws {
        let body = #"{"retCode":0,"retMsg":"ok","responseID":"r1","orderDetailList":["# + Self.entry + #",{"orderID":"o2"}]}"#
        let reply = try ListOrderDetailReply.decode(Array(body.utf8))
        #expect(reply.retCode == .success && reply.responseID == "r1" && reply.listForm == .array)
        #expect(reply.details.count == 2)
        let d = reply.details[0]
        #expect(String(decoding: d.raw, as: UTF8.self) == Self.entry)
        #expect(d.orderID == "o1" && d.finish == true)
        #expect(d.attempts.map { String(decoding: $0.raw, as: UTF8.self) } == [Self.attempt1, Self.attempt2])
        #expect(d.attempts[1].callStatus == 6 && d.attempts[1].callStartTs == 200)  // digits in a string are read
        #expect(reply.details[1].attempts.isEmpty)  // no list: no attempts
    }

    @Test func attemptRowsAreTheOrdersFieldsPlusTheAttempt() throws {
        let d = try OrderDetail(raw: Array(Self.entry.utf8))
        let row = d.order(for: d.attempts[0])
        #expect(
            String(decoding: row.raw, as: UTF8.self)
                == #"{"orderID":"o1","userName":"王 \"x\"","finish":true,"other":null,"callInfoDetail":"# + Self.attempt1 + "}")
        #expect(row.callStatus == 10 && row.orderID == "o1" && row.userName == "王 \"x\"")
        #expect(try JSONParser.parse(row.raw) == row.json)  // bytes and value agree
        let fields = d.orderFields
        #expect(
            String(decoding: fields.raw, as: UTF8.self) == #"{"orderID":"o1","userName":"王 \"x\"","finish":true,"other":null}"#)
        #expect(fields.json["callInfoDetailList"] == nil)
    }

    @Test func bracketsAndQuotesInsideStringsDoNotConfuseTheBytes() throws {
        let tricky = #"{"callID":"c]\"},[","params":[{"name":"a{b","value":"[\\"}]}"#
        let entry = #"{"other":"}]\"","callInfoDetailList":["# + tricky + #", {}],"userName":"x"}"#
        let body = #"{"retCode":0,"orderDetailList":["# + entry + "]}"
        let d = try #require(try ListOrderDetailReply.decode(Array(body.utf8)).details.first)
        #expect(d.attempts.map { String(decoding: $0.raw, as: UTF8.self) } == [tricky, "{}"])
        #expect(d.attempts[0].callID == "c]\"},[")
        let row = d.order(for: d.attempts[0])
        #expect(String(decoding: row.raw, as: UTF8.self) == #"{"other":"}]\"","userName":"x","callInfoDetail":"# + tricky + "}")
        #expect(try JSONParser.parse(row.raw) == row.json)
    }

    @Test func missingNullAndMistypedFieldsBecomeAbsent() throws {
        let body =
            #"{"retCode":"0","orderDetailList":[1,null,{"orderID":7,"callInfoDetailList":[null,"x",{"callStatus":"6"}]},{"callInfoDetailList":{"a":1}}]}"#
        let reply = try ListOrderDetailReply.decode(Array(body.utf8))
        #expect(reply.retCode == .success && reply.retMsg == nil && reply.responseID == nil)
        #expect(reply.details.count == 2)  // non-objects dropped
        #expect(reply.details[0].orderID == "7")  // a number is read as its text
        #expect(reply.details[0].attempts.count == 1 && reply.details[0].attempts[0].callStatus == 6)
        #expect(reply.details[1].orderID == nil && reply.details[1].attempts.isEmpty)
        #expect(try ListOrderDetailReply.decode(Array(#"{"retCode":0}"#.utf8)).listForm == .absent)
        #expect(try ListOrderDetailReply.decode(Array(#"{"retCode":0,"orderDetailList":null}"#.utf8)).listForm == .absent)
        #expect(
            try ListOrderDetailReply.decode(Array(#"{"retCode":0,"orderDetailList":"x"}"#.utf8)).listForm == .other("a string"))
        #expect(throws: JSONParseError.self) { try ListOrderDetailReply.decode(Array(#"{"orderDetailList":[{"a"#.utf8)) }
    }

    @Test func encodeDecodeRoundTrip() throws {
        let d = try OrderDetail(raw: Array(Self.entry.utf8))
        let reply = ListOrderDetailReply(
            status: ReplyStatus(retCode: .success, retMsg: "success", responseID: "R"),
            details: [d, d])
        let back = try ListOrderDetailReply.decode(reply.encode())
        #expect(back.responseID == "R" && back.details.count == 2)
        #expect(back.details[1].raw == d.raw && back.details[1].attempts.map(\.raw) == d.attempts.map(\.raw))
    }

    @Test func attemptsOldestFirstKeepTiesInListOrderAndUndialledLast() {
        func a(_ id: String, _ ts: JSONValue) -> CallAttempt {
            CallAttempt(json: .object(["callID": .string(id), "callStartTs": ts]))
        }
        let list = [a("late", 300), a("queued", .null), a("tie1", 100), a("tie2", 100), a("first", 50)]
        #expect(CallAttempt.oldestFirst(list).map(\.callID) == ["first", "tie1", "tie2", "late", "queued"])
    }

    @Test func taskStatIsReadTolerantly() throws {
        let record = TaskRecord(
            json: try JSONParser.parse(
                #"{"userTaskID":"t","taskStat":{"answerOrderCount":3,"finishOrderCount":"4","totalOrderCount":10,"finishRate":0.4,"totalAnswerCall":5,"totalCall":12,"answerRate":"0.4167"}}"#
            ))
        let stat = try #require(record.taskStat)
        #expect(
            stat
                == TaskStat(
                    answerOrderCount: 3, finishOrderCount: 4, totalOrderCount: 10, finishRate: 0.4,
                    totalAnswerCall: 5, totalCall: 12, answerRate: 0.4167))
        #expect(TaskStat(json: stat.json) == stat)
        #expect(TaskRecord(json: .object(["taskStat": "x"])).taskStat == nil)
        #expect(TaskRecord(json: .object(["userTaskID": "t"])).taskName == nil)
    }

    @Test func requestsAlwaysCarryOptionsAndQueryConditions() {
        #expect(JSONWriter.string(ListOrderRequest(userTaskID: "t").json).contains(#""options":{}"#))
        #expect(JSONWriter.string(ListTaskRequest().json).contains(#""queryConditions":{}"#))
    }
}
