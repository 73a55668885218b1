import CallqResult
import CallqSyntax
import Foundation
import Testing

// Completion by context over (text, cursor): for each place of the grammar, exactly the
// words that may stand there — fields after where/and/or/not/select/by, a field's operators,
// an enum's names, formats, output columns, task ids, paths, the clauses that may follow —
// and nothing in comments, numbers, unrelated strings or after a syntax error.
@testable import CallqSemantics

@Suite("Completion by context")
struct CompletionTests {
    static let taskIDs = ["task-1", "task-2", "demo-task"]

    /// The words offered for the text before `cursor` (a character offset; the end by default).
    func words(_ text: String, cursor: Int? = nil) -> [String] {
        complete(text, cursor: cursor).words.map(\.text)
    }

    func complete(_ text: String, cursor: Int? = nil) -> LanguageCompletion {
        let before = cursor.map { String(text.prefix($0)) } ?? text
        return Completions.complete(before: before, taskIDs: CompletionTests.taskIDs, helpTopics: ["fields", "statuses"])
    }

    static func sorted(_ words: [String]) -> [String] {
        Array(Set(words)).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    static let orderFields = Catalog.orders.allNames
    static let functions = TermFunction.names
    /// What may start a condition: `not`, a field, a function.
    static let conditionStart = sorted(orderFields + functions + ["not"])
    static let callStatusNames = CatalogEnum.callStatus.allNames
    static let clausesAfterFilter = [
        "and", "count", "format", "into", "limit", "or", "order", "page", "select",
        "size", "stats"
    ]

    // MARK: - Fields, functions, operators

    @Test("after where, and, or, not: fields, functions and not — no clause words, no enum names")
    func conditionStart() {
        for text in [
            "orders where ", "orders where status = busy and ", "orders where status = busy or ",
            "orders where not ", "orders where (", "orders where not (not "
        ] {
            #expect(words(text) == Self.conditionStart, "\(text)")
        }
        let offered = words("orders where ")
        for word in ["select", "limit", "orders", "busy", "where", "count"] { #expect(!offered.contains(word)) }
    }

    @Test("orders where stat⇥ is status alone (stats does not compete)")
    func whereStat() {
        #expect(words("orders where stat") == ["status"])
        let completion = complete("orders where stat")
        #expect(completion.typed == "stat")
        #expect(completion.words.first?.suffix == " ")
    }

    @Test("select and by offer fields and functions; functions open their parenthesis")
    func selectAndBy() {
        let fields = Self.sorted(Self.orderFields + Self.functions)
        #expect(words("orders select ") == fields)
        #expect(words("orders select id, ") == fields)
        #expect(words("orders count by ") == fields)
        #expect(words("orders count by status, ") == fields)
        #expect(words("orders stats count() by ") == fields)
        let hour = complete("orders select hou")
        #expect(hour.words.map(\.text) == ["hour"])
        #expect(hour.words.first?.suffix == "(")
        #expect(hour.words.first?.kind == .keyword)
        #expect(words("orders count by day(") == fields)
        #expect(words("orders where par") == ["param", "paramName", "paramValue"])
        #expect(complete("orders where par").words.first?.suffix == ".")
    }

    @Test("tasks queries offer the task fields")
    func taskFields() {
        #expect(words("tasks where ") == Self.sorted(Catalog.tasks.allNames + Self.functions + ["not"]))
        #expect(words("tasks select fin") == ["finishOrderCount", "finishRate"])
        #expect(words("tasks where status = ") == Self.sorted(CatalogEnum.taskStatus.allNames))
    }

    @Test("calls queries offer the order fields and the attempt's")
    func callsFields() {
        #expect(words("calls where attem") == ["attempt", "attempts"])
        #expect(words("calls where attempt ").contains("between"))
        #expect(words("calls select ") == Self.sorted(Catalog.calls.allNames + Self.functions))
        #expect(!words("calls where tu").contains("turns"))  // a listOrder filter only, not a calls field
    }

    @Test("after a field: the operators of its type")
    func operators() {
        let ordered = ["<", "<=", ">", ">=", "between"]
        #expect(words("orders where duration ") == Self.sorted(["=", "!=", "in", "not", "is"] + ordered))
        #expect(words("orders where status ") == Self.sorted(["=", "!=", "in", "not", "is"] + ordered))
        #expect(words("orders where name ") == Self.sorted(["=", "!=", "~", "in", "not", "like", "is"] + ordered))
        #expect(words("orders where finish ") == Self.sorted(["=", "!=", "in", "not", "is"]))
        #expect(words("orders where turns ") == Self.sorted(["=", "<", "<=", ">", ">=", "between"]))
        #expect(words("orders where param.city ").contains("like"))
        #expect(words("orders where status i") == ["in", "is"])
        #expect(words("orders where duration b") == ["between"])
        #expect(words("orders where duration l") == [])  // like needs text
        #expect(words("orders where name not ") == ["in", "like"])
        #expect(words("orders where status not ") == ["in"])
        #expect(words("orders where status is ") == ["empty", "not", "null"])
        #expect(words("orders where status is not ") == ["empty", "null"])
        #expect(words("orders where lower(name) is ") == ["not", "null"])
        #expect(words("orders where duration between 10 ") == ["and"])
        #expect(words("orders where status in ") == ["("])
    }

    @Test("expressions on the left side: function results and arithmetic keep their operators")
    func expressionOperators() {
        #expect(!words("orders where hour(started) ").contains("like"))
        #expect(words("orders where hour(started) ").contains("between"))
        #expect(words("orders where lower(name) ").contains("like"))
        #expect(words("orders where (duration * 2) ").contains("between"))
        #expect(words("orders where (duration * 2) > 1 ") == Self.clausesAfterFilter)
        #expect(words("orders where (status = busy or duration > 3) ") == Self.clausesAfterFilter)
        #expect(words("orders where (status = busy ") == ["and", "or"])
    }

    // MARK: - Values

    @Test("after status =, status in (, agentCallStatus =: that enum's names")
    func enumValues() {
        #expect(words("orders where status = ") == Self.sorted(Self.callStatusNames))
        #expect(words("orders where status in (") == Self.sorted(Self.callStatusNames))
        #expect(words("orders where status in (busy, ") == Self.sorted(Self.callStatusNames))
        #expect(words("orders where callStatus != ") == Self.sorted(Self.callStatusNames))
        #expect(words("orders where status = bus") == ["busy", "busy_rejected"])
        #expect(words("orders where agentCallStatus = ") == Self.sorted(CatalogEnum.agentCallStatus.allNames))
        #expect(words("orders where agentCallStatus = ag") == ["agent_busy"])
        #expect(words("orders where status = ring-mi") == ["ring_missed"])
        #expect(complete("orders where status in (busy, ring-mi").typed == "ring-mi")
        #expect(words("orders where status between ") == Self.sorted(Self.callStatusNames))
        #expect(words("orders where finish = ") == ["false", "true"])
        #expect(words("orders where started > ") == ["now", "today"])
        #expect(words("orders where name = ") == [])
        #expect(words("orders where name like ") == [])
        #expect(words("orders where status in (busy ") == [])
    }

    // MARK: - Clauses

    @Test("after a complete predicate: the keywords that may follow")
    func afterPredicate() {
        #expect(words("orders where status = busy ") == Self.clausesAfterFilter)
        #expect(words("orders where duration between 1 and 5 ") == Self.clausesAfterFilter)
        #expect(words("orders where intent is empty ") == Self.clausesAfterFilter)
        #expect(words("orders where status in (busy, 11) ") == Self.clausesAfterFilter)
        #expect(words("orders where status = busy s") == ["select", "size", "stats"])
    }

    @Test("after orders and calls: their clauses")
    func afterSource() {
        let clauses = [
            "count", "format", "from", "in", "into", "limit", "order", "page", "select", "size", "stats",
            "where"
        ]
        #expect(words("orders ") == clauses)
        #expect(words("calls ") == clauses)
        #expect(words("orders from ") == ["file", "mirror", "stdin"])
        #expect(words("calls from ") == ["mirror"])
        #expect(words("calls from mirror in task 'd") == ["demo-task"])
        #expect(words("orders from mirror ") == clauses.filter { $0 != "from" })
        #expect(words("orders in ") == ["task"])
        // The task list is read whole: no `page` or `size` (#26 item 13).
        #expect(words("tasks ") == clauses.filter { !["from", "in", "page", "size"].contains($0) })
        #expect(words("tasks limit 3 ") == ["format", "into", "order"])
    }

    @Test("set tz completes time zone names, after the area too (#26 item 13)")
    func zones() {
        let under = words("set tz = Asia/Ja")
        #expect(under.contains("Jakarta") && under.contains("Jayapura"), "\(under)")
        #expect(!under.contains { $0.contains("Asia") || $0 == "UTC" })
        #expect(words("set tz = Asia/Jak") == ["Jakarta"])
        #expect(words("set timezone = Europe/Be").contains("Berlin"))
        #expect(
            words("set tz = America/Argentina/Sa")
                == ["Salta", "San_Juan", "San_Luis"].filter {
                    TimeZone.knownTimeZoneIdentifiers.contains("America/Argentina/" + $0)
                })
        #expect(words("set tz = UT") == ["UTC"])
        #expect(words("set tz = Asia/Jakar").count == 1)
        // The area first, then `/` is inserted with it when it is the only one.
        #expect(words("set tz = Asi") == ["Asia"])
        #expect(complete("set tz = Asi").words.first?.suffix == "/")
        #expect(complete("set tz = Asia/Jak").words.first?.suffix == " ")
    }

    @Test("clauses after the output, each only once")
    func tailClauses() {
        #expect(words("orders select id ") == ["as", "format", "into", "limit", "order", "page", "size"])
        #expect(words("orders select id as x ") == ["format", "into", "limit", "order", "page", "size"])
        #expect(words("orders limit 5 ") == ["format", "into", "order", "page", "size"])
        #expect(words("orders limit 5 format csv ") == ["into", "order", "page", "size"])
        #expect(words("orders count ") == ["by", "format", "having", "into", "limit", "order", "page", "size"])
        #expect(words("orders count by status ") == ["format", "having", "into", "limit", "order", "page", "size"])
        #expect(words("orders order ") == ["by"])
        #expect(words("orders order by duration ") == ["asc", "desc", "format", "into", "limit", "nulls", "page", "size"])
        #expect(words("orders order by duration desc ") == ["format", "into", "limit", "nulls", "page", "size"])
        #expect(words("orders order by duration desc nulls ") == ["first", "last"])
        #expect(words("orders limit ") == [])
        #expect(words("orders page 1 ") == ["format", "into", "limit", "order", "size"])
    }

    @Test("after format: the formats; orders format cs⇥ is csv")
    func formats() {
        #expect(words("orders format ") == OutputFormat.allCases.map(\.rawValue).sorted())
        #expect(words("orders format cs") == ["csv"])
        #expect(words("orders where status = busy limit 3 format nd") == ["ndjson"])
    }

    @Test("after order by: the output columns of the statement")
    func orderByColumns() {
        #expect(words("orders count by status order by ") == ["count", "status"])
        #expect(words("orders count by status, agentGroup order by ") == ["agentGroup", "count", "status"])
        #expect(words("orders count by hour(started) order by ") == ["count", "hour(started)"])
        #expect(
            words("orders stats count(), avg(duration) as d by agentGroup order by ")
                == ["agentGroup", "count()", "d"])
        #expect(words("orders stats avg(duration) by agentGroup order by a") == ["agentGroup", "avg(duration)"])
        // Rows with a select list: its columns (aliases too) and any field or function.
        #expect(words("orders select id as x, phone order by x") == ["x"])
        #expect(words("orders select id, phone order by dur") == ["duration"])
        #expect(Set(words("orders select id, phone order by ")).isSuperset(of: ["id", "phone", "duration", "hour"]))
        #expect(words("orders count by status order by count desc, ") == ["count", "status"])
        // Without a select list any field may be sorted on.
        #expect(words("orders order by dur") == ["duration"])
        #expect(words("orders select * order by dur") == ["duration"])
    }

