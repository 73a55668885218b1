// A query refused because a task id it names does not exist (the API's
// "invalid parameter value"): the account's tasks are read once (listTask)
// and the message gets a did-you-mean, as an unknown field gets one.
import CallbotAPI
import CallbotClient
import CallqPlanner
import CallqSyntax

extension CallqSession {
    /// The hint for a failed query whose tasks are not all in the account: "did you mean
    /// `demo-task`?" or the way to list them; nil when the failure is about something else.
    func unknownTaskHint(_ error: any Error, plan: Plan?) async -> String? {
        guard let e = error as? CallbotError, e.kind == .api, e.retCode == .invalidValue,
            let plan, !plan.tasks.isEmpty, let client = try? apiClient(),
            let reply = try? await client.listTask(ListTaskRequest(query: TaskQuery(), page: 1, size: 100))
        else { return nil }
        let known = reply.tasks.compactMap(\.userTaskID)
        remember(tasks: known)
        guard let unknown = plan.tasks.map(\.userTaskID).first(where: { !known.contains($0) }) else { return nil }
        if let s = EditDistance.suggest(unknown, among: known) {
            return "no task `\(unknown)` in this account; did you mean `\(s)`?"
        }
        return "no task `\(unknown)` in this account; `tasks select id, name` lists them"
    }
}
