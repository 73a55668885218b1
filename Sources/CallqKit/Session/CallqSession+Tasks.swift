// `tasks [where …] [select …]`: pages through listTask, filters the task
// records on the client, and writes them like any other result.
import CallbotAPI
import CallbotClient
import CallqEngine
import CallqJSON
import CallqOutput
import CallqSemantics
import Foundation

extension CallqSession {
    /// Columns shown for tasks without `select`.
    static let defaultTaskFields = ["userTaskID", "taskName", "taskStatus", "createTs", "sceneID"]

    func runTasks(_ tq: CheckedTasksQuery, started: ContinuousClock.Instant) async throws {
        let client = try apiClient()
        let size = min(settings.pageSize, 100)
        var records: [TaskRecord] = []
        var page = 1
        var requests = 0
        while true {
            try Task.checkCancellation()
            let reply = try await client.listTask(ListTaskRequest(query: TaskQuery(), page: page, size: size))
            requests += 1
            records += reply.tasks
            let total = reply.totalCount ?? records.count
            if reply.tasks.count < size || records.count >= total || page >= settings.maxPages { break }
            page += 1
        }
        let matching = records.filter { tq.filter?.evaluate($0.json) ?? true }
        remember(tasks: matching.compactMap(\.userTaskID))
        let fields = tq.select ?? CallqSession.defaultTaskFields.compactMap { n in
            Catalog.tasks.field(named: n).map { ProjectedField(name: n, field: $0) }
        }
        let columns = fields.map { Column(name: $0.name, kind: ColumnKind($0.kind)) }
        let target = redirect.map { OutputTarget(sink: $0, isTerminal: false, terminalWidth: nil, progressAllowed: false) } ?? output
        let format = ResultPrinter.format(clause: nil, into: nil, setting: settings.format, terminal: target.isTerminal)
        var writer = makeWriter(OutputOptions(format: format, timeZone: settings.timeZone, terminalWidth: target.terminalWidth,
                                              footer: format == .table, noun: "tasks"), sink: target.sink)
        try writer.begin(columns: columns)
        for r in matching {
            try writer.write(OutputRow(values: fields.map { $0.extract(r.json) }, raw: tq.select == nil ? JSONWriter.bytes(r.json) : nil))
        }
        let d = ContinuousClock.now - started
        try writer.finish(OutputSummary(rows: matching.count, requests: requests,
                                        seconds: d.inSeconds))
    }
}
