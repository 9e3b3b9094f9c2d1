import Foundation
import Hummingbird

/// The request context of every worker API: who is calling, and snake_case JSON both ways.
public struct RosterRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthMiddleware` on authenticated routes.
    public var principal: Principal?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    public var requestDecoder: RequestBodyDecoder { RequestBodyDecoder() }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The caller; throws 401 when the route was not authenticated.
    public func caller() throws -> Principal {
        guard let principal else { throw RosterError.unauthorized("a bearer token is required") }
        return principal
    }

    /// The caller, who must be allowed to write; throws 403 for a read-only token.
    public func writer() throws -> Principal {
        let principal = try caller()
        guard principal.role == .admin else {
            throw RosterError.forbidden("this token is read-only; writes need an admin token")
        }
        return principal
    }
}
