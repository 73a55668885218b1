// What `callq` does once its flags are parsed: build the connection (or start
// the demo simulator), make a session, apply settings, then run -c texts, a
// script file, stdin, `--check`, or the REPL — and return the exit status.
import CallbotSimulator
import CallqKit
import CallqShell
import Foundation

struct Runner {
    let command: CallqCommand

    /// Messages go through SharedTerminal, which erases the progress line first.
    func warn(_ s: String) { SharedTerminal.message(s) }

    func run() async -> Int32 {
        // SIGTERM/SIGHUP cancel the running statement (cleaning up), then exit 143/129.
        TerminationMonitor.shared.install()
        let paths = CallqPaths()
        let environment = ProcessInfo.processInfo.environment
        // -c texts, -f files and FILE in command-line order; every file is read
        // before anything starts, so a missing one is an error at once (exit 1).
        let scripts: [(name: String, text: String)]
        do {
            scripts = try ScriptSources.load(
                ScriptSources.ordered(
                    arguments: command.rawArguments, texts: command.c, files: command.f,
                    script: command.script),
                textName: { command.c.count > 1 ? "-c#\($0)" : "-c" })
        } catch {
            warn("callq: \(error)")
            return 1
        }

        var simulator: RunningSimulator?
        var banner: String?  // told once the options are known to be good
        defer { if let simulator { Task { await simulator.stop() } } }
        var connection: ConnectionSettings
        var profile: ConfigProfile
        do {
            var flags = ConnectionFlags()
            flags.baseURL = command.connection.baseURL
            flags.uuid = command.connection.uuid
            flags.secretKey = command.connection.secretKey
            if let file = command.connection.secretKeyFile {
                guard flags.secretKey == nil else {
                    warn("callq: give --secret-key or --secret-key-file, not both")
                    return 2
                }
                flags.secretKey = try SecretKeyFile.read(file)
            }
            flags.algorithm = command.connection.algorithm
            flags.tasks = command.connection.task
            flags.profile = command.connection.profile
            (connection, profile) = try ConnectionSettings.resolve(
                flags: flags, environment: environment, paths: paths,
                warn: warn)
        } catch {
            warn("callq: \(error)")
            return 2
        }
        if command.demo {
            do {
                var config = SimulatorConfig.demo
                if let rate = command.campaign { config.campaign = CampaignSettings(rate: rate) }
                let sim = try await SimulatorServer.start(config)
                simulator = sim
                connection = ConnectionSettings(
                    baseURL: sim.baseURL, credentials: sim.credentials,
                    tasks: command.connection.task.isEmpty ? [SimulatorConfig.demoTaskID] : command.connection.task,
                    profile: "demo", origins: ["base_url": "demo", "uuid": "demo", "secret_key": "demo", "task": "demo"])
                banner =
                    ("callq: demo mode: built-in simulator at \(sim.baseURL), task \(connection.tasks.joined(separator: ", ")) (tasks: \(sim.taskIDs.joined(separator: ", "))); no account needed")
            } catch {
                warn("callq: cannot start the demo simulator: \(error)")
                return 1
            }
        }
        let target = OutputTarget.standardOutput(progress: !command.output.noProgress)
        let session = CallqSession(
            connection: connection, output: target, paths: paths,
            warn: { s in
                SharedTerminal.message(s)
            })
        defer { Task { await session.close() } }
        if let status = await configure(session, profile: profile) { return status }
        if let banner { warn(banner) }
        if let file = command.check { return await checkOnly(file, session: session) }
        if command.verbose {
            warn(connection.verboseDescription)
            await session.setVerbose(true)
        }

        if !scripts.isEmpty {
            warnUnusedDefinitions(in: scripts.map(\.text))
            let keepGoing = command.keepGoing
            // The pieces of one command line are one script: all checked before any runs.
            if !keepGoing, scripts.count > 1 {
                let problems = await session.check(scripts: scripts.map { ($0.text, $0.name) })
                if !problems.isEmpty {
                    for p in problems { warn(p) }
                    return 2
                }
            }
            return await ScriptInterrupts.run {
                var status: Int32 = 0
                for script in scripts {
                    let s = await session.runScript(script.text, fileName: script.name, keepGoing: keepGoing)
                    if s == 130 || (s != 0 && !keepGoing) { return s }
                    if status == 0 { status = s }
                }
                return status
            }
        }
        if isatty(0) == 0 {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            warnUnusedDefinitions(in: [String(decoding: data, as: UTF8.self)])
            let keepGoing = command.keepGoing
            return await ScriptInterrupts.run {
                await session.runScript(String(decoding: data, as: UTF8.self), fileName: "stdin", keepGoing: keepGoing)
            }
        }
        return await Shell.run(session: session, paths: paths, verbose: command.verbose)
    }

    /// Applies profile defaults, then flags, then -D parameters; a bad value is exit 2.
    func configure(_ session: CallqSession, profile: ConfigProfile) async -> Int32? {
        var settings: [(String, String)] = []
        for key in CallqLanguage.settingNames {
            if let v = profile[key] { settings.append((key, v)) }
        }
        if let v = command.output.format { settings.append(("format", v)) }
        if let v = command.output.concurrency { settings.append(("concurrency", String(v))) }
        if let v = command.output.pageSize { settings.append(("size", String(v))) }
        // A duration such as `500ms` or seconds, checked by the settings table as `set timeout` is.
        if let v = command.output.timeout { settings.append(("timeout", v)) }
        if command.output.noProgress { settings.append(("progress", "off")) }
        if command.verbose { settings.append(("explain", "on")) }
        for (name, value) in settings {
            do { try await session.apply(setting: name, value: value) } catch {
                warn("callq: \(error.message)")
                return 2
            }
        }
        for d in command.D {
            let parts = d.split(separator: "=", maxSplits: 1).map(String.init)
            await session.define(parts[0], text: parts.count > 1 ? parts[1] : "")
        }
        return nil
    }

    /// A warning for each `-D` that no statement uses.
    func warnUnusedDefinitions(in texts: [String]) {
        let names = command.D.map { String($0.prefix { $0 != "=" }) }
        for w in CallqLanguage.unusedDefinitionWarnings(names, in: texts) { warn(w) }
    }

    /// `--check FILE`: every error a run of the script would report before touching the network.
    func checkOnly(_ file: String, session: CallqSession) async -> Int32 {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            warn("callq: cannot read \(file): \(String(cString: strerror(errno)))")
            return 1
        }
        warnUnusedDefinitions(in: [text])
        let problems = await session.check(script: text, fileName: file)
        for p in problems { warn(p) }
        if problems.isEmpty { warn("\(file): ok") }
        return problems.isEmpty ? 0 : 2
    }
}
