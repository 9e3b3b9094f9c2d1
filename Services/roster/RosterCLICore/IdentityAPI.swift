import Foundation
import RosterModel

/// The identity-resolver as the `contacts` and `metadata` commands call it: the profile's token and
/// `ROSTER_IDENTITY_URL`.
struct IdentityAPI: Sendable {
    /// The client that carries the token.
    let client: APIClient
    /// The resolver's base URL.
    let baseURL: URL

    /// Reads the token and the resolver's URL from the profile; throws naming whichever setting is missing.
    static func load() throws -> IdentityAPI {
        let profile = try Profile.load()
        return IdentityAPI(
            client: APIClient(token: try profile.requireToken()), baseURL: try profile.url(of: .identityResolver))
    }

    /// The path of one contact, its id percent-encoded, followed by `suffix`: `/v1/contacts/ID/why`.
    static func contactPath(_ id: String, _ suffix: String = "") -> String {
        "/v1/contacts/" + Endpoint.encoded(id) + suffix
    }

    /// Sends a request to `path` with the query items and returns the 2xx answer's JSON; any other answer is
    /// thrown as the resolver's error.
    func call(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json body: Data? = nil
    ) async throws -> JSONValue {
        try await client.json(method, try Endpoint.url(baseURL, path: path, query: query), json: body)
    }
}
