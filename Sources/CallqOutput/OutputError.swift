// Errors from writing output. A closed pipe is its own case: the program
// turns it into a quiet exit 0 (`callq … | head -1`), never an error message.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why output could not be written.
public enum OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reader went away (EPIPE): stop quietly and exit 0.
    case brokenPipe
    /// A system call failed: what was being done, the path if any, and `errno`.
    case io(operation: String, path: String?, errno: Int32)
    /// The sink was already committed or aborted.
    case closed

    public var description: String {
        switch self {
        case .brokenPipe:
            return "broken pipe"
        case .io(let operation, let path, let code):
            let reason = String(cString: strerror(code))
            if let path { return "cannot \(operation) '\(path)': \(reason)" }
            return "cannot \(operation): \(reason)"
        case .closed:
            return "output already closed"
        }
    }
}
