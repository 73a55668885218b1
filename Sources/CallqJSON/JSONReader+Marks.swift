// The marks of a line's structural pass (CallqScanMarks: where its quotes and
// backslashes are, and its bytes above 0x7F, a bit a byte), and the scans that
// read them: a string's end, a key's end, the next non-ASCII byte, each a count
// of trailing zeros rather than a loop over bytes with a hard-to-predict exit.
import CallqScanMarks

/// Marks for one line at a time, kept between lines (one per thread: not thread-safe).
public final class LineMarks {
    private(set) var quotes: UnsafeMutablePointer<UInt64>
    private(set) var highs: UnsafeMutablePointer<UInt64>
    /// Words each array holds.
    private var capacity: Int

    public init() {
        capacity = 64
        quotes = .allocate(capacity: capacity)
        highs = .allocate(capacity: capacity)
    }

    deinit {
        quotes.deallocate()
        highs.deallocate()
    }

    /// Marks `line`; the marks stand for those bytes until the next call.
    public func mark(_ line: UnsafeRawBufferPointer) {
        let words = callq_mark_words(line.count)
        if words > capacity {
            quotes.deallocate()
            highs.deallocate()
            capacity = max(words, capacity * 2)
            quotes = .allocate(capacity: capacity)
            highs = .allocate(capacity: capacity)
        }
        guard let base = line.baseAddress else { return }
        callq_scan_marks(base.assumingMemoryBound(to: UInt8.self), line.count, quotes, highs)
    }

    /// The offset of the first byte of the marked line that is not UTF-8 (see `UTF8Validation`),
    /// looking only at the bytes above 0x7F; nil when there is none.
    public func firstInvalidUTF8(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = line.count
        var i = JSONReader.nextMark(highs, 0, n)
        while i < n {
            let length = UTF8Validation.sequenceLength(base, i, n)
            if length == 0 { return i }
            i = JSONReader.nextMark(highs, i &+ length, n)
        }
        return nil
    }
}

extension JSONReader {
    /// The first marked offset in `k ..< end` (`end` when none).
    @inline(__always) static func nextMark(_ marks: UnsafePointer<UInt64>, _ k: Int, _ end: Int) -> Int {
        guard k < end else { return end }
        var w = k &>> 6
        var bits = marks[w] & (~0 &<< UInt64(k & 63))
        let last = (end &- 1) &>> 6
        while bits == 0 {
            w &+= 1
            if w > last { return end }
            bits = marks[w]
        }
        return min(end, w &<< 6 &+ bits.trailingZeroBitCount)
    }

    /// `plainKeyEnd` read from the marks: where a key starting at `k` closes when it has no escape
    /// and no byte above 0x7F; -1 otherwise.
    /// One walk over both arrays of marks: the first quote, backslash or high byte decides.
    @inline(__always) static func markedKeyEnd(
        _ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int, _ quotes: UnsafePointer<UInt64>,
        _ highs: UnsafePointer<UInt64>
    ) -> Int {
        guard k < end else { return -1 }
        var w = k &>> 6
        var bits = (quotes[w] | highs[w]) & (~0 &<< UInt64(k & 63))
        let last = (end &- 1) &>> 6
        while bits == 0 {
            w &+= 1
            if w > last { return -1 }
            bits = quotes[w] | highs[w]
        }
        let close = w &<< 6 &+ bits.trailingZeroBitCount
        guard close < end, p[close] == UInt8(ascii: "\"") else { return -1 }
        return close
    }

    /// The first `"` or `\` at or after `k` (or `end`): from the marks when the line has them.
    @inline(__always) static func quoteOrBackslash(
        _ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int, _ quotes: UnsafePointer<UInt64>?
    ) -> Int {
        if let quotes { return nextMark(quotes, k, end) }
        return quoteOrBackslash(p, k, end)
    }
}
