// A watch on a terminal (SPEC §13.2): each frame replaces the previous one in place —
// cursor home, every line erased before it is written, the rest of the screen
// erased after the last — and fits the window: lines are cut to its width, and lines
// beyond its height are left out with a note, so the terminal never scrolls.

/// Draws watch frames on a terminal of a given size.
public struct WatchScreen: Sendable {
    public var width: Int
    public var height: Int
    /// Whether a frame has been drawn (the first one clears the screen).
    public private(set) var drawn = false

    public init(width: Int, height: Int) {
        self.width = max(10, width)
        self.height = max(3, height)
    }

    /// The lines of a frame that fit the window: all of `header`, then as much of `body`
    /// as leaves the last row free (writing on it could scroll), cut with a note.
    public func fit(header: [String], body: [String]) -> [String] {
        let room = height - 1 - header.count
        var lines = header
        if body.count <= room {
            lines += body
        } else if room > 0 {
            let shown = room - 1
            lines += body.prefix(shown)
            let hidden = body.count - shown
            lines.append("… \(hidden) more line\(hidden == 1 ? "" : "s") not shown (the window has \(height) rows)")
        }
        return lines.prefix(height - 1).map { DisplayWidth.truncate($0, to: width) }
    }

    /// The bytes that draw `lines` over the previous frame.
    public mutating func draw(_ lines: [String]) -> String {
        var out = drawn ? "\u{1B}[H" : "\u{1B}[H\u{1B}[2J"
        drawn = true
        for line in lines { out += "\u{1B}[2K" + line + "\n" }  // erased first: a full line keeps its last cell
        out += "\u{1B}[J"
        return out
    }

    /// The header line: `every 10s · frame 7 · 14:05:10 · 4 requests · 25 new, 60 finished`.
    public static func header(interval: String, frame: Int, time: String, requests: Int, sync: String?) -> String {
        var parts = ["every \(interval)", "frame \(frame)", time, "\(requests) request\(requests == 1 ? "" : "s")"]
        if let sync, !sync.isEmpty { parts.append(sync) }
        return parts.joined(separator: " · ")
    }
}
