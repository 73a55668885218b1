// Statement checking: settings, variables, outputs, the catalog's
// completeness against SPEC §3.4, and whole-script checking.

import CallqSemantics
import CallqSyntax
import Testing

@Suite struct CheckerTests {
    @Test func settings() throws {
        guard case .set("timeout", .integer(90)) = try Checker.check("set timeout = 90s", context: T.context) else {
            Issue.record("timeout"); return
        }
        guard case .set("recheck", .bool(true)) = try Checker.check("set recheck on", context: T.context) else {
            Issue.record("recheck"); return
        }
        guard case .set("format", .text("csv")) = try Checker.check("set format = CSV", context: T.context) else {
            Issue.record("format"); return
        }
        #expect(T.error("set size = 0")?.kind == .invalidSetting)
    }

    @Test func outputsCarryNamesAndKinds() throws {
        guard case .query(let q) = try Checker.check(
            "orders select status as s, intent, started order by duration desc", context: T.context),
            case .rows(let p?) = q.output else { Issue.record("no projection"); return }
        #expect(p.map(\.name) == ["s", "intent", "started"])
        #expect(p.map(\.kind) == [.enumeration(.callStatus), .list(.text), .time])
        #expect(q.orderBy.first?.field.name == "callDuration" && q.orderBy.first?.descending == true)
        guard case .query(let s) = try Checker.check("orders stats count(), avg(duration) as a by agent",
                                                     context: T.context),
              case .stats(let aggs, let by) = s.output else { Issue.record("no stats"); return }
        #expect(aggs.map(\.name) == ["count()", "a"])
        #expect(aggs.map(\.function) == [.count, .avg])
        #expect(by.map(\.field.name) == ["agentName"])
    }

    @Test func catalogCoversTheSpec() {
        let names = ["orderID", "userPhone", "userName", "sceneID", "userTaskID", "taskID", "finish", "other", "callID",
                     "callingNumber", "lineAddress", "callStatus", "callStartTs", "callAnswerTs", "callEndTs",
                     "callDuration", "callAudioUrl", "hangupCause", "termSipCode", "intentID", "intentName",
                     "intentTag", "intentLevel", "turnTime", "smsContent", "smsSendTs", "sysMessageID", "agentName",
                     "agentGroup", "agentCallStatus", "agentCallElapsed", "agentLabel", "manualCallStart",
                     "manualCallAnswer", "manualCallEnd", "manualHangupBy"]
        #expect(Catalog.orders.fields.map(\.name) == names)
        let aliases = ["id": "orderID", "order": "orderID", "phone": "userPhone", "name": "userName", "scene": "sceneID",
                       "task": "userTaskID", "finished": "finish", "caller": "callingNumber", "line": "lineAddress",
                       "status": "callStatus", "started": "callStartTs", "start": "callStartTs",
                       "answered": "callAnswerTs", "ended": "callEndTs", "end": "callEndTs", "duration": "callDuration",
                       "audio": "callAudioUrl", "cause": "hangupCause", "sip": "termSipCode", "intent": "intentName",
                       "turns": "turnTime", "sms": "smsContent", "agent": "agentName"]
        for (a, f) in aliases { #expect(Catalog.orders.field(named: a)?.name == f, "alias \(a)") }
        #expect(CatalogEnum.callStatus.codes(for: "rejected") == [12, 13])
        #expect(CatalogEnum.callStatus.codes(for: "In-Progress") == [1, 2, 3, 4, 5])
        #expect(CatalogEnum.callStatus.codes(for: "failed") == Array(8...25))
        #expect(Catalog.orders.fieldsHelp.contains("callStatus"))
        #expect(Catalog.statusesHelp.contains("busy_rejected"))
        #expect(Catalog.keywords.contains("between") && Catalog.enumNames.contains("voicemail"))
    }

    @Test func checkScriptReportsEveryError() {
        let script = "use task 'A'\norders where staus = 1\nlet d = 30\norders where duration > $d\norders where x = 1; ping"
        let errors = Checker.checkScript(script, context: CheckContext())
        #expect(errors.map(\.range.start.line) == [2, 5])
        #expect(errors.map(\.kind) == [.unknownField, .unknownField])
    }

    @Test func tasksStatement() throws {
        guard case .tasks(let t) = try Checker.check("tasks where status = running and name like '%x%' select id",
                                                     context: T.context) else { Issue.record("tasks"); return }
        #expect(t.filter?.evaluate(["taskStatus": 2, "taskName": "a x b"]) == true)
        #expect(t.filter?.evaluate(["taskStatus": 3, "taskName": "a x b"]) == false)
        #expect(t.select?.map(\.field.name) == ["userTaskID"])
        #expect(T.error("tasks where duration > 3")?.kind == .unknownField)
    }
}

@Suite struct OrderByOutputTests {
    @Test func orderByCountOrAlias() throws {
        guard case .query(let q) = try Checker.check("orders count by status order by count desc", context: T.context)
        else { Issue.record("query"); return }
        #expect(q.orderBy.map(\.field.name) == ["count"])
        guard case .query(let s) = try Checker.check("orders stats avg(duration) as a by agent order by a, agent",
                                                     context: T.context) else { Issue.record("query"); return }
        #expect(s.orderBy.map(\.field.name) == ["a", "agentName"])
        #expect(T.error("orders select id order by count")?.kind == .unknownField)
    }
}
