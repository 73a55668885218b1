// The one error type a session reports: a rendered message and the exit status
// it stands for (2 usage or query error, 1 runtime failure, 130 interrupted).

/// A failed statement, ready to print.
public struct CallqError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Parse, name, type or setting errors: exit 2.
        case usage
        /// Network, API, file or auth failures: exit 1.
        case runtime
        /// Ctrl-C or a cancelled task: exit 130.
        case interrupted
        /// The reader of our output went away (`callq … | head`): stop quietly, exit 0.
        case closedPipe
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch kind {
        case .usage: return 2
        case .runtime: return 1
        case .interrupted: return 130
        case .closedPipe: return 0
        }
    }
}
