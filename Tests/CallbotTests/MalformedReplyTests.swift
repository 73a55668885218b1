// Every kind of malformed listOrder reply in the simulator's corpus, over real
// loopback HTTP: unreadable bodies are retried and then fail naming what came;
// readable-but-wrong replies fail at once; mistyped or null fields are tolerated
// rows; a huge totalCount over an empty page neither hangs nor pages on.

import CallbotAPI
import CallbotSimulator
import CallqJSON
import Testing

@testable import CallbotClient

@Suite(.timeLimit(.minutes(1)))
struct MalformedReplyTests {
    /// 57 orders in one task, read 25 per page: pages of 25, 25 and 7.
    static func config(_ kinds: [MalformedReply.Kind], rate: Double = 1, seed: UInt64 = 5) -> SimulatorConfig {
        SimulatorConfig(seed: seed, tasks: 1, orders: 57, faults: Faults(malformed: kinds, malformedRate: rate))
    }

    /// What a scan of the whole task gives for each kind.
    enum Outcome {
        /// Fails with this kind of error, retried (`unreadable`) or not, its message containing these.
        case fails(CallbotError.Kind, retried: Bool, [String])
        /// Succeeds with every order of the task.
        case rows
        /// Succeeds with no row, after page 1 only.
        case noRows
    }

    static let outcomes: [MalformedReply.Kind: Outcome] = [
        .html: .fails(
            .http, retried: true, ["listOrder failed: HTTP 502, text/html, 150 bytes: \"<html> <head><title>502 Bad Gateway"]),
        .loginPage: .fails(
            .malformedReply, retried: true,
            [
                "reply from listOrder is not valid JSON at byte 0: expected a JSON value but found `<` (an HTML page?)",
                "; received HTTP 200, text/html, 76 bytes: \"<html><head><title>Gateway</title></head><body>Please log in…\""
            ]),
        .empty: .fails(
            .malformedReply, retried: true, ["reply from listOrder is empty; received HTTP 200, application/json, 0 bytes"]),
        .truncated: .fails(
            .malformedReply, retried: true,
            [
                "reply from listOrder is not valid JSON at byte ", "; received HTTP 200, application/json, ",
                "bytes: \"{\"retCode\":0,\"retMsg\":\"success\""
            ]),
        .notUTF8: .fails(
            .malformedReply, retried: true,
            [
                "reply from listOrder is not valid UTF-8 at byte 23; received HTTP 200, application/json, ",
                // B3 and A6 are not UTF-8; C9 B9 happens to be (ɹ).
                "\"{\"retCode\":0,\"retMsg\":\"\\xB3ɹ\\xA6\",\"responseID\":"
            ]),
        .deep: .fails(.malformedReply, retried: true, ["is not valid JSON at byte 264: nesting deeper than 256 levels"]),
        .nulls: .fails(.malformedReply, retried: false, ["reply from listOrder has no retCode (missing, null or not a number)"]),
        .missingOrderList: .fails(
            .malformedReply, retried: false, ["reply from listOrder has no orderList, yet its totalCount is 57 [responseID "]),
        .orderListObject: .fails(
            .malformedReply, retried: false,
            ["reply from listOrder has an orderList that is an object, not an array [responseID "]),
        .nullFields: .rows,
        .stringsForNumbers: .rows,
        .nonObjectOrders: .rows,
        .hugeTotal: .noRows
    ]

    @Test func everyKindHasAnExpectedOutcome() {
        #expect(Set(Self.outcomes.keys) == Set(MalformedReply.Kind.allCases))
    }

    @Test(arguments: MalformedReply.Kind.allCases)
    func scanOutcome(kind: MalformedReply.Kind) async throws {
        try await withSimulator(Self.config([kind])) { sim in
            let c = client(for: sim, maxAttempts: 3)
            let task = sim.taskIDs[0]
            let want = sim.data.task(task)!.matching(noOptions)
            switch Self.outcomes[kind]! {
            case .fails(let errorKind, let retried, let phrases):
                let error = await #expect(throws: CallbotError.self) {
                    _ = try await fetchAll(c, task: task, size: 25, concurrency: 2)
                }
                #expect(error?.kind == errorKind, "\(kind)")
                #expect(error?.isRetryable == retried, "\(kind)")
                #expect(error?.attempts == (retried ? 3 : 1), "\(kind)")
                #expect(sim.stats.count("listOrder") == (retried ? 3 : 1), "\(kind)")
                let text = error?.description ?? ""
                for phrase in phrases { #expect(text.contains(phrase), "\(kind): \(text)") }
                #expect(text.hasSuffix(retried ? " (after 3 attempts)" : ""), "\(text)")
                #expect(!text.contains(sim.secretKey) && !text.contains("\n"), "\(text)")
            case .rows:
                let got = try await client(for: sim).orderScan(
                    task: task, options: noOptions, size: 25,
                    concurrency: 2
                ).allOrders()
                #expect(got.count == want.count, "\(kind)")
                checkTolerated(kind, got: got, want: want)
            case .noRows:
                let scan = try await c.orderScan(task: task, options: noOptions, size: 25, concurrency: 2)
                #expect(scan.totalCount == MalformedReply.hugeTotal)
                #expect(scan.pageCount == MalformedReply.hugeTotal / 25)  // what a page budget sees
                #expect(try await scan.allOrders().isEmpty)  // the empty page ends the scan
                #expect(sim.stats.count("listOrder") == 1)
            }
        }
    }

