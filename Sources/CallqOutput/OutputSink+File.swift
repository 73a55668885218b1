// `into 'PATH'`: output goes to a temporary file beside PATH and is renamed
// over it only when the query succeeds, so a failed or interrupted query never
// destroys an existing file. What is not a regular file is written through.
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
    /// 0666 less the umask when there is none. A symlink is followed: its
    /// target is replaced, the link stays. A device, pipe or socket (and
    /// `/dev/stdout`, `/dev/fd/N`) is written through as the shell's `>` does.
    /// An existing file in a directory where no file can be created (but the
    /// file itself is writable) is rewritten in place at `commit()`.
    public static func file(atPath path: String) throws(OutputError) -> OutputSink {
        if let inherited = inheritedDescriptor(path) {
            let fd = fcntl(inherited, F_DUPFD_CLOEXEC, 3)
            if fd < 0 { throw .io(operation: "write to", path: path, errno: errno) }
            return OutputSink(.through(fd: fd, path: path))
        }
        let target = symlinkTarget(path)
        var existing = stat()
        let hasExisting = stat(target, &existing) == 0
        if hasExisting {
            switch existing.st_mode & S_IFMT {
            case S_IFDIR: throw .io(operation: "write to directory", path: path, errno: EISDIR)
            case S_IFREG: break
            default:
                // A device, FIFO or socket: open it for writing (a FIFO waits for its reader).
                let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                if fd < 0 { throw .io(operation: "open", path: path, errno: errno) }
                return OutputSink(.through(fd: fd, path: path))
            }
        }
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        for _ in 0..<100 {
            let temp = "\(directory).\(name).callq-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 {
                let code = errno
                if code == EEXIST { continue }
                if hasExisting, [EACCES, EPERM, EROFS].contains(code) {
                    return try inPlace(target: target, path: path, refusal: code)
                }
                throw .io(operation: "create", path: path, errno: code)
            }
            if hasExisting { _ = fchmod(fd, existing.st_mode & 0o7777) }
            return OutputSink(.file(fd: fd, temp: temp, path: target, shown: path))
        }
        throw .io(operation: "create a temporary file for", path: path, errno: EEXIST)
    }

    /// The descriptor a `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` path names.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            guard let n = Int32(path.dropFirst(prefix.count)), n >= 0, fcntl(n, F_GETFD) >= 0 else { return nil }
            return n
        }
        return nil
    }

    /// Where a chain of symlinks at `path` ends (the path itself when it is no link);
    /// the end may not exist yet (a dangling link creates its target).
    static func symlinkTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, Int(PATH_MAX))
            guard n > 0 else { return current }
            let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        return current
    }

    /// A sink that stages the output in an unlinked temporary file and copies it over
    /// `target` at `commit()`: for a writable file in a directory that refuses new files.
    static func inPlace(target: String, path: String, refusal: Int32) throws(OutputError) -> OutputSink {
        let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        if fd < 0 { throw .io(operation: "create", path: path, errno: refusal) }
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        // Unlinked at once: nothing is left behind, whatever ends the process.
        var template = Array("\(base)/.callq-stage-XXXXXX".utf8CString)
        let stage = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if stage >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            _ = fcntl(stage, F_SETFD, FD_CLOEXEC)
        }
        if stage < 0 {
            let code = errno
            close(fd)
            throw .io(operation: "create a staging file for", path: path, errno: code)
        }
        return OutputSink(.inPlace(stage: stage, target: fd, path: path))
    }

    /// Finishes the output: flushes, and for a file sink syncs and renames it into place.
    ///
    /// After `commit` the sink accepts no more writes. For stdout and memory
    /// sinks it only flushes; a written-through device or pipe is closed.
    public func commit() throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            do throws(OutputError) {
                try Self.drain(&s)
            } catch {
                Self.release(&s)
                throw error
            }
            switch s.destination {
            case .descriptor, .memory: return
            case .through(let fd, let path):
                s.closed = true
                if close(fd) != 0, errno != EINTR { throw .io(operation: "close", path: path, errno: errno) }
            case .inPlace(let stage, let target, let path):
                s.closed = true
                defer { close(stage); close(target) }
                try Self.copyStage(stage, to: target, path: path)
            case .file(let fd, let temp, let path, let shown):
                s.closed = true
                if fsync(fd) != 0 {
                    let code = errno
                    close(fd); unlink(temp)
                    throw .io(operation: "sync", path: shown, errno: code)
                }
                if close(fd) != 0 {
                    let code = errno
                    unlink(temp)
                    throw .io(operation: "close", path: shown, errno: code)
                }
                if rename(temp, path) != 0 {
                    let code = errno
                    unlink(temp)
                    throw .io(operation: "rename into", path: shown, errno: code)
                }
            }
        }
    }

    /// Replaces the contents of `target` with everything staged.
    static func copyStage(_ stage: Int32, to target: Int32, path: String) throws(OutputError) {
        if ftruncate(target, 0) != 0 { throw .io(operation: "truncate", path: path, errno: errno) }
        var offset: off_t = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(stage, $0.baseAddress, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read back the output for", path: path, errno: errno)
            }
            if n == 0 { break }
            let code = chunk.withUnsafeBytes { SharedTerminal.write(target, UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            if code != 0 { throw .io(operation: "write", path: path, errno: code) }
            offset += off_t(n)
        }
        if fsync(target) != 0 { throw .io(operation: "sync", path: path, errno: errno) }
    }

    /// Closes whatever the sink holds open and removes its temporary file.
    static func release(_ s: inout State) {
        switch s.destination {
        case .descriptor, .memory: return
        case .file(let fd, let temp, _, _):
            close(fd)
            unlink(temp)
        case .through(let fd, _): close(fd)
        case .inPlace(let stage, let target, _):
            close(stage)
            close(target)
        }
        s.closed = true
    }

    /// Gives up: a file sink removes its temporary file and leaves `path` as it
    /// was. Stdout and memory sinks stay open (the REPL goes on using stdout)
    /// and pass on what is buffered. Safe to call more than once.
    public func abort() {
        state.withLock { s in
            switch s.destination {
            case .descriptor, .memory:
                if !s.broken && !s.closed { try? Self.drain(&s) }
                return
            default:
                if s.closed { return }
                s.buffer.removeAll()
                Self.release(&s)
            }
        }
    }

    /// The temporary file a file sink writes to until `commit` (nil for other sinks).
    public var temporaryPath: String? {
        state.withLock { s in
            if case .file(_, let temp, _, _) = s.destination, !s.closed { return temp }
            return nil
        }
    }
}
