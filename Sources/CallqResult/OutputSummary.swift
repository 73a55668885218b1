// What a finished statement did, for the footer a table prints:
// rows written, requests sent, wall time.

/// What a finished query did: rows written, requests sent, wall time.
public struct OutputSummary: Sendable, Hashable {
    public var rows: Int
    public var requests: Int
    public var seconds: Double

    public init(rows: Int, requests: Int, seconds: Double) {
        self.rows = rows
        self.requests = requests
        self.seconds = seconds
    }
}
