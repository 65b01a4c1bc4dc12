/// How many terminal columns text takes, and cutting and padding by that measure.
///
/// Rules: SGR/CSI escape sequences count 0; East Asian wide and fullwidth characters and emoji
/// count 2; combining marks, format characters (ZWJ, variation selectors) and controls count 0;
/// everything else (including æøå) counts 1. Widths are per grapheme cluster, so an emoji
/// ZWJ sequence or a flag counts 2 once.
public enum TextWidth {
    public static func visibleWidth(_ text: String) -> Int {
        if let ascii = asciiWidth(text) { return ascii }
        var width = 0
        forEachVisibleCharacter(in: text) { _, w in width += w }
        return width
    }

    /// The text cut to at most `width` columns, ending in `ellipsis` when something was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        if visibleWidth(text) <= width { return text }
        let room = width - visibleWidth(ellipsis)
        guard room >= 0 else { return String(ellipsis.prefix(max(width, 0))) }
        var out = ""
        var used = 0
        var done = false
        forEachVisibleCharacter(in: text) { character, w in
            if done { return }
            if used + w > room {
                done = true
                return
            }
            used += w
            out.append(character)
        }
        return out + ellipsis
    }

    /// Splits text into pieces of at most `width` columns (a wide character never straddles).
    public static func wrap(_ text: String, to width: Int) -> [String] {
        let width = max(width, 2)
        var lines: [String] = []
        var line = ""
        var used = 0
        forEachVisibleCharacter(in: text) { character, w in
            if used + w > width {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(character)
            used += w
        }
        lines.append(line)
        return lines
    }

    /// The text padded with spaces to `width` columns, on the right or (for numbers) the left.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let missing = width - visibleWidth(text)
        guard missing > 0 else { return text }
        let spaces = String(repeating: " ", count: missing)
        return alignRight ? spaces + text : text + spaces
    }

    /// Width of one grapheme cluster.
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return width(of: first) }
        // An emoji sequence (ZWJ, flag, keycap, presentation selector) shows as one wide glyph.
        for scalar in scalars {
            if scalar.value == 0xFE0F || scalar.value == 0x200D || scalar.properties.isEmojiPresentation {
                if first.properties.isEmoji || scalar.properties.isEmojiPresentation { return 2 }
            }
        }
        // Base character plus combining marks: the base decides.
        var total = 0
        for scalar in scalars {
            total = max(total, width(of: scalar))
        }
        return total
    }

    /// Width of one scalar on its own.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges outside the emoji blocks (Unicode 15).
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3,
        0x2F00...0x2FD5, 0x2FF0...0x2FFF, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF,
        0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3, 0x31EF...0x321E, 0x3220...0x3247,
        0x3250...0x4DBF, 0x4E00...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B,
        0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132,
        0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Width when the text is plain printable ASCII, else nil.
    private static func asciiWidth(_ text: String) -> Int? {
        var count = 0
        for b in text.utf8 {
            if b >= 0x7F || b < 0x20 { return nil }
            count += 1
        }
        return count
    }

    /// Calls `body` for each grapheme with its width, skipping escape sequences.
    private static func forEachVisibleCharacter(in text: String, _ body: (Character, Int) -> Void) {
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\u{1B}" {
                skipEscape(&iterator)
                continue
            }
            body(character, width(of: character))
        }
    }

    /// Skips the rest of an escape sequence: CSI (`ESC [ … final`) or a two-character one.
    private static func skipEscape(_ iterator: inout String.Iterator) {
        guard let next = iterator.next() else { return }
        guard next == "[" else { return }
        while let c = iterator.next() {
            guard let ascii = c.asciiValue else { return }
            if (0x40...0x7E).contains(ascii) { return }
        }
    }
}
