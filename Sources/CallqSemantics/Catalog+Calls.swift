// The fields of a call attempt (`calls …`, SPEC §11): an order's own fields,
// the attempt's call fields under the same names as for orders (a row is the
// order with `callInfoDetail` = that attempt), plus `attempt` (1 = the first by
// callStartTs) and `attempts` (how many the order has). Only the fields about
// the order itself keep their listOrder option — orderID, finish, task — since
// a listOrder status, duration or intent filter describes the last call only.
// `turnTime` is left out: it is a server filter on the last call, never read.

import Foundation

extension Catalog {
    /// The key of a calls row that holds the attempt's number (1 = the oldest).
    public static let attemptKey = "attempt"
    /// The key of a calls row that holds how many attempts its order has.
    public static let attemptsKey = "attempts"

    /// Which order-level options keep pushing for `calls`.
    static let orderLevel: Set<PushOption> = [.orderID, .finish, .userTaskID]

    /// The fields of a call attempt.
    public static let calls: Catalog = {
        var fields: [Field] = []
        for f in Catalog.orders.fields where !f.serverOnly {
            let isCall = f.path.keyPrefix.first == "callInfoDetail"
            let push = f.pushdown.flatMap { orderLevel.contains($0) ? $0 : nil }
            let help =
                isCall
                ? f.help.replacingOccurrences(of: "of the last call", with: "of this attempt")
                    .replacingOccurrences(of: "the last call", with: "this attempt") : f.help
            fields.append(Field(f.name, aliases: f.aliases, f.type, f.path, pushdown: push, help: help))
            if f.name == "finish" {
                fields.append(
                    Field(
                        attemptKey, .integer, FieldPath([.key(attemptKey)]),
                        help: "number of this attempt, 1 = the first (by callStartTs)"))
                fields.append(
                    Field(
                        attemptsKey, .integer, FieldPath([.key(attemptsKey)]),
                        help: "how many attempts the order has"))
            }
        }
        return Catalog(
            fields: fields, hasParams: true,
            defaults: [
                "orderID", "attempt", "attempts", "userPhone", "callStatus", "callDuration", "callStartTs", "hangupCause"
            ])
    }()
}

extension Catalog {
    /// A hint for a name this catalog lacks but another has: `turns` in `calls`, `attempt` in `orders`.
    func missingFieldHint(_ name: String) -> String? {
        let isCalls = field(named: Catalog.attemptKey) != nil
        let isOrders = !isCalls && field(named: "callStatus") != nil
        if isCalls, Catalog.orders.field(named: name) != nil {
            return "`\(name)` is a listOrder filter on an order's last call; `calls` rows do not have it"
        }
        if isOrders, Catalog.calls.field(named: name) != nil {
            return "`\(name)` is a field of `calls` (one row per call attempt): write `calls where …`"
        }
        return nil
    }
}

/// What one row of a query's records is.
public enum RowUnit: String, Sendable, Hashable {
    /// An order (listOrder, a saved file, the mirror's orders).
    case orders
    /// A call attempt of an order (`calls`): the order's fields with `callInfoDetail` = the
    /// attempt, plus `attempt` and `attempts`.
    case calls
}
