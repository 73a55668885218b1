// The simulator's world without HTTP: tasks, their orders (as `Order`, in the
// server's order) and each order's hidden dialogue-turn count. Tests compare
// client fetches against this, and property tests filter it directly.

import CallbotAPI
import CallqJSON

/// One task and its orders.
public struct SimulatorTask: Sendable {
    /// The listTask record of the task.
    public var record: TaskRecord
    /// Orders in server order (newest first after mutations).
    public var orders: [Order]
    /// Hidden turn count of each order, parallel to `orders`.
    public var turns: [Int]

    public var userTaskID: String { record.userTaskID ?? "" }

    public init(record: TaskRecord, orders: [Order], turns: [Int]) {
        self.record = record
        self.orders = orders
        self.turns = turns
    }

    /// The orders matching `options`, in server order (what a full fetch must return).
    public func matching(_ options: ListOrderOptions) -> [Order] {
        zip(orders, turns).filter { OrderFilter.matches(options, order: $0.0, turns: $0.1) }.map(\.0)
    }
}

/// All data of a simulator, generated deterministically from a seed.
public struct SimulatorData: Sendable {
    public var tasks: [SimulatorTask]

    public init(tasks: [SimulatorTask]) { self.tasks = tasks }

    /// Generates `tasks` tasks of `orders` orders each from `seed`.
    /// The first task is always `SimulatorConfig.demoTaskID`.
    public init(seed: UInt64, tasks: Int, orders: Int) {
        var generator = DataGenerator(seed: seed)
        self.tasks = (0..<max(tasks, 0)).map { generator.task(index: $0, orders: orders) }
    }

    /// The ids of all tasks, in order.
    public var taskIDs: [String] { tasks.map(\.userTaskID) }

    /// The task with this userTaskID.
    public func task(_ userTaskID: String) -> SimulatorTask? {
        tasks.first { $0.userTaskID == userTaskID }
    }

    /// The hidden turn count of an order, if the order exists.
    public func turns(orderID: String) -> Int? {
        for t in tasks {
            if let i = t.orders.firstIndex(where: { $0.json["orderID"]?.stringValue == orderID }) {
                return t.turns[i]
            }
        }
        return nil
    }
}
