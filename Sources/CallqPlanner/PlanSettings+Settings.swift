// Which settings reach the planner, and how: the one rule the session and the
// golden runner both use to turn setting values (`set size = 50`) into PlanSettings.
import CallqSemantics

extension PlanSettings {
    /// The settings the planner reads.
    public static let settingKeys: Set<SettingKey> = [.size, .idsPerList, .recheck, .maxPages, .detailBatch]

    /// The plan settings for these setting values (a missing or mistyped value keeps the default).
    public init(_ value: (SettingKey) -> SettingValue?) {
        self.init()
        func integer(_ key: SettingKey) -> Int? {
            if case .integer(let n)? = value(key) { return n }
            return nil
        }
        if let n = integer(.size) { pageSize = n }
        if let n = integer(.idsPerList) { idsPerList = max(1, n) }
        if case .flag(let b)? = value(.recheck) { recheck = b }
        if let n = integer(.maxPages) { maxPages = n }
        if let n = integer(.detailBatch) { detailBatch = max(1, n) }
    }
}
