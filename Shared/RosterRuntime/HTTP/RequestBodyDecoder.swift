import Hummingbird
import RosterModel

/// Decodes request bodies with the wire codec, so that a bad body answers 400 in the one error shape naming the
/// field and the reason (`type is required`), as a bad topic payload is dead-lettered with them.
public struct RequestBodyDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: some RequestContext
    ) async throws -> T {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try Self.decode(type, from: Array(body.readableBytesView))
    }

    /// The body's value, or a `RosterError` whose detail names the field at fault.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try WireCodec.decode(type, from: bytes)
        } catch let error as WireError {
            throw RosterError.invalid(
                "the request body is not valid: \(error.description)",
                details: [ErrorDetail(field: error.field.isEmpty ? nil : error.field, reason: error.reason)])
        }
    }
}
