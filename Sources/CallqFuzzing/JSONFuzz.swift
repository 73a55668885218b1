// JSON mode: the byte-level parser must return or throw (never trap), and a
// parsed value written back and parsed again must be the same value. Also
// checks element capture and runs the wire decoders and field paths on it.

import CallbotAPI
import CallqJSON
import CallqSemantics

/// One JSON-mode run over one input.
struct JSONFuzz {
    let bytes: UnsafeRawBufferPointer
    var findings = FuzzFindings()

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func run() {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            findings.expect(
                error.offset >= 0 && error.offset <= bytes.count,
                "parser: error offset \(error.offset) outside 0...\(bytes.count): \(error)")
            return
        }
        writeBack(value)
        capture(value, key: "orderList")
        capture(value, key: "taskData")
        decode(value)
    }

    /// write → parse gives the value again (non-finite numbers, which JSON cannot hold, come back null).
    mutating func writeBack(_ value: JSONValue) {
        let written = JSONWriter.bytes(value)
        do {
            let again = try JSONParser.parse(written)
            findings.expect(
                again == JSONFuzz.finite(value), "writer: \(JSONWriter.string(value).prefix(200)) reads back as another value")
            findings.expect(JSONWriter.bytes(again) == written, "writer: writing the value again gives other bytes")
        } catch {
            findings.expect(false, "writer: output does not parse: \(error); \(JSONWriter.string(value).prefix(200))")
        }
    }

    /// Capturing the elements of `key` gives the same value and ranges that hold those elements.
    mutating func capture(_ value: JSONValue, key: String) {
        let raw = Array(bytes)
        let captured: (JSONValue, [Range<Int>])
        do {
            captured = try JSONParser.parse(raw, capturingElementsOf: key)
        } catch {
            findings.expect(false, "capture(\(key)): fails where parse succeeds: \(error)")
            return
        }
        findings.expect(captured.0 == value, "capture(\(key)): parses to another value")
        var last = 0
        for r in captured.1 {
            guard r.lowerBound >= last, r.upperBound <= raw.count else {
                findings.expect(false, "capture(\(key)): range \(r) out of order or outside 0..<\(raw.count)")
                return
            }
            last = r.upperBound
        }
        // ListOrderReply pairs the first `key` array's elements with the ranges when the counts agree.
        if case .array(let items)? = value[key], items.count == captured.1.count {
            for (item, r) in zip(items, captured.1) {
                let element = try? JSONParser.parse(Array(raw[r]))
                findings.expect(element == item, "capture(\(key)): bytes \(r) do not hold the element they are paired with")
            }
        }
    }

    /// The tolerant wire decoders and every catalog field path accept any shape.
    mutating func decode(_ value: JSONValue) {
        let reply = try? ListOrderReply.decode(Array(bytes))
        findings.expect(reply != nil, "ListOrderReply.decode throws on valid JSON")
        for order in reply?.orders ?? [] {
            _ = (order.orderID, order.userTaskID, order.callStatus, order.callDuration, order.callStartTs, order.intentNames)
            findings.expect(JSONWriter.bytes(order.json).isEmpty == false, "order: empty serialization")
        }
        _ = ListTaskReply(json: value).json
        _ = Order(json: value).intentNames
        for f in Catalog.orders.fields + [Catalog.orders.parameter("city")] {
            _ = f.extract(value)
            _ = f.anyValue(in: value) { _ in false }
        }
        for f in Catalog.tasks.fields { _ = f.extract(value) }
    }

    /// The value with every non-finite double replaced by null, as the writer writes it.
    static func finite(_ v: JSONValue) -> JSONValue {
        switch v {
        case .double(let d) where !d.isFinite: return .null
        case .array(let a): return .array(a.map(finite))
        case .object(let o): return .object(JSONObject(o.members.map { JSONObject.Member($0.key, finite($0.value)) }))
        default: return v
        }
    }
}
