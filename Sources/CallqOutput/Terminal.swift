// Facts about the terminal the output goes to: whether a descriptor is a
// terminal (table vs ndjson by default, progress on or off) and how wide
// it is (the table fits itself to that width).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Terminal queries used to pick defaults for output.
public enum Terminal {
    /// Whether `fileDescriptor` is a terminal (`isatty`).
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// The width in cells of the terminal on `fileDescriptor`, else `$COLUMNS`, else nil.
    public static func width(_ fileDescriptor: Int32 = 1) -> Int? {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 {
            return columns
        }
        return nil
    }

    /// The height in rows of the terminal on `fileDescriptor`, else `$LINES`, else nil.
    public static func height(_ fileDescriptor: Int32 = 1) -> Int? {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 {
            return Int(size.ws_row)
        }
        if let lines = getenv("LINES").flatMap({ Int(String(cString: $0)) }), lines > 0 { return lines }
        return nil
    }
}