    @Test("stats: the aggregates, their arguments, having on the output columns")
    func stats() {
        #expect(words("orders stats ") == Self.sorted(LanguageCatalog.aggregateNames))
        #expect(words("orders stats count(), ") == Self.sorted(LanguageCatalog.aggregateNames))
        #expect(complete("orders stats av").words.first?.suffix == "(")
        #expect(words("orders stats avg(") == Self.sorted(Self.orderFields + Self.functions))
        #expect(words("orders stats avg(dur") == ["duration"])
        #expect(words("orders stats countif(") == Self.conditionStart)
        #expect(words("orders stats countif(status = ") == Self.sorted(Self.callStatusNames))
        #expect(words("orders stats sumif(duration, ") == Self.conditionStart)
        #expect(
            words("orders stats avg(duration) ") == [
                "as", "by", "format", "having", "into", "limit", "order",
                "page", "size"
            ])
        #expect(words("orders stats count() as calls by status having ") == ["calls", "not", "status"])
        #expect(words("orders stats count() as calls by status having status = ") == Self.sorted(Self.callStatusNames))
        #expect(
            words("orders count by status having count > 3 ") == [
                "and", "format", "into", "limit", "or",
                "order", "page", "size"
            ])
    }

    // MARK: - Task ids and paths

    @Test("after in task and use task: the task ids seen, quoted")
    func taskIDs() {
        #expect(words("orders in task ") == ["'demo-task'", "'task-1'", "'task-2'"])
        let quoted = complete("orders in task 'ta")
        #expect(quoted.typed == "ta")
        #expect(quoted.quote == "'")
        #expect(quoted.words.map(\.text) == ["task-1", "task-2"])
        #expect(quoted.words.first?.suffix == "'")
        #expect(words("orders in task 'task-1', \"de") == ["demo-task"])
        #expect(complete("use task \"de").words.first?.suffix == "\"")
        #expect(words("use task ") == ["'demo-task'", "'task-1'", "'task-2'"])
        #expect(words("use ") == ["task"])
        #expect(words("sync task '") == ["demo-task", "task-1", "task-2"])
        #expect(words("orders from mirror in task 'd") == ["demo-task"])
        #expect(words("orders in task 'task-1' ").contains("where"))
    }

    @Test("after from file and into: paths, in quotes")
    func paths() {
        let file = complete("orders from file '")
        #expect(file.paths && file.words.isEmpty && file.quote == "'")
        let partial = complete("orders from file 'out/da")
        #expect(partial.paths && partial.typed == "out/da")
        #expect(complete("orders into ").paths)
        #expect(complete("orders where status = busy limit 3 into \"x").paths)
        #expect(complete("orders from file ").paths)
        #expect(!complete("orders where name like '%a").paths)
        #expect(complete("orders where name like '%a").words.isEmpty)
        #expect(!complete("orders in task '").paths)
    }

    // MARK: - Statements

    @Test("statement words at the start; sync, mirrors, set, help, explain")
    func statements() {
        #expect(
            words("") == [
                "calls", "explain", "help", "let", "mirrors", "orders", "ping", "set", "sync", "tasks",
                "use", "watch"
            ])
        #expect(words("sy") == ["sync"])
        #expect(words("mi") == ["mirrors"])
        #expect(words("sync ") == ["full", "task"])
        #expect(words("sync task 'a' ") == ["full"])
        #expect(words("mirrors ") == [])
        #expect(words("explain ") == ["calls", "orders", "tasks"])
        #expect(words("explain orders where stat") == ["status"])
        #expect(words("set form") == ["format"])
        #expect(words("set format = ") == Self.sorted(OutputFormat.allCases.map(\.rawValue) + ["auto"]))
        #expect(words("set timing ") == ["off", "on"])
        #expect(words("help ") == ["fields", "statuses"])
        #expect(words("let x = (stat") == ["status"])
        #expect(words("ping; orders wh") == ["where"])
        #expect(words("orders where status = busy;\norders format j") == ["json"])
    }

    @Test("the cursor inside a line: only the text before it counts")
    func cursorInside() {
        let line = "orders where stat = busy limit 3"
        #expect(words(line, cursor: 17) == ["status"])
        #expect(words(line, cursor: 13) == Self.conditionStart)
        #expect(words("orders format cs limit 3", cursor: 16) == ["csv"])
    }

    @Test("multi-line statements: earlier lines count")
    func multiLine() {
        #expect(words("orders where status = busy and\n  dura") == ["duration"])
        #expect(words("orders\n  where status = busy\n  ") == Self.clausesAfterFilter)
    }

    @Test("nothing where no word can stand: comments, numbers, variables, new names, errors")
    func nothing() {
        #expect(words("orders where sta -- sta") == [])
        #expect(words("orders # wh") == [])
        #expect(words("orders where duration > 3") == [])
        #expect(words("orders where duration > $mi") == [])
        #expect(words("orders select id as ") == [])
        #expect(words("orders where where ") == [])
        #expect(words("orders limit 3 limit ") == [])
        #expect(words("orders where status = busy ) ") == [])
        #expect(words("ping ") == [])
        #expect(words("orders where name = 'it\\'s' and stat") == ["status"])
        #expect(words("orders where zz") == [])
    }
}

