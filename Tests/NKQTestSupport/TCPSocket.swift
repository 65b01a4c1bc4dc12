#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new IPv4 TCP socket, or -1. Glibc declares `SOCK_STREAM` as an enum case, Darwin as an
/// `Int32`.
public func makeTCPSocket() -> Int32 {
    #if canImport(Glibc)
    socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    socket(AF_INET, SOCK_STREAM, 0)
    #endif
}
