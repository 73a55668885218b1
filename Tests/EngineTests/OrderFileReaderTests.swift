// The saved-orders reader: the input's shape decided from the whole input
// (pretty-printed replies and orders load; an object that is neither order nor
// reply is a bad line naming its keys), NDJSON parsed on worker threads with
// batches, warnings and line numbers exactly in input order, selective parsing
// keeping the raw bytes, and lines longer than a chunk.
import CallbotAPI
import CallqEngine
import CallqJSON
import Foundation
import Synchronization
import Testing

@Suite struct OrderFileReaderTests {
    func temp(_ text: String, _ name: String = "orders.ndjson") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callq-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func readAll(_ path: String, skip: Bool = false, keyPaths: [[String]]? = nil) throws -> ([Order], [String]) {
        let warnings = Mutex<[String]>([])
        let reader = try OrderFileReader(
            path: path, badLine: skip ? .skip(warn: { w in warnings.withLock { $0.append(w) } }) : .fail,
            keyPaths: keyPaths)
        var orders: [Order] = []
        while let batch = try reader.nextBatch() { orders += batch }
        return (orders, warnings.withLock { $0 })
    }

    static func order(_ id: String, status: Int = 6) -> String {
        #"{"orderID":"\#(id)","userName":"n \#(id)","callInfoDetail":{"callStatus":\#(status),"callDuration":12,"intents":[{"intentName":"x"}]}}"#
    }

    /// A listOrder reply as Python's `json.dump(reply, f, indent=2)` writes it.
    static let prettyReply = """
        {
          "retCode": 0,
          "retMsg": "success",
          "totalCount": 2,
          "orderList": [
            {
              "orderID": "p1",
              "callInfoDetail": {
                "callStatus": 6
              }
            },
            {
              "orderID": "p2",
              "callInfoDetail": {
                "callStatus": 10
              }
            }
          ]
        }
        """

    @Test func prettyPrintedReplyLoads() throws {
        let (orders, _) = try readAll(try temp(Self.prettyReply, "reply_pretty.json"))
        #expect(orders.map(\.orderID) == ["p1", "p2"])
        #expect(orders.map(\.callStatus) == [6, 10])
        // Orders of a document are written back compactly, one line each.
        #expect(orders.allSatisfy { !$0.raw.contains(0x0A) })
    }

    @Test func prettyPrintedOrderLoads() throws {
        let text = "\n{\n  \"orderID\": \"solo\",\n  \"callInfoDetail\": {\"callStatus\": 6,\n \"callDuration\": 30}\n}\n"
        let (orders, _) = try readAll(try temp(text, "order.json"), keyPaths: [["callInfoDetail", "callDuration"]])
        #expect(orders.map(\.orderID) == ["solo"])
        #expect(orders.first?.callDuration == 30)
        #expect(orders.first?.callStatus == 6)  // documents are read whole
    }

    @Test func anObjectThatIsNeitherOrderNorReplyIsABadLineNamingItsKeys() throws {
        let path = try temp(#"{"retCode":0,"data":{"orderID":"hidden"}}"# + "\n" + Self.order("a") + "\n")
        let error = #expect(throws: BadInputError.self) { _ = try readAll(path) }
        #expect(error?.line == 1)
        #expect(error?.message.contains("`retCode`, `data`") == true)
        let (orders, warnings) = try readAll(path, skip: true)
        #expect(orders.map(\.orderID) == ["a"])
        #expect(
            warnings == ["\(path):1: skipped: an object with neither `orderID` nor `orderList` (its keys: `retCode`, `data`)"])
        // The same rule holds for a pretty-printed document.
        let pretty = try temp("{\n  \"retCode\": 0,\n  \"data\": {}\n}\n", "data.json")
        let again = #expect(throws: BadInputError.self) { _ = try readAll(pretty) }
        #expect(again?.message.contains("`retCode`, `data`") == true)
    }

    @Test func brokenPrettyDocumentIsReportedWhereItBreaks() throws {
        let broken = Self.prettyReply.replacingOccurrences(of: "\"callStatus\": 10", with: "\"callStatus\": 10,,")
        let error = #expect(throws: BadInputError.self) { _ = try readAll(try temp(broken, "broken.json")) }
        #expect(error?.line == 15)
        #expect(error?.message.hasPrefix("not valid JSON: ") == true)
    }

