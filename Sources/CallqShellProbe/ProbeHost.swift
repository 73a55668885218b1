// TEST HARNESS ONLY — not part of callq. A tiny `ShellHost` for the pseudo-terminal tests
// of CallqShell: it echoes statements back as rows (`echo: …`), sleeps cooperatively on
// `sleep N` (to test Ctrl-C cancellation), ignores Ctrl-C on `stubborn N`, makes its prompt bold on
// `bold`, asks a question on `ask`, and refuses to record
// lines mentioning "secret".
import CallqShell
import Glibc

@MainActor
final class ProbeHost: ShellHost {
    private var task: String?
    private var taskIDs: [String] = []

    private var bold = false

    var prompt: String {
        let text = task.map { "probe(\($0))>" } ?? "probe>"
        return bold ? "\u{1}\u{1B}[1m\u{1}\(text)\u{1}\u{1B}[0m\u{1} " : text + " "
    }

    var vocabulary: CompletionVocabulary {
        CompletionVocabulary(
            keywords: [
                "orders", "where", "select", "and", "or", "not", "order", "by", "limit",
                "explain", "use", "task", "into", "from", "file", "sleep"
            ],
            fields: [
                "status", "callStatus", "duration", "callDuration", "phone", "userPhone",
                "intentName"
            ],
            enumNames: ["busy", "busy_rejected", "completed", "in_call"],
            dotCommands: [".help", ".fields", ".format", ".slow"],
            dotCommandArguments: [".format": ["table", "json", "ndjson", "csv"]],
            taskIDs: taskIDs)
    }

    /// Unfinished while a `(` is open or the text ends in `and`, `,` or `(`.
    func isComplete(_ text: String) -> Bool {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard let last = trimmed.last else { return true }
        if last.lowercased() == "and" || last.hasSuffix(",") || last.hasSuffix("(") { return false }
        return text.filter { $0 == "(" }.count <= text.filter { $0 == ")" }.count
    }

    func execute(_ statement: String) async -> Bool {
        let words = statement.split(separator: " ")
        if words.count == 2, words[0] == "sleep", let seconds = Int(words[1]) {
            print("sleeping \(seconds)s")
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                return false
            }
            print("slept \(seconds)s")
            return true
        }
        if words.count == 2, words[0] == "stubborn", let seconds = Int(words[1]) {
            // Ignores cancellation (a detached task does not inherit it), but says it saw it.
            print("stubborn for \(seconds)s")
            var noticed = false
            for _ in 0..<(seconds * 20) {
                await Task.detached { try? await Task.sleep(for: .milliseconds(50)) }.value
                if Task.isCancelled && !noticed {
                    print("stubborn ignores the cancel")
                    noticed = true
                }
            }
            print("stubborn done")
            return true
        }
        if statement == "fail" {
            print("error: fail always fails")
            return false
        }
        if statement == "bold" {
            bold = true
            return true
        }
        if statement == "ask" {
            print("Continue? [y/N] ", terminator: "")
            fflush(nil)
            guard let answer = await TerminalInput.readLine() else {
                print("no answer")
                return false
            }
            print("answer: \(answer)")
            return true
        }
        if words.count == 2, words[0] == "use" {
            let id = String(words[1])
            task = id
            if !taskIDs.contains(id) { taskIDs.append(id) }
            print("using task \(id)")
            return true
        }
        for line in statement.split(separator: "\n", omittingEmptySubsequences: false) {
            print("echo: \(line)")
        }
        return true
    }

    func dotCommand(_ name: String, _ arguments: String) async -> DotResult {
        switch name {
        case ".help":
            print("probe commands: .help .fields .format .slow .history .watch .quit")
            return .done
        case ".fields":
            print(vocabulary.fields.joined(separator: " "))
            return .done
        case ".format":
            print("format set to \(arguments)")
            return .done
        case ".read":
            print("would read [\(arguments)]")
            return .done
        case ".slow":
            try? await Task.sleep(for: .seconds(30))
            print(Task.isCancelled ? "slow command stopped" : "slow command done")
            return .done
        default:
            return .unknown
        }
    }

    func shouldRecordInHistory(_ text: String) -> Bool {
        !text.lowercased().contains("secret")
    }
}
