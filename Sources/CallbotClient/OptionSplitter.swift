// Splitting listOrder options whose lists are too long for one request
// (SPEC §4/§5: ids per list, retCode 4001). The union of the parts' results
// is the result of the whole: lists are ORs, options are ANDs.

import CallbotAPI
import CallqJSON

/// Splits list options into several requests.
enum OptionSplitter {
    /// The options that hold lists, in the order they are split.
    static let listKeys = ["orderID", "intentID", "intentName", "intentTag", "callStatus"]
    /// Lists whose parts select disjoint orders (an order has one id and one status),
    /// so counts of the parts add up.
    static let disjointKeys: Set<String> = ["orderID", "callStatus"]

    /// Options in which no list is longer than `limit`, together equivalent to `options`.
    static func split(_ options: ListOrderOptions, limit: Int) -> [ListOrderOptions] {
        var parts = [options]
        for key in listKeys {
            parts = parts.flatMap { part -> [ListOrderOptions] in
                guard let items = part.json[key]?.arrayValue, items.count > limit else { return [part] }
                return stride(from: 0, to: items.count, by: limit).map {
                    replacing(key, in: part, with: Array(items[$0..<min($0 + limit, items.count)]))
                }
            }
        }
        return parts
    }

    /// The options with their longest list cut in two halves; nil when no list has two elements.
    static func halve(_ options: ListOrderOptions) -> [ListOrderOptions]? {
        var best: (key: String, items: [JSONValue])?
        for key in listKeys {
            if let items = options.json[key]?.arrayValue, items.count >= 2, items.count > (best?.items.count ?? 0) {
                best = (key, items)
            }
        }
        guard let best else { return nil }
        let mid = best.items.count / 2
        return [
            replacing(best.key, in: options, with: Array(best.items[..<mid])),
            replacing(best.key, in: options, with: Array(best.items[mid...]))
        ]
    }

    /// Whether every list that differs between the parts selects disjoint orders.
    static func partsAreDisjoint(_ parts: [ListOrderOptions], of options: ListOrderOptions) -> Bool {
        for key in listKeys where !disjointKeys.contains(key) {
            let whole = options.json[key]
            if parts.contains(where: { $0.json[key] != whole }) { return false }
        }
        return true
    }

    private static func replacing(_ key: String, in options: ListOrderOptions, with items: [JSONValue]) -> ListOrderOptions {
        guard case .object(var o) = options.json else { return options }
        o[key] = .array(items)
        return ListOrderOptions(json: .object(o))
    }
}
