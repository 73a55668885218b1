// `--secret-key-file PATH`: the secret key from the first line of a file, or of
// standard input for `-` (read byte by byte, so statements that follow on stdin
// are left for the script). Unlike `--secret-key KEY`, nothing shows in `ps`.
import Foundation

/// Reads a secret key given by file.
enum SecretKeyFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The first line of `path` (`-`: of stdin), without its line end and surrounding spaces.
    static func read(_ path: String) throws -> String {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Problem(description: "cannot read the secret key file \(path): \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 65_536 {
            let n = Foundation.read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 || byte == 0x0A { break }
            bytes.append(byte)
        }
        let key = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if key.isEmpty {
            throw Problem(description: "the secret key file \(path == "-" ? "(stdin)" : path) holds no key on its first line")
        }
        return key
    }
}
