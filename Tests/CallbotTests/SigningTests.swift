// Signing reproduces the vendor's known-answer vectors (both algorithms), and
// SignedHeaders signs, reads and verifies the five headers consistently.

import CallbotAPI
import CallqJSON
import Foundation
import Testing

struct SigningTests {
    /// The vector files: the shared one beside the repository (when present) and the fixture copy.
    static func vectorFiles() -> [URL] {
        var urls: [URL] = []
        if let fixture = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/sign.json") { urls.append(fixture) }
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let shared = repoRoot.appendingPathComponent("../shared/vectors/sign.json").standardizedFileURL
        if FileManager.default.fileExists(atPath: shared.path) { urls.append(shared) }
        return urls
    }

    @Test func fixtureIsPresent() {
        #expect(Self.vectorFiles().contains { FileManager.default.fileExists(atPath: $0.path) })
    }

    @Test(arguments: vectorFiles())
    func vendorVectors(file: URL) throws {
        let vector = try JSONParser.parse(Array(try Data(contentsOf: file)))
        let body = Array(try #require(vector["body"]?.stringValue).utf8)
        let args = (
            createTs: try #require(vector["createTs"]?.stringValue),
            requestID: try #require(vector["requestID"]?.stringValue),
            uuid: try #require(vector["uuid"]?.stringValue),
            secret: try #require(vector["secretKey"]?.stringValue)
        )
        for algorithm in [SignAlgorithm.md5, .sha256] {
            let expected = try #require(vector[algorithm.rawValue]?.stringValue)
            let sign = Signer.sign(
                body: body, createTs: args.createTs, requestID: args.requestID,
                uuid: args.uuid, secretKey: args.secret, algorithm: algorithm)
            #expect(sign == expected, "\(algorithm.rawValue)")
            let headers = SignedHeaders(
                requestID: args.requestID, uuid: args.uuid, createTs: args.createTs,
                sign: expected.lowercased(), algorithm: algorithm)
            #expect(headers.verifies(body: body, secretKey: args.secret))
            #expect(!headers.verifies(body: body + [0x20], secretKey: args.secret))
            #expect(!headers.verifies(body: body, secretKey: args.secret + "x"))
        }
    }

    @Test func headersRoundTrip() throws {
        let creds = Credentials(uuid: "u-1", secretKey: "s3cr3t", algorithm: .sha256)
        let body = Array(#"{"data":"x"}"#.utf8)
        let made = SignedHeaders.make(body: body, credentials: creds, requestID: "r1", createTs: "1700000000")
        let dict = Dictionary(uniqueKeysWithValues: made.fields.map { ($0.name.lowercased(), $0.value) })
        let read = try #require(try SignedHeaders.read { dict[$0.lowercased()] })
        #expect(read == made)
        #expect(read.verifies(body: body, secretKey: "s3cr3t"))
        let none = try SignedHeaders.read { _ in nil }
        #expect(none == nil)
        #expect(throws: SignedHeaders.Problem.incomplete) { try SignedHeaders.read { $0 == "sign" ? "AB" : nil } }
    }

    @Test func missingAlgorithmMeansMD5() throws {
        let read = try #require(try SignedHeaders.read { ["sign": "X", "requestID": "r", "uuid": "u", "createTs": "1"][$0] })
        #expect(read.algorithm == .md5)
    }
}
