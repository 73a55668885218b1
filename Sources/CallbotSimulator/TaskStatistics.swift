// listTask's `taskStat` (SPEC §1.4) computed from a task's orders and their call
// histories as they are at the moment of asking: order counts, call counts and
// the two rates (numbers from 0 to 1, four decimals).

import CallbotAPI
import CallqJSON

enum TaskStatistics {
    /// The statistics of one task.
    static func compute(_ t: SimulatorStore.TaskState, seed: UInt64) -> TaskStat {
        var finished = 0, answeredOrders = 0, calls = 0, answeredCalls = 0
        for order in t.task.orders {
            if order.finish == true { finished += 1 }
            let statuses: [Int?]
            if let id = order.orderID, let history = t.histories[id] {
                statuses = history.map { $0["callStatus"]?.intValue }
            } else {
                statuses = CallHistory.statuses(seed: seed, order: order)
            }
            var answered = false
            for status in statuses {
                guard let status, status != 1, status != 2 else { continue }  // not dialled yet
                calls += 1
                if status == 6 {
                    answeredCalls += 1
                    answered = true
                }
            }
            if answered { answeredOrders += 1 }
        }
        let total = t.task.orders.count
        return TaskStat(
            answerOrderCount: answeredOrders, finishOrderCount: finished, totalOrderCount: total,
            finishRate: rate(finished, total), totalAnswerCall: answeredCalls, totalCall: calls,
            answerRate: rate(answeredCalls, calls))
    }

    /// `part ÷ whole` rounded to four decimals; 0 when `whole` is 0.
    static func rate(_ part: Int, _ whole: Int) -> Double {
        guard whole > 0 else { return 0 }
        return (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}
