// The C callbacks libedit calls during `el_gets`: the prompt, the character reader (which
// also wakes on Ctrl-C, whichever thread took the signal) and the Tab command. They find
// their `LineEditor` through libedit's client data.
import CLibEdit
import Glibc

/// EL_PROMPT: the current prompt text. libedit asks for it when it draws the line, just
/// after installing its own signal handlers: SIGWINCH is taken back here.
let lineEditorPrompt: callq_prompt_fn = { editLine in
    ResizeMonitor.claim()
    return LineEditor.from(editLine)?.promptText
}

/// EL_GETCFN: one wide character from the terminal, or -1 (errno EINTR) on Ctrl-C.
let lineEditorReadCharacter: el_rfunc_t = { editLine, character in
    guard let editor = LineEditor.from(editLine), let character else { return -1 }
    return editor.readCharacter(into: character)
}

/// EL_ADDFN "callq-complete", bound to Tab.
let lineEditorComplete: callq_command_fn = { editLine, _ in
    guard let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
    return editor.completeAtCursor()
}

extension LineEditor {
    /// Waits for terminal input or a Ctrl-C wake-up; decodes one UTF-8 character.
    func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        let editLine = self.editLine
        while true {
            if let scalar = decodePending() {
                character.pointee = wchar_t(bitPattern: scalar.value)
                return 1
            }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
                pollfd(fd: resizeRead, events: Int16(POLLIN), revents: 0)
            ]
            let ready = poll(&fds, 3, -1)
            if ready < 0 {
                guard errno == EINTR else { return -1 }
                // A signal reached this thread: after a resize libedit takes the new size;
                // after SIGCONT (fg after Ctrl-Z) the cursor is on a fresh line, and the line
                // is redrawn there, which libedit's reader would do but ours replaces.
                if drainResizePipe() {
                    resizeEditor()
                } else if let editLine {
                    _ = callq_el_refresh(editLine)
                }
                continue
            }
            if fds[2].revents & Int16(POLLIN) != 0 {
                _ = drainResizePipe()
                resizeEditor()
                continue
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                drainWakePipe()
                pendingBytes.removeAll()
                wasInterrupted = true
                errno = EINTR
                return -1
            }
            if fds[0].revents != 0 {
                var byte: UInt8 = 0
                let n = read(STDIN_FILENO, &byte, 1)
                if n == 0 { return 0 }
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return -1
                }
                // A NUL never belongs in a statement, and once in libedit's line it keeps Ctrl-D
                // from ending the input. It comes from Ctrl-@, or from a Ctrl-D typed while the
                // terminal was still in cooked mode: the kernel keeps that end-of-file as a NUL,
                // which becomes input when the editor switches to raw mode.
                if byte == 0 { continue }
                pendingBytes.append(byte)
            }
        }
    }

    /// A complete character from `pendingBytes` (U+FFFD for a malformed sequence), or nil.
    private func decodePending() -> Unicode.Scalar? {
        guard let lead = pendingBytes.first else { return nil }
        let length: Int
        switch lead {
        case 0x00..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default:
            pendingBytes.removeFirst()
            return "\u{FFFD}"
        }
        for (offset, byte) in pendingBytes.enumerated().dropFirst() where byte & 0xC0 != 0x80 {
            // A new character started before this one ended.
            pendingBytes.removeFirst(offset)
            return "\u{FFFD}"
        }
        guard pendingBytes.count >= length else { return nil }
        let bytes = pendingBytes.prefix(length)
        pendingBytes.removeFirst(length)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }

    /// Tab: complete the word before the cursor, or list the choices on a second Tab.
    ///
    /// A Tab with only blanks before it is inserted as a tab character, so pasted
    /// indentation stays intact (a tab inside pasted text still completes).
    func completeAtCursor() -> UInt8 {
        guard let editLine, let state = currentTabState() else { return UInt8(CC_REFRESH_BEEP) }
        let blanksOnly = state.line.unicodeScalars.prefix(state.cursor).allSatisfy { $0 == " " || $0 == "\t" }
        if blanksOnly {
            _ = el_insertstr(editLine, "\t")
            return UInt8(CC_REFRESH)
        }
        guard let completer else { return UInt8(CC_REFRESH_BEEP) }
        let scalars = Array(state.line.unicodeScalars)
        let cursor =
            String.Index(
                state.line.unicodeScalars.index(
                    state.line.unicodeScalars.startIndex, offsetBy: min(state.cursor, scalars.count)),
                within: state.line) ?? state.line.endIndex
        let completion = completer.complete(line: state.line, cursor: cursor)
        let action = completion.action(secondTab: lastTab == state)
        switch action {
        case .replace(let text):
            let removed = state.line.unicodeScalars[completion.replaceRange].count
            el_deletestr(editLine, Int32(removed))
            _ = el_insertstr(editLine, text)
            lastTab = currentTabState()
            return UInt8(CC_REFRESH)
        case .list(let items):
            lastTab = state
            writeToTerminal("\n" + CompletionListing.layout(items, width: terminalWidth()))
            return UInt8(CC_REDISPLAY)
        case .beep:
            lastTab = state
            return UInt8(CC_REFRESH_BEEP)
        }
    }

    /// The edit buffer and cursor as libedit holds them now.
    private func currentTabState() -> TabState? {
        guard let editLine, let info = el_wline(editLine) else { return nil }
        var line = String.UnicodeScalarView()
        var cursor = 0
        var pointer = info.pointee.buffer!
        while pointer < info.pointee.lastchar {
            if pointer == info.pointee.cursor { cursor = line.count }
            line.append(Unicode.Scalar(UInt32(bitPattern: pointer.pointee)) ?? "\u{FFFD}")
            pointer += 1
        }
        if info.pointee.cursor >= info.pointee.lastchar { cursor = line.count }
        return TabState(line: String(line), cursor: cursor)
    }

    /// The terminal changed size: libedit's buffers take the new width, on this thread (what
    /// libedit's own handler did inside the signal handler). What is on the screen stays as
    /// the terminal shows it; libedit redraws the line from the cursor it knows at the next key.
    func resizeEditor() {
        guard let editLine else { return }
        el_resize(editLine)
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(fileno(editorOutput), UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }
}
