import CEditLine
import Foundation

/// Bracketed paste: the terminal wraps pasted text in `ESC[200~` … `ESC[201~`. The block goes
/// into the line whole, newlines included, so that the REPL reads it as a script chunk (a line
/// that starts with `|` goes on) instead of running each line as it arrives. A block that ends
/// in a newline runs at once, as typed lines would.
extension LineEditor {
    static let pasteEnd: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]

    func takePaste() -> UInt8 {
        var scalars: [Unicode.Scalar] = []
        while true {
            var key: wchar_t = 0
            guard ce_getc(editLine, &key) == 1 else { return UInt8(CC_EOF) }  // Ctrl-C
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: key)) else { continue }
            scalars.append(scalar == "\r" ? "\n" : scalar)
            if scalars.count >= Self.pasteEnd.count, Array(scalars.suffix(Self.pasteEnd.count)) == Self.pasteEnd {
                scalars.removeLast(Self.pasteEnd.count)
                break
            }
        }
        var text = String(String.UnicodeScalarView(scalars))
        let runs = text.hasSuffix("\n")
        if runs { text.removeLast() }
        el_insertstr(editLine, text)
        return runs ? acceptLine() : UInt8(CC_REFRESH)
    }
}
