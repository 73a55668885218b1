// The simulator's mutable world: the data, per-order filter facts, a cache of
// the last filter result per task, each order's call history once it changed,
// and the seeded sources of fault decisions, of orders that appear while paging
// (mutate faults) and of the running campaign's changes.

import CallbotAPI
import CallqJSON
import Synchronization

/// Thread-safe holder of the simulator's data.
final class SimulatorStore: Sendable {
    struct TaskState {
        var task: SimulatorTask
        var facts: [OrderFacts]
        var cache: (options: ListOrderOptions, indices: [Int])?
        /// The current orders by orderID.
        var byID: [String: Order]
        /// Call histories that differ from the generated one (orders the campaign changed or added).
        var histories: [String: [JSONValue]] = [:]
        /// taskStat as last computed; nil after any change.
        var stat: TaskStat?

        init(task: SimulatorTask) {
            self.task = task
            facts = zip(task.orders, task.turns).map { OrderFacts(order: $0.0, turns: $0.1) }
            var byID: [String: Order] = [:]
            for o in task.orders { if let id = o.orderID, byID[id] == nil { byID[id] = o } }
            self.byID = byID
        }

        /// Forgets what was derived from the orders (after a change).
        mutating func changed() {
            cache = nil
            stat = nil
        }
    }

    struct State {
        var tasks: [TaskState]
        var random: SeededRandom
        var generator: DataGenerator
        var campaign: CampaignState
    }

    let seed: UInt64
    let state: Mutex<State>
    /// Set by `RunningSimulator.setHostilePaging` (tests): overrides `Faults.hostilePaging`.
    let hostilePaging = Mutex<HostilePaging?>(nil)
    /// Set by `RunningSimulator.setIgnoreSize` (tests): overrides `Faults.ignoreSize`.
    let ignoreSize = Mutex<Bool?>(nil)

    init(data: SimulatorData, seed: UInt64, campaign: CampaignSettings = CampaignSettings()) {
        self.seed = seed
        var generator = DataGenerator(seed: seed ^ 0x5EED_F00D)
        generator.startSerial(at: 1_000_000)
        state = Mutex(
            State(
                tasks: data.tasks.map(TaskState.init), random: SeededRandom(seed: seed ^ 0xFA17),
                generator: generator, campaign: CampaignState(seed: seed, settings: campaign)))
    }

    /// The current data (after any mutations), task records with their current taskStat.
    var data: SimulatorData {
        state.withLock { s in
            SimulatorData(
                tasks: s.tasks.indices.map { i in
                    var t = s.tasks[i].task
                    t.record = Self.withStat(&s.tasks[i], seed: seed)
                    return t
                })
        }
    }

