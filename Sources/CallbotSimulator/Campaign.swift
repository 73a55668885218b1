// A running campaign (`callq sim --campaign RATE`, and the test hook
// `RunningSimulator.advanceCampaign`): unfinished orders finish, new unfinished
// orders arrive at the front, finished orders may be deleted. RATE is changes per
// data request (listOrder, listOrderDetail) to a running task (taskStatus 2),
// applied just before the request is answered; a fraction accumulates (0.25 is one
// change every fourth request). Freezing stops these changes; the hook still works.

import CallbotAPI
import CallqJSON
import Glibc

/// How a simulator's campaign runs by itself.
public struct CampaignSettings: Sendable, Hashable {
    /// Changes per listOrder/listOrderDetail request to a running task; 0 is none.
    public var rate: Double
    /// Whether some of the changes delete a finished order.
    public var deletes: Bool
    /// The epoch second the calls the campaign ends end at; nil: the current time. Set it for
    /// data that must come out the same on every run (tests).
    public var clock: Int?

    public init(rate: Double = 0, deletes: Bool = false, clock: Int? = nil) {
        self.rate = max(0, rate)
        self.deletes = deletes
        self.clock = clock
    }
}

/// What one campaign step changed, by orderID.
public struct CampaignChanges: Sendable, Hashable {
    /// Orders that finished (finish became true, their last call ended).
    public var finished: [String] = []
    /// New unfinished orders, now at the front of the task.
    public var arrived: [String] = []
    /// Finished orders that no longer exist.
    public var deleted: [String] = []

    public init(finished: [String] = [], arrived: [String] = [], deleted: [String] = []) {
        self.finished = finished
        self.arrived = arrived
        self.deleted = deleted
    }

    /// Whether nothing changed.
    public var isEmpty: Bool { finished.isEmpty && arrived.isEmpty && deleted.isEmpty }

    static func += (a: inout CampaignChanges, b: CampaignChanges) {
        a.finished += b.finished
        a.arrived += b.arrived
        a.deleted += b.deleted
    }
}

/// The campaign's own generator, clock and pace.
struct CampaignState {
    var settings: CampaignSettings
    var frozen = false
    /// Changes owed (the fractional part of rate × requests).
    var credit = 0.0
    var random: SeededRandom

    init(seed: UInt64, settings: CampaignSettings) {
        self.settings = settings
        random = SeededRandom(seed: seed ^ 0xCA4A_1647)
    }

    /// The time now, in epoch seconds: calls the campaign ends end now (SPEC §13.2), so
    /// `ended > now - 15m` finds them — unless the settings fix the clock.
    func now() -> Int { settings.clock ?? Int(Glibc.time(nil)) }
}

extension SimulatorStore {
    /// Applies the changes the campaign owes before a data request to `task` is answered.
    func campaignTick(task: String) {
        state.withLock { s in
            guard !s.campaign.frozen, s.campaign.settings.rate > 0,
                let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }),
                s.tasks[i].task.record.taskStatus == 2
            else { return }
            s.campaign.credit += s.campaign.settings.rate
            while s.campaign.credit >= 1 {
                s.campaign.credit -= 1
                let deletes = s.campaign.settings.deletes
                switch s.campaign.random.weighted([(6, 0), (3, 1), (deletes ? 1 : 0, 2)]) {
                case 0 where !Self.finish(&s, task: i, count: 1, seed: seed).isEmpty: break
                case 2 where !Self.delete(&s, task: i, count: 1).isEmpty: break
                default: _ = Self.arrive(&s, task: i, count: 1)  // also when nothing could finish or go
                }
            }
        }
    }

    /// Finishes, adds and deletes orders of `task` now (as many as there are of each).
    func advanceCampaign(task: String, finish: Int, arrive: Int, delete: Int) -> CampaignChanges {
        state.withLock { s in
            guard let i = s.tasks.firstIndex(where: { $0.task.userTaskID == task }) else { return CampaignChanges() }
            var changes = Self.finish(&s, task: i, count: finish, seed: seed)
            changes += Self.delete(&s, task: i, count: delete)
            changes += Self.arrive(&s, task: i, count: arrive)
            return changes
        }
    }

    /// Stops (or resumes) the changes `--campaign` makes by itself.
    func freezeCampaign(_ frozen: Bool) { state.withLock { $0.campaign.frozen = frozen } }

    var campaignIsFrozen: Bool { state.withLock { $0.campaign.frozen } }

    func setCampaign(_ settings: CampaignSettings) {
        state.withLock {
            $0.campaign.settings = settings
            $0.campaign.credit = 0
        }
    }

    private static func finish(_ s: inout State, task i: Int, count: Int, seed: UInt64) -> CampaignChanges {
        var changes = CampaignChanges()
        for _ in 0..<max(0, count) {
            let open = s.tasks[i].facts.indices.filter { s.tasks[i].facts[$0].finish == false }
            guard !open.isEmpty else { break }
            let index = s.campaign.random.pick(open)
            let order = s.tasks[i].task.orders[index]
            let history = s.tasks[i].histories[order.orderID ?? ""] ?? CallHistory.attempts(seed: seed, order: order)
            let (finished, turns, newHistory) = CampaignCalls.finished(order, history: history, &s.campaign)
            s.tasks[i].replace(at: index, with: finished, turns: turns, history: newHistory)
            changes.finished.append(order.orderID ?? "")
        }
        return changes
    }

    private static func arrive(_ s: inout State, task i: Int, count: Int) -> CampaignChanges {
        var changes = CampaignChanges()
        let record = s.tasks[i].task.record
        for _ in 0..<max(0, count) {
            let (generated, _) = s.generator.order(
                userTaskID: s.tasks[i].task.userTaskID,
                taskID: record.taskID ?? "", sceneID: record.sceneID ?? "")
            let (order, history) = CampaignCalls.queued(generated, &s.campaign)
            s.tasks[i].insertFirst(order, turns: 0, history: history)
            changes.arrived.append(order.orderID ?? "")
        }
        return changes
    }

    private static func delete(_ s: inout State, task i: Int, count: Int) -> CampaignChanges {
        var changes = CampaignChanges()
        for _ in 0..<max(0, count) {
            let done = s.tasks[i].facts.indices.filter { s.tasks[i].facts[$0].finish == true }
            guard !done.isEmpty else { break }
            let index = s.campaign.random.pick(done)
            changes.deleted.append(s.tasks[i].task.orders[index].orderID ?? "")
            s.tasks[i].remove(at: index)
        }
        return changes
    }
}
