// Slot parsing: a selective parse that builds no objects. It records, for each
// node of the selection, the value reached through the first member of each key
// (which is what a field lookup reads), so a filter can test a line's values
// before any tree exists; the tree of the lines that pass is then put together
// from the same slots. Anything unusual — the document is not an object, a key
// on a path repeats, a key had to be decoded, the input is malformed — makes the
// slot parse give up, and the caller parses the line the ordinary way, which
// gives the exact tree or the exact error.

/// Per-node values of one slot parse: `self[n]` is nil when node `n` was not reached.
/// For a node where a path ends it is the value there; for a node inside the paths it
/// is the value met there when that was not an object, else an empty object (its
/// members are in the nodes below).
public struct SlotValues {
    /// What each node holds (`Kind`); its value is in `ints` or `values` by kind.
    @usableFromInline
    let kinds: UnsafeMutableBufferPointer<UInt8>
    /// The value of a node of kind `integer` (a JSON integer read straight from the bytes).
    @usableFromInline
    let ints: UnsafeMutableBufferPointer<Int>
    /// The value of a node of kind `value`.
    @usableFromInline
    let values: UnsafeMutableBufferPointer<JSONValue?>
    /// When each node's member came, in document order (so a tree keeps the members' order).
    let order: UnsafeMutableBufferPointer<Int>
    /// Nodes whose value is not read, only whether it is there (see `readPresenceOnly`).
    let presenceOnly: UnsafeMutableBufferPointer<Bool>
    /// Whether any node holds a `JSONValue` since the last `clear` (which then releases them).
    let holdsValues: UnsafeMutablePointer<Bool>

    /// What a node holds. Integers and the markers are plain bytes: a line of plain values
    /// stores, reads and clears no enum with a payload (no reference counting per member).
    @usableFromInline enum Kind {
        @inlinable static var absent: UInt8 { 0 }
        /// `ints[n]`.
        @inlinable static var integer: UInt8 { 1 }
        /// An object whose members are in the nodes below (`.object([])` as a value).
        @inlinable static var object: UInt8 { 2 }
        /// `null` (also a presence-only member: see `readPresenceOnly`).
        @inlinable static var null: UInt8 { 3 }
        /// `values[n]`.
        @inlinable static var value: UInt8 { 4 }
    }

    /// Empty slots for `selection`; `deallocate()` them when done.
    public static func allocate(for selection: JSONSelection) -> SlotValues {
        let n = selection.nodeCount
        let kinds = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n)
        kinds.initialize(repeating: Kind.absent)
        let ints = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        ints.initialize(repeating: 0)
        let values = UnsafeMutableBufferPointer<JSONValue?>.allocate(capacity: n)
        values.initialize(repeating: nil)
        let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        order.initialize(repeating: 0)
        let presenceOnly = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
        presenceOnly.initialize(repeating: false)
        let holdsValues = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        holdsValues.initialize(to: false)
        return SlotValues(
            kinds: kinds, ints: ints, values: values, order: order, presenceOnly: presenceOnly,
            holdsValues: holdsValues)
    }

    public func deallocate() {
        kinds.deallocate()
        ints.deallocate()
        values.deinitialize()
        values.deallocate()
        order.deallocate()
        presenceOnly.deallocate()
        holdsValues.deallocate()
    }

    /// Empties the slots for the next line: the kinds at once, and the values held as `JSONValue`
    /// released when the last line stored any.
    func clear() {
        if holdsValues.pointee {
            for n in kinds.indices where kinds[n] == Kind.value { values[n] = nil }
            holdsValues.pointee = false
        }
        kinds.update(repeating: Kind.absent)
    }

    @inline(__always) func setInteger(_ n: Int, _ v: Int) {
        ints[n] = v
        kinds[n] = Kind.integer
    }

    @inline(__always) func setObject(_ n: Int) { kinds[n] = Kind.object }

    @inline(__always) func setNull(_ n: Int) { kinds[n] = Kind.null }

    @inline(__always) func set(_ n: Int, _ v: JSONValue) {
        values[n] = v
        kinds[n] = Kind.value
        holdsValues.pointee = true
    }

    /// From now on the value at `node` (where a path ends) is skipped, not read: its slot holds
    /// `null` when the member is there. For members nothing reads but whose presence matters
    /// (`orderID`, when no tree is built).
    public func readPresenceOnly(_ node: Int) { presenceOnly[node] = true }

    /// Whether `node` was reached (`self[node] != nil`, without building the value).
    @inlinable public func has(_ node: Int) -> Bool { kinds[node] != Kind.absent }

    /// The value at `node` when it is a JSON integer (`case .int(let v)? = self[node]`), without
    /// building the value.
    @inlinable public func integer(_ node: Int) -> Int? {
        let kind = kinds[node]
        if kind == Kind.integer { return ints[node] }
        if kind == Kind.value, case .int(let v)? = values[node] { return v }
        return nil
    }

    /// Whether `node` is absent, null or a JSON integer (what an integer aggregate takes as it is).
    @inlinable public func isIntegerOrNull(_ node: Int) -> Bool {
        let kind = kinds[node]
        if kind != Kind.value { return kind != Kind.object }
        switch values[node] {
        case nil, .null?, .int?: return true
        default: return false
        }
    }

    /// The value recorded at `node` (nil when absent).
    @inlinable public subscript(node: Int) -> JSONValue? {
        switch kinds[node] {
        case Kind.absent: return nil
        case Kind.integer: return .int(ints[node])
        case Kind.object: return .object(JSONObject())
        case Kind.null: return .null
        default: return values[node]
        }
    }
}

