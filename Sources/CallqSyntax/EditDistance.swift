// Did-you-mean suggestions: the closest known name by edit distance.

/// Levenshtein distance and nearest-name suggestions, case-insensitive.
public enum EditDistance {
    /// The number of single-character insertions, deletions or substitutions from `a` to `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.lowercased()), Array(b.lowercased()))
    }

    static func distance(_ x: [Character], _ y: [Character]) -> Int {
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate closest to `word` when it is close enough (about a third of its length).
    public static func suggest(_ word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3 + 1))
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let x = Array(c.lowercased())
            // The distance is at least the difference in length: a long word costs nothing to reject.
            guard abs(x.count - w.count) <= limit else { continue }
            let d = distance(w, x)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
