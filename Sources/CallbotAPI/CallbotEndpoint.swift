// The read endpoints of the Callbot v3 API callq uses (SPEC §1.3, §1.4).
// One enum gives each endpoint its path and the short name errors quote.

/// A Callbot API endpoint.
public enum CallbotEndpoint: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ping
    case listTask
    case listOrder
    /// Every call attempt of some orders (SPEC §1.4).
    case listOrderDetail

    /// The URL path, e.g. `/callcentre/api/v3/listOrder`.
    public var path: String { "/callcentre/api/v3/" + rawValue }

    /// The endpoint whose path is `path`, if any.
    public init?(path: String) {
        guard let last = path.split(separator: "/").last,
            path.hasPrefix("/callcentre/api/v3/"),
            let e = CallbotEndpoint(rawValue: String(last))
        else { return nil }
        self = e
    }

    public var description: String { rawValue }
}