    /// Rows of a kind that is tolerated: what each one reads as.
    func checkTolerated(_ kind: MalformedReply.Kind, got: [Order], want: [Order]) {
        switch kind {
        case .nullFields:
            // Every field null; orderID too on each page's last order (orders 25, 50, 57).
            let lastOfPage: Set = [24, 49, 56]
            for (i, order) in got.enumerated() {
                #expect(order.orderID == (lastOfPage.contains(i) ? nil : want[i].orderID))
                #expect(order.userPhone == nil && order.finish == nil && order.callStatus == nil)
                #expect(order.callDuration == nil && order.intentNames.isEmpty)
            }
        case .stringsForNumbers:
            // Digits in strings read as the numbers they spell.
            #expect(got.map(\.orderID) == want.map(\.orderID))
            #expect(got.map(\.callStatus) == want.map(\.callStatus))
            #expect(got.map(\.callDuration) == want.map(\.callDuration))
            #expect(got.contains { $0.callInfo?["callStatus"]?.stringValue != nil })
        case .nonObjectOrders:
            // The null, string and number in front of each page's orders are skipped.
            #expect(got.map(\.orderID) == want.map(\.orderID))
        default:
            Issue.record("\(kind) is not a tolerated kind")
        }
    }

    @Test func countOfAnEmptyPageClaimingOrdersFails() async throws {
        try await withSimulator(Self.config([.hugeTotal])) { sim in
            let c = client(for: sim, maxAttempts: 3)
            let error = await #expect(throws: CallbotError.self) {
                _ = try await c.count(task: sim.taskIDs[0], options: noOptions)
            }
            #expect(error?.kind == .malformedReply && error?.attempts == 1)
            #expect(error?.description.contains("has totalCount 1000000000000 but no order on its first page") == true)
        }
    }

    /// An empty page before the claimed end ends the scan: what came before it is
    /// delivered, nothing after it is, and the scan stops asking.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func emptyPageMidScanEndsTheScan(seed: UInt64) async throws {
        try await withSimulator(Self.config([.hugeTotal], rate: 0.3, seed: seed)) { sim in
            let task = sim.taskIDs[0]
            let want = sim.data.task(task)!.matching(noOptions).map(\.orderID)
            let got = try await fetchAll(client(for: sim), task: task, size: 5, concurrency: 3)
            let ids = got.map { (try? Order(raw: Array($0.utf8)))?.orderID }
            #expect(ids.count % 5 == 0 || ids.count == want.count)
            #expect(Array(want.prefix(ids.count)) == ids)
            // 12 pages; at most the window after the empty page was asked for.
            #expect(sim.stats.count("listOrder") <= 12)
            if ids.count < want.count { #expect(sim.stats.faults["malformed-huge-total", default: 0] > 0) }
        }
    }

    /// Every kind mixed in at random: each scan ends, with rows or a CallbotError.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func allKindsMixedNeverCrashOrHang(seed: UInt64) async throws {
        try await withSimulator(Self.config(MalformedReply.Kind.allCases, rate: 0.2, seed: seed)) { sim in
            let c = client(for: sim, maxAttempts: 4)
            for size in [7, 20] {
                do {
                    let rows = try await fetchAll(c, task: sim.taskIDs[0], size: size, concurrency: 3)
                    #expect(rows.count <= 57)
                } catch let error as CallbotError {
                    #expect(!error.description.isEmpty)
                }
            }
            #expect(sim.stats.faults.keys.contains { $0.hasPrefix("malformed-") })
        }
    }
}

