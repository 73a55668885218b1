// Scripts: split into statements (SPEC §3 statement ends), prepare every one of
// them first — so a typo on line 12 is reported before line 1's slow export runs
// — then run them in order, reporting failures as `file:line:col`. By default
// the first failing statement stops the script (and a statement that does not
// check stops it before anything runs); `keepGoing` runs every statement that
// checks and still exits non-zero. `check` is the same preparation without the run.

extension CallqSession {
    /// Runs every statement of `text`; returns the exit status (0, 1, 2 or 130).
    public func runScript(_ text: String, fileName: String, keepGoing: Bool = false) async -> Int32 {
        let (prepared, errors) = state.prepareScript(text, fileName: fileName)
        for m in errors { warn(m) }
        if !errors.isEmpty && !keepGoing { return 2 }
        var status: Int32 = errors.isEmpty ? 0 : 2
        for (k, p) in prepared.enumerated() {
            if Task.isCancelled { return 130 }
            do {
                // The first statement was prepared against the state the script starts from; later
                // ones are prepared again now, so `now`, `set` and `use` are as the run has them.
                try await execute(k == 0 ? p : try prepare(p.text, origin: p.origin))
                // Ctrl-C ends a watch, and with it the script, as a success (SPEC §13.2).
                if case .watch = p.statement, Task.isCancelled { return status }
            } catch {
                if error.kind == .closedPipe { return 0 }
                let at = p.origin.map { "\($0.fileName):\($0.position.line):\($0.position.column): " } ?? ""
                warn(error.kind == .usage ? error.message : "\(at)error: \(error.message)")
                if error.kind == .interrupted { return 130 }
                if status == 0 { status = error.exitStatus }
                if !keepGoing { return status }
            }
        }
        return status
    }

    /// Checks a script without running it (`--check`): every error a run would report before
    /// touching the network, rendered, with `use`/`let`/`set` applied as a run applies them.
    public func check(script text: String, fileName: String) -> [String] {
        state.prepareScript(text, fileName: fileName).errors
    }

    /// Checks scripts that will run one after another (the `-c` texts and `-f` files of one
    /// command line), each in the state the ones before it leave, so that a typo in the
    /// last one is reported before the first one runs.
    public func check(scripts: [(text: String, fileName: String)]) -> [String] {
        state.checkScripts(scripts)
    }
}
