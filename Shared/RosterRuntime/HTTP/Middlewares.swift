import Hummingbird
import Logging

/// Resolves `Authorization: Bearer <token>` to a tenant and role; 401 without a known token.
public struct BearerAuthMiddleware: RouterMiddleware {
    public typealias Context = RosterRequestContext
    let tokens: TokenTable

    public init(tokens: TokenTable) { self.tokens = tokens }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw RosterError.unauthorized("missing 'Authorization: Bearer <token>' header")
        }
        guard let principal = tokens.principal(for: String(header.dropFirst("Bearer ".count))) else {
            throw RosterError.unauthorized("unknown token")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}

/// Renders every error in the one JSON shape, including the framework's own (bad JSON, unknown route).
public struct ErrorShapeMiddleware: RouterMiddleware {
    public typealias Context = RosterRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RosterError {
            throw error
        } catch let error as HTTPError {
            throw RosterError(
                code: error.status.code == 404 ? "not_found" : "bad_request",
                message: error.body ?? error.status.reasonPhrase, status: error.status)
        } catch let error as DecodingError {
            throw RosterError.invalid("the request body is not valid: \(error)")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw RosterError(code: "internal", message: "internal error", status: .internalServerError)
        }
    }
}