/// The reply-level rules without a server.
struct MalformedReplyDecodingTests {
    @Test func totalCountOutsideZeroTo2Pow53IsNotACount() throws {
        for (text, want) in [
            ("57", 57), ("\"57\"", 57), ("-1", nil), ("9007199254740993", nil),
            ("9223372036854775807", nil), ("1e300", nil), ("null", nil), ("9007199254740992", 1 << 53)
        ] as [(String, Int?)] {
            let reply = try ListOrderReply.decode(Array(#"{"retCode":0,"totalCount":\#(text),"orderList":[]}"#.utf8))
            #expect(reply.totalCount == want, "\(text)")
        }
    }

    @Test func orderListForms() throws {
        let forms: [(String, ListOrderReply.OrderListForm)] = [
            (#""orderList":[]"#, .array), (#""orderList":null"#, .absent), ("\"x\":1", .absent),
            (#""orderList":{}"#, .other("an object")), (#""orderList":"[]""#, .other("a string"))
        ]
        for (member, form) in forms {
            let reply = try ListOrderReply.decode(Array("{\"retCode\":0,\(member)}".utf8))
            #expect(reply.orderListForm == form, "\(member)")
        }
    }

    @Test func absentOrderListIsAnErrorOnlyWhenOrdersWereDue() throws {
        let request = ListOrderRequest(userTaskID: "t", page: 3, size: 10)
        func reply(total: Int?) -> ListOrderReply {
            ListOrderReply(status: ReplyStatus(retCode: .success), totalCount: total, orders: [], orderListForm: .absent)
        }
        func error(total: Int?) -> CallbotError? {
            do throws(CallbotError) {
                try CallbotClient.checkOrderList(reply(total: total), for: request)
                return nil
            } catch {
                return error
            }
        }
        #expect(error(total: 20) == nil)  // pages 1 and 2 hold them all
        #expect(error(total: nil) == nil)
        #expect(error(total: 21)?.description == "reply from listOrder has no orderList, yet its totalCount is 21")
    }

    @Test func absurdRetryAfterIsCapped() {
        #expect(RetryPolicy.retryAfter("1e300") == .seconds(86_400))
        #expect(RetryPolicy.retryAfter("inf") == .seconds(86_400))
        #expect(RetryPolicy.retryAfter("nan") == nil && RetryPolicy.retryAfter("-1") == nil)
        #expect(RetryPolicy.retryAfter(" 2 ") == .seconds(2))
    }

    @Test func utf8Check() {
        #expect(UTF8Validation.firstInvalidByte(Array("plain ascii, long enough for words".utf8)) == nil)
        #expect(UTF8Validation.firstInvalidByte(Array("王 \"x\" é 😀 and more ascii after".utf8)) == nil)
        #expect(UTF8Validation.firstInvalidByte([]) == nil)
        #expect(UTF8Validation.firstInvalidByte(Array("retMsg:".utf8) + [0xB3, 0xC9]) == 7)  // GBK
        #expect(UTF8Validation.firstInvalidByte([0x61, 0xE7, 0x8E]) == 1)  // cut sequence
        #expect(UTF8Validation.firstInvalidByte([0xC0, 0x80]) == 0)  // overlong
        #expect(UTF8Validation.firstInvalidByte([0xED, 0xA0, 0x80]) == 0)  // surrogate
        #expect(UTF8Validation.firstInvalidByte([0xF4, 0x90, 0x80, 0x80]) == 0)  // above U+10FFFF
        #expect(UTF8Validation.firstInvalidByte(Array(repeating: 0x41, count: 17) + [0xFF]) == 17)
    }

    @Test func snippetsShowBadBytesAndFoldWhiteSpace() {
        #expect(CallbotClient.snippet(Array("<html>\r\n<b>".utf8)) == "\"<html> <b>\"")
        #expect(CallbotClient.snippet([0x7B, 0xB3, 0xC9]) == "\"{\\xB3\\xC9\"")
        #expect(CallbotClient.snippet(Array("王".utf8)) == "\"王\"")
        #expect(CallbotClient.snippet(Array(repeating: 0x61, count: 61)) == "\"" + String(repeating: "a", count: 60) + "…\"")
    }

    @Test func kindNamesParse() throws {
        func kinds(_ text: String) -> [MalformedReply.Kind]? { try? Faults.malformedKinds(from: text) }
        #expect(kinds("html, empty,html") == [.html, .empty])
        #expect(kinds("all") == MalformedReply.Kind.allCases)
        #expect(kinds("html,bogus") == nil && kinds("") == nil)
        do throws(Faults.UnknownKinds) {
            _ = try Faults.malformedKinds(from: "html,bogus")
        } catch {
            #expect(error.description.hasPrefix("unknown kind bogus; kinds: html, login-page, empty,"))
        }
    }
}
