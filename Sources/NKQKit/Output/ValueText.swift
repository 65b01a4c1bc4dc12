/// Turning JSON values into text for the text-based formats.
enum ValueText {
    /// The field text for csv, tsv and markdown: nil for null, strings as they are, nested values
    /// as compact JSON.
    static func plain(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        return switch value {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.text
        case .string(let s): s
        case .array, .object: value.jsonText()
        }
    }

    /// Control characters made visible, so data can never move the cursor or recolour the
    /// terminal: Unicode control pictures (`␊`), or caret notation (`^J`) in ASCII mode.
    static func sanitize(_ text: String, ascii: Bool) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                if ascii {
                    out.append("^")
                    out.append(Unicode.Scalar(UInt8(v == 0x7F ? 0x3F : v + 0x40)))
                } else {
                    out.append(Unicode.Scalar(v == 0x7F ? 0x2421 : 0x2400 + v)!)
                }
            } else if (0x80...0x9F).contains(v) {
                // C1 controls (e.g. CSI U+009B) have no pictures; show them as escapes.
                for s in "\\u{\(String(v, radix: 16))}".unicodeScalars { out.append(s) }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A one-glance summary of a nested value: `[12 conditions]`, `[1 item]`, `[]`,
    /// `{value: 120.5, currency: "NOK"}`, `{value: 120.5, …}`, `{}`.
    static func summary(_ value: JSONValue, field: String, ascii: Bool, budget: Int = 32) -> String {
        switch value {
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\(items.count) \(noun(for: field, count: items.count))]"
        case .object(let object):
            if object.isEmpty { return "{}" }
            let ellipsis = ascii ? "..." : "…"
            var parts: [String] = []
            var used = 2
            for (i, (key, inner)) in object.enumerated() {
                let part = "\(key): \(preview(inner, ascii: ascii))"
                let partWidth = TextWidth.visibleWidth(part) + (i > 0 ? 2 : 0)
                if i > 0, used + partWidth > budget { break }
                parts.append(part)
                used += partWidth
            }
            if parts.count < object.count { parts.append(ellipsis) }
            return sanitize("{" + parts.joined(separator: ", ") + "}", ascii: ascii)
        default:
            return sanitize(value.jsonText(), ascii: ascii)
        }
    }

    /// A value inside an object summary: scalars as JSON, containers as `[3]` / `{…}`.
    private static func preview(_ value: JSONValue, ascii: Bool) -> String {
        switch value {
        case .array(let items): return items.isEmpty ? "[]" : "[\(items.count)]"
        case .object(let o): return o.isEmpty ? "{}" : (ascii ? "{...}" : "{…}")
        case .string(let s) where TextWidth.visibleWidth(s) > 20:
            return "\"" + TextWidth.truncate(s, to: 20, ellipsis: ascii ? "..." : "…") + "\""
        default: return value.jsonText()
        }
    }

    /// What the items of an array field are called: the field's own plural name when it looks
    /// like one (`conditions` → `condition`/`conditions`), else `item`/`items`.
    static func noun(for field: String, count: Int) -> String {
        let name = field.split(separator: ".").last.map(String.init) ?? field
        let looksPlural = name.count > 2 && name.hasSuffix("s") && !name.hasSuffix("ss")
            && name.allSatisfy { $0.isLetter }
        guard looksPlural else { return count == 1 ? "item" : "items" }
        if count != 1 { return name }
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") || name.hasSuffix("xes") || name.hasSuffix("ches") || name.hasSuffix("shes") {
            return String(name.dropLast(2))
        }
        return String(name.dropLast())
    }
}
