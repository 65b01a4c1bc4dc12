import Foundation

enum Golden {
    /// The expected text with CRLF line ends (csv records), written with LF in the test source;
    /// a bare LF inside a quoted field is written `\u{2424}` (␤) in the source.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "\u{2424}", with: "\n")
    }
}
