// The progress line and other output on one terminal (a pseudo-terminal whose
// slave side is both "stdout" and "stderr"): output erases the line first, the
// line is drawn only at the start of a line, and Ctrl-C silences it.
import Foundation
import Testing

@testable import CallqOutput

#if canImport(Glibc)
    import Glibc
#endif

/// A pseudo-terminal pair; everything written to `slave` can be read from `master`.
final class TerminalPair {
    let master: Int32
    let slave: Int32

    init(columns: Int = 60) throws {
        var m: Int32 = -1, s: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
        master = m
        slave = s
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        // Raw output: no "\n" → "\r\n" translation, so bytes read are bytes written.
        var t = termios()
        tcgetattr(slave, &t)
        t.c_oflag &= ~tcflag_t(OPOST)
        tcsetattr(slave, TCSANOW, &t)
    }

    deinit {
        close(master)
        close(slave)
    }

    /// What has been written to the slave since the last read.
    func read() -> String {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<20 {
            let n = Glibc.read(master, &buffer, buffer.count)
            if n > 0 { out += buffer[0..<n]; continue }
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 20) <= 0 { break }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@Suite(.serialized) struct SharedTerminalTests {
    let erase = "\r\u{1B}[2K"

    @Test func outputErasesTheProgressLineFirst() throws {
        let tty = try TerminalPair()
        let progress = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        defer { progress.finish() }
        #expect(progress.isActive)
        progress.update(pagesDone: 2, pagesTotal: 5, rows: 200, force: true)
        #expect(tty.read().hasPrefix(erase + "pages 2/5 · 200 rows"))
        let sink = OutputSink(fileDescriptor: tty.slave)
        try sink.write("{\"id\":1}\n")
        try sink.flush()
        #expect(tty.read() == erase + "{\"id\":1}\n")
        SharedTerminal.message("warning: a bad line", to: tty.slave)
        #expect(tty.read() == "warning: a bad line\n")  // nothing shown: nothing to erase
        progress.update(pagesDone: 3, pagesTotal: 5, rows: 300, force: true)
        #expect(tty.read().hasPrefix(erase + "pages 3/5"))
        SharedTerminal.message("warning: another", to: tty.slave)
        #expect(tty.read() == erase + "warning: another\n")
    }

    @Test func theLineIsDrawnOnlyAtTheStartOfALine() throws {
        let tty = try TerminalPair()
        let progress = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        defer { progress.finish() }
        SharedTerminal.write(tty.slave, Array("half a line".utf8))
        _ = tty.read()
        progress.update(pagesDone: 2, pagesTotal: 5, rows: 200, force: true)
        #expect(tty.read() == "")  // it would have wiped "half a line"
        SharedTerminal.write(tty.slave, Array(" and its end\n".utf8))
        progress.update(pagesDone: 3, pagesTotal: 5, rows: 300, force: true)
        #expect(tty.read().hasPrefix(" and its end\n" + erase + "pages 3/5 · 300 rows"))
    }

    @Test func finishErasesAndNothingIsDrawnAfter() throws {
        let tty = try TerminalPair()
        let progress = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        progress.update(pagesDone: 2, pagesTotal: 5, rows: 200, force: true)
        _ = tty.read()
        progress.finish()
        #expect(tty.read() == erase)
        progress.update(pagesDone: 4, pagesTotal: 5, rows: 400, force: true)
        #expect(tty.read() == "")
    }

    @Test func theLineIsCutToTheTerminalWidth() throws {
        let tty = try TerminalPair(columns: 40)
        let progress = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        defer { progress.finish() }
        progress.update(pagesDone: 123_456_789, pagesTotal: 987_654_321, rows: 1_234_567_890_123, force: true)
        let drawn = tty.read().dropFirst(erase.utf8.count)
        #expect(DisplayWidth.of(String(drawn)) == 39)
        #expect(drawn.hasSuffix("…"))
    }

    @Test func controlCSilencesTheLineUntilItEnds() throws {
        let tty = try TerminalPair()
        let progress = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        progress.update(pagesDone: 2, pagesTotal: 5, rows: 200, force: true)
        _ = tty.read()
        #expect(SharedTerminal.interrupt(tty.slave))  // at the start of a line: cleared
        #expect(tty.read().hasPrefix(erase))
        progress.update(pagesDone: 3, pagesTotal: 5, rows: 300, force: true)
        #expect(tty.read() == "")
        progress.finish()
        // A new query draws again.
        let next = ProgressLine(enabled: true, fileDescriptor: tty.slave)
        next.update(pagesDone: 2, pagesTotal: 5, rows: 200, force: true)
        #expect(tty.read().hasPrefix(erase + "pages 2/5"))
        next.finish()
        // Mid-line, Ctrl-C leaves the line alone.
        SharedTerminal.write(tty.slave, Array("partial".utf8))
        _ = tty.read()
        #expect(!SharedTerminal.interrupt(tty.slave))
        #expect(tty.read() == "")
        SharedTerminal.write(tty.slave, Array("\n".utf8))
    }

    @Test func pipesAreWrittenWithoutTerminalHandling() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(SharedTerminal.write(fds[1], Array("row\n".utf8)) == 0)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(read(fds[0], &buffer, 16) == 4)
    }
}
