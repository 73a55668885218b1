// Where `into` writes and what it says: an extension callq does not write is an
// error naming the formats unless `format` says which (issue 26 item 10), and
// `~/` in `into` and `from file` is the home directory (item 13).
import Foundation
import Testing

@Suite struct ExportPathCLITests {
    @Test func anUnwrittenExtensionIsAnErrorUnlessFormatSaysWhich() throws {
        let dir = NSTemporaryDirectory() + "callq-xlsx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try callq(["--demo", "-c", "orders limit 3 into '\(dir)/x.xlsx'"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: callq does not write `.xlsx` files"))
        #expect(r.stderr.contains("hint: name a .csv, .tsv, .json, .ndjson, .md or .txt file"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.xlsx"))
        let check = try callq(["--task", "T", "--check", try writeTemp("e.cq", "orders into 'x.xlsx'\n")])
        #expect(check.status == 2)
        #expect(check.stderr.contains("1:13: error: callq does not write `.xlsx` files"))
        let csv = try callq(["--demo", "-c", "orders select id limit 2 format csv into '\(dir)/x.xlsx'"])
        #expect(csv.status == 0)
        let text = try String(contentsOfFile: dir + "/x.xlsx", encoding: .utf8)
        #expect(text.hasPrefix("id\r\n") || text.hasPrefix("id\n"))
        // No extension stays the setting's format (or NDJSON).
        let plain = try callq(["--demo", "-c", "orders limit 1 into '\(dir)/out'"])
        #expect(plain.status == 0)
        #expect(try String(contentsOfFile: dir + "/out", encoding: .utf8).hasPrefix("{"))
    }

    @Test func aTildeIsTheHomeDirectory() throws {
        let home = NSTemporaryDirectory() + "callq-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let w = try callq(["--demo", "-c", "orders where duration > 800 into '~/slow.ndjson'"], home: home)
        #expect(w.status == 0)
        #expect(FileManager.default.fileExists(atPath: home + "/slow.ndjson"))
        let r = try callq(["--demo", "-c", "orders from file '~/slow.ndjson' count"], home: home)
        #expect(r.status == 0)
        #expect(r.stdout == "{\"count\":5}\n")
    }
}
