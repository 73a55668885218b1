// API pages read through slots (each order tested as the reply is validated, a
// tree built only for those that pass) give exactly what the tree decode and the
// residual on its trees give: on random pages of oddly shaped orders (the shapes
// of SlotReadingTests), elements that are not objects, nesting at the depth limit,
// repeated and odd `orderList` members and malformed replies, for every filter.
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics
import Foundation
import Testing

@testable import CallqEngine

@Suite struct PageSlotReadingTests {
    /// A random reply body; some are malformed (an element that is not JSON, or nested too deep).
    static func page(_ rng: inout SplitMix, round: Int) -> String {
        func pick(_ xs: [String]) -> String { xs[Int.random(in: 0..<xs.count, using: &rng)] }
        func ws() -> String { pick(["", "", "", " ", "\n ", "\t"]) }
        var elements: [String] = []
        for k in 0..<Int.random(in: 0...14, using: &rng) {
            let shapes = SlotReadingTests.lines(pick(SlotReadingTests.details), round * 100 + k)
            switch Int.random(in: 0..<60, using: &rng) {
            case 0..<3: elements.append(pick(["null", "7", #""text""#, "[]", #"[{"orderID":"z"}]"#, "{}"]))
            case 3: elements.append(pick([shapes[7], shapes[9]]))  // not JSON: the reply fails
            case 4:
                // Around the nesting limit (the envelope and the list count two levels).
                let n = Int.random(in: 251...254, using: &rng)
                elements.append(
                    #"{"orderID":"deep\#(k)","x":"# + String(repeating: "[", count: n) + String(repeating: "]", count: n)
                        + "}")
            default: elements.append(pick(Array(shapes[0...6]) + [shapes[8]]))
            }
        }
        let list = "[" + elements.map { ws() + $0 + ws() }.joined(separator: ",") + "]"
        let total = pick(["", #","totalCount":40"#, #","totalCount":"12""#])
        switch Int.random(in: 0..<20, using: &rng) {
        case 0: return #"{"retCode":0,"orderList":\#(list),"orderList":[{"orderID":"again"}]}"#
        case 1: return #"{"retCode":0,"orderList":[],"orderList":\#(list)\#(total)}"#
        case 2: return #"{"retCode":0,"orderList":null\#(total)}"#
        case 3: return #"{"retCode":0,"orderList":{"orderID":"x"}}"#
        case 4: return #"{"retCode":0,"orderList":\#(list),"retMsg":"ok""#  // truncated
        default: return #"{ "retCode" : 0 ,"retMsg":"ok","responseID":"r\#(round)"\#(total),"orderList":\#(list)}"#
        }
    }

    /// `residual` as a page filter over `paths` (nil when slots cannot hold it); `trees` counts the
    /// trees it is asked about.
    static func filter(
        _ residual: CheckedExpr, _ paths: [[String]], keepsRaw: Bool = true, trees: Counter = Counter()
    ) -> OrderPageFilter? {
        let tree: @Sendable (JSONValue) -> Bool = { order in
            trees.count += 1
            return residual.evaluate(order)
        }
        return OrderPageFilter(keyPaths: paths, keepsRaw: keepsRaw, tree: tree) { selection in
            guard let compiled = SlotFilter(residual, selection: selection) else { return nil }
            return { (slots: SlotValues) -> Bool in compiled.evaluate(slots) }
        }
    }

    /// Counts the trees the residual is asked about.
    final class Counter: @unchecked Sendable { var count = 0 }

    @Test(arguments: SlotReadingTests.filters)
    func slotReadPagesGiveTheOrdersAndErrorsOfTheTreeDecode(_ filterText: String) throws {
        let plan = try SlotReadingTests.plan("orders from file 'x' where \(filterText)")
        let residual = try #require(plan.residual)
        let trees = Counter()
        let filter = try #require(Self.filter(residual, plan.touchedPaths, trees: trees))
        var rng = SplitMix(seed: 2807)
        var (objects, kept, dropped, failed) = (0, 0, 0, 0)
        for round in 0..<400 {
            let body = Array(Self.page(&rng, round: round).utf8)
            let note = "round \(round): \(String(decoding: body, as: UTF8.self))"
            let expected = Result { () throws(JSONParseError) in try ListOrderReply.decode(body, keyPaths: plan.touchedPaths) }
            let got = Result { () throws(JSONParseError) in try ListOrderReply.decode(body, filter: filter) }
            switch (expected, got) {
            case (.failure(let e), .failure(let g)):
                #expect(e == g, "\(note)")
                failed += 1
            case (.success(let e), .success(let g)):
                #expect(e.status == g.status && e.totalCount == g.totalCount, "\(note)")
                #expect(e.orderListForm == g.orderListForm, "\(note)")
                try #require(e.orders.count == g.orders.count, "\(note)")
                for (a, b) in zip(e.orders, g.orders) {
                    objects += 1
                    if residual.evaluate(a.json) {
                        kept += 1
                        #expect(!b.isFilteredOut && a.raw == b.raw && a.json == b.json, "\(note)")
                    } else {
                        dropped += 1
                        #expect(b.isFilteredOut && b.raw.isEmpty && a.orderID == b.orderID, "\(note)")
                        let id: [JSONObject.Member] = a.json["orderID"].map { [JSONObject.Member("orderID", $0)] } ?? []
                        #expect(b.json == JSONValue.object(JSONObject(id)), "\(note)")
                    }
                }
            default:
                Issue.record("one decode failed, the other did not: \(expected) vs \(got); \(note)")
            }
        }
        // Both outcomes and both kinds of reply occur, and over half the orders (all the plain ones:
        // most shapes here are odd on purpose) are tested without a tree.
        #expect(kept > 0 && dropped > 0 && failed > 20 && failed < 300)
        #expect(trees.count * 2 < objects, "\(trees.count) trees for \(objects) orders")
    }

    /// Orders that keep no bytes (count, stats, columns) still get their trees; the first pages of
    /// a scan, fetched whole, are filtered with the same test.
    @Test func ordersWithoutBytesAndWholePages() throws {
        let plan = try SlotReadingTests.plan("orders from file 'x' where status in (6, 10, 11) and duration > 3")
        let residual = try #require(plan.residual)
        let filter = try #require(Self.filter(residual, plan.touchedPaths, keepsRaw: false))
        let body =
            Array(
                #"{"retCode":0,"totalCount":3,"orderList":[{"orderID":"a","callInfoDetail":{"callStatus":6,"callDuration":9}},"#
                    .utf8) + Array(#"{"orderID":"b","callInfoDetail":{"callStatus":6,"callDuration":1}},{"orderID":"c"}]}"#.utf8)
        let reply = try ListOrderReply.decode(body, filter: filter)
        #expect(reply.orders.map(\.isFilteredOut) == [false, true, true])
        #expect(reply.orders.map(\.orderID) == ["a", "b", "c"])
        #expect(reply.orders[0].raw.isEmpty)
        #expect(reply.orders[0].json["callInfoDetail"]?["callDuration"] == JSONValue.int(9))
        let whole = try ListOrderReply.decode(body)
        #expect(whole.orders.map { filter.order(raw: $0.raw, json: $0.json).isFilteredOut } == [false, true, true])
        // A filter that slots cannot hold (a list field) is no page filter: pages are read as trees.
        let intents = try SlotReadingTests.plan("orders from file 'x' where intent = 'x'")
        let r = try #require(intents.residual)
        #expect(Self.filter(r, intents.touchedPaths) == nil)
    }
}