extension SelectiveParser {
    /// Slot-parses `bytes` into `slots` (as many as the selection has nodes). True when the
    /// line was read; false when it must be parsed the ordinary way (see the file's note).
    /// `marks`, when given, must be those of `bytes` (`LineMarks.mark`): strings are then scanned
    /// through them.
    public func parseSlots(_ bytes: UnsafeRawBufferPointer, into slots: SlotValues, marks: LineMarks? = nil) -> Bool {
        slots.clear()
        var reader = reader(bytes)
        if let marks {
            reader.quoteMarks = UnsafePointer(marks.quotes)
            reader.highMarks = UnsafePointer(marks.highs)
        }
        if reader.end >= 3, reader.byte(0) == 0xEF, reader.byte(1) == 0xBB, reader.byte(2) == 0xBF { reader.i = 3 }
        reader.skipWhitespace()
        guard reader.i < reader.end, reader.byte(reader.i) == UInt8(ascii: "{"), reader.parseSlotRoot(slots) else {
            return false
        }
        reader.skipWhitespace()
        return reader.i == reader.end
    }

    /// The selective parse's tree, put together from a successful `parseSlots`: the same
    /// members, in the order they came.
    public func tree(from slots: SlotValues) -> JSONValue {
        tree(0, slots)
    }

    private func tree(_ n: Int, _ slots: SlotValues) -> JSONValue {
        guard let v = slots[n] else { return .null }
        let node = nodes[n]
        guard !node.whole, case .object = v else { return v }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(node.edgeCount)
        // The members in the order they came (a node has a handful of edges: pick the next each time).
        var after = -1
        while true {
            var next = -1
            for e in node.firstEdge..<node.firstEdge + node.edgeCount where slots.has(edges[e].node) {
                let at = slots.order[edges[e].node]
                if at > after, next < 0 || at < slots.order[edges[next].node] { next = e }
            }
            if next < 0 { break }
            after = slots.order[edges[next].node]
            members.append(JSONObject.Member(edgeKeys[next], tree(edges[next].node, slots)))
        }
        return .object(JSONObject(members))
    }
}

extension JSONSelection {
    /// The node a key path from the root ends at, when the selection has one.
    public func node(for path: [String]) -> Int? {
        var n = 0
        for key in path {
            let node = nodes[n]
            guard !node.whole,
                let e = (node.firstEdge..<node.firstEdge + node.edgeCount).first(where: { edgeKeys[$0] == key })
            else { return nil }
            n = edges[e].node
        }
        return n
    }

    /// Whether node `n` keeps its whole value (a path ends there).
    public func keepsWhole(_ n: Int) -> Bool { nodes[n].whole }

