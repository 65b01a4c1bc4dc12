import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTPCompression
import NIOPosix
import NIOSSL

// What went wrong below HTTP, told apart by the errors' types: a connection that can never be
// made (no such host, nothing listening, a certificate refused) ends the statement at once,
// while a timeout or a connection lost midway is tried again.
extension AsyncHTTPTransport {
    /// Maps the client's errors onto the few kinds the executor acts on.
    static func classify(_ error: any Error) -> any Error {
        if error is CancellationError || error is TransportError { return error }
        if Task.isCancelled { return CancellationError() }
        switch error {
        case let error as HTTPClientError:
            return classify(error)
        case let error as NIOConnectionError:
            return classify(error)
        case is SocketAddressError.UnknownHost:
            return TransportError.unreachable(Self.unknownHost)
        case let error as IOError:
            return classify(errno: error.errnoCode, error: error)
        case let error as ChannelError:
            if case .connectTimeout = error { return TransportError.timeout }
            return TransportError.connectionLost(String(describing: error))
        case let error as NIOSSLError:
            return classify(error)
        case let error as NIOSSLExtraError:
            // The certificate does not name the host: no retry will change that.
            return TransportError.unreachable("the server's TLS certificate was refused (\(error))")
        case let error as NIOHTTPDecompression.DecompressionError:
            // The decompressor refuses an answer that inflates past the client's size limit.
            if error == .limit { return TransportError.responseTooLarge(AsyncHTTPTransport.defaultMaxResponseBytes) }
            return TransportError.connectionLost("the compressed answer could not be inflated (\(error))")
        default:
            return TransportError.connectionLost(String(describing: error))
        }
    }

    static let unknownHost = "the host name could not be resolved"
    static let refused = "the connection was refused (nothing listens at that address)"

    private static func classify(_ error: HTTPClientError) -> any Error {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
             .getConnectionFromPoolTimeout:
            return TransportError.timeout
        case .cancelled:
            return CancellationError()
        case .invalidURL, .emptyHost, .emptyScheme:
            return TransportError.invalidRequest(String(describing: error))
        default:
            // remoteConnectionClosed, bodyLengthMismatch, uncleanShutdown, …: the connection
            // went away midway.
            return TransportError.connectionLost(String(describing: error))
        }
    }

    /// Every address of the host was tried (or none was found): why none answered.
    private static func classify(_ error: NIOConnectionError) -> any Error {
        if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
            return TransportError.unreachable(Self.unknownHost)
        }
        let errnos = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        if !errnos.isEmpty, errnos.count == error.connectionErrors.count, errnos.allSatisfy({ $0 == ECONNREFUSED }) {
            return TransportError.unreachable(Self.refused)
        }
        if error.connectionErrors.contains(where: { Self.isTimeout($0.error) }) { return TransportError.timeout }
        return TransportError.unreachable("no connection could be made to \(error.host):\(error.port) (\(error))")
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if case ChannelError.connectTimeout? = error as? ChannelError { return true }
        return (error as? IOError)?.errnoCode == ETIMEDOUT
    }

    /// A socket's failure by its errno: refused or unroutable cannot heal; reset, broken or
    /// timed out may.
    private static func classify(errno: CInt, error: IOError) -> any Error {
        switch errno {
        case ECONNREFUSED:
            return TransportError.unreachable(Self.refused)
        case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
            return TransportError.unreachable("no connection could be made (\(error))")
        case ETIMEDOUT:
            return TransportError.timeout
        default:
            // ECONNRESET, EPIPE, ECONNABORTED, …
            return TransportError.connectionLost(String(describing: error))
        }
    }

    /// A certificate or protocol the client refuses cannot heal; a TLS session cut short can.
    private static func classify(_ error: NIOSSLError) -> any Error {
        switch error {
        case .handshakeFailed(.sslError), .unableToValidateCertificate, .noCertificateToValidate, .cannotMatchULabel:
            return TransportError.unreachable("the TLS handshake with the server failed (\(error))")
        default:
            return TransportError.connectionLost(String(describing: error))
        }
    }
}
