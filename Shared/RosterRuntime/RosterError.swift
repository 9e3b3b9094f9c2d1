import Foundation
import HTTPTypes
import Hummingbird
import RosterModel

/// The one error type of the runtime and the workers: a code, a message naming what is at fault,
/// optional per-row details, an HTTP status, and whether retrying may succeed.
public struct RosterError: Error, CustomStringConvertible, Sendable, HTTPResponseError {
    /// A stable machine-readable code (`invalid_event`, `not_found`, ...).
    public let code: String
    /// A sentence naming the row, field or value at fault.
    public let message: String
    /// Per-row or per-field problems.
    public let details: [Detail]
    /// The HTTP status this error answers with.
    public let status: HTTPResponse.Status
    /// Whether the same operation may succeed later (a busy database, a broker not reachable).
    public let isRetriable: Bool
    private let location: String

    public init(
        code: String, message: String, details: [Detail] = [], status: HTTPResponse.Status = .badRequest,
        isRetriable: Bool = false, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.status = status
        self.isRetriable = isRetriable
        self.location = "\(file):\(line)"
    }

    /// One problem: which row, field and value, and why (the wire shape both sides share).
    public typealias Detail = ErrorDetail

    public var description: String { "RosterError.\(code): \(message) (\(location))" }

    /// The JSON every HTTP error answers with.
    public struct Body: Codable, Sendable {
        public struct Content: Codable, Sendable {
            public var code: String
            public var message: String
            public var details: [Detail]
        }
        public var error: Content
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, details: details))
        let bytes = try JSONEncoder().encode(body)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    public static func unauthorized(_ message: String) -> RosterError {
        RosterError(code: "unauthorized", message: message, status: .unauthorized)
    }

    public static func forbidden(_ message: String) -> RosterError {
        RosterError(code: "forbidden", message: message, status: .forbidden)
    }

    public static func notFound(_ message: String) -> RosterError {
        RosterError(code: "not_found", message: message, status: .notFound)
    }

    public static func invalid(_ message: String, details: [Detail] = []) -> RosterError {
        RosterError(code: "invalid_request", message: message, details: details, status: .badRequest)
    }

    public static func startup(_ message: String) -> RosterError {
        RosterError(code: "startup_failed", message: message, status: .internalServerError)
    }
}