/// Completion checked against the real parser over every statement of the golden scripts:
/// at each word, that word is among the candidates (when any are offered), and every keyword
/// offered there is one the parser accepts at that place.
@Suite("Completion agrees with the parser")
struct CompletionParserAgreementTests {
    /// One-line statements of the golden scripts that parse whole (and, with `checked`, pass
    /// the checker too); lines joined with `\` are left out.
    static func statements(checked: Bool) -> [String] {
        GoldenTests.caseNames.flatMap { name -> [String] in
            let url = GoldenTests.directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            let script = text.components(separatedBy: GoldenScript.separator)[0]
            return script.split(separator: "\n").map(String.init).filter {
                !$0.contains("\\") && (try? Parser.parse($0)) != nil && (!checked || T.error($0) == nil)
            }
        }
    }

    /// Whether the parser on main accepts `text` (features that other branches add may not be there yet).
    static func parses(_ text: String) -> Bool { (try? Parser.parse(text)) != nil }

    @Test("each word of a valid statement is offered where it stands")
    func wordsAreOffered() throws {
        let statements = Self.statements(checked: true)
        #expect(statements.count > 60)
        var offered = 0, words = 0
        for statement in statements {
            let bytes = Array(statement.utf8)
            let tokens = try Lexer.tokenize(statement)
            for token in tokens {
                guard case .word(let word) = token.kind else { continue }
                words += 1
                let before = String(decoding: bytes[..<token.range.start.offset], as: UTF8.self)
                let candidates = Completions.complete(before: before).words.map { $0.text.lowercased() }
                guard !candidates.isEmpty else { continue }
                offered += 1
                // `In-Call` is one word, offered in its canonical spelling `in_call`.
                #expect(
                    candidates.contains(word.lowercased().replacingOccurrences(of: "-", with: "_")),
                    "`\(word)` after `\(before)`: \(candidates)")
            }
        }
        // Words with nothing offered are free names (aliases, variables, parameter names) or
        // values of text fields; they are few.
        #expect(Double(offered) > 0.9 * Double(words), "\(offered) of \(words) words had candidates")
    }

    @Test("every keyword offered is accepted by the parser at that place")
    func keywordsParse() throws {
        let needsParens = Set(TermFunction.names + LanguageCatalog.aggregateNames)
        let unsupported = [("having", "orders count having count > 1"), ("calls", "calls count")]
            .filter { !Self.parses($0.1) }.map(\.0)
        let statements = Self.statements(checked: false)
        #expect(statements.count > 100)
        for statement in statements {
            let bytes = Array(statement.utf8)
            for token in try Lexer.tokenize(statement) {
                let before = String(decoding: bytes[..<token.range.start.offset], as: UTF8.self)
                let completion = Completions.complete(before: before)
                guard completion.typed.isEmpty else { continue }  // the end, right after a word
                for word in completion.words where word.kind == .keyword {
                    guard !needsParens.contains(word.text), !unsupported.contains(word.text) else { continue }
                    do {
                        _ = try Parser.parse(before + word.text + " ")
                    } catch {
                        #expect(
                            error.range.start.offset > token.range.start.offset,
                            "`\(word.text)` offered after `\(before)`: \(error)")
                    }
                }
            }
        }
    }
}
