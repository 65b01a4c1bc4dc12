/// Percent-encoding for query strings and form bodies.
enum URLEncoding {
    /// Encodes everything but RFC 3986 unreserved characters and `extra` (e.g. `,` in query
    /// values, which keeps `suppliers=10001,10002` readable in explain and cache keys).
    static func encode(_ text: String, keeping extra: Set<UInt8> = []) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || extra.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }

    /// `application/x-www-form-urlencoded` body from ordered pairs.
    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// `base + path + ?query`, values encoded with `,` kept.
    static func url(base: String, path: String, query: [QueryItem]) -> String {
        let slash = path.hasPrefix("/") || path.isEmpty ? "" : "/"
        guard !query.isEmpty else { return base + slash + path }
        let comma: Set<UInt8> = [UInt8(ascii: ",")]
        let text = query.map { encode($0.name) + "=" + encode($0.value, keeping: comma) }.joined(separator: "&")
        return base + slash + path + "?" + text
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10))
    }
}
