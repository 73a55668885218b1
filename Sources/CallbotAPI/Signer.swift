// Request and reply signing (SPEC §1.1):
//   sign = HEX(DIGEST(secretKey&body=BODY&createTs=TS&requestID=RID&uuid=UUID)), uppercase.
// The body is the exact bytes sent; client and simulator both use this.
import Crypto
import Foundation

/// The digest named in the `algorithm` header (absent means MD5).
public enum SignAlgorithm: String, Sendable, CaseIterable {
    case md5 = "MD5"
    case sha256 = "SHA256"

    /// Accepts `md5`, `MD5`, `sha256`, `SHA-256`, ….
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "") {
        case "md5": self = .md5
        case "sha256": self = .sha256
        default: return nil
        }
    }
}

/// Computes Callbot signatures.
public enum Signer {
    /// The string that is hashed.
    public static func authRaw(
        body: [UInt8], createTs: String, requestID: String, uuid: String,
        secretKey: String
    ) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity(body.count + 128)
        raw.append(contentsOf: secretKey.utf8)
        raw.append(contentsOf: "&body=".utf8)
        raw.append(contentsOf: body)
        raw.append(contentsOf: "&createTs=".utf8)
        raw.append(contentsOf: createTs.utf8)
        raw.append(contentsOf: "&requestID=".utf8)
        raw.append(contentsOf: requestID.utf8)
        raw.append(contentsOf: "&uuid=".utf8)
        raw.append(contentsOf: uuid.utf8)
        return raw
    }

    /// The uppercase hex signature.
    public static func sign(
        body: [UInt8], createTs: String, requestID: String, uuid: String,
        secretKey: String, algorithm: SignAlgorithm
    ) -> String {
        let raw = authRaw(body: body, createTs: createTs, requestID: requestID, uuid: uuid, secretKey: secretKey)
        switch algorithm {
        case .md5: return hex(Insecure.MD5.hash(data: raw))
        case .sha256: return hex(SHA256.hash(data: raw))
        }
    }

    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Constant-time comparison of two signatures (case-insensitive hex).
    public static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.uppercased().utf8), y = Array(b.uppercased().utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for k in 0..<x.count { diff |= x[k] ^ y[k] }
        return diff == 0
    }
}
