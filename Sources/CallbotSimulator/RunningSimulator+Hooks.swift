// What tests (and embedders) can do to a running simulator besides sending it
// requests: read an order's call history, move the campaign on by exact
// amounts, and freeze it so that the server is quiet for a reference scan.

import CallbotAPI
import CallqJSON

extension RunningSimulator {
    /// The call attempts listOrderDetail serves for an order, oldest first; nil when the
    /// task or the order does not exist.
    public func callHistory(task: String, orderID: String) -> [JSONValue]? {
        service.store.history(task: task, orderID: orderID)
    }

    /// Every order of `task` in server order with its call attempts, oldest first
    /// (what a full `calls` read must return).
    public func callHistories(task: String) -> [(order: Order, attempts: [JSONValue])] {
        guard let t = data.task(task) else { return [] }
        return t.orders.map { order in
            (order, order.orderID.flatMap { service.store.history(task: task, orderID: $0) } ?? [])
        }
    }

    /// Changes `task` now as a running campaign does: `finish` unfinished orders end their
    /// last call, `delete` finished orders go, `arrive` new unfinished orders appear at the
    /// front — as many of each as exist. Works whether or not the campaign is frozen.
    @discardableResult
    public func advanceCampaign(
        task: String = SimulatorConfig.demoTaskID, finish: Int = 0, arrive: Int = 0,
        delete: Int = 0
    ) -> CampaignChanges {
        service.store.advanceCampaign(task: task, finish: finish, arrive: arrive, delete: delete)
    }

    /// Stops the changes `campaign.rate` makes by itself: from now on only
    /// `advanceCampaign` changes the data (mutate faults, if configured, still apply).
    public func freezeCampaign() { service.store.freezeCampaign(true) }

    /// Lets the campaign change the data by itself again.
    public func resumeCampaign() { service.store.freezeCampaign(false) }

    /// Whether `freezeCampaign` is in force.
    public var campaignIsFrozen: Bool { service.store.campaignIsFrozen }

    /// Replaces the campaign's pace (and whether it deletes) from now on.
    public func setCampaign(_ settings: CampaignSettings) { service.store.setCampaign(settings) }

    /// Makes listOrder's pages stop adding up to their totalCount (nil: honest again).
    public func setHostilePaging(_ hostile: HostilePaging?) { service.store.hostilePaging.withLock { $0 = hostile } }

    /// Makes listOrder ignore `size` from now on (every page the whole list), or honour it again.
    public func setIgnoreSize(_ ignore: Bool) { service.store.ignoreSize.withLock { $0 = ignore } }
}
