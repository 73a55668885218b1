// The statements a run is given — `-c` texts, `-f` files and the FILE argument —
// in the order they stand on the command line (as psql runs its -c and -f), with
// every file read before anything runs so a missing one fails the run at once.
import ArgumentParser
import Foundation

/// One source of statements.
enum ScriptSource: Equatable {
    case text(String)
    case file(String)
}

/// Orders the `-c`, `-f` and FILE sources as given on the command line.
enum ScriptSources {
    /// The sources in command-line order.
    ///
    /// ArgumentParser hands `-c`, `-f` and FILE over as separate lists, so the
    /// raw arguments are walked once more: options that take a value (read from
    /// the command's own definition, so none is missed) skip their value, `--`
    /// ends the options, and each `-c`/`-f` value or positional word is matched
    /// to the parsed lists in turn. What ArgumentParser parsed stays the
    /// authority: a walk that disagrees with it keeps the parsed values, `-c`
    /// first, then `-f`, then FILE.
    static func ordered(arguments: [String], texts: [String], files: [String], script: String?) -> [ScriptSource] {
        let parsed = texts.map(ScriptSource.text) + files.map(ScriptSource.file) + (script.map { [.file($0)] } ?? [])
        guard parsed.count > 1 else { return parsed }
        let valued = valueOptionNames
        var found: [ScriptSource] = []
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                found.append(.file(argument))
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            let attached =
                argument.contains("=") ? String(argument[argument.index(after: argument.firstIndex(of: "=")!)...]) : nil
            guard valued.contains(name) else { continue }
            var value = attached
            if value == nil, index < arguments.count {
                value = arguments[index]
                index += 1
            }
            guard let value else { continue }
            if name == "-c" { found.append(.text(value)) }
            if name == "-f" { found.append(.file(value)) }
        }
        let inOrder = found.filter { parsed.contains($0) }
        return inOrder.count == parsed.count && Set(inOrder.map(key)) == Set(parsed.map(key)) ? inOrder : parsed
    }

    static func key(_ s: ScriptSource) -> String {
        switch s {
        case .text(let t): return "c" + t
        case .file(let f): return "f" + f
        }
    }

    /// Every spelling (`--format`, `-c`) of the options of `callq` that take a value.
    static let valueOptionNames: Set<String> = {
        guard let data = CallqCommand._dumpHelp().data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let command = root["command"] as? [String: Any],
            let arguments = command["arguments"] as? [[String: Any]]
        else { return ["-c", "-f", "-D"] }
        var names: Set<String> = []
        for argument in arguments where argument["kind"] as? String == "option" {
            for name in argument["names"] as? [[String: Any]] ?? [] {
                guard let kind = name["kind"] as? String, let text = name["name"] as? String else { continue }
                names.insert((kind == "long" ? "--" : "-") + text)
            }
        }
        return names
    }()

    /// Reads every file source; the first that cannot be read is the error.
    static func load(_ sources: [ScriptSource], textName: (Int) -> String) throws(ScriptReadError) -> [(
        name: String, text: String
    )] {
        var loaded: [(name: String, text: String)] = []
        var textCount = 0
        for source in sources {
            switch source {
            case .text(let t):
                textCount += 1
                loaded.append((textName(textCount), t))
            case .file(let path):
                do { loaded.append((path, try String(contentsOfFile: path, encoding: .utf8))) } catch {
                    throw ScriptReadError(path: path, reason: Self.reason(path))
                }
            }
        }
        return loaded
    }

    /// Why `path` cannot be read, in the words of strerror.
    static func reason(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return String(cString: strerror(errno)) }
        close(fd)
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return "is a directory" }
        return "not UTF-8 text"
    }
}

/// A script file that cannot be read.
struct ScriptReadError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot read \(path): \(reason)" }
}
