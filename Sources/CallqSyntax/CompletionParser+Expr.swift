// Completion walk over expressions (SPEC §3.3, §9.1, §9.2), mirroring Parser+Expr:
// `or` < `and` < `not` < predicate; a predicate's left side is an operand (a field, a
// function call, arithmetic); its right side a value. Aggregates and their arguments for `stats`.

extension CompletionParser {
    /// Where an expression stands: a `where` filter (names are fields) or `having` (output columns).
    enum ExpressionMode {
        case filter
        case having
    }

    /// What names an operand may start with: fields (and functions), or the output columns.
    enum OperandNames {
        case fields
        case columns
    }

    /// Comparison symbols (`~` takes a pattern, the others a value).
    static let compareSymbols: Set<String> = ["=", "!=", "<", "<=", ">", ">=", "~"]
    /// Words that cannot be a field name (as in `Parser.fieldRef`).
    static let reservedNames: Set<String> = ["and", "or", "not", "where", "select", "by", "in", "is"]
    /// Words that cannot be a value after an operator (as in `Parser.term`).
    static let nonValues: Set<String> = ["and", "or", "where", "select", "order", "limit", "by"]
    /// Aggregates whose arguments are conditions, by argument position (SPEC §9.2).
    static let conditionArguments: [String: Int] = ["countif": 0, "sumif": 1, "avgif": 1]

    /// expression := and (`or` and)*
    mutating func expression(_ mode: ExpressionMode) throws(Stop) {
        try andExpression(mode)
        while accept("or") { try andExpression(mode) }
    }

    /// and := not (`and` not)*
    mutating func andExpression(_ mode: ExpressionMode) throws(Stop) {
        try notExpression(mode)
        while accept("and") { try notExpression(mode) }
    }

    /// not := `not` not | primary
    mutating func notExpression(_ mode: ExpressionMode) throws(Stop) {
        try enter()
        defer { depth -= 1 }
        if accept("not") {
            try notExpression(mode)
            return
        }
        try primary(mode)
    }

    /// primary := `(` expression `)` | `$`VARIABLE | predicate — a `(` that holds an operand
    /// rather than a condition (`(duration / 60) > 1`) is read again as the predicate's left side.
    mutating func primary(_ mode: ExpressionMode) throws(Stop) {
        if current.isSymbol("(") {
            let start = index
            advance()
            do {
                try expression(mode)
                try expect(symbol: ")")
                return
            } catch .notPredicate {
                index = start
            } catch {
                throw error
            }
        }
        if case .variable = current.kind {
            advance()
            return
        }
        try predicate(mode)
    }

    /// predicate := operand (compareOp value | [`not`] `in` `(` values `)` | [`not`] `like` value
    ///            | `between` value `and` value | `is` [`not`] (`null` | `empty`))
    mutating func predicate(_ mode: ExpressionMode) throws(Stop) {
        let start = index
        var left = try operand(mode == .filter ? .fields : .columns)
        if mode == .having { left = .column(text(from: start, to: index)) }
        if case .symbol(let s) = current.kind, CompletionParser.compareSymbols.contains(s) {
            advance()
            try value(s == "~" ? [] : [.values(left, scope)])
            return
        }
        if atEnd {
            offer(.operators(left, scope))
            throw .reached
        }
        var negated = false
        if current.isWord("not") {
            advance()
            negated = true
            if atEnd {
                offer(.negatedOperators(left, scope))
                throw .reached
            }
        }
        if current.isWord("in") {
            advance()
            if atEnd { offer(.symbol("(")) }
            try expect(symbol: "(")
            if !current.isSymbol(")") {
                repeat { try value([.values(left, scope)]) } while accept(symbol: ",")
            }
            try expect(symbol: ")")
            return
        }
        if current.isWord("like") {
            advance()
            try value([])
            return
        }
        if negated { throw .invalid }
        if current.isWord("between") {
            advance()
            try value([.values(left, scope)])
            try expect("and")
            try value([.values(left, scope)])
            return
        }
        if current.isWord("is") {
            advance()
            _ = accept("not")
            if accept("null") { return }
            // `is empty` tests a multi-valued field, not a computed value.
            switch left {
            case .field, .parameter, .column: if accept("empty") { return }
            case .function, .other: break
            }
            throw stop
        }
        if current.isSymbol(")") { throw .notPredicate }
        throw .invalid
    }

    // MARK: - Operands (SPEC §9.1)

    /// operand := product ((`+` | `-`) product)*
    mutating func operand(_ names: OperandNames) throws(Stop) -> CompletionOperand {
        var result = try product(names)
        while current.isSymbol("+") || current.isSymbol("-") {
            advance()
            _ = try product(names)
            result = .other
        }
        return result
    }

