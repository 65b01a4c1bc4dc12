/// nkq's version, shown by `nkq --version` and the REPL's banner.
public enum NKQVersion {
    public static let current = "0.1.0"
}
