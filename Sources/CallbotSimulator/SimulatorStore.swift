// The simulator's mutable world: the data, per-order filter facts, a cache of
// the last filter result per task, and the seeded source of fault decisions
// and of orders that appear while paging (mutate faults).

import CallbotAPI
import CallqJSON
import Synchronization

/// Thread-safe holder of the simulator's data.
final class SimulatorStore: Sendable {
    private struct TaskState {
        var task: SimulatorTask
        var facts: [OrderFacts]
        var cache: (options: ListOrderOptions, indices: [Int])?
    }

    private struct State {
        var tasks: [TaskState]
        var random: SeededRandom
        var generator: DataGenerator
    }

    private let state: Mutex<State>

    init(data: SimulatorData, seed: UInt64) {
        let tasks = data.tasks.map { t in
            TaskState(task: t, facts: zip(t.orders, t.turns).map { OrderFacts(order: $0.0, turns: $0.1) },
                      cache: nil)
        }
        var generator = DataGenerator(seed: seed ^ 0x5EED_F00D)
        generator.startSerial(at: 1_000_000)
        state = Mutex(State(tasks: tasks, random: SeededRandom(seed: seed ^ 0xFA17), generator: generator))
    }

    /// The current data (after any mutations).
    var data: SimulatorData { state.withLock { SimulatorData(tasks: $0.tasks.map(\.task)) } }

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

    /// Inserts `count` new orders at the front of `task` (a campaign still dialing).
    func insertOrders(task: String, count: Int) {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }) else { return }
            let record = s.tasks[i].task.record
            for _ in 0..<count {
                let (order, turns) = s.generator.order(userTaskID: task, taskID: record.taskID ?? "",
                                                       sceneID: record.sceneID ?? "")
                s.tasks[i].task.orders.insert(order, at: 0)
                s.tasks[i].task.turns.insert(turns, at: 0)
                s.tasks[i].facts.insert(OrderFacts(order: order, turns: turns), at: 0)
            }
            s.tasks[i].cache = nil
        }
    }

    /// The task records matching `query`, in task order.
    func tasks(matching query: TaskQuery) -> [TaskRecord] {
        state.withLock { s in
            s.tasks.map(\.task.record).filter { r in
                if let st = query.taskStatus, !st.isEmpty, !st.contains(r.taskStatus ?? -1) { return false }
                if let names = query.taskName, !names.isEmpty,
                   !names.contains(where: { (r.taskName ?? "").contains($0) }) { return false }
                if let scene = query.sceneID, r.sceneID != scene { return false }
                if let ids = query.userTaskID, !ids.isEmpty, !ids.contains(r.userTaskID ?? "") { return false }
                if let from = query.startTs, (r.createTs ?? 0) < from { return false }
                if let to = query.endTs, (r.createTs ?? 0) > to { return false }
                return true
            }
        }
    }
}
