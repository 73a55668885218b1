// De-duplication at a cost independent of the result: against a model of a list
// that grows while it is paged (rows added at the front, or anywhere near the
// newest rows), with pages fetched out of order and stale pages fetched again as
// the driver does, no row is lost, none repeats, and the ids remembered stay
// within the window however long the scan; through the simulator's mutations too.

import CallbotAPI
import CallbotSimulator
import CallqJSON
import Testing

@testable import CallbotClient

@Suite struct ScanDedupTests {
    /// A server list: newest first, paged by offset.
    struct ModelList {
        var ids: [String]
        var serial = 0
        mutating func add(_ count: Int, at position: Int = 0) {
            for _ in 0..<count {
                serial += 1
                ids.insert("new-\(serial)", at: min(position, ids.count))
            }
        }
        func page(_ q: Int, size: Int) -> ScanDeduplicator.Copy {
            let start = (q - 1) * size
            let slice = start < ids.count ? Array(ids[start..<min(start + size, ids.count)]) : []
            return ScanDeduplicator.Copy(
                orders: slice.map { Order(json: ["orderID": .string($0)]) },
                totalCount: ids.count)
        }
    }

    /// Pages 1…N handed out in order; each fetched at a random moment up to `ahead` pages early,
    /// with rows added between fetches; a page older than the one handed before it is fetched
    /// again (fresh copy first), as ScanDriver does. Returns what each page handed out was made of.
    func pagesOfAScan(
        rows: Int, size: Int, ahead: Int, growth: ClosedRange<Int>, anywhereWithin: Int,
        seed: UInt64
    ) -> (pages: [[ScanDeduplicator.Copy]], original: [String]) {
        var rng = SeededRandom(seed: seed)
        var list = ModelList(ids: (0..<rows).map { "o\($0)" })
        let original = list.ids
        var fetched: [Int: ScanDeduplicator.Copy] = [:]
        var pages: [[ScanDeduplicator.Copy]] = []
        var handedTotal = 0
        var q = 1
        func grow() { list.add(rng.int(growth), at: anywhereWithin == 0 ? 0 : rng.int(0...anywhereWithin)) }
        while true {
            for _ in 0..<rng.int(0...2) {
                let candidates = (q...(q + ahead)).filter { fetched[$0] == nil }
                guard !candidates.isEmpty else { break }
                let p = rng.pick(candidates)
                fetched[p] = list.page(p, size: size)
                grow()
            }
            let old = fetched.removeValue(forKey: q) ?? list.page(q, size: size)
            var copies = [old]
            if let total = old.totalCount, total < handedTotal { copies.insert(list.page(q, size: size), at: 0) }
            handedTotal = copies[0].totalCount ?? handedTotal
            pages.append(copies)
            if copies.allSatisfy(\.orders.isEmpty) { break }
            q += 1
            grow()
        }
        return (pages, original)
    }

    /// The bounded de-duplication against remembering every id, on the same pages.
    func compare(
        rows: Int, size: Int, ahead: Int, growth: ClosedRange<Int>, anywhereWithin: Int = 0,
        seed: UInt64
    ) -> (out: [String], original: [String], largestMemory: Int) {
        let (pages, original) = pagesOfAScan(
            rows: rows, size: size, ahead: ahead, growth: growth,
            anywhereWithin: anywhereWithin, seed: seed)
        var dedup = ScanDeduplicator(size: size, concurrency: max(1, ahead / 2), partOptions: [noOptions])
        var every = Set<String>()
        var out: [String] = [], reference: [String] = []
        var largest = 0
        for (k, copies) in pages.enumerated() {
            out += dedup.fresh(copies, part: 0, page: k + 1).map { $0.orderID ?? "" }
            for copy in copies { reference += copy.orders.compactMap(\.orderID).filter { every.insert($0).inserted } }
            largest = max(largest, dedup.remembered)
        }
        #expect(out == reference)
        #expect(Set(out).count == out.count)
        return (out, original, largest)
    }

    @Test(arguments: [(ahead: 1, seed: 1), (ahead: 6, seed: 2), (ahead: 18, seed: 3)])
    func rowsAddedAtTheFrontNeitherRepeatNorGoMissing(ahead: Int, seed: UInt64) {
        let r = compare(rows: 30_000, size: 20, ahead: ahead, growth: 0...(ahead > 6 ? 1 : 3), seed: seed)
        #expect(Set(r.original).subtracting(r.out).isEmpty)
        // 1,500 pages were handed out; the ids remembered stay a window's worth.
        #expect(r.largestMemory < 3_000, "remembered \(r.largestMemory)")
    }

    @Test func rowsAddedAmongTheNewestAreCaughtByID() {
        let r = compare(rows: 20_000, size: 20, ahead: 6, growth: 0...2, anywhereWithin: 15, seed: 9)
        #expect(r.largestMemory < 3_000)
    }

    @Test func aStaticListRemembersOnlyTheWindow() {
        let r = compare(rows: 50_000, size: 100, ahead: 18, growth: 0...0, seed: 4)
        #expect(r.out == r.original)
        #expect(r.largestMemory <= 100 * (OrderScan.lookahead(concurrency: 9) + 2) + 100)
    }

    @Test func partsThatCanShareOrdersRememberEveryID() {
        let a = options(["intentName": ["x"]]), b = options(["intentName": ["y"]])
        var dedup = ScanDeduplicator(size: 2, concurrency: 1, partOptions: [a, b])
        let copy = { (ids: [String]) in
            ScanDeduplicator.Copy(orders: ids.map { Order(json: ["orderID": .string($0)]) }, totalCount: 1_000)
        }
        var out: [String] = []
        for p in 1...300 { out += dedup.fresh([copy(["a\(p)", "b\(p)"])], part: 0, page: p).compactMap(\.orderID) }
        out += dedup.fresh([copy(["a1", "c"])], part: 1, page: 1).compactMap(\.orderID)
        #expect(out.count == 601 && out.last == "c")
    }

    /// Through the simulator: a task growing at the front while a long scan pages it.
    @Test func simulatorMutationsWithBoundedMemory() async throws {
        try await withSimulator(
            SimulatorConfig(
                seed: 17, tasks: 1, orders: 3_000,
                faults: Faults(latencyMs: 1, jitterMs: 3, mutateRate: 0.4))
        ) { sim in
            let task = sim.taskIDs[0]
            let original = Set(sim.data.tasks[0].orders.map(\.id))
            let scan = try await client(for: sim).orderScan(task: task, options: noOptions, size: 10, concurrency: 4)
            var iterator = scan.makeAsyncIterator()
            var ids: [String] = []
            var largest = 0
            while let page = try await iterator.next() {
                ids += page.orders.map(\.id)
                largest = max(largest, iterator.rememberedIDs)
            }
            #expect(Set(ids).count == ids.count)
            #expect(original.subtracting(ids).isEmpty)
            #expect(sim.stats.faults["mutate", default: 0] > 20)
            #expect(largest < 1_000, "remembered \(largest) of \(ids.count)")
        }
    }
}