    /// Draws a fault decision with probability `p`.
    func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return state.withLock { $0.random.chance(p) }
    }

    /// A random integer in `range` from the fault generator.
    func int(_ range: ClosedRange<Int>) -> Int { state.withLock { $0.random.int(range) } }

    /// One page of the orders of `task` matching `options`, and their total count.
    /// Returns nil when the task does not exist.
    func page(task: String, options: ListOrderOptions, page: Int, size: Int) -> (total: Int, orders: [Order])? {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }) else { return nil }
            let indices: [Int]
            if let cached = s.tasks[i].cache, cached.options == options {
                indices = cached.indices
            } else {
                let facts = s.tasks[i].facts
                indices = facts.indices.filter { OrderFilter.matches(options, facts: facts[$0]) }
                s.tasks[i].cache = (options, indices)
            }
            let start = (page - 1) * size
            guard start < indices.count else { return (indices.count, []) }
            let end = min(start + size, indices.count)
            let orders = s.tasks[i].task.orders
            return (indices.count, indices[start..<end].map { orders[$0] })
        }
    }

    /// The listOrderDetail entries of the known `ids` of `task`, in `ids` order (an id
    /// asked twice is answered once). Returns nil when the task does not exist.
    func details(task: String, ids: [String]) -> [JSONValue]? {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }) else { return nil }
            var seen = Set<String>()
            var out: [JSONValue] = []
            for id in ids where seen.insert(id).inserted {
                guard let order = s.tasks[i].byID[id] else { continue }
                let history = s.tasks[i].histories[id] ?? CallHistory.attempts(seed: seed, order: order)
                out.append(Self.detailEntry(order, history))
            }
            return out
        }
    }

    /// The call history of one order as listOrderDetail serves it, oldest first.
    func history(task: String, orderID: String) -> [JSONValue]? {
        state.withLock { s in
            guard let t = s.tasks.first(where: { $0.task.userTaskID == task }), let order = t.byID[orderID] else {
                return nil
            }
            return t.histories[orderID] ?? CallHistory.attempts(seed: seed, order: order)
        }
    }

    /// An order's detail entry: its fields but `callInfoDetail`, then `callInfoDetailList`.
    static func detailEntry(_ order: Order, _ history: [JSONValue]) -> JSONValue {
        var o = order.json.objectValue ?? JSONObject()
        o.members.removeAll { $0.key == "callInfoDetail" }
        o.members.append(.init(OrderDetail.attemptListKey, .array(history)))
        return .object(o)
    }

    /// Inserts `count` new orders at the front of `task` (a campaign still dialing).
    func insertOrders(task: String, count: Int) {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }) else { return }
            let record = s.tasks[i].task.record
            for _ in 0..<count {
                let (order, turns) = s.generator.order(
                    userTaskID: task, taskID: record.taskID ?? "",
                    sceneID: record.sceneID ?? "")
                s.tasks[i].insertFirst(order, turns: turns)
            }
        }
    }

    /// The task records matching `query`, in task order, each with its current taskStat.
    func tasks(matching query: TaskQuery) -> [TaskRecord] {
        state.withLock { s in
            s.tasks.indices.filter { i in
                let r = s.tasks[i].task.record
                if let st = query.taskStatus, !st.isEmpty, !st.contains(r.taskStatus ?? -1) { return false }
                if let names = query.taskName, !names.isEmpty,
                    !names.contains(where: { (r.taskName ?? "").contains($0) })
                {
                    return false
                }
                if let scene = query.sceneID, r.sceneID != scene { return false }
                if let ids = query.userTaskID, !ids.isEmpty, !ids.contains(r.userTaskID ?? "") { return false }
                if let from = query.startTs, (r.createTs ?? 0) < from { return false }
                if let to = query.endTs, (r.createTs ?? 0) > to { return false }
                return true
            }.map { Self.withStat(&s.tasks[$0], seed: seed) }
        }
    }

    /// The task's record with `taskStat` (computed now unless nothing changed since).
    private static func withStat(_ t: inout TaskState, seed: UInt64) -> TaskRecord {
        let stat = t.stat ?? TaskStatistics.compute(t, seed: seed)
        t.stat = stat
        guard case .object(var o) = t.task.record.json else { return t.task.record }
        o["taskStat"] = stat.json
        return TaskRecord(json: .object(o))
    }
}

extension SimulatorStore.TaskState {
    /// Adds `order` at the front (newest first).
    mutating func insertFirst(_ order: Order, turns: Int, history: [JSONValue]? = nil) {
        task.orders.insert(order, at: 0)
        task.turns.insert(turns, at: 0)
        facts.insert(OrderFacts(order: order, turns: turns), at: 0)
        if let id = order.orderID {
            byID[id] = order
            if let history { histories[id] = history }
        }
        changed()
    }

    /// Replaces the order at `index` (same orderID) and its history.
    mutating func replace(at index: Int, with order: Order, turns: Int, history: [JSONValue]) {
        task.orders[index] = order
        task.turns[index] = turns
        facts[index] = OrderFacts(order: order, turns: turns)
        if let id = order.orderID {
            byID[id] = order
            histories[id] = history
        }
        changed()
    }

    /// Removes the order at `index`.
    mutating func remove(at index: Int) {
        let order = task.orders.remove(at: index)
        task.turns.remove(at: index)
        facts.remove(at: index)
        if let id = order.orderID {
            byID[id] = nil
            histories[id] = nil
        }
        changed()
    }
}
