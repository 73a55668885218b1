// What a query's rows are (SPEC §11): orders (`orders …`) or call attempts
// (`calls …`, one row per attempt listOrderDetail returns). The sources a
// `calls` query may read are the API and the mirror; everything after the
// source is the same grammar as for `orders`.

/// The kind of row a query enumerates.
public enum QueryUnit: String, Sendable, Hashable {
    /// One row per order (listOrder).
    case orders
    /// One row per call attempt of an order (listOrder, then listOrderDetail).
    case calls
}
