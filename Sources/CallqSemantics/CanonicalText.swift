// Text compared by canonical equivalence (SPEC §3.3, issue #12): `José` with a
// precomposed `é` and with `e` + U+0301 are the same name. `=` and `in` get this
// from Swift's String equality; `like` and `~` work on scalars, so both the
// pattern and the value are brought to NFC first. ASCII text is already NFC
// and skips the work.
import Foundation

enum CanonicalText {
    /// `text` in Unicode Normalization Form C.
    @inline(__always)
    static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}
