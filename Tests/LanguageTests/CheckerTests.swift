// Statement checking: settings, variables, outputs, the catalog's
// completeness against SPEC §3.4, and whole-script checking.

import CallqResult
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct CheckerTests {
    @Test func settings() throws {
        guard case .set(.timeout, .seconds(90)) = try Checker.check("set timeout = 90s", context: T.context) else {
            Issue.record("timeout"); return
        }
        guard case .set(.recheck, .flag(true)) = try Checker.check("set recheck on", context: T.context) else {
            Issue.record("recheck"); return
        }
        guard case .set(.format, .format(.csv)) = try Checker.check("set format = CSV", context: T.context) else {
            Issue.record("format"); return
        }
        guard case .set(.size, .integer(50)) = try Checker.check("set page_size = 50", context: T.context) else {
            Issue.record("page_size alias"); return
        }
        #expect(T.error("set size = 0")?.kind == .invalidSetting)
        // Out of the table's range: reported by the checker, with the position, like `= 0`.
        let big = T.error("set concurrency = 1000")
        #expect(big?.kind == .invalidSetting)
        #expect(big?.message == "`concurrency` takes a whole number from 1 to 64, not 1000")
        #expect(big?.range.start.column == 19)
    }

    @Test func outputsCarryNamesAndKinds() throws {
        guard
            case .query(let q) = try Checker.check(
                "orders select status as s, intent, started order by duration desc", context: T.context),
            case .records(let values, passThrough: false) = q.shape
        else { Issue.record("no projection"); return }
        #expect(q.columns.map(\.name) == ["s", "intent", "started"])
        #expect(q.columns.map(\.kind) == [CatalogEnum.callStatus.columnKind, .list(.text), .time])
        #expect(values.map(\.callqText) == ["callStatus", "intentName", "callStartTs"])
        #expect(q.orderBy.first?.key == .term(.field(Catalog.orders.field(named: "duration")!)))
        #expect(q.orderBy.first?.descending == true)
        guard
            case .query(let s) = try Checker.check(
                "orders stats count(), avg(duration) as a by agent",
                context: T.context),
            case .groups(let keys, let aggs, _, _) = s.shape
        else { Issue.record("no stats"); return }
        #expect(aggs.map(\.name) == ["count()", "avg(duration)"])
        #expect(aggs.map(\.function) == [.count, .avg])
        #expect(aggs.map(\.kind) == [.integer, .seconds])
        #expect(keys.map(\.callqText) == ["agentName"])
        #expect(s.columns.map(\.name) == ["agent", "count()", "a"])
    }

    @Test func catalogCoversTheSpec() {
        let names = [
            "orderID", "userPhone", "userName", "sceneID", "userTaskID", "taskID", "finish", "other", "callID",
            "callingNumber", "lineAddress", "callStatus", "callStartTs", "callAnswerTs", "callEndTs",
            "callDuration", "callAudioUrl", "hangupCause", "termSipCode", "intentID", "intentName",
            "intentTag", "intentLevel", "turnTime", "smsContent", "smsSendTs", "sysMessageID", "paramName", "paramValue",
            "agentName",
            "agentGroup", "agentCallStatus", "agentCallElapsed", "agentLabel", "manualCallStart",
            "manualCallAnswer", "manualCallEnd", "manualHangupBy", "seen", "changed"
        ]
        #expect(Catalog.orders.fields.map(\.name) == names)
        let aliases = [
            "id": "orderID", "order": "orderID", "phone": "userPhone", "name": "userName", "scene": "sceneID",
            "task": "userTaskID", "finished": "finish", "caller": "callingNumber", "line": "lineAddress",
            "status": "callStatus", "started": "callStartTs", "start": "callStartTs",
            "answered": "callAnswerTs", "ended": "callEndTs", "end": "callEndTs", "duration": "callDuration",
            "audio": "callAudioUrl", "cause": "hangupCause", "sip": "termSipCode", "intent": "intentName",
            "turns": "turnTime", "sms": "smsContent", "agent": "agentName"
        ]
        for (a, f) in aliases { #expect(Catalog.orders.field(named: a)?.name == f, "alias \(a)") }
        #expect(CatalogEnum.callStatus.codes(for: "rejected") == [12, 13])
        #expect(CatalogEnum.callStatus.codes(for: "In-Progress") == [1, 2, 3, 4, 5])
        #expect(CatalogEnum.callStatus.codes(for: "failed") == Array(8...25))
        #expect(Catalog.orders.fieldsHelp.contains("callStatus"))
        #expect(Catalog.statusesHelp.contains("busy_rejected"))
        #expect(LanguageCatalog.keywords.contains("between") && Catalog.enumNames.contains("voicemail"))
    }

    @Test func tasksStatement() throws {
        guard
            case .query(let t) = try Checker.check(
                "tasks where status = running and name like '%x%' select id",
                context: T.context), t.source == .taskList,
            case .records(let values, _) = t.shape
        else { Issue.record("tasks"); return }
        #expect(t.filter?.evaluate(["taskStatus": 2, "taskName": "a x b"]) == true)
        #expect(t.filter?.evaluate(["taskStatus": 3, "taskName": "a x b"]) == false)
        #expect(values.map(\.callqText) == ["userTaskID"])
        #expect(T.error("tasks where duration > 3")?.kind == .unknownField)
        // Task statistics are fields of the task record's `taskStat`.
        guard
            case .query(let s) = try Checker.check(
                "tasks where answerRate > 0 select task, totalCall order by totalCall desc",
                context: T.context)
        else { Issue.record("tasks stats"); return }
        #expect(s.filter?.evaluate(["taskStat": ["answerRate": 0.5]]) == true)
        #expect(s.filter?.evaluate(["taskStat": ["answerRate": "0"]]) == false)
        #expect(s.columns.map(\.kind) == [.text, .integer])
    }
}

@Suite struct OrderByOutputTests {
    @Test func orderByCountOrAlias() throws {
        guard case .query(let q) = try Checker.check("orders count by status order by count desc", context: T.context)
        else { Issue.record("query"); return }
        #expect(q.orderBy.map(\.key) == [.column(1)])
        guard
            case .query(let s) = try Checker.check(
                "orders stats avg(duration) as a by agent order by a, agent, agentName",
                context: T.context)
        else { Issue.record("query"); return }
        #expect(s.orderBy.map(\.key) == [.column(1), .column(0), .column(0)])
        #expect(T.error("orders select id order by count")?.kind == .unknownField)
        guard case .query(let r) = try Checker.check("orders select id as x, phone order by x, duration", context: T.context)
        else { Issue.record("query"); return }
        #expect(r.orderBy.map(\.key) == [.column(0), .term(.field(Catalog.orders.field(named: "duration")!))])
    }

    /// SPEC §9.2: a count/stats result is sorted by output columns only (the wrong answer of issue 10).
    @Test func orderByOnGroupsNamesOutputColumnsOnly() {
        let e = T.error("orders where status = completed stats avg(duration) as a by agentGroup order by duration")
        #expect(e?.kind == .invalidClause)
        #expect(e?.hint == "output columns: agentGroup, a")
        #expect(e?.range.start.column == 81)
        #expect(T.error("orders count by status order by duration")?.hint == "output columns: status, count")
    }

    @Test func duplicateOutputNamesAreRefused() {
        #expect(T.error("orders select id as x, phone as x format json")?.message == "two output columns are named `x`")
        #expect(T.error("orders stats count(), count()")?.kind == .invalidClause)
    }

    @Test func orderByNulls() throws {
        guard
            case .query(let q) = try Checker.check(
                "orders order by started desc nulls first, ended nulls last", context: T.context)
        else { Issue.record("query"); return }
        #expect(q.orderBy.map(\.nullsFirst) == [true, false])
        #expect(q.orderBy.map(\.descending) == [true, false])
    }
}
