// The residual as a filter of API pages: compiled once per scan over the slots of
// the paths the plan reads, so that each order of a page is tested as it is read
// and only those that pass get a tree (see `ListOrderReply.decode(_:filter:)`).
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics

extension OrderPageFilter {
    /// The plan's residual over the orders' slots; nil when there is none or it reads what
    /// slots cannot hold (then pages are read as trees and the executor filters them).
    /// Orders keep their bytes unless no row can be written from them (as for saved files).
    init?(plan: Plan, stages: RecordStages) {
        guard let residual = stages.residual else { return nil }
        var keepsRaw = true
        if case .groups = plan.shape { keepsRaw = false }
        if case .records(_, false) = plan.shape { keepsRaw = false }
        let tree: @Sendable (JSONValue) -> Bool = { residual.evaluate($0) }
        self.init(keyPaths: stages.reading.keyPaths, keepsRaw: keepsRaw, tree: tree) { selection in
            guard let compiled = SlotFilter(residual, selection: selection).map(LineFilter.init) else { return nil }
            return { (slots: SlotValues) -> Bool in compiled.evaluate(slots) }
        }
    }
}
