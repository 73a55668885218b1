// The scalar functions of expressions (SPEC §9.1), by name: the one list completion
// offers and the checker resolves calls against.

extension Catalog {
    /// The scalar functions, in the order SPEC §9.1 lists them.
    public static let functionNames = ["hour", "weekday", "day", "week", "month", "bin", "lower", "upper", "length",
                                       "coalesce"]
}
