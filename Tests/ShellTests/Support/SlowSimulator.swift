// A `callq sim` process for terminal tests: started on a free loopback port with
// some latency so that queries page visibly (the progress line shows), its
// banner read for the URL and credentials, and killed by the test — mid-query,
// to make the API fail — or when the test ends.
import Foundation
import Glibc

/// A running `callq sim` and the flags that connect `callq` to it.
final class SlowSimulator {
    let process = Process()
    let url: String
    let uuid: String
    let secretKey: String
    let task: String

    /// Starts `callq sim` with `arguments` (e.g. `--orders 3000 --latency 150ms`).
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: PseudoTerminal.builtProduct("callq"))
        process.arguments = ["sim", "--port", "0", "--tasks", "1"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner.append(chunk)
        }
        let fields = String(decoding: banner, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
            .map(String.init)
        func value(_ key: String) -> String {
            fields.first { $0.hasPrefix(key) }.map { String($0.dropFirst(key.count)) } ?? ""
        }
        url = fields.first { $0.hasPrefix("http://") } ?? ""
        uuid = value("uuid=")
        secretKey = value("secret-key=")
        task = value("tasks=").split(separator: ",").first.map(String.init) ?? ""
    }

    deinit { kill() }

    /// The connection flags for `callq`.
    var flags: [String] { ["--base-url", url, "--uuid", uuid, "--secret-key", secretKey, "--task", task] }

    /// Ends the server at once (SIGKILL): requests in flight and later ones fail.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
