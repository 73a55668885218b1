// Scripts: split into statements (SPEC §3 statement ends), run each, and report
// failures as `file:line:col`. By default the first failing statement stops the
// script; `keepGoing` runs the rest and still exits non-zero.

extension CallqSession {
    /// Runs every statement of `text`; returns the exit status (0, 1, 2 or 130).
    public func runScript(_ text: String, fileName: String, keepGoing: Bool = false) async -> Int32 {
        var status: Int32 = 0
        for statement in ScriptSplitter.split(text) {
            if Task.isCancelled { return 130 }
            do {
                try await execute(statement.text,
                                  origin: StatementOrigin(fileName: fileName, source: text, position: statement.origin))
            } catch {
                if error.kind == .closedPipe { return 0 }
                warn(error.kind == .usage ? error.message : "\(fileName):\(statement.line):\(statement.column): error: \(error.message)")
                if error.kind == .interrupted { return 130 }
                if status == 0 { status = error.exitStatus }
                if !keepGoing { return status }
            }
        }
        return status
    }

    /// Type-checks a script without running it; returns every diagnostic, rendered.
    /// `parameters` are `-D NAME=VALUE` texts.
    public static func checkScript(_ text: String, fileName: String, parameters: [String] = [],
                                   settings: SessionSettings = SessionSettings()) -> [String] {
        var variables: [String: Variable] = [:]
        for p in parameters {
            let parts = p.split(separator: "=", maxSplits: 1).map(String.init)
            variables[parts[0]] = .text(parts.count > 1 ? parts[1] : "")
        }
        let context = CheckContext(variables: variables, timeZone: settings.timeZone, now: Date(), defaultTasks: [])
        return Checker.checkScript(text, context: context).map { $0.render(source: text, fileName: fileName) }
    }
}

import CallqSemantics
import CallqSyntax
import Foundation
