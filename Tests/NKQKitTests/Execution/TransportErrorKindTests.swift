import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTPCompression
import NIOSSL
import Testing
@testable import NKQKit

/// The client's errors, told apart by type: what cannot heal ends a statement at once, what may
/// heal is tried again. (Real refused ports, unknown hosts, resets, timeouts and compression
/// bombs are in HostileServerTests; these are the kinds no loopback server can produce.)
@Suite struct TransportErrorKindTests {
    enum Kind: Sendable, Equatable {
        case timeout, lost, unreachable, invalid, tooLarge

        init?(_ error: any Error) {
            switch error as? TransportError {
            case .timeout?: self = .timeout
            case .connectionLost?: self = .lost
            case .unreachable?: self = .unreachable
            case .invalidRequest?: self = .invalid
            case .responseTooLarge?: self = .tooLarge
            case .redirectRefused?, nil: return nil
            }
        }
    }

    static let cases: [(String, any Error & Sendable, Kind)] = [
        ("reset", IOError(errnoCode: ECONNRESET, reason: "read"), .lost),
        ("broken pipe", IOError(errnoCode: EPIPE, reason: "write"), .lost),
        ("refused", IOError(errnoCode: ECONNREFUSED, reason: "connect"), .unreachable),
        ("no route", IOError(errnoCode: EHOSTUNREACH, reason: "connect"), .unreachable),
        ("socket timeout", IOError(errnoCode: ETIMEDOUT, reason: "read"), .timeout),
        ("connect timeout", ChannelError.connectTimeout(.seconds(10)), .timeout),
        ("closed channel", ChannelError.ioOnClosedChannel, .lost),
        ("eof", ChannelError.eof, .lost),
        ("closed by the server", HTTPClientError.remoteConnectionClosed, .lost),
        ("read timeout", HTTPClientError.readTimeout, .timeout),
        ("deadline", HTTPClientError.deadlineExceeded, .timeout),
        ("tls handshake timeout", HTTPClientError.tlsHandshakeTimeout, .timeout),
        ("bad url", HTTPClientError.invalidURL, .invalid),
        ("tls cut short", NIOSSLError.uncleanShutdown, .lost),
        ("certificate refused", NIOSSLError.unableToValidateCertificate, .unreachable),
        ("decompression bomb", NIOHTTPDecompression.DecompressionError.limit, .tooLarge),
        ("corrupt gzip", NIOHTTPDecompression.DecompressionError.inflationError(-3), .lost),
    ]

    @Test(arguments: cases.indices)
    func eachErrorHasItsKind(index: Int) {
        let (name, error, expected) = Self.cases[index]
        let classified = AsyncHTTPTransport.classify(error)
        #expect(Kind(classified) == expected, "\(name): \(classified)")
        let retried = (classified as? TransportError)?.isRetryable
        #expect(retried == (expected == .timeout || expected == .lost), "\(name)")
    }

    @Test func cancellationStaysCancellation() {
        #expect(AsyncHTTPTransport.classify(HTTPClientError.cancelled) is CancellationError)
        #expect(AsyncHTTPTransport.classify(CancellationError()) is CancellationError)
    }
}
