// Slot reading of a reply's list: the envelope is parsed selectively, and each
// element of its captured list is slot-parsed in place, in the same pass over the
// bytes, so an element nothing keeps builds no tree. An element the slot reader
// gives up on is read the ordinary way from where it starts: same value, same error.

/// What a selective parse does with the elements of its captured list (see
/// `JSONParser.parseCapturing(_:selecting:slotting:into:visit:)`).
final class ListSlotting {
    let parser: SelectiveParser
    let slots: SlotValues
    let visit: (Int, Range<Int>, SlotValues) -> Void

    init(parser: SelectiveParser, slots: SlotValues, visit: @escaping (Int, Range<Int>, SlotValues) -> Void) {
        self.parser = parser
        self.slots = slots
        self.visit = visit
    }
}

extension JSONParser {
    /// `parseCapturing(bytes, selecting: selection)` — the same ranges, the same errors — in
    /// which each element of the captured list (a `JSONSelection.list`) is first slot-parsed
    /// with `elements` (a parser of the list's element selection) into `slots`, and handed to
    /// `visit(k, range, slots)`, k being its index among the captured elements; its place in
    /// the returned list holds `null`. An element the slot reader gives up on (not a plain
    /// object: see `SelectiveParser.parseSlots`) is read the ordinary way, into the list.
    public static func parseCapturing(
        _ bytes: UnsafeRawBufferPointer, selecting selection: JSONSelection,
        slotting elements: SelectiveParser, into slots: SlotValues,
        visit: (Int, Range<Int>, SlotValues) -> Void
    ) throws(JSONParseError) -> (JSONValue, [Range<Int>]) {
        let result = withoutActuallyEscaping(visit) { visit in
            let slotting = ListSlotting(parser: elements, slots: slots, visit: visit)
            return withExtendedLifetime(slotting) {
                selection.withParser { parser in
                    Result { () throws(JSONParseError) -> (JSONValue, [Range<Int>]) in
                        var reader = parser.reader(bytes)
                        reader.slotting = slotting
                        let value = try reader.parseDocument()
                        return (value, reader.captured)
                    }
                }
            }
        }
        return try result.get()
    }
}

extension JSONReader {
    /// Slot-reads the list element at the cursor; true when it did (the cursor after it, the
    /// element handed to `s.visit`), false when it must be read the ordinary way (the cursor
    /// left where it was).
    mutating func slotElement(_ s: ListSlotting) -> Bool {
        guard i < end, byte(i) == UInt8(ascii: "{") else { return false }
        let slots = s.slots
        slots.clear()
        // A reader of the element's selection over the same bytes, at the same depth, so
        // offsets and the nesting limit are those of the whole reply.
        var reader = s.parser.reader(UnsafeRawBufferPointer(start: base, count: end))
        reader.i = i
        reader.depth = depth
        guard reader.parseSlotRoot(slots) else { return false }
        s.visit(captured.count, i..<reader.i, slots)
        i = reader.i
        return true
    }
}
