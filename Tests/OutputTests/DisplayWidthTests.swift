// Display width: the cells a terminal gives to ASCII, CJK, emoji sequences,
// combining marks and joiners, and cutting text to a width with `…`.
import Testing

@testable import CallqOutput

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("", 0), ("张伟", 4), ("田中 太郎", 9), ("한국어", 6),
        ("ｆｕｌｌ", 8), ("😀", 2), ("🎉x", 3), ("👩‍👩‍👧", 2), ("🇮🇩", 2),
        ("❤️", 2), ("❤", 1), ("#️⃣", 2), ("e\u{301}", 1), ("Rene\u{301}", 4),
        ("a\u{200B}b", 2), ("\u{200D}", 0), ("Zoë", 3), ("…", 1), ("カタカナ", 8)
    ])
    func width(_ text: String, _ cells: Int) {
        #expect(DisplayWidth.of(text) == cells, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func fastPathAgreesWithGraphemes() {
        let samples = [
            "abc def", "张伟 and 田中", "Zoë", "한국어 text", "ｆｕｌｌ", "カタカナ", "ひらがな",
            "e\u{301}", "が", "か\u{3099}", "😀", "©", "1️⃣", "tab\there", "ÀÉÎ", "Ωμέγα", "שלום"
        ]
        for s in samples {
            let slow = s.reduce(0) { $0 + DisplayWidth.of($1) }
            #expect(DisplayWidth.of(s) == slow, "\(s)")
        }
        #expect(DisplayWidth.simpleWidth("张伟 ok") == 7)
        #expect(DisplayWidth.simpleWidth("e\u{301}") == nil)
    }

    @Test func scalars() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)  // combining acute
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E2D)!) == 2)  // 中
        #expect(DisplayWidth.of(Unicode.Scalar(0x41)!) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0A)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0xFE0F)!) == 0)
    }

    @Test(arguments: [
        ("hello world", 5, "hell…"), ("hello", 5, "hello"), ("张伟张伟", 5, "张伟…"),
        ("a张伟", 4, "a张…"), ("张伟", 3, "张…"), ("张x", 2, " …"), ("abc", 1, "…"),
        ("abc", 0, ""), ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"), ("👩‍👩‍👧👩‍👩‍👧", 3, "👩‍👩‍👧…")
    ])
    func truncate(_ text: String, _ width: Int, _ expected: String) {
        let cut = DisplayWidth.truncate(text, to: width)
        #expect(cut == expected)
        #expect(DisplayWidth.of(cut) <= max(width, 0))
    }
}
