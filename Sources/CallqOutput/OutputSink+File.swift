// `into 'PATH'`: output goes to a temporary file beside PATH and is renamed
// over it only when the query succeeds, so a failed or interrupted query never
// destroys an existing file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputSink {
    /// A sink for `path` that writes to a new temporary file in the same directory.
    ///
    /// Nothing at `path` changes until `commit()`; `abort()` removes the
    /// temporary. The new file gets the existing file's permissions, or
    /// 0666 less the umask when there is none.
    public static func file(atPath path: String) throws(OutputError) -> OutputSink {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var existing = stat()
        let hasExisting = stat(path, &existing) == 0
        if hasExisting && (existing.st_mode & S_IFMT) == S_IFDIR {
            throw .io(operation: "write to directory", path: path, errno: EISDIR)
        }
        for _ in 0..<100 {
            let temp = "\(directory).\(name).callq-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw .io(operation: "create", path: path, errno: errno)
            }
            if hasExisting { _ = fchmod(fd, existing.st_mode & 0o7777) }
            return OutputSink(.file(fd: fd, temp: temp, path: path))
        }
        throw .io(operation: "create a temporary file for", path: path, errno: EEXIST)
    }

    /// Finishes the output: flushes, and for a file sink syncs and renames it into place.
    ///
    /// After `commit` the sink accepts no more writes. For stdout and memory
    /// sinks it only flushes.
    public func commit() throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            do throws(OutputError) {
                try Self.drain(&s)
            } catch {
                if case .file(let fd, let temp, _) = s.destination {
                    close(fd)
                    unlink(temp)
                    s.closed = true
                }
                throw error
            }
            guard case .file(let fd, let temp, let path) = s.destination else { return }
            s.closed = true
            if fsync(fd) != 0 {
                let code = errno
                close(fd); unlink(temp)
                throw .io(operation: "sync", path: path, errno: code)
            }
            if close(fd) != 0 {
                let code = errno
                unlink(temp)
                throw .io(operation: "close", path: path, errno: code)
            }
            if rename(temp, path) != 0 {
                let code = errno
                unlink(temp)
                throw .io(operation: "rename into", path: path, errno: code)
            }
        }
    }

    /// Gives up: a file sink removes its temporary file and leaves `path` as it
    /// was. Stdout and memory sinks stay open (the REPL goes on using stdout)
    /// and pass on what is buffered. Safe to call more than once.
    public func abort() {
        state.withLock { s in
            guard case .file(let fd, let temp, _) = s.destination else {
                if !s.broken && !s.closed { try? Self.drain(&s) }
                return
            }
            if s.closed { return }
            s.closed = true
            s.buffer.removeAll()
            close(fd)
            unlink(temp)
        }
    }

    /// The temporary file a file sink writes to until `commit` (nil for other sinks).
    public var temporaryPath: String? {
        state.withLock { s in
            if case .file(_, let temp, _) = s.destination, !s.closed { return temp }
            return nil
        }
    }
}
