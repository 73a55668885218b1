// Reply decoding is tolerant (missing, null, mistyped fields become absent)
// and keeps every order's exact bytes.

import CallbotAPI
import CallqJSON
import Testing

struct DecodingTests {
    @Test func ordersKeepTheirExactBytes() throws {
        let first = #"{ "orderID" : "a\u00e9", "userName":"王 \"x\"",  "finish":true }"#
        let second = #"{"orderID":"b","callInfoDetail":{"callStatus":6,"intents":[]}}"#
        let body = #"{"retCode":0,"retMsg":"ok","responseID":"r1","totalCount":2,"orderList":[ "# + first + " ,\n" + second + "]}"
        let reply = try ListOrderReply.decode(Array(body.utf8))
        #expect(reply.retCode == .success)
        #expect(reply.totalCount == 2)
        #expect(reply.orders.map { String(decoding: $0.raw, as: UTF8.self) } == [first, second])
        #expect(reply.orders[0].json["orderID"]?.stringValue == "aé")
    }

    @Test func missingNullAndMistypedFieldsBecomeAbsent() throws {
        let body = #"{"retCode":"0","retMsg":null,"totalCount":"many","orderList":[1,{"orderID":"x"},null]}"#
        let reply = try ListOrderReply.decode(Array(body.utf8))
        #expect(reply.retCode == .success)  // digits in a string are read leniently
        #expect(reply.retMsg == nil)
        #expect(reply.responseID == nil)
        #expect(reply.totalCount == nil)
        #expect(reply.orders.count == 1)  // non-objects are dropped
        let empty = try ListOrderReply.decode(Array("{}".utf8))
        #expect(empty.retCode == nil && empty.orders.isEmpty)
        let wrong = try ListOrderReply.decode(Array(#"{"retCode":true,"orderList":{"a":1}}"#.utf8))
        #expect(wrong.retCode == nil && wrong.orders.isEmpty)
    }

    @Test func notJSONThrowsWithAnOffset() {
        #expect(throws: JSONParseError.self) { try ListOrderReply.decode(Array("<html>".utf8)) }
        #expect(throws: JSONParseError.self) { try ListOrderReply.decode(Array(#"{"retCode":0,"orderList":[{"a"#.utf8)) }
        #expect(throws: JSONParseError.self) { try ListOrderReply.decode([]) }
    }

    @Test func encodeDecodeRoundTrip() throws {
        let order = Order(json: .object(["orderID": .string("o1"), "finish": .bool(false)]))
        let reply = ListOrderReply(
            status: ReplyStatus(retCode: .success, retMsg: "success", responseID: "R"),
            totalCount: 9, orders: [order, order])
        let back = try ListOrderReply.decode(reply.encode())
        #expect(back.totalCount == 9 && back.responseID == "R" && back.orders.count == 2)
        #expect(back.orders[1].raw == order.raw)
    }

    @Test func taskAndPingReplies() throws {
        let tasks = ListTaskReply(
            json: try JSONParser.parse(
                #"{"retCode":0,"taskData":[{"userTaskID":"t1","taskStatus":2,"createTs":"17","taskName":5},"x"]}"#))
        #expect(tasks.tasks.count == 1)
        #expect(tasks.tasks[0].userTaskID == "t1" && tasks.tasks[0].taskStatus == 2)
        #expect(tasks.tasks[0].createTs == 17 && tasks.tasks[0].taskName == nil)
        let ping = PingReply(json: try JSONParser.parse(#"{"data":"x","timestamp":1,"code":0,"msg":"ok","reqId":null}"#))
        #expect(ping.data == "x" && ping.code == 0 && ping.reqId == nil)
        let query = TaskQuery(taskStatus: [2], userTaskID: ["a"])
        #expect(TaskQuery(json: query.json) == query)
        #expect(
            JSONWriter.string(ListTaskRequest(query: query).json).contains(
                #""queryConditions":{"taskStatus":[2],"userTaskID":["a"]}"#))
    }

    @Test func endpointsHavePaths() {
        #expect(CallbotEndpoint.listOrder.path == "/callcentre/api/v3/listOrder")
        #expect(CallbotEndpoint(path: "/callcentre/api/v3/listTask") == .listTask)
        #expect(CallbotEndpoint(path: "/other/listTask") == nil)
    }
}
