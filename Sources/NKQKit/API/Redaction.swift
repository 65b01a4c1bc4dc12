extension String {
    /// This text with every occurrence of each secret replaced, for error text that quotes a
    /// server's words (a server could echo what it was sent).
    func redacting(_ secrets: [String]) -> String {
        var text = self
        for secret in secrets where secret.count >= 4 {
            // Also as a form or query would carry it.
            for form in Set([secret, URLEncoding.encode(secret)]) {
                text = text.replacing(form, with: "<redacted>")
            }
        }
        return text
    }
}