    /// product := unary ((`*` | `/`) unary)*
    mutating func product(_ names: OperandNames) throws(Stop) -> CompletionOperand {
        var result = try unary(names)
        while current.isSymbol("*") || current.isSymbol("/") {
            advance()
            _ = try unary(names)
            result = .other
        }
        return result
    }

    /// unary := `-` unary | atom
    mutating func unary(_ names: OperandNames) throws(Stop) -> CompletionOperand {
        try enter()
        defer { depth -= 1 }
        if accept(symbol: "-") {
            _ = try unary(names)
            return .other
        }
        return try atom(names)
    }

    /// atom := number | duration | STRING | `$`VARIABLE | `(` operand `)` | NAME `(` args `)` | fieldRef
    mutating func atom(_ names: OperandNames) throws(Stop) -> CompletionOperand {
        if atEnd {
            switch names {
            case .fields:
                offer(.fields(scope))
                offer(.functions)
            case .columns:
                offer(.columns(outputColumns ?? []))
            }
            throw .reached
        }
        switch current.kind {
        case .symbol("("):
            advance()
            _ = try operand(names)
            try expect(symbol: ")")
            return .other
        case .word(let w):
            let name = w.lowercased()
            if tokens[min(index + 1, tokens.count - 1)].isSymbol("(") {
                advance()
                advance()
                var arguments: [CompletionOperand] = []
                if !current.isSymbol(")") {
                    repeat { arguments.append(try operand(names)) } while accept(symbol: ",")
                }
                try expect(symbol: ")")
                return .function(name, arguments)
            }
            if CompletionParser.reservedNames.contains(name) { throw .invalid }
            advance()
            // param.NAME: the `.` right after the name.
            if current.isSymbol("."), current.range.start.offset == tokens[index - 1].range.end.offset {
                advance()
                switch current.kind {
                case .word, .string, .integer: advance()
                default: throw stop
                }
                return .parameter
            }
            return .field(w)
        case .symbol, .end:
            throw .invalid
        default:   // a literal: number, decimal, duration, string, `$`variable
            advance()
            return .other
        }
    }

    // MARK: - Values

    /// value := term ((`+` | `-`) term)*, offering `slots` where the first term goes.
    mutating func value(_ slots: [CompletionSlot]) throws(Stop) {
        try term(slots)
        while current.isSymbol("+") || current.isSymbol("-") {
            advance()
            try term([])
        }
    }

    /// term := INTEGER | `-` (INTEGER | DURATION) | DURATION | STRING | `$`VARIABLE | NAME
    mutating func term(_ slots: [CompletionSlot]) throws(Stop) {
        if atEnd {
            for slot in slots { offer(slot) }
            throw .reached
        }
        switch current.kind {
        case .symbol("-"):
            advance()
            switch current.kind {
            case .integer, .duration: advance()
            default: throw stop
            }
        case .word(let w):
            if CompletionParser.nonValues.contains(w.lowercased()) { throw .invalid }
            advance()
        case .symbol, .end:
            throw .invalid
        default:   // a literal: number, decimal, duration, string, `$`variable
            advance()
        }
    }

    // MARK: - Aggregates (SPEC §3.2, §9.2)

    /// statsItem := a product/sum of aggregate calls and numbers (`100 * countif(…) / count()`).
    mutating func statsItem() throws(Stop) {
        try statsProduct()
        while current.isSymbol("+") || current.isSymbol("-") {
            advance()
            try statsProduct()
        }
    }

    mutating func statsProduct() throws(Stop) {
        try statsUnary()
        while current.isSymbol("*") || current.isSymbol("/") {
            advance()
            try statsUnary()
        }
    }

    mutating func statsUnary() throws(Stop) {
        try enter()
        defer { depth -= 1 }
        if accept(symbol: "-") {
            try statsUnary()
            return
        }
        if atEnd {
            offer(.aggregates)
            throw .reached
        }
        switch current.kind {
        case .symbol("("):
            advance()
            try statsItem()
            try expect(symbol: ")")
        case .word(let w):
            guard tokens[min(index + 1, tokens.count - 1)].isSymbol("(") else {
                _ = try atom(.fields)   // a bare field: the checker says it must be a `by` key
                return
            }
            advance()
            advance()
            try aggregateArguments(of: w.lowercased())
        default:   // a literal (`100 * countif(…)`), or an error atom() reports
            _ = try atom(.fields)
        }
    }

    /// The arguments of an aggregate call, after its `(`, through its `)`: operands, and
    /// conditions where `countif`, `sumif` and `avgif` take them.
    mutating func aggregateArguments(of name: String) throws(Stop) {
        if current.isSymbol(")") {
            advance()
            return
        }
        var position = 0
        repeat {
            if CompletionParser.conditionArguments[name] == position {
                try expression(.filter)
            } else {
                _ = try operand(.fields)
            }
            position += 1
        } while accept(symbol: ",")
        try expect(symbol: ")")
    }
}