    /// Whether slot parsing can be used with this selection (plain key paths only, with
    /// at most 64 keys at any node).
    public var supportsSlots: Bool {
        !keepsEverything && nodes.allSatisfy { $0.elements < 0 && $0.edgeCount <= 64 }
    }

    /// How many nodes the selection has (the size of a `SlotValues`).
    public var nodeCount: Int { nodes.count }
}

extension JSONReader {
    /// The object at the cursor (on its `{`) read into cleared `slots` from the selection's root;
    /// false when it must be read the ordinary way (the cursor is then anywhere).
    mutating func parseSlotRoot(_ slots: SlotValues) -> Bool {
        slots.setObject(0)
        var sequence = 0
        do {
            return try parseSlotObject(0, slots, &sequence)
        } catch {
            return false
        }
    }

    /// The object at selection node `n` (the cursor on its `{`), its kept members recorded in
    /// `slots`; false when the line must be parsed the ordinary way.
    mutating func parseSlotObject(_ n: Int, _ slots: SlotValues, _ sequence: inout Int)
        throws(JSONParseError) -> Bool
    {
        let node = nodes[n]
        try enter()
        i &+= 1
        skipWhitespace()
        if i < end, byte(i) == UInt8(ascii: "}") {
            i &+= 1; depth &-= 1
            return true
        }
        // Every key of the line is compared byte for byte: a selected key that is not ASCII could
        // only match a decoded one, so such a node leaves the line to the full path.
        guard node.asciiKeys else { return false }
        var seen: UInt64 = 0
        // The cursor is kept in `k` (a register) and handed back to `i` around each call that
        // reads on; `false` leaves the reader anywhere (the line is parsed again the ordinary way).
        let p = base!
        let end = self.end
        let quotes = quoteMarks, highs = highMarks
        var k = i
        while true {
            if k < end, p[k] <= 0x20 { k = Self.afterWhitespace(p, k, end) }
            guard k < end, p[k] == UInt8(ascii: "\"") else { return false }
            // A key with escapes or non-ASCII bytes may still equal a selected one: leave it to the full path.
            let keyEnd =
                if let quotes, let highs {
                    Self.markedKeyEnd(p, k &+ 1, end, quotes, highs)
                } else {
                    Self.plainKeyEnd(p, k &+ 1, end)
                }
            guard keyEnd >= 0 else { return false }
            let edge = Self.edge(ofPlainKey: p, k &+ 1, keyEnd, end, node, edges, keyBytes)
            k = keyEnd &+ 1
            if k < end, p[k] <= 0x20 { k = Self.afterWhitespace(p, k, end) }
            guard k < end, p[k] == UInt8(ascii: ":") else { return false }
            k &+= 1
            if k < end, p[k] <= 0x20 { k = Self.afterWhitespace(p, k, end) }
            if edge >= 0 {
                let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: edge &- node.firstEdge)
                if seen & bit != 0 { return false }
                seen |= bit
                let child = edges[edge].node
                sequence &+= 1
                slots.order[child] = sequence
                i = k
                if slots.presenceOnly[child] {
                    try skipUnreadValue()
                    slots.setNull(child)
                } else if nodes[child].whole {
                    // A short plain integer (most read values: a status, a duration, a time) straight
                    // from the bytes; anything else as the full parser reads it.
                    let (value, after) = Self.plainInteger(p, k, end)
                    if after >= 0 {
                        slots.setInteger(child, value)
                        i = after
                    } else {
                        slots.set(child, try parseValue())
                    }
                } else if i < end, byte(i) == UInt8(ascii: "{") {
                    slots.setObject(child)
                    guard try parseSlotObject(child, slots, &sequence) else { return false }
                } else {
                    slots.set(child, try parseSelectedValue(child))
                }
                k = i
            } else {
                let after = Self.afterPlainValue(p, k, end, quotes)
                if after >= 0 {
                    k = after
                } else {
                    i = k
                    try skipValue()
                    k = i
                }
            }
            if k < end, p[k] <= 0x20 { k = Self.afterWhitespace(p, k, end) }
            guard k < end else { return false }
            let b = p[k]
            k &+= 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            return false
        }
        i = k
        depth &-= 1
        return true
    }
}
