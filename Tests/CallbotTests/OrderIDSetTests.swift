// OrderIDSet (the pager's compact de-duplication set) against Swift's Set<String>
// on random ids: ASCII and not, empty, prefixes of one another, enough to grow
// the table many times.
import CallbotAPI
import Testing

@Suite struct OrderIDSetTests {
    @Test func agreesWithSetOfStrings() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab01-") + ["é", "呼", "🙂"]
        var compact = OrderIDSet()
        var reference = Set<String>()
        for _ in 0..<60_000 {
            let length = Int.random(in: 0...7, using: &rng)
            let id = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            let added = compact.insert(id), expected = reference.insert(id).inserted
            #expect(added == expected, "\(id)")
        }
        #expect(compact.count == reference.count)
        for id in reference {
            let added = compact.insert(id)
            #expect(!added, "\(id)")
        }
    }

    @Test func realisticIdsAreAllDistinctOnce() {
        var set = OrderIDSet()
        var fresh = 0
        for n in 0..<100_000 where set.insert("task-\(n)-\(String(n * 7919, radix: 16))") { fresh += 1 }
        #expect(fresh == 100_000)
        let again = [
            set.insert("task-0-0"), set.insert("task-99999-\(String(99_999 * 7919, radix: 16))"),
            set.insert("task-100000")
        ]
        #expect(again == [false, false, true])
        #expect(set.count == 100_001)
    }
}