    @Test func ndjsonWhoseFirstLineIsCutIsStillLines() throws {
        let path = try temp(#"{"orderID":"cut","# + "\n" + Self.order("b") + "\n" + Self.order("c") + "\n")
        let error = #expect(throws: BadInputError.self) { _ = try readAll(path) }
        #expect(error?.line == 1)
        let (orders, warnings) = try readAll(path, skip: true)
        #expect(orders.map(\.orderID) == ["b", "c"])
        #expect(warnings.count == 1 && warnings[0].hasPrefix("\(path):1: skipped: not valid JSON"))
    }

    /// Several chunks' worth of lines, with bad, blank and CRLF lines scattered: the same
    /// orders, warnings and line numbers as reading the lines one by one.
    @Test func parallelReadingKeepsOrderWarningsAndLineNumbersExact() throws {
        var lines: [String] = []
        var expectedIDs: [String] = []
        var expectedWarnings: [Int] = []
        var rng = SystemRandomNumberGenerator()
        let padding = String(repeating: "p", count: 300)
        for n in 1...12_000 {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0: lines.append("not json \(n)"); expectedWarnings.append(n)
            case 1: lines.append("")
            case 2: lines.append("  " + Self.order("o\(n)") + "\r"); expectedIDs.append("o\(n)")
            case 3: lines.append(#"{"no":"id"}"#); expectedWarnings.append(n)
            default:
                lines.append(#"{"orderID":"o\#(n)","pad":"\#(padding)","callInfoDetail":{"callStatus":\#(n % 20)}}"#)
                expectedIDs.append("o\(n)")
            }
        }
        let path = try temp(Self.order("first") + "\n" + lines.joined(separator: "\n"))
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) > 3 << 20)
        let (orders, warnings) = try readAll(path, skip: true, keyPaths: [["callInfoDetail", "callStatus"]])
        #expect(orders.map { $0.orderID ?? "?" } == ["first"] + expectedIDs)
        #expect(warnings.map { Int($0.split(separator: ":")[1])! } == expectedWarnings.map { $0 + 1 })
        if let firstBad = expectedWarnings.first {
            let error = #expect(throws: BadInputError.self) { _ = try readAll(path) }
            #expect(error?.line == firstBad + 1)
        }
    }

    @Test func transformRunsOnWorkersAndResultsComeInOrder() throws {
        let text = (1...20_000).map { #"{"orderID":"\#($0)","x":"\#(String(repeating: "y", count: 200))"}"# }.joined(
            separator: "\n")
        let reader = try OrderFileReader(path: try temp(text), badLine: .fail, keyPaths: [["orderID"]])
        let batches = try reader.mapBatches(workers: 2) { orders in
            (orders.compactMap { $0.orderID.flatMap(Int.init) }, UInt(pthread_self()))
        }
        let consumer = UInt(pthread_self())
        var ids: [Int] = []
        var threads = Set<UInt>()
        while let (batch, thread) = try batches.next() {
            ids += batch
            threads.insert(thread)
        }
        #expect(ids == Array(1...20_000))
        #expect(!threads.contains(consumer) && !threads.isEmpty && threads.count <= 2)
    }

    @Test func selectedOrdersKeepTheirExactBytes() throws {
        let line =
            #"{ "orderID" : "s1", "userName":"José \u00e9", "callInfoDetail":{"callStatus":"6","agent":{"agentName":"ann"}}, "junk":[1,{"a":2}] }"#
        let (orders, _) = try readAll(try temp(line + "\n"), keyPaths: [["callInfoDetail", "callStatus"]])
        #expect(orders.count == 1)
        #expect(orders[0].raw == Array(line.utf8))
        #expect(orders[0].json == ["orderID": "s1", "callInfoDetail": ["callStatus": "6"]])
        #expect(orders[0].callStatus == 6)
    }

    @Test func aLineLongerThanAChunk() throws {
        let long = #"{"orderID":"long","x":""# + String(repeating: "z", count: 3 << 20) + #""}"#
        let (orders, _) = try readAll(
            try temp(Self.order("a") + "\n" + long + "\n" + Self.order("b")),
            keyPaths: [["orderID"]])
        #expect(orders.map(\.orderID) == ["a", "long", "b"])
        #expect(orders[1].raw.count == long.utf8.count)
    }

    @Test func savedReplyLinesAndArraysStillLoad() throws {
        let reply = #"{"retCode":0,"totalCount":1,"orderList":[{"orderID":"r1","callInfoDetail":{"callStatus":6}}]}"#
        let failed = #"{"retCode":5,"retMsg":"nope","orderList":[]}"#
        let path = try temp(reply + "\n[" + Self.order("a1") + "," + Self.order("a2") + "]\n" + failed + "\n")
        let (orders, warnings) = try readAll(path, skip: true, keyPaths: [["orderID"]])
        #expect(orders.map(\.orderID) == ["r1", "a1", "a2"])
        #expect(orders[0].callStatus == 6)  // a reply's orders are read whole
        #expect(warnings == ["\(path):3: skipped: a saved reply with retCode 5: nope"])
    }
}
